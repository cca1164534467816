"""The budget: a leaflet that says the goal of each budget first, then what is possible and the conditions (as
rules the portal checks), applications checked against them, and a ledger of every euro granted and spent."""

from flask import Blueprint

bp = Blueprint("budget", __name__)

from portal.budget import application_views, hooks, ledger_views, views  # noqa: E402,F401
