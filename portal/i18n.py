"""Language choice and local formatting: Dutch first, English second, times in Europe/Amsterdam."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers
from flask import current_app, g, has_request_context, session
from flask_babel import force_locale, get_locale, get_timezone, get_translations, gettext, ngettext
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


# In the browser session: the language in "lang" was chosen on a shared computer (the kiosk) and holds for this
# session, above the account's own language, which it does not change (a librarian switching for a walk-in).
SESSION_ONLY = "lang_here"


def forget_chosen_language() -> None:
    """Forget the language chosen in this browser session (a shared computer, for the next person there)."""
    session.pop("lang", None)
    session.pop(SESSION_ONLY, None)


def select_locale() -> str:
    """Return the language the reader chose (account, then session), else Dutch; outside a request (a daily job)
    Dutch, unless in_language(...) chose the language of the one it writes for."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if session.get(SESSION_ONLY) and chosen in languages:
        return chosen  # chosen on a shared computer, for whoever stands there now: not the account's language
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _translations():
    # Flask-Babel looks the catalog up again for every string; a page has a hundred of them.
    translations = g.get("_translations")
    if translations is None:
        translations = g._translations = get_translations()
    return translations


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Write in `language` for a while (a mail, a sheet in another language), templates and dates too: Flask-Babel's
    force_locale, plus forgetting the catalog and formats kept for the request. Works outside a request as well
    (Flask-Babel ignores force_locale while `g` is empty)."""
    kept = g.pop("_translations", None), g.pop("_locale_and_zone", None)
    try:
        with force_locale(language):
            yield
    finally:
        g.pop("_translations", None)
        g.pop("_locale_and_zone", None)
        for name, value in zip(("_translations", "_locale_and_zone"), kept, strict=True):
            if value is not None:
                setattr(g, name, value)


def init_app(app) -> None:
    """Register the date filters templates use, and gettext that looks the catalog up once a request."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
    )
    # The same new-style gettext as Jinja's (escaped, always a format string), called directly: Jinja's `_` looks
    # `gettext` up in the context and calls through two wrappers, which cost more than the translation itself.
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext)
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["time"] = format_time
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["duration"] = format_duration
    app.jinja_env.globals["neighbourhood_description"] = neighbourhood_description


@pass_context
def _template_gettext(context, string: str, **variables) -> str:
    found = _translations().ugettext(string)
    if context.eval_ctx.autoescape:
        found = Markup(found)  # noqa: S704 - the catalog is ours; the variables are escaped by %
    # As Jinja's: a format string even without variables ("%%" is "%"); one without "%" formats to itself.
    return found % variables if variables or "%" in found else found


def neighbourhood_description() -> str:
    """Return the neighbourhood's description in the reader's language (a setting per language), else Dutch."""
    language = str(get_locale())
    config = current_app.config
    return config.get(f"NEIGHBOURHOOD_DESCRIPTION_{language.upper()}") or config["NEIGHBOURHOOD_DESCRIPTION"]


class _Formats:
    """What formatting needs, kept for the request (and by in_language for each language); the zones when first
    asked (a page of amounts needs only the language)."""

    __slots__ = ("day_zone", "days", "locale", "zone")

    def __init__(self, locale: Locale) -> None:
        self.locale = locale
        self.days: dict = {}  # the days written so far, by format and day: a list repeats its few days on many lines
        self.zone: Any = None  # Flask-Babel's (pytz), which Babel formats times with
        self.day_zone: ZoneInfo | None = None  # the same, for a moment's day: pytz's conversion is Python, and slow

    def zones(self) -> tuple[Any, ZoneInfo]:
        """Return the zones, found when first needed."""
        if self.zone is None or self.day_zone is None:
            self.zone = get_timezone()
            self.day_zone = ZoneInfo(str(self.zone))
        return self.zone, self.day_zone


def _locale_and_zone() -> _Formats:
    found = g.get("_locale_and_zone")
    if found is None:
        found = g._locale_and_zone = _Formats(formatting_locale(get_locale()))
    return found


def formatting_language() -> str | None:
    """Return the language dates, numbers and amounts are written in ("nl", "en"), found once a request and language
    (Flask-Babel's get_locale costs more than writing an amount)."""
    locale = _locale_and_zone().locale
    return locale.language if locale is not None else None


def formatting_locale(locale: Locale) -> Locale:
    """Return the locale to format dates and numbers with: English as written in Europe (24-hour times, day
    before month: "3 December 2026, 14:00"), never the American "December 3, 2026, 2:00 PM"."""
    if locale is not None and locale.language == "en" and not locale.territory:
        return Locale("en", "GB")
    return locale


def format_datetime(value, fmt: str = "medium") -> str:
    """Format a moment in the reader's language, in Europe/Amsterdam time."""
    formats = _locale_and_zone()
    return dates.format_datetime(value, fmt, tzinfo=formats.zone or formats.zones()[0], locale=formats.locale)


def format_date(value, fmt: str = "medium") -> str:
    """Format the day of a moment (or a date) in the reader's language and time zone, each day and format once a
    request and language (Babel's formatting costs more than the rest of a line, and a list repeats its days)."""
    formats = _locale_and_zone()
    if hasattr(value, "astimezone"):
        value = value.astimezone(formats.day_zone or formats.zones()[1]).date()
    key = (fmt, value)
    found = formats.days.get(key)
    if found is None:
        found = formats.days[key] = dates.format_date(value, fmt, locale=formats.locale)
    return found


def format_time(value, fmt: str = "short") -> str:
    """Format the time of a moment in the reader's language and time zone."""
    formats = _locale_and_zone()
    return dates.format_time(value, fmt, tzinfo=formats.zone or formats.zones()[0], locale=formats.locale)


def format_number(value: float) -> str:
    """Format a number with at most one decimal, the reader's way ("1,5" in Dutch, "1.5" in English)."""
    return numbers.format_decimal(round(value, 1), format="#,##0.#", locale=_locale_and_zone().locale)


def format_duration(minutes: int) -> str:
    """Say how long something takes, the same way on every page, sheet and message: "45 minuten" under an hour,
    else in hours ("1 uur", "1,5 uur", "2 uur")."""
    if minutes < 60:
        return ngettext("%(num)s minute", "%(num)s minutes", minutes)
    return gettext("%(hours)s h", hours=format_number(minutes / 60))
