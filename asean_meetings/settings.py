"""Settings for asean-meetings: one file, read from the environment, safe by default.

Environment variables:
- ``DJANGO_DEBUG``: ``true`` for local development only (default ``false``).
- ``SECRET_KEY``: required unless ``DJANGO_DEBUG`` is true.
- ``ALLOWED_HOSTS``: comma-separated host names (default: local addresses only).
- ``DATABASE_URL``: e.g. ``postgres://postgres@127.0.0.1:5432/asean_meetings``;
  without it the project uses SQLite in ``db.sqlite3``.
- ``DATABASE_REPLICA_URLS``: comma-separated URLs of read replicas of that database (default
  none); ``REPLICA_PIN_SECONDS``: how long a client reads from the primary after its own
  write (default 10). See docs/scaling.md.
- ``DJANGO_HTTPS``: ``false`` to serve over plain HTTP without a TLS proxy in front (default
  ``true`` in production, ``false`` with ``DJANGO_DEBUG``); see "Production settings" below.
- ``HSTS_SECONDS``: how long browsers keep to HTTPS (default one year; 0 turns HSTS off).
- ``NUM_PROXIES``: how many proxies in front of the site append to X-Forwarded-For (default 0).
- ``STATIC_ROOT``: where ``collectstatic`` puts the static files (default ``staticfiles/``).
- ``LOG_LEVEL``: the least level logged to standard error (default ``INFO``).
- ``SITE_URL``: the site's address as links in emails give it, e.g. ``https://records.asean.org``.
- ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``,
  ``EMAIL_USE_TLS``, ``EMAIL_USE_SSL``, ``EMAIL_TIMEOUT``, ``DEFAULT_FROM_EMAIL``: the SMTP
  server reminders and notices are sent through (docs/notifications.md).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from asean_meetings.oidc_providers import provider_origins, providers_from_env

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
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "records",
    "axes",
    "csp",
    # Accounts (docs/accounts.md): sign-in by username or email, password reset, two-factor
    # authentication, single sign-on with the governments' own identity providers (OIDC).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database: which database this request reads from.
    "asean_meetings.replicas.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface's language (docs/languages.md): after the session, before anything that
    # answers in words.
    "asean_meetings.languages.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "records.caching.PrivateWhenSignedInMiddleware",
    # Records who made each change in the records' history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Accounts (docs/accounts.md): allauth's own, then who may publish must have set up
    # two-factor authentication before anything else.
    "allauth.account.middleware.AccountMiddleware",
    "asean_meetings.accounts.TwoFactorRequiredMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "asean_meetings.languages.switch",
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
# Read replicas (docs/scaling.md): DATABASE_REPLICA_URLS names PostgreSQL streaming replicas
# of the primary, comma-separated. Public reads go to one of them, chosen per request; staff
# and every signed-in user, writes, the admin and a client's requests just after its own
# write (REPLICA_PIN_SECONDS) stay on the primary (asean_meetings/replicas.py). Migrations
# run on the primary only. In tests a replica mirrors the test database by name.
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS", ""), start=1):
    DATABASES[f"replica_{number}"] = {
        **dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["asean_meetings.replicas.PrimaryReplicaRouter"]
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))

# The cache: the public pages and the records' PDF, Akoma Ntoso and JSON (records/caching.py)
# and the API's rates (records/api/throttling.py), shared by every worker. CACHE_URL
# (redis://host:6379/0, rediss:// over TLS) keeps it in Redis, which several machines can
# share; without it, it is kept in files under CACHE_DIR, which the workers of one machine
# share (no query, no server to run). Keys start with CACHE_KEY_PREFIX, by default the
# database's name, so two sites (or a site and its benchmark) on one cache never serve each
# other's pages. Nothing in it is the only copy: sessions and the login lockout are kept in
# the database, so emptying the cache signs nobody out and lifts no lockout.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX") or str(DATABASES["default"]["NAME"])
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A Redis that does not answer fails a request in seconds, not the worker's timeout.
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured(
        f"CACHE_URL must be a redis:// or rediss:// address, not {CACHE_URL!r}; leave it unset "
        "for a cache in files under CACHE_DIR."
    )
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR") or str(BASE_DIR / "cache"),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Past this many entries a third of them, at random, make room.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
# The interface's languages (docs/languages.md), each named in itself for the switch on every
# page. The visitor's choice is kept in a cookie (else the browser's Accept-Language), so
# every address stays as it is. Adding one: a catalogue under locale/ and a line here. The
# records' own words are never translated.
LANGUAGES = [
    ("en-gb", "English"),
    ("id", "Bahasa Indonesia"),
    ("ms", "Bahasa Melayu"),
    ("th", "ไทย"),
    ("vi", "Tiếng Việt"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_TZ = True
# Dates on forms are ISO (YYYY-MM-DD) everywhere: asean_meetings/formats.
FORMAT_MODULE_PATH = ["asean_meetings.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# History of the records is for reading: nobody reverts a record from its history page.
SIMPLE_HISTORY_REVERT_DISABLED = True

# The import preview posts one row per recognised paragraph, resolution and action: a record
# of a hundred paragraphs sends over a thousand fields, Django's default limit.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# The client's address (asean_meetings.client_address), which the API's rates and the admin
# login's lockout count by: NUM_PROXIES is how many proxies in front of the site append to
# X-Forwarded-For; with 0 the client address is REMOTE_ADDR, so a client cannot pick its own
# address to dodge the rates or the lockout.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))

# Files attached to records (records/attachments.py): kept by the default storage (local files
# under MEDIA_ROOT, or S3 with ATTACHMENT_S3_BUCKET: STORAGES, below), served only to who may
# read the record.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(50 * 1024 * 1024)))
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
# Optional: clamd's address (host:port, or its Unix socket's path) to scan attachments; a file
# waits unserved ("pending") until scanned clean (manage.py scan_attachments).
CLAMD_ADDRESS = os.environ.get("CLAMD_ADDRESS", "")

# Optional: a PEM Ed25519 private key that signs each published version's SHA-256
# (records/signing.py, docs/archive.md). Empty: versions are not signed.
ARCHIVE_SIGNING_KEY = os.environ.get("ARCHIVE_SIGNING_KEY", "")

# The read-only JSON API (/api/): JSON only, no sessions or logins (it serves public data to
# everyone alike), rates per client address.
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
    "DEFAULT_SCHEMA_CLASS": "records.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "records.api.exceptions.exception_handler",
    "DEFAULT_METADATA_CLASS": None,
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "ASEAN Meetings: summary records API",
    "DESCRIPTION": "Published summary records of ASEAN meetings as data: meetings with their "
    "paragraphs word for word, resolutions, follow-up actions, series, countries and "
    "organisations. Read-only; drafts are never included. An empty query parameter "
    "(`?series=`) is as if it were left out. Every error has the body "
    '`{"detail": …}` (400s add `errors` by parameter).',
    "VERSION": "1.0.0",
    "TAGS": [
        {"name": "Meetings", "description": "Summary records, each with all it contains."},
        {"name": "Resolutions", "description": "What meetings decided, by operative verb."},
        {"name": "Follow-up actions", "description": "What meetings committed to do."},
        {"name": "Reference", "description": "Series, countries and organisations."},
    ],
    "SERVE_INCLUDE_SCHEMA": False,
}

# Production settings: secure by default. TLS is ended by a proxy in front of the site (nginx,
# a load balancer), which must set X-Forwarded-Proto to "https" or "http" on every request,
# replacing any value the client sent. Plain-HTTP requests are redirected to HTTPS, except
# /healthz (load balancers probe it over plain HTTP). DJANGO_HTTPS=false serves plain HTTP
# (no proxy, a closed network, `make run`): no redirect, no HSTS, cookies sent over HTTP.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# HSTS: a year, for this host and its subdomains. "preload" only says the site may be put on
# the browsers' preload list; that takes a request at hstspreload.org for the whole domain.
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Static files: served by WhiteNoise (gunicorn needs no other web server for them) under
# names with a hash of their content, so browsers may keep them for a year. `collectstatic`
# writes the names to STATIC_ROOT/staticfiles.json; in DEBUG the plain names are used.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Attachments in S3-compatible object storage instead (django-storages), when a bucket is
# named; the credentials are boto3's own AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. The
# bucket stays private: files are streamed through the attachment view, never linked to.
ATTACHMENT_S3_BUCKET = os.environ.get("ATTACHMENT_S3_BUCKET", "")
if ATTACHMENT_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": ATTACHMENT_S3_BUCKET,
            "endpoint_url": os.environ.get("ATTACHMENT_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("ATTACHMENT_S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Nor gzip and Brotli copies of source maps (megabytes, for developer tools only): without
# them `collectstatic` takes half the time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# Content Security Policy: only this site's own scripts, styles, images and fonts; no inline
# script or style, no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Sign-in lockout (one sign-in page, /accounts/login/, which the admin's login leads to): after
# 5 failed sign-ins for one account from one address, that pair is locked out for 30 minutes;
# other accounts and addresses are not. Further tries during the lockout do not extend it, so
# someone behind the same address (a shared NAT) cannot keep an account locked for ever; and
# the account's owner can always sign in at once by resetting the password by email, which
# lifts the lockout (docs/operations.md says how an operator lifts one). The address is the
# one the API's rates use (NUM_PROXIES, above); "alice" and alice's email address count as
# one account (AXES_USERNAME_CALLABLE).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Accounts: sign-in by username or email address (allauth).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "asean_meetings.accounts.lockout_username"
AXES_CLIENT_IP_CALLABLE = "asean_meetings.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "asean_meetings.views.login_locked_out"
# The log names the username and address of each failure (axes hides them by default): the
# operator needs them to see who is being guessed at, and from where. Passwords never.
AXES_SENSITIVE_PARAMETERS = []

# Logging: everything worth knowing goes to standard error, where gunicorn and the service
# manager collect it: server errors (django.request, with their tracebacks; the visitor sees
# only templates/500.html), refused hosts and CSRF failures (django.security), and failed and
# locked-out logins (axes).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own default sends these to the console only in DEBUG: here, always.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # Each page request is logged by gunicorn's access log already.
        "django.request": {"handlers": [], "level": "ERROR", "propagate": True},
        # Not its banner at the start of every command.
        "axes.apps": {"handlers": [], "level": "WARNING", "propagate": True},
        # Not the steps, CSS warnings and font subsetting of every PDF drawn (records/pdf.py):
        # only what went wrong.
        "weasyprint": {"handlers": [], "level": "ERROR", "propagate": True},
        "fontTools": {"handlers": [], "level": "ERROR", "propagate": True},
    },
}

# Email: reminders to the owners of follow-up actions and notices to those who follow records
# (docs/notifications.md), sent through the SMTP server named here (default: localhost:25).
# With DJANGO_DEBUG and no EMAIL_HOST, messages are printed to the console instead.
EMAIL_HOST = os.environ.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS (STARTTLS) or EMAIL_USE_SSL, not both.")
# Seconds to wait for the mail server: a publish is never held up for long by it.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT") or 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "ASEAN Meetings <records@localhost>"
if DEBUG and not os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Links in emails (there is no request to take the host from).
SITE_URL = (os.environ.get("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")

# Accounts (django-allauth; docs/accounts.md) -----------------------------------------------
# Staff and member-state delegates sign in at /accounts/login/ by username or email address.
# Nobody signs themselves up: staff make staff accounts in the admin, and delegates are
# invited by email by those who may manage them (or come through single sign-on, below).
ACCOUNT_ADAPTER = "asean_meetings.accounts.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "asean_meetings.sso.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None  # a "Remember me" box on the sign-in form
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# A reset asked for an address without an account sends nothing (no mail to strangers).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "ASEAN Meetings: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
# Failed sign-ins are counted and locked out by django-axes (above), not a second time here.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_profile"

# Two-factor authentication: an authenticator app (TOTP) and recovery codes, for any account;
# required of everyone who may publish (the Publisher role, superusers) when
# TWO_FACTOR_REQUIRED_FOR_PUBLISHERS is true, as it is by default in production: until they set
# it up, every page sends them to set it up.
MFA_ADAPTER = "asean_meetings.accounts.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ASEAN Meetings"
TWO_FACTOR_REQUIRED_FOR_PUBLISHERS = env_bool("TWO_FACTOR_REQUIRED_FOR_PUBLISHERS", not DEBUG)

# Single sign-on with the governments' own identity providers (OpenID Connect), from
# OIDC_PROVIDERS (JSON; asean_meetings/sso.py and docs/accounts.md): whoever a provider
# vouches for with OIDC_DELEGATE_CLAIM holding OIDC_DELEGATE_VALUE signs in as a member-state
# delegate; nobody else gets an account through it.
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"APPS": providers_from_env(os.environ.get("OIDC_PROVIDERS", ""))}
}
# A provider's button posts here, and the browser is redirected to the provider's sign-in
# page: the Content Security Policy's form-action must allow it.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += provider_origins(
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
)
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
OIDC_DELEGATE_CLAIM = os.environ.get("OIDC_DELEGATE_CLAIM", "groups")
OIDC_DELEGATE_VALUE = os.environ.get("OIDC_DELEGATE_VALUE", "asean-delegates")
