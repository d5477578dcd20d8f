"""How a built-in function declares its signatures and binds its arguments.

A :class:`BuiltinFunction` is a :class:`~opgave.dmn.feel.values.FeelFunction`
with one or more :class:`Signature` s (``date(from)`` and ``date(year, month,
day)``). Calling it positionally (``fn(*args)``) picks the first signature whose
arity fits; :meth:`BuiltinFunction.call_named` picks the signature whose
parameter names match the given names. An optional parameter that was not
given reaches the implementation as :data:`NOT_GIVEN` (a FEEL ``null`` given
explicitly stays ``None``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.values import FeelFunction


class _NotGiven:
    """The type of :data:`NOT_GIVEN`."""

    _instance: _NotGiven | None = None

    def __new__(cls) -> _NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


#: An optional parameter the caller left out.
NOT_GIVEN: Final = _NotGiven()


@dataclass(frozen=True, slots=True)
class Signature:
    """One way to call a built-in.

    ``params`` are the spec's parameter names; the first ``required`` of them must
    be given. When ``variadic`` is true the function takes either the single list
    parameter or any number of positional items (``min([1, 2])`` and ``min(1, 2)``):
    the implementation then always receives one list. With ``spread`` false
    (``concatenate(list...)``) a single list argument is one item, not the collection.
    """

    params: tuple[str, ...]
    required: int
    variadic: bool = False
    spread: bool = False
    #: An implementation for named calls of this signature only (default: the function's own).
    named_impl: Callable[..., Any] | None = field(default=None, compare=False)

    def fits_arity(self, count: int) -> bool:
        if self.variadic:
            return count >= self.required
        return self.required <= count <= len(self.params)

    def fits_names(self, names: Sequence[str]) -> bool:
        given = set(names)
        return given <= set(self.params) and set(self.params[: self.required]) <= given


def params(text: str) -> Signature:
    """A signature from ``"string, start position, [length]"`` (optional ones in brackets).

    ``"list..."`` takes any number of items; ``"list*"`` the list or any number of items.
    """
    names: list[str] = []
    required = 0
    variadic = spread = False
    for raw in (part.strip() for part in text.split(",") if part.strip()):
        if raw.endswith("..."):
            variadic = True
            raw = raw[:-3].strip()
        elif raw.endswith("*"):
            variadic = spread = True
            raw = raw[:-1].strip()
        if raw.startswith("["):
            names.append(raw.strip("[]").strip())
        else:
            names.append(raw)
            required = len(names)
    return Signature(tuple(names), required, variadic, spread)


class BuiltinFunction(FeelFunction):
    """A built-in FEEL function with one or more signatures.

    ``params`` (inherited) holds the first signature's names; ``signatures`` all of them.
    """

    __slots__ = ("_impl", "signatures")

    def __init__(self, name: str, signatures: Sequence[Signature], impl: Callable[..., Any]) -> None:
        first = signatures[0]
        super().__init__(name, first.params, self._call_positional, variadic=first.variadic)
        self.signatures = tuple(signatures)
        self._impl = impl

    def _call_positional(self, *args: Any) -> Any:
        for signature in self.signatures:
            if signature.fits_arity(len(args)):
                return self._invoke(signature, list(args))
        raise FeelError(f"{self.name}() does not take {len(args)} argument(s); expected {self.describe()}")

    def call_named(self, named: Mapping[str, Any]) -> Any:
        """Invoke with named arguments (``substring(string: "abc", start position: 2)``)."""
        names = list(named)
        # A signature whose required parameters are all named; failing that, one where the
        # missing required parameters are taken as null (as for any FEEL function).
        candidates = [s for s in self.signatures if s.fits_names(names)]
        candidates += [s for s in self.signatures if set(names) <= set(s.params) and s not in candidates]
        if not candidates:
            raise FeelError(
                f"{self.name}() has no parameters named {', '.join(names)}; expected {self.describe()}"
            )
        signature = candidates[0]
        args = [
            named.get(name, None if index < signature.required else NOT_GIVEN)
            for index, name in enumerate(signature.params)
        ]
        if signature.variadic:
            return self._invoke_list(signature, args)
        return (signature.named_impl or self._impl)(*args)

    def _invoke(self, signature: Signature, args: list[Any]) -> Any:
        if signature.variadic:
            fixed = len(signature.params) - 1
            head, rest = args[:fixed], args[fixed:]
            if signature.spread and len(rest) == 1 and isinstance(rest[0], (list, type(None))):
                return self._impl(*head, rest[0])
            return self._impl(*head, rest)
        args.extend([NOT_GIVEN] * (len(signature.params) - len(args)))
        return self._impl(*args)

    def _invoke_list(self, signature: Signature, args: list[Any]) -> Any:
        *head, last = args
        if last is None:
            return self._impl(*head, None)
        return self._impl(*head, last if isinstance(last, list) else [last])

    def with_named_impl(self, params_text: str, impl: Callable[..., Any]) -> BuiltinFunction:
        """A copy whose signature ``params_text`` uses ``impl`` when called with named arguments."""
        wanted = params(params_text)
        signatures = [
            replace(signature, named_impl=impl) if signature.params == wanted.params else signature
            for signature in self.signatures
        ]
        return BuiltinFunction(self.name, signatures, self._impl)

    def describe(self) -> str:
        """The signatures as text, for messages."""
        return " or ".join(f"{self.name}({', '.join(s.params)})" for s in self.signatures)


def builtin(name: str, *signatures: str) -> Callable[[Callable[..., Any]], BuiltinFunction]:
    """Decorator: turn an implementation into a :class:`BuiltinFunction`.

    ``@builtin("substring", "string, start position, [length]")``
    """

    def wrap(impl: Callable[..., Any]) -> BuiltinFunction:
        return BuiltinFunction(name, [params(text) for text in signatures], impl)

    return wrap
