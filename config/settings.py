"""Caseline settings: one module, configured entirely from the environment.

With nothing configured, Caseline runs on an embedded default (SQLite, Celery
tasks executed in-process) so that a journalist can try it on a laptop. Set
DATABASE_URL and REDIS_URL for PostgreSQL and real workers.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default)
    if value in ("True", "true", "1"):
        return True
    if value in ("False", "false", "0", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be an integer, not {value!r}"
        ) from None


def envsecret(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (Docker secrets)."""
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.getenv(name, default)


DEBUG = envbool("DEBUG", "False")
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and os.getenv("DATABASE_URL"):
        raise ImproperlyConfigured("SECRET_KEY must be set when DATABASE_URL is")
    # Only for the embedded laptop default and tests; never for a deployment.
    SECRET_KEY = "caseline-insecure-local-key"
elif not DEBUG and SECRET_KEY.lower() in {"change-me", "changeme", "secret"}:
    # The placeholder of docker-compose.yml and the like: anyone could forge sessions.
    raise ImproperlyConfigured(
        f"SECRET_KEY is the placeholder {SECRET_KEY!r}; set a long random key, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = [
    h for h in os.getenv("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.getenv("CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

# HTTPS. HTTPS=True (a deployment behind TLS) turns on each of these; each can
# still be set on its own. Behind a proxy that terminates TLS, set
# SECURE_PROXY_SSL_HEADER=True so that Django trusts its X-Forwarded-Proto.
HTTPS = envbool("HTTPS", "False")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(HTTPS))
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", str(HTTPS))
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", str(HTTPS))
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", str(HTTPS))
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", str(HTTPS))
if envbool("SECURE_PROXY_SSL_HEADER", "False"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "axes",
    "csp",
    "template_partials",
    "timeline",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.HtmxVaryMiddleware",
    # Last, as django-axes asks: turns a lockout into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'caseline.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The demo's SQLite builds the covering index of timeline migration 0010
    # without its included column (a plain index: enough for a demo); the
    # rest of what differs from PostgreSQL is in config.database.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
if os.getenv("TEST_DB_NAME"):
    # Lets two test runs share one PostgreSQL server without dropping each other's DB.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A worker runs one short task after another (most of an archive import's
# tasks find their article already taken by another task's batch): opening a
# connection for each cost about half of such a task. Workers keep theirs this
# many seconds, checked before each task so that a database restart is survived.
WORKER_DB_CONN_MAX_AGE = envint("WORKER_DB_CONN_MAX_AGE", "300")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
# Content-Security-Policy: scripts and styles only from Caseline's own static
# files (htmx is vendored), no inline script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AUTHENTICATION_BACKENDS = [
    "config.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After LOGIN_FAILURE_LIMIT failed logins, the username is locked out (from any
# address) and so is the address (for any username), for LOGIN_LOCKOUT_MINUTES.
# An administrator lifts a lockout early with `manage.py axes_reset_username NAME`
# or `manage.py axes_reset_ip ADDRESS`.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = dt.timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "timeline:case_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.getenv("TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or not envbool("STATIC_MANIFEST", "False")
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Static files are served from STATICFILES_DIRS without collectstatic, so a fresh
# checkout (and the demo) work as they are; a deployment may still collect them.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: the size cap applies to each file (and each URL download).
MAX_UPLOAD_MB = envint("MAX_UPLOAD_MB", "20")
DATA_UPLOAD_MAX_MEMORY_SIZE = (MAX_UPLOAD_MB + 1) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
URL_FETCH_TIMEOUT = envint("URL_FETCH_TIMEOUT", "15")
# URL import reaches public addresses only; a newsroom importing from its own
# intranet (or a test's local server) turns this on.
URL_FETCH_ALLOW_PRIVATE = envbool("URL_FETCH_ALLOW_PRIVATE", "False")

# The spaCy pipeline the date engine runs on; the name is written once, in extraction.
SPACY_MODEL = os.getenv("SPACY_MODEL", "") or None

# Celery. Without REDIS_URL tasks run in-process (the laptop default).
REDIS_URL = os.getenv("REDIS_URL", "")
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", REDIS_URL) or "memory://"
CELERY_TASK_ALWAYS_EAGER = not (os.getenv("CELERY_BROKER_URL") or REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", "300")
CELERY_TASK_SOFT_TIME_LIMIT = int(CELERY_TASK_TIME_LIMIT * 0.9)
# Settling a case (grouping it again from scratch, timeline.tasks) is a task of
# its own: minutes for a case of 20,000 events.
CELERY_SETTLE_TIME_LIMIT = envint("CELERY_SETTLE_TIME_LIMIT", "1800")
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = envint("CELERY_WORKER_MAX_TASKS_PER_CHILD", "500")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A message whose worker died unacknowledged goes back to the queue once it is
    # older than this; longer than the hard limit so a live task is never re-sent.
    "visibility_timeout": envint(
        "CELERY_VISIBILITY_TIMEOUT", str(int(CELERY_TASK_TIME_LIMIT * 1.1))
    ),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An upload must not hang on a broker that is down: the article is committed
# and the sweeper sends it later (articles/queueing.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"] = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# A worker processing an article stamps it this often; one silent for the
# timeout is taken to be dead. Queued articles with no message in the broker
# after ARTICLE_REQUEUE_AFTER seconds are resent. Celery beat runs the sweeper.
ARTICLE_HEARTBEAT_SECONDS = envint("ARTICLE_HEARTBEAT_SECONDS", "10")
ARTICLE_HEARTBEAT_TIMEOUT = envint("ARTICLE_HEARTBEAT_TIMEOUT", "60")
ARTICLE_REQUEUE_AFTER = envint("ARTICLE_REQUEUE_AFTER", "180")
ARTICLE_SWEEP_SECONDS = envint("ARTICLE_SWEEP_SECONDS", "30")
CELERY_BEAT_SCHEDULE = {
    "sweep-articles": {
        "task": "articles.tasks.sweep_articles",
        "schedule": ARTICLE_SWEEP_SECONDS,
        # A sweep that waited behind a backlog is superseded by the next one.
        "options": {"expires": ARTICLE_SWEEP_SECONDS},
    }
}
CELERY_TASK_DEFAULT_QUEUE = os.getenv("CELERY_QUEUE", "caseline")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint logs every page at INFO; a 1,000-event PDF would flood the log.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
