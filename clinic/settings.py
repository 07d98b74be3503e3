"""Settings for the clinic medication-information site.

Everything an operator changes comes from the environment (12-factor), read
with django-environ. Defaults are safe: DEBUG is off, and with DEBUG off the
site refuses to start without a real SECRET_KEY.
"""

import importlib.util
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from clinic.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG is on; production must say
# which variable is missing instead of silently running with a known key.
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = _DEV_SECRET_KEY
    else:
        raise ImproperlyConfigured(
            "The SECRET_KEY environment variable is not set. Set SECRET_KEY to a long "
            "random value (for example from `python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'`), or set DEBUG=1 for local development."
        )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Where the staff admin lives; moving it off /admin/ cuts down on drive-by
# password guessing. Always a relative path ending in a slash.
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("ADMIN_URL must not be empty; the default is admin/.")

INSTALLED_APPS = [
    # Django's admin with autocomplete labels that say why a result matched.
    "medinfo.admin_site.ClinicAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Ahead of staticfiles so runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    # Full-text search and trigram similarity on PostgreSQL; harmless on SQLite.
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_prose_editor",
    "reversion",
    "post_office",
    "medinfo",
]

MIDDLEWARE = [
    # First, so every later log line and every response carries the request id.
    "clinic.middleware.RequestIdMiddleware",
    # Every wait on the database has a limit (clinic/database.py).
    "clinic.database.DatabaseDeadlineMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "clinic.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after the static files: a cached anonymous page costs one small cache
    # read. Headers added further in (the CSP, X-Frame-Options) are stored with
    # the page; a deploy starts a new cache generation (see medinfo/pagecache/).
    "medinfo.pagecache.PageCacheMiddleware",
    # Past the cached pages: a database outage is the 503 page, at once while it lasts.
    "clinic.database.DatabaseOutageMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"

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
                "medinfo.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "clinic.wsgi.application"

# The embedded default is a SQLite file in the project; PostgreSQL is the
# deployment database (DATABASE_URL=postgres://user:pass@host:5432/name).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # Fail fast when the database host does not answer, so patients get the
    # "try again shortly" page instead of a request that hangs until the
    # server's worker timeout.
    _options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3))
    # A peer that vanishes (a partition, a dead host) is noticed by the kernel:
    # keepalives on an idle connection, tcp_user_timeout on unacknowledged data.
    _options.setdefault("keepalives", 1)
    _options.setdefault("keepalives_idle", env.int("DATABASE_KEEPALIVES_IDLE", default=10))
    _options.setdefault("keepalives_interval", 5)
    _options.setdefault("keepalives_count", 2)
    _options.setdefault("tcp_user_timeout", env.int("DATABASE_TCP_USER_TIMEOUT_MS", default=5000))
    # A statement that runs too long (a lock wait, an overloaded server) is
    # cancelled by PostgreSQL itself. Set in the connection's start-up packet:
    # no extra round trip. 0 turns it off (make serve migrates with 0).
    _statement_timeout = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=5000)
    if _statement_timeout:
        _options.setdefault("options", f"-c statement_timeout={_statement_timeout}")
    # Parameters travel apart from the SQL (server-side binding), so psycopg can
    # prepare a statement a connection has run a few times: PostgreSQL then
    # skips parsing and planning it, about half its work for a medicine page.
    # A transaction-mode pooler without prepared-statement support (PgBouncer
    # before 1.21, or its max_prepared_statements at 0) needs
    # DATABASE_PREPARED_STATEMENTS=0.
    # Only psycopg 3 has these options; Django uses it whenever it is installed
    # (requirements.txt), and psycopg2 (also pinned) only without it.
    if importlib.util.find_spec("psycopg") is not None:
        _options.setdefault("server_side_binding", True)
        _options.setdefault(
            "prepare_threshold",
            5 if env.bool("DATABASE_PREPARED_STATEMENTS", default=True) else None,
        )

# CACHE_URL: locmemcache://clinic (default, one process) or redis://host:6379/0,
# which every app server must share (see "Scaling out" in the README).
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://clinic"),
}
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="clinic")
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Bounded waits and a circuit breaker (clinic/redis_cache.py).
    CACHES["default"]["BACKEND"] = "clinic.redis_cache.RedisCache"
    _cache_options = CACHES["default"].setdefault("OPTIONS", {})
    _cache_options.setdefault(
        "socket_connect_timeout", env.float("CACHE_CONNECT_TIMEOUT", default=0.25)
    )
    _cache_options.setdefault("socket_timeout", env.float("CACHE_TIMEOUT", default=0.25))
    _cache_options.setdefault("retry_after", env.float("CACHE_RETRY_AFTER", default=5))
    # After every new connection the page cache compares its generation with the
    # database's: the cache may have come back with older data (README "Scaling out").
    _cache_options.setdefault("on_connect", "medinfo.pagecache.cache_connected")
_PROCESS_LOCAL_CACHE = CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))

# The page cache for anonymous visitors (medinfo/pagecache/). It is on by default
# only with a shared cache: with a per-process cache, several workers could not
# tell each other about an edit. PAGE_CACHE=1 with locmem is right for one process.
PAGE_CACHE = env.bool("PAGE_CACHE", default=not _PROCESS_LOCAL_CACHE)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# How long a browser or CDN may reuse a public page before revalidating (304).
PAGE_BROWSER_MAX_AGE = env.int("PAGE_BROWSER_MAX_AGE", default=60)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out username/IP pair is refused before
    # the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The clinic is in the US (FDA labelling, DEA schedules); the operator can
