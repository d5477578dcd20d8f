"""Managing a rule set: law references (of the set, and per decision of a concept version) and open
terms — validation, who may, what published versions and published variants protect, the audit,
the pages and the API (ADR 0045, 0046)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from tests.core.factories import ApiTokenFactory

from opgave.api.conditional import etag
from opgave.core import permissions as core_permissions
from opgave.core.actors import Actor
from opgave.core.exceptions import RevisionConflict, RevisionRequired
from opgave.core.models import ApiToken, AuditRecord, Person
from opgave.rules import errors, permissions, services
from opgave.rules.forms import OpenTermForm
from opgave.rules.models import LawReference, OpenTerm, RuleSet

from .conftest import SYSTEM, World, rule_set
from .dmn_text import times_model

D = dt.date
LAW = {
    "bwb_id": "BWBR0018451",
    "title": "Wet op de zorgtoeslag",
    "article": "2",
    "url": "https://wetten.overheid.nl/BWBR0018451/2025-01-01#Artikel2",
}


def _fresh(item: RuleSet) -> RuleSet:
    return RuleSet.objects.get(pk=item.pk)


def _with_variant(world: World) -> RuleSet:
    item = rule_set(world.ministerie)
    services.publish_variant(
        item,
        actor=SYSTEM,
        organisation=world.arnhem,
        values={"factor": 7},
        geldig_van=D(2024, 1, 1),
        regulation_title="Verordening Arnhem",
        regulation_url="https://lokaleregelgeving.overheid.nl/CVDR1",
    )
    return item


# ------------------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        ({"bwb_id": "BWB0018451"}, "bwb_id", "BWBR gevolgd door zeven cijfers"),
        ({"bwb_id": "BWBR001845"}, "bwb_id", "BWBR gevolgd door zeven cijfers"),
        ({"url": "http://wetten.overheid.nl/BWBR0018451"}, "url", "https-link"),
        ({"url": "https://example.org/BWBR0018451"}, "url", "wetten.overheid.nl"),
        ({"url": "https://wetten.overheid.nl.example.org/BWBR0018451"}, "url", "wetten.overheid.nl"),
        ({"url": "https://wetten.overheid.nl/BWBR0002221"}, "url", "wijst niet naar BWBR0018451"),
        ({"url": "https://lokaleregelgeving.overheid.nl/BWBR0018451"}, "url", "wetten.overheid.nl"),
        ({"article": " "}, "article", "Vul het artikel in"),
    ],
)
def test_a_wrong_law_reference_is_refused_per_field_and_nothing_is_stored(
    world: World, change: dict[str, str], field: str, says: str
) -> None:
    item = rule_set(world.ministerie)
    before = LawReference.objects.count()
    with pytest.raises(errors.Invalid) as refused:
        services.add_law_reference(item, actor=world.actor(world.amira), data={**LAW, **change})
    assert [e["field"] for e in refused.value.errors] == [field]
    assert says in refused.value.errors[0]["message"]
    assert LawReference.objects.count() == before


def test_a_municipal_regulation_is_referenced_by_its_cvdr_number_on_lokaleregelgeving(world: World) -> None:
    item = rule_set(world.arnhem)
    local = {
        "bwb_id": "cvdr712345",
        "title": "Verordening individuele inkomenstoeslag Arnhem",
        "article": "4",
        "url": "https://lokaleregelgeving.overheid.nl/CVDR712345/1",
    }
    found = services.add_law_reference(item, actor=world.actor(world.sanne), data=local)
    assert found.bwb_id == "CVDR712345"
    with pytest.raises(errors.Invalid):
        services.add_law_reference(
            item,
            actor=world.actor(world.sanne),
            data={**local, "url": "https://wetten.overheid.nl/CVDR712345"},
        )


def test_adding_a_reference_updates_the_catalogue_filter_the_etag_and_the_audit(world: World) -> None:
    item = rule_set(world.ministerie)
    revision = _fresh(item).revision
    services.add_law_reference(item, actor=world.actor(world.amira), data=LAW)
    fresh = _fresh(item)
    assert "BWBR0018451" in fresh.law_ids
    assert fresh.revision > revision
    record = AuditRecord.objects.filter(action="ruleset.law_reference.add").latest("seq")
    assert record.actor == world.amira and record.detail["bwb_id"] == "BWBR0018451"


# ----------------------------------------------------------------------------- who may


def _actors(world: World) -> dict[str, Actor]:
    admin = Person.objects.create_user(
        username="beheer", email="beheer@example.nl", password="x-y-z-w-v", is_staff=True
    )
    writer: ApiToken = ApiTokenFactory(organisation=world.ministerie, scopes=["rules:write"])  # type: ignore[assignment]
    reader: ApiToken = ApiTokenFactory(organisation=world.ministerie, scopes=["rules:read", "rules:evaluate"])  # type: ignore[assignment]
    return {
        "anoniem": Actor(origin="test"),
        "lid van een andere organisatie": world.actor(world.sanne),
        "platformbeheerder zonder lidmaatschap": Actor.for_person(admin, origin="test"),
        "token zonder rules:write": Actor.for_token(reader, origin="test"),
        "lid van de eigenaar": world.actor(world.amira),
        "token met rules:write": Actor.for_token(writer, origin="test"),
    }


ALLOWED = {"lid van de eigenaar", "token met rules:write"}


def _attempts(item: RuleSet, actor: Actor) -> list[Any]:
    term = item.open_terms.get()
    return [
        lambda: services.add_law_reference(item, actor=actor, data=LAW),
        lambda: services.declare_open_term(
            item,
            actor=actor,
            name="x",
            label="Invoer",
            default=1,
            law_title="Testwet",
            law_article="9",
            law_url="https://wetten.overheid.nl/BWBR0015703",
        ),
        lambda: services.change_open_term(
            term, actor=actor, changes={"label": "Anders"}, expected_revision=_fresh(item).revision
        ),
        lambda: services.remove_open_term(term, actor=actor, expected_revision=_fresh(item).revision),
    ]


def test_only_the_owner_and_its_writing_tokens_manage_and_every_refusal_is_audited(world: World) -> None:
    for name, actor in _actors(world).items():
        item = rule_set(world.ministerie, title=f"Regels {name}")
        denied = AuditRecord.objects.filter(result="denied").count()
        attempts = _attempts(item, actor)
        for attempt in attempts:
            if name in ALLOWED:
                attempt()
            else:
                with pytest.raises(errors.Forbidden):
                    attempt()
        if name not in ALLOWED:
            assert AuditRecord.objects.filter(result="denied").count() == denied + len(attempts), name
            assert item.law_references.count() == 0 and item.open_terms.get().label == "Factor", name
        else:
            assert item.law_references.count() == 1 and [t.name for t in item.open_terms.all()] == ["x"]


def test_organisation_ids_read_the_memberships_once_per_request(
    world: World, django_assert_num_queries: Any
) -> None:
    item = rule_set(world.ministerie)
    actor = world.actor(Person.objects.get(pk=world.amira.pk))
    with core_permissions.remembering_roles(), django_assert_num_queries(1):
        for _ in range(5):
            assert permissions.can_manage(actor, item)
            assert permissions.can_view(actor, item)


# --------------------------------------------------------------- versions and revisions


def test_a_published_versions_decision_references_never_change(world: World) -> None:
    item = rule_set(world.ministerie)
    published = item.versions.get()
    with pytest.raises(errors.Conflict, match="verandert niet meer"):
        services.add_law_reference(
            item, actor=world.actor(world.amira), data={**LAW, "decision": "uitkomst"}, version=published
        )


def test_a_decision_reference_sits_on_a_concept_version_that_has_the_decision(world: World) -> None:
    item = rule_set(world.ministerie)
    concept = services.add_version(
        item, actor=SYSTEM, dmn=times_model("x + factor"), geldig_van=D(2030, 1, 1)
    )
    amira = world.actor(world.amira)
    with pytest.raises(errors.Invalid, match="geen beslissing 'bestaat niet'"):
        services.add_law_reference(
            item, actor=amira, data={**LAW, "decision": "bestaat niet"}, version=concept
        )
    with pytest.raises(errors.Invalid, match="hoort bij een versie"):
        services.add_law_reference(item, actor=amira, data={**LAW, "decision": "uitkomst"})
    found = services.add_law_reference(
        item, actor=amira, data={**LAW, "decision": "uitkomst"}, version=concept
    )
    assert found.version == concept and found.decision == "uitkomst"
    services.publish_version(concept, actor=SYSTEM)
    with pytest.raises(errors.Conflict):
        services.change_law_reference(
            found, actor=amira, data={"article": "3"}, expected_revision=_fresh(item).revision
        )


def test_a_change_needs_the_revision_read_and_a_stale_one_changes_nothing(world: World) -> None:
    item = rule_set(world.ministerie)
    amira = world.actor(world.amira)
    found = services.add_law_reference(item, actor=amira, data=LAW)
    stale = _fresh(item).revision
    with pytest.raises(RevisionRequired):
        services.change_law_reference(found, actor=amira, data={"article": "3"}, expected_revision=None)
    services.change_law_reference(found, actor=amira, data={"article": "3"}, expected_revision=stale)
    with pytest.raises(RevisionConflict):
        services.change_law_reference(found, actor=amira, data={"article": "4"}, expected_revision=stale)
    with pytest.raises(RevisionConflict):
        services.remove_law_reference(found, actor=amira, expected_revision=stale)
    assert LawReference.objects.get(pk=found.pk).article == "3"
    record = AuditRecord.objects.filter(action="ruleset.law_reference.change").latest("seq")
    assert record.detail["changes"] == {"article": {"oud": "2", "nieuw": "3"}}


# --------------------------------------------------------------------------- open terms


def test_an_open_term_is_checked_as_a_whole_and_nothing_is_stored_when_refused(world: World) -> None:
    item = rule_set(world.ministerie, factor_term=False)
    with pytest.raises(errors.Invalid) as refused:
        services.declare_open_term(
            item,
            actor=world.actor(world.amira),
            name="factor",
            label="Factor",
            minimum=10,
            maximum=1,
            default=2,
            law_title="Testwet",
            law_article="",
            law_url="https://example.org/wet",
        )
    fields = {e["field"] for e in refused.value.errors}
    assert fields == {"maximum", "law_article", "law_url"}
    assert not item.open_terms.exists()
    with pytest.raises(errors.Invalid, match="standaardwaarde past niet"):
        services.declare_open_term(
            item,
            actor=world.actor(world.amira),
            name="factor",
            label="Factor",
            minimum=1,
            maximum=10,
            default=11,
            law_title="Testwet",
            law_article="8",
            law_url="https://wetten.overheid.nl/BWBR0015703",
        )


def test_a_term_cannot_be_declared_twice(world: World) -> None:
    item = rule_set(world.ministerie)
    with pytest.raises(errors.Conflict, match="al een open norm 'factor'"):
        services.declare_open_term(
            item,
            actor=world.actor(world.amira),
            name="factor",
            label="Nog eens",
            default=2,
            law_title="Testwet",
            law_article="8",
            law_url="https://wetten.overheid.nl/BWBR0015703",
        )


def test_narrowing_a_term_so_a_published_variant_falls_outside_is_refused_naming_it(world: World) -> None:
    item = _with_variant(world)
    term = item.open_terms.get()
    amira = world.actor(world.amira)
    with pytest.raises(errors.Conflict) as refused:
        services.change_open_term(
            term, actor=amira, changes={"maximum": "5"}, expected_revision=_fresh(item).revision
        )
    assert "Gemeente Arnhem (versie 1, waarde 7)" in refused.value.detail
    assert OpenTerm.objects.get(pk=term.pk).maximum == 10
    widened = services.change_open_term(
        term, actor=amira, changes={"maximum": "20", "default": 3}, expected_revision=_fresh(item).revision
    )
    assert widened.maximum == 20 and OpenTerm.objects.get(pk=term.pk).default == 3
    narrowed = services.change_open_term(
        term, actor=amira, changes={"maximum": "7"}, expected_revision=_fresh(item).revision
    )
    assert narrowed.range_text == "van 1 tot en met 7"


def test_changing_the_kind_under_a_variant_is_refused(world: World) -> None:
    item = _with_variant(world)
    term = item.open_terms.get()
    with pytest.raises(errors.Conflict, match="Gemeente Arnhem"):
        services.change_open_term(
            term,
            actor=world.actor(world.amira),
            changes={"kind": "string", "minimum": None, "maximum": None, "default": "laag"},
            expected_revision=_fresh(item).revision,
        )


def test_a_term_a_published_variant_fills_is_not_removed_but_an_unused_one_is(world: World) -> None:
    item = _with_variant(world)
    term = item.open_terms.get()
    amira = world.actor(world.amira)
    with pytest.raises(errors.Conflict, match="Gemeente Arnhem"):
        services.remove_open_term(term, actor=amira, expected_revision=_fresh(item).revision)
    assert item.open_terms.exists()
    other = rule_set(world.ministerie, title="Zonder varianten")
    services.remove_open_term(other.open_terms.get(), actor=amira, expected_revision=_fresh(other).revision)
    assert not other.open_terms.exists()
    assert AuditRecord.objects.filter(action="ruleset.open_term.remove", result="success").exists()


def test_the_name_of_a_term_does_not_change(world: World) -> None:
    item = rule_set(world.ministerie)
    with pytest.raises(errors.Invalid, match="De naam is de input data"):
        services.change_open_term(
            item.open_terms.get(),
            actor=world.actor(world.amira),
            changes={"name": "vermenigvuldiger"},
            expected_revision=_fresh(item).revision,
        )


def test_a_changed_default_reaches_evaluation(world: World) -> None:
    from opgave.rules import evaluation

    item = rule_set(world.ministerie)
    ask: dict[str, Any] = {"inputs": {"x": 3}, "day": D(2024, 6, 1), "decisions": ["uitkomst"]}
    before = evaluation.evaluate(item, actor=SYSTEM, **ask).outputs["uitkomst"]
    services.change_open_term(
        item.open_terms.get(),
        actor=world.actor(world.amira),
        changes={"default": 4},
        expected_revision=_fresh(item).revision,
    )
    after = evaluation.evaluate(_fresh(item), actor=SYSTEM, **ask).outputs["uitkomst"]
    assert (before, after) == (6, 12)


# --------------------------------------------------------------------------------- pages


def _client(person: Person) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(person)
    return client


def test_the_owner_adds_a_law_reference_through_the_page(world: World) -> None:
    item = rule_set(world.ministerie)
    client = _client(world.amira)
    detail = client.get(f"/regels/{item.uuid}/").content.decode()
    assert "Wetsverwijzing toevoegen" in detail and "Open norm vastleggen" in detail
    page = client.get(f"/regels/{item.uuid}/wetsverwijzingen/nieuw/")
    assert page.status_code == 200
    reply = client.post(
        f"/regels/{item.uuid}/wetsverwijzingen/nieuw/",
        {**LAW, "decision": "", "revision": _fresh(item).revision},
    )
    assert reply.status_code == 302
    assert item.law_references.filter(bwb_id="BWBR0018451", version__isnull=True).exists()


def test_a_wrong_reference_shows_a_dutch_error_on_the_field(world: World) -> None:
    item = rule_set(world.ministerie)
    reply = _client(world.amira).post(
        f"/regels/{item.uuid}/wetsverwijzingen/nieuw/",
        {**LAW, "bwb_id": "12345", "revision": _fresh(item).revision},
    )
    html = reply.content.decode()
    assert reply.status_code == 200
    assert "BWBR gevolgd door zeven cijfers" in html and "utrecht-form-field--invalid" in html
    assert not item.law_references.exists()


def test_others_see_no_management_links_and_get_403_on_the_pages(world: World) -> None:
    item = rule_set(world.ministerie)
    reference = services.add_law_reference(item, actor=SYSTEM, data=LAW)
    term = item.open_terms.get()
    client = _client(world.sanne)
    detail = client.get(f"/regels/{item.uuid}/").content.decode()
    assert "Wetsverwijzing toevoegen" not in detail and "Open norm vastleggen" not in detail
    base = f"/regels/{item.uuid}"
    for url in (
        f"{base}/wetsverwijzingen/nieuw/",
        f"{base}/wetsverwijzingen/{reference.pk}/",
        f"{base}/wetsverwijzingen/{reference.pk}/verwijderen/",
        f"{base}/open-normen/nieuw/",
        f"{base}/open-normen/{term.pk}/",
        f"{base}/open-normen/{term.pk}/verwijderen/",
    ):
        denied = AuditRecord.objects.filter(result="denied", action="ruleset.manage").count()
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"revision": _fresh(item).revision}).status_code == 403, url
        assert AuditRecord.objects.filter(result="denied", action="ruleset.manage").count() == denied + 2, url
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/inloggen/"), url
    assert (
        LawReference.objects.filter(pk=reference.pk).exists() and OpenTerm.objects.filter(pk=term.pk).exists()
    )


def test_removing_a_term_a_variant_fills_names_the_variant_on_the_page(world: World) -> None:
    item = _with_variant(world)
    term = item.open_terms.get()
    reply = _client(world.amira).post(
        f"/regels/{item.uuid}/open-normen/{term.pk}/verwijderen/",
        {"revision": _fresh(item).revision},
        follow=True,
    )
    assert "Gemeente Arnhem (versie 1, waarde 7)" in reply.content.decode()
    assert OpenTerm.objects.filter(pk=term.pk).exists()


def test_an_open_term_is_edited_on_its_page_with_a_comma_decimal(world: World) -> None:
    item = rule_set(world.ministerie)
    term = item.open_terms.get()
    url = f"/regels/{item.uuid}/open-normen/{term.pk}/"
    client = _client(world.amira)
    form = client.get(url)
    assert form.status_code == 200 and 'value="10"' in form.content.decode()
    reply = client.post(
        url,
        {
            "revision": _fresh(item).revision,
            "label": "Factor",
            "kind": "number",
            "minimum": "1",
            "maximum": "12,5",
            "default": "2",
            "unit": "",
            "law_title": "Testwet",
            "law_article": "8",
            "law_url": "https://wetten.overheid.nl/BWBR0015703",
        },
    )
    assert reply.status_code == 302
    assert OpenTerm.objects.get(pk=term.pk).maximum == Decimal("12.5")
    record = AuditRecord.objects.filter(action="ruleset.open_term.change").latest("seq")
    assert set(record.detail["changes"]) == {"maximum"}


def test_a_stale_form_is_not_saved(world: World) -> None:
    item = rule_set(world.ministerie)
    reference = services.add_law_reference(item, actor=SYSTEM, data=LAW)
    stale = _fresh(item).revision
    services.add_law_reference(item, actor=SYSTEM, data={**LAW, "article": "3"})
    reply = _client(world.amira).post(
        f"/regels/{item.uuid}/wetsverwijzingen/{reference.pk}/",
        {**LAW, "article": "9", "revision": stale},
        follow=True,
    )
    assert "intussen gewijzigd" in reply.content.decode()
    assert LawReference.objects.get(pk=reference.pk).article == "2"


def _edit_page(world: World, kind: str) -> tuple[RuleSet, str, dict[str, Any], type[Any], int]:
    """A rule set, the edit page of one of its law references or open terms, the form as shown."""
    item = rule_set(world.ministerie)
    if kind == "reference":
        found: Any = services.add_law_reference(item, actor=SYSTEM, data=LAW)
        return item, f"/regels/{item.uuid}/wetsverwijzingen/{found.pk}/", dict(LAW), LawReference, found.pk
    found = item.open_terms.get()
    shown = OpenTermForm.initial_for(found, 0)
    shown.pop("revision")
    return item, f"/regels/{item.uuid}/open-normen/{found.pk}/", shown, OpenTerm, found.pk


@pytest.mark.parametrize("kind", ["reference", "term"])
def test_an_unchanged_form_is_not_saved_and_says_so(world: World, kind: str) -> None:
    item, url, shown, _, _ = _edit_page(world, kind)
    before = _fresh(item).revision
    changes = AuditRecord.objects.filter(action__endswith=".change").count()
    reply = _client(world.amira).post(url, {**shown, "revision": before}, follow=True)
    assert "Er is niets gewijzigd." in reply.content.decode()
    assert reply.redirect_chain[-1][0] == f"/regels/{item.uuid}/"
    assert _fresh(item).revision == before
    assert AuditRecord.objects.filter(action__endswith=".change").count() == changes


@pytest.mark.parametrize("kind", ["reference", "term"])
def test_a_stale_edit_goes_back_to_its_own_page_with_the_current_data(world: World, kind: str) -> None:
    item, url, shown, model, pk = _edit_page(world, kind)
    stale = _fresh(item).revision
    services.add_law_reference(item, actor=SYSTEM, data={**LAW, "article": "3"})
    field = "article" if kind == "reference" else "law_article"
    reply = _client(world.amira).post(url, {**shown, field: "9", "revision": stale}, follow=True)
    assert reply.redirect_chain[-1][0] == url
    assert "intussen gewijzigd" in reply.content.decode()
    assert getattr(model.objects.get(pk=pk), field) != "9"


@pytest.mark.parametrize("kind", ["reference", "term"])
def test_a_confirmed_removal_goes_back_to_the_rule_set_unless_the_form_is_stale(
    world: World, kind: str
) -> None:
    item, url, _, model, pk = _edit_page(world, kind)
    stale = _fresh(item).revision
    services.add_law_reference(item, actor=SYSTEM, data={**LAW, "article": "3"})
    client = _client(world.amira)
    refused = client.post(f"{url}verwijderen/", {"revision": stale}, follow=True)
    assert "intussen gewijzigd" in refused.content.decode() and model.objects.filter(pk=pk).exists()
    removed = client.post(f"{url}verwijderen/", {"revision": _fresh(item).revision}, follow=True)
    assert removed.redirect_chain[-1][0] == f"/regels/{item.uuid}/"
    assert "is verwijderd" in removed.content.decode() and not model.objects.filter(pk=pk).exists()


# ----------------------------------------------------------------------------------- API


def test_the_api_changes_a_reference_with_if_match_and_answers_problem_json(world: World) -> None:
    item = rule_set(world.ministerie)
    client = _client(world.amira)
    base = f"/api/v1/rulesets/{item.uuid}"
    created = client.post(f"{base}/law-references", LAW, content_type="application/json")
    assert created.status_code == 201, created.content
    reference = created.json()["id"]
    refused = client.post(f"{base}/law-references", {**LAW, "bwb_id": "X"}, content_type="application/json")
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "bwb_id"
    url = f"{base}/law-references/{reference}"
    assert client.patch(url, {"article": "3"}, content_type="application/json").status_code == 428
    assert (
        client.patch(
            url, {"article": "3"}, content_type="application/json", headers={"If-Match": '"1-x"'}
        ).status_code
        == 412
    )
    current = client.get(base)["ETag"]
    assert current == etag(_fresh(item))
    changed = client.patch(
        url, {"article": "3"}, content_type="application/json", headers={"If-Match": current}
    )
    assert changed.status_code == 200 and changed.json()["article"] == "3"
    assert client.delete(url, headers={"If-Match": changed["ETag"]}).status_code == 204
    assert not item.law_references.exists()
