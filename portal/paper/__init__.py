"""Paper: information for people who are not online. The weekly neighbourhood sheet ("Buurtbericht"), posters and
flyers, as print pages and as PDF made on the server. Paper is public: every feature gives its part through the
registry hooks `sheet_section` and `poster_source`, answering as to a visitor; paper never reads their models."""

from flask import Blueprint

bp = Blueprint("paper", __name__)

from portal.paper import digest_views, hooks, point_views, views  # noqa: E402,F401
