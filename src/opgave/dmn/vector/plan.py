"""Run a model over a frame: columnar where possible, per case where not, per case on flagged rows.

1. Each input data column becomes a columnar value of the input's type; values
   that would not conform per case (and so give a message) flag their rows.
2. Decisions are compiled in dependency order. A decision the columnar compiler
   cannot express is evaluated by the per-case engine for that decision only,
   row by row, with the values of the decisions it requires given to it.
3. Rows flagged anywhere (a message per case, or a value outside the exact
   range) are evaluated again, whole, by the per-case engine: their values and
   messages are its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import polars as pl

from opgave.dmn.runtime.nodes import BkmNode, DecisionNode, InputNode, ServiceNode
from opgave.dmn.runtime.state import CURRENT
from opgave.dmn.runtime.types import ANY, BuiltinType, ConstrainedType, DmnType, LazyType, StructureType
from opgave.dmn.vector import columns as c
from opgave.dmn.vector.columns import (
    BOOLEAN,
    CONTEXT,
    DATE,
    LIST,
    NULL,
    NUMBER,
    STRING,
    Col,
    Unsupported,
    any_of,
)
from opgave.dmn.vector.compiler import Compiler, FunctionRef, requirement_target
from opgave.dmn.vector.frames import _instance, _merge, infer_dtype, to_series

if TYPE_CHECKING:
    from opgave.dmn.api import Model

OPAQUE = "opaque"
FLAG = "__opgave_flag"


@dataclass
class Report:
    """How each decision is evaluated: columnar, or per case with the reason."""

    columnar: list[str] = field(default_factory=list)
    per_case: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)
    #: Rows evaluated again, whole, by the per-case engine (flagged), in the last run.
    rows_per_case: int = 0


# ---------------------------------------------------------------------- inputs


def _base(declared: DmnType) -> DmnType:
    while True:
        if isinstance(declared, LazyType):
            declared = declared.target
        elif isinstance(declared, ConstrainedType):
            declared = declared.base
        else:
            return declared


_KIND_OF_TYPE = {"number": NUMBER, "string": STRING, "boolean": BOOLEAN, "date": DATE}


def _number_col(expr: pl.Expr, scale: int, bound: int | None) -> Col:
    """A number column (its scaled integers as Int128 in ``expr``) as Int64 with its bound."""
    if bound is not None and bound < c.LIMIT:
        return Col(NUMBER, expr.cast(c.INT), scale, bound=bound)
    wide = expr.cast(pl.Int128)
    flag = wide.abs() >= pl.lit(c.LIMIT, pl.Int128)
    value = pl.when(flag).then(pl.lit(None, c.INT)).otherwise(wide.cast(c.INT, strict=False))
    return Col(NUMBER, value, scale, flag=flag, bound=c.LIMIT - 1)


def _col_from_expr(expr: pl.Expr, dtype: pl.DataType, bound: int | None = None) -> Col:
    """A columnar value for a column of ``dtype`` read as a FEEL value (JSON-like conversion)."""
    if isinstance(dtype, pl.Decimal):
        return _number_col(expr.to_physical(), dtype.scale or 0, bound)
    if dtype.is_integer():
        return _number_col(expr, 0, bound)
    if dtype == pl.Boolean:
        return Col(BOOLEAN, expr)
    if dtype == pl.String:
        return Col(STRING, expr)
    if dtype == pl.Date:
        return Col(DATE, expr)
    if dtype == pl.Null:
        return c.null()
    if isinstance(dtype, pl.Struct):
        fields = {f.name: _col_from_expr(expr.struct.field(f.name), _instance(f.dtype)) for f in dtype.fields}
        flag = any_of(*(f.flag for f in fields.values()))
        fields = {k: replace(v, flag=None) for k, v in fields.items()}
        return Col(CONTEXT, expr.is_not_null(), fields=fields, flag=flag)
    raise Unsupported(f"a column of type {dtype}")


def _typed_input(col: Col, raw: pl.Expr, dtype: pl.DataType, declared: DmnType, compiler: Compiler) -> Col:
    """The input as the per-case engine sees it after conversion (``from_json``) and coercion to its type."""
    base = _base(declared)
    if isinstance(base, BuiltinType) and base.name == "date" and dtype == pl.String:
        parsed = raw.str.to_date("%Y-%m-%d", strict=False)
        differs = raw.is_not_null() & (parsed.is_null() | (parsed.dt.to_string("%Y-%m-%d") != raw))
        col = Col(DATE, parsed, flag=differs)
    expected = _KIND_OF_TYPE.get(base.name) if isinstance(base, BuiltinType) else None
    if expected is not None and col.kind not in (expected, NULL):
        # Never conforms: null, with a message on every row that has a value.
        flag = raw.is_not_null()
        dtype_of = {NUMBER: c.INT, STRING: pl.String, BOOLEAN: pl.Boolean, DATE: pl.Date}[expected]
        return Col(expected, pl.lit(None, dtype_of), 0, flag=flag)
    if isinstance(base, StructureType) and col.kind == CONTEXT:
        # Components the column lacks are null (from_json fills them in).
        fields = dict(col.fields)
        for key in base.components:
            fields.setdefault(key, c.null())
        col = replace(col, fields=fields)
    conform = compiler.conforms(replace(col, flag=None), declared)
    return col.with_flag(conform)


def _magnitude(series: pl.Series) -> int | None:
    """The largest magnitude of a number column's scaled integers (0 when all null)."""
    if isinstance(series.dtype, pl.Decimal) or series.dtype.is_integer():
        physical = series.to_physical() if isinstance(series.dtype, pl.Decimal) else series
        largest = physical.cast(pl.Int128).abs().max()
        return 0 if largest is None else int(largest)  # type: ignore[arg-type]
    return None


