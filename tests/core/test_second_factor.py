"""The second factor: enrolment only when fully logged in, replacement with the old factor,
recovery codes, the administrator's reset, and the grace period for administrators."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.core.factories import MembershipFactory, PersonFactory, PlatformAdminFactory

from opgave.core.actors import Actor
from opgave.core.exceptions import PermissionDenied
from opgave.core.models import AuditRecord, Membership, Person, SecondFactorGrace
from opgave.core.services import second_factor

pytestmark = pytest.mark.django_db
Login = Callable[..., Any]
CODE = re.compile(r"<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>")


@pytest.fixture(autouse=True)
def _no_otp_throttle(settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off; not under test here
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _wrong(device: TOTPDevice) -> str:
    return "000000" if _code(device) != "000000" else "111111"


def _enrol(client: Client, person: Person) -> tuple[TOTPDevice, list[str]]:
    """Enrol an app in a fully logged-in session; returns the device and the codes shown once."""
    client.get("/account/tweede-factor/")
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    page = client.post("/account/tweede-factor/", {"code": _code(device)}).content.decode()
    device.refresh_from_db()
    assert device.confirmed
    return device, CODE.findall(page)


def _audit(action: str) -> list[tuple[str, dict[str, Any]]]:
    return list(AuditRecord.objects.filter(action=action).order_by("seq").values_list("result", "detail"))


# -- defect 1: the half-logged-in state ------------------------------------------------------


def test_the_half_logged_in_state_cannot_enrol_a_new_device(
    client: Client, person: Person, login: Login
) -> None:
    """Regression (critical): a password alone must not reach enrolment and mint a fresh secret."""
    TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    assert login("sanne")["Location"] == "/inloggen/code/"
    response = client.get("/account/tweede-factor/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert not TOTPDevice.objects.filter(user=person, confirmed=False).exists()  # no secret handed out


def test_the_half_logged_in_state_cannot_confirm_a_device_of_its_own(
    client: Client, person: Person, login: Login
) -> None:
    """Regression (critical): confirming a code of an attacker's secret neither logs in nor enrols."""
    TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    attacker = TOTPDevice.objects.create(user=person, name="aanvaller", confirmed=False)
    login("sanne")
    response = client.post("/account/tweede-factor/", {"code": _code(attacker)})
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert "_auth_user_id" not in client.session
    attacker.refresh_from_db()
    assert not attacker.confirmed
    assert TOTPDevice.objects.filter(user=person, confirmed=True).count() == 1


def test_an_administrator_without_a_device_is_not_half_logged_in_into_enrolment(
    client: Client, login: Login, settings: Any
) -> None:
    """The forced set-up after the password happens in a real (logged-in, audited) session now."""
    settings.REQUIRE_ADMIN_TOTP = True
    PersonFactory(username="beheer", is_staff=True)
    response = login("beheer")
    assert response["Location"].startswith("/account/tweede-factor/?next=")
    assert "_auth_user_id" in client.session and "pending_login" not in client.session
    assert client.get("/beheer/").status_code == 302  # the admin still wants a verified session
    admin = Person.objects.get(username="beheer")
    _enrol(client, admin)
    assert client.get("/beheer/").status_code == 200


def test_login_with_an_existing_device_then_the_code(client: Client, person: Person, login: Login) -> None:
    device = TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    login("sanne")
    assert "klopt niet" in client.post("/inloggen/code/", {"code": _wrong(device)}).content.decode()
    assert client.post("/inloggen/code/", {"code": _code(device)}).status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


# -- replacing a device ------------------------------------------------------------------------


def test_replacing_a_device_needs_a_code_of_the_existing_one(client: Client, person: Person) -> None:
    client.force_login(person)
    old, _ = _enrol(client, person)
    page = client.get("/account/tweede-factor/").content.decode()
    assert "Je gebruikt al een authenticator-app" in page and "Geheime sleutel" not in page
    assert not TOTPDevice.objects.filter(user=person, confirmed=False).exists()
    refused = client.post("/account/tweede-factor/", {"code": _wrong(old)})
    assert "klopt niet" in refused.content.decode()
    assert "Geheime sleutel" not in refused.content.decode()
    fresh = _code(old, 1)  # the code that confirmed the app cannot be replayed: the next one
    assert client.post("/account/tweede-factor/", {"code": fresh})["Location"] == "/account/tweede-factor/"
    assert "Geheime sleutel" in client.get("/account/tweede-factor/").content.decode()
    new = TOTPDevice.objects.get(user=person, confirmed=False)
    client.post("/account/tweede-factor/", {"code": _code(new)})
    assert list(TOTPDevice.objects.filter(user=person).values_list("pk", flat=True)) == [new.pk]
    assert _audit("totp.setup")[-1] == ("success", {"replaced": True, "recovery_codes": 0})


