"""The landscape: overlap detection on constructed registries with known overlaps, the network,
the exports, and the notice to both sides of a new strong overlap."""

from __future__ import annotations

import csv
import io

import pytest

from opgave.core.actors import Actor
from opgave.learning import export, selectors, services, similarity
from opgave.learning.models import Overlap
from opgave.learning.similarity import Facts

from .conftest import World, act, make_collaboration, make_org, make_person

F = frozenset


def _pairs(facts: list[Facts]) -> dict[tuple[int, int], similarity.Match]:
    return {(m.a, m.b): m for m in similarity.overlaps(facts)}


def test_a_known_overlap_in_place_parties_and_problem_is_strong_and_explained() -> None:
    facts = [
        Facts(
            1,
            "Schulden Arnhem",
            "Huishoudens met problematische schulden eerder helpen.",
            F({"Arnhem"}),
            False,
            F({"Arnhem", "UWV", "CJIB"}),
        ),
        Facts(
            2,
            "Schuldhulp Arnhem-Zuid",
            "Problematische schulden bij huishoudens vroeg signaleren en helpen.",
            F({"Arnhem"}),
            False,
            F({"Arnhem", "CJIB"}),
        ),
        Facts(
            3,
            "Hitte in Zwolle",
            "Wijken koel houden met groen en water.",
            F({"Zwolle"}),
            False,
            F({"Zwolle"}),
        ),
    ]
    found = _pairs(facts)
    assert set(found) == {(1, 2)}
    match = found[(1, 2)]
    assert match.strong
    assert any("Zelfde gebied: Arnhem" in r for r in match.reasons)
    assert any("Gedeelde partijen: Arnhem, CJIB" in r for r in match.reasons)
    assert any("schulden" in r for r in match.reasons)


def test_same_place_and_partner_without_a_shared_problem_is_reported_but_not_strong() -> None:
    facts = [
        Facts(
            1,
            "Flexwonen",
            "Tijdelijke woningen voor spoedzoekers.",
            F({"Arnhem"}),
            False,
            F({"Arnhem", "Vivare"}),
        ),
        Facts(
            2,
            "Energiearmoede",
            "Energierekeningen omlaag door isoleren.",
            F({"Arnhem"}),
            False,
            F({"Arnhem", "Vivare"}),
        ),
    ]
    match = _pairs(facts)[(1, 2)]
    assert not match.strong
    assert not any("opgave" in r for r in match.reasons)


def test_the_same_problem_elsewhere_with_other_parties_is_found_by_text_alone() -> None:
    facts = [
        Facts(
            1,
            "Laaggeletterdheid Twente",
            "Volwassenen die moeite hebben met lezen en schrijven helpen.",
            F({"Enschede"}),
            False,
            F({"Enschede"}),
        ),
        Facts(
            2,
            "Taal voor iedereen Limburg",
            "Volwassenen met moeite met lezen en schrijven vinden een cursus.",
            F({"Maastricht"}),
            False,
            F({"Maastricht"}),
        ),
        Facts(
            3, "Droogte Veluwe", "Grondwater op peil voor natuur.", F({"Apeldoorn"}), False, F({"Apeldoorn"})
        ),
    ]
    found = _pairs(facts)
    assert (1, 2) in found and (1, 3) not in found and (2, 3) not in found
    assert found[(1, 2)].text > 0.3


def test_a_national_collaboration_overlaps_in_territory_with_every_regional_one() -> None:
    national = Facts(
        1, "Landelijke incasso", "Incasso van boetes stapelt niet op.", F(), True, F({"CJIB", "UWV"})
    )
    regional = Facts(
        2,
        "Schulden Ede",
        "Incasso en boetes bij schulden in Ede afstemmen.",
        F({"Ede"}),
        False,
        F({"Ede", "CJIB"}),
    )
    score, reason = similarity.territory(national, regional)
    assert score == 0.5 and "landelijk" in reason
    assert (1, 2) in _pairs([national, regional])


def test_place_names_do_not_make_unrelated_opgaven_look_alike() -> None:
    a = Facts(1, "Arnhem hitte", "Hitte in Arnhem.", F({"Gemeente Arnhem"}))
    b = Facts(2, "Arnhem wonen", "Woningen in Arnhem.", F({"Gemeente Arnhem"}))
    sims = similarity.text_similarity(
        ["Arnhem hitte Hitte in Arnhem.", "Arnhem wonen Woningen in Arnhem."], similarity.place_stems([a, b])
    )
    assert sims[0][1] == pytest.approx(0.0)


