"""Property tests: evaluate_frame equals Model.evaluate on every row, value and messages.

Hypothesis draws populations (nulls, boundary values, negative and very large
numbers, far dates, columns of the wrong type) for the shipped rule sets, the
hit-policy and table models of tests/dmn/models and a synthetic model with every
hit policy, and compares every row both ways.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from dmn_builders import decision_xml, definitions, input_xml, literal, table_xml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from opgave.dmn import Model, load_model
from opgave.dmn.vector.plan import explain_plan

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = ROOT / "src" / "opgave" / "rules" / "reference"
MODELS = ROOT / "tests" / "dmn" / "models"

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


def same(a: Any, b: Any) -> bool:
    """Strict FEEL equality: a boolean is not a number, 1.0 equals 1, contexts and lists item by item."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return isinstance(a, Decimal) and isinstance(b, Decimal) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def assert_rows_equal(model: Model, frame: pl.DataFrame, decisions: list[str] | None = None) -> pl.DataFrame:
    """Each decision alone, then all together: values and messages equal to the per-case engine's."""
    names = decisions or model.decision_names
    rows = frame.to_dicts()
    for name in names:
        alone = model.evaluate_frame(frame, [name], messages="__messages")
        assert alone.columns == [name, "__messages"]
        assert alone.height == frame.height
        values, notes = alone[name].to_list(), alone["__messages"].to_list()
        for index, row in enumerate(rows):
            expected = model.evaluate(name, row)
            assert same(values[index], expected.value), (index, name, row, values[index], expected)
            assert notes[index] == expected.messages, (index, name, row, notes[index], expected)
    got = model.evaluate_frame(frame, names, messages="__messages")
    reference = model.evaluate_frame(frame, names, messages="__messages", columnar=False)
    assert got.columns == [*names, "__messages"]
    for name in [*names, "__messages"]:
        assert all(same(a, b) for a, b in zip(got[name].to_list(), reference[name].to_list(), strict=True)), (
            name
        )
    return got


# ---------------------------------------------------------------------- strategies

EDGE_NUMBERS = [
    0,
    1,
    -1,
    17,
    18,
    21,
    67,
    130,
    131,
    28406,
    39719,
    39720,
    141896,
    10**12,
    10**16,
    10**17,
    -(10**18),
]


def numbers(places: int) -> st.SearchStrategy[Any]:
    plain = st.decimals(
        min_value=Decimal(-(10**7)),
        max_value=Decimal(10**8),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )
    return st.one_of(st.none(), plain, st.sampled_from([Decimal(v) for v in EDGE_NUMBERS]))


@st.composite
def number_column(draw: st.DrawFn, size: int) -> pl.Series:
    """A number column as Decimal, integer, float, or (rarely) text that does not conform."""
    style = draw(st.sampled_from(["decimal", "decimal", "int", "float", "text"]))
    if style == "int":
        values = draw(
            st.lists(
                st.one_of(st.none(), st.integers(-(10**6), 10**6), st.sampled_from(EDGE_NUMBERS)),
                min_size=size,
                max_size=size,
            )
        )
        return pl.Series(values, dtype=pl.Int64)
    if style == "float":
        values = draw(
            st.lists(
                st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False)), min_size=size, max_size=size
            )
        )
        return pl.Series(values, dtype=pl.Float64)
    if style == "text":
        values = draw(
            st.lists(st.one_of(st.none(), st.sampled_from(["12", "abc", ""])), min_size=size, max_size=size)
        )
        return pl.Series(values, dtype=pl.String)
    places = draw(st.integers(0, 5))
    values = draw(st.lists(numbers(places), min_size=size, max_size=size))
    return pl.Series(values, dtype=pl.Decimal(38, 5) if places <= 5 else None)


@st.composite
def boolean_column(draw: st.DrawFn, size: int) -> pl.Series:
    values = draw(st.lists(st.one_of(st.none(), st.booleans()), min_size=size, max_size=size))
    return pl.Series(values, dtype=pl.Boolean)


@st.composite
def string_column(draw: st.DrawFn, size: int, choices: list[str]) -> pl.Series:
    values = draw(
        st.lists(
            st.one_of(st.none(), st.sampled_from(choices), st.text(max_size=3)), min_size=size, max_size=size
        )
    )
    return pl.Series(values, dtype=pl.String)


@st.composite
def population(draw: st.DrawFn, columns: dict[str, Any]) -> pl.DataFrame:
    size = draw(st.integers(0, 25))
    data = {}
    for name, kind in columns.items():
        if draw(st.integers(0, 30)) == 0:
            continue  # a missing column: the input is null
        if kind == "number":
            data[name] = draw(number_column(size))
        elif kind == "boolean":
            data[name] = draw(boolean_column(size))
        else:
            data[name] = draw(string_column(size, kind))
    return pl.DataFrame(data, height=size) if data else pl.DataFrame(height=size)


