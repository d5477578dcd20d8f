"""Authorisation-matrix rows for the learning endpoints (format: ``tests/api/matrix.py``).

Profiles used besides the shared ones (registered into the shared ``PROFILES`` when missing):

* ``participants`` / ``session_people`` — as in ``tests/collaborations/api_matrix.py``: members
  of ``cast.org`` (and, for ``participants``, its tokens); here ``cast.org`` is the collaboration
  owner, a twinning partner, or both ``member`` and ``org_admin`` are *trekkers* of the circle;
* ``people`` — any signed-in person, never a token (starting a circle, asking to join one);
* ``invitee`` — only the invited person (``member``) answers an invitation;
* ``partner_admins`` — an administrator of a twinning partner, in person (starting a twinning,
  deciding a proposal that ``member`` submitted, recording an evaluation).

Rows whose If-Match target is private (the platform administrator cannot fetch its ETag) are
sent without If-Match, so allowed callers get 428 — they passed every access check; the full
If-Match flow is tested in ``tests/learning/test_api.py``.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from opgave.collaborations.models import Collaboration, Lesson
from opgave.core.actors import Actor
from opgave.core.models import Organisation
from opgave.learning import services
from opgave.learning.models import KnowledgeCircle, Twinning

OK = "ok"
_MATRIX_FILE = Path(__file__).resolve().parents[1] / "api" / "matrix.py"
_DENY = {"anonymous": 401, "token_revoked": 401, "token_expired": 401, "token_unscoped": 403}
_ROLES = ("outsider", "member", "org_admin", "platform_admin", "token_scoped", "token_other_org")


def _profile(allowed: tuple[str, ...]) -> dict[str, Any]:
    return {**_DENY, **{role: OK if role in allowed else 403 for role in _ROLES}}


_PROFILES: dict[str, dict[str, Any]] = {
    "participants": _profile(("member", "org_admin", "token_scoped")),
    "session_people": _profile(("member", "org_admin")),
    "people": _profile(("outsider", "member", "org_admin", "platform_admin")),
    "invitee": _profile(("member",)),
    "partner_admins": _profile(("org_admin",)),
}


def _register_profiles() -> None:
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and Path(path).resolve() == _MATRIX_FILE and hasattr(module, "PROFILES"):
            for name, profile in _PROFILES.items():
                module.PROFILES.setdefault(name, profile)


_register_profiles()

BASE = "/api/v1"
SYSTEM = Actor.system(origin="test")


def _collaboration(cast: Any) -> Collaboration:
    found = Collaboration.objects.filter(name="Leermatrix").first()
    if found is None:
        found = Collaboration.objects.create(name="Leermatrix", opgave="Schulden voorkomen in Utrecht.")
        found.owners.set([cast.org])
        found.region.set([cast.org])
    return found


def _lesson(cast: Any) -> Lesson:
    found = Lesson.objects.filter(title="Matrixles").first()
    return found or services.record_lesson(
        actor=SYSTEM, collaboration=_collaboration(cast), title="Matrixles", visibility="platform"
    )


def _twinning(cast: Any) -> Twinning:
    found = Twinning.objects.filter(name="Matrixtwinning").first()
    if found is not None:
        return found
    partner, _ = Organisation.objects.get_or_create(
        name="Partnerorganisatie", defaults={"kind": "uitvoeringsorganisatie"}
    )
    return services.start_twinning(
        actor=SYSTEM,
        name="Matrixtwinning",
        partner_a=cast.org,
        partner_b=partner,
        started_on=dt.date(2025, 1, 1),
        planned_end_on=dt.date(2027, 1, 1),
        goals="Leren",
    )


def _proposal(cast: Any) -> Any:
    return services.submit_proposal(
        actor=Actor.for_person(cast.member),
        twinning=_twinning(cast),
        title="Voorstel",
        description="Meelopen",
    )


def _friction(cast: Any) -> Any:
    return services.add_friction(actor=SYSTEM, twinning=_twinning(cast), kind="btw", title="Btw")


def _evaluation(cast: Any) -> Any:
    return _twinning(cast).evaluations.order_by("due_on").first()


def _circle(cast: Any, *, leads: bool = True) -> KnowledgeCircle:
    """A circle started by ``org_admin``; ``member`` joins as a second trekker."""
    name = "Matrixkring" if leads else "Open kring"
    found = KnowledgeCircle.objects.filter(name=name).first()
    if found is not None:
        return found
    if not leads:
        return services.create_circle(actor=SYSTEM, name=name, purpose="Open voor iedereen")
    circle = services.create_circle(actor=Actor.for_person(cast.org_admin), name=name, purpose="Leren")
    member = services.invite(actor=SYSTEM, circle=circle, person=cast.member)
    services.answer_invitation(actor=Actor.for_person(cast.member), member=member, accept=True)
    member.role = "trekker"
    member.save()
    return circle


def _invited(cast: Any) -> Any:
    return services.invite(actor=SYSTEM, circle=_circle(cast, leads=False), person=cast.member)


def _requested(cast: Any) -> Any:
    from opgave.core.models import Person

    person = Person.objects.create_user(username="aanvrager", password=None)
    return services.request_membership(actor=Actor.for_person(person), circle=_circle(cast), message="")


def _thread(cast: Any) -> Any:
    return services.start_thread(
        actor=Actor.for_person(cast.org_admin), circle=_circle(cast), title="Vraag", body="Hoe?"
    )


def _meeting(cast: Any) -> Any:
    return services.add_meeting(
        actor=SYSTEM, circle=_circle(cast), title="Eerste", held_on=dt.date(2026, 1, 1)
    )


def _row(method: str, path: str, profile: str, ok: int, build: Any) -> dict[str, Any]:
    return {"method": method, "path": BASE + path, "profile": profile, "ok": ok, "build": build}


def _u(tail: str) -> str:
    return f"{BASE}{tail}"


L, C, T = "/learning/lessons", "/learning/circles", "/learning/twinnings"
ROWS: list[dict[str, Any]] = [
    # lessons and the academy
    _row("GET", "/learning/academy", "signed_in", 200, lambda c: {"url": _u("/learning/academy?q=schulden")}),
    _row("GET", L, "signed_in", 200, lambda c: {"url": _u(L)}),
    _row(
        "POST",
        L,
        "participants",
        201,
        lambda c: {
            "url": _u(L),
            "body": {"collaboration": str(_collaboration(c).uuid), "title": "Nieuwe les"},
        },
    ),
    _row("GET", L + "/{lesson_id}", "signed_in", 200, lambda c: {"url": _u(f"{L}/{_lesson(c).uuid}")}),
    _row(
        "PATCH",
        L + "/{lesson_id}",
        "participants",
        200,
        lambda c: {
            "url": _u(f"{L}/{_lesson(c).uuid}"),
            "body": {"order": 3},
            "etag_url": _u(f"{L}/{_lesson(c).uuid}"),
        },
    ),
    _row(
        "GET",
        "/learning/collaborations/{collaboration_id}/similar-lessons",
        "signed_in",
        200,
        lambda c: {"url": _u(f"/learning/collaborations/{_collaboration(c).uuid}/similar-lessons")},
    ),
    # knowledge circles
    _row("GET", C, "signed_in", 200, lambda c: {"url": _u(C)}),
    _row("POST", C, "people", 201, lambda c: {"url": _u(C), "body": {"name": "Kring", "purpose": "Leren"}}),
    _row("GET", C + "/{circle_id}", "signed_in", 200, lambda c: {"url": _u(f"{C}/{_circle(c).uuid}")}),
    _row(
        "GET",
        C + "/{circle_id}/members",
        "session_people",
        200,
        lambda c: {"url": _u(f"{C}/{_circle(c).uuid}/members")},
    ),
    _row(
        "POST",
        C + "/{circle_id}/invitations",
        "session_people",
        201,
        lambda c: {"url": _u(f"{C}/{_circle(c).uuid}/invitations"), "body": {"person": str(c.outsider.uuid)}},
    ),
    _row(
        "POST",
        C + "/{circle_id}/requests",
        "people",
        201,
        lambda c: {"url": _u(f"{C}/{_circle(c, leads=False).uuid}/requests"), "body": {}},
    ),
    _row(
        "POST",
        "/learning/circle-members/{member_id}/answer",
        "invitee",
        200,
        lambda c: {
            "url": _u(f"/learning/circle-members/{_invited(c).uuid}/answer"),
            "body": {"accept": True},
        },
    ),
    _row(
        "POST",
        "/learning/circle-members/{member_id}/decision",
        "session_people",
        200,
        lambda c: {
            "url": _u(f"/learning/circle-members/{_requested(c).uuid}/decision"),
            "body": {"accept": True},
        },
    ),
    _row(
        "GET",
        C + "/{circle_id}/meetings",
        "session_people",
        200,
        lambda c: {"url": _u(f"{C}/{_circle(c).uuid}/meetings")},
    ),
    _row(
        "POST",
        C + "/{circle_id}/meetings",
        "session_people",
        201,
        lambda c: {
            "url": _u(f"{C}/{_circle(c).uuid}/meetings"),
            "body": {"title": "Bijeenkomst", "held_on": "2026-03-01"},
        },
    ),
    _row(
        "PATCH",
        "/learning/meetings/{meeting_id}",
        "session_people",
        428,
        lambda c: {"url": _u(f"/learning/meetings/{_meeting(c).uuid}"), "body": {"notes": "Verslag"}},
    ),
    _row(
        "GET",
        C + "/{circle_id}/threads",
        "session_people",
        200,
        lambda c: {"url": _u(f"{C}/{_circle(c).uuid}/threads")},
    ),
    _row(
        "POST",
        C + "/{circle_id}/threads",
        "session_people",
        201,
        lambda c: {
            "url": _u(f"{C}/{_circle(c).uuid}/threads"),
            "body": {"title": "Vraag", "body": "Wie weet dit?"},
        },
    ),
    _row(
        "GET",
        "/learning/threads/{thread_id}",
        "session_people",
        200,
        lambda c: {"url": _u(f"/learning/threads/{_thread(c).uuid}")},
    ),
    _row(
        "POST",
        "/learning/threads/{thread_id}/replies",
        "session_people",
        201,
        lambda c: {"url": _u(f"/learning/threads/{_thread(c).uuid}/replies"), "body": {"body": "Ik"}},
    ),
    _row(
        "POST",
        C + "/{circle_id}/lessons",
        "session_people",
        201,
        lambda c: {"url": _u(f"{C}/{_circle(c).uuid}/lessons"), "body": {"lesson": str(_lesson(c).uuid)}},
    ),
    # twinning
    _row("GET", T, "signed_in", 200, lambda c: {"url": _u(T)}),
    _row(
        "POST",
        T,
        "partner_admins",
        201,
        lambda c: {
            "url": _u(T),
            "body": {
                "name": "Nieuwe twinning",
                "partner_a": str(c.org.uuid),
                "partner_b": str(
                    Organisation.objects.get_or_create(name="Partnerorganisatie", defaults={"kind": "rijk"})[
                        0
                    ].uuid
                ),
                "started_on": "2026-01-01",
                "planned_end_on": "2028-01-01",
                "goals": "Leren",
            },
        },
    ),
    _row("GET", T + "/{twinning_id}", "signed_in", 200, lambda c: {"url": _u(f"{T}/{_twinning(c).uuid}")}),
    _row(
        "PATCH",
        T + "/{twinning_id}",
        "participants",
        200,
        lambda c: {
            "url": _u(f"{T}/{_twinning(c).uuid}"),
            "body": {"results": "Veel"},
            "etag_url": _u(f"{T}/{_twinning(c).uuid}"),
        },
    ),
    _row(
        "POST",
        T + "/{twinning_id}/forms",
        "participants",
        201,
        lambda c: {
            "url": _u(f"{T}/{_twinning(c).uuid}/forms"),
            "body": {"kind": "gelijkwaardig", "since": "2026-01-01"},
        },
    ),
    _row(
        "GET",
        T + "/{twinning_id}/activities",
        "participants",
        200,
        lambda c: {"url": _u(f"{T}/{_twinning(c).uuid}/activities")},
    ),
    _row(
        "POST",
        T + "/{twinning_id}/activities",
        "participants",
        201,
        lambda c: {
            "url": _u(f"{T}/{_twinning(c).uuid}/activities"),
            "body": {
                "kind": "botsproef",
                "title": "Plan",
                "held_on": "2026-02-01",
                "plan": "Dit",
                "challenges": "Waarom?",
            },
        },
    ),
    _row(
        "GET",
        T + "/{twinning_id}/proposals",
        "participants",
        200,
        lambda c: {"url": _u(f"{T}/{_twinning(c).uuid}/proposals")},
    ),
    _row(
        "POST",
        T + "/{twinning_id}/proposals",
        "session_people",
        201,
        lambda c: {
            "url": _u(f"{T}/{_twinning(c).uuid}/proposals"),
            "body": {"title": "Meelopen", "description": "Een dag"},
        },
    ),
    _row(
        "GET",
        "/learning/proposals/{proposal_id}",
        "participants",
        200,
        lambda c: {"url": _u(f"/learning/proposals/{_proposal(c).uuid}")},
    ),
    _row(
        "PUT",
        "/learning/proposals/{proposal_id}/decision",
        "partner_admins",
        428,
        lambda c: {"url": _u(f"/learning/proposals/{_proposal(c).uuid}/decision"), "body": {"approve": True}},
    ),
    _row(
        "GET",
        T + "/{twinning_id}/frictions",
        "participants",
        200,
        lambda c: {"url": _u(f"{T}/{_twinning(c).uuid}/frictions")},
    ),
    _row(
        "POST",
        T + "/{twinning_id}/frictions",
        "participants",
        201,
        lambda c: {"url": _u(f"{T}/{_twinning(c).uuid}/frictions"), "body": {"kind": "btw", "title": "Btw"}},
    ),
    _row(
        "GET",
        "/learning/frictions/{friction_id}",
        "participants",
        200,
        lambda c: {"url": _u(f"/learning/frictions/{_friction(c).uuid}")},
    ),
    _row(
        "PATCH",
        "/learning/frictions/{friction_id}",
        "participants",
        428,
        lambda c: {"url": _u(f"/learning/frictions/{_friction(c).uuid}"), "body": {"is_open": False}},
    ),
    _row(
        "GET",
        T + "/{twinning_id}/evaluations",
        "participants",
        200,
        lambda c: {"url": _u(f"{T}/{_twinning(c).uuid}/evaluations")},
    ),
    _row(
        "GET",
        "/learning/evaluations/{evaluation_id}",
        "participants",
        200,
        lambda c: {"url": _u(f"/learning/evaluations/{_evaluation(c).uuid}")},
    ),
    _row(
        "PUT",
        "/learning/evaluations/{evaluation_id}/outcome",
        "partner_admins",
        428,
        lambda c: {
            "url": _u(f"/learning/evaluations/{_evaluation(c).uuid}/outcome"),
            "body": {"outcome": "voortzetten", "reasoning": "Het werkt."},
        },
    ),
    _row(
        "GET",
        "/learning/organisations/{organisation_id}/profile",
        "signed_in",
        200,
        lambda c: {
            "url": _u(
                f"/learning/organisations/{services.save_profile(actor=SYSTEM, organisation=c.org, core_processes=['x'], strengths=[], weaknesses=[]).organisation.uuid}/profile"
            )
        },
    ),
    _row(
        "PUT",
        "/learning/organisations/{organisation_id}/profile",
        "participants",
        200,
        lambda c: {
            "url": _u(f"/learning/organisations/{c.org.uuid}/profile"),
            "body": {"core_processes": ["vergunningen verlenen"]},
        },
    ),
    _row(
        "GET",
        "/learning/organisations/{organisation_id}/partner-suggestions",
        "signed_in",
        200,
        lambda c: {"url": _u(f"/learning/organisations/{c.org.uuid}/partner-suggestions")},
    ),
    # the landscape
    _row("GET", "/learning/registry", "signed_in", 200, lambda c: {"url": _u("/learning/registry")}),
    _row(
        "GET",
        "/learning/registry/{collaboration_id}/overlaps",
        "signed_in",
        200,
        lambda c: {"url": _u(f"/learning/registry/{_collaboration(c).uuid}/overlaps")},
    ),
    _row("GET", "/learning/network", "signed_in", 200, lambda c: {"url": _u("/learning/network")}),
    _row(
        "GET",
        "/learning/registry/export.csv",
        "signed_in",
        200,
        lambda c: {"url": _u("/learning/registry/export.csv")},
    ),
    _row(
        "GET", "/learning/registry/dcat", "signed_in", 200, lambda c: {"url": _u("/learning/registry/dcat")}
    ),
]
