"""``/rulesets``: the catalogue, rule sets, versions (upload, publish, withdraw), variants, schema, diff."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router

from opgave.api.conditional import with_etag
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.responses import json_response
from opgave.api.rules.common import READ, WRITE, actor, domain
from opgave.api.rules.schemas import (
    OpenTermOut,
    RuleSetDetailOut,
    RuleSetFilters,
    RuleSetIn,
    RuleSetOut,
    RuleVersionIn,
    RuleVersionOut,
    SchemaOut,
    VariantIn,
    VariantOut,
    VersionDetailOut,
)
from opgave.rules import diff, dmnfiles, evaluation, inputschema, selectors, services
from opgave.rules.errors import Invalid

router = Router(tags=["Regels"])


def _detail(item: Any) -> RuleSetDetailOut:
    base = RuleSetOut.build(item).model_dump()
    return RuleSetDetailOut(
        **base,
        versions=[RuleVersionOut.build(v) for v in selectors.versions(item)],
        open_terms=[OpenTermOut.build(t) for t in selectors.open_terms(item)],
        variants=[VariantOut.build(v) for v in selectors.variants(item)],
    )


def _organisation(organisation_id: uuid.UUID, field: str) -> Any:
    found = selectors.organisation(organisation_id)
    if found is None:
        raise Invalid(
            "Deze organisatie bestaat niet.", [{"field": field, "message": "Onbekende organisatie."}]
        )
    return found


@router.get(
    "/rulesets", response=page_of(RuleSetOut), auth=READ, url_name="ruleset-list", summary="Regelsets zoeken"
)
@domain
def list_rulesets(
    request: HttpRequest, response: HttpResponse, filters: Query[RuleSetFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Openbare regelsets en die van je eigen organisaties; zoeken, filteren op eigenaar, wet en status."""
    qs = selectors.rule_sets(
        actor(request),
        query=(filters.q or "").strip(),
        owner=filters.owner,
        law=filters.law or "",
        status=filters.status or "",
    )
    return paginate(request, qs, page, ordering=("title",), response=response, serialize=RuleSetOut.build)


@router.post(
    "/rulesets",
    response={201: RuleSetDetailOut},
    auth=WRITE,
    url_name="ruleset-create",
    summary="Regelset aanmaken",
)
@domain
def create_ruleset(request: HttpRequest, payload: RuleSetIn) -> HttpResponse:
    item = services.create_rule_set(
        actor=actor(request),
        owner=_organisation(payload.owner, "owner"),
        title=payload.title,
        description=payload.description,
        visibility=payload.visibility,
        law_references=[r.model_dump() for r in payload.law_references],
    )
    reply = with_etag(json_response(_detail(item), status=201), item)
    reply["Location"] = reverse("api-v1:ruleset-detail", kwargs={"rule_set_id": item.uuid})
    return reply


@router.get(
    "/rulesets/{rule_set_id}",
    response=RuleSetDetailOut,
    auth=READ,
    url_name="ruleset-detail",
    summary="Eén regelset",
)
@domain
def get_ruleset(request: HttpRequest, rule_set_id: uuid.UUID) -> HttpResponse:
    """Met de kop ``ETag``: stuur die mee in ``If-Match`` bij het wijzigen of verwijderen van een
    wetsverwijzing of open norm."""
    item = selectors.rule_set(actor(request), rule_set_id)
    return with_etag(json_response(_detail(item)), item)


@router.post(
    "/rulesets/{rule_set_id}/versions",
    response={201: RuleVersionOut},
    auth=WRITE,
    url_name="ruleversion-create",
    summary="Een DMN-model uploaden als conceptversie",
)
@domain
def upload_version(request: HttpRequest, rule_set_id: uuid.UUID, payload: RuleVersionIn) -> HttpResponse:
    """Het model wordt volledig gecontroleerd (grootte, XML, geen DTD, DMN-versie, compileren); bij een
    weigering wordt niets opgeslagen."""
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id)
    version = services.add_version(
        item,
        actor=who,
        dmn=payload.dmn,
        imported=list(payload.imports),
        geldig_van=payload.geldig_van,
        geldig_tot=payload.geldig_tot,
        note=payload.note,
        law_references=[r.model_dump() for r in payload.law_references]
        if payload.law_references is not None
        else None,
    )
    return json_response(RuleVersionOut.build(version), status=201)