# ---------------------------------------------------------------------- the shipped rule sets

ZORGTOESLAG = {
    "leeftijd": "number",
    "verzekerd": "boolean",
    "toeslagpartner": "boolean",
    "toetsingsinkomen": "number",
    "vermogen": "number",
}


@pytest.fixture(scope="module", params=["zorgtoeslag-2024.dmn", "zorgtoeslag-2025.dmn"])
def zorgtoeslag(request: pytest.FixtureRequest) -> Model:
    return load_model(REFERENCE / "zorgtoeslag" / request.param)


@SETTINGS
@given(data=st.data())
def test_zorgtoeslag_rows_equal(zorgtoeslag: Model, data: st.DataObject) -> None:
    frame = data.draw(population(ZORGTOESLAG))
    assert_rows_equal(zorgtoeslag, frame)


def test_zorgtoeslag_is_fully_columnar(zorgtoeslag: Model) -> None:
    report = explain_plan(zorgtoeslag)
    assert report.per_case == {}
    assert set(report.columnar) == set(zorgtoeslag.decision_names)


INKOMENSTOESLAG = {
    "huishouden": ["alleenstaande", "alleenstaande ouder", "gezin", "anders"],
    "inkomen": "number",
    "bijstandsnorm": "number",
    "leeftijd": "number",
    "aowLeeftijdBereikt": "boolean",
    "vermogenBovenGrens": "boolean",
    "uitzichtOpInkomensverbetering": "boolean",
    "jarenLaagInkomen": "number",
    "referteperiode": "number",
    "inkomensgrens": "number",
    "bedragAlleenstaande": "number",
    "bedragAlleenstaandeOuder": "number",
    "bedragGezin": "number",
}


@SETTINGS
@given(data=st.data())
def test_inkomenstoeslag_rows_equal(data: st.DataObject) -> None:
    model = load_model(REFERENCE / "inkomenstoeslag" / "inkomenstoeslag.dmn")
    frame = data.draw(population(INKOMENSTOESLAG))
    assert_rows_equal(model, frame)


# ---------------------------------------------------------------------- the test models (TCK-style)


@SETTINGS
@given(data=st.data())
def test_hit_policy_model_rows_equal(data: st.DataObject) -> None:
    model = load_model(MODELS / "hit-policies.dmn")
    frame = data.draw(population({"Score": "number", "Colour": ["red", "green", "blue", "yellow"]}))
    assert_rows_equal(model, frame)


@SETTINGS
@given(data=st.data())
def test_table_features_rows_equal(data: st.DataObject) -> None:
    model = load_model(MODELS / "table-features.dmn")
    frame = data.draw(population({"Shirt Size": ["S", "M", "L", "XL", "XXL"], "Quantity": "number"}))
    assert_rows_equal(model, frame)


@SETTINGS
@given(data=st.data())
def test_services_model_rows_equal(data: st.DataObject) -> None:
    model = load_model(MODELS / "services.dmn")
    frame = data.draw(population({"Gross Income": "number", "Children": "number"}))
    assert_rows_equal(model, frame)


# ---------------------------------------------------------------------- every hit policy, synthetic

RULES = [
    (["< 10", '"a","b"'], ["1", '"low"']),
    (["[5..20]", "-"], ["2", '"mid"']),
    (["> 15", 'not("c")'], ["3", '"high"']),
    (["-", '"c"'], ["null", '"c"']),
    (["(0..5]", "-"], ["2", '"mid"']),
]

POLICIES = {
    "Unique": {"policy": "UNIQUE"},
    "First": {"policy": "FIRST"},
    "Any": {"policy": "ANY"},
    "Priority": {"policy": "PRIORITY", "output_values": ["3,2,1", '"high","mid","low","c"']},
    "Rule Order": {"policy": "RULE ORDER"},
    "Output Order": {"policy": "OUTPUT ORDER", "output_values": ["3,2,1", '"high","mid","low","c"']},
    "Collect": {"policy": "COLLECT"},
    "Defaults": {"policy": "FIRST", "defaults": ["-1", '"none"']},
    "Input Values": {"policy": "FIRST", "input_values": ["[-100..100]", None]},
}
AGGREGATIONS = ["SUM", "COUNT", "MIN", "MAX"]


