"""Settings for wenming.

One file, driven by the environment. SQLite is the embedded default; set
DATABASE_URL (postgres://user@host:port/name) for PostgreSQL in production.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Off unless turned on: a missing variable must never ship a debug site. scripts/run and
# the tests (tests/settings.py) turn it on for development.
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Development only: a fixed key so sessions survive restarts of runserver.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
# Without a key in production, core's system check stops every command that runs checks
# (runserver, migrate, check, the importer) and wsgi.py refuses to serve; only commands
# that sign nothing and skip the checks, such as `extract` (files in, JSON out), run.

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "csp",
    "core",
    "core.apps.AxesConfig",
    # Background jobs: the django.tasks API (django-tasks, Django 6.0's backport) with
    # the database backend, so any machine sharing the database can run a worker.
    "django_tasks",
    "django_tasks_db",
    "units",
    "campaigns",
    "articles",
    "curation",
    "reports",
    "synthetic",
    # After our apps: reports' `manage.py export` (filtered lists, as on the
    # site) takes precedence over the library's command of the same name.
    "import_export",
]

MIDDLEWARE = [
    "core.logging.SlowRequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the application server, compressed and with hashed names
    # (collectstatic first: scripts/serve does), so no separate file server is needed;
    # in development runserver serves them.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A read-only request reads the ledger stamp once, not once per cached figure.
    "core.freshness.LedgerStampPerRequest",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during login into the response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wenming.urls"

# Chinese for third-party apps that ship none (django-axes); compiled .mo files are committed.
LOCALE_PATHS = [BASE_DIR / "locale"]

# Errors (with their traceback) and slow requests go to stdout, where a process manager
# or container runtime collects them; DEBUG or not.
WENMING_SLOW_REQUEST_MS = int(os.environ.get("WENMING_SLOW_REQUEST_MS", "1000"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"}},
    "loggers": {
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": True},
        # Our own apps' loggers are named after their modules (articles.storing …).
        **{
            name: {"handlers": ["stdout"], "level": os.environ.get("WENMING_LOG_LEVEL", "INFO"), "propagate": True}
            for name in ("wenming", "core", "units", "campaigns", "articles", "curation", "reports", "synthetic")
        },
    },
}

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
                # {{ CSP_NONCE }} for the rare inline <script nonce="…"> (see CONTENT_SECURITY_POLICY).
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "wenming.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets staff read while an import writes, and NORMAL sync makes each file's
    # commit cheap; a crashed process still loses nothing that was committed.
    # IMMEDIATE takes the write lock up front so two writers queue instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the lists' queries stop after a page (LIMIT), but their cost
    # estimates count the whole table, so PostgreSQL compiled them: 300 ms of
    # compiling for 60 ms of work on a keyword search at a million activities.
    # Options from PGOPTIONS (a statement timeout, say) are kept.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(
        filter(None, [os.environ.get("PGOPTIONS", ""), "-c jit=off"])
    )

# Figures cached until the ledger changes (core/freshness.py). Each process
# keeps its own by default; with several server processes on one machine, a
# cache folder lets them share what one of them computed. Lists keep a few
# entries per filter and page visited (counts, blocks of ids, search ids):
# Django's default of 300 entries would have staff paging through different
# lists cull one another's.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5_000},
    }
}
if os.environ.get("WENMING_CACHE_DIR"):
    CACHES["default"].update(
        BACKEND="django.core.cache.backends.filebased.FileBasedCache", LOCATION=os.environ["WENMING_CACHE_DIR"]
    )

# How long a staff list may spend counting its rows on PostgreSQL before it
# says only "many" (wenming/paging.py).
COUNT_BUDGET_MS = int(os.environ.get("WENMING_COUNT_BUDGET_MS", "100"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("WENMING_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed copies made by collectstatic in production; development
    # serves the files as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The staff site's own login page (templates/registration/login.html); the admin keeps its own.
LOGIN_URL = "login"
LOGOUT_REDIRECT_URL = "login"
LOGIN_REDIRECT_URL = "/"

# How many page files one upload may carry (Django's default is 100; a month of a
# paper is several hundred pages).
DATA_UPLOAD_MAX_NUMBER_FILES = int(os.environ.get("WENMING_MAX_UPLOAD_FILES", "2000"))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A queued import is cut into jobs of this many files; any number of workers
# (manage.py db_worker) take them. Small jobs keep the workers busy to the end
# (the last job is the tail one worker runs alone); a worker keeps what it read
# from the registry from one job of a run to the next, so a job costs little more.
WENMING_IMPORT_JOB_FILES = int(os.environ.get("WENMING_IMPORT_JOB_FILES", "20"))
# An upload's dry run is done in the request: at most this many files.
WENMING_UPLOAD_DRY_RUN_FILES = int(os.environ.get("WENMING_UPLOAD_DRY_RUN_FILES", "50"))
# A job that has stored nothing for this long is taken for dead (its worker killed)
# and its pages are queued again (articles.import_jobs.stalled_jobs_requeue).
WENMING_IMPORT_JOB_STALL_MINUTES = int(os.environ.get("WENMING_IMPORT_JOB_STALL_MINUTES", "10"))

# Exports of more rows than this are written by a background job into a file to
# download (reports/export_jobs.py), so a proxy's timeout never cuts one off.
WENMING_EXPORT_JOB_ROWS = int(os.environ.get("WENMING_EXPORT_JOB_ROWS", "100000"))

# Page files larger than this are refused by the importer (a newspaper page is ~20 KB).
WENMING_MAX_PAGE_BYTES = int(os.environ.get("WENMING_MAX_PAGE_BYTES", str(5 * 1024 * 1024)))
# PDF and Word pages carry fonts and pictures: their own, larger limit.
WENMING_MAX_DOCUMENT_BYTES = int(os.environ.get("WENMING_MAX_DOCUMENT_BYTES", str(20 * 1024 * 1024)))

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_FORMATS = None  # set below, after import_export is importable

from import_export.formats.base_formats import XLSX  # noqa: E402

from core.formats import CSVWithBOM  # noqa: E402

IMPORT_EXPORT_FORMATS = [CSVWithBOM, XLSX]
# Who may export or import in the admin: exporting is viewing (the 查看员 role has
# view_* only); importing creates and changes rows, so it needs change_* (编辑, 管理员).
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Backups keep timestamps to the microsecond (core/lossless_json.py).
SERIALIZATION_MODULES = {"lossless-json": "core.lossless_json"}

# --- Security -------------------------------------------------------------------------
# Production is DJANGO_DEBUG=false behind HTTPS; `manage.py check --deploy` must pass
# without warnings there. DJANGO_HTTPS=false serves plain HTTP (a lab intranet): then
# the cookies cannot be secure and there is no HSTS, and check --deploy says so.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600))) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Behind a reverse proxy that terminates TLS (nginx …): trust its X-Forwarded-Proto and
# take the client address from the right end of X-Forwarded-For. Never turn this on
# without such a proxy in front, or clients could claim HTTPS and forge addresses.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp 4). Scripts only from our own origin; an inline
# script needs nonce="{{ CSP_NONCE }}" (or {{ request.csp_nonce }}). Inline styles stay
# allowed because the admin's change list and django-import-export templates carry
# them, and a style cannot run code. The one hash is the "select all" toggle
# (onchange="onSelectToggleChange(event)") of django-import-export's export form.
from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, UNSAFE_HASHES, "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='"],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Failed-login throttling (django-axes) for every login that goes through
# django.contrib.auth.authenticate with a request: the admin and the staff site.
# Five wrong passwords for one user name from one address lock that pair out for
# half an hour; locking by address alone would shut out a whole office behind one NAT.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Django's test client logs in through authenticate() without a request, which axes
# refuses, so under pytest axes is off unless a test turns it on (tests/test_security.py).
AXES_ENABLED = env_bool("DJANGO_AXES_ENABLED", "pytest" not in sys.modules)
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_MESSAGE = "登录失败次数过多，该账号已被暂时锁定，请稍后再试或联系系统管理员。"
AXES_PERMALOCK_MESSAGE = "登录失败次数过多，该账号已被锁定，请联系系统管理员解锁。"
if BEHIND_PROXY:
    AXES_CLIENT_IP_CALLABLE = "core.security.client_ip_behind_proxy"
