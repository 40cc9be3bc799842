"""Django settings: wiring only; every value a deployer changes comes from `ouvert.config`."""

from __future__ import annotations

import dj_database_url

from ouvert import config

MODE = config.mode()
IS_DEMO = MODE == "demo"
IS_TEST = MODE == "test"
IS_PRODUCTION = MODE == "production"

SECRET_KEY = config.secret_key(MODE)
DEBUG = config.read_bool(config.DEBUG)
DATA_DIR = config.data_dir()

# Hosts are checked by ouvert.territory.middleware against this list and the portals' domains,
# which change at run time; Django's own check would need a restart for each new portal.
ALLOWED_HOSTS = ["*"]
OUVERT_ALLOWED_HOSTS = config.read_list(config.ALLOWED_HOSTS)
if IS_TEST:
    OUVERT_ALLOWED_HOSTS += ["testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "ouvert.territory",
    "ouvert.accounts",
    "ouvert.catalog",
    "ouvert.publishing",
    "ouvert.validation",
    "ouvert.federation",
    "ouvert.harvesting",
    "ouvert.web",
    "ouvert.api",
    "ouvert.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ouvert.web.security.SecurityHeadersMiddleware",
    "ouvert.territory.middleware.PortalMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ouvert.web.security.LockedDoorMiddleware",
]

ROOT_URLCONF = "ouvert.urls"
WSGI_APPLICATION = "ouvert.wsgi.application"

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
                "ouvert.territory.context_processors.portal",
            ],
        },
    },
]

_database_url = config.read(config.DATABASE_URL) or f"sqlite:///{DATA_DIR / 'ouvert.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web and worker processes read while one writes; a busy timeout rather than
    # "database is locked" errors under concurrent writes.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Data on SSDs: random reads cost about as much as sequential ones. With PostgreSQL's
    # default (4.0, for spinning disks) the planner scans every dataset rather than use the
    # full-text index (measured: searches twice as slow at 50 000 datasets).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c random_page_cost=1.1"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["ouvert.accounts.backends.EmailBackend"]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:account"
LOGOUT_REDIRECT_URL = "web:home"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if IS_TEST:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Stored files have no public address: each leaves through a view that checks who may see it
# (web.views.files). Only the current logos and favicons answer under this prefix; it is set
# for the storage's `.url()` (the admin's links), which no page uses.
MEDIA_URL = "/images/"
MEDIA_ROOT = DATA_DIR / "media"
# Once a download is checked, nginx may send the file itself (docs/configuration.md).
OUVERT_ACCEL_REDIRECT = config.accel_redirect()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if IS_TEST
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = IS_TEST
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: production defaults are strict; the demo and tests run over plain HTTP on loopback.
_https = config.read_bool(config.HTTPS) and IS_PRODUCTION
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # portals' sibling domains belong to other organisations
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = config.read_list(config.CSRF_TRUSTED_ORIGINS)
if _proxy_header := config.read(config.PROXY_SSL_HEADER):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _proxy_header.upper().replace("-", "_"),
        "https",
    )

if config.read(config.EMAIL_HOST):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = config.read(config.EMAIL_HOST)
    EMAIL_PORT = config.read_int(config.EMAIL_PORT)
    EMAIL_HOST_USER = config.read(config.EMAIL_USER)
    EMAIL_HOST_PASSWORD = config.read(config.EMAIL_PASSWORD)
    EMAIL_USE_TLS = config.read_bool(config.EMAIL_USE_TLS)
elif IS_TEST:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = config.read(config.DEFAULT_FROM_EMAIL)

# Files: what an upload and its reading may cost (docs/configuration.md).
OUVERT_MAX_UPLOAD_SIZE = config.read_int(config.MAX_UPLOAD_SIZE)
OUVERT_MAX_DECOMPRESSED_SIZE = config.read_int(config.MAX_DECOMPRESSED_SIZE)
OUVERT_MAX_COMPRESSION_RATIO = config.read_int(config.MAX_COMPRESSION_RATIO)
OUVERT_MAX_CELL_LENGTH = config.read_int(config.MAX_CELL_LENGTH)
OUVERT_MAX_COLUMNS = config.read_int(config.MAX_COLUMNS)
OUVERT_INGEST_MEMORY = config.read(config.INGEST_MEMORY)
OUVERT_MAP_TILES = config.read(config.MAP_TILES)
OUVERT_MAP_ATTRIBUTION = config.read(config.MAP_ATTRIBUTION)
# Outbound calls (harvesting): which private hosts may be reached, timeouts, sizes.
OUVERT_OUTBOUND_ALLOWED_HOSTS = config.read_list(config.OUTBOUND_ALLOWED_HOSTS)
OUVERT_OUTBOUND_TIMEOUT = config.read_int(config.OUTBOUND_TIMEOUT)
OUVERT_OUTBOUND_MAX_SIZE = config.read_int(config.OUTBOUND_MAX_SIZE)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

_tasks_backend = config.read(config.TASKS_BACKEND)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if _tasks_backend == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": config.read(config.LOG_LEVEL)},
    "loggers": {"django_tasks": {"level": "WARNING"}},
}
