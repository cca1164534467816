"""One voice (buurtstem): the neighbourhood answers a question together, and carries the answer to the city."""

from flask import Blueprint

bp = Blueprint("voice", __name__)

from portal.voice import hooks, views  # noqa: E402,F401
