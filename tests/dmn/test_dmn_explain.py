"""The explanation trace: JSON-serialisable, nested by requirement, with matched rules."""

from __future__ import annotations

import json

from dmn_builders import ModelFactory, decision_xml, literal

from opgave.dmn import Model
from opgave.dmn.explain import render
from opgave.dmn.jsonvalues import dumps

INPUTS = {
    "leeftijd": 42,
    "totaleSchuld": 32000,
    "aantalSchuldeisers": 12,
    "woonsituatie": "huur",
    "eerderSchuldsanering": False,
    "nettoMaandinkomen": 1850,
}


def test_without_explain_there_is_no_trace(schuldhulp: Model) -> None:
    assert schuldhulp.evaluate("traject", INPUTS).trace is None


def test_the_trace_shows_decisions_bkms_and_matched_rules(schuldhulp: Model) -> None:
    result = schuldhulp.evaluate("traject", INPUTS, explain=True)
    assert result.trace is not None
    [root] = result.trace
    assert (root["kind"], root["name"]) == ("decision", "traject")
    assert root["inputs"]["afloscapaciteit"] == 92.5
    json.dumps(result.trace)  # plain JSON data
    kinds = [child["kind"] for child in root["children"]]
    assert kinds == ["decision", "decision table"]
    dependency = root["children"][0]
    assert dependency["name"] == "afloscapaciteit"
    assert dependency["children"][0]["kind"] == "business knowledge model"
    assert dependency["children"][0]["inputs"]["woonsituatie"] == "huur"
    table = root["children"][1]
    assert table["hitPolicy"] == "FIRST"
    assert table["matchedRules"] == [
        {
            "rule": 17,
            "id": "r17",
            "output": {"soort": "stabilisatie", "termijn": table["matchedRules"][0]["output"]["termijn"]},
            "annotations": {"toelichting": "Eerst stabiliseren"},
        }
    ]


def test_the_trace_is_json_and_readable(schuldhulp: Model) -> None:
    result = schuldhulp.evaluate("traject", INPUTS, explain=True)
    data = json.loads(dumps(result.to_json()))
    assert data["value"] == {"soort": "stabilisatie", "termijn": 18}
    assert data["trace"][0]["children"][0]["output"] == 92.5
    text = render(data["trace"])
    assert "matched rules: 17" in text
    assert "rule 17 toelichting: Eerst stabiliseren" in text
    assert "business knowledge model 'beslagvrijeVoet' -> 1757.5" in text


def test_messages_are_attached_to_the_decision_that_raised_them(make_model: ModelFactory) -> None:
    model = make_model(decision_xml("Bad", literal('1 + "a"')))
    result = model.evaluate("Bad", explain=True)
    assert result.value is None
    assert result.trace is not None and result.trace[0]["messages"]
