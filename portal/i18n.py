"""Language choice and local formatting: Dutch first, English second, times in Europe/Amsterdam."""

from flask import current_app, session
from flask_babel import format_date, format_datetime, format_time
from flask_login import current_user

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def select_locale() -> str:
    """Return the language the reader chose (account, then session), else Dutch."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = session.get("lang")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app) -> None:
    """Register the date filters templates use."""
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt)
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt)
    app.jinja_env.filters["time"] = lambda value, fmt="short": format_time(value, fmt)
