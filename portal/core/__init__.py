"""Core: home page, health check, language switch, accessibility statement and error pages."""

from flask import Blueprint

bp = Blueprint("core", __name__)

from portal.core import errors, views  # noqa: E402,F401
