"""DMN types: built-in FEEL types, item definitions, and the DMN 1.5 conversion rules.

A :class:`DmnType` answers two questions: does a value *conform* (used by
``instance of``-like checks and allowed-value constraints), and what does a
value become when it is *assigned* to a variable of this type
(:meth:`DmnType.coerce`): it is kept when it conforms, a singleton list is
unwrapped, an element is wrapped into a singleton list for a collection type,
a date becomes a date and time at midnight UTC, and anything else becomes
null with a message.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from typing import Any

from opgave.dmn.errors import DmnModelError
from opgave.dmn.feel.values import (
    DaysTimeDuration,
    FeelFunction,
    Range,
    YearsMonthsDuration,
    is_date,
    is_number,
)
from opgave.dmn.jsonvalues import from_json_number, show

#: Returned by :meth:`DmnType.convert` when a value cannot be converted.
NOT_CONFORMING: Any = object()


class DmnType:
    """Base class: the type ``Any``."""

    name = "Any"
    #: Python types whose values always conform, unchanged (a check by ``type(value) in``
    #: that is cheaper than :meth:`conforms`); empty when no such shortcut is known.
    exact_types: frozenset[type] = frozenset()

    @property
    def is_collection(self) -> bool:
        """Whether values of this type are lists (a collection item definition or ``list<T>``)."""
        return False

    def conforms(self, value: Any) -> bool:
        return True

    def element(self) -> DmnType:
        return ANY

    def resolved(self) -> DmnType:
        """The type itself; for a reference to an item definition, the type it refers to."""
        return self

    def convert(self, value: Any) -> Any:
        """The value converted to this type, or :data:`NOT_CONFORMING`."""
        if value is None or self.conforms(value):
            return value
        if isinstance(value, list) and len(value) == 1 and not self.is_collection and self.conforms(value[0]):
            return value[0]
        if self.is_collection and not isinstance(value, list) and self.element().conforms(value):
            return [value]
        if is_date(value):
            converted = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
            if self.conforms(converted):
                return converted
        return NOT_CONFORMING

    def coerce(self, value: Any, errors: list[str], where: str) -> Any:
        """The value assigned to a variable of this type (DMN 1.5 type conversions); null when it does not conform."""
        converted = self.convert(value)
        if converted is NOT_CONFORMING:
            errors.append(
                f"{where}: {show(value)} does not conform to type '{self.name}'; the result is null"
            )
            return None
        return converted

    def from_json(self, value: Any) -> Any:
        """Convert a JSON-decoded value (or a FEEL value) to a FEEL value guided by this type."""
        return plain_from_json(value)

    def __repr__(self) -> str:
        return f"<type {self.name}>"


ANY = DmnType()


def plain_from_json(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, decimal.Decimal)):
        return from_json_number(value)
    if isinstance(value, list):
        return [plain_from_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_from_json(v) for k, v in value.items()}
    return value


def _is_time(value: Any) -> bool:
    return isinstance(value, dt.time)


def _is_datetime(value: Any) -> bool:
    return isinstance(value, dt.datetime)


_CHECKS: dict[str, Callable[[Any], bool]] = {
    "number": is_number,
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "date": is_date,
    "time": _is_time,
    "date and time": _is_datetime,
    "dateTime": _is_datetime,
    "days and time duration": lambda v: isinstance(v, DaysTimeDuration),
    "dayTimeDuration": lambda v: isinstance(v, DaysTimeDuration),
    "years and months duration": lambda v: isinstance(v, YearsMonthsDuration),
    "yearMonthDuration": lambda v: isinstance(v, YearsMonthsDuration),
    "duration": lambda v: isinstance(v, (DaysTimeDuration, YearsMonthsDuration)),
    "context": lambda v: isinstance(v, dict),
    "list": lambda v: isinstance(v, list),
    "function": lambda v: isinstance(v, FeelFunction),
    "range": lambda v: isinstance(v, Range),
    "Null": lambda v: v is None,
}

_PARSERS: dict[str, str] = {
    "date": "date",
    "time": "time",
    "date and time": "date and time",
    "dateTime": "date and time",
    "days and time duration": "duration",
    "dayTimeDuration": "duration",
    "years and months duration": "duration",
    "yearMonthDuration": "duration",
    "duration": "duration",
}


def parse_temporal(type_name: str, text: str) -> Any:
    """Read an ISO 8601 text as the FEEL value of ``type_name`` (None when unreadable)."""
    from opgave.dmn.feel import temporal
    from opgave.dmn.feel.errors import FeelError

    readers: dict[str, Callable[[str], Any]] = {
        "date": temporal.parse_date,
        "time": temporal.parse_time,
        "date and time": temporal.parse_date_and_time,
        "duration": temporal.parse_duration,
    }
    try:
        return readers[_PARSERS[type_name]](text.strip())
    except (FeelError, ValueError):
        return None


#: For each built-in type, the Python types whose values conform to it, whatever the value.
_EXACT: dict[str, frozenset[type]] = {
    "number": frozenset({decimal.Decimal}),
    "string": frozenset({str}),
    "boolean": frozenset({bool}),
    "date": frozenset({dt.date}),
    "time": frozenset({dt.time}),
    "date and time": frozenset({dt.datetime}),
    "dateTime": frozenset({dt.datetime}),
    "days and time duration": frozenset({DaysTimeDuration}),
    "dayTimeDuration": frozenset({DaysTimeDuration}),
    "years and months duration": frozenset({YearsMonthsDuration}),
    "yearMonthDuration": frozenset({YearsMonthsDuration}),
    "duration": frozenset({DaysTimeDuration, YearsMonthsDuration}),
    "context": frozenset({dict}),
    "list": frozenset({list}),
    "function": frozenset({FeelFunction}),
    "range": frozenset({Range}),
}


class BuiltinType(DmnType):
    """A built-in FEEL type named by its FEEL (or DMN 1.1 XSD) name."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._check = _CHECKS[name]
        self.exact_types = _EXACT.get(name, frozenset())

    def conforms(self, value: Any) -> bool:
        return self._check(value)

    def convert(self, value: Any) -> Any:
        if value is None or type(value) in self.exact_types:
            return value
        return super().convert(value)

    def coerce(self, value: Any, errors: list[str], where: str) -> Any:
        if value is None or type(value) in self.exact_types:
            return value
        return super().coerce(value, errors, where)

    def from_json(self, value: Any) -> Any:
        if isinstance(value, str) and self.name in _PARSERS:
            parsed = parse_temporal(self.name, value)
            return value if parsed is None else parsed
        return plain_from_json(value)


