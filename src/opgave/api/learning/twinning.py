"""``/learning/twinnings``: twinnings, their form over time, activities, small proposals, frictions,
evaluations, and partner suggestions from organisation profiles."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from opgave.api.idempotency import idempotent
from opgave.api.learning.common import (
    READ,
    WRITE,
    actor,
    changed,
    created,
    given_fields,
    organisation,
    required_organisation,
    shown,
)
from opgave.api.learning.schemas import (
    EvaluationOut,
    FormIn,
    FormOut,
    FrictionIn,
    FrictionOut,
    FrictionPatch,
    OutcomeIn,
    PartnerRef,
    ProfileIn,
    ProfileOut,
    ProposalDecisionIn,
    ResultsPatch,
    SuggestionOut,
    TwinningActivityIn,
    TwinningActivityOut,
    TwinningIn,
    TwinningOut,
    TwinningProposalIn,
    TwinningProposalOut,
)
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.responses import json_response
from opgave.core import exceptions as errors
from opgave.learning import selectors, services

router = Router(tags=["Leren: twinning"])
T = "/learning/twinnings/{twinning_id}"


def _partner_view(request: HttpRequest, twinning_id: uuid.UUID) -> Any:
    who = actor(request)
    item = selectors.twinning(who, twinning_id)
    return who, item, selectors.twinning_picture(who, item)


@router.get(
    "/learning/twinnings",
    response=page_of(TwinningOut),
    auth=READ,
    url_name="twinning-list",
    summary="Twinnings",
)
def list_twinnings(request: HttpRequest, response: HttpResponse, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(
        request,
        selectors.twinnings(actor(request)),
        page,
        ordering=("-started_on",),
        serialize=TwinningOut.build,
        response=response,
    )


@router.post(
    "/learning/twinnings",
    response={201: TwinningOut},
    auth=WRITE,
    url_name="twinning-create",
    summary="Twinning starten (beheerder van een partner)",
)
@idempotent()
def create_twinning(request: HttpRequest, payload: TwinningIn) -> HttpResponse:
    data = payload.model_dump()
    item = services.start_twinning(
        actor=actor(request),
        **{
            **data,
            "partner_a": required_organisation(data["partner_a"], "partner_a"),
            "partner_b": required_organisation(data["partner_b"], "partner_b"),
            "master": organisation(data["master"], "master"),
            "commissioned_by": organisation(data["commissioned_by"], "commissioned_by"),
        },
    )
    return created(TwinningOut.build(item), item)


@router.get(
    T,
    response=TwinningOut,
    auth=READ,
    url_name="twinning-detail",
    summary="Eén twinning (partners, doelen, vorm, resultaten)",
)
def get_twinning(request: HttpRequest, response: HttpResponse, twinning_id: uuid.UUID) -> TwinningOut:
    return shown(response, selectors.twinning(actor(request), twinning_id), TwinningOut.build)


@router.patch(
    T,
    response=TwinningOut,
    auth=WRITE,
    url_name="twinning-update",
    summary="Openbare resultaten bijwerken (If-Match)",
)
def update_results(
    request: HttpRequest, response: HttpResponse, twinning_id: uuid.UUID, payload: ResultsPatch
) -> TwinningOut:
    who = actor(request)
    item = selectors.twinning(who, twinning_id)
    return changed(
        request,
        response,
        item,
        lambda revision: services.update_results(
            actor=who, twinning=item, results=payload.results, expected_revision=revision
        ),
        TwinningOut.build,
    )


@router.post(
    T + "/forms",
    response={201: FormOut},
    auth=WRITE,
    url_name="twinning-form",
    summary="Nieuwe vorm vanaf een datum (de geschiedenis blijft)",
)
@idempotent()
def change_form(request: HttpRequest, twinning_id: uuid.UUID, payload: FormIn) -> HttpResponse:
    who = actor(request)
    item = selectors.twinning(who, twinning_id)
    form = services.change_form(
        actor=who,
        twinning=item,
        kind=payload.kind,
        since=payload.since,
        master=organisation(payload.master, "master"),
        note=payload.note,
    )
    return json_response(FormOut.build(form), status=201)


@router.get(
    T + "/activities",
    response=list[TwinningActivityOut],
    auth=READ,
    url_name="twinning-activities",
    summary="Activiteiten (partners)",
)
def list_twinning_activities(request: HttpRequest, twinning_id: uuid.UUID) -> list[TwinningActivityOut]:
    _, _, picture = _partner_view(request, twinning_id)
    return [TwinningActivityOut.build(a) for a in picture.activities]


@router.post(
    T + "/activities",
    response={201: TwinningActivityOut},
    auth=WRITE,
    url_name="twinning-activity-create",
    summary="Activiteit vastleggen, bijvoorbeeld een botsproef",
)
@idempotent()
def create_twinning_activity(
    request: HttpRequest, twinning_id: uuid.UUID, payload: TwinningActivityIn
) -> HttpResponse:
    who = actor(request)
    item = selectors.twinning(who, twinning_id)
    data = payload.model_dump()
    data["presented_by"] = organisation(data["presented_by"], "presented_by")
    activity = services.add_activity(actor=who, twinning=item, **data)
    return json_response(TwinningActivityOut.build(activity), status=201)


@router.get(
    T + "/proposals",
    response=list[TwinningProposalOut],
    auth=READ,
    url_name="proposal-list",
    summary="Kleine twinningvoorstellen (partners)",
)
def list_proposals(request: HttpRequest, twinning_id: uuid.UUID) -> list[TwinningProposalOut]:
    _, _, picture = _partner_view(request, twinning_id)
    return [TwinningProposalOut.build(p) for p in picture.proposals]


@router.post(
    T + "/proposals",
    response={201: TwinningProposalOut},
    auth=WRITE,
    url_name="proposal-submit",
    summary="Klein voorstel indienen (medewerker van een partner)",
)
@idempotent()
def submit_proposal(
    request: HttpRequest, twinning_id: uuid.UUID, payload: TwinningProposalIn
) -> HttpResponse:
    who = actor(request)
    proposal = services.submit_proposal(
        actor=who, twinning=selectors.twinning(who, twinning_id), **payload.model_dump()
    )
    return created(TwinningProposalOut.build(proposal), proposal)


@router.put(
    "/learning/proposals/{proposal_id}/decision",
    response=TwinningProposalOut,
    auth=WRITE,
    url_name="proposal-decide",
    summary="Voorstel goedkeuren of afwijzen (If-Match)",
)
def decide_proposal(
    request: HttpRequest, response: HttpResponse, proposal_id: uuid.UUID, payload: ProposalDecisionIn
) -> TwinningProposalOut:
    who = actor(request)
    proposal = selectors.decidable_proposal(who, proposal_id)
    return changed(
        request,
        response,
        proposal,
        lambda revision: services.decide_proposal(
            actor=who,
            proposal=proposal,
            approve=payload.approve,
            note=payload.note,
            expected_revision=revision,
        ),
        TwinningProposalOut.build,
    )


@router.get(
    "/learning/proposals/{proposal_id}",
    response=TwinningProposalOut,
    auth=READ,
    url_name="proposal-detail",
    summary="Eén voorstel (partners)",
)
def get_proposal(request: HttpRequest, response: HttpResponse, proposal_id: uuid.UUID) -> TwinningProposalOut:
    return shown(response, selectors.proposal(actor(request), proposal_id), TwinningProposalOut.build)


@router.get(
    T + "/frictions",
    response=list[FrictionOut],
    auth=READ,
    url_name="friction-list",
    summary="Fricties en risico's (partners)",
)
def list_frictions(request: HttpRequest, twinning_id: uuid.UUID) -> list[FrictionOut]:
    _, _, picture = _partner_view(request, twinning_id)
    return [FrictionOut.build(f) for f in picture.frictions]


@router.post(
    T + "/frictions",
    response={201: FrictionOut},
    auth=WRITE,
    url_name="friction-create",
    summary="Frictie of risico vastleggen",
)
@idempotent()
def create_friction(request: HttpRequest, twinning_id: uuid.UUID, payload: FrictionIn) -> HttpResponse:
    who = actor(request)
    friction = services.add_friction(
        actor=who, twinning=selectors.twinning(who, twinning_id), **payload.model_dump()
    )
    return created(FrictionOut.build(friction), friction)


@router.get(
    "/learning/frictions/{friction_id}",
    response=FrictionOut,
    auth=READ,
    url_name="friction-detail",
    summary="Eén frictie (partners)",
)
def get_friction(request: HttpRequest, response: HttpResponse, friction_id: uuid.UUID) -> FrictionOut:
    return shown(response, selectors.friction(actor(request), friction_id), FrictionOut.build)


@router.patch(
    "/learning/frictions/{friction_id}",
    response=FrictionOut,
    auth=WRITE,
    url_name="friction-update",
    summary="Frictie bijwerken (If-Match)",
)
def update_friction(
    request: HttpRequest, response: HttpResponse, friction_id: uuid.UUID, payload: FrictionPatch
) -> FrictionOut:
    who = actor(request)
    friction = selectors.friction(who, friction_id)
    return changed(
        request,
        response,
        friction,
        lambda revision: services.update_friction(
            actor=who, friction=friction, expected_revision=revision, **given_fields(payload)
        ),
        FrictionOut.build,
    )


@router.get(
    T + "/evaluations",
    response=list[EvaluationOut],
    auth=READ,
    url_name="evaluation-list",
    summary="Evaluaties (partners)",
)
def list_evaluations(request: HttpRequest, twinning_id: uuid.UUID) -> list[EvaluationOut]:
    _, _, picture = _partner_view(request, twinning_id)
    return [EvaluationOut.build(e) for e in picture.evaluations]


@router.get(
    "/learning/evaluations/{evaluation_id}",
    response=EvaluationOut,
    auth=READ,
    url_name="evaluation-detail",
    summary="Eén evaluatie (partners)",
)
def get_evaluation(request: HttpRequest, response: HttpResponse, evaluation_id: uuid.UUID) -> EvaluationOut:
    return shown(response, selectors.twinning_evaluation(actor(request), evaluation_id), EvaluationOut.build)


@router.put(
    "/learning/evaluations/{evaluation_id}/outcome",
    response=EvaluationOut,
    auth=WRITE,
    url_name="evaluation-record",
    summary="Uitkomst vastleggen: voortzetten, vorm wijzigen of beëindigen (If-Match)",
)
def record_evaluation(
    request: HttpRequest, response: HttpResponse, evaluation_id: uuid.UUID, payload: OutcomeIn
) -> EvaluationOut:
    who = actor(request)
    evaluation = selectors.evaluable(who, evaluation_id)
    return changed(
        request,
        response,
        evaluation,
        lambda revision: services.record_evaluation(
            actor=who, evaluation=evaluation, expected_revision=revision, **payload.model_dump()
        ),
        EvaluationOut.build,
    )


@router.get(
    "/learning/organisations/{organisation_id}/profile",
    response=ProfileOut,
    auth=READ,
    url_name="profile-detail",
    summary="Kernprocessen en sterke en zwakke punten van een organisatie",
)
def get_profile(request: HttpRequest, organisation_id: uuid.UUID) -> ProfileOut:
    actor(request)
    org = required_organisation(organisation_id, "organisation")
    profile = selectors.profile(org)
    if profile is None:
        raise errors.NotFound("Deze organisatie heeft nog geen profiel.")
    return ProfileOut.build(org, profile)


@router.put(
    "/learning/organisations/{organisation_id}/profile",
    response=ProfileOut,
    auth=WRITE,
    url_name="profile-update",
    summary="Profiel vastleggen (medewerkers van de organisatie)",
)
def put_profile(request: HttpRequest, organisation_id: uuid.UUID, payload: ProfileIn) -> ProfileOut:
    org = required_organisation(organisation_id, "organisation")
    profile = services.save_profile(actor=actor(request), organisation=org, **payload.model_dump())
    return ProfileOut.build(org, profile)


@router.get(
    "/learning/organisations/{organisation_id}/partner-suggestions",
    response=list[SuggestionOut],
    auth=READ,
    url_name="partner-suggestions",
    summary="Twinningpartners voorstellen, met uitleg",
)
def partner_suggestions(request: HttpRequest, organisation_id: uuid.UUID) -> list[SuggestionOut]:
    org = required_organisation(organisation_id, "organisation")
    return [
        SuggestionOut(organisation=PartnerRef(id=o.uuid, name=o.name), score=m.score, reasons=m.reasons)
        for o, m in selectors.partner_suggestions(actor(request), org)
    ]
