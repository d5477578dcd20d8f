"""Browser authentication: login, logout, inactivity timeout, rate limiting, TOTP, organisation switch."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.core.factories import DEFAULT_PASSWORD, MembershipFactory, OrganisationFactory, PersonFactory

from opgave.core.middleware import ActiveOrganisationMiddleware, InactivityTimeoutMiddleware
from opgave.core.models import AuditRecord, LoginFailure, Organisation, Person
from opgave.core.services.audit import origin_of

pytestmark = pytest.mark.django_db
Login = Callable[..., Any]


def _actions(result: str | None = None) -> list[str]:
    records = AuditRecord.objects.order_by("seq")
    if result:
        records = records.filter(result=result)
    return list(records.values_list("action", flat=True))


def test_the_login_page_is_dutch_and_labelled(client: Client) -> None:
    page = client.get("/inloggen/").content.decode()
    assert re.search(r'<label[^>]*for="id_login"[^>]*>Gebruikersnaam of e-mailadres</label>', page)
    assert re.search(r'<label[^>]*for="id_password"[^>]*>Wachtwoord</label>', page)
    assert 'autocomplete="current-password"' in page and 'autocomplete="username"' in page


def test_a_missing_field_is_linked_from_the_error_summary(client: Client) -> None:
    page = client.post("/inloggen/", {"login": "sanne", "password": ""}).content.decode()
    assert 'role="alert"' in page and 'href="#id_password"' in page and "Vul je wachtwoord in." in page
    assert re.search(r'<input[^>]*name="password"[^>]*aria-invalid="true"', page)


def test_login_with_username_and_with_email(client: Client, person: Person, login: Login) -> None:
    response = login("sanne")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(person.pk)
    client.post("/uitloggen/")
    response = login("SANNE@proef.example")
    assert response.status_code == 302
    assert _actions("success").count("login") == 2
    assert person.password.startswith("argon2$")


def test_a_wrong_password_shows_an_error_summary_and_is_audited(
    client: Client, person: Person, login: Login
) -> None:
    response = login("sanne", "fout-wachtwoord")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page and "kennen we niet" in page
    assert "_auth_user_id" not in client.session
    failure = AuditRecord.objects.get(action="login")
    assert failure.result == "failed" and failure.actor == person and failure.origin == "127.0.0.1"


def test_an_unknown_account_is_audited_without_a_person(person: Person, login: Login) -> None:
    login("niemand@proef.example", "wat-dan-ook")
    failure = AuditRecord.objects.get(action="login")
    assert failure.actor is None and failure.actor_label == "onbekend account"


def test_an_account_is_locked_after_too_many_failures(client: Client, person: Person, login: Login) -> None:
    for _ in range(3):
        login("sanne", "fout-wachtwoord")
    response = login("sanne")  # the right password, but locked
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert _actions("denied") == ["login.lockout", "login.lockout"]


def test_the_account_lock_also_holds_from_another_address(person: Person) -> None:
    for i in range(3):
        Client(REMOTE_ADDR=f"10.0.0.{i}").post("/inloggen/", {"login": "sanne", "password": "fout"})
    response = Client(REMOTE_ADDR="10.0.0.99").post(
        "/inloggen/", {"login": "sanne", "password": DEFAULT_PASSWORD}
    )
    assert "Te veel mislukte inlogpogingen" in response.content.decode()


def test_an_address_is_locked_after_failures_on_several_accounts(person: Person) -> None:
    attacker = Client(REMOTE_ADDR="192.0.2.7")
    for name in ("a", "b", "c"):
        attacker.post("/inloggen/", {"login": name, "password": "fout"})
    response = attacker.post("/inloggen/", {"login": "sanne", "password": DEFAULT_PASSWORD})
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    other = Client(REMOTE_ADDR="192.0.2.8").post(
        "/inloggen/", {"login": "sanne", "password": DEFAULT_PASSWORD}
    )
    assert other.status_code == 302


def test_the_lock_expires_after_the_window(
    client: Client, person: Person, login: Login, settings: Any
) -> None:
    for _ in range(3):
        login("sanne", "fout-wachtwoord")
    assert login("sanne").status_code == 200
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(seconds=settings.LOGIN_RATE_WINDOW + 1))
    assert login("sanne").status_code == 302


def test_logout_is_post_only_and_deletes_the_session_on_the_server(
    client: Client, person: Person, login: Login
) -> None:
    login("sanne")
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert client.get("/uitloggen/").status_code == 405
    response = client.post("/uitloggen/")
    assert response.status_code == 302 and response["Location"] == "/inloggen/"
    assert not Session.objects.filter(session_key=key).exists()
    assert "Je bent uitgelogd" in client.get("/inloggen/").content.decode()
    assert _actions()[-1] == "logout"


def test_a_stolen_cookie_is_useless_after_logout(client: Client, person: Person, login: Login) -> None:
    login("sanne")
    stolen = client.cookies["sessionid"].value
    client.post("/uitloggen/")
    thief = Client()
    thief.cookies["sessionid"] = stolen
    assert thief.get("/").status_code == 302


def test_inactivity_ends_the_session_with_a_message(
    client: Client, person: Person, login: Login, settings: Any
) -> None:
    settings.SESSION_INACTIVITY_TIMEOUT = 60
    login("sanne")
    assert client.get("/").status_code == 200
    session = client.session
    session[InactivityTimeoutMiddleware.KEY] = int(time.time()) - 61
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert "Je sessie is verlopen" in client.get(response["Location"]).content.decode()
    last = AuditRecord.objects.order_by("-seq").first()
    assert last is not None and last.action == "logout" and last.detail == {"reason": "inactivity"}


def test_activity_keeps_the_session_alive(
    client: Client, person: Person, login: Login, settings: Any
) -> None:
    settings.SESSION_INACTIVITY_TIMEOUT = 60
    login("sanne")
    session = client.session
    session[InactivityTimeoutMiddleware.KEY] = int(time.time()) - 59
    session.save()
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200


def test_a_safe_next_url_is_followed_and_an_external_one_is_not(client: Client, person: Person) -> None:
    ok = client.post(
        "/inloggen/?next=/beheer/", {"login": "sanne", "password": DEFAULT_PASSWORD, "next": "/beheer/"}
    )
    assert ok["Location"] == "/beheer/"
    client.post("/uitloggen/")
    evil = client.post(
        "/inloggen/", {"login": "sanne", "password": DEFAULT_PASSWORD, "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/"


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def test_totp_is_asked_after_the_password_when_set_up(
    client: Client, person: Person, login: Login, settings: Any
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = (
        0  # django-otp slows down guessing after a failure; not under test here
    )
    device = TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    response = login("sanne")
    assert response["Location"] == "/inloggen/code/"
    assert "_auth_user_id" not in client.session  # not logged in before the second factor
    wrong = client.post("/inloggen/code/", {"code": "000000" if _code(device) != "000000" else "111111"})
    assert "klopt niet" in wrong.content.decode()
    response = client.post("/inloggen/code/", {"code": _code(device)})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(person.pk)
    assert "pending_login" not in client.session
    assert client.get("/inloggen/code/")["Location"] == "/inloggen/"  # the pending step is gone
    success = AuditRecord.objects.filter(action="login", result="success").get()
    assert success.detail == {"second_factor": True}
    assert "login.totp" in _actions("failed")


def test_administrators_must_set_up_totp_when_required(client: Client, login: Login, settings: Any) -> None:
    settings.REQUIRE_ADMIN_TOTP = True
    PersonFactory(username="beheer", is_staff=True)
    response = login("beheer")
    assert response["Location"] == "/account/tweede-factor/?next=%2F"
    page = client.get("/account/tweede-factor/").content.decode()
    assert "data:image/svg+xml;base64," in page and "Geheime sleutel" in page
    device = TOTPDevice.objects.get(user__username="beheer", confirmed=False)
    response = client.post("/account/tweede-factor/", {"code": _code(device)})
    assert response.status_code == 200 and 'href="/"' in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/beheer/").status_code == 200  # verified session: the admin opens


def test_an_admin_without_verified_totp_cannot_open_the_admin(client: Client, settings: Any) -> None:
    settings.REQUIRE_ADMIN_TOTP = True
    admin = PersonFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/beheer/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/inloggen/")
    assert "tweede factor" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_the_platform_login(client: Client) -> None:
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/?next=")


def test_switching_to_an_own_organisation(client: Client, person: Person, organisation: Organisation) -> None:
    nijmegen = MembershipFactory(person=person, organisation=OrganisationFactory(name="Gemeente Nijmegen"))
    client.force_login(person)
    response = client.post(
        "/organisatie-wisselen/", {"organisation": str(nijmegen.organisation.uuid), "next": "/"}
    )
    assert response.status_code == 302
    assert client.session[ActiveOrganisationMiddleware.KEY] == nijmegen.organisation_id
    record = AuditRecord.objects.get(action="organisation.switch")
    assert record.result == "success" and record.organisation == nijmegen.organisation


def test_switching_to_a_foreign_organisation_is_refused_and_audited(client: Client, person: Person) -> None:
    foreign = OrganisationFactory(name="Provincie Gelderland")
    client.force_login(person)
    assert client.post("/organisatie-wisselen/", {"organisation": str(foreign.uuid)}).status_code == 403
    assert client.post("/organisatie-wisselen/", {"organisation": "geen-uuid"}).status_code == 403
    assert ActiveOrganisationMiddleware.KEY not in client.session
    assert _actions("denied") == ["organisation.switch", "organisation.switch"]
    assert client.get("/organisatie-wisselen/").status_code == 405


def test_the_active_organisation_and_memberships_are_on_the_request(
    client: Client, person: Person, organisation: Organisation
) -> None:
    client.force_login(person)
    response = client.get("/")
    assert response.wsgi_request.organisation == organisation  # type: ignore[attr-defined]
    assert [m.organisation for m in response.wsgi_request.memberships] == [organisation]  # type: ignore[attr-defined]


def test_demo_accounts_only_work_in_demo_mode(client: Client, login: Login, settings: Any) -> None:
    PersonFactory(username="demo", is_demo=True)
    settings.DEMO_MODE = False
    assert login("demo").status_code == 200
    settings.DEMO_MODE = True
    assert login("demo").status_code == 302


def test_the_login_page_lists_demo_accounts_in_demo_mode_only(client: Client, settings: Any) -> None:
    PersonFactory(username="demo-sanne", is_demo=True)
    settings.DEMO_MODE = True
    assert "demo-sanne" in client.get("/inloggen/").content.decode()
    settings.DEMO_MODE = False
    assert "demo-sanne" not in client.get("/inloggen/").content.decode()


def test_one_address_is_locked_only_after_the_wider_address_limit(person: Person, settings: Any) -> None:
    """The staff of one organisation share an address: a few colleagues mistyping must not lock
    everyone out, while guessing one account stays limited by the account limit."""
    settings.LOGIN_IP_RATE_LIMIT = 10
    office = "192.0.2.50"
    for name in ("a", "b", "c", "d", "e"):
        Client(REMOTE_ADDR=office).post("/inloggen/", {"login": name, "password": "fout"})
    colleague = Client(REMOTE_ADDR=office).post(
        "/inloggen/", {"login": "sanne", "password": DEFAULT_PASSWORD}
    )
    assert colleague.status_code == 302
    for _ in range(3):
        Client(REMOTE_ADDR=office).post("/inloggen/", {"login": "sanne", "password": "fout"})
    locked = Client(REMOTE_ADDR=office).post("/inloggen/", {"login": "sanne", "password": DEFAULT_PASSWORD})
    assert "Te veel mislukte inlogpogingen" in locked.content.decode()


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.9", "198.51.100.1", [], "203.0.113.9"),  # no proxy trusted: the header is ignored
        ("10.0.0.2", "198.51.100.1", ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.3", ["10.0.0.0/8"], "198.51.100.1"),  # forged left part
        ("203.0.113.9", "198.51.100.1", ["10.0.0.0/8"], "203.0.113.9"),  # not from our proxy
        ("10.0.0.2", "niet-een-adres", ["10.0.0.0/8"], "10.0.0.2"),
        ("10.0.0.2", "", ["10.0.0.0/8"], "10.0.0.2"),
        ("::1", "2001:db8::7", ["::1"], "2001:db8::7"),
    ],
)
def test_the_client_address_is_taken_from_forwarded_for_only_behind_a_trusted_proxy(
    settings: Any, remote: str, forwarded: str, trusted: list[str], expected: str
) -> None:
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert origin_of(request) == expected


def test_colleagues_behind_one_proxy_are_counted_apart(person: Person, settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.LOGIN_IP_RATE_LIMIT = 3
    for i in range(3):
        Client(HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").post("/inloggen/", {"login": f"x{i}", "password": "f"})
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.77").post(
        "/inloggen/", {"login": "sanne", "password": DEFAULT_PASSWORD}
    )
    assert other.status_code == 302
