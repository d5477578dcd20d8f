"""Browser authentication: login (password, then the second factor when set up), logout, and the
organisation switcher's backend. Enrolment and recovery codes are in :mod:`.enrolment`.

A password that checks out for a person with a device does *not* log the person in: the
session only holds a short-lived "pending" marker until a code of that device (or a recovery
code) checks out. Nothing else is possible in that state; in particular no new device.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from opgave.core.auth import ratelimit, totp
from opgave.core.auth.forms import LoginForm, SecondFactorForm, lockout_message
from opgave.core.exceptions import PermissionDenied
from opgave.core.logging import get_logger
from opgave.core.middleware import ActiveOrganisationMiddleware, InactivityTimeoutMiddleware
from opgave.core.models import Membership, Person
from opgave.core.selectors import person_by_id
from opgave.core.services import audit

log = get_logger(__name__)
PENDING = "pending_login"
PENDING_SECONDS = 300
NOTICE = "login_notice"
NOTICES = {
    "expired": "Je sessie is verlopen omdat je een tijd niet actief was. Log opnieuw in.",
    "logged_out": "Je bent uitgelogd.",
    "second_factor": "Log opnieuw in; je gebruikt daarbij je tweede factor.",
}
SECOND_FACTOR_OVERDUE = (
    "Je moet als beheerder inloggen met een tweede factor, en de termijn om die in te stellen is "
    "voorbij. Vraag een platformbeheerder om je tweede factor opnieuw vrij te geven."
)


def _next_url(request: HttpRequest, fallback: str | None = None) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(fallback or settings.LOGIN_REDIRECT_URL)


def _complete_login(
    request: HttpRequest, person: Person, backend: str, *, device: Any = None, then: str = ""
) -> HttpResponse:
    next_url = request.session.pop(PENDING, {}).get("next") or _next_url(request)
    auth_login(request, person, backend=backend)
    if device is not None:
        otp_login(request, device)
    request.session[InactivityTimeoutMiddleware.KEY] = int(time.time())
    origin = audit.origin_of(request)
    ratelimit.clear_account(person.username)
    ratelimit.clear_account(person.email)
    with transaction.atomic():
        audit.record(
            actor=person,
            action="login",
            result=audit.SUCCESS,
            origin=origin,
            detail={"second_factor": device is not None},
        )
    log.info("login.success", person=str(person.uuid), second_factor=device is not None)
    if then:
        return HttpResponseRedirect(f"{resolve_url(then)}?{urlencode({'next': next_url})}")
    return HttpResponseRedirect(next_url)


def _lacks_required_second_factor(request: HttpRequest) -> bool:
    user = request.user
    verified = getattr(user, "is_verified", lambda: False)()
    return isinstance(user, Person) and not verified and totp.needs_verification(user)


def _pending_person(request: HttpRequest) -> tuple[Person, str] | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    person = person_by_id(pending["id"])
    return (person, pending["backend"]) if person else None


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        if not _lacks_required_second_factor(request):
            if totp.totp_required(request.user) and not request.user.is_verified():  # type: ignore[attr-defined]
                # In the grace period, sent here by a page that wants the second factor (the
                # admin): set it up first, then go on; not back to that page (a loop).
                return redirect(f"{resolve_url('totp-setup')}?{urlencode({'next': _next_url(request)})}")
            return redirect(_next_url(request))
        # A session without the second factor it now needs: start over, with the second factor.
        auth_logout(request)
        request.session[NOTICE] = "second_factor"
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and form.person is not None:
        person = form.person
        backend = getattr(person, "backend", settings.AUTHENTICATION_BACKENDS[0])
        if totp.confirmed_device(person):
            # Half logged in: the only way on is a code of *this* device or a recovery code.
            request.session.cycle_key()
            request.session[PENDING] = {
                "id": person.pk,
                "backend": backend,
                "at": time.time(),
                "next": _next_url(request),
            }
            return redirect("login-totp")
        if totp.totp_required(person):
            if totp.in_grace(person, start=True):
                return _complete_login(request, person, backend, then="totp-setup")
            with transaction.atomic():
                audit.record(
                    actor=person,
                    action="login",
                    result=audit.DENIED,
                    origin=audit.origin_of(request),
                    detail={"reason": "second_factor_overdue"},
                )
            form.add_error(None, SECOND_FACTOR_OVERDUE)
        else:
            return _complete_login(request, person, backend)
    notice = NOTICES.get(request.session.pop(NOTICE, ""), "") if request.method == "GET" else ""
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "notice": notice,
            "next": request.GET.get("next", ""),
            "demo_accounts": _demo_accounts(),
        },
    )


def _demo_accounts() -> list[dict[str, str]]:
    if not settings.DEMO_MODE:
        return []
    from opgave.core.demo import DEMO_PASSWORD, account_summaries

    return [{**row, "password": DEMO_PASSWORD} for row in account_summaries()]


def verify_second_factor(request: HttpRequest, person: Person, form: SecondFactorForm) -> Any:
    """Check a valid :class:`SecondFactorForm` against ``person``'s devices, throttled and audited.

    Returns the device that accepted the code, or ``None`` (with the error added to the form).
    """
    origin = audit.origin_of(request)
    attempt = ratelimit.reserve(person.username, origin)  # counted before it is evaluated: atomic
    if attempt.locked:
        attempt.release()
        audit.record_denial(actor=person, action="login.lockout", origin=origin)
        form.add_error(None, lockout_message(attempt.lock))
        return None
    kind, code = form.cleaned_data["kind"], form.cleaned_data["code"]
    device = totp.confirmed_device(person) if kind == "totp" else totp.recovery_device(person)
    if device is not None and device.verify_token(code):
        attempt.release()
        if kind == "recovery":
            with transaction.atomic():
                audit.record(
                    actor=person,
                    action="recovery_code.use",
                    result=audit.SUCCESS,
                    object=person,
                    origin=origin,
                    detail={"left": totp.recovery_codes_left(person)},
                )
        return device
    lock = attempt.after_failure()
    with transaction.atomic():
        audit.record(
            actor=person,
            action="login.totp" if kind == "totp" else "recovery_code.use",
            result=audit.FAILED,
            origin=origin,
        )
    if lock.locked:
        form.add_error(None, lockout_message(lock))
    else:
        form.add_error("code", "Deze code klopt niet of is verlopen of al gebruikt. Probeer het opnieuw.")
    return None


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_totp_view(request: HttpRequest) -> HttpResponse:
    """The half-logged-in step: a code of the person's *existing* device, or a recovery code."""
    pending = _pending_person(request)
    if pending is None:
        return redirect("login")
    person, backend = pending
    if totp.confirmed_device(person) is None:  # reset meanwhile: start over
        request.session.pop(PENDING, None)
        return redirect("login")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = verify_second_factor(request, person, form)
        if device is not None:
            return _complete_login(request, person, backend, device=device)
    return render(request, "registration/login_totp.html", {"form": form})


