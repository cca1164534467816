"""Events: one object for a celebration: a room (booked through the venue rules), the hands it needs (tasks on
the organising initiative's board), and an invitation with "Ik kom" that reaches everyone (agenda, feeds)."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from portal.events import hooks, views  # noqa: E402,F401
