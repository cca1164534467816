"""Partner feeds: other organisations' public calendars and news shown with their origin, and our own feeds."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)

from portal.feeds import hooks, views  # noqa: E402,F401
