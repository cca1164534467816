"""Friendly error pages in the reader's language, leaking no trace."""

from flask import render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from portal.core import bp
from portal.extensions import db
from portal.htmx import action_response, is_htmx, wants_fragment

MESSAGES = {
    400: lambda: (_("Something went wrong with this request"), _("Go back and try again.")),
    403: lambda: (_("You may not do this"), _("Your account does not have permission for this page.")),
    404: lambda: (_("Page not found"), _("This page does not exist (any more). Check the address, "
                                         "or start again from the home page.")),
    405: lambda: (_("This does not work like this"), _("Go back and use the buttons on the page.")),
    413: lambda: (_("This file is too large"), _("Choose a smaller file (at most 10 MB).")),
    429: lambda: (_("Too many tries"), _("Wait a few minutes and try again.")),
    500: lambda: (_("Something went wrong on our side"), _("Try again in a moment. "
                                                            "We have been told about the problem.")),
}


def render_error(code: int):
    """Render the error page for `code`; for htmx a message in place of what it was about to change (a whole page
    with its header inside a card is no answer), repeated in the live region for screen readers."""
    title, text = MESSAGES.get(code, MESSAGES[500])()
    if wants_fragment():
        # The message as an action's answer: in place, and out of band in the live region.
        response = action_response("_partials/message.html", "", f"{title}. {text}", "error")
        response.status_code = code
        return response
    return render_template("errors/error.html", code=code, title=title, text=text), code


@bp.app_errorhandler(CSRFError)
def csrf_error(error):
    """A missing or old form token: htmx reloads the page, others see why."""
    if is_htmx():
        return "", 400, {"HX-Refresh": "true"}
    title = _("This form was open too long")
    text = _("For your safety the form has expired. Go back, reload the page and try again.")
    return render_template("errors/error.html", code=400, title=title, text=text), 400


def _register(code: int):
    @bp.app_errorhandler(code)
    def handler(error):
        if code == 500:
            db.session.rollback()
        # An error that brings its own answer (a rate limit's `on_breach` that keeps the form as it was filled in)
        # is answered with it.
        own = getattr(error, "response", None)
        if own is not None:
            return own
        return render_error(code)
    handler.__name__ = f"error_{code}"
    return handler


for _code in MESSAGES:
    _register(_code)
