"""Authorisation-matrix rows for the collaboration endpoints (format: ``tests/api/matrix.py``).

Two access profiles exist only here (pillar 1 denies platform administrators by default: the
issue says only participants and facilitators see a collaboration's non-public parts):

* ``participants`` — members of an organisation taking part (here: the owner ``cast.org``) and
  tokens of that organisation; platform administrators without a membership are refused;
* ``session_people`` — the same people, but never a token: answering, revealing, consenting
  and opening a session are things a *person* does.

They are registered into the shared ``PROFILES`` when missing (request to the API helper: move
them into ``tests/api/matrix.py``). Rows whose If-Match target is private cannot have their ETag
fetched by the platform administrator, so they are sent without If-Match and the allowed
callers' expected status is 428 — they got past every access check; the full If-Match flow is
tested in ``tests/collaborations/test_api.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tests.core.factories import act

from opgave.collaborations import pulse, services
from opgave.collaborations.models import Collaboration, Goal, Programme, Session, Tension
from opgave.collaborations.services import access

OK = "ok"  # the marker tests/api/matrix.py uses for "allowed"
_MATRIX_FILE = Path(__file__).resolve().parents[1] / "api" / "matrix.py"
_TOKEN_DENIALS = {"anonymous": 401, "token_revoked": 401, "token_expired": 401, "token_unscoped": 403}
_PROFILES: dict[str, dict[str, Any]] = {
    "participants": {
        **_TOKEN_DENIALS,
        "outsider": 403,
        "token_other_org": 403,
        "platform_admin": 403,
        **dict.fromkeys(("member", "org_admin", "token_scoped"), OK),
    },
    # Administrators of an owner organisation (and tokens their issuers made): owners, region,
    # programme (issue #7, defect 2). A plain member of the owner is refused.
    "owner_admins": {
        **_TOKEN_DENIALS,
        "outsider": 403,
        "token_other_org": 403,
        "platform_admin": 403,
        "member": 403,
        **dict.fromkeys(("org_admin", "token_scoped"), OK),
    },
    # The invited organisation's members and who invites (an API token of an owner organisation
    # included); anybody else is told the invitation does not exist (as on the web page).
    "invitees_or_managers": {
        **_TOKEN_DENIALS,
        "platform_admin": 404,
        "token_other_org": 404,
        **dict.fromkeys(("outsider", "member", "org_admin", "token_scoped"), OK),
    },
    # The person who asked to join (``outsider``) and who decides about it.
    "requester_or_managers": {
        **_TOKEN_DENIALS,
        "platform_admin": 403,
        "token_other_org": 403,
        **dict.fromkeys(("outsider", "member", "org_admin", "token_scoped"), OK),
    },
    "session_people": {
        **_TOKEN_DENIALS,
        "outsider": 403,
        "token_other_org": 403,
        "platform_admin": 403,
        "token_scoped": 403,
        **dict.fromkeys(("member", "org_admin"), OK),
    },
}


def _register_profiles() -> None:
    """Add the profiles to every loaded copy of tests/api/matrix.py (it may be imported as
    ``api.matrix`` by the test module and as ``tests.api.matrix`` elsewhere)."""
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and Path(path).resolve() == _MATRIX_FILE and hasattr(module, "PROFILES"):
            for name, profile in _PROFILES.items():
                module.PROFILES.setdefault(name, profile)


_register_profiles()

BASE = "/api/v1"


def _collaboration(cast: Any) -> Collaboration:
    """Owned by ``cast.org``; member and org_admin are contact persons and facilitators; one version."""
    found = Collaboration.objects.filter(name="Matrix").first()
    if found is not None:
        return found
    item = services.create_collaboration(
        name="Matrix", opgave="Toegang testen.", owners=[cast.org], actor=act(cast.org_admin)
    )
    item.facilitators.add(cast.member)
    parties = [
        {
            "organisation": str(cast.org.uuid),
            "organisation_name": cast.org.name,
            "role": "regisseur",
            "contact_person": str(person.uuid),
        }
        for person in (cast.member,)
    ] + [{"organisation_name": "Partner", "contact_person": str(cast.org_admin.uuid)}]
    item = services.save_draft(
        item, expected_revision=item.revision, step=2, data={"parties": parties}, actor=act(cast.org_admin)
    )
    item = services.save_draft(
        item,
        expected_revision=item.revision,
        step=1,
        data={"opgave": "Toegang", "bedoeling": "Veiligheid"},
        actor=act(cast.org_admin),
    )
    services.agree_version(item, expected_revision=item.revision, actor=act(cast.org_admin))
    item.refresh_from_db()
    return item


def _url(cast: Any, tail: str = "") -> str:
    return f"{BASE}/collaborations/{_collaboration(cast).uuid}{tail}"


def _session(cast: Any, state: str = "open") -> Session:
    item = _collaboration(cast)
    session = services.open_session(
        item, title="Matrix", participants=[cast.member, cast.org_admin], actor=act(cast.org_admin)
    )
    if state in ("answered", "revealed"):
        services.submit_answer(
            session, formulation="Schulden voorkomen", parties=["CJIB"], actor=act(cast.member)
        )
        services.submit_answer(
            session, formulation="Incasso stapelt", parties=["CJIB"], actor=act(cast.org_admin)
        )
    if state == "revealed":
        session = services.reveal(session, actor=act(cast.org_admin))
    return session


def _two_versions(cast: Any) -> str:
    item = _collaboration(cast)
    item = services.save_draft(
        item,
        expected_revision=item.revision,
        step=1,
        data={"opgave": "Anders", "bedoeling": "Veiligheid"},
        actor=act(cast.org_admin),
    )
    services.agree_version(item, expected_revision=item.revision, actor=act(cast.org_admin))
    return _url(cast, "/versions/1/diff/2")


def _programme(cast: Any) -> Programme:
    return services.create_programme(
        name="Matrixprogramma", description="", owners=[cast.org], actor=act(cast.org_admin)
    )


def _tension(cast: Any) -> Tension:
    return services.add_tension(
        _collaboration(cast), kind="verticaal", title="Rijk en regio", actor=act(cast.org_admin)
    )


def _goal(cast: Any) -> Goal:
    return services.add_goal(
        _collaboration(cast), title="Doel", indicator="aantal", target=10, actor=act(cast.org_admin)
    )


def _elsewhere(cast: Any) -> Collaboration:
    """Owned by ``cast.other_org`` (its administrator is ``outsider``): ``cast.org`` is outside it."""
    found = Collaboration.objects.filter(name="Elders").first()
    if found is not None:
        return found
    return services.create_collaboration(
        name="Elders", opgave="Buiten de eigen kring.", owners=[cast.other_org], actor=act(cast.outsider)
    )


def _invitation_out(cast: Any) -> str:
    """An invitation from "Matrix" (owned by ``cast.org``) to ``cast.other_org``."""
    invitation, _ = access.invite(
        _collaboration(cast), organisation=cast.other_org, actor=act(cast.org_admin)
    )
    return f"{BASE}/invitations/{invitation.uuid}"


def _invitation_in(cast: Any) -> str:
    """An invitation from "Elders" to ``cast.org``: its members may answer it."""
    invitation, _ = access.invite(_elsewhere(cast), organisation=cast.org, actor=act(cast.outsider))
    return f"{BASE}/invitations/{invitation.uuid}"


def _join_request(cast: Any) -> str:
    """``outsider`` asks, for ``cast.other_org``, to join "Matrix"."""
    item = _collaboration(cast)
    found = access.request_to_join(
        item, organisation=cast.other_org, motivation="Wij doen dit al.", actor=act(cast.outsider)
    )
    return f"{BASE}/collaborations/{item.uuid}/join-requests/{found.uuid}"


def _row(method: str, path: str, profile: str, ok: int, build: Any) -> dict[str, Any]:
    return {"method": method, "path": BASE + path, "profile": profile, "ok": ok, "build": build}


C = "/collaborations/{collaboration_id}"
ROWS: list[dict[str, Any]] = [
    _row("GET", "/collaborations", "signed_in", 200, lambda c: {"url": f"{BASE}/collaborations?q=Matrix"}),
    _row(
        "POST",
        "/collaborations",
        "participants",
        201,
        lambda c: {
            "url": f"{BASE}/collaborations",
            "body": {"name": "Nieuw", "opgave": "Iets", "owners": [str(c.org.uuid)]},
        },
    ),
    _row("GET", C, "signed_in", 200, lambda c: {"url": _url(c)}),
    _row(
        "PATCH",
        C,
        "participants",
        200,
        lambda c: {"url": _url(c), "body": {"status": "actief"}, "etag_url": _url(c)},
    ),
    _row("GET", C + "/design", "participants", 200, lambda c: {"url": _url(c, "/design")}),
    _row(
        "PUT",
        C + "/design",
        "participants",
        200,
        lambda c: {"url": _url(c, "/design"), "body": {}, "etag_url": _url(c)},
    ),
    _row(
        "PUT",
        C + "/design/steps/{step}",
        "participants",
        200,
        lambda c: {
            "url": _url(c, "/design/steps/1"),
            "body": {"opgave": "x", "bedoeling": "y"},
            "etag_url": _url(c),
        },
    ),
    _row("GET", C + "/versions", "participants", 200, lambda c: {"url": _url(c, "/versions")}),
    _row(
        "POST",
        C + "/versions",
        "participants",
        201,
        lambda c: {"url": _url(c, "/versions"), "body": {"revision": _collaboration(c).revision}},
    ),
    _row("GET", C + "/versions/{number}", "participants", 200, lambda c: {"url": _url(c, "/versions/1")}),
    _row("GET", C + "/versions/{old}/diff/{new}", "participants", 200, lambda c: {"url": _two_versions(c)}),
    _row("GET", C + "/diagnostics", "participants", 200, lambda c: {"url": _url(c, "/diagnostics")}),
    _row("GET", C + "/sessions", "participants", 200, lambda c: {"url": _url(c, "/sessions")}),
    _row(
        "POST",
        C + "/sessions",
        "session_people",
        201,
        lambda c: {
            "url": _url(c, "/sessions"),
            "body": {"title": "Sessie", "participants": [str(c.member.uuid), str(c.org_admin.uuid)]},
        },
    ),
    _row("POST", C + "/review-session", "session_people", 201, lambda c: {"url": _url(c, "/review-session")}),
    _row(
        "GET",
        "/sessions/{session_id}",
        "participants",
        200,
        lambda c: {"url": f"{BASE}/sessions/{_session(c).uuid}"},
    ),
    _row(
        "GET",
        "/sessions/{session_id}/answers",
        "participants",
        200,
        lambda c: {"url": f"{BASE}/sessions/{_session(c, 'answered').uuid}/answers"},
    ),
    _row(
        "PUT",
        "/sessions/{session_id}/answer",
        "session_people",
        200,
        lambda c: {
            "url": f"{BASE}/sessions/{_session(c).uuid}/answer",
            "body": {"formulation": "Mijn kijk", "parties": []},
        },
    ),
    _row(
        "POST",
        "/sessions/{session_id}/reveal",
        "session_people",
        200,
        lambda c: {"url": f"{BASE}/sessions/{_session(c, 'answered').uuid}/reveal"},
    ),
    _row(
        "PUT",
        "/sessions/{session_id}/proposal",
        "session_people",
        428,
        lambda c: {
            "url": f"{BASE}/sessions/{_session(c, 'revealed').uuid}/proposal",
            "body": {"opgave": "Samen"},
        },
    ),
    _row(
        "POST",
        "/sessions/{session_id}/consent",
        "session_people",
        200,
        lambda c: (
            lambda s: {
                "url": f"{BASE}/sessions/{s.uuid}/consent",
                "body": {"decision": "agree", "revision": s.revision},
            }
        )(_session(c, "revealed")),
    ),
    _row("GET", C + "/tensions", "participants", 200, lambda c: {"url": _url(c, "/tensions")}),
    _row(
        "POST",
        C + "/tensions",
        "participants",
        201,
        lambda c: {"url": _url(c, "/tensions"), "body": {"kind": "waarden", "title": "Wonen of natuur"}},
    ),
    _row(
        "PATCH",
        "/tensions/{tension_id}",
        "participants",
        428,
        lambda c: {"url": f"{BASE}/tensions/{_tension(c).uuid}", "body": {"handling": "Overleg"}},
    ),
    _row("GET", C + "/goals", "participants", 200, lambda c: {"url": _url(c, "/goals")}),
    _row(
        "POST",
        C + "/goals",
        "participants",
        201,
        lambda c: {"url": _url(c, "/goals"), "body": {"title": "Minder", "indicator": "aantal", "target": 5}},
    ),
    _row(
        "POST",
        "/goals/{goal_id}/measurements",
        "participants",
        201,
        lambda c: {"url": f"{BASE}/goals/{_goal(c).uuid}/measurements", "body": {"value": 4}},
    ),
    _row("GET", C + "/lessons", "participants", 200, lambda c: {"url": _url(c, "/lessons")}),
    _row(
        "POST",
        C + "/lessons",
        "participants",
        201,
        lambda c: {"url": _url(c, "/lessons"), "body": {"title": "Les"}},
    ),
    _row("GET", C + "/activities", "participants", 200, lambda c: {"url": _url(c, "/activities")}),
    _row(
        "POST",
        C + "/activities",
        "participants",
        201,
        lambda c: {"url": _url(c, "/activities"), "body": {"kind": "meeting", "title": "Overleg"}},
    ),
    _row("GET", C + "/pulse", "participants", 200, lambda c: {"url": _url(c, "/pulse")}),
    _row(
        "POST",
        C + "/pulse",
        "session_people",
        201,
        lambda c: {"url": _url(c, "/pulse"), "body": {"scores": dict.fromkeys(pulse.ITEMS, 4)}},
    ),
    _row("GET", "/questionnaire", "signed_in", 200, lambda c: {"url": f"{BASE}/questionnaire"}),
    _row("GET", "/programmes", "signed_in", 200, lambda c: {"url": f"{BASE}/programmes"}),
    _row(
        "POST",
        "/programmes",
        "participants",
        201,
        lambda c: {
            "url": f"{BASE}/programmes",
            "body": {"name": "Nieuw programma", "owners": [str(c.org.uuid)]},
        },
    ),
    _row(
        "GET",
        "/programmes/{programme_id}",
        "signed_in",
        200,
        lambda c: {"url": f"{BASE}/programmes/{_programme(c).uuid}"},
    ),
    _row(
        "POST",
        "/programmes/{programme_id}/themes",
        "participants",
        201,
        lambda c: {"url": f"{BASE}/programmes/{_programme(c).uuid}/themes", "body": {"name": "Wonen"}},
    ),
    _row(
        "PATCH",
        C,
        "owner_admins",
        200,
        lambda c: {
            "url": _url(c),
            "body": {"owners": [str(c.org.uuid), str(c.other_org.uuid)]},
            "etag_url": _url(c),
        },
    ),
    _row(
        "GET",
        C + "/discussion",
        "participants",
        200,
        lambda c: {"url": _url(c, "/discussion?topic=step:2")},
    ),
    _row(
        "POST",
        C + "/discussion",
        "session_people",
        201,
        lambda c: {"url": _url(c, "/discussion"), "body": {"topic": "step:2", "body": "Eens, @iemand."}},
    ),
    _row("GET", C + "/invitations", "participants", 200, lambda c: {"url": _url(c, "/invitations")}),
    _row(
        "POST",
        C + "/invitations",
        "participants",
        201,
        lambda c: {"url": _url(c, "/invitations"), "body": {"organisation": str(c.other_org.uuid)}},
    ),
    _row(
        "GET",
        "/invitations/{invitation_id}",
        "invitees_or_managers",
        200,
        lambda c: {"url": _invitation_out(c)},
    ),
    _row(
        "POST",
        "/invitations/{invitation_id}/accept",
        "session_people",
        200,
        lambda c: {"url": _invitation_in(c) + "/accept", "body": {}},
    ),
    _row(
        "POST",
        "/invitations/{invitation_id}/decline",
        "session_people",
        200,
        lambda c: {"url": _invitation_in(c) + "/decline"},
    ),
    _row(
        "POST",
        "/invitations/{invitation_id}/revoke",
        "participants",
        200,
        lambda c: {"url": _invitation_out(c) + "/revoke"},
    ),
    _row("GET", C + "/join-requests", "participants", 200, lambda c: {"url": _url(c, "/join-requests")}),
    _row(
        "POST",
        C + "/join-requests",
        "session_people",
        201,
        lambda c: {
            "url": f"{BASE}/collaborations/{_elsewhere(c).uuid}/join-requests",
            "body": {"organisation": str(c.org.uuid), "motivation": "Wij werken hier al aan."},
        },
    ),
    _row(
        "GET",
        C + "/join-requests/{request_id}",
        "requester_or_managers",
        200,
        lambda c: {"url": _join_request(c)},
    ),
    _row(
        "POST",
        C + "/join-requests/{request_id}/accept",
        "participants",
        200,
        lambda c: {"url": _join_request(c) + "/accept"},
    ),
    _row(
        "POST",
        C + "/join-requests/{request_id}/decline",
        "participants",
        200,
        lambda c: {"url": _join_request(c) + "/decline", "body": {"reason": "Past nu niet in de opzet."}},
    ),
]
