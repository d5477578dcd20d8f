"""External Java functions: a fixed allow-list of side-effect-free JDK static methods.

DMN lets a model bind a function to a Java static method
(``function(a, b) external {java: {class: "java.lang.Math", method signature: "max(double, double)"}}``).
A JVM engine loads the class by reflection. This engine never does: it knows a
short, documented list of JDK methods (``java.lang.Math``, the boxed number
types' ``valueOf``/``parse…``, ``String.valueOf`` and ``String.format``) and
runs a Python implementation with Java's semantics. Anything else — another
class, another method, another signature — is a clear error at invocation, so a
model can never reach files, the network or arbitrary code (ADR 0036).

Arguments are converted as a JVM engine converts FEEL values: a number to the
declared primitive (``int``/``long``/``short``/``byte`` truncate towards zero
and wrap like Java's narrowing conversions), a one-character string to
``char``. Results come back as FEEL values: ``double`` through its shortest
decimal form (Java's ``Double.toString``), ``float`` through the shortest form
that round-trips in single precision (``Float.toString``).
"""

from __future__ import annotations

import decimal
import math
import re
import struct
from collections.abc import Callable, Sequence
from typing import Any

from .errors import FeelError

_INT_RANGES = {"byte": 8, "short": 16, "int": 32, "long": 64}
_VARARGS = "[Ljava.lang.Object;"
_TYPE_ALIASES = {
    "String": "java.lang.String",
    "Object": "java.lang.Object",
    "java.lang.Object...": _VARARGS,
    "Object...": _VARARGS,
    "java.lang.Object[]": _VARARGS,
    "Object[]": _VARARGS,
}


class JavaFailure(FeelError):
    """A Java method threw (NumberFormatException, IllegalFormatException, ...)."""


# -- conversions -------------------------------------------------------------------------------


def _wrap(value: int, bits: int) -> int:
    """Java's narrowing of an integer to ``bits`` two's-complement bits."""
    mask = (1 << bits) - 1
    value &= mask
    return value - (1 << bits) if value >> (bits - 1) else value


def _to_java(value: Any, java_type: str, name: str) -> Any:
    if value is None:
        raise FeelError(f"argument '{name}' is null; a Java {java_type} cannot be null")
    if java_type in _INT_RANGES:
        if isinstance(value, bool) or not isinstance(value, decimal.Decimal) or not value.is_finite():
            raise FeelError(f"argument '{name}' must be a number for a Java {java_type}")
        return _wrap(int(value), _INT_RANGES[java_type])
    if java_type in ("double", "float"):
        if isinstance(value, bool) or not isinstance(value, decimal.Decimal):
            raise FeelError(f"argument '{name}' must be a number for a Java {java_type}")
        number = float(value)
        return _single(number) if java_type == "float" else number
    if java_type == "char":
        if not isinstance(value, str) or len(value) != 1:
            raise FeelError(f"argument '{name}' must be a string of one character for a Java char")
        return value
    if java_type == "boolean":
        if not isinstance(value, bool):
            raise FeelError(f"argument '{name}' must be a boolean for a Java boolean")
        return value
    if java_type == "java.lang.String":
        if not isinstance(value, str):
            raise FeelError(f"argument '{name}' must be a string for a java.lang.String")
        return value
    return value  # java.lang.Object


def _single(number: float) -> float:
    """Round a double to single precision, as Java's ``(float)`` cast does."""
    try:
        return float(struct.unpack("f", struct.pack("f", number))[0])
    except OverflowError:
        return math.copysign(math.inf, number)


def _float_text(number: float) -> str:
    """The shortest decimal that reads back as the same single-precision value (``Float.toString``)."""
    for digits in range(1, 10):
        text = f"{number:.{digits}g}"
        if _single(float(text)) == number:
            return text
    return repr(number)


def _from_double(number: float, single: bool = False) -> decimal.Decimal:
    if math.isnan(number) or math.isinf(number):
        raise FeelError(f"the Java method returned {number!r}, which is not a FEEL number")
    return decimal.Decimal(_float_text(number) if single else repr(number))


