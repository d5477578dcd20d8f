"""Django settings. Every value comes from the environment via :func:`opgave.conf.env`.

Defaults serve the demo: an embedded SQLite database under ``var/``. Set
``OPGAVE_ENV=production`` for production defaults (secure cookies, HSTS,
TOTP required for administrators).
"""

from __future__ import annotations

from pathlib import Path

import environ

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
    "Geheime sleutel voor sessies en ondertekening. Verplicht in productie.",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "opgave.core",
    "opgave.api",
    "opgave.web",
    "opgave.collaborations",
    "opgave.dossiers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "opgave.core.middleware.TraceContextMiddleware",
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
    "Aantal mislukte inlogpogingen per account en per IP-adres binnen het venster.",
)
LOGIN_RATE_WINDOW = env("OPGAVE_LOGIN_RATE_WINDOW", 900, "Venster in seconden voor de inlog-rate-limit.")
REQUIRE_ADMIN_TOTP = env(
    "OPGAVE_REQUIRE_ADMIN_TOTP", PRODUCTION, "Beheerders moeten een tweede factor (TOTP) gebruiken.", bool
)

SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None

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
API_IDEMPOTENCY_TTL_HOURS = env(
    "OPGAVE_API_IDEMPOTENCY_TTL_HOURS", 24, "Zo lang (uren) onthoudt de API een Idempotency-Key."
)
PSEUDONYM_KEY = env(
    "OPGAVE_PSEUDONYM_KEY",
    "development-pseudonym-key",
    "Sleutel waarmee identificaties van betrokkenen in het verwerkingenlog worden gepseudonimiseerd.",
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

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

MEDIA_ROOT = VAR_DIR / "media"  # uploaded files (dossier documents are stored encrypted)

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
# Only the npm packages the pages load are static files (axe-core is read from disk by the tests).
STATICFILES_DIRS = (
    [
        (name, PROJECT_DIR / "node_modules" / name)
        for name in ("@utrecht", "@nl-design-system-unstable", "htmx.org")
    ]
    if (PROJECT_DIR / "node_modules").exists()
    else []
)
WHITENOISE_USE_FINDERS = True

LOG_LEVEL = env("OPGAVE_LOG_LEVEL", "INFO", "Logniveau (DEBUG, INFO, WARNING, ERROR).")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structlog": {"()": "opgave.core.logging.formatter", "json": PRODUCTION},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structlog"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.request": {"level": "ERROR"}, "django.server": {"level": "WARNING"}},
}