# move it with TIME_ZONE. Dates are stored in UTC and shown in local time.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-us")
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (so files can be cached for a year) and gzip copies, served
    # by WhiteNoise. Needs `collectstatic`, which `make serve` runs.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "admin:login"
# Where staff land after signing in when the form has no (or an unsafe) `next`.
LOGIN_REDIRECT_URL = "admin:index"

SITE_NAME = env.str("SITE_NAME", default="Clinic Medicines Information")
# Shown on the "we are having trouble" page, which must not need the database.
CLINIC_PHONE = env.str("CLINIC_PHONE", default="")
# Seconds a patient (or a crawler) is asked to wait when the database is down.
DATABASE_RETRY_AFTER = env.int("DATABASE_RETRY_AFTER", default=30)
# How long one wait for the database may last (seconds; 0: no limit), on public
# pages and on staff pages, before the request gets the 503 page (clinic/database.py).
DATABASE_WAIT_TIMEOUT = env.float("DATABASE_WAIT_TIMEOUT", default=3)
DATABASE_STAFF_WAIT_TIMEOUT = env.float("DATABASE_STAFF_WAIT_TIMEOUT", default=20)
# After a database outage is seen, requests get the 503 page at once for this
# many seconds before one tries the database again.
DATABASE_BACKOFF = env.float("DATABASE_BACKOFF", default=5)
# /healthz answers 503 if the database has not answered within this many seconds.
HEALTHZ_TIMEOUT = env.float("HEALTHZ_TIMEOUT", default=2)

# --- E-mail to staff ---------------------------------------------------------
# EMAIL_URL: smtp://user:password@host:587, smtp+tls://... (STARTTLS),
# smtp+ssl://... (implicit TLS), or consolemail:// (the default: messages are
# written to the log and go nowhere; `make serve` says so when it starts).
# Mail is queued in the database when a save commits (django-post-office) and
# delivered by `python manage.py send_queued_mail`, so a save never waits for
# the mail server.
_email = env.email_url("EMAIL_URL", default="consolemail://")
# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS / EMAIL_USE_SSL, as django-environ reads them from the URL.
globals().update(_email)
# Never let one slow mail server hold the sender for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Clinic medicines <webmaster@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
POST_OFFICE = {
    "BACKENDS": {"default": _email["EMAIL_BACKEND"]},
    "DEFAULT_PRIORITY": "medium",  # queued, never sent inside the request
    # A message that fails (server down) is tried again every 5 minutes for a day.
    "MAX_RETRIES": env.int("EMAIL_MAX_RETRIES", default=288),
    "RETRY_INTERVAL": timedelta(minutes=5),
    "BATCH_DELIVERY_TIMEOUT": 60,
    "LOG_LEVEL": 1,  # failures only: the log lines of sent mail name recipients
    "MESSAGE_ID_ENABLED": True,
}
# The site's address for links in e-mail (no request there to take it from), e.g.
# https://medicines.example.org. Default: https:// and the first ALLOWED_HOSTS name.
_first_host = next((h for h in ALLOWED_HOSTS if h and "*" not in h and h != "."), "localhost")
SITE_URL = env.str(
    "SITE_URL",
    default=("http://127.0.0.1:8000" if DEBUG else f"https://{_first_host.lstrip('.')}"),
).rstrip("/")

# --- Security -----------------------------------------------------------------
# HTTPS is on by default in production. HTTPS=0 is for a plain-HTTP run on a
# private machine (tests, a quick look before the proxy is set up).
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Which medicine a patient reads is health information: tell other sites nothing.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Nothing on the site needs these browser features; say so.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Staff sessions end after this much inactivity (each request restarts the clock).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = True

# Scripts and styles only from our own static files: no inline code at all,
# so an injected <script> cannot run. The admin (and its editor) load their
# JavaScript from /static/ too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if HTTPS:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
if DEBUG:
    # Django's debug error page is built with inline script and style: in
    # development the policy only reports (browser console), so that page
    # still works and violations still show.
    CONTENT_SECURITY_POLICY_REPORT_ONLY = CONTENT_SECURITY_POLICY
    CONTENT_SECURITY_POLICY = None

# Admin lock-out (django-axes): 5 failed sign-ins for one username from one
# address lock that pair out until the cool-off ends or staff unlock it in
# the admin ("Access attempts", delete the row).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=60))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "clinic.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "clinic.proxy.client_ip"
# Log lines name no username or address; the admin's "Access attempts" has them.
AXES_CLIENT_STR_CALLABLE = "clinic.proxy.client_description"
AXES_VERBOSE = False
# Number of reverse proxies in front of the app that append to X-Forwarded-For;
# 0 trusts only the connecting address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Logging ------------------------------------------------------------------
# One JSON object per line on stderr, in the same shape as gunicorn's (see
# clinic/gunicorn_conf.py), each with the request id. No query strings, no
# client addresses, no form data.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOGGING = logging_config(LOG_LEVEL)

# --- Patient feedback ("Was this page helpful?", medinfo/feedback/) --------------
# Answers older than this many days are deleted by `manage.py delete_old_feedback`.
FEEDBACK_RETENTION_DAYS = env.int("FEEDBACK_RETENTION_DAYS", default=730)
# Phone numbers in comments are recognised in this country's format (and in
# international form) and removed before storing.
FEEDBACK_PHONE_REGION = env.str("FEEDBACK_PHONE_REGION", default="US")
# The client address for the feedback rate limit (hashed, never stored).
FEEDBACK_CLIENT_IP_CALLABLE = "clinic.proxy.client_ip"