def _python_floats(series: pl.Series) -> tuple[pl.Series, pl.Series | None]:
    """Float columns as the per-case engine reads them: through their shortest text, as decimals.

    Values with more than 18 decimals or beyond the exact range are left out (null) and
    their rows flagged, so that the column stays one Decimal type.
    """
    from opgave.dmn.jsonvalues import from_json_number

    values: list[decimal.Decimal | None] = []
    bad: list[bool] = []
    for value in series.to_list():
        number = None if value is None else from_json_number(value)
        exponent = number.as_tuple().exponent if number is not None else 0
        if number is not None and (
            not isinstance(exponent, int) or exponent < -18 or abs(number) >= decimal.Decimal(10) ** 15
        ):
            values.append(None)
            bad.append(True)
        else:
            values.append(number)
            bad.append(False)
    scale = 0
    for number in values:
        if number is not None:
            exponent = number.as_tuple().exponent
            assert isinstance(exponent, int)
            scale = max(scale, -exponent)
    converted = pl.Series(series.name, values, dtype=pl.Decimal(38, scale))
    return converted, (pl.Series("bad", bad, dtype=pl.Boolean) if any(bad) else None)


# ---------------------------------------------------------------------- Python values <-> columns


def _infer(values: list[Any]) -> tuple[Col, dict[str, pl.Series], list[bool]]:
    """A columnar value for Python FEEL values (a decision evaluated per case)."""
    columns: dict[str, pl.Series] = {}
    bad = [False] * len(values)
    col = _infer_into(values, "v", columns, bad)
    return col, columns, bad


