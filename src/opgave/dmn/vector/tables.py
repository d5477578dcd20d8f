"""Decision tables, columnar: every rule's match is a boolean column, every hit policy a selection.

Follows ``opgave.dmn.runtime.tables`` (the per-case engine). Messages the
per-case engine can give — a value outside the input or output values, two
rules matching under UNIQUE, different outputs under ANY, a sum that needs more
than 34 digits — flag the row, which is then evaluated per case.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import polars as pl

from opgave.dmn.model.elements import DecisionTable
from opgave.dmn.runtime.types import ANY
from opgave.dmn.vector import columns as c
from opgave.dmn.vector.columns import CONTEXT, LIST, NULL, NUMBER, Col, Unsupported, any_of, when_flag
from opgave.dmn.vector.compiler import _dtype, _equal_values, _max_bound, choose, not_null, unify

if TYPE_CHECKING:
    from opgave.dmn.vector.compiler import Compiler, Env


def _static_value(text: str) -> Any:
    """The value of an output entry that needs no variables (for PRIORITY and OUTPUT ORDER)."""
    from opgave.dmn.feel import compile_expression

    compiled = compile_expression(text)
    if compiled.free_names:
        raise Unsupported("an output entry with variables under the hit policy PRIORITY or OUTPUT ORDER")
    errors: list[str] = []
    value = compiled.evaluate({}, errors)
    if errors:
        raise Unsupported("an output entry that gives a message under PRIORITY or OUTPUT ORDER")
    return value


def _priorities(text: str | None) -> tuple[Any, ...] | None:
    from opgave.dmn.feel import compile_expression

    if not text or not text.strip():
        return None
    try:
        listed = compile_expression(f"[{text}]").evaluate({})
    except Exception:
        return None
    return tuple(listed) if isinstance(listed, list) else None


def compile_table(compiler: Compiler, table: DecisionTable, env: Env) -> Col:
    policy = table.hit_policy
    aggregation = table.aggregation if policy == "C" else None
    flags: list[pl.Expr | None] = []

    # Inputs, each checked against its input values (outside them: null for the table, with a message).
    values: list[Col] = []
    for clause in table.inputs:
        value = compiler.feel(clause.expression.text, env)
        if value.kind in (CONTEXT, LIST):
            raise Unsupported(f"a decision table input that is a {value.kind}")
        if clause.expression.type_ref:
            declared = compiler.types.resolve(clause.expression.type_ref, "")
            flags.append(compiler.conforms(value, declared))
        flags.append(value.flag)
        value = replace(value, flag=None)
        if clause.input_values and clause.input_values.strip():
            allowed = compiler.tests_text(clause.input_values, value, {})
            flags.append(allowed.flag)
            flags.append(not_null(value) & ~allowed.expr.fill_null(False))
        if value.kind != NULL and value.const is None:
            value = replace(value, expr=c.let(value.expr))
        values.append(value)

    outputs = table.outputs
    out_types = [compiler.types.resolve(o.type_ref, "") if o.type_ref else ANY for o in outputs]
    names = [o.name or o.label or f"output {n}" for n, o in enumerate(outputs, start=1)]

    # Rules: a match column each (input entries compiled once per column and text).
    memo: dict[tuple[int, str], Col] = {}
    matches: list[pl.Expr] = []
    rule_outputs: list[list[Col]] = []
    for rule in table.rules:
        match: pl.Expr = pl.lit(True)
        for column, text in enumerate(rule.input_entries):
            if text.strip() in ("", "-"):
                continue
            key = (column, text.strip())
            if key not in memo:
                tested = compiler.tests_text(text, values[column], env)
                memo[key] = replace(tested, expr=c.let(tested.expr.fill_null(False)))
                flags.append(memo[key].flag)
            match = match & memo[key].expr.fill_null(False)
        matches.append(c.let(match))
        row: list[Col] = []
        for column, text in enumerate(rule.output_entries):
            value = compiler.feel(text, env)
            rule_flags = [value.flag]
            if column < len(outputs):
                if out_types[column] is not ANY:
                    rule_flags.append(compiler.conforms(value, out_types[column]))
                allowed_text = outputs[column].output_values
                if allowed_text and allowed_text.strip():
                    allowed = compiler.tests_text(allowed_text, replace(value, flag=None), {})
                    rule_flags.append(allowed.flag)
                    rule_flags.append(not_null(value) & ~allowed.expr.fill_null(False))
            flags.append(when_flag(match, any_of(*rule_flags)))
            row.append(replace(value, flag=None))
        rule_outputs.append(row)

    if aggregation is not None and len(outputs) != 1:
        raise Unsupported("an aggregation over a table with several outputs")
    if any(len(row) != len(outputs) for row in rule_outputs):
        raise Unsupported("rules with a different number of output entries than outputs")

    def result_of(row: list[Col]) -> Col:
        if len(outputs) == 1:
            return row[0]
        return Col(CONTEXT, pl.lit(True), fields=dict(zip(names, row, strict=True)), plain=True)

    defaults = [
        compiler.feel(o.default_output, env) if o.default_output and o.default_output.strip() else None
        for o in outputs
    ]
    for default in defaults:
        if default is not None:
            flags.append(default.flag)
    has_default = any(d is not None for d in defaults)
    default_value = (
        result_of([replace(d, flag=None) if d is not None else c.null() for d in defaults])
        if has_default
        else None
    )

    results = [result_of(row) for row in rule_outputs]
    matched_count = pl.sum_horizontal([m.cast(pl.UInt32) for m in matches]) if matches else pl.lit(0)
    any_match = matched_count > 0
    flag = any_of(*flags)

    if policy in ("U", "F", "A", "P"):
        order = list(range(len(results)))
        if policy == "P":
            order = _priority_order(table, names)
        if policy == "U":
            flag = any_of(flag, matched_count > 1)
        branches = [(matches[i], results[i]) for i in order]
        chosen = choose(branches, default_value if default_value is not None else c.null())
        if policy == "A":
            differ = []
            for i in order:
                equal = _same(results[i], chosen)
                differ.append(matches[i] & ~equal)
            flag = any_of(flag, *differ)
        return chosen.with_flag(flag)

    if policy in ("R", "O", "C") and aggregation is None:
        order = list(range(len(results)))
        if policy == "O":
            order = _priority_order(table, names)
        return _collect(matches, results, order, default_value, any_match).with_flag(flag)

    # COLLECT with an aggregation over the one output.
    items = [row[0] for row in rule_outputs]
    kinds = {item.kind for item in items} - {NULL}
    present = [m & not_null(item) for m, item in zip(matches, items, strict=True)]
    count = pl.sum_horizontal([p.cast(pl.UInt32) for p in present]) if present else pl.lit(0)
    if aggregation == "COUNT":
        return Col(NUMBER, count.cast(c.INT), 0, flag=flag, bound=len(items))
    fallback = default_value if default_value is not None else c.null()
    if aggregation == "SUM":
        if kinds - {NUMBER}:
            raise Unsupported("a sum of values that are not numbers")
        if not kinds:
            return choose([(any_match, c.null())], fallback).with_flag(flag)
        numbers = unify([i if i.kind == NUMBER else Col(NUMBER, pl.lit(None, c.INT), 0) for i in items])
        zero = c.lit_int(0)
        total = pl.sum_horizontal(
            [pl.when(p).then(n.expr).otherwise(zero) for p, n in zip(present, numbers, strict=True)]
        )
        magnitude = pl.sum_horizontal(
            [pl.when(p).then(n.expr.abs()).otherwise(zero) for p, n in zip(present, numbers, strict=True)]
        )
        bounds = [n.bound for n in numbers]
        total_bound = None if any(b is None for b in bounds) else sum(b for b in bounds if b is not None)
        guard = None if c.safe(total_bound) else magnitude >= c.lit_int(c.LIMIT)
        flag = any_of(flag, *(n.flag for n in numbers), guard)
        summed = Col(NUMBER, total, numbers[0].scale, bound=total_bound)
        value = choose([(count > 0, summed)], c.null())
        return choose([(any_match, value)], fallback).with_flag(flag)
    if aggregation in ("MIN", "MAX"):
        if len(kinds) > 1 or kinds & {CONTEXT, LIST, "boolean"}:
            raise Unsupported("min/max of values of different kinds")
        if not kinds:
            return choose([(any_match, c.null())], fallback).with_flag(flag)
        same = unify(items)
        dtype = _dtype(next(i for i in same if i.kind != NULL))
        exprs = [
            pl.when(p).then(i.expr if i.kind != NULL else pl.lit(None, dtype)).otherwise(pl.lit(None, dtype))
            for p, i in zip(present, same, strict=True)
        ]
        extreme = pl.min_horizontal(exprs) if aggregation == "MIN" else pl.max_horizontal(exprs)
        template = next(i for i in same if i.kind != NULL)
        value = Col(
            template.kind,
            extreme,
            template.scale,
            flag=any_of(*(i.flag for i in same)),
            bound=_max_bound(same),
        )
        return choose([(any_match, value)], fallback).with_flag(flag)
    raise Unsupported(f"the aggregation {aggregation}")


def _same(a: Col, b: Col) -> pl.Expr:
    if a.kind == CONTEXT and b.kind == CONTEXT:
        result: pl.Expr = pl.lit(True)
        for key in a.fields:
            result = result & _equal_values(a.fields[key], b.fields[key]).expr.fill_null(False)
        return result
    return _equal_values(a, b).expr.fill_null(False)


def _priority_order(table: DecisionTable, names: list[str]) -> list[int]:
    priorities = [_priorities(o.output_values) for o in table.outputs]
    if all(p is None for p in priorities):
        raise Unsupported("a PRIORITY or OUTPUT ORDER table without output values")
    keys = []
    for index, rule in enumerate(table.rules):
        key = []
        for text, listed in zip(rule.output_entries, priorities, strict=False):
            if listed is None:
                continue
            value = _static_value(text)
            try:
                key.append(listed.index(value))
            except ValueError:
                key.append(len(listed))
        keys.append((tuple(key), index))
    return [index for _, index in sorted(keys)]


def _element_expr(value: Col, template: Col) -> pl.Expr:
    if template.kind == CONTEXT:
        return pl.struct(
            [_element_expr(value.fields[k], template.fields[k]).alias(k) for k in template.fields]
        )
    if value.kind == NULL:
        return pl.lit(None, _dtype(template))
    return value.expr


def _element_dtype(template: Col) -> pl.DataType:
    if template.kind == CONTEXT:
        return pl.Struct({k: _element_dtype(v) for k, v in template.fields.items()})
    return _dtype(template)


def _collect(
    matches: list[pl.Expr], results: list[Col], order: list[int], default: Col | None, any_match: pl.Expr
) -> Col:
    everything = unify([*(results[i] for i in order), *([default] if default is not None else [])])
    if not everything:
        return Col(LIST, pl.lit([], pl.List(pl.Null)), element=c.null())
    template = next((v for v in everything if v.kind != NULL), everything[0])
    if template.kind == CONTEXT and any(
        v.kind == CONTEXT and v.fields and any(f.kind == CONTEXT for f in v.fields.values())
        for v in everything
    ):
        raise Unsupported("lists of nested contexts")
    dtype = _element_dtype(template)
    empty = pl.lit([], pl.List(dtype))
    parts = []
    for position, index in enumerate(order):
        item = _element_expr(everything[position], template)
        parts.append(pl.when(matches[index]).then(pl.concat_list([item])).otherwise(empty))
    listed = pl.concat_list(parts) if parts else empty
    fallback = pl.concat_list([_element_expr(everything[-1], template)]) if default is not None else empty
    expr = pl.when(any_match).then(listed).otherwise(fallback)
    flag = any_of(*(v.flag for v in everything))
    return Col(LIST, expr, element=replace(template, flag=None), flag=flag)
