"""The header's links, built once per language, page and role instead of on every request.

The links change only with the reader's language, the page shown (which link is marked current), and whether the
reader is logged in and may see the admin and kiosk pages. Building them costs a `url_for` and a translation per
link, about a third of a simple page; the result is kept per process in a small dict. Nothing personal goes in
(the log-out button with its CSRF token stays in the template).
"""

from flask import current_app, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from portal.core.registry import nav_items
from portal.permissions import has_role

_BUILT: dict[tuple, tuple[Markup, Markup]] = {}
_MOST = 4096  # languages x pages x roles stays far below this; the bound only guards against surprises


def header_links() -> tuple[Markup, Markup]:
    """Return the HTML of the links that stand in the header on a wide screen, and of all the menu's links."""
    user = current_user
    logged_in = bool(user and user.is_authenticated)
    key = (str(get_locale()), request.script_root, request.endpoint, request.blueprint, logged_in,
           logged_in and has_role(user, "admin"), logged_in and has_role(user, "librarian"))
    built = _BUILT.get(key)
    if built is None:
        module = current_app.jinja_env.get_template("_partials/nav_links.html").make_module(
            {"logged_in": logged_in, "is_admin": key[5], "is_librarian": key[6], "request": request,
             "nav_items": nav_items})
        built = (module.first_links, module.links)  # Markup: a block `set` in an autoescaped template
        if len(_BUILT) >= _MOST:
            _BUILT.clear()
        _BUILT[key] = built
    return built
