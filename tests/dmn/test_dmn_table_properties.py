"""Property tests: decision tables agree with a plain-Python reading of the same rules."""

from __future__ import annotations

from decimal import Decimal

from dmn_builders import decision_xml, definitions, input_xml, table_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opgave.dmn import load_model

Entry = tuple[str, int, int]  # (kind, a, b)

entries = st.one_of(
    st.just(("any", 0, 0)),
    st.tuples(st.sampled_from(["<", "<=", ">", ">=", "="]), st.integers(-20, 20), st.just(0)),
    st.tuples(st.just("range"), st.integers(-20, 0), st.integers(0, 20)),
)
rules_strategy = st.lists(st.tuples(entries, entries), min_size=1, max_size=8)


def text(entry: Entry) -> str:
    kind, a, b = entry
    if kind == "any":
        return "-"
    if kind == "range":
        return f"[{a}..{b})"
    if kind == "=":
        return str(a)
    return f"{kind} {a}"


def holds(entry: Entry, value: int) -> bool:
    kind, a, b = entry
    return {
        "any": True,
        "<": value < a,
        "<=": value <= a,
        ">": value > a,
        ">=": value >= a,
        "=": value == a,
        "range": a <= value < b,
    }[kind]


def model_for(policy: str, rules: list[tuple[Entry, Entry]], aggregation: str | None = None):  # type: ignore[no-untyped-def]
    table = table_xml(
        policy,
        [([text(x), text(y)], [str(number)]) for number, (x, y) in enumerate(rules, start=1)],
        inputs=("x", "y"),
        aggregation=aggregation,
    )
    body = input_xml("x", "number") + input_xml("y", "number") + decision_xml("R", table, inputs=["x", "y"])
    return load_model(definitions(body))


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(rules_strategy, st.integers(-25, 25), st.integers(-25, 25))
def test_first_and_rule_order_follow_the_rule_order(rules: list[tuple[Entry, Entry]], x: int, y: int) -> None:
    matched = [Decimal(n) for n, (ex, ey) in enumerate(rules, start=1) if holds(ex, x) and holds(ey, y)]
    first = model_for("FIRST", rules).evaluate("R", {"x": x, "y": y}).value
    assert first == (matched[0] if matched else None)
    assert model_for("RULE ORDER", rules).evaluate("R", {"x": x, "y": y}).value == matched


@SETTINGS
@given(rules_strategy, st.integers(-25, 25), st.integers(-25, 25))
def test_collect_sum_count_and_unique(rules: list[tuple[Entry, Entry]], x: int, y: int) -> None:
    matched = [Decimal(n) for n, (ex, ey) in enumerate(rules, start=1) if holds(ex, x) and holds(ey, y)]
    inputs = {"x": x, "y": y}
    assert model_for("COLLECT", rules, "SUM").evaluate("R", inputs).value == (
        sum(matched) if matched else None
    )
    assert model_for("COLLECT", rules, "COUNT").evaluate("R", inputs).value == len(matched)
    unique = model_for("UNIQUE", rules).evaluate("R", inputs)
    assert unique.value == (matched[0] if len(matched) == 1 else None)
    assert bool(unique.messages) == (len(matched) > 1)
