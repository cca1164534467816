"""Boards: initiatives (working groups) with their task board, claims, and the load guard."""

from flask import Blueprint

bp = Blueprint("boards", __name__)

from portal.boards import hooks, task_views, views  # noqa: E402,F401
