"""Initiatives: the neighbourhood's working groups, their members, and the one rule of who sees what."""

from flask import Blueprint

bp = Blueprint("initiatives", __name__)

from portal.initiatives import choices, collaboration, hooks, network, together, views  # noqa: E402,F401
