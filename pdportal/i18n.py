"""The interface's languages: which one a request speaks, and dates, times and money
formatted for it by Babel.

The language comes from the signed-in user's preference, else the visitor's choice (a
cookie set from the footer), else the browser's Accept-Language. Emails and other text
made outside a request use `force_locale` with the recipient's preference.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from babel.dates import format_datetime, get_timezone_name
from babel.numbers import format_currency
from babel.support import NullTranslations, Translations
from flask import Flask, g, has_request_context, request
from flask_babel import get_locale, get_translations, gettext
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from pdportal.extensions import babel, db

# The languages the interface is translated into, each named in itself.
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
LANGUAGE_COOKIE = "pdportal_lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600

# Formatting follows the United States' conventions in both languages ($1,234.50 and
# 12-hour times in English; Spanish as written in the US: es_US).
FORMAT_LOCALES = {"en": "en_US", "es": "es_US"}
DATE_PATTERNS = {"en": "EEE MMM d, y", "es": "EEE d 'de' MMM 'de' y"}
TIME_PATTERNS = {"en": "h:mm a", "es": "h:mm a"}


def supported(code: str | None) -> str | None:
    """The interface language for a code such as "es" or "es-MX", or None."""
    if not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def select_language() -> str:
    if not has_request_context():
        return DEFAULT_LANGUAGE
    preferred = supported(_signed_in_preference())
    if preferred:
        return preferred
    chosen = supported(request.cookies.get(LANGUAGE_COOKIE))
    if chosen:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE


def _signed_in_preference() -> str | None:
    """The signed-in user's language, or None (also when the database cannot be reached:
    an error page about that must still render)."""
    if g.get("database_unavailable"):
        return None
    try:
        if getattr(current_user, "is_authenticated", False):
            return current_user.preferred_language
    except SQLAlchemyError:
        g.database_unavailable = True
        db.session.rollback()
    return None


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale and locale.language in LANGUAGES else DEFAULT_LANGUAGE


def _format_locale() -> Locale:
    return _locale(FORMAT_LOCALES[current_language()])


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def to_local(value: datetime | None, time_zone: str) -> datetime | None:
    return value.astimezone(ZoneInfo(time_zone)) if value else None


def format_local_date(value: datetime | None, time_zone: str) -> str:
    """A day in a network's zone: "Thu Dec 3, 2026" / "jue 3 de dic de 2026"."""
    local = to_local(value, time_zone)
    if local is None:
        return ""
    return format_datetime(local, DATE_PATTERNS[current_language()], locale=_format_locale())


def format_local_pattern(value: datetime, time_zone: str, pattern: str) -> str:
    """A moment in a network's zone by a CLDR `pattern` ("MMM" → "Sep"), in the language."""
    return format_datetime(to_local(value, time_zone), pattern, locale=_format_locale())


def format_local_time(value: datetime | None, time_zone: str) -> str:
    """A clock time in a network's zone with the zone's abbreviation: "1:30 PM PST"."""
    local = to_local(value, time_zone)
    if local is None:
        return ""
    clock = format_datetime(local, TIME_PATTERNS[current_language()], locale=_format_locale())
    return f"{clock} {local.tzname()}"


def format_local(value: datetime | None, time_zone: str) -> str:
    """A UTC datetime shown in a network's zone: day, time and the zone's abbreviation."""
    if value is None:
        return ""
    return f"{format_local_date(value, time_zone)} · {format_local_time(value, time_zone)}"


def zone_name(time_zone: str) -> str:
    """A zone as people say it: "Pacific Time", "hora del Pacífico" (never an IANA name)."""
    return _zone_name(time_zone, FORMAT_LOCALES[current_language()])


@cache
def _zone_name(time_zone: str, locale_code: str) -> str:
    """CLDR's generic name of the zone's metazone ("Pacific Time", which covers PST and
    PDT), else its standard name ("Hawaii Time", "Coordinated Universal Time"): Babel's
    own generic fallback is a region ("United States (Honolulu) Time")."""
    locale = _locale(locale_code)
    metazone = get_global("meta_zones").get(time_zone)
    names = locale.meta_zones.get(metazone, {}).get("long", {}) if metazone else {}
    return names.get("generic") or get_timezone_name(
        time_zone, zone_variant="standard", locale=locale
    )


def format_amount(cents: int) -> str:
    """An amount of money, $0.00 included (totals, refunds, what is due)."""
    return format_currency(cents / 100, "USD", locale=_format_locale())


def format_money(cents: int) -> str:
    """A price: "Free" for nothing, else the amount."""
    return gettext("Free") if cents == 0 else format_amount(cents)


def _settle_language() -> None:
    if request.endpoint != "static":  # a stylesheet needs no language (nor a user query)
        get_locale()


_translations_by_locale: dict[tuple, Translations] = {}


def _request_translations() -> Translations | NullTranslations:
    """What `flask_babel.get_translations()` answers, kept by locale: templates ask for
    every sentence they show, and Flask-Babel finds the request's context three times
    an answer (a tenth of a catalog page's time). The locale is the one Flask-Babel
    settled for the request, or set in a `force_locale` block."""
    locale = getattr(g.get("_flask_babel"), "babel_locale", None)
    if locale is None:
        return get_translations()  # settles the locale
    key = (locale.language, locale.territory, locale.script, locale.variant)
    translations = _translations_by_locale.get(key)
    if translations is None:
        translations = _translations_by_locale[key] = get_translations()
    return translations


def register_i18n(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_language,
        default_translation_directories="translations",
        default_domain="messages",
    )
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: _request_translations().ugettext(string),
        ngettext=lambda one, many, n: _request_translations().ungettext(one, many, n),
        pgettext=lambda context, string: _request_translations().upgettext(context, string),
        npgettext=lambda context, one, many, n: _request_translations().unpgettext(
            context, one, many, n
        ),
        newstyle=True,
    )
    # Settle the language as the request starts: later, a service's commit has expired
    # the signed-in user, and reading their preference then would cost a query.
    app.before_request(_settle_language)
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.globals["current_language"] = current_language
