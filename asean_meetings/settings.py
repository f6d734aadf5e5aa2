"""Settings for asean-meetings: one file, read from the environment, safe by default.

Environment variables:
- ``DJANGO_DEBUG``: ``true`` for local development only (default ``false``).
- ``SECRET_KEY``: required unless ``DJANGO_DEBUG`` is true.
- ``ALLOWED_HOSTS``: comma-separated host names (default: local addresses only).
- ``DATABASE_URL``: e.g. ``postgres://postgres@127.0.0.1:5432/asean_meetings``;
  without it the project uses SQLite in ``db.sqlite3``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DJANGO_DEBUG=true for local development).")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "records",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records who made each change in the records' history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "asean_meetings.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "asean_meetings.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# History of the records is for reading: nobody reverts a record from its history page.
SIMPLE_HISTORY_REVERT_DISABLED = True

# The import preview posts one row per recognised paragraph, resolution and action: a record
# of a hundred paragraphs sends over a thousand fields, Django's default limit.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# The read-only JSON API (/api/): JSON only, no sessions or logins (it serves public data to
# everyone alike), rates per client address. NUM_PROXIES is how many proxies in front of
# the site append to X-Forwarded-For; with 0 the client address is REMOTE_ADDR, so a
# client cannot pick its own address to dodge the rates.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "records.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "records.api.throttling.AnonBurstThrottle",
        "records.api.throttling.AnonSustainedThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon_burst": os.environ.get("API_RATE_BURST", "120/minute"),
        "anon_sustained": os.environ.get("API_RATE_SUSTAINED", "5000/day"),
    },
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
    "DEFAULT_SCHEMA_CLASS": "records.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "records.api.exceptions.exception_handler",
    "DEFAULT_METADATA_CLASS": None,
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "ASEAN Meetings: summary records API",
    "DESCRIPTION": "Published summary records of ASEAN meetings as data: meetings with their "
    "paragraphs word for word, resolutions, follow-up actions, series, countries and "
    "organisations. Read-only; drafts are never included. Every error has the body "
    '`{"detail": …}` (400s add `errors` by parameter).',
    "VERSION": "1.0.0",
    "TAGS": [
        {"name": "Meetings", "description": "Summary records, each with all it contains."},
        {"name": "Resolutions", "description": "What meetings decided, by operative verb."},
        {"name": "Follow-up actions", "description": "What meetings committed to do."},
        {"name": "Reference", "description": "Series, countries and organisations."},
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
