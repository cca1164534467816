"""The one place that reads htmx request headers and answers htmx in its own terms.

The rule: a fragment never shows as a whole page. A URL that answers a fragment answers everyone else with
its whole page (`render`) or a redirect to one (`fragment_or_redirect`). tests/test_whole_pages.py walks every
GET route without HX-Request to hold this.
"""

from typing import Any
from urllib.parse import urlsplit

from flask import flash, make_response, redirect, render_template, request
from markupsafe import escape
from werkzeug.wrappers import Response

from portal.messages import flash_at


def is_htmx() -> bool:
    """Tell whether this request was sent by htmx."""
    return request.headers.get("HX-Request") == "true"


def wants_fragment() -> bool:
    """Tell whether to answer a fragment: an htmx request that is not a boosted navigation."""
    return is_htmx() and request.headers.get("HX-Boosted") != "true"


def render(page: str, fragment: str | None = None, status: int = 200, **context: Any) -> Response:
    """Render the full page, or only `fragment` for htmx partial requests."""
    template = fragment if fragment and wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def fragment_or_redirect(fragment: str, page_url: str, **context: Any) -> Response:
    """Render `fragment` for htmx partial requests; send anyone else to the whole page at `page_url`."""
    if not wants_fragment():
        response = redirect(page_url, 303)
    else:
        response = make_response(render_template(fragment, **context))
    response.vary.add("HX-Request")
    return response


def page_path() -> str:
    """Return the path (and query) of the page in the browser: for htmx its HX-Current-URL, else this request's.

    A log-in asked for by a fragment must lead back to the page, never to the fragment's own URL.
    """
    if is_htmx():
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if current.path.startswith("/"):
            return current.path + (f"?{current.query}" if current.query else "")
        return "/"
    return request.full_path.rstrip("?")


def hx_redirect(location: str) -> Response:
    """Redirect: htmx ignores headers on a 3xx, so it gets 200 with HX-Redirect instead."""
    if is_htmx():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location, 303)


def action_response(fragment: str, redirect_to: str, message: str | None = None, category: str = "ok",
                    anchor: str | None = None, link: str | None = None, **context: Any) -> Response:
    """Answer a POST action: htmx gets `fragment` (and `message` out of band in the live region), others a 303
    redirect to `redirect_to` with `message` flashed, beside the element `anchor` when given.

    When the fragment shows the message itself (at the button), the live region still announces it to screen
    readers but is visually hidden, so the page does not show the same words twice.

    `category` is "ok", "info" or "error"; the fragment sees `message`, `category` and `link` too.
    """
    if wants_fragment():
        html = render_template(fragment, message=message, category=category, link=link, **context)
        if message:
            shown_at_action = str(escape(message)) in html
            html += render_template("_partials/message_oob.html", message=message, category=category,
                                    announce_only=shown_at_action)
        response = make_response(html)
        response.vary.add("HX-Request")
        return response
    if message and anchor:
        flash_at(anchor, message, category, link)
    elif message:
        flash(message, category)
    return redirect(redirect_to, 303)
