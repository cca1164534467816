"""Kiosk mode: the shared computer in the buurthuis, safe for walk-in residents and librarians."""

from flask import Blueprint

bp = Blueprint("kiosk", __name__)

from portal.kiosk import desk_views, device_views, hooks, screen_views, views, voice_views  # noqa: E402,F401
