"""Django settings. Every value comes from the environment via :func:`opgave.conf.env`.

Defaults serve the demo: an embedded SQLite database under ``var/``. Set
``OPGAVE_ENV=production`` for production defaults (secure cookies, HSTS,
TOTP required for administrators).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from opgave.conf import env

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

OPGAVE_ENV = env("OPGAVE_ENV", "development", "Omgeving: development, test, demo of production.")
PRODUCTION = OPGAVE_ENV == "production"
VAR_DIR = Path(
    env("OPGAVE_VAR_DIR", str(PROJECT_DIR / "var"), "Map voor de SQLite-database en andere lokale bestanden.")
)

SECRET_KEY = env(
    "OPGAVE_SECRET_KEY",
    "insecure-development-key-change-me-in-production-0123456789",
    "Geheime sleutel voor sessies en ondertekening. Verplicht in productie: zonder eigen waarde start opgave daar niet.",
)
DEBUG = env("OPGAVE_DEBUG", False, "Django-debugmodus; nooit aan in productie.")
ALLOWED_HOSTS = env(
    "OPGAVE_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost", "testserver"],
    "Toegestane hostnamen, kommagescheiden.",
    list,
)
CSRF_TRUSTED_ORIGINS = env(
    "OPGAVE_CSRF_TRUSTED_ORIGINS", [], "Vertrouwde origins voor CSRF, kommagescheiden.", list
)
DEMO_MODE = env("OPGAVE_DEMO", False, "Demomodus: demo-accounts bestaan en de inlogpagina toont ze.")

_database_url = env(
    "DATABASE_URL",
    "",
    "Database-URL (postgres://... of sqlite:///...). Leeg: SQLite in OPGAVE_VAR_DIR/opgave.sqlite3.",
)
if _database_url:
    DATABASES = {"default": environ.Env.db_url_config(_database_url)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "opgave.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A connection per thread that outlives the request: opening one costs more than a typical request.
DATABASES["default"]["CONN_MAX_AGE"] = env(
    "OPGAVE_DB_CONN_MAX_AGE",
    300,
    "Seconden dat een databaseverbinding na een verzoek open blijft voor het volgende (0: elke keer een nieuwe).",
    int,
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "opgave.web.staticfiles.OpgaveStaticFilesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "opgave.core",
    "opgave.api",
    "opgave.web",
    "opgave.collaborations",
    "opgave.ops",
    "opgave.rules",
    "opgave.notifications",
    "opgave.learning",
    "opgave.dossiers",
    "opgave.simulation",
]

MIDDLEWARE = [
    "opgave.ops.middleware.OperationsMiddleware",  # /health/*, /metrics; times every request
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "opgave.core.middleware.TraceContextMiddleware",
    "opgave.ops.tracing.TracingMiddleware",  # OpenTelemetry span in the same trace (OPGAVE_OTEL)
    "opgave.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "opgave.core.middleware.InactivityTimeoutMiddleware",
    "opgave.core.middleware.ActiveOrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "opgave.urls"
WSGI_APPLICATION = "opgave.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opgave.web.context_processors.platform",
            ],
        },
    }
]

AUTH_USER_MODEL = "core.Person"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["opgave.core.auth.backends.UsernameOrEmailBackend"]

# Sessions: server-side (database), invalidated on logout, idle timeout.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env(
    "OPGAVE_SECURE_COOKIES", PRODUCTION, "Cookies alleen over HTTPS (standaard aan in productie).", bool
)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = 12 * 3600
SESSION_INACTIVITY_TIMEOUT = env(
    "OPGAVE_SESSION_IDLE_SECONDS", 1800, "Na zoveel seconden zonder activiteit wordt de sessie beëindigd."
)
LOGIN_RATE_LIMIT = env(
    "OPGAVE_LOGIN_RATE_LIMIT",
    5,
    "Aantal mislukte inlogpogingen per account binnen het venster; daarna is het account tijdelijk op slot.",
)
LOGIN_IP_RATE_LIMIT = env(
    "OPGAVE_LOGIN_IP_RATE_LIMIT",
    100,
    "Aantal mislukte inlogpogingen vanaf één IP-adres (alle accounts samen) binnen het venster. Ruimer dan "
    "per account: de medewerkers van een organisatie delen vaak één adres.",
)
TRUSTED_PROXIES = env(
    "OPGAVE_TRUSTED_PROXIES",
    [],
    "IP-adressen of netwerken (CIDR) van de eigen reverse proxy's, kommagescheiden. Alleen van hen wordt "
    "X-Forwarded-For geloofd voor het adres van de gebruiker (inlogslot, auditlog).",
    list,
)
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"OPGAVE_TRUSTED_PROXIES: {_proxy!r} is geen IP-adres of netwerk (bijvoorbeeld 10.0.0.0/8)."
        ) from None
LOGIN_RATE_WINDOW = env("OPGAVE_LOGIN_RATE_WINDOW", 900, "Venster in seconden voor de inlog-rate-limit.")
REQUIRE_ADMIN_TOTP = env(
    "OPGAVE_REQUIRE_ADMIN_TOTP",
    PRODUCTION,
    "Platform- en organisatiebeheerders (wie leden of API-tokens beheert) moeten een tweede factor (TOTP) gebruiken.",
    bool,
)
ADMIN_TOTP_GRACE_DAYS = env(
    "OPGAVE_ADMIN_TOTP_GRACE_DAYS",
    7,
    "Zoveel dagen na de eerste inlog zonder tweede factor mag een beheerder nog met alleen een wachtwoord "
    "inloggen (en wordt dan naar het instellen gestuurd); daarna niet meer.",
)

SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_SSL_REDIRECT = env(
    "OPGAVE_SSL_REDIRECT",
    PRODUCTION,
    "Stuur http-verzoeken door naar https (niet /health en /metrics).",
    bool,
)
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]

API_MAX_BODY_BYTES = env(
    "OPGAVE_API_MAX_BODY_BYTES", 1_048_576, "Maximale grootte van een API-verzoek in bytes."
)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES
API_PAGE_SIZE = env("OPGAVE_API_PAGE_SIZE", 25, "Standaard aantal items per pagina in de API.")
API_MAX_PAGE_SIZE = env(
    "OPGAVE_API_MAX_PAGE_SIZE", 100, "Maximaal aantal items per pagina in de API (?limit=)."
)
API_RATE_LIMIT = env(
    "OPGAVE_API_RATE_LIMIT",
    1200,
    "Maximaal aantal API-verzoeken per aanroeper (token of persoon) per venster; 0 = uit.",
)
API_RATE_WINDOW = env(
    "OPGAVE_API_RATE_WINDOW", 60, "Lengte van het venster voor OPGAVE_API_RATE_LIMIT, in seconden."
)
API_UNAUTHENTICATED_LIMIT = env(
    "OPGAVE_API_UNAUTHENTICATED_LIMIT",
    60,
    "Zoveel API-verzoeken zonder geldige aanmelding (401) per IP-adres per venster (OPGAVE_API_RATE_WINDOW); "
    "daarna antwoordt de API 429 vóór de aanmelding wordt bekeken. 0 = uit.",
)
AUDIT_DENIAL_WINDOW = env(
    "OPGAVE_AUDIT_DENIAL_WINDOW",
    300,
    "Herhaalde weigeringen (anonieme 401's, pogingen op een geblokkeerd account) van één herkomst komen per "
    "venster van zoveel seconden als één auditrecord met een teller in het log.",
)
API_IDEMPOTENCY_TTL_HOURS = env(
    "OPGAVE_API_IDEMPOTENCY_TTL_HOURS", 24, "Zo lang (uren) onthoudt de API een Idempotency-Key."
)
PSEUDONYM_KEY = env(
    "OPGAVE_PSEUDONYM_KEY",
    "development-pseudonym-key",
    "Sleutel waarmee identificaties van betrokkenen in het verwerkingenlog worden gepseudonimiseerd. "
    "Verplicht in productie: zonder eigen waarde start opgave daar niet.",
)
if PRODUCTION:  # no production start with a missing or published secret (docs/adr/0008)
    from opgave.core.deploy_checks import require_production_secrets

    require_production_secrets({"SECRET_KEY": SECRET_KEY, "PSEUDONYM_KEY": PSEUDONYM_KEY})

RULES_MAX_MODEL_BYTES = env(
    "OPGAVE_RULES_MAX_MODEL_BYTES",
    524_288,
    "Maximale grootte van een geüpload DMN-model (en van elk geïmporteerd model) in bytes.",
)
RULES_RECEIPT_KEYS = env(
    "OPGAVE_RULES_RECEIPT_KEYS",
    "dev-1:development-receipt-key",
    "Sleutels voor het ondertekenen van bonnen van beslissingen: 'id:geheim,id:geheim'. De eerste tekent, "
    "alle controleren (rotatie: nieuwe sleutel vooraan zetten, de oude erachter laten staan).",
)
RULES_BATCH_MAX_ROWS = env(
    "OPGAVE_RULES_BATCH_MAX_ROWS", 100_000, "Maximaal aantal rijen in één batch-evaluatie."
)
RULES_BATCH_MAX_BODY_BYTES = env(
    "OPGAVE_RULES_BATCH_MAX_BODY_BYTES",
    52_428_800,
    "Maximale grootte van de invoer van een batch-evaluatie (JSON Lines of CSV) in bytes; de batch "
    "wordt stukje voor stukje gelezen, niet in één keer in het geheugen (ADR 0042).",
)
RULES_BATCH_CHUNK_ROWS = env(
    "OPGAVE_RULES_BATCH_CHUNK_ROWS",
    5_000,
    "Aantal rijen dat een batch-evaluatie samen evalueert en als één stuk terugstuurt.",
)

# Pillar 2, the shared dossier: encryption at rest and pseudonyms with rotation (ADR 0028, 0029).
DOSSIER_ENCRYPTION_KEYS = env(
    "OPGAVE_DOSSIER_ENCRYPTION_KEYS",
    [],
    "Fernet-sleutels (kommagescheiden) voor de inhoud van dossiers; de eerste versleutelt, alle "
    "ontsleutelen. Leeg: afgeleid van de SECRET_KEY (alleen voor ontwikkeling). Na het vooraan "
    "zetten van een nieuwe sleutel: 'opgave dossiers reencrypt'.",
)
DOSSIER_PSEUDONYM_KEYS = env(
    "OPGAVE_DOSSIER_PSEUDONYM_KEYS",
    [],
    "Sleutels voor pseudoniemen van betrokkenen als 'id:geheim' (kommagescheiden); de eerste is de "
    "huidige. Leeg: 'k0' met OPGAVE_PSEUDONYM_KEY. Zie 'opgave dossiers rekey'.",
)
DOSSIER_SIGNAL_DAYS = env(
    "OPGAVE_DOSSIER_SIGNAL_DAYS", 730, "Zo lang (dagen) blijft een signaal actief voor matching."
)
DOSSIER_RETENTION_DAYS = env(
    "OPGAVE_DOSSIER_RETENTION_DAYS",
    0,
    "Bewaartermijn (dagen) van dossierstukken als de verwerkingsactiviteit er geen getal voor noemt; "
    "0 betekent 15 jaar (Jeugdwet art. 7.3.8).",
)
DOSSIER_MAX_UPLOAD_BYTES = env(
    "OPGAVE_DOSSIER_MAX_UPLOAD_BYTES",
    10 * 1024 * 1024,
    "Grootste toegestane document in een dossier (bytes).",
)

# Background work: Django's task framework (django-tasks) with its database backend, so a task
# is stored in the same transaction as the change that causes it. `opgave worker` runs them.
TASKS = {
    "default": {
        "BACKEND": env(
            "OPGAVE_TASK_BACKEND",
            "django_tasks_db.DatabaseBackend",
            "Backend voor achtergrondtaken (django-tasks); 'django_tasks.backends.immediate.ImmediateBackend' voert taken direct uit.",
        )
    }
}

SIMULATION_DASK_SCHEDULER = env(
    "OPGAVE_SIMULATION_DASK_SCHEDULER",
    "",
    "Adres van een Dask-scheduler (tcp://host:8786) waarop simulaties rekenen; leeg = in de worker zelf.",
)

WORKER_HEARTBEAT_SECONDS = env(
    "OPGAVE_WORKER_HEARTBEAT_SECONDS", 5, "Elke zoveel seconden meldt een worker dat hij leeft (hartslag)."
)
WORKER_STALE_SECONDS = env(
    "OPGAVE_WORKER_STALE_SECONDS",
    60,
    "Een worker zonder hartslag sinds zoveel seconden geldt als gestopt: zijn lopende taken mislukken en worden zo nodig opnieuw geprobeerd.",
)

# Operating: health, metrics, tracing, caches (docs/deploy.md).
READY_REQUIRES_WORKER = env(
    "OPGAVE_READY_REQUIRES_WORKER",
    True,
    "/health/ready meldt 'niet klaar' (503) als geen worker een recente hartslag heeft.",
    bool,
)
METRICS_TOKEN = env(
    "OPGAVE_METRICS_TOKEN",
    "",
    "Token voor /metrics (Authorization: Bearer ...). Leeg: /metrics staat uit (404).",
)
OTEL_ENABLED = env(
    "OPGAVE_OTEL",
    False,
    "OpenTelemetry-tracing aan (vereist de extra 'opgave[otel]'; exporteur via de OTEL_*-variabelen).",
    bool,
)
_cache_url = env(
    "OPGAVE_CACHE_URL",
    "",
    "Gedeelde cache, bijv. redis://127.0.0.1:6379/0. Leeg: een cache per proces (niets hangt ervan af).",
)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# E-mail (notifications): the console backend prints mails in the demo and in development.
EMAIL_BACKEND = env(
    "OPGAVE_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
    "Django-backend voor e-mail; bijvoorbeeld 'django.core.mail.backends.smtp.EmailBackend' in productie.",
)
EMAIL_HOST = env("OPGAVE_EMAIL_HOST", "localhost", "SMTP-server voor uitgaande e-mail.")
EMAIL_PORT = env("OPGAVE_EMAIL_PORT", 25, "Poort van de SMTP-server.")
DEFAULT_FROM_EMAIL = env(
    "OPGAVE_EMAIL_FROM", "opgave <noreply@opgave.example>", "Afzender van e-mails van het platform."
)
OPGAVE_BASE_URL = env(
    "OPGAVE_BASE_URL",
    "http://127.0.0.1:8000",
    "Adres van de site zoals gebruikers het zien; voor links in e-mails (zonder / aan het eind).",
)

OPGAVE_INVITATION_DAYS = env(
    "OPGAVE_INVITATION_DAYS", 14, "Zoveel dagen blijft de link in een uitnodiging per e-mail geldig."
)
OPGAVE_SESSION_REMINDER_HOURS = env(
    "OPGAVE_SESSION_REMINDER_HOURS",
    24,
    "Zoveel uur vóór de sluiting van een sessie krijgen deelnemers zonder antwoord een herinnering.",
)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

MEDIA_ROOT = VAR_DIR / "media"  # uploaded files (dossier documents are stored encrypted)

STATIC_URL = "/static/"
STATIC_ROOT = Path(
    env(
        "OPGAVE_STATIC_ROOT",
        str(VAR_DIR / "static"),
        "Map met de verzamelde statische bestanden (collectstatic); in het image /opt/opgave/static.",
    )
)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
# Only the npm packages the pages load are static files (axe-core is read from disk by the tests).
STATICFILES_DIRS = (
    [
        (name, PROJECT_DIR / "node_modules" / name)
        for name in ("@utrecht", "@nl-design-system-unstable", "htmx.org", "cytoscape")
    ]
    # dmn-js: only its prebuilt bundles and CSS (ADR 0026), not its sources.
    + [("dmn-js", PROJECT_DIR / "node_modules" / "dmn-js" / "dist")]
    if (PROJECT_DIR / "node_modules").exists()
    else []
)
# Production: hashed names and compressed copies (collectstatic; `opgave serve` runs it when the
# files changed) so WhiteNoise can send them with a year-long, immutable Cache-Control.
STATIC_MANIFEST = env(
    "OPGAVE_STATIC_MANIFEST",
    PRODUCTION,
    "Statische bestanden met hash in de naam en gecomprimeerd (na collectstatic; `opgave serve` zet dit aan).",
    bool,
)
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(
    env(
        "OPGAVE_MEDIA_ROOT",
        str(VAR_DIR / "media"),
        "Map voor geüploade bestanden (bij OPGAVE_STORAGE=local).",
    )
)
FILE_STORAGE = env(
    "OPGAVE_STORAGE",
    "local",
    "Opslag voor geüploade bestanden: local (bestandssysteem) of s3 (S3-compatibel).",
)
_S3_OPTIONS = {
    "bucket_name": env("OPGAVE_S3_BUCKET", "", "Naam van de S3-bucket voor geüploade bestanden."),
    "endpoint_url": env("OPGAVE_S3_ENDPOINT_URL", "", "Adres van een S3-compatibele opslag (leeg: AWS zelf).")
    or None,
    "region_name": env("OPGAVE_S3_REGION", "", "Regio van de S3-bucket.") or None,
    "access_key": env("OPGAVE_S3_ACCESS_KEY", "", "Toegangssleutel voor de S3-opslag."),
    "secret_key": env("OPGAVE_S3_SECRET_KEY", "", "Geheime sleutel voor de S3-opslag."),
    "default_acl": None,
    "querystring_auth": True,
    "file_overwrite": False,
}
_default_storage: dict[str, object] = (
    {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _S3_OPTIONS}
    if FILE_STORAGE == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "opgave.web.staticfiles.OpgaveStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOG_LEVEL = env("OPGAVE_LOG_LEVEL", "INFO", "Logniveau (DEBUG, INFO, WARNING, ERROR).")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structlog": {"()": "opgave.core.logging.formatter", "json": PRODUCTION},
    },
    "handlers": {"console": {"class": "opgave.core.logging.StandardErrorHandler", "formatter": "structlog"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.request": {"level": "ERROR"}, "django.server": {"level": "WARNING"}},
}