def test_partner_suggestions_explain_analogy_and_complementary_strengths() -> None:
    ind = similarity.Profile(
        1,
        "IND",
        F({"aanvragen beoordelen", "vergunningen verlenen"}),
        F({"juridische kwaliteit"}),
        F({"tijdigheid"}),
    )
    svb = similarity.Profile(
        2,
        "SVB",
        F({"aanvraag beoordelen", "uitkeringen verstrekken"}),
        F({"tijdigheid"}),
        F({"juridische kwaliteit"}),
    )
    rws = similarity.Profile(3, "RWS", F({"wegen onderhouden"}), F({"planning"}), F())
    found = similarity.partner_fit(ind, [svb, rws])
    assert [m.b for m in found] == [2]
    reasons = " ".join(found[0].reasons)
    assert "aanvragen beoordelen" in reasons
    assert "SVB is sterk in wat bij jou beter kan: tijdigheid" in reasons
    assert "Je bent sterk in wat bij SVB beter kan: juridische kwaliteit" in reasons


@pytest.mark.django_db
def test_refresh_stores_overlaps_and_notifies_both_sides_once(world: World) -> None:
    from opgave.notifications.models import Notification

    world.schulden.opgave = "Huishoudens met problematische schulden in Arnhem eerder helpen."
    world.schulden.save()
    world.schulden.facilitators.add(world.anna)
    other = make_collaboration(
        "Schuldhulp Arnhem-Zuid",
        "Problematische schulden bij huishoudens in Arnhem vroeg signaleren en helpen.",
        owners=[world.arnhem],
        region=[world.arnhem],
    )
    regisseur = make_person("rita", world.arnhem)
    other.facilitators.add(regisseur)
    report = services.refresh_overlaps(actor=Actor.system())
    assert report.new_strong == 1
    stored = Overlap.objects.get()
    assert {stored.a, stored.b} == {world.schulden, other} and stored.notified_at is not None
    notices = Notification.objects.filter(kind="landscape.overlap")
    assert sorted(n.recipient.username for n in notices) == ["anna", "rita"]
    assert "Schuldhulp Arnhem-Zuid" in notices.get(recipient=world.anna).title
    assert notices.get(recipient=world.anna).url == f"/leren/landschap/{world.schulden.uuid}/"
    again = services.refresh_overlaps(actor=Actor.system())
    assert again.new_strong == 0 and notices.count() == 2


@pytest.mark.django_db
def test_only_the_platform_itself_refreshes_the_overlaps(world: World) -> None:
    from opgave.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.refresh_overlaps(actor=act(world.anna))


@pytest.mark.django_db
def test_network_shows_connecting_organisations_and_lone_collaborations(world: World) -> None:
    make_collaboration("Schulden Ede", "Schulden.", owners=[world.ede], region=[world.ede])
    alone_org = make_org("Gemeente Eenzaam")
    make_collaboration("Alleen", "Iets.", owners=[alone_org], region=[alone_org])
    data = selectors.network(act(world.otto))
    nodes = {n["label"]: n for n in data["nodes"]}
    assert nodes["Gemeente Ede"]["connections"] == 2
    assert nodes["Alleen"]["alone"] is True
    assert nodes["Wonen"]["alone"] is False
    assert {"source": f"o{world.ede.id}", "target": f"c{world.wonen.id}"} in data["edges"]


@pytest.mark.django_db
def test_registry_export_as_csv_json_and_dcat(world: World) -> None:
    world.wonen.name = "=HYPERLINK(1)"
    world.wonen.save()
    entries = selectors.registry(act(world.otto))
    rows = list(csv.DictReader(io.StringIO(export.to_csv(entries))))
    assert [r["naam"] for r in rows] == ["'=HYPERLINK(1)", "Schulden"]
    assert rows[1]["regio"] == "Gemeente Arnhem"
    assert export.rows(entries)[1]["eigenaren"] == ["Gemeente Arnhem"]
    description = export.dcat("https://voorbeeld.nl", len(entries), "2026-01-01")
    assert description["@type"] == "dcat:Dataset"
    assert {d["dcat:mediaType"] for d in description["dcat:distribution"]} == {"text/csv", "application/json"}


@pytest.mark.django_db
def test_the_registry_is_for_signed_in_users_only(world: World) -> None:
    from opgave.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        selectors.registry(Actor.for_person(None))