def is_builtin_name(name: str) -> bool:
    return name in _CHECKS or name == "Any"


class FeelTypeExpression(DmnType):
    """A FEEL type expression such as ``context<a: number>`` (checked by the FEEL core)."""

    def __init__(self, text: str, resolve: Callable[[str], Any] | None = None) -> None:
        from opgave.dmn.feel import parse_type

        self.name = text
        self._type = parse_type(text, resolve)

    def conforms(self, value: Any) -> bool:
        return bool(self._type.accepts(value))


class CollectionType(DmnType):
    """A list whose elements have one type (``isCollection`` or ``list<T>``)."""

    @property
    def is_collection(self) -> bool:
        return True

    def __init__(self, name: str, element: DmnType) -> None:
        self.name = name
        self._element = element

    def element(self) -> DmnType:
        return self._element

    def conforms(self, value: Any) -> bool:
        element = self._element
        return isinstance(value, list) and all(v is None or element.conforms(v) for v in value)

    def from_json(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self._element.from_json(v) for v in value]
        return self._element.from_json(value)


class StructureType(DmnType):
    """An item definition with item components: a context with typed entries."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.components: dict[str, DmnType] = {}

    def conforms(self, value: Any) -> bool:
        if not isinstance(value, dict):
            return False
        for key, component in self.components.items():
            if key not in value:
                return False
            item = value[key]
            if item is not None and not component.conforms(item):
                return False
        return True

    def from_json(self, value: Any) -> Any:
        """A JSON object as a context; components it leaves out are null (JSON omits optional fields)."""
        if isinstance(value, dict):
            converted = {
                str(k): self.components[k].from_json(v) if k in self.components else plain_from_json(v)
                for k, v in value.items()
            }
            for name in self.components:
                converted.setdefault(name, None)
            return converted
        return plain_from_json(value)


class FunctionItemType(DmnType):
    """A function signature (``functionItem``): any FEEL function conforms."""

    def __init__(self, name: str, output: DmnType = ANY) -> None:
        self.name = name
        #: The declared type of the function's result.
        self.output = output

    def conforms(self, value: Any) -> bool:
        return isinstance(value, FeelFunction)


class Constraint:
    """Compiled allowed values / type constraint: unary tests applied to a value.

    ``pure`` says the outcome depends on the value alone (no names, no calls), so it may be
    remembered per value.
    """

    def __init__(self, text: str, test: Callable[[Any], bool | None], *, pure: bool = False) -> None:
        self.text = text
        self.test = test
        self.pure = pure


#: Values whose conformance to a pure constraint is remembered: immutable, hashable, and equal
#: (as dictionary keys, with their type) exactly when FEEL finds them equal.
_REMEMBERED = (str, decimal.Decimal, bool)
#: At most this many values are remembered per constrained type.
_MEMO_SIZE = 1024


class ConstrainedType(DmnType):
    """A type restricted by ``allowedValues`` (per element for collections) and ``typeConstraint``."""

    def __init__(
        self,
        name: str,
        base: DmnType,
        *,
        allowed: Constraint | None,
        constraint: Constraint | None,
    ) -> None:
        self.name = name
        self.base = base
        self.allowed = allowed
        self.constraint = constraint
        #: The answers of :meth:`conforms` per (type, value), when they can only ever be the same.
        self._memo: dict[tuple[type, Any], bool] | None = (
            {}
            if isinstance(base, BuiltinType) and all(c is None or c.pure for c in (allowed, constraint))
            else None
        )

    @property
    def is_collection(self) -> bool:
        return self.base.is_collection

    def element(self) -> DmnType:
        return self.base.element()

    def conforms(self, value: Any) -> bool:
        memo = self._memo
        kind = type(value)
        if memo is None or kind not in _REMEMBERED:
            return self._conforms(value)
        key = (kind, value)
        known = memo.get(key)
        if known is None:
            known = self._conforms(value)
            if len(memo) < _MEMO_SIZE:
                memo[key] = known
        return known

    def _conforms(self, value: Any) -> bool:
        if not self.base.conforms(value):
            return False
        if self.allowed is not None:
            values = value if self.base.is_collection and isinstance(value, list) else [value]
            for item in values:
                if item is not None and self.allowed.test(item) is not True:
                    return False
        if self.constraint is not None and value is not None:
            return self.constraint.test(value) is True
        return True

    def from_json(self, value: Any) -> Any:
        return self.base.from_json(value)


class LazyType(DmnType):
    """A reference to an item definition, resolved on first use (allows recursive types)."""

    def __init__(self, name: str, resolve: Callable[[], DmnType]) -> None:
        self.name = name
        self._resolve = resolve
        self._target: DmnType | None = None
        #: Why the item definition could not be built (it then accepts anything).
        self.problem: DmnModelError | None = None

    @property
    def target(self) -> DmnType:
        if self._target is None:
            try:
                self._target = self._resolve()
            except DmnModelError as exc:
                self.problem = exc
                self._target = ANY
        return self._target

    @property
    def is_collection(self) -> bool:
        return self.target.is_collection

    def element(self) -> DmnType:
        return self.target.element()

    @property
    def exact_types(self) -> frozenset[type]:  # type: ignore[override]
        return self.target.exact_types

    def resolved(self) -> DmnType:
        return self.target.resolved()

    def function_output(self) -> DmnType:
        target = self.target
        return target.output if isinstance(target, FunctionItemType) else ANY

    def conforms(self, value: Any) -> bool:
        return self.target.conforms(value)

    def from_json(self, value: Any) -> Any:
        return self.target.from_json(value)
