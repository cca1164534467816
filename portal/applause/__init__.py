"""The applause machine: shout-outs that thank the people who make the neighbourhood work."""

from flask import Blueprint

bp = Blueprint("applause", __name__)

from portal.applause import hooks, views  # noqa: E402,F401
