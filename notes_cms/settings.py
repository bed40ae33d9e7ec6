"""Settings for notes_cms: one file, driven by environment variables.

The defaults suit a laptop (SQLite file, local-memory cache, console email);
production differs only by the variables listed in `.env.example`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# DJANGO_HTTPS=1 when the site is served over HTTPS (behind a TLS-terminating
# proxy in production): redirects, secure cookies and HSTS follow from it, and
# so does the need for a real secret key.
HTTPS = env_bool("DJANGO_HTTPS", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and (HTTPS or env_bool("DJANGO_REQUIRE_SECRET_KEY", default=False)):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set in production (DJANGO_HTTPS=1 or "
            "DJANGO_REQUIRE_SECRET_KEY=1): a random string of 50 or more "
            "characters, see docs/DEPLOY.md."
        )
    # Only for a laptop or a test run: a real deployment sets DJANGO_SECRET_KEY.
    SECRET_KEY = "dev-only-insecure-key-0123456789-notes-cms-not-for-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Form widgets' own templates, for FORM_RENDERER below.
    "django.forms",
    "taggit",
    "django_filters",
    "axes",
    "csp",
    "catalog",
]

MIDDLEWARE = [
    # Before anything reads the client address (throttling, rate limits).
    "notes_cms.middleware.ClientAddressMiddleware",
    # So that the time it logs covers everything below it.
    "notes_cms.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # /healthz answers here, whatever the middleware below needs.
    "notes_cms.middleware.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CSP and sessions: a stored public page is sent with the headers it
    # was stored with, and costs no session or database work.
    "catalog.middleware.PublicPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns the lockout of a throttled login into a readable page.
    "axes.middleware.AxesMiddleware",
    # Last, so that it sees a view's database or cache outage first.
    "notes_cms.middleware.ServiceUnavailableMiddleware",
]

ROOT_URLCONF = "notes_cms.urls"

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

# Widgets render through TEMPLATES, so templates/ can override one: the admin's
# date and time inputs get labels (templates/admin/widgets/split_datetime.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "notes_cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A persistent connection that died with its server is replaced at
        # the next request: the site recovers from an outage without a restart.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails the request in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, reusing its Redis clients (catalog/cache.py).
            "BACKEND": "catalog.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "notes_cms"),
            # A Redis that went away fails fast (pages are then rendered from
            # the database, /healthz says "degraded"), and the pool
            # reconnects once it is back.
            "OPTIONS": {
                "socket_connect_timeout": float(
                    os.environ.get("REDIS_SOCKET_TIMEOUT", "1")
                ),
                "socket_timeout": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "1")),
            },
        }
    }
    # Sessions outlive any one app server: in the database, read through Redis.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "notes_cms",
        }
    }

# Losing the cache costs speed, not pages (catalog/cache.py): after a failed
# call the site does without it for CACHE_RETRY_SECONDS, then tries again.
CACHE_RETRY_SECONDS = float(os.environ.get("CACHE_RETRY_SECONDS", "5"))
# A page nobody has stored yet is rendered by one request at a time; the
# others wait for it up to PUBLIC_PAGE_CACHE_WAIT_SECONDS, then render it
# themselves. The render's lock expires after PUBLIC_PAGE_CACHE_LOCK_SECONDS.
PUBLIC_PAGE_CACHE_WAIT_SECONDS = float(
    os.environ.get("PUBLIC_PAGE_CACHE_WAIT_SECONDS", "5")
)
PUBLIC_PAGE_CACHE_LOCK_SECONDS = 30

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Argon2 for new and changed passwords; the others still check older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Login throttling (django-axes): five failed logins for one user name from one
# address lock that pair out for AXES_COOLOFF_TIME, even with the right
# password. The attempts live in the database, shared by every app server.
AUTHENTICATION_BACKENDS = [
    "notes_cms.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "notes_cms.auth.lockout_response"
# The request header that holds the reader's address when a proxy is in front
# (nginx: `proxy_set_header X-Real-IP $remote_addr;` -> HTTP_X_REAL_IP); the
# ClientAddressMiddleware puts it in REMOTE_ADDR for everything that throttles.
# Empty: the peer address, which behind a proxy is the proxy's own.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# WhiteNoise does not know .xsl; a browser only applies a feed's stylesheet
# (static/feeds/atom.xsl) when it comes as XSLT, and nosniff forbids guessing.
WHITENOISE_MIMETYPES = {".xsl": "text/xsl"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "notes@localhost")
# Emails are sent outside any request: links in them start with this address.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Reader submissions (catalog/forms.py, catalog/views/submissions.py): a post
# sooner than SUBMISSION_MIN_SECONDS after the form was shown, or from a form
# older than SUBMISSION_MAX_AGE, is refused; one IP address may send
# SUBMISSION_RATE_LIMIT submissions per SUBMISSION_RATE_WINDOW seconds.
SUBMISSION_MIN_SECONDS = int(os.environ.get("SUBMISSION_MIN_SECONDS", "3"))
SUBMISSION_MAX_AGE = 24 * 60 * 60
SUBMISSION_RATE_LIMIT = int(os.environ.get("SUBMISSION_RATE_LIMIT", "5"))
SUBMISSION_RATE_WINDOW = 10 * 60

# HTTPS (DJANGO_HTTPS, above): the proxy tells Django the scheme, since
# gunicorn itself only listens on a local address.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
# A monitor may ask an app server directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = (
    int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only this site's own scripts, styles
# and images run; no inline script or style, no plugin, no framing. JSON-LD
# (<script type="application/ld+json">) is data, which the policy leaves alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    }
}

LOGIN_URL = "admin:login"

# One JSON object per line on standard error: each request's time
# (notes_cms.request), each workflow event (notes_cms.events: every NoteEvent
# row, once committed) and every error, for the log collector of whichever app
# server wrote them. CatalogConfig.ready() connects the event logging.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "notes_cms.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        # Failed logins are reported by django-axes one line each; its
        # start-up banner and per-step chatter are not needed.
        "axes": {"level": "WARNING"},
    },
}
