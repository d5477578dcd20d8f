"""Every account page in every authentication state, with the answer it must give.

The rows are generated from the account area's URL patterns (``opgave.core.urls``): a new
account page without a row here makes :func:`test_every_account_page_has_a_row` fail. The
states are the ones an attacker can be in — anonymous, half logged in (password right, code
still to come), logged in without a second factor, logged in with a verified second factor,
and an account locked by the throttle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.core.factories import DEFAULT_PASSWORD, MembershipFactory

from opgave.core import urls as account_urls
from opgave.core.models import Organisation, Person

STATES = ("anonymous", "half", "full", "device", "locked")


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None = None  # prefix of the redirect target
    text: str | None = None  # must appear in the page


LOGIN = Answer(302, "/inloggen/")
HOME = Answer(302, "/")
NOT_ALLOWED = Answer(405)

#: (url name, method) → state → the answer. GET for pages, POST where the page is a form's target.
EXPECTED: dict[tuple[str, str], dict[str, Answer]] = {
    ("login", "GET"): {
        "anonymous": Answer(200, text="Inloggen"),
        "half": Answer(200, text="Inloggen"),
        "full": HOME,
        "device": HOME,
        "locked": Answer(200, text="Inloggen"),
    },
    ("login", "POST"): {  # the state's own person with the right password
        "anonymous": HOME,
        "half": Answer(302, "/inloggen/code/"),
        "full": HOME,
        "device": HOME,
        "locked": Answer(200, text="Te veel mislukte inlogpogingen"),
    },
    ("login-totp", "GET"): {
        "anonymous": LOGIN,
        "half": Answer(200, text="herstelcode"),
        "full": LOGIN,
        "device": LOGIN,
        "locked": LOGIN,
    },
    ("login-totp", "POST"): {  # a wrong code
        "anonymous": LOGIN,
        "half": Answer(200, text="klopt niet"),
        "full": LOGIN,
        "device": LOGIN,
        "locked": LOGIN,
    },
    ("logout", "GET"): dict.fromkeys(STATES, NOT_ALLOWED),
    ("logout", "POST"): dict.fromkeys(STATES, LOGIN),
    ("totp-setup", "GET"): {  # enrolment: never in the half-logged-in state
        "anonymous": Answer(302, "/inloggen/?next="),
        "half": Answer(302, "/inloggen/?next="),
        "full": Answer(200, text="Geheime sleutel"),
        "device": Answer(200, text="Je gebruikt al een authenticator-app"),
        "locked": Answer(302, "/inloggen/?next="),
    },
    ("totp-setup", "POST"): {  # a code for whatever secret: only a real session gets anywhere
        "anonymous": Answer(302, "/inloggen/?next="),
        "half": Answer(302, "/inloggen/?next="),
        "full": Answer(200, text="klopt niet"),
        "device": Answer(200, text="klopt niet"),
        "locked": Answer(302, "/inloggen/?next="),
    },
    ("recovery-codes", "GET"): {
        "anonymous": Answer(302, "/inloggen/?next="),
        "half": Answer(302, "/inloggen/?next="),
        "full": Answer(200, text="nog geen authenticator-app"),
        "device": Answer(200, text="herstelcodes over"),
        "locked": Answer(302, "/inloggen/?next="),
    },
    ("recovery-codes", "POST"): {
        "anonymous": Answer(302, "/inloggen/?next="),
        "half": Answer(302, "/inloggen/?next="),
        "full": Answer(200, text="nog geen authenticator-app"),
        "device": Answer(200, text="klopt niet"),
        "locked": Answer(302, "/inloggen/?next="),
    },
    ("organisation-switch", "GET"): dict.fromkeys(STATES, NOT_ALLOWED),
    ("organisation-switch", "POST"): {  # to an own organisation
        "anonymous": Answer(302, "/inloggen/?next="),
        "half": Answer(302, "/inloggen/?next="),
        "full": HOME,
        "device": HOME,
        "locked": Answer(302, "/inloggen/?next="),
    },
}


def _account_pages() -> set[str]:
    return {p.name for p in account_urls.urlpatterns if isinstance(p, URLPattern) and p.name}


def test_every_account_page_has_a_row() -> None:
    covered = {name for name, _ in EXPECTED}
    assert covered == _account_pages(), "give a new account page its rows in EXPECTED"
    for name in covered:
        assert {(name, "GET"), (name, "POST")} <= set(EXPECTED), name
    for row in EXPECTED.values():
        assert set(row) == set(STATES)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _wrong(device: TOTPDevice | None) -> str:
    return "000000" if device is None or _code(device) != "000000" else "111111"


@dataclass
class Situation:
    client: Client
    person: Person
    organisation: Organisation
    device: TOTPDevice | None


def _situation(state: str, n: int) -> Situation:
    membership = MembershipFactory(person__username=f"staat-{state}-{n}")
    person, organisation = membership.person, membership.organisation
    device = None
    if state in {"half", "device"}:
        device = TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    client = Client(REMOTE_ADDR=f"10.20.{n}.1")  # one address each: the IP lock of one is not the next's
    if state == "locked":
        for n in range(5):
            client.post("/inloggen/", {"login": person.username, "password": f"fout-{n}"})
    elif state != "anonymous":
        response = client.post("/inloggen/", {"login": person.username, "password": DEFAULT_PASSWORD})
        if state == "device":
            assert device is not None
            response = client.post("/inloggen/code/", {"code": _code(device)})
        assert response.status_code == 302
    return Situation(client, person, organisation, device)


def _request(situation: Situation, name: str, method: str) -> Any:
    url = reverse(name)
    client = situation.client
    if method == "GET":
        return client.get(url)
    data: dict[str, str] = {}
    if name == "login":
        data = {"login": situation.person.username, "password": DEFAULT_PASSWORD}
    elif name in {"login-totp", "totp-setup", "recovery-codes"}:
        data = {"code": _wrong(situation.device)}
    elif name == "organisation-switch":
        data = {"organisation": str(situation.organisation.uuid)}
    return client.post(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
def test_every_account_page_answers_as_expected_in_every_state(state: str, settings: Any) -> None:
    settings.LOGIN_RATE_LIMIT = 5
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    failures = []
    for n, ((name, method), row) in enumerate(sorted(EXPECTED.items())):
        situation = _situation(state, n)  # fresh for every request: answers change the state
        expected = row[state]
        response = _request(situation, name, method)
        location = response.get("Location", "")
        ok = response.status_code == expected.status
        ok = ok and (expected.location is None or location.startswith(expected.location))
        if expected.location == "/":
            ok = ok and location == "/"
        ok = ok and (expected.text is None or expected.text in response.content.decode())
        if not ok:
            failures.append(
                f"{method} {name} as {state}: got {response.status_code} {location!r}, want {expected}"
            )
    assert not failures, "\n".join(failures)
