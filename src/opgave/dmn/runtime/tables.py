"""Decision tables: compile rules once, evaluate with every hit policy.

Input expressions are evaluated once per evaluation; rules are checked in
order, stopping at the first input entry that does not match; output entries
are evaluated only for matched rules. Single-hit policies (U, A, P, F) give one
result, multi-hit policies (R, O, C) a list or, with an aggregation (C+, C#,
C<, C>), a single value. A table with several outputs yields contexts.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from opgave.dmn.errors import DmnModelError, describe
from opgave.dmn.explain import MatchedRule
from opgave.dmn.feel.errors import FeelError
from opgave.dmn.feel.scope import Scope
from opgave.dmn.feel.values import DECIMAL128
from opgave.dmn.jsonvalues import show
from opgave.dmn.model.elements import DecisionTable
from opgave.dmn.runtime.feelbridge import CompiledTests, feel_expression, feel_unary_tests
from opgave.dmn.runtime.state import EvalState
from opgave.dmn.runtime.tablematch import compile_matcher
from opgave.dmn.runtime.types import ANY, DmnType

if TYPE_CHECKING:
    from opgave.dmn.runtime.boxed import Evaluator, ExpressionCompiler

_POLICY_NAMES = {
    "U": "UNIQUE",
    "A": "ANY",
    "P": "PRIORITY",
    "F": "FIRST",
    "R": "RULE ORDER",
    "O": "OUTPUT ORDER",
    "C": "COLLECT",
}
_AGGREGATION_SIGNS = {"SUM": "+", "COUNT": "#", "MIN": "<", "MAX": ">"}


@dataclass(frozen=True, slots=True)
class _Rule:
    index: int
    id: str | None
    #: (input column, memo slot, test) for every input entry that is not ``-``.
    tests: tuple[tuple[int, int, Callable[..., Any]], ...]
    #: The memo slots of ``tests``, in the same order (what the evaluation loop walks).
    slots: tuple[int, ...]
    outputs: tuple[Evaluator, ...]
    annotations: dict[str, str]
    #: The output values, worked out once, when every output entry is a literal that needs no
    #: conversion and no output values check (the common case); else None.
    fixed: tuple[Any, ...] | None = None


@dataclass(frozen=True, slots=True)
class _Output:
    name: str
    type: DmnType
    allowed: CompiledTests | None
    allowed_text: str | None
    priorities: tuple[Any, ...] | None
    default: Evaluator | None


def _is_match_all(text: str) -> bool:
    stripped = text.strip()
    return stripped in ("", "-")


def compile_table(
    compiler: ExpressionCompiler, table: DecisionTable, names: frozenset[str], where: str
) -> Evaluator:
    where = f"{where}, {describe('decision table', table.output_label, table.id)}" if table.id else where
    scope = names | compiler.extra_names
    policy = table.hit_policy
    aggregation = table.aggregation if policy == "C" else None
    policy_text = _POLICY_NAMES[policy] + (_AGGREGATION_SIGNS[aggregation] if aggregation else "")

    inputs: list[tuple[Evaluator, CompiledTests | None, str]] = []
    for number, clause in enumerate(table.inputs, start=1):
        label = clause.label or clause.expression.text.strip() or f"input {number}"
        evaluator = compiler.literal(clause.expression.text, names, f"{where}, input '{label}'")
        allowed = None
        if clause.input_values and clause.input_values.strip():
            allowed = feel_unary_tests(clause.input_values, scope, where, f"input values of '{label}'")
            # Input values are evaluated on their own: they can see no variable at all.
            compiler.check_free_names(clause.input_values, allowed.free_names, frozenset(), where)
        inputs.append((evaluator, allowed, label))

    outputs: list[_Output] = []
    for number, output in enumerate(table.outputs, start=1):
        name = output.name or output.label or f"output {number}"
        output_where = f"{where}, output '{name}'"
        allowed = None
        priorities: tuple[Any, ...] | None = None
        if output.output_values and output.output_values.strip():
            allowed = feel_unary_tests(output.output_values, scope, output_where, "output values")
            compiler.check_free_names(output.output_values, allowed.free_names, frozenset(), output_where)
            try:
                listed = feel_expression(
                    f"[{output.output_values}]", scope, output_where, "output values"
                ).evaluate({})
                priorities = tuple(listed) if isinstance(listed, list) else None
            except FeelError:
                priorities = None
        default = (
            compiler.literal(output.default_output, names, f"{output_where}, default output")
            if output.default_output and output.default_output.strip()
            else None
        )
        outputs.append(
            _Output(
                name,
                compiler.type_of(output.type_ref, output_where),
                allowed,
                output.output_values,
                priorities,
                default,
            )
        )

    _report_policy_problems(compiler, policy, aggregation, outputs, where)

    rules: list[_Rule] = []
    # Identical entries in one column are tested once per evaluation (a memo slot each).
    slots: dict[tuple[int, str], tuple[int, Callable[..., Any]]] = {}
    for index, rule in enumerate(table.rules, start=1):
        rule_where = f"{where}, rule {index}" + (f" (id {rule.id})" if rule.id else "")
        tests: list[tuple[int, int, Callable[..., Any]]] = []
        for column, text in enumerate(rule.input_entries):
            if _is_match_all(text):
                continue
            slot_key = (column, text.strip())
            if slot_key not in slots:
                compiled = feel_unary_tests(
                    text, scope, rule_where, f"input entry {column + 1}", compiler.types.feel_type
                )
                compiler.check_free_names(text, compiled.free_names, names, rule_where)
                slots[slot_key] = (len(slots), compiled.predicate)
            slot, test = slots[slot_key]
            tests.append((column, slot, test))
        parts = [
            compiler.literal_parts(text, names, f"{rule_where}, output entry {column + 1}")
            for column, text in enumerate(rule.output_entries)
        ]
        rule_outputs = tuple(evaluator for evaluator, _ in parts)
        fixed = _fixed_outputs([constant for _, constant in parts], outputs)
        for column, text in enumerate(rule.output_entries):
            if column < len(outputs):
                compiler.check_conformance(
                    text, outputs[column].type, names, rule_where, f"output entry '{outputs[column].name}'"
                )
        annotations = {
            (table.annotations[i] if i < len(table.annotations) else f"annotation {i + 1}"): text
            for i, text in enumerate(rule.annotations)
            if text.strip()
        }
        if rule.description:
            annotations.setdefault("description", rule.description)
        rules.append(
            _Rule(index, rule.id, tuple(tests), tuple(t[1] for t in tests), rule_outputs, annotations, fixed)
        )

    # (input column, test) per memo slot, in slot order.
    slot_tests = [(column, test) for (column, _), (_, test) in sorted(slots.items(), key=lambda i: i[1][0])]
    match = compile_matcher(rules, [r.slots for r in rules], slot_tests, len(inputs), first_hit=policy == "F")
    single_output = len(outputs) == 1
    multi_hit = policy in ("R", "O", "C")
    table_name = table.output_label or "decision table"

    output_names = tuple(o.name for o in outputs)

    def output_of(rule: _Rule, env: dict[str, Any], state: EvalState) -> tuple[Any, bool]:
        fixed = rule.fixed
        if fixed is not None:
            return (fixed[0] if single_output else dict(zip(output_names, fixed, strict=True))), True
        values: list[Any] = []
        valid = True
        for evaluator, output in zip(rule.outputs, outputs, strict=True):
            value = evaluator(env, state)
            if output.type is not ANY:
                value = output.type.coerce(value, state.errors, f"{where}, output '{output.name}'")
            if (
                output.allowed is not None
                and value is not None
                and output.allowed.test(value, env, state.errors) is not True
            ):
                state.errors.append(
                    f"{where}: rule {rule.index} gives {show(value)} for output '{output.name}', "
                    f"which is not one of the output values {output.allowed_text}"
                )
                value = None
                valid = False
            values.append(value)
        if single_output:
            return values[0], valid
        return {o.name: v for o, v in zip(outputs, values, strict=True)}, valid

    def priority(result: Any) -> tuple[int, ...]:
        values = [result] if single_output else [result.get(o.name) for o in outputs]
        key: list[int] = []
        for value, output in zip(values, outputs, strict=True):
            if output.priorities is None:
                continue
            try:
                key.append(output.priorities.index(value))
            except ValueError:
                key.append(len(output.priorities))
        return tuple(key)

    def defaults(env: dict[str, Any], state: EvalState) -> Any:
        if all(o.default is None for o in outputs):
            return None
        values = [o.default(env, state) if o.default is not None else None for o in outputs]
        if single_output:
            return values[0]
        return {o.name: v for o, v in zip(outputs, values, strict=True)}

    evaluators = tuple(evaluator for evaluator, _, _ in inputs)
    checked = any(allowed is not None for _, allowed, _ in inputs)

    def run(env: dict[str, Any], state: EvalState) -> Any:
        errors = state.errors
        values = [evaluator(env, state) for evaluator in evaluators]
        if checked:
            for (_, allowed, label), value in zip(inputs, values, strict=True):
                if allowed is not None and value is not None and allowed.test(value, env, errors) is not True:
                    errors.append(
                        f"{where}: input '{label}' is {show(value)}, which is not one of its input values"
                    )
                    return None
        # One scope for every input entry of this evaluation.
        matched: list[_Rule] = match(values, Scope(env, None, errors))
        trace = state.trace
        node = trace.begin("decision table", table_name, table.id) if trace is not None else None
        if node is not None:
            node.hit_policy = policy_text
            node.inputs = {label: value for (_, _, label), value in zip(inputs, values, strict=True)}
        result = _select(matched, env, state, node)
        if node is not None and trace is not None:
            trace.end(node, result)
        return result

    def _select(matched: list[_Rule], env: dict[str, Any], state: EvalState, node: Any) -> Any:
        if not matched:
            if multi_hit and aggregation is None:
                default = defaults(env, state)
                return [] if default is None else [default]
            if aggregation == "COUNT":
                return decimal.Decimal(0)
            return defaults(env, state)
        if len(matched) == 1 and not multi_hit:  # one rule matched: every single-hit policy agrees
            rule = matched[0]
            value, valid = output_of(rule, env, state)
            if node is not None and valid:
                node.matched.append(MatchedRule(rule.index, rule.id, rule.annotations, value))
            return value if valid else None
        results: list[Any] = []
        for rule in matched:
            value, valid = output_of(rule, env, state)
            if not valid:
                return None
            results.append(value)
            if node is not None:
                node.matched.append(MatchedRule(rule.index, rule.id, rule.annotations, value))
        if policy == "U":
            if len(matched) > 1:
                state.errors.append(
                    f"{where}: rules {', '.join(str(r.index) for r in matched)} all match, "
                    "but the hit policy UNIQUE allows only one"
                )
                return None
            return results[0]
        if policy == "A":
            first = results[0]
            if any(other != first for other in results[1:]):
                state.errors.append(
                    f"{where}: rules {', '.join(str(r.index) for r in matched)} match with different outputs, "
                    "which the hit policy ANY does not allow"
                )
                return None
            return first
        if policy == "F":
            return results[0]
        if policy == "P":
            return min(results, key=priority)
        if policy == "O":
            return sorted(results, key=priority)
        if policy == "R" or aggregation is None:
            return results
        return _aggregate(aggregation, results, state, where, single_output)

    return run


def _fixed_outputs(constants: list[tuple[Any] | None], outputs: list[_Output]) -> tuple[Any, ...] | None:
    """A rule's output values, when each is a literal that its output keeps as it is.

    Only then is working them out once the same as working them out per evaluation: no
    conversion that could build a new value or add a message, no output values to check.
    """
    if len(constants) != len(outputs):
        return None
    values: list[Any] = []
    for constant, output in zip(constants, outputs, strict=True):
        if constant is None or output.allowed is not None:
            return None
        value = constant[0]
        errors: list[str] = []
        if output.type is not ANY and (output.type.coerce(value, errors, "") is not value or errors):
            return None
        values.append(value)
    return tuple(values)


def _report_policy_problems(
    compiler: ExpressionCompiler, policy: str, aggregation: str | None, outputs: list[_Output], where: str
) -> None:
    """Hit-policy mistakes that `check` can see without evaluating the table."""
    if policy in ("P", "O") and all(o.priorities is None for o in outputs):
        compiler.problems.append(
            DmnModelError(
                f"the hit policy {_POLICY_NAMES[policy]} needs output values to order the outputs by",
                element=where,
            )
        )
    if aggregation is not None and len(outputs) != 1:
        compiler.problems.append(
            DmnModelError(
                f"the aggregation {aggregation} needs a table with exactly one output", element=where
            )
        )


def _aggregate(
    aggregation: str, results: list[Any], state: EvalState, where: str, single_output: bool
) -> Any:
    if not single_output:
        state.errors.append(f"{where}: the aggregation {aggregation} needs a table with exactly one output")
        return None
    values = [v for v in results if v is not None]
    if aggregation == "COUNT":
        return decimal.Decimal(len(values))
    if not values:
        return None
    try:
        if aggregation == "SUM":
            if not all(isinstance(v, decimal.Decimal) for v in values):
                state.errors.append(f"{where}: the sum aggregation needs numbers, got {show(values)}")
                return None
            total = decimal.Decimal(0)
            for v in values:
                total = DECIMAL128.add(total, v)
            return total
        if aggregation == "MIN":
            return min(values)
        return max(values)
    except (TypeError, FeelError):
        state.errors.append(f"{where}: cannot aggregate {show(values)} with {aggregation}")
        return None
