"""Which rules of a decision table match: one generated Python function per table.

A table's input entries are compiled to predicates (``< 18``, ``"koop"``), identical
entries of one column sharing a memo slot so that each is tested at most once per
evaluation. Walking the rules in a loop over tuples and a memo list costs more than the
tests themselves on a small table, so the rule conditions are written out as the source of
one function, compiled once per table (docs/adr/0044). For a table with three rules::

    def match(values, scope):
        v0, v1 = values
        m0 = m1 = None
        if (m0 if m0 is not None else (m0 := t0(v0, scope) is True)):
            return [r0]
        if (m1 if m1 is not None else (m1 := t1(v1, scope) is True)) and (...):
            return [r1]
        if True:
            return [r2]
        return []

where ``t0, t1`` are the predicates and ``r0, r1, r2`` the rules (hit policy FIRST
returns at the first match; the other policies collect every match).
The source is made of generated identifiers and rule positions only: no text of the
model ever becomes code. Evaluation order and short-circuiting are those of the plain
loop: rules in order, a rule's tests in column order, stopping at the first test that
does not hold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from opgave.dmn.feel.scope import Scope

#: (input values, scope) -> the matching rules, in rule order.
Matcher = Callable[[list[Any], Scope], list[Any]]
Test = Callable[[Any, Scope], "bool | None"]


def compile_matcher(
    rules: Sequence[Any],
    rule_slots: Sequence[tuple[int, ...]],
    slot_tests: Sequence[tuple[int, Test]],
    column_count: int,
    *,
    first_hit: bool,
) -> Matcher:
    """The matcher of a table whose rule ``rules[i]`` holds when the tests of ``rule_slots[i]`` all hold.

    ``slot_tests[s]`` is ``(input column, predicate)`` for memo slot ``s``; a predicate gives
    True, False or None for the column's value. With ``first_hit`` the matcher stops at the
    first rule that matches.
    """
    source = _source(rule_slots, [column for column, _ in slot_tests], column_count, first_hit)
    namespace: dict[str, Any] = {}
    exec(compile(source, "<decision table rules>", "exec"), namespace)  # noqa: S102 (generated, see above)
    matcher: Matcher = namespace["matcher"](tuple(test for _, test in slot_tests), tuple(rules))
    return matcher


def _source(
    rule_slots: Sequence[tuple[int, ...]], slot_columns: list[int], column_count: int, first_hit: bool
) -> str:
    lines = ["def matcher(tests, rules):"]
    if slot_columns:
        lines.append(f"    ({''.join(f't{s}, ' for s in range(len(slot_columns)))}) = tests")
    if rule_slots:
        lines.append(f"    ({''.join(f'r{r}, ' for r in range(len(rule_slots)))}) = rules")
    lines.append("    def match(values, scope):")
    if column_count:
        lines.append(f"        ({''.join(f'v{c}, ' for c in range(column_count))}) = values")
    if slot_columns:
        lines.append(f"        {' = '.join(f'm{s}' for s in range(len(slot_columns)))} = None")
    if not first_hit:
        lines.append("        hits = []")
    for position, slots in enumerate(rule_slots):
        condition = " and ".join(
            f"(m{s} if m{s} is not None else (m{s} := t{s}(v{slot_columns[s]}, scope) is True))"
            for s in slots
        )
        lines.append(f"        if {condition or 'True'}:")
        lines.append(
            f"            return [r{position}]" if first_hit else f"            hits.append(r{position})"
        )
    lines.append("        return []" if first_hit else "        return hits")
    lines.append("    return match")
    return "\n".join(lines) + "\n"
