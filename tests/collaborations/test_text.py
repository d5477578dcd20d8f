"""Questionnaire scoring, divergence of formulations and the field-by-field design diff."""

from __future__ import annotations

import pytest

from opgave.collaborations import divergence, questionnaire
from opgave.collaborations.design import Design, Principle, diff, flatten


def test_questionnaire_scores_quadrants_and_proposes_the_highest() -> None:
    answers = {
        "b1": 1,
        "b2": 2,
        "b3": 1,
        "m1": 3,
        "m2": 3,
        "m3": 3,
        "n1": 5,
        "n2": 5,
        "n3": 4,
        "p1": 4,
        "p2": 4,
        "p3": 4,
    }
    result = questionnaire.score(answers)
    assert result.scores[Principle.MEERLAAGS_BESTUUR] == pytest.approx(8.3)
    assert result.scores[Principle.MEERLAAGS_MANAGEMENT] == 50.0
    assert result.scores[Principle.NETWERKENDE_SAMENWERKING] == pytest.approx(91.7)
    assert result.proposed == Principle.NETWERKENDE_SAMENWERKING


def test_questionnaire_tie_goes_to_the_lighter_arrangement_and_skips_empty_quadrants() -> None:
    result = questionnaire.score({"b1": 5, "p1": 5})
    assert result.scores[Principle.MEERLAAGS_MANAGEMENT] is None
    assert result.proposed == Principle.MAATSCHAPPELIJKE_SAMENWERKING
    assert questionnaire.score({}).proposed is None


def test_questionnaire_rejects_unknown_questions_and_out_of_range_answers() -> None:
    with pytest.raises(ValueError, match="Unknown"):
        questionnaire.score({"zz": 3})
    with pytest.raises(ValueError, match=r"1\.\.5"):
        questionnaire.score({"b1": 9})


def test_divergent_formulations_score_low_and_similar_ones_high() -> None:
    apart = divergence.measure(
        {
            "Anna": "Inwoners met problematische schulden verliezen hun woning door huisuitzettingen.",
            "Bram": "Overheidsincasso stapelt boetes op zodat de uitvoeringsorganisaties elkaar tegenwerken.",
            "Carla": "Jongeren leren op school niet hoe zij met geld omgaan.",
        }
    )
    assert apart.mean_similarity is not None and apart.mean_similarity < 0.2
    assert apart.divergence is not None and apart.divergence > 0.8
    assert "huisuitzettingen" in apart.distinctive_terms["Anna"]
    close = divergence.measure(
        {
            "Anna": "Huisuitzettingen door schulden voorkomen voor inwoners met problematische schulden.",
            "Bram": "Voorkomen dat inwoners met problematische schulden hun huis verliezen door huisuitzetting.",
        }
    )
    assert close.mean_similarity is not None and close.mean_similarity > 0.4
    assert "schulden" in close.shared_terms


def test_terms_used_by_some_but_not_all_are_listed_with_who_used_them() -> None:
    report = divergence.measure(
        {"a": "schulden en huur", "b": "schulden en boetes", "c": "boetes en huur en schulden"}
    )
    assert report.shared_terms == ["schulden"]
    assert report.partial_terms == {"boetes": ["b", "c"], "huur": ["a", "c"]}


def test_lemmas_and_stop_words_make_inflections_match_in_the_lexical_view() -> None:
    report = divergence.measure({"a": "de gemeente en de schulden", "b": "gemeenten, schuld"})
    assert report.pairs[0].lexical_similarity is not None and report.pairs[0].lexical_similarity > 0.99
    assert divergence.terms("de het een") == []


def test_party_agreement_is_the_share_of_participants_naming_it() -> None:
    report = divergence.measure(
        {"a": "x y", "b": "y z", "c": "z"},
        {"a": ["CJIB", "Woningcorporatie"], "b": ["cjib"], "c": ["CJIB", "UWV"]},
    )
    first = report.parties[0]
    assert first.party == "CJIB" and first.share == 1.0 and first.named_by == ["a", "b", "c"]
    assert {p.party: p.share for p in report.parties}["UWV"] == pytest.approx(0.333)


def test_one_formulation_gives_no_similarity() -> None:
    report = divergence.measure({"a": "schulden", "b": ""})
    assert report.mean_similarity is None and report.pairs == []


def test_diff_reports_changed_added_and_removed_fields_by_identity() -> None:
    old = Design.model_validate(
        {
            "step1": {"opgave": "Schulden"},
            "step2": {"parties": [{"organisation_name": "A", "role": "regisseur"}]},
        }
    ).to_json()
    new = Design.model_validate(
        {
            "step1": {"opgave": "Schulden voorkomen", "bedoeling": "Bestaanszekerheid"},
            "step2": {
                "parties": [{"organisation_name": "B"}, {"organisation_name": "A", "role": "financier"}]
            },
        }
    ).to_json()
    rows = {r["path"]: r for r in diff(old, new)}
    assert rows["step1.opgave"] == {
        "path": "step1.opgave",
        "change": "changed",
        "old": "Schulden",
        "new": "Schulden voorkomen",
    }
    assert rows["step1.bedoeling"]["change"] == "added"
    assert rows["step2.parties[A].role"]["old"] == "regisseur"
    assert rows["step2.parties[B].organisation_name"]["change"] == "added"
    assert diff(old, old) == []
    assert "step3.answers" in flatten(Design().to_json())
