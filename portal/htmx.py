"""The one place that reads htmx request headers and answers htmx in its own terms."""

from flask import make_response, redirect, render_template, request


def is_htmx() -> bool:
    """Tell whether this request was sent by htmx."""
    return request.headers.get("HX-Request") == "true"


def wants_fragment() -> bool:
    """Tell whether to answer a fragment: an htmx request that is not a boosted navigation."""
    return is_htmx() and request.headers.get("HX-Boosted") != "true"


def render(page: str, fragment: str | None = None, status: int = 200, **context):
    """Render the full page, or only `fragment` for htmx partial requests."""
    template = fragment if fragment and wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def hx_redirect(location: str):
    """Redirect: htmx ignores headers on a 3xx, so it gets 200 with HX-Redirect instead."""
    if is_htmx():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location, 303)
