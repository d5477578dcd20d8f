"""Columnar FEEL values: a Polars expression plus what is known about it when compiling.

A FEEL number is an exact scaled integer: an ``Int64`` expression and a scale
fixed when compiling (``12.5`` is 125 at scale 1). Addition, subtraction,
multiplication and comparison of scaled integers are exact; the per-case engine
(decimal128: 34 significant digits) is exact for them too, so the only risk is
overflow: every row where a scaled integer could reach 10**17 is *flagged*. The
compiler tracks an upper bound of each value's magnitude (from the literals and
the actual input columns), so that guards are only computed where overflow is
possible at all.

A flag is a boolean expression: true on the rows where the columnar answer might
differ from the per-case engine's, or where the per-case engine would add a
message (a null operand of ``<``, a division by zero, a value that does not
conform to its type, two rules matching under UNIQUE...). Flagged rows are
evaluated again by the per-case engine, so their values and messages are its
own. A flag may be true on more rows than strictly needed (that costs time, not
exactness) but never on fewer.

A quotient is kept as an exact fraction (``den``) until it is rounded by
``decimal``/``floor``/``round…``: the per-case engine rounds a quotient to 34
digits first, which gives the same rounded result unless the fraction lies
extremely close to a rounding boundary; such rows (a large value or a large
denominator) are flagged.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

NUMBER = "number"
BOOLEAN = "boolean"
STRING = "string"
DATE = "date"
NULL = "null"
CONTEXT = "context"
LIST = "list"

DIGITS = 17
#: Scaled integers at or beyond this magnitude are flagged (Int64 holds a little over 9.2e18).
LIMIT = 10**DIGITS
#: A float bound a little below LIMIT, for checks of products before they are formed.
FLOAT_LIMIT = 0.99e17
#: Quotients are rounded columnar only with a denominator below this (see the module docstring).
DENOMINATOR_LIMIT = 10**12
MAX_SCALE = 60

INT = pl.Int64


_LETS: ContextVar[list[list[pl.Expr]] | None] = ContextVar("opgave_vector_lets", default=None)


def let(expr: pl.Expr) -> pl.Expr:
    """``expr`` computed once into a column of its own (for a value used several times), when compiling a plan."""
    lets = _LETS.get()
    if lets is None:
        return expr
    names = expr.meta.root_names()
    if expr.meta.is_column() or (not names and expr.meta.is_literal()):
        return expr
    name = f"__t{id(lets)}_{len(lets)}"
    lets.append([expr.alias(name)])
    return pl.col(name)


def collecting_lets() -> tuple[list[list[pl.Expr]], Any]:
    lets: list[list[pl.Expr]] = []
    return lets, _LETS.set(lets)


def stop_lets(token: Any) -> None:
    _LETS.reset(token)


class Unsupported(Exception):
    """The columnar compiler cannot express this; the decision is evaluated per case."""


@dataclass(frozen=True)
class Col:
    """A compiled FEEL value over all rows."""

    kind: str
    expr: pl.Expr
    scale: int = 0
    #: A positive Int64 denominator: the value is ``expr / den / 10**scale`` (a quotient not yet rounded).
    den: pl.Expr | None = None
    #: For contexts: the entries; ``expr`` is then true where the context is not null.
    fields: dict[str, Col] = field(default_factory=dict)
    #: For lists: a template of the element (kind, scale, fields).
    element: Col | None = None
    flag: pl.Expr | None = None
    #: Numbers: an upper bound of the scaled integer's magnitude on every row (None: unknown).
    bound: int | None = None
    den_bound: int | None = None
    #: Numbers: the scaled integer when it is the same on every row (a literal).
    const: int | None = None
    #: Contexts: every entry is null where the context is null.
    plain: bool = False

    def with_flag(self, *flags: pl.Expr | None) -> Col:
        return replace(self, flag=any_of(self.flag, *flags))


def any_of(*flags: pl.Expr | None) -> pl.Expr | None:
    present = [f for f in flags if f is not None]
    if not present:
        return None
    result = present[0]
    for item in present[1:]:
        result = result | item
    return result


def when_flag(condition: pl.Expr, flag: pl.Expr | None) -> pl.Expr | None:
    """A flag that counts only where ``condition`` (never null) holds."""
    if flag is None:
        return None
    return condition & flag


def null() -> Col:
    return Col(NULL, pl.lit(None))


def lit_int(value: int) -> pl.Expr:
    return pl.lit(value, dtype=INT)


def constant(scaled: int, scale: int) -> Col:
    if abs(scaled) >= LIMIT:
        raise Unsupported(f"the number {scaled}e-{scale} has more digits than the columnar range")
    return Col(NUMBER, lit_int(scaled), scale, bound=abs(scaled), const=scaled)


def number_literal(value: object) -> Col:
    import decimal

    assert isinstance(value, decimal.Decimal)
    if not value.is_finite():
        raise Unsupported("a number literal that is not finite")
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    coefficient = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    if exponent >= 0:
        scaled, scale = coefficient * 10**exponent, 0
    else:
        scaled, scale = coefficient, -exponent
    if scale > MAX_SCALE:
        raise Unsupported(f"the number {value} has too many decimals")
    return constant(scaled, scale)


def safe(bound: int | None) -> bool:
    return bound is not None and bound < LIMIT


def bound_flag(expr: pl.Expr, bound: int | None) -> pl.Expr | None:
    """Rows where a scaled integer reaches the exact range's limit (none when the bound rules it out)."""
    if safe(bound):
        return None
    return expr.abs() >= lit_int(LIMIT)


