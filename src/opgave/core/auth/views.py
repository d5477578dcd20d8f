"""Browser authentication: login (password, then TOTP when set up or required), logout, TOTP setup,
and the organisation switcher's backend.

A password that checks out but still needs a second factor does *not* log the
person in: the session only holds a short-lived "pending" marker until the
TOTP step succeeds.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from opgave.core.auth import ratelimit, totp
from opgave.core.auth.forms import LoginForm, TokenForm, lockout_message
from opgave.core.exceptions import PermissionDenied
from opgave.core.logging import get_logger
from opgave.core.middleware import ActiveOrganisationMiddleware, InactivityTimeoutMiddleware
from opgave.core.models import Membership, Person
from opgave.core.services import audit

log = get_logger(__name__)
PENDING = "pending_login"
PENDING_SECONDS = 300
NOTICE = "login_notice"
NOTICES = {
    "expired": "Je sessie is verlopen omdat je een tijd niet actief was. Log opnieuw in.",
    "logged_out": "Je bent uitgelogd.",
    "second_factor": "Log opnieuw in; als beheerder gebruik je daarbij een tweede factor.",
}


def _next_url(request: HttpRequest, fallback: str | None = None) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(fallback or settings.LOGIN_REDIRECT_URL)


def _complete_login(
    request: HttpRequest, person: Person, backend: str, *, device: Any = None
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
    return HttpResponseRedirect(next_url)


def _lacks_required_second_factor(request: HttpRequest) -> bool:
    user = request.user
    verified = getattr(user, "is_verified", lambda: False)()
    return isinstance(user, Person) and totp.totp_required(user) and not verified


def _pending_person(request: HttpRequest) -> tuple[Person, str] | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    person = get_user_model()._default_manager.filter(pk=pending["id"], is_active=True).first()
    return (person, pending["backend"]) if person else None


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        if not _lacks_required_second_factor(request):
            return redirect(_next_url(request))
        # A session that predates REQUIRE_ADMIN_TOTP: start over, with the second factor this time.
        auth_logout(request)
        request.session[NOTICE] = "second_factor"
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and form.person is not None:
        person = form.person
        backend = getattr(person, "backend", settings.AUTHENTICATION_BACKENDS[0])
        if totp.confirmed_device(person) or totp.totp_required(person):
            request.session.cycle_key()
            request.session[PENDING] = {
                "id": person.pk,
                "backend": backend,
                "at": time.time(),
                "next": _next_url(request),
            }
            return redirect("login-totp" if totp.confirmed_device(person) else "totp-setup")
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


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_totp_view(request: HttpRequest) -> HttpResponse:
    pending = _pending_person(request)
    if pending is None:
        return redirect("login")
    person, backend = pending
    device = totp.confirmed_device(person)
    if device is None:
        return redirect("totp-setup")
    form = TokenForm(request.POST or None)
    origin = audit.origin_of(request)
    if request.method == "POST" and form.is_valid():
        lock = ratelimit.check(person.username, origin)
        if lock.locked:
            audit.record(actor=person, action="login.lockout", result=audit.DENIED, origin=origin)
            form.add_error(None, lockout_message(lock))
        elif device.verify_token(form.cleaned_data["code"]):
            return _complete_login(request, person, backend, device=device)
        else:
            ratelimit.register_failure(person.username, origin)
            audit.record(actor=person, action="login.totp", result=audit.FAILED, origin=origin)
            form.add_error("code", "Deze code klopt niet of is verlopen. Probeer de nieuwste code.")
    return render(request, "registration/login_totp.html", {"form": form})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def totp_setup_view(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: while logged in, or as the forced step after the password."""
    pending = None if request.user.is_authenticated else _pending_person(request)
    if not request.user.is_authenticated and pending is None:
        return redirect("login")
    person: Person = request.user if request.user.is_authenticated else pending[0]  # type: ignore[index]
    if totp.confirmed_device(person) and request.user.is_authenticated:
        return render(request, "registration/totp_setup.html", {"already": True})
    device = totp.pending_device(person)
    form = TokenForm(request.POST or None)
    origin = audit.origin_of(request)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit.record(
                    actor=person, action="totp.setup", result=audit.SUCCESS, object=person, origin=origin
                )
            if pending is not None:
                return _complete_login(request, person, pending[1], device=device)
            otp_login(request, device)
            return render(request, "registration/totp_setup.html", {"done": True})
        audit.record(actor=person, action="totp.setup", result=audit.FAILED, object=person, origin=origin)
        form.add_error(
            "code", "Deze code klopt niet. Controleer de tijd op je telefoon en probeer de nieuwste code."
        )
    return render(
        request,
        "registration/totp_setup.html",
        {
            "form": form,
            "forced": pending is not None,
            "qr": totp.qr_data_uri(device),
            "secret": totp.secret_for_humans(device),
        },
    )


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