def _infer_into(values: list[Any], name: str, columns: dict[str, pl.Series], bad: list[bool]) -> Col:
    present = [v for v in values if v is not None]
    if not present:
        return c.null()
    if all(isinstance(v, bool) for v in present):
        columns[name] = pl.Series(name, values, dtype=pl.Boolean)
        return Col(BOOLEAN, pl.col(name))
    if all(isinstance(v, str) for v in present):
        columns[name] = pl.Series(name, values, dtype=pl.String)
        return Col(STRING, pl.col(name))
    if all(type(v) is dt.date for v in present):
        columns[name] = pl.Series(name, values, dtype=pl.Date)
        return Col(DATE, pl.col(name))
    if all(isinstance(v, decimal.Decimal) and not isinstance(v, bool) for v in present):
        scale = 0
        for v in present:
            if v.is_finite():
                exponent = v.as_tuple().exponent
                assert isinstance(exponent, int)
                scale = max(scale, min(-exponent, 30))
        scaled: list[int | None] = []
        for index, v in enumerate(values):
            if v is None:
                scaled.append(None)
                continue
            if not v.is_finite():
                bad[index] = True
                scaled.append(None)
                continue
            number = v.scaleb(scale)
            if number != number.to_integral_value() or abs(number) >= c.LIMIT:
                bad[index] = True
                scaled.append(None)
                continue
            scaled.append(int(number))
        columns[name] = pl.Series(name, scaled, dtype=c.INT)
        bound = max((abs(v) for v in scaled if v is not None), default=0)
        return Col(NUMBER, pl.col(name), scale, bound=bound)
    if all(isinstance(v, dict) for v in present):
        keys = list(present[0])
        if all(list(v) == keys for v in present):
            fields = {}
            for key in keys:
                inner = [None if v is None else v[key] for v in values]
                fields[key] = _infer_into(inner, f"{name}.{key}", columns, bad)
            if any(f.kind == OPAQUE for f in fields.values()):
                return Col(OPAQUE, pl.lit(None))
            columns[f"{name}?"] = pl.Series(f"{name}?", [v is not None for v in values], dtype=pl.Boolean)
            return Col(CONTEXT, pl.col(f"{name}?"), fields=fields)
    return Col(OPAQUE, pl.lit(None))


def _output_expr(col: Col) -> pl.Expr:
    """A columnar value as the column the caller gets (numbers as Decimal)."""
    if col.kind == NUMBER:
        return c.to_decimal(col.expr, col.scale)
    if col.kind == NULL:
        return pl.lit(None)
    if col.kind == CONTEXT:
        struct = pl.struct([_output_expr(v).alias(k) for k, v in col.fields.items()]) if col.fields else None
        if struct is None:
            raise Unsupported("an empty context")
        return pl.when(col.expr).then(struct).otherwise(pl.lit(None))
    if col.kind == LIST:
        element = col.element
        assert element is not None
        if element.kind == NUMBER:
            return col.expr.list.eval(c.to_decimal(pl.element(), element.scale))
        if element.kind == CONTEXT:
            inner = [
                (
                    c.to_decimal(pl.element().struct.field(k), v.scale)
                    if v.kind == NUMBER
                    else pl.element().struct.field(k)
                ).alias(k)
                for k, v in element.fields.items()
            ]
            return col.expr.list.eval(pl.struct(inner))
        return col.expr
    return col.expr


# ---------------------------------------------------------------------- the plan


