"""Settings for development, test and production.

Pick one with BUURTBOUW_CONFIG (development, test, production); production is the default so that a
forgotten setting never runs a public server with development keys.
"""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - the known value production refuses


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def database_url(value: str) -> str:
    """Use psycopg 3 for plain postgresql:// addresses (SQLAlchemy would look for psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    return value


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'buurtbouw.db'}"))
    # No pool_pre_ping: a SQLite file does not go away, and on PostgreSQL a connection the server closed is found
    # on checkout without the ping's round trip (portal/db.py, fewer_round_trips).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    # The neighbourhood this portal serves.
    NEIGHBOURHOOD_NAME = os.environ.get("NEIGHBOURHOOD_NAME", "Nellestein")
    # One description per language: NEIGHBOURHOOD_DESCRIPTION (Dutch), NEIGHBOURHOOD_DESCRIPTION_EN (English).
    NEIGHBOURHOOD_DESCRIPTION = os.environ.get(
        "NEIGHBOURHOOD_DESCRIPTION",
        "Samen maken we de buurt: we bedanken elkaar, delen het buurthuis en pakken klussen op.",
    )
    NEIGHBOURHOOD_DESCRIPTION_EN = os.environ.get(
        "NEIGHBOURHOOD_DESCRIPTION_EN",
        "Together we make the neighbourhood: we thank each other, share the buurthuis and take on jobs.",
    )
    # Hours of claimed work in the coming four weeks above which the load guard asks "are you sure?".
    LOAD_THRESHOLD_HOURS = _env_int("LOAD_THRESHOLD_HOURS", 6)
    # The ask budget: at most this many "can you help?" requests reach a person from the portal in one week.
    ASK_BUDGET_PER_WEEK = _env_int("ASK_BUDGET_PER_WEEK", 2)
    # A resident's booking requests: the longest weekly series one request may ask for, and how many dates
    # may wait for an answer at once, so that one person cannot grey out a room's calendar for months.
    RESIDENT_SERIES_WEEKS = _env_int("RESIDENT_SERIES_WEEKS", 12)
    PENDING_REQUESTS_PER_RESIDENT = _env_int("PENDING_REQUESTS_PER_RESIDENT", 20)
    # Photos: the most pixels an upload may have (checked from its header, before decoding), and how many
    # photos one person may upload in an hour.
    PHOTO_MAX_MEGAPIXELS = _env_int("PHOTO_MAX_MEGAPIXELS", 24)
    PHOTOS_PER_HOUR = _env_int("PHOTOS_PER_HOUR", 20)

    # Sessions: the server keeps a session table and ends idle sessions itself (a log-out ends the cookie there).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    REMEMBER_COOKIE_DURATION = timedelta(days=0)
    # The cookie lives 12 hours from the log-in; the server ends idle sessions itself. Re-signing an unchanged
    # cookie on every request would only cost time and bytes.
    SESSION_REFRESH_EACH_REQUEST = False
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024

    WTF_CSRF_TIME_LIMIT = 12 * 3600

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    LANGUAGES = ("nl", "en")

    # Production needs storage all workers share (redis://...): memory counts per worker, so N workers allow N
    # times the limit; create_app warns about that. When Redis does not answer, each worker counts in memory
    # until it does (a logged warning), and a limiter error never turns a log-in into a 500.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    # Several neighbourhoods (or test runs) can share one Redis: each counts under its own prefix.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "")
    # The kiosk's residents share one address: the per-address ceiling stays generous.
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "60 per 5 minutes")
    # Ideas proposed without an account, per address; and how long a visitor's phone is kept once their idea is
    # done or put aside (`flask --app portal purge-walk-ins`).
    IDEA_LIMIT_PER_ADDRESS = os.environ.get("IDEA_LIMIT_PER_ADDRESS", "10 per hour")
    IDEA_CONTACT_WEEKS = _env_int("IDEA_CONTACT_WEEKS", 4)
    LOGIN_FAILURES_PER_ACCOUNT = 10
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    PROXY_FIX_HOPS = _env_int("PROXY_FIX_HOPS", 0)

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _env_int("MAIL_PORT", 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "buurtbouw@localhost")
    MAIL_FOLDER = os.environ.get("MAIL_FOLDER", str(INSTANCE_DIR / "mail"))
    # Mail waits in the outbox table; after a request that made mail, a thread in the worker sends it
    # ("thread"), or the request sends it itself once the answer is made ("now", tests). The thread also
    # retries failed mail every MAIL_RETRY_SECONDS; `flask --app portal send-mail` from cron does the same.
    MAIL_SEND_AFTER_REQUEST = os.environ.get("MAIL_SEND_AFTER_REQUEST", "thread")
    MAIL_RETRY_SECONDS = _env_int("MAIL_RETRY_SECONDS", 60)
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    # Where `flask --app portal backup` writes (and `check` looks for the newest backup).
    BACKUP_FOLDER = os.environ.get("BACKUP_FOLDER", str(INSTANCE_DIR / "backups"))
    # Where the weekly sheet's PDFs are kept until something on them changes (portal/paper).
    PAPER_FOLDER = os.environ.get("PAPER_FOLDER", str(INSTANCE_DIR / "paper"))
    # Where residents reach the portal. Every link that leaves the request (mails, QR codes, printed sheets) is
    # built from it, never from the request's Host header (portal/core/urls.py).
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000")
    # Production answers only for PUBLIC_URL's host and these (comma-separated, e.g. "localhost" for a health
    # check); other Host headers get 400 (Flask's TRUSTED_HOSTS is derived from both in create_app).
    EXTRA_TRUSTED_HOSTS = os.environ.get("TRUSTED_HOSTS", "")
    REFUSE_UNKNOWN_HOSTS = False

    SECURE_HEADERS_HSTS = False
    DEMO_LOGINS = False
    # One line per request on stderr (portal/logs.py).
    REQUEST_LOG = os.environ.get("REQUEST_LOG", "1") != "0"
    # Public pages for visitors who are not logged in are kept this many seconds (portal/pagecache.py).
    PAGE_CACHE_SECONDS = _env_int("PAGE_CACHE_SECONDS", 5)
    # Those pages carry an ETag, so a browser that reloads gets "304 Not Modified" without the page being made.
    # Data changes show at once; changes that only the clock makes ("today", an event that has ended, a question
    # that closed) show at most this many minutes late. 0 switches ETags off.
    PAGE_ETAG_MINUTES = _env_int("PAGE_ETAG_MINUTES", 5)
    # Partner feeds (`flask --app portal import-feeds`): each fetch stops after this many seconds and bytes and
    # follows at most this many redirects. Addresses in private, loopback, link-local and reserved ranges are
    # refused unless FEEDS_ALLOW_PRIVATE=1 (a partner on the same private network; the tests' local server).
    FEEDS_TIMEOUT_SECONDS = float(os.environ.get("FEEDS_TIMEOUT_SECONDS", "10"))
    FEEDS_MAX_BYTES = _env_int("FEEDS_MAX_BYTES", 2 * 1024 * 1024)
    FEEDS_MAX_REDIRECTS = _env_int("FEEDS_MAX_REDIRECTS", 3)
    FEEDS_ALLOW_PRIVATE = os.environ.get("FEEDS_ALLOW_PRIVATE", "0") == "1"


class DevelopmentConfig(Config):
    DEBUG = False
    DEMO_LOGINS = True
    PAGE_CACHE_SECONDS = _env_int("PAGE_CACHE_SECONDS", 0)
    PAGE_ETAG_MINUTES = _env_int("PAGE_ETAG_MINUTES", 0)  # an edited template shows at the next reload


class TestConfig(Config):
    TESTING = True
    REQUEST_LOG = False  # the lines still reach pytest's log capture
    SECRET_KEY = "test-only"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
    RATELIMIT_STORAGE_URI = "memory://"
    # Fast hashing keeps the suite quick; production parameters are tested on their own.
    ARGON2_FAST = True
    DEMO_LOGINS = True
    PAGE_CACHE_SECONDS = 0  # tests that need it switch it on
    MAIL_SEND_AFTER_REQUEST = "now"  # tests read the mail as soon as the request is answered


class ProductionConfig(Config):
    REFUSE_UNKNOWN_HOSTS = True
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    SECURE_HEADERS_HSTS = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """Return the settings class named by BUURTBOUW_CONFIG (production when unset)."""
    name = os.environ.get("BUURTBOUW_CONFIG", "production")
    try:
        return CONFIGS[name]
    except KeyError:
        raise SystemExit(f"Buurtbouw: BUURTBOUW_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}.") from None