@router.get(
    "/rulesets/{rule_set_id}/versions/{number}",
    response=VersionDetailOut,
    auth=READ,
    url_name="ruleversion-detail",
    summary="Eén versie, met het model",
)
@domain
def get_rule_version(request: HttpRequest, rule_set_id: uuid.UUID, number: int) -> VersionDetailOut:
    item = selectors.rule_set(actor(request), rule_set_id)
    version = selectors.version(item, number)
    model = dmnfiles.compiled(version.model_hash, version.model_xml, version.imported_xml)
    return VersionDetailOut(
        **RuleVersionOut.build(version).model_dump(),
        dmn=version.model_xml,
        decisions=model.decision_names,
        problems=dmnfiles.problems_of(model),
    )


@router.post(
    "/rulesets/{rule_set_id}/versions/{number}/publish",
    response=RuleVersionOut,
    auth=WRITE,
    url_name="ruleversion-publish",
    summary="Een conceptversie publiceren",
)
@domain
def publish_rule_version(request: HttpRequest, rule_set_id: uuid.UUID, number: int) -> RuleVersionOut:
    """Controleert het model met de engine en weigert een geldigheid die overlapt met een andere
    gepubliceerde versie (409, met de naam van die versie)."""
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id)
    return RuleVersionOut.build(services.publish_version(selectors.version(item, number), actor=who))


@router.post(
    "/rulesets/{rule_set_id}/versions/{number}/withdraw",
    response=RuleVersionOut,
    auth=WRITE,
    url_name="ruleversion-withdraw",
    summary="Een versie intrekken",
)
@domain
def withdraw_rule_version(request: HttpRequest, rule_set_id: uuid.UUID, number: int) -> RuleVersionOut:
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id)
    return RuleVersionOut.build(services.withdraw_version(selectors.version(item, number), actor=who))


@router.get(
    "/rulesets/{rule_set_id}/schema",
    response=SchemaOut,
    auth=READ,
    url_name="ruleset-schema",
    summary="JSON Schema van invoer en uitkomsten",
)
@domain
def get_ruleset_schema(
    request: HttpRequest, rule_set_id: uuid.UUID, datum: dt.date | None = None, versie: int | None = None
) -> SchemaOut:
    """Het schema van de versie die op ``datum`` geldt (standaard vandaag), of van ``versie``."""
    item = selectors.rule_set(actor(request), rule_set_id)
    day = datum or timezone.localdate()
    version = selectors.version(item, versie) if versie is not None else selectors.version_on(item, day)
    terms = selectors.open_terms(item)
    prepared = evaluation.prepare(version, [t.name for t in terms])
    return SchemaOut(
        version=version.number,
        model_hash=version.model_hash,
        inputs=prepared.schema,
        outputs=inputschema.output_schema(prepared.model, item.title),
        decisions=prepared.top,
        open_terms=[OpenTermOut.build(t) for t in terms],
    )


@router.get(
    "/rulesets/{rule_set_id}/diff",
    response=dict[str, Any],
    auth=READ,
    url_name="ruleset-diff",
    summary="Inhoudelijk verschil tussen twee versies",
)
@domain
def get_ruleset_diff(request: HttpRequest, rule_set_id: uuid.UUID, van: int, naar: int) -> dict[str, Any]:
    """Per beslissing: regels erbij, eraf of gewijzigd (met cellen), invoer/uitvoer, expressies
    (per token), typen en wetsverwijzingen. Geen XML-diff."""
    item = selectors.rule_set(actor(request), rule_set_id)
    return diff.versions(selectors.version(item, van), selectors.version(item, naar))


@router.post(
    "/rulesets/{rule_set_id}/variants",
    response={201: VariantOut},
    auth=WRITE,
    url_name="variant-publish",
    summary="Een variant (maatwerk) publiceren",
)
@domain
def publish_variant(request: HttpRequest, rule_set_id: uuid.UUID, payload: VariantIn) -> HttpResponse:
    """Vult alleen open normen in, binnen hun ruimte; al het andere wordt geweigerd (422)."""
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id)
    version = services.publish_variant(
        item,
        actor=who,
        organisation=_organisation(payload.organisation, "organisation"),
        values=payload.values,
        geldig_van=payload.geldig_van,
        geldig_tot=payload.geldig_tot,
        regulation_title=payload.regulation_title,
        regulation_url=payload.regulation_url,
        title=payload.title,
    )
    return json_response(VariantOut.build(version.variant), status=201)


@router.get(
    "/rulesets/{rule_set_id}/variants/{variant_id}/diff",
    response=dict[str, Any],
    auth=READ,
    url_name="variant-diff",
    summary="Verschil tussen een variant en het landelijk model",
)
@domain
def get_variant_diff(
    request: HttpRequest, rule_set_id: uuid.UUID, variant_id: uuid.UUID, datum: dt.date | None = None
) -> dict[str, Any]:
    item = selectors.rule_set(actor(request), rule_set_id)
    variant = selectors.variant(item, variant_id)
    return diff.variant(selectors.variant_version_on(variant, datum or timezone.localdate()))
