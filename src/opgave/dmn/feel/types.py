"""FEEL types: ``parse_type("list<context<name: string>>")`` and conformance of values and types.

``conforms(value)`` follows ``instance of``: ``null`` conforms only to ``Null``
(``null instance of Any`` is false). Inside lists, contexts and ranges a null
member is accepted, since null is a valid value of every type. DMN type
checks, where null is always allowed, use :meth:`FeelType.accepts`.

``is_subtype_of`` is the spec's *conforms to* relation between types (§10.3.2.9.1):
every type conforms to ``Any``, ``Null`` to every type, lists/ranges covariantly,
contexts by entries (width and depth), functions contravariant in the parameters
and covariant in the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import FeelSyntaxError
from .lexer import Kind, Token, tokenize
from .values import FeelFunction, Range, type_name

#: Names of the built-in types; multi-word names are matched before single words.
PRIMITIVE_TYPES = (
    "days and time duration",
    "years and months duration",
    "date and time",
    "number",
    "string",
    "boolean",
    "date",
    "time",
)

_ALIASES = {
    "dateTime": "date and time",
    "dayTimeDuration": "days and time duration",
    "yearMonthDuration": "years and months duration",
    "decimal": "number",
    "integer": "number",
    "double": "number",
}


#: Maps a type name FEEL does not define (an item definition) to an object with a
#: ``conforms(value) -> bool`` method (a :class:`FeelType` or the DMN layer's own type), or None.
TypeResolver = Callable[[str], Any]


class FeelType:
    """A FEEL type; subclasses implement :meth:`conforms` and :meth:`is_subtype_of`."""

    def conforms(self, value: Any) -> bool:
        raise NotImplementedError

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is a valid value of this type (null always is)."""
        return value is None or self.conforms(value)

    def is_subtype_of(self, other: FeelType) -> bool:
        raise NotImplementedError

    def equivalent(self, other: FeelType) -> bool:
        return self.is_subtype_of(other) and other.is_subtype_of(self)


@dataclass(frozen=True, slots=True)
class AnyType(FeelType):
    def conforms(self, value: Any) -> bool:
        return value is not None

    def is_subtype_of(self, other: FeelType) -> bool:
        return isinstance(other, AnyType)

    def __str__(self) -> str:
        return "Any"


@dataclass(frozen=True, slots=True)
class NullType(FeelType):
    def conforms(self, value: Any) -> bool:
        return value is None

    def is_subtype_of(self, other: FeelType) -> bool:
        return True

    def __str__(self) -> str:
        return "Null"


@dataclass(frozen=True, slots=True)
class PrimitiveType(FeelType):
    """number, string, boolean, the temporal types; also bare list/context/range/function."""

    name: str

    def conforms(self, value: Any) -> bool:
        return value is not None and type_name(value) == self.name

    def is_subtype_of(self, other: FeelType) -> bool:
        if isinstance(other, AnyType):
            return True
        return isinstance(other, PrimitiveType) and other.name == self.name

    def __str__(self) -> str:
        return self.name


def _member(item_type: FeelType, value: Any) -> bool:
    return value is None or item_type.conforms(value)


@dataclass(frozen=True, slots=True)
class ListType(FeelType):
    item: FeelType

    def conforms(self, value: Any) -> bool:
        return isinstance(value, list) and all(_member(self.item, v) for v in value)

    def is_subtype_of(self, other: FeelType) -> bool:
        if isinstance(other, AnyType) or other == PrimitiveType("list"):
            return True
        return isinstance(other, ListType) and self.item.is_subtype_of(other.item)

    def __str__(self) -> str:
        return f"list<{self.item}>"


@dataclass(frozen=True, slots=True)
class RangeType(FeelType):
    item: FeelType

    def conforms(self, value: Any) -> bool:
        return isinstance(value, Range) and _member(self.item, value.start) and _member(self.item, value.end)

    def is_subtype_of(self, other: FeelType) -> bool:
        if isinstance(other, AnyType) or other == PrimitiveType("range"):
            return True
        return isinstance(other, RangeType) and self.item.is_subtype_of(other.item)

    def __str__(self) -> str:
        return f"range<{self.item}>"


@dataclass(frozen=True, slots=True)
class ContextType(FeelType):
    entries: tuple[tuple[str, FeelType], ...]

    def conforms(self, value: Any) -> bool:
        if not isinstance(value, dict):
            return False
        return all(key in value and _member(t, value[key]) for key, t in self.entries)

    def is_subtype_of(self, other: FeelType) -> bool:
        if isinstance(other, AnyType) or other == PrimitiveType("context"):
            return True
        if not isinstance(other, ContextType):
            return False
        mine = dict(self.entries)
        return all(key in mine and mine[key].is_subtype_of(t) for key, t in other.entries)

    def __str__(self) -> str:
        inner = ", ".join(f"{key}: {t}" for key, t in self.entries)
        return f"context<{inner}>"


@dataclass(frozen=True, slots=True)
class FunctionType(FeelType):
    params: tuple[FeelType, ...]
    result: FeelType

    def conforms(self, value: Any) -> bool:
        if not isinstance(value, FeelFunction):
            return False
        declared = function_type_of(value)
        return declared is not None and declared.is_subtype_of(self)

    def is_subtype_of(self, other: FeelType) -> bool:
        if isinstance(other, AnyType) or other == PrimitiveType("function"):
            return True
        if not isinstance(other, FunctionType) or len(other.params) != len(self.params):
            return False
        return all(o.is_subtype_of(p) for p, o in zip(self.params, other.params, strict=True)) and (
            self.result.is_subtype_of(other.result)
        )

    def __str__(self) -> str:
        return f"function<{', '.join(str(p) for p in self.params)}> -> {self.result}"