def synthetic_model() -> Model:
    parts = [input_xml("x", "number"), input_xml("s", "string")]
    for name, options in POLICIES.items():
        opts = dict(options)
        policy = opts.pop("policy")
        table = table_xml(policy, RULES, inputs=("x", "s"), outputs=("n", "label"), **opts)  # type: ignore[arg-type]
        parts.append(decision_xml(name, table, inputs=("x", "s")))
    for aggregation in AGGREGATIONS:
        single = [(entries, [outputs[0]]) for entries, outputs in RULES]
        table = table_xml("COLLECT", single, inputs=("x", "s"), outputs=("n",), aggregation=aggregation)
        parts.append(decision_xml(f"Collect {aggregation}", table, inputs=("x", "s")))
    expressions = {
        "Arithmetic": "if x > 0 then decimal(x / 3, 2) + floor(x * 1.5) - ceiling(-x / 7, 1) else round half up(x, 0)",
        "Rounding": "round half down(x / 8, 1) + round up(x, -1) + round down(-x / 3, 3) + abs(x)",
        "Logic": 'x between 1 and 100 and (s = "a" or not(s in ("b", "c")))',
        "Extremes": "max(x, 0, -5) - min([x, 10])",
        "Cube": "x * x * x - x * 1000",
        "Strings": 's + "!" + (if starts with(s, "a") then "A" else "")',
        "Context": "{double: x * 2, more: double + 1}.more",
        "Per Case": "sum([x, 1]) * 2",
    }
    for name, text in expressions.items():
        parts.append(decision_xml(name, literal(text), inputs=("x", "s")))
    parts.append(
        '<decision id="d_Uses" name="Uses Per Case"><variable name="Uses Per Case"/>'
        '<informationRequirement><requiredDecision href="#d_Per Case"/></informationRequirement>'
        '<informationRequirement><requiredInput href="#input_x"/></informationRequirement>'
        f"{literal('if Per Case > x then Per Case - x else 0')}</decision>"
    )
    return load_model(definitions("".join(parts)))


@pytest.fixture(scope="module")
def synthetic() -> Model:
    return synthetic_model()


def test_synthetic_model_is_columnar_except_the_fallback(synthetic: Model) -> None:
    report = explain_plan(synthetic)
    assert report.per_case == {"Per Case": "the function sum()"}
    assert "Uses Per Case" in report.columnar
    for name in [*POLICIES, *(f"Collect {a}" for a in AGGREGATIONS)]:
        assert name in report.columnar


@SETTINGS
@given(data=st.data())
def test_synthetic_every_hit_policy_rows_equal(synthetic: Model, data: st.DataObject) -> None:
    frame = data.draw(population({"x": "number", "s": ["a", "b", "c", "d"]}))
    assert_rows_equal(synthetic, frame)


def test_synthetic_known_rows(synthetic: Model) -> None:
    frame = pl.DataFrame(
        {"x": [Decimal("7"), Decimal("16"), None, Decimal("200")], "s": ["a", "c", "c", None]}
    )
    got = assert_rows_equal(synthetic, frame)
    # Rules 1 and 2 both match x = 7 under UNIQUE: null, with the per-case message.
    assert got["Unique"][0] is None
    assert any("UNIQUE" in message for message in got["__messages"].to_list()[0])
    assert got["Collect SUM"][0] == Decimal(3)
    # x = 16, s = "c": rules 2 and 4 match; a null output is not among the output values, so it sorts last.
    assert got["Output Order"].to_list()[1] == [{"n": Decimal(2), "label": "mid"}, {"n": None, "label": "c"}]
    # 200 is outside the input values [-100..100]: null with a message, as per case.
    assert got["Input Values"][3] is None
    assert got["__messages"].to_list()[3]


def test_dates_and_structs_in(make_model: Any) -> None:
    body = (
        input_xml("born", "date")
        + input_xml("person")
        + decision_xml(
            "Adult", literal('born <= @"2007-01-01" and person.age >= 18'), inputs=("born", "person")
        )
        + decision_xml("Year", literal("born.year + 1"), inputs=("born",))
    )
    model = make_model(body)
    frame = pl.DataFrame(
        {
            "born": [dt.date(1990, 5, 1), dt.date(2010, 1, 1), None, dt.date(1, 1, 1)],
            "person": [{"age": Decimal(40)}, {"age": Decimal(10)}, None, {"age": None}],
        }
    )
    got = assert_rows_equal(model, frame)
    assert got["Adult"].to_list()[:2] == [True, False]
    text = frame.with_columns(pl.col("born").dt.to_string("%Y-%m-%d"))
    text = text.with_columns(pl.Series("born", ["1990-05-01", "2010-1-1", None, "not a date"]))
    assert_rows_equal(model, text)
