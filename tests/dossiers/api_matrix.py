"""Authorisation-matrix rows for the dossier endpoints (format: ``tests/api/matrix.py``).

The organisation under test (``cast.org``) is the regisseur of one dossier, with a shared purpose
and the highest clearance; ``cast.other_org`` takes no part. Profiles of this pillar:

* ``dossier_participants`` — active participants (members, admins and scoped tokens of
  ``cast.org``); platform administrators are refused: they see no content;
* ``dossier_managers`` — the regisseur's organisation and platform administrators (who accept
  participants of a dossier without a regisseur);
* ``org_actors`` — anybody acting for an organisation (outsiders too: their lists are empty);
  a platform administrator without a membership acts for no organisation and is refused;
* ``exporters`` — administrators of an organisation (the outsider's export of this subject is
  empty) and platform administrators; never a member or a token.

The finer matrix over participation states lives in ``tests/dossiers/test_authorisation.py``.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import Any

from opgave.core.actors import Actor
from opgave.core.models import Organisation, ProcessingActivity
from opgave.dossiers import services
from opgave.dossiers.models import Dossier, Obligation

OK = "ok"
BASE = "/api/v1"
BSN = "111222333"
_MATRIX_FILE = Path(__file__).resolve().parents[1] / "api" / "matrix.py"
_DENY = {"anonymous": 401, "token_revoked": 401, "token_expired": 401, "token_unscoped": 403}
_PROFILES: dict[str, dict[str, Any]] = {
    "dossier_participants": {
        **_DENY,
        "outsider": 403,
        "token_other_org": 403,
        "platform_admin": 403,
        **dict.fromkeys(("member", "org_admin", "token_scoped"), OK),
    },
    "dossier_managers": {
        **_DENY,
        "outsider": 403,
        "token_other_org": 403,
        **dict.fromkeys(("member", "org_admin", "token_scoped", "platform_admin"), OK),
    },
    "org_actors": {
        **_DENY,
        "platform_admin": 403,
        **dict.fromkeys(("member", "org_admin", "token_scoped", "outsider", "token_other_org"), OK),
    },
    # the organisation that gave the signal (a platform administrator gave none)
    "signal_owners": {
        **_DENY,
        "outsider": 403,
        "token_other_org": 403,
        "platform_admin": 403,
        **dict.fromkeys(("member", "org_admin", "token_scoped"), OK),
    },
    "exporters": {
        **_DENY,
        "member": 403,
        "token_scoped": 403,
        "token_other_org": 403,
        **dict.fromkeys(("org_admin", "platform_admin", "outsider"), OK),
    },
}


def _register_profiles() -> None:
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and Path(path).resolve() == _MATRIX_FILE and hasattr(module, "PROFILES"):
            for name, profile in _PROFILES.items():
                module.PROFILES.setdefault(name, profile)


_register_profiles()


def _purpose() -> ProcessingActivity:
    activity, _ = ProcessingActivity.objects.get_or_create(
        code="matrix-jeugd",
        defaults={
            "name": "Matrix jeugd",
            "purpose": "Toegang testen",
            "legal_basis": "Jeugdwet art. 7.4.0",
            "retention": "15 jaar",
        },
    )
    return activity


def _actor(cast: Any) -> Actor:
    return Actor.for_person(cast.org_admin, organisation=cast.org, origin="test")


def _dossier(cast: Any) -> Dossier:
    found = Dossier.objects.filter(title="Matrix").first()
    if found is not None:
        return found
    _purpose()
    dossier = services.create_dossier(
        actor=_actor(cast),
        kind="gezin",
        title="Matrix",
        subjects=[services.SubjectInput(relation="kind", bsn=BSN, name="Kind Matrix")],
        role="casusregisseur",
        purposes=["matrix-jeugd"],
        clearance=3,
    )
    services.add_entry(
        actor=_actor(cast),
        dossier=dossier,
        kind="notitie",
        title="Matrixstuk",
        body="x",
        purpose="matrix-jeugd",
    )
    services.add_item(actor=_actor(cast), dossier=dossier, section="zorg", text="Een zorg")
    return dossier


def _url(cast: Any, tail: str = "") -> str:
    return f"{BASE}/dossiers/{_dossier(cast).uuid}{tail}"


def _entry_url(cast: Any, tail: str = "") -> str:
    entry = _dossier(cast).entries.first()
    assert entry is not None
    return _url(cast, f"/entries/{entry.uuid}{tail}")


def _document(cast: Any) -> str:
    dossier = _dossier(cast)
    entry = services.add_entry(
        actor=_actor(cast),
        dossier=dossier,
        kind="document",
        title="Brief",
        purpose="matrix-jeugd",
        document=b"Een brief in platte tekst.",
        document_name="brief.txt",
    )
    return _url(cast, f"/entries/{entry.uuid}/document")


def _request(cast: Any) -> str:
    """A pending request of a third organisation, to decide on."""
    dossier = _dossier(cast)
    third = Organisation.objects.create(name="Derde partij", kind="maatschappelijk")
    from tests.core.factories import MembershipFactory, PersonFactory

    person = PersonFactory(username="derde")
    MembershipFactory(person=person, organisation=third)
    part = services.request_participation(
        actor=Actor.for_person(person, organisation=third),
        dossier=dossier,
        role="uitvoerder",
        purposes=["matrix-jeugd"],
    )
    return _url(cast, f"/participants/{part.uuid}")


def _own_participation(cast: Any) -> str:
    part = _dossier(cast).participations.get(organisation=cast.org)
    return _url(cast, f"/participants/{part.uuid}")


def _foreign_dossier(cast: Any) -> str:
    """A dossier of a third organisation, to ask to join."""
    third = Organisation.objects.create(name="Derde gemeente", kind="gemeente")
    from tests.core.factories import MembershipFactory, PersonFactory

    person = PersonFactory(username="derde-regie")
    MembershipFactory(person=person, organisation=third)
    _purpose()
    dossier = services.create_dossier(
        actor=Actor.for_person(person, organisation=third),
        kind="persoon",
        title="Ander dossier",
        subjects=[services.SubjectInput(relation="betrokkene", bsn="123456782", name="Iemand")],
        role="casusregisseur",
        purposes=["matrix-jeugd"],
    )
    return f"{BASE}/dossiers/{dossier.uuid}/participants"


def _obligation(cast: Any) -> str:
    obligation = Obligation.objects.filter(dossier=_dossier(cast), status="open").first()
    assert obligation is not None
    return _url(cast, f"/obligations/{obligation.uuid}/fulfil")


def _plan_item(cast: Any) -> str:
    item = _dossier(cast).plan_items.first()
    assert item is not None
    return _url(cast, f"/plan/items/{item.uuid}")


def _signal(cast: Any) -> str:
    _dossier(cast)
    signal = services.register_signal(actor=_actor(cast), bsn=BSN, purpose="matrix-jeugd")
    return f"{BASE}/signals/{signal.uuid}/withdraw"


def _row(method: str, path: str, profile: str, ok: int, build: Any) -> dict[str, Any]:
    return {"method": method, "path": BASE + path, "profile": profile, "ok": ok, "build": build}


D = "/dossiers/{dossier_id}"
P = D + "/participants/{participation_id}"
E = D + "/entries/{entry_id}"
ROWS: list[dict[str, Any]] = [
    _row("GET", "/dossiers", "signed_in", 200, lambda c: {"url": f"{BASE}/dossiers"}),
    _row(
        "POST",
        "/dossiers",
        "org_actors",
        201,
        lambda c: (
            _purpose()
            and {
                "url": f"{BASE}/dossiers",
                "body": {
                    "kind": "persoon",
                    "title": "Nieuw",
                    "subjects": [{"relation": "betrokkene", "bsn": "999999990", "name": "Iemand"}],
                    "purposes": ["matrix-jeugd"],
                },
            }
        ),
    ),
    _row("GET", D, "dossier_participants", 200, lambda c: {"url": _url(c)}),
    _row("GET", D + "/participants", "dossier_managers", 200, lambda c: {"url": _url(c, "/participants")}),
    _row(
        "POST",
        D + "/participants",
        "org_actors",
        201,
        lambda c: {"url": _foreign_dossier(c), "body": {"role": "uitvoerder", "purposes": ["matrix-jeugd"]}},
    ),
    _row(
        "POST",
        P + "/decision",
        "dossier_managers",
        200,
        lambda c: {"url": _request(c) + "/decision", "body": {"accept": True}},
    ),
    # If-Match targets cannot be fetched by the platform administrator: sent without, allowed → 428.
    _row("PATCH", P, "dossier_managers", 428, lambda c: {"url": _request(c), "body": {"role": "adviseur"}}),
    _row(
        "POST",
        P + "/leave",
        "dossier_managers",
        200,
        lambda c: {"url": _own_participation(c) + "/leave", "body": {}},
    ),
    _row(
        "POST",
        D + "/regisseur",
        "dossier_managers",
        200,
        lambda c: {
            "url": _url(c, "/regisseur"),
            "body": {"participation": str(_dossier(c).participations.get(organisation=c.org).uuid)},
        },
    ),
    _row("GET", D + "/entries", "dossier_participants", 200, lambda c: {"url": _url(c, "/entries")}),
    _row(
        "GET", D + "/entries/count", "dossier_participants", 200, lambda c: {"url": _url(c, "/entries/count")}
    ),
    _row(
        "POST",
        D + "/entries/search",
        "dossier_participants",
        200,
        lambda c: {"url": _url(c, "/entries/search"), "body": {"q": "Matrix"}},
    ),
    _row(
        "POST",
        D + "/entries",
        "dossier_participants",
        201,
        lambda c: {
            "url": _url(c, "/entries"),
            "body": {"kind": "notitie", "title": "Nieuw stuk", "purpose": "matrix-jeugd"},
        },
    ),
    _row(
        "POST",
        D + "/documents",
        "dossier_participants",
        201,
        lambda c: {
            "url": _url(c, "/documents"),
            "body": {
                "title": "Verslag",
                "purpose": "matrix-jeugd",
                "file_name": "verslag.pdf",
                "content_base64": base64.b64encode(b"%PDF-1.4\n%test\n").decode(),
            },
        },
    ),
    _row("GET", E, "dossier_participants", 200, lambda c: {"url": _entry_url(c)}),
    _row("GET", E + "/document", "dossier_participants", 200, lambda c: {"url": _document(c)}),
    _row("GET", D + "/plan", "dossier_participants", 200, lambda c: {"url": _url(c, "/plan")}),
    _row(
        "POST",
        D + "/plan/items",
        "dossier_participants",
        201,
        lambda c: {"url": _url(c, "/plan/items"), "body": {"section": "doel", "text": "Veilig thuis"}},
    ),
    _row(
        "PATCH",
        D + "/plan/items/{item_id}",
        "dossier_participants",
        428,
        lambda c: {"url": _plan_item(c), "body": {"status": "bezig"}},
    ),
    _row(
        "POST",
        D + "/plan/review",
        "dossier_participants",
        200,
        lambda c: {"url": _url(c, "/plan/review"), "body": {}},
    ),
    _row("GET", D + "/obligations", "dossier_participants", 200, lambda c: {"url": _url(c, "/obligations")}),
    _row(
        "POST",
        D + "/obligations/{obligation_id}/fulfil",
        "dossier_participants",
        200,
        lambda c: {"url": _obligation(c), "body": {}},
    ),
    _row("GET", "/obligations", "signed_in", 200, lambda c: {"url": f"{BASE}/obligations"}),
    _row("GET", "/signals", "signed_in", 200, lambda c: {"url": f"{BASE}/signals"}),
    _row(
        "POST",
        "/signals",
        "org_actors",
        201,
        lambda c: _purpose() and {"url": f"{BASE}/signals", "body": {"bsn": BSN, "purpose": "matrix-jeugd"}},
    ),
    _row(
        "POST",
        "/signals/{signal_id}/withdraw",
        "signal_owners",
        200,
        lambda c: {"url": _signal(c), "body": {}},
    ),
    _row("GET", "/signal-matches", "signed_in", 200, lambda c: {"url": f"{BASE}/signal-matches"}),
    _row(
        "POST",
        "/subject-exports",
        "exporters",
        200,
        lambda c: _dossier(c) and {"url": f"{BASE}/subject-exports", "body": {"bsn": BSN}},
    ),
]