@dataclass(frozen=True, slots=True)
class NamedType(FeelType):
    """A type FEEL does not define itself (an item definition); resolved through ``resolve``."""

    name: str
    resolve: TypeResolver | None = None

    def _target(self) -> Any:
        return self.resolve(self.name) if self.resolve is not None else None

    def conforms(self, value: Any) -> bool:
        target = self._target()
        return target is not None and bool(target.conforms(value))

    def is_subtype_of(self, other: FeelType) -> bool:
        if isinstance(other, AnyType) or (isinstance(other, NamedType) and other.name == self.name):
            return True
        target = self._target()
        return isinstance(target, FeelType) and target.is_subtype_of(other)

    def __str__(self) -> str:
        return self.name


ANY = AnyType()


def function_type_of(function: FeelFunction) -> FunctionType | None:
    """The declared type of a function value; undeclared parameters and result are ``Any``."""
    declared = getattr(function, "feel_type", None)
    if isinstance(declared, FunctionType):
        return declared
    if function.variadic:
        return None
    return FunctionType(tuple(ANY for _ in function.params), ANY)


def parse_type(text: str, resolve: TypeResolver | None = None) -> FeelType:
    """Parse FEEL type syntax; raises :class:`FeelSyntaxError` naming the position."""
    tokens = tokenize(text)
    parsed, index = parse_type_tokens(text, tokens, 0, resolve)
    if tokens[index].kind is not Kind.EOF:
        raise FeelSyntaxError(f"unexpected {tokens[index].text!r} after type", text, tokens[index].start)
    return parsed


def parse_type_tokens(
    text: str,
    tokens: list[Token],
    index: int,
    resolve: TypeResolver | None = None,
) -> tuple[FeelType, int]:
    """Parse a type starting at ``tokens[index]``; return it and the index after it."""
    token = tokens[index]
    if token.kind not in (Kind.NAME, Kind.KEYWORD):
        raise FeelSyntaxError("expected a type", text, token.start)
    word = token.text
    if word in ("list", "range", "context", "function") and tokens[index + 1].is_op("<"):
        return _parse_generic(text, tokens, index, resolve)
    for name in PRIMITIVE_TYPES:
        words = name.split()
        span = tokens[index : index + len(words)]
        if [t.text for t in span] == words:
            return PrimitiveType(name), index + len(words)
    # A (possibly qualified, prefixed or multi-word) name: tPerson, feel:number, ns.tPerson, Loan Type.
    end = index + 1
    while True:
        if tokens[end].is_op(".", ":") and tokens[end + 1].kind is Kind.NAME:
            end += 2
        elif tokens[end].kind is Kind.NAME:
            end += 1
        else:
            break
    name = " ".join(text[token.start : tokens[end - 1].end].split())
    return named_type(name, resolve), end


def named_type(name: str, resolve: TypeResolver | None = None) -> FeelType:
    """The type called ``name``: a built-in type (``feel:`` prefix and XSD aliases allowed) or a named one."""
    bare = name.split(":", 1)[1] if name.startswith(("feel:", "xsd:")) else name
    bare = _ALIASES.get(bare, bare)
    if bare == "Any":
        return ANY
    if bare == "Null":
        return NullType()
    if bare in PRIMITIVE_TYPES or bare in ("list", "context", "range", "function"):
        return PrimitiveType(bare)
    return NamedType(name, resolve)


def _expect(text: str, tokens: list[Token], index: int, op: str) -> int:
    if not tokens[index].is_op(op):
        raise FeelSyntaxError(f"expected {op!r} in type", text, tokens[index].start)
    return index + 1


def _parse_generic(
    text: str, tokens: list[Token], index: int, resolve: TypeResolver | None
) -> tuple[FeelType, int]:
    word = tokens[index].text
    index += 2  # the word and "<"
    if word in ("list", "range"):
        item, index = parse_type_tokens(text, tokens, index, resolve)
        index = _expect(text, tokens, index, ">")
        return (ListType(item) if word == "list" else RangeType(item)), index
    if word == "context":
        entries: list[tuple[str, FeelType]] = []
        while not tokens[index].is_op(">"):
            if entries:
                index = _expect(text, tokens, index, ",")
            first = index
            while not tokens[index].is_op(":") and tokens[index].kind is not Kind.EOF:
                index += 1
            if tokens[first].kind is Kind.STRING:
                key = tokens[first].text
            else:
                key = " ".join(text[tokens[first].start : tokens[index - 1].end].split())
            index = _expect(text, tokens, index, ":")
            entry_type, index = parse_type_tokens(text, tokens, index, resolve)
            entries.append((key, entry_type))
        return ContextType(tuple(entries)), index + 1
    params: list[FeelType] = []
    while not tokens[index].is_op(">"):
        if params:
            index = _expect(text, tokens, index, ",")
        param, index = parse_type_tokens(text, tokens, index, resolve)
        params.append(param)
    index = _expect(text, tokens, index + 1, "->")
    result, index = parse_type_tokens(text, tokens, index, resolve)
    return FunctionType(tuple(params), result), index