def test_a_recovery_code_also_allows_replacing_the_device(client: Client, person: Person) -> None:
    client.force_login(person)
    _, codes = _enrol(client, person)
    response = client.post("/account/tweede-factor/", {"code": codes[0]})
    assert response["Location"] == "/account/tweede-factor/"


# -- recovery codes ----------------------------------------------------------------------------


def test_enrolment_shows_ten_recovery_codes_once_and_stores_only_digests(
    client: Client, person: Person
) -> None:
    client.force_login(person)
    _, codes = _enrol(client, person)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(StaticToken.objects.filter(device__user=person).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {c.replace("-", "") for c in codes} and not stored & set(codes)
    assert not CODE.findall(client.get("/account/herstelcodes/").content.decode())  # never shown again
    assert "nog 10 herstelcodes" in client.get("/account/herstelcodes/").content.decode()


def test_a_recovery_code_logs_in_once(client: Client, person: Person, login: Login) -> None:
    client.force_login(person)
    _, codes = _enrol(client, person)
    client.logout()
    login("sanne")
    response = client.post("/inloggen/code/", {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(person.pk)
    assert _audit("recovery_code.use") == [("success", {"left": 9})]
    client.logout()
    login("sanne")
    again = client.post("/inloggen/code/", {"code": codes[3]})
    assert "_auth_user_id" not in client.session and "klopt niet" in again.content.decode()


def test_regenerating_recovery_codes_needs_a_current_code_and_voids_the_old_ones(
    client: Client, person: Person
) -> None:
    client.force_login(person)
    device, old = _enrol(client, person)
    refused = client.post("/account/herstelcodes/", {"code": _wrong(device)})
    assert not CODE.findall(refused.content.decode())
    page = client.post("/account/herstelcodes/", {"code": _code(device, 1)}).content.decode()
    new = CODE.findall(page)
    assert len(new) == 10 and not set(new) & set(old)
    digests = set(StaticToken.objects.filter(device__user=person).values_list("token", flat=True))
    assert len(digests) == 10
    assert [r for r, _ in _audit("recovery_codes.generate")] == ["success"]


# -- the administrator's reset -----------------------------------------------------------------


def test_a_platform_administrator_resets_a_lost_device_and_it_is_audited(
    client: Client, person: Person, login: Login
) -> None:
    client.force_login(person)
    _enrol(client, person)
    client.logout()
    admin = PlatformAdminFactory()
    second_factor.reset_second_factor(person, actor=Actor.for_person(admin, origin="10.0.0.1"))
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticToken.objects.filter(device__user=person).exists()
    record = AuditRecord.objects.filter(action="second_factor.reset").get()
    assert (record.result, record.actor_id, record.object_id) == ("success", admin.pk, str(person.uuid))
    assert login("sanne")["Location"] == "/"  # no device any more: the password logs in again


def test_only_platform_administrators_may_reset_a_second_factor(person: Person) -> None:
    org_admin = MembershipFactory(
        organisation=person.memberships.get().organisation, role=Membership.Role.ADMIN
    )
    TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    for actor in (Actor.for_person(org_admin.person), Actor.for_person(person), Actor.for_person(None)):
        with pytest.raises(PermissionDenied):
            second_factor.reset_second_factor(person, actor=actor)
    assert TOTPDevice.objects.filter(user=person).exists()
    assert [r for r, _ in _audit("second_factor.reset")] == ["denied"] * 3


def test_the_reset_is_an_admin_action(client: Client, person: Person, settings: Any) -> None:
    settings.REQUIRE_ADMIN_TOTP = False
    TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    admin = PlatformAdminFactory()
    client.force_login(admin)
    response = client.post(
        "/beheer/core/person/",
        {"action": "reset_second_factor", "_selected_action": [person.pk]},
        follow=True,
    )
    assert response.status_code == 200 and "tweede factor" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert AuditRecord.objects.filter(action="second_factor.reset", result="success").count() == 1


# -- administrators must use a second factor, with a grace period (defect 7, part) -----------


def test_an_organisation_administrator_must_enrol_within_the_grace_period(
    client: Client, person: Person, login: Login, settings: Any
) -> None:
    """Regression: organisation administrators (who manage members and tokens) need TOTP too."""
    settings.REQUIRE_ADMIN_TOTP = True
    settings.ADMIN_TOTP_GRACE_DAYS = 7
    Membership.objects.filter(person=person).update(role=Membership.Role.ADMIN)
    assert login("sanne")["Location"].startswith("/account/tweede-factor/")
    grace = SecondFactorGrace.objects.get(person=person)
    client.logout()
    SecondFactorGrace.objects.filter(pk=grace.pk).update(started_at=timezone.now() - dt.timedelta(days=8))
    refused = login("sanne")
    assert refused.status_code == 200 and "termijn" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert _audit("login")[-1] == ("denied", {"reason": "second_factor_overdue"})


def test_a_plain_member_needs_no_second_factor(person: Person, login: Login, settings: Any) -> None:
    settings.REQUIRE_ADMIN_TOTP = True
    assert login("sanne")["Location"] == "/"
    assert not SecondFactorGrace.objects.exists()


def test_a_session_of_an_overdue_administrator_is_ended(
    client: Client, person: Person, settings: Any
) -> None:
    settings.REQUIRE_ADMIN_TOTP = True
    Membership.objects.filter(person=person).update(role=Membership.Role.ADMIN)
    SecondFactorGrace.objects.create(person=person, started_at=timezone.now() - dt.timedelta(days=30))
    client.force_login(person)
    client.get("/inloggen/")
    assert "_auth_user_id" not in client.session


def test_the_session_of_an_administrator_ends_on_any_page_when_the_grace_period_runs_out(
    client: Client, person: Person, login: Login, settings: Any
) -> None:
    """Regression: a session opened in the grace period lived on after it (only /inloggen/ checked)."""
    settings.REQUIRE_ADMIN_TOTP = True
    settings.ADMIN_TOTP_GRACE_DAYS = 7
    Membership.objects.filter(person=person).update(role=Membership.Role.ADMIN)
    login("sanne")
    assert client.get("/account/herstelcodes/").status_code == 200  # within the grace period: logged in
    SecondFactorGrace.objects.filter(person=person).update(started_at=timezone.now() - dt.timedelta(days=8))
    response = client.get("/account/herstelcodes/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")
    assert "_auth_user_id" not in client.session
    assert _audit("logout")[-1] == ("success", {"reason": "second_factor_overdue"})
    assert "tweede factor" in client.get("/inloggen/").content.decode()


def test_a_member_made_administrator_mid_session_logs_in_again_into_the_grace_period(
    client: Client, person: Person, login: Login, settings: Any
) -> None:
    settings.REQUIRE_ADMIN_TOTP = True
    client.force_login(person)
    assert client.get("/account/herstelcodes/").status_code == 200
    Membership.objects.filter(person=person).update(role=Membership.Role.ADMIN)
    assert client.get("/account/herstelcodes/").status_code == 302
    assert login("sanne")["Location"].startswith("/account/tweede-factor/")
    assert SecondFactorGrace.objects.filter(person=person).exists()  # the clock runs from this login


def test_an_administrator_in_the_grace_period_is_sent_from_the_admin_to_set_up_not_in_a_loop(
    client: Client, login: Login, settings: Any
) -> None:
    settings.REQUIRE_ADMIN_TOTP = True
    PersonFactory(username="beheer", is_staff=True)
    login("beheer")
    response = client.get("/beheer/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/account/tweede-factor/")
    assert "_auth_user_id" in client.session


def test_a_verified_administrator_session_is_not_ended(client: Client, person: Person, settings: Any) -> None:
    client.force_login(person)
    _enrol(client, person)
    settings.REQUIRE_ADMIN_TOTP = True
    Membership.objects.filter(person=person).update(role=Membership.Role.ADMIN)
    assert client.get("/account/herstelcodes/").status_code == 200


def test_enrolling_a_device_ends_every_other_session_of_the_person(client: Client, person: Person) -> None:
    """Regression: a session opened elsewhere with the password alone outlived a new second factor."""
    elsewhere = Client()
    elsewhere.force_login(person)
    assert elsewhere.get("/account/herstelcodes/").status_code == 200
    client.force_login(person)
    _enrol(client, person)
    assert client.get("/account/herstelcodes/").status_code == 200  # the enrolling session stays
    assert elsewhere.get("/account/herstelcodes/").status_code == 302  # the other one is gone
    assert "_auth_user_id" not in elsewhere.session


def test_an_administrators_reset_ends_the_persons_sessions(client: Client, person: Person) -> None:
    holder = Client()
    holder.force_login(person)
    second_factor.reset_second_factor(person, actor=Actor.system())
    assert holder.get("/account/herstelcodes/").status_code == 302


def test_sessions_of_people_whose_factor_never_changed_survive_the_stamp() -> None:
    """An empty stamp leaves Django's own hash: deploying the stamp logs nobody out."""
    someone = PersonFactory()
    djangos = AbstractBaseUser._get_session_auth_hash(someone)
    assert someone.get_session_auth_hash() == djangos
    someone.end_other_sessions()
    assert someone.get_session_auth_hash() != djangos
