"""Venues: the buurthuis and its rooms, opening hours, and bookings that never overlap."""

from flask import Blueprint

bp = Blueprint("venues", __name__)

from portal.venues import hooks, setup_views, thread_views, views  # noqa: E402,F401
