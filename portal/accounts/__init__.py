"""Accounts: users, roles, log-in, registration and password reset."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from portal.accounts import cli, desk_reset, hooks, mail_links, views  # noqa: E402,F401