@require_POST
@csrf_protect
def logout_view(request: HttpRequest) -> HttpResponse:
    """Log out (POST only): the session is deleted on the server, not just forgotten by the browser."""
    if request.user.is_authenticated:
        with transaction.atomic():
            audit.record(
                actor=request.user, action="logout", result=audit.SUCCESS, origin=audit.origin_of(request)
            )
    log.info("logout", person=str(getattr(request.user, "uuid", "")))
    auth_logout(request)
    request.session[NOTICE] = "logged_out"
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@require_POST
@csrf_protect
def organisation_switch_view(request: HttpRequest) -> HttpResponse:
    """Act for another organisation (field ``organisation``: its uuid). Only your own memberships.

    The choices are in the template context as ``memberships`` (see
    ``request.memberships``); a refused attempt is audited and answered with 403.
    """
    if not request.user.is_authenticated:
        return redirect(f"{resolve_url(settings.LOGIN_URL)}?next={request.path}")
    wanted = request.POST.get("organisation", "").strip()
    membership = None
    if _is_uuid(wanted):
        membership = (
            Membership.objects.select_related("organisation")
            .filter(person=request.user, organisation__uuid=wanted)
            .first()
        )
    origin = audit.origin_of(request)
    if membership is None:
        with transaction.atomic():
            audit.record(
                actor=request.user,
                action="organisation.switch",
                result=audit.DENIED,
                origin=origin,
                detail={"organisation": wanted[:64]},
            )
        raise PermissionDenied("Je bent geen lid van deze organisatie.")
    request.session[ActiveOrganisationMiddleware.KEY] = membership.organisation_id
    with transaction.atomic():
        audit.record(
            actor=request.user,
            action="organisation.switch",
            result=audit.SUCCESS,
            organisation=membership.organisation,
            object=membership.organisation,
            origin=origin,
        )
    return HttpResponseRedirect(_next_url(request))