def _times(bound: int | None, factor: int) -> int | None:
    return None if bound is None else bound * factor


def rescale(col: Col, scale: int) -> Col:
    """The exact number at a larger scale (flagged where the scaled integer would grow too large)."""
    col = exact(col)
    if scale == col.scale:
        return col
    if scale < col.scale:
        raise AssertionError("rescale only grows the scale")
    grow = scale - col.scale
    if col.const is not None:
        return constant(col.const * 10**grow, scale).with_flag(col.flag)
    if grow >= DIGITS or scale > MAX_SCALE:
        raise Unsupported("numbers of very different scales")
    bound = _times(col.bound, 10**grow)
    guard = None if safe(bound) else col.expr.abs() >= lit_int(10 ** (DIGITS - grow))
    return Col(NUMBER, col.expr * lit_int(10**grow), scale, flag=any_of(col.flag, guard), bound=bound)


def align(a: Col, b: Col) -> tuple[Col, Col]:
    scale = max(exact(a).scale, exact(b).scale)
    return rescale(a, scale), rescale(b, scale)


#: Decimals a quotient that is not rounded must terminate within (else the row is flagged).
QUOTIENT_DECIMALS = 8


def exact(col: Col) -> Col:
    """A quotient made an exact scaled integer, flagged where it does not terminate at its scale."""
    if col.kind != NUMBER or col.den is None:
        return col
    # value = n / d / 10**scale; make it q / 10**target with q = n * 10**(target - scale) / d.
    target = max(col.scale, 2) + QUOTIENT_DECIMALS
    grow = target - col.scale
    if grow >= DIGITS or target > MAX_SCALE:
        raise Unsupported("a quotient with very many decimals")
    numerator = let(col.expr * lit_int(10**grow))
    bound = _times(col.bound, 10**grow)
    quotient = let(numerator.floordiv(col.den))
    remainder = numerator - quotient * col.den
    guard = None if safe(bound) else col.expr.abs() >= lit_int(10 ** (DIGITS - grow))
    return Col(
        NUMBER,
        quotient,
        target,
        flag=any_of(col.flag, guard, remainder != lit_int(0)),
        bound=bound,
    )


def add(a: Col, b: Col, subtract: bool) -> Col:
    a, b = align(a, b)
    if a.const is not None and b.const is not None:
        return constant(a.const - b.const if subtract else a.const + b.const, a.scale).with_flag(
            a.flag, b.flag
        )
    value = a.expr - b.expr if subtract else a.expr + b.expr
    bound = None if a.bound is None or b.bound is None else a.bound + b.bound
    return Col(NUMBER, value, a.scale, flag=any_of(a.flag, b.flag, bound_flag(value, bound)), bound=bound)


def _product_guard(a: Col, b: Col, a_expr: pl.Expr, b_expr: pl.Expr) -> pl.Expr | None:
    if a.bound is not None and b.bound is not None and a.bound * b.bound < LIMIT:
        return None
    return (a_expr.cast(pl.Float64) * b_expr.cast(pl.Float64)).abs() >= pl.lit(FLOAT_LIMIT)


def multiply(a: Col, b: Col) -> Col:
    if a.den is not None and b.den is not None:
        a = exact(a)
    if a.den is None and b.den is not None:
        a, b = b, a
    b = exact(b)
    scale = a.scale + b.scale
    if scale > MAX_SCALE:
        raise Unsupported("a product with too many decimals")
    if a.const is not None and b.const is not None and a.den is None:
        return constant(a.const * b.const, scale).with_flag(a.flag, b.flag)
    value = a.expr * b.expr
    bound = None if a.bound is None or b.bound is None else a.bound * b.bound
    guard = _product_guard(a, b, a.expr, b.expr)
    if a.den is not None:
        # (n / d) * b = (n * b) / d: still a quotient to be rounded later.
        return Col(
            NUMBER,
            value,
            scale,
            den=a.den,
            flag=any_of(a.flag, b.flag, guard),
            bound=bound,
            den_bound=a.den_bound,
        )
    return Col(NUMBER, value, scale, flag=any_of(a.flag, b.flag, guard), bound=bound)


