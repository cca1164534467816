"""The ideas box: ideas and talks residents propose, reactions ("ik kom", "ik help"), and what they became."""

from flask import Blueprint

bp = Blueprint("ideas", __name__)

from portal.ideas import hooks, views  # noqa: E402,F401
