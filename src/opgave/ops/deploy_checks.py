"""Deploy checks for serving (``opgave check --deploy``; ``opgave serve`` refuses to start in production).

Django's own ``--deploy`` checks are warnings; these repeat the ones that matter for opgave as
errors, with a Dutch message and the setting that fixes it. The production keys (secret key,
pseudonym key) are checked in :mod:`opgave.core.deploy_checks`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

ONE_YEAR = 365 * 24 * 3600
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "testserver", "[::1]"}


@register(Tags.security, deploy=True)
def check_serving(app_configs: Any = None, **kwargs: Any) -> list[Error | Warning]:
    problems: list[Error | Warning] = []
    if settings.DEBUG:
        problems.append(
            Error(
                "DEBUG staat aan: foutpagina's tonen dan code en instellingen.",
                hint="Zet OPGAVE_DEBUG=false.",
                id="ops.E001",
            )
        )
    if not settings.SECURE_SSL_REDIRECT and settings.SECURE_PROXY_SSL_HEADER is None:
        problems.append(
            Error(
                "HTTPS wordt niet afgedwongen: verzoeken over http worden niet doorgestuurd.",
                hint="Zet OPGAVE_ENV=production (of OPGAVE_SSL_REDIRECT=true) achter een proxy die X-Forwarded-Proto meestuurt.",
                id="ops.E002",
            )
        )
    if settings.SECURE_HSTS_SECONDS < ONE_YEAR:
        problems.append(
            Error(
                "HSTS staat uit of korter dan een jaar: browsers kunnen naar http worden teruggelokt.",
                hint="OPGAVE_ENV=production zet Strict-Transport-Security op een jaar.",
                id="ops.E003",
            )
        )
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        problems.append(
            Error(
                "Sessie- en CSRF-cookies mogen over http: ze kunnen worden onderschept.",
                hint="Zet OPGAVE_SECURE_COOKIES=true.",
                id="ops.E004",
            )
        )
    hosts = set(settings.ALLOWED_HOSTS)
    if not hosts or "*" in hosts or hosts <= LOCAL_HOSTS:
        problems.append(
            Error(
                "OPGAVE_ALLOWED_HOSTS noemt de echte hostnaam niet (leeg, '*' of alleen localhost).",
                hint="Zet OPGAVE_ALLOWED_HOSTS=opgave.example.nl (kommagescheiden).",
                id="ops.E005",
            )
        )
    if not settings.REQUIRE_ADMIN_TOTP:
        problems.append(
            Error(
                "Beheerders hoeven geen tweede factor (TOTP) te gebruiken.",
                hint="Zet OPGAVE_REQUIRE_ADMIN_TOTP=true.",
                id="ops.E006",
            )
        )
    if settings.DEMO_MODE:
        problems.append(
            Error(
                "De demomodus staat aan: de inlogpagina toont demo-accounts met hun wachtwoord.",
                hint="Zet OPGAVE_DEMO=false.",
                id="ops.E007",
            )
        )
    token = settings.METRICS_TOKEN
    if token and len(token) < 24:
        problems.append(
            Warning(
                "OPGAVE_METRICS_TOKEN is korter dan 24 tekens en dus te raden.",
                hint="Gebruik bijvoorbeeld `python -c 'import secrets; print(secrets.token_urlsafe(32))'`.",
                id="ops.W001",
            )
        )
    return problems
