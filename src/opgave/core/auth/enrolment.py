"""Second-factor enrolment and recovery codes: pages for a *fully* logged-in person only.

- ``/account/tweede-factor/``: connect an authenticator app. When one is connected already,
  replacing it first asks for a code of that app or a recovery code (so a stolen session or
  password alone can never swap in an attacker's device).
- ``/account/herstelcodes/``: how many recovery codes are left; make ten new ones (asks for a
  current code; the new codes are shown once).

The half-logged-in state after a correct password never reaches these pages: its session has
no authenticated user, so it is sent to the login page.
"""

from __future__ import annotations

import time

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from opgave.core.actors import Actor
from opgave.core.auth import totp
from opgave.core.auth.forms import SecondFactorForm, TokenForm
from opgave.core.auth.views import _next_url, verify_second_factor
from opgave.core.models import Person
from opgave.core.services import audit, second_factor

REPLACE_OK = "second_factor_replace_ok"
REPLACE_SECONDS = 300


def _replacement_allowed(request: HttpRequest) -> bool:
    at = request.session.get(REPLACE_OK, 0)
    return bool(at) and time.time() - at <= REPLACE_SECONDS


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def totp_setup_view(request: HttpRequest) -> HttpResponse:
    """Connect an authenticator app (fully logged in; a replacement needs the old factor first)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person: Person = request.user
    next_url = _next_url(request, fallback="home")
    if totp.confirmed_device(person) is not None and not _replacement_allowed(request):
        proof = SecondFactorForm(request.POST or None)
        if (
            request.method == "POST"
            and proof.is_valid()
            and verify_second_factor(request, person, proof) is not None
        ):
            request.session[REPLACE_OK] = int(time.time())
            return redirect("totp-setup")
        return render(request, "registration/totp_setup.html", {"already": True, "proof": proof})
    device = totp.pending_device(person)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = second_factor.confirm_device(person, device, actor=Actor.of_request(request))
            request.session.pop(REPLACE_OK, None)
            update_session_auth_hash(request, person)  # this session stays; every other one ended
            otp_login(request, device)
            return render(
                request, "registration/totp_setup.html", {"done": True, "codes": codes, "next": next_url}
            )
        audit.record(
            actor=person,
            action="totp.setup",
            result=audit.FAILED,
            object=person,
            origin=audit.origin_of(request),
        )
        form.add_error(
            "code", "Deze code klopt niet. Controleer de tijd op je telefoon en probeer de nieuwste code."
        )
    return render(
        request,
        "registration/totp_setup.html",
        {
            "form": form,
            "required": totp.totp_required(person),
            "deadline": totp.grace_deadline(person),
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "qr": totp.qr_data_uri(device),
            "secret": totp.secret_for_humans(device),
        },
    )


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; ten new ones after a current code of the app."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person: Person = request.user
    if totp.confirmed_device(person) is None:
        return render(request, "registration/recovery_codes.html", {"no_device": True})
    form = SecondFactorForm(request.POST or None)
    codes: list[str] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and verify_second_factor(request, person, form) is not None
    ):
        codes = second_factor.regenerate_recovery_codes(person, actor=Actor.of_request(request))
        form = SecondFactorForm()
    return render(
        request,
        "registration/recovery_codes.html",
        {"form": form, "codes": codes, "left": totp.recovery_codes_left(person)},
    )
