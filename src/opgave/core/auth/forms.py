"""Forms of the login flow. Field-level errors feed the error summary in the templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest

from opgave.core.auth import ratelimit
from opgave.core.logging import get_logger
from opgave.core.models import Person
from opgave.core.selectors import person_by_login
from opgave.core.services import audit

log = get_logger(__name__)
BAD_CREDENTIALS = "Deze combinatie van gebruikersnaam (of e-mailadres) en wachtwoord kennen we niet."


def lockout_message(lock: ratelimit.Lock) -> str:
    minutes = lock.minutes
    return (
        "Te veel mislukte inlogpogingen. Probeer het over "
        f"{minutes} {'minuut' if minutes == 1 else 'minuten'} opnieuw."
    )


class LoginForm(forms.Form):
    login = forms.CharField(
        label="Gebruikersnaam of e-mailadres",
        max_length=254,
        error_messages={"required": "Vul je gebruikersnaam of e-mailadres in."},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True, "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Wachtwoord",
        strip=False,
        error_messages={"required": "Vul je wachtwoord in."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.person: Person | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        login, password = cleaned.get("login"), cleaned.get("password")
        if not login or password is None:
            return cleaned
        origin = audit.origin_of(self.request)
        known = person_by_login(login)
        attempt = ratelimit.reserve(login, origin)  # counted before it is evaluated: atomic
        if attempt.locked:
            attempt.release()
            audit.record_denial(
                actor=known,
                action="login.lockout",
                origin=origin,
                actor_label=None if known else "onbekend account",
            )
            log.warning("login.locked", retry_after=attempt.lock.retry_after)
            raise forms.ValidationError(lockout_message(attempt.lock), code="locked")
        person = authenticate(self.request, username=login, password=password)
        if person is None:
            after = attempt.after_failure()
            audit.record(
                actor=known,
                action="login",
                result=audit.FAILED,
                origin=origin,
                actor_label=None if known else "onbekend account",
                detail={"reason": "inactive" if known and not known.is_active else "credentials"},
            )
            if after.locked:
                audit.record(
                    actor=known,
                    action="login.lockout",
                    result=audit.DENIED,
                    origin=origin,
                    actor_label=None if known else "onbekend account",
                )
            log.info("login.failed", known_account=known is not None, locked=after.locked)
            raise forms.ValidationError(BAD_CREDENTIALS, code="invalid_login")
        attempt.release()
        self.person = person
        return cleaned


class TokenForm(forms.Form):
    code = forms.CharField(
        label="Code uit je authenticator-app",
        min_length=6,
        max_length=8,
        help_text="Zes cijfers; de code verandert elke 30 seconden.",
        error_messages={
            "required": "Vul de code uit je authenticator-app in.",
            "min_length": "De code bestaat uit zes cijfers.",
            "max_length": "De code bestaat uit zes cijfers.",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError("De code bestaat alleen uit cijfers.")
        return code


RECOVERY_LENGTH = 16


class SecondFactorForm(forms.Form):
    """A code of the existing authenticator app, or one of the recovery codes.

    ``cleaned_data["kind"]`` says which: ``"totp"`` (six to eight digits) or ``"recovery"``.
    """

    code = forms.CharField(
        label="Code uit je authenticator-app of een herstelcode",
        max_length=32,
        help_text="Zes cijfers uit je app, of een herstelcode zoals abcd-efgh-jkmn-pqrs.",
        error_messages={"required": "Vul de code uit je authenticator-app of een herstelcode in."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code = "".join(str(cleaned.get("code") or "").split())
        if not code:
            return cleaned
        if code.isdigit() and 6 <= len(code) <= 8:
            cleaned["kind"] = "totp"
        elif len(code.replace("-", "")) == RECOVERY_LENGTH and code.replace("-", "").isalnum():
            cleaned["kind"] = "recovery"
        else:
            self.add_error("code", "Vul de zes cijfers uit je app in, of een herstelcode van zestien tekens.")
            return cleaned
        cleaned["code"] = code
        return cleaned
