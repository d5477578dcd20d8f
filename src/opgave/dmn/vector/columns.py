"""Columnar FEEL values: a Polars expression plus what is known about it when compiling.

A FEEL number is an exact scaled integer: an ``Int128`` expression and a scale
fixed when compiling (``12.5`` is 125 at scale 1). Addition, subtraction,
multiplication and comparison of scaled integers are exact; the per-case engine
(decimal128: 34 significant digits) is exact for them too as long as a value has
at most 34 digits, so every row where a value reaches 10**33 is *flagged*.

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

from dataclasses import dataclass, field, replace

import polars as pl

NUMBER = "number"
BOOLEAN = "boolean"
STRING = "string"
DATE = "date"
NULL = "null"
CONTEXT = "context"
LIST = "list"

#: Scaled integers at or beyond this magnitude are flagged (decimal128 keeps 34 digits).
LIMIT = 10**33
#: A float bound a little below LIMIT, for checks of products before they are formed.
FLOAT_LIMIT = 0.99e33
#: Quotients are rounded columnar only below these (see the module docstring).
QUOTIENT_LIMIT = 10**20
DENOMINATOR_LIMIT = 10**12
MAX_SCALE = 60

I128 = pl.Int128


class Unsupported(Exception):
    """The columnar compiler cannot express this; the decision is evaluated per case."""


@dataclass(frozen=True)
class Col:
    """A compiled FEEL value over all rows."""

    kind: str
    expr: pl.Expr
    scale: int = 0
    #: A positive Int128 denominator: the value is ``expr / den`` at ``scale`` (a quotient not yet rounded).
    den: pl.Expr | None = None
    #: For contexts: the entries; ``expr`` is then true where the context is not null.
    fields: dict[str, Col] = field(default_factory=dict)
    #: For lists: a template of the element (kind, scale, fields).
    element: Col | None = None
    flag: pl.Expr | None = None

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
    return pl.lit(value, dtype=I128)


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
    if abs(scaled) >= LIMIT or scale > MAX_SCALE:
        raise Unsupported(f"the number {value} has more digits than the columnar range")
    return Col(NUMBER, lit_int(scaled), scale)


def bound_flag(expr: pl.Expr) -> pl.Expr:
    """Rows where a scaled integer reaches the exact range's limit."""
    return expr.abs() >= lit_int(LIMIT)


def rescale(col: Col, scale: int) -> Col:
    """The exact number at a larger scale (flagged where the scaled integer would grow too large)."""
    col = exact(col)
    if scale == col.scale:
        return col
    if scale < col.scale:
        raise AssertionError("rescale only grows the scale")
    grow = scale - col.scale
    if grow >= 33 or scale > MAX_SCALE:
        raise Unsupported("numbers of very different scales")
    guard = col.expr.abs() >= lit_int(10 ** (33 - grow))
    return Col(NUMBER, col.expr * lit_int(10**grow), scale, flag=any_of(col.flag, guard))


def align(a: Col, b: Col) -> tuple[Col, Col]:
    scale = max(exact(a).scale, exact(b).scale)
    return rescale(a, scale), rescale(b, scale)


def exact(col: Col) -> Col:
    """A quotient made an exact scaled integer, flagged where it does not terminate at its scale."""
    if col.kind != NUMBER or col.den is None:
        return col
    # value = n / d / 10**scale; make it q / 10**target with q = n * 10**(target - scale) / d.
    target = max(col.scale, 2) + QUOTIENT_DECIMALS
    grow = target - col.scale
    if grow >= 33 or target > MAX_SCALE:
        raise Unsupported("a quotient with very many decimals")
    numerator = col.expr * lit_int(10**grow)
    quotient = numerator.floordiv(col.den)
    remainder = numerator - quotient * col.den
    return Col(
        NUMBER,
        quotient,
        target,
        flag=any_of(
            col.flag,
            col.expr.abs() >= lit_int(10 ** (33 - grow)),
            remainder != lit_int(0),
            bound_flag(quotient),
        ),
    )


def add(a: Col, b: Col, subtract: bool) -> Col:
    a, b = align(a, b)
    value = a.expr - b.expr if subtract else a.expr + b.expr
    return Col(NUMBER, value, a.scale, flag=any_of(a.flag, b.flag, bound_flag(value)))