def divide(a: Col, b: Col) -> Col:
    """``a / b`` as an exact fraction: value = n / d / 10**scale with d > 0; division by zero is flagged."""
    b = exact(b)
    flags = [a.flag, b.flag]
    if b.const is not None:
        if b.const == 0:
            return null().with_flag(*flags, pl.lit(True))
        sign_value = -1 if b.const < 0 else 1
        safe_b = lit_int(abs(b.const))
        sign: pl.Expr = lit_int(sign_value)
        b_bound: int | None = abs(b.const)
    else:
        zero = b.expr == lit_int(0)
        flags.append(zero)
        magnitude = b.expr.abs()
        safe_b = pl.when(zero).then(lit_int(1)).otherwise(magnitude)
        sign = pl.when(b.expr < lit_int(0)).then(lit_int(-1)).otherwise(lit_int(1))
        b_bound = b.bound
        sign_value = 0
    if a.den is not None:
        denominator = a.den * safe_b
        flags.append(_product_guard(replace(a, bound=a.den_bound), replace(b, bound=b_bound), a.den, safe_b))
        den_bound = None if a.den_bound is None or b_bound is None else a.den_bound * b_bound
    else:
        denominator = safe_b
        den_bound = b_bound
    numerator = a.expr if sign_value == 1 else a.expr * sign
    # (n / 10**sa) / (m / 10**sb) = (n / m) / 10**(sa - sb)
    scale = a.scale - b.scale
    if scale < -DIGITS:
        raise Unsupported("a quotient of numbers of very different scales")
    return Col(
        NUMBER, numerator, scale, den=denominator, flag=any_of(*flags), bound=a.bound, den_bound=den_bound
    )


def negate(a: Col) -> Col:
    if a.const is not None:
        return constant(-a.const, a.scale).with_flag(a.flag)
    return replace(a, expr=-a.expr, const=None)


ROUNDINGS = ("half even", "floor", "ceiling", "up", "down", "half up", "half down")


def round_to(col: Col, places: int, mode: str) -> Col:
    """The number rounded to ``places`` decimals (negative: tens, hundreds…) like ``Decimal.quantize``."""
    if col.den is None and col.scale <= places:
        return rescale(col, places) if places - col.scale < DIGITS and places <= MAX_SCALE else col
    numerator = col.expr
    flags: list[pl.Expr | None] = [col.flag]
    if col.den is None:
        denominator = lit_int(10 ** (col.scale - places))
        den_bound: int | None = 10 ** (col.scale - places)
        if col.scale - places >= DIGITS:
            raise Unsupported("rounding away very many decimals")
        bound = col.bound
    elif col.scale <= places:
        grow = places - col.scale
        if grow >= DIGITS:
            raise Unsupported("rounding to very many decimals")
        numerator = numerator * lit_int(10**grow)
        bound = _times(col.bound, 10**grow)
        if not safe(bound):
            flags.append(col.expr.abs() >= lit_int(10 ** (DIGITS - grow)))
        denominator = col.den
        den_bound = col.den_bound
    else:
        shrink = col.scale - places
        if shrink >= 12:
            raise Unsupported("rounding a quotient with very many decimals")
        denominator = col.den * lit_int(10**shrink)
        den_bound = _times(col.den_bound, 10**shrink)
        if not safe(den_bound):
            flags.append(col.den >= lit_int(10 ** (DIGITS - shrink)))
        bound = col.bound
    numerator = let(numerator)
    denominator = let(denominator)
    quotient = let(numerator.floordiv(denominator))
    remainder = let(numerator - quotient * denominator)
    lit_int(1)
    zero = lit_int(0)
    if mode == "floor":
        up: pl.Expr = pl.lit(False)
    elif mode == "ceiling":
        up = remainder > zero
    elif mode == "down":
        up = (remainder > zero) & (numerator < zero)
    elif mode == "up":
        up = (remainder > zero) & (numerator >= zero)
    else:
        twice = remainder * lit_int(2)
        above = twice > denominator
        tie = twice == denominator
        if mode == "half even":
            up = above | (tie & ((quotient % lit_int(2)) != zero))
        elif mode == "half up":
            up = above | (tie & (numerator >= zero))
        elif mode == "half down":
            up = above | (tie & (numerator < zero))
        else:  # pragma: no cover - the callers pass one of ROUNDINGS
            raise Unsupported(f"rounding {mode}")
    rounded = quotient + up.cast(INT)
    result_bound = None if bound is None else bound + 1
    # The per-case engine rounds a quotient to 34 digits first; close to a rounding boundary
    # that could tip the result, which needs a large denominator: evaluate those rows per case.
    if col.den is not None and (den_bound is None or den_bound >= DENOMINATOR_LIMIT):
        flags.append(denominator >= lit_int(DENOMINATOR_LIMIT))
    if places < 0:
        rounded = rounded * lit_int(10 ** (-places))
        result_bound = _times(result_bound, 10 ** (-places))
        result_scale = 0
    else:
        result_scale = places
    return Col(
        NUMBER,
        rounded,
        result_scale,
        flag=any_of(*flags, bound_flag(rounded, result_bound)),
        bound=result_bound,
    )


def to_decimal(expr: pl.Expr, scale: int) -> pl.Expr:
    """A scaled integer as a Polars Decimal with that scale (exact)."""
    import decimal

    if scale > 38:
        raise Unsupported("a number with more than 38 decimals")
    if scale == 0:
        return expr.cast(pl.Decimal(38, 0))
    return expr.cast(pl.Decimal(38, 0)) * pl.lit(decimal.Decimal(1).scaleb(-scale), pl.Decimal(38, scale))