# -- the methods -------------------------------------------------------------------------------


def _round(x: float) -> int:
    if math.isnan(x):
        return 0
    return math.floor(x + 0.5)


def _parse_int(text: str, bits: int) -> int:
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise JavaFailure(f'NumberFormatException: for input string "{text}"')
    value = int(text)
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        raise JavaFailure(f'NumberFormatException: value out of range: "{text}"')
    return value


_FLOAT_TEXT = re.compile(r"\s*[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?\s*")


def _parse_double(text: str) -> float:
    if not _FLOAT_TEXT.fullmatch(text):
        raise JavaFailure(f'NumberFormatException: for input string "{text}"')
    return float(text.strip().rstrip("fFdD"))


def _java_string(value: Any) -> str:
    """``String.valueOf(Object)`` for the values a FEEL engine passes in."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return str(value.normalize()) if value == value.to_integral_value() else str(value)
    return str(value)


_FORMAT = re.compile(
    r"%(?P<flags>[-#+ 0,(]*)(?P<width>\d+)?(?:\.(?P<precision>\d+))?(?P<conversion>[a-zA-Z%])"
)


def _format(pattern: str, args: Sequence[Any]) -> str:
    """``String.format`` for the common conversions: %s %S %d %f %e %x %c %b %n %%."""
    out: list[str] = []
    position = 0
    next_arg = 0
    for match in _FORMAT.finditer(pattern):
        out.append(pattern[position : match.start()])
        position = match.end()
        flags, width, precision, conversion = match.group("flags", "width", "precision", "conversion")
        if conversion == "%":
            out.append("%")
            continue
        if conversion == "n":
            out.append("\n")
            continue
        if next_arg >= len(args):
            raise JavaFailure(f"MissingFormatArgumentException: format specifier '{match.group(0)}'")
        arg = args[next_arg]
        next_arg += 1
        out.append(_convert(arg, flags, width, precision, conversion, match.group(0)))
    out.append(pattern[position:])
    return "".join(out)


def _convert(
    arg: Any, flags: str, width: str | None, precision: str | None, conversion: str, spec: str
) -> str:
    lower = conversion.lower()
    if lower == "s":
        text = _java_string(arg)
        if precision is not None:
            text = text[: int(precision)]
    elif lower == "b":
        text = "false" if arg is None or arg is False else "true"
    elif lower == "c":
        if not isinstance(arg, str) or len(arg) != 1:
            raise JavaFailure(f"IllegalFormatConversionException: {spec} needs a character")
        text = arg
    elif lower in "dxo":
        if not isinstance(arg, decimal.Decimal) or isinstance(arg, bool) or arg != arg.to_integral_value():
            raise JavaFailure(f"IllegalFormatConversionException: {spec} needs an integer")
        number = int(arg)
        base = {"d": "d", "x": "x", "o": "o"}[lower]
        text = format(number, ("," if "," in flags and base == "d" else "") + base)
        if "+" in flags and number >= 0 and base == "d":
            text = "+" + text
    elif lower in "fe":
        if not isinstance(arg, decimal.Decimal) or isinstance(arg, bool):
            raise JavaFailure(f"IllegalFormatConversionException: {spec} needs a number")
        digits = 6 if precision is None else int(precision)
        rounded = arg.quantize(decimal.Decimal(1).scaleb(-digits), rounding=decimal.ROUND_HALF_UP)
        text = (
            format(rounded, ("," if "," in flags else "") + f".{digits}f")
            if lower == "f"
            else format(arg, f".{digits}e").replace("e", "e+" if "e-" not in format(arg, ".0e") else "e", 1)
        )
        if "+" in flags and arg >= 0:
            text = "+" + text
    else:
        raise JavaFailure(f"UnknownFormatConversionException: conversion '{conversion}'")
    if conversion.isupper():
        text = text.upper()
    if width is not None and len(text) < int(width):
        if "-" in flags:
            text = text.ljust(int(width))
        elif "0" in flags and lower in "dxofe":
            sign = text[0] if text[:1] in "+-" else ""
            text = sign + text[len(sign) :].rjust(int(width) - len(sign), "0")
        else:
            text = text.rjust(int(width))
    return text


Method = Callable[..., Any]
#: (class, method name, parameter types) → (implementation, result type)
_METHODS: dict[tuple[str, str, tuple[str, ...]], tuple[Method, str]] = {}


def _register(cls: str, name: str, params: tuple[str, ...], result: str, implementation: Method) -> None:
    _METHODS[(f"java.lang.{cls}", name, params)] = (implementation, result)


def _math() -> None:
    one = {
        "cos": math.cos, "sin": math.sin, "tan": math.tan, "acos": math.acos, "asin": math.asin,
        "atan": math.atan, "sqrt": math.sqrt, "cbrt": lambda x: math.copysign(abs(x) ** (1 / 3), x),
        "exp": math.exp, "log": math.log, "log10": math.log10, "floor": math.floor, "ceil": math.ceil,
        "toRadians": math.radians, "toDegrees": math.degrees, "signum": lambda x: (x > 0) - (x < 0) + 0.0,
        "cosh": math.cosh, "sinh": math.sinh, "tanh": math.tanh, "expm1": math.expm1, "log1p": math.log1p,
        "rint": lambda x: float(round(x)),
    }  # fmt: skip
    for name, function in one.items():
        _register("Math", name, ("double",), "double", _safe_unary(function))
    for kind in ("int", "long"):
        _register("Math", "abs", (kind,), kind, lambda x, k=kind: _wrap(abs(x), _INT_RANGES[k]))
        _register("Math", "max", (kind, kind), kind, max)
        _register("Math", "min", (kind, kind), kind, min)
        _register("Math", "floorDiv", (kind, kind), kind, _floor_div)
        _register("Math", "floorMod", (kind, kind), kind, _floor_mod)
    for kind in ("double", "float"):
        _register("Math", "abs", (kind,), kind, abs)
        _register("Math", "max", (kind, kind), kind, max)
        _register("Math", "min", (kind, kind), kind, min)
    _register("Math", "pow", ("double", "double"), "double", _safe_binary(math.pow))
    _register("Math", "atan2", ("double", "double"), "double", math.atan2)
    _register("Math", "hypot", ("double", "double"), "double", math.hypot)
    _register("Math", "round", ("double",), "long", _round)
    _register("Math", "round", ("float",), "int", _round)


def _safe_unary(function: Callable[[float], float]) -> Method:
    def run(x: float) -> float:
        try:
            return float(function(x))
        except (ValueError, OverflowError):
            return math.nan

    return run


def _safe_binary(function: Callable[[float, float], float]) -> Method:
    def run(x: float, y: float) -> float:
        try:
            return float(function(x, y))
        except (ValueError, OverflowError, ZeroDivisionError):
            return math.nan

    return run


def _floor_div(x: int, y: int) -> int:
    if y == 0:
        raise JavaFailure("ArithmeticException: / by zero")
    return x // y


def _floor_mod(x: int, y: int) -> int:
    if y == 0:
        raise JavaFailure("ArithmeticException: / by zero")
    return x % y


def _boxed_numbers() -> None:
    for cls, kind in (("Integer", "int"), ("Long", "long"), ("Short", "short"), ("Byte", "byte")):
        bits = _INT_RANGES[kind]
        _register(cls, "valueOf", (kind,), kind, lambda x: x)
        _register(cls, "valueOf", ("java.lang.String",), kind, lambda s, b=bits: _parse_int(s, b))
        parse = {"Integer": "parseInt", "Long": "parseLong", "Short": "parseShort", "Byte": "parseByte"}[cls]
        _register(cls, parse, ("java.lang.String",), kind, lambda s, b=bits: _parse_int(s, b))
        _register(cls, "toString", (kind,), "java.lang.String", str)
    for cls, kind in (("Double", "double"), ("Float", "float")):
        _register(cls, "valueOf", (kind,), kind, lambda x: x)
        convert = _single if kind == "float" else float
        _register(cls, "valueOf", ("java.lang.String",), kind, lambda s, c=convert: c(_parse_double(s)))
        parse = "parseDouble" if cls == "Double" else "parseFloat"
        _register(cls, parse, ("java.lang.String",), kind, lambda s, c=convert: c(_parse_double(s)))
    _register("Boolean", "parseBoolean", ("java.lang.String",), "boolean", lambda s: s.lower() == "true")


def _strings() -> None:
    for kind in ("int", "long", "short", "byte", "char", "boolean", "java.lang.Object"):
        _register("String", "valueOf", (kind,), "java.lang.String", _value_of_string(kind))
    for kind in ("double", "float"):
        _register("String", "valueOf", (kind,), "java.lang.String", _value_of_string(kind))
    _register(
        "String", "format", ("java.lang.String", _VARARGS), "java.lang.String", lambda p, *a: _format(p, a)
    )


def _value_of_string(kind: str) -> Method:
    def run(value: Any) -> str:
        if kind == "boolean":
            return "true" if value else "false"
        if kind == "double":
            return repr(float(value))
        if kind == "float":
            return _float_text(value) if "." in _float_text(value) else _float_text(value) + ".0"
        return _java_string(value)

    return run


_math()
_boxed_numbers()
_strings()


def _parse_signature(signature: str) -> tuple[str, tuple[str, ...]]:
    match = re.fullmatch(r"\s*([A-Za-z_$][\w$]*)\s*\((.*)\)\s*", signature)
    if match is None:
        raise FeelError(f"'{signature}' is not a Java method signature such as 'max(double, double)'")
    name, raw = match.groups()
    params = tuple(_TYPE_ALIASES.get(p.strip(), p.strip()) for p in raw.split(",")) if raw.strip() else ()
    return name, params


def _result(value: Any, result_type: str) -> Any:
    if result_type in _INT_RANGES:
        return decimal.Decimal(value)
    if result_type == "double":
        return _from_double(float(value))
    if result_type == "float":
        return _from_double(float(value), single=True)
    return value


def java_function(mapping: Any, parameter_names: Sequence[str]) -> Callable[..., Any]:
    """The implementation of an external ``{class, method signature}``; raises FeelError if not allowed."""
    if not isinstance(mapping, dict):
        raise FeelError("an external Java function needs a context with 'class' and 'method signature'")
    cls = mapping.get("class")
    signature = mapping.get("method signature")
    if not isinstance(cls, str) or not isinstance(signature, str):
        raise FeelError("an external Java function needs the strings 'class' and 'method signature'")
    name, params = _parse_signature(signature)
    entry = _METHODS.get((cls.strip(), name, params))
    if entry is None:
        raise FeelError(
            f"the Java method {cls}.{name}({', '.join(params)}) is not on this engine's allow-list "
            "of side-effect-free JDK methods (see the DMN guide)"
        )
    implementation, result_type = entry
    varargs = bool(params) and params[-1] == _VARARGS
    fixed = params[:-1] if varargs else params

    def call(*args: Any) -> Any:
        if varargs:
            if len(args) < len(fixed):
                raise FeelError(f"{cls}.{name} takes at least {len(fixed)} argument(s), not {len(args)}")
        elif len(args) != len(params):
            raise FeelError(f"{cls}.{name} takes {len(params)} argument(s), not {len(args)}")
        names = list(parameter_names) + [f"argument {i + 1}" for i in range(len(parameter_names), len(args))]
        converted = [
            _to_java(arg, kind, names[i]) for i, (arg, kind) in enumerate(zip(args, fixed, strict=False))
        ]
        if varargs:
            converted.extend(args[len(fixed) :])
        try:
            value = implementation(*converted)
        except (ArithmeticError, ValueError) as exc:  # pragma: no cover - guarded above
            raise JavaFailure(f"{cls}.{name} failed: {exc}") from None
        return _result(value, result_type)

    return call


def allowed_methods() -> list[str]:
    """The allow-list, for the documentation: ``java.lang.Math.max(double, double)``, ..."""
    return sorted(f"{cls}.{name}({', '.join(params)})" for cls, name, params in _METHODS)