def _product_guard(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    return (a.cast(pl.Float64) * b.cast(pl.Float64)).abs() >= pl.lit(FLOAT_LIMIT)


def multiply(a: Col, b: Col) -> Col:
    if a.den is not None and b.den is not None:
        a = exact(a)
    if a.den is None and b.den is not None:
        a, b = b, a
    b = exact(b)
    scale = a.scale + b.scale
    if scale > MAX_SCALE:
        raise Unsupported("a product with too many decimals")
    value = a.expr * b.expr
    guard = _product_guard(a.expr, b.expr)
    if a.den is not None:
        # (n / d) * b = (n * b) / d: still a quotient to be rounded later.
        return Col(NUMBER, value, scale, den=a.den, flag=any_of(a.flag, b.flag, guard))
    return Col(NUMBER, value, scale, flag=any_of(a.flag, b.flag, guard, bound_flag(value)))


#: Decimals a quotient that is not rounded must terminate within (else the row is flagged).
QUOTIENT_DECIMALS = 8


def divide(a: Col, b: Col) -> Col:
    """``a / b`` as an exact fraction: value = n / d / 10**scale with d > 0; division by zero is flagged."""
    b = exact(b)
    zero = b.expr == lit_int(0)
    safe_b = pl.when(zero).then(lit_int(1)).otherwise(b.expr)
    sign = pl.when(safe_b < lit_int(0)).then(lit_int(-1)).otherwise(lit_int(1))
    flags = [a.flag, b.flag, zero]
    if a.den is not None:
        denominator = a.den * safe_b * sign
        flags.append(_product_guard(a.den, safe_b))
    else:
        denominator = safe_b * sign
    # (n / 10**sa) / (m / 10**sb) = (n / m) / 10**(sa - sb)
    scale = a.scale - b.scale
    if scale < -33:
        raise Unsupported("a quotient of numbers of very different scales")
    return Col(NUMBER, a.expr * sign, scale, den=denominator, flag=any_of(*flags))


def negate(a: Col) -> Col:
    return replace(a, expr=-a.expr)


ROUNDINGS = ("half even", "floor", "ceiling", "up", "down", "half up", "half down")


def round_to(col: Col, places: int, mode: str) -> Col:
    """The number rounded to ``places`` decimals (negative: tens, hundreds…) like ``Decimal.quantize``."""
    if col.den is None and col.scale <= places:
        return rescale(col, places) if places - col.scale < 33 and places <= MAX_SCALE else col
    numerator = col.expr
    if col.den is None:
        denominator = lit_int(10 ** (col.scale - places))
        flags = [col.flag]
    elif col.scale <= places:
        grow = places - col.scale
        if grow >= 33:
            raise Unsupported("rounding to very many decimals")
        numerator = numerator * lit_int(10**grow)
        denominator = col.den
        flags = [col.flag, col.expr.abs() >= lit_int(10 ** (33 - grow))]
    else:
        shrink = col.scale - places
        if shrink >= 12:
            raise Unsupported("rounding a quotient with very many decimals")
        denominator = col.den * lit_int(10**shrink)
        flags = [col.flag, col.den >= lit_int(10 ** (33 - shrink))]
    quotient = numerator.floordiv(denominator)
    remainder = numerator - quotient * denominator
    one = lit_int(1)
    zero = lit_int(0)
    twice = remainder * lit_int(2)
    if mode == "floor":
        up = pl.lit(False)
    elif mode == "ceiling":
        up = remainder > zero
    elif mode == "down":
        up = (remainder > zero) & (numerator < zero)
    elif mode == "up":
        up = (remainder > zero) & (numerator >= zero)
    else:
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
    rounded = pl.when(up).then(quotient + one).otherwise(quotient)
    if col.den is not None:
        # The per-case engine rounds the quotient to 34 digits first; close to a boundary
        # (a large value or denominator) that could tip the result: evaluate those rows per case.
        flags.append(quotient.abs() >= lit_int(QUOTIENT_LIMIT))
        flags.append(denominator >= lit_int(DENOMINATOR_LIMIT))
    if places < 0:
        rounded = rounded * lit_int(10 ** (-places))
        result_scale = 0
    else:
        result_scale = places
    return Col(NUMBER, rounded, result_scale, flag=any_of(*flags, bound_flag(rounded)))


def to_decimal(expr: pl.Expr, scale: int) -> pl.Expr:
    """A scaled Int128 as a Polars Decimal with that scale (exact)."""
    import decimal

    if scale > 38:
        raise Unsupported("a number with more than 38 decimals")
    if scale == 0:
        return expr.cast(pl.Decimal(38, 0))
    return expr.cast(pl.Decimal(38, 0)) * pl.lit(decimal.Decimal(1).scaleb(-scale), pl.Decimal(38, scale))
