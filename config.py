"""Configuration classes, read from the environment.

`for_environment()` picks the class named by PDPORTAL_ENV (development, testing,
production; development by default). Any other setting can be given as
PDPORTAL_<KEY> through Flask's `from_prefixed_env`.
"""

from __future__ import annotations

import os


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url_from_env() -> str | None:
    """DATABASE_URL with `postgres://` / `postgresql://` pointed at the psycopg 3 driver."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return None
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


DEV_SECRET_KEY = "dev-only-not-secret"


def oidc_providers_from_environment() -> dict[str, dict[str, str]]:
    tenant = os.environ.get("MICROSOFT_TENANT", "organizations")
    metadata = {
        "google": "https://accounts.google.com/.well-known/openid-configuration",
        "microsoft": f"https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration",
    }
    return {
        name: {
            "client_id": os.environ[f"{name.upper()}_CLIENT_ID"],
            "client_secret": os.environ.get(f"{name.upper()}_CLIENT_SECRET", ""),
            "server_metadata_url": url,
        }
        for name, url in metadata.items()
        if os.environ.get(f"{name.upper()}_CLIENT_ID")
    }


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = database_url_from_env()  # None: SQLite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # A database that is down or stalled must not hang every request: PostgreSQL
    # connections give up after DATABASE_CONNECT_TIMEOUT seconds (also waiting for a pool
    # slot), statements and lock waits after DATABASE_STATEMENT_TIMEOUT_MS; /healthz
    # answers 503 after HEALTHZ_TIMEOUT_SECONDS whatever the database does.
    DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "15000"))
    HEALTHZ_TIMEOUT_SECONDS = float(os.environ.get("HEALTHZ_TIMEOUT_SECONDS", "3"))
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    PASSWORD_HASH_METHOD = "scrypt"
    HSTS_ENABLED = False

    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # Per IP address, generous because a room of teachers shares one school address.
    # Failed log-ins on one account: from one address, and from all addresses together
    # (a browser the owner logged in with before is exempt from the second: see
    # blueprints/auth/devices.py), so guessing is stopped and the owner is not locked out.
    LOGIN_RATE_LIMIT = "60 per minute;600 per hour"
    LOGIN_ACCOUNT_ADDRESS_RATE_LIMIT = "10 per minute;50 per hour"
    LOGIN_ACCOUNT_RATE_LIMIT = "30 per minute;200 per hour"
    RESET_RATE_LIMIT = "5 per minute;30 per hour"
    SIGNUP_RATE_LIMIT = "30 per hour"
    SIGNUP_ACCOUNT_RATE_LIMIT = "3 per hour"
    # Codes of the second sign-in step, per account (a 6-digit code must not be guessable).
    TWO_STEP_RATE_LIMIT = "5 per minute;20 per hour"
    TWO_STEP_REQUIRED_FOR_STAFF = True
    # Sign in with Google or Microsoft (OpenID Connect): each is on when its client id is set.
    OIDC_PROVIDERS = oidc_providers_from_environment()
    TWO_STEP_ISSUER = "pdportal"  # the name authenticator apps show beside the code
    # Accounts have no zone of their own: sign-in times and the audit log are shown in this.
    ACCOUNT_TIME_ZONE = "America/Los_Angeles"
    # Wrong discount codes, per user and per address: nobody tries codes until one works.
    DISCOUNT_CODE_RATE_LIMIT = "10 per minute;30 per hour"  # no flooding one address with emails
    # Proxies in front of gunicorn (a load balancer: 1) whose X-Forwarded-* headers to trust;
    # without it every request would seem to come from the balancer's address.
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")  # empty: mail goes to the log
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "pdportal <no-reply@pdportal.org>")
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))

    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
    STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")  # a local stand-in in tests

    CATALOG_PAGE_SIZE = 20
    # `flask sweep` asks attendees "Have you used this in your teaching?" this many weeks
    # after a workshop ends.
    IMPACT_FOLLOW_UP_WEEKS = int(os.environ.get("IMPACT_FOLLOW_UP_WEEKS", "6"))

    # Development only, set by `make run` (PDPORTAL_DEV_MAILBOX / PDPORTAL_DEV_SCHEDULER):
    # the outbox as a page at /dev/mail (404 otherwise), and the sweep and mail delivery
    # every minute inside the server. Production refuses both.
    DEV_MAILBOX = False
    DEV_SCHEDULER = False


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast in tests; never in production
    BASE_URL = "http://localhost"
    SERVER_NAME = "localhost"
    # The suite's older tests sign staff in without a second factor; the tests of the
    # rule (tests/accounts) turn it back on.
    TWO_STEP_REQUIRED_FOR_STAFF = False


class ProductionConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    # Emails, calendar feeds, certificates and check-in QR codes carry absolute links.
    BASE_URL = os.environ.get("BASE_URL", "")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS_ENABLED = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def for_environment() -> type[Config]:
    return CONFIGS[os.environ.get("PDPORTAL_ENV", "development")]