class Plan:
    """What evaluating a model over frames needs, worked out once per model."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.main = model._main
        self.namespace = self.main.namespace

    def closure(self, names: list[str]) -> list[DecisionNode]:
        """The requested decisions and all they require, in an order where requirements come first."""
        order: list[DecisionNode] = []
        seen: set[tuple[str, str]] = set()

        def visit(node: DecisionNode, depth: int = 0) -> None:
            if node.key in seen or depth > 1000:
                return
            seen.add(node.key)
            for _prefix, _name, getter in node.requirements:
                target = getattr(getter, "__self__", None)
                if isinstance(target, DecisionNode):
                    visit(target, depth + 1)
            order.append(node)

        for name in names:
            visit(self.model._find(self.main.decisions, name, "decision"))
        return order

    def _compiler(self) -> Compiler:
        compiler = Compiler(self.model, self.main.types)
        compiler.definitions = self.main.definitions
        compiler.extra_names = frozenset()
        from opgave.dmn.runtime.compiler import ModelSet

        models: ModelSet = self.model._models
        compiler.extra_names = models.extra_names
        return compiler

    def _why_not(self, node: DecisionNode) -> str | None:
        if node.key[0] != self.namespace:
            return "a decision of an imported model"
        if self.main.definitions.camunda:
            return "a model in the Camunda compatibility mode"
        if node.problem is not None or node.body is None:
            return "the decision has a problem or no logic"
        for prefix, _name, _getter in node.requirements:
            if prefix is not None:
                return "it requires an element of an imported model"
        return None

    def _element(self, node: DecisionNode) -> Any:
        for decision in self.main.definitions.decisions:
            if (decision.id or decision.name) == node.id:
                return decision
        return None

    # ------------------------------------------------------------------ run

    def run(
        self,
        data: pl.DataFrame,
        names: list[str],
        messages: str | None,
        report: Report | None = None,
    ) -> pl.DataFrame:
        height = data.height
        compiler = self._compiler()
        nodes = self.closure(names)
        work = pl.DataFrame({FLAG: pl.Series(FLAG, [False] * height, dtype=pl.Boolean)})
        inputs: dict[tuple[str, str], Col] = {}
        pending: list[list[pl.Expr]] = []
        flags: list[pl.Expr | None] = []

        def input_value(node: InputNode) -> Col:
            nonlocal work
            if node.key in inputs:
                return inputs[node.key]
            col_name = node.name
            if col_name not in data.columns:
                col = c.null()
            else:
                series = data[col_name]
                unreadable = None
                if series.dtype.is_float():
                    series, unreadable = _python_floats(series)
                internal = f"__in{len(inputs)}"
                try:
                    col = _col_from_expr(pl.col(internal), series.dtype, _magnitude(series))
                    work = work.with_columns(series.alias(internal))
                    if unreadable is not None:
                        work = work.with_columns(unreadable.alias(f"{internal}!"))
                        col = col.with_flag(pl.col(f"{internal}!"))
                    col = _typed_input(col, pl.col(internal), series.dtype, node.type, compiler)
                except Unsupported as exc:
                    col = Col(OPAQUE, pl.lit(None))
                    if report is not None:
                        report.inputs[node.name] = str(exc)
            inputs[node.key] = col
            flags.append(col.flag)
            col = replace(col, flag=None)
            inputs[node.key] = col
            return col

        values: dict[tuple[str, str], Col] = {}
        python_values: dict[tuple[str, str], list[Any]] = {}
        for number, node in enumerate(nodes):
            reason = self._why_not(node)
            col: Col | None = None
            lets, token = c.collecting_lets()
            if reason is None:
                try:
                    env: dict[str, Any] = {}
                    for _prefix, name, getter in node.requirements:
                        target = requirement_target(getter)
                        value: Col | FunctionRef
                        if isinstance(target, DecisionNode):
                            value = values[target.key]
                        elif isinstance(target, InputNode):
                            value = input_value(target)
                        elif isinstance(target, (BkmNode, ServiceNode)):
                            value = FunctionRef(target, "bkm" if isinstance(target, BkmNode) else "service")
                        else:
                            raise Unsupported(f"the requirement '{name}'")
                        if isinstance(value, Col) and value.kind == OPAQUE:
                            raise Unsupported(
                                f"it requires '{name}', whose values have no single columnar kind"
                            )
                        env[name] = value
                    element = self._element(node)
                    if element is None:
                        raise Unsupported("the decision's element was not found")
                    col = compiler.boxed(element.expression, env)
                    if node.type is not ANY:
                        col = col.with_flag(compiler.conforms(col, node.type))
                    col = c.exact(col)
                    # Check that the value can be given to the caller (e.g. at most 38 decimals).
                    _output_expr(col)
                except Unsupported as exc:
                    reason = str(exc)
                    col = None
            c.stop_lets(token)
            prefix = f"__d{number}"
            if col is not None:
                stage_flag = any_of(*flags, col.flag)
                flags = []
                col = replace(col, flag=None)
                exprs, col = _materialize(col, prefix)
                if stage_flag is not None:
                    exprs.append((pl.col(FLAG) | stage_flag.fill_null(True)).alias(FLAG))
                pending.extend(lets)
                if exprs:
                    pending.append(exprs)
                if report is not None:
                    report.columnar.append(node.name)
            else:
                if report is not None:
                    report.per_case[node.name] = reason or "unknown"
                # Bring everything so far into columns, then evaluate this decision per case.
                work = self._flush(work, pending, flags)
                pending, flags = [], []
                col, python_values[node.key], columns, bad_rows = self._per_case_node(
                    node, data, work, values, python_values, prefix
                )
                if columns:
                    work = work.with_columns(list(columns.values()))
                if any(bad_rows):
                    work = work.with_columns(
                        (pl.col(FLAG) | pl.Series("bad", bad_rows, dtype=pl.Boolean)).alias(FLAG)
                    )
            values[node.key] = col

        # The requested decisions as the caller's columns.
        outputs: list[pl.Expr] = []
        wanted = [self.model._find(self.main.decisions, name, "decision") for name in names]
        for name, node in zip(names, wanted, strict=True):
            col = values[node.key]
            if col.kind != OPAQUE and node.key not in python_values:
                outputs.append(_output_expr(col).alias(f"__out.{name}"))
        # One lazy query for what is left; only the outputs and the flag are kept, so that
        # Polars leaves out whatever the requested decisions do not need.
        lazy = work.lazy()
        for stage in pending:
            lazy = lazy.with_columns(stage)
        flag = any_of(*flags)
        if flag is not None:
            lazy = lazy.with_columns((pl.col(FLAG) | flag.fill_null(True)).alias(FLAG))
        if outputs:
            lazy = lazy.with_columns(outputs)
        keep = [
            FLAG,
            *(
                f"__out.{name}"
                for name, node in zip(names, wanted, strict=True)
                if f"__out.{name}" in {o.meta.output_name() for o in outputs}
            ),
        ]
        work = lazy.select(keep).collect()
        result_columns: dict[str, pl.Series] = {}
        for name, node in zip(names, wanted, strict=True):
            if node.key in python_values:
                result_columns[name] = to_series(name, python_values[node.key])
            else:
                result_columns[name] = work[f"__out.{name}"].alias(name)
        flagged = work[FLAG].arg_true().to_list() if height else []
        if report is not None:
            report.rows_per_case = len(flagged)
        notes: list[list[str]] = [[] for _ in range(height)] if messages is not None else []
        if flagged:
            from opgave.dmn.vector.fallback import evaluate_rows

            per_case, row_notes = evaluate_rows(self.model, data, names, flagged)
            for name in names:
                result_columns[name] = _scatter(result_columns[name], flagged, per_case[name])
            if messages is not None:
                for index, note in zip(flagged, row_notes, strict=True):
                    notes[index] = note
        values_out = {name: result_columns[name] for name in names}
        frame = (
            pl.DataFrame([values_out[name] for name in names], height=height)
            if names
            else pl.DataFrame(height=height)
        )
        if messages is not None:
            frame = frame.with_columns(pl.Series(messages, notes, dtype=pl.List(pl.String)))
        return frame

    def _flush(
        self, work: pl.DataFrame, pending: list[list[pl.Expr]], flags: list[pl.Expr | None]
    ) -> pl.DataFrame:
        flag = any_of(*flags)
        if not pending and flag is None:
            return work
        lazy = work.lazy()
        for stage in pending:
            lazy = lazy.with_columns(stage)
        if flag is not None:
            lazy = lazy.with_columns((pl.col(FLAG) | flag.fill_null(True)).alias(FLAG))
        return lazy.collect()

    def _per_case_node(
        self,
        node: DecisionNode,
        data: pl.DataFrame,
        work: pl.DataFrame,
        values: dict[tuple[str, str], Col],
        python_values: dict[tuple[str, str], list[Any]],
        prefix: str,
    ) -> tuple[Col, list[Any], dict[str, pl.Series], list[bool]]:
        """Evaluate one decision per case on the rows not flagged yet, given what it requires."""
        height = data.height
        flagged = work[FLAG].to_list()
        required: dict[tuple[str, str], list[Any]] = {}
        for key, col in values.items():
            if key in python_values:
                required[key] = python_values[key]
            elif col.kind == NULL:
                required[key] = [None] * height
            else:
                required[key] = work.with_columns(_output_expr(col).alias("__v"))["__v"].to_list()
        rows = data.to_dicts()
        results: list[Any] = []
        bad = [False] * height
        model = self.model
        for index, row in enumerate(rows):
            if flagged[index]:
                results.append(None)
                continue
            state = model._state(row, None, False, True)
            for key, listed in required.items():
                state.cache[key] = listed[index]
            token = CURRENT.set(state)
            try:
                value = node.evaluate(state)
            except Exception:
                value = None
                bad[index] = True
            finally:
                CURRENT.reset(token)
            if state.errors:
                bad[index] = True
            results.append(value)
        col, columns, not_columnar = _infer(results)
        renamed: dict[str, pl.Series] = {}
        mapping = {name: f"{prefix}.{name}" for name in columns}
        for name, series in columns.items():
            renamed[mapping[name]] = series.alias(mapping[name])
        col = _rename(col, mapping)
        for index, flag in enumerate(not_columnar):
            if flag:
                bad[index] = True
        return col, results, renamed, bad


def _rename(col: Col, mapping: dict[str, str]) -> Col:
    """Point a Col built by _infer at its renamed columns."""
    names = col.expr.meta.root_names() if col.kind not in (NULL, OPAQUE) else []
    expr = pl.col(mapping[names[0]]) if names and names[0] in mapping else col.expr
    fields = {k: _rename(v, mapping) for k, v in col.fields.items()}
    return replace(col, expr=expr, fields=fields)


def _materialize(col: Col, prefix: str) -> tuple[list[pl.Expr], Col]:
    """Expressions that store ``col`` in columns named after ``prefix``, and the Col reading them."""
    if col.kind == NULL or col.const is not None:
        return [], col
    if col.kind == CONTEXT:
        exprs = [col.expr.alias(f"{prefix}?")]
        fields = {}
        for key, value in col.fields.items():
            more, fields[key] = _materialize(value, f"{prefix}.{key}")
            exprs.extend(more)
        return exprs, replace(col, expr=pl.col(f"{prefix}?"), fields=fields)
    exprs = [col.expr.alias(prefix)]
    den = None
    if col.den is not None:
        exprs.append(col.den.alias(f"{prefix}/den"))
        den = pl.col(f"{prefix}/den")
    return exprs, replace(col, expr=pl.col(prefix), den=den)


def _scatter(series: pl.Series, rows: list[int], values: list[Any]) -> pl.Series:
    """``series`` with ``rows`` replaced by per-case ``values`` (widening the type when needed)."""
    inferred = infer_dtype(values)
    if inferred is not None and series.dtype != pl.Object and _merge(series.dtype, inferred) == series.dtype:
        # Values that do not fit the columnar type exactly rebuild the column below.
        with contextlib.suppress(Exception):
            replacement = pl.Series(series.name, values, dtype=series.dtype, strict=True)
            if replacement.to_list() == values:
                result = series.clone()
                result.scatter(rows, replacement)
                return result
    merged = series.to_list()
    for index, value in zip(rows, values, strict=True):
        merged[index] = value
    return to_series(series.name, merged)


_PLANS: dict[int, Plan] = {}


def plan_for(model: Model) -> Plan:
    plan = getattr(model, "_vector_plan", None)
    if plan is None:
        plan = Plan(model)
        model._vector_plan = plan  # type: ignore[attr-defined]
    return plan


def explain_plan(model: Model, frame: pl.DataFrame | None = None) -> Report:
    """Which decisions evaluate columnar, and why the others do not (for ``dmn check --vectorised``)."""
    report = Report()
    if frame is None:
        frame = sample_frame(model)
    plan_for(model).run(frame, list(model.decision_names), None, report)
    return report


def sample_frame(model: Model) -> pl.DataFrame:
    """An empty frame with a column per input data, typed after the input's declared type."""
    columns: dict[str, pl.DataType] = {}
    for node in model._main.inputs.values():
        columns[node.name] = _dtype_for(node.type)
    return pl.DataFrame(schema=columns)


def _dtype_for(declared: DmnType) -> pl.DataType:
    base = _base(declared)
    if isinstance(base, BuiltinType):
        return {
            "number": pl.Decimal(38, 6),
            "string": pl.String(),
            "boolean": pl.Boolean(),
            "date": pl.Date(),
        }.get(base.name, pl.Decimal(38, 6))
    if isinstance(base, StructureType):
        return pl.Struct({k: _dtype_for(v) for k, v in base.components.items()})
    return pl.Decimal(38, 6)
