"""A short micro-cache of whole public pages for visitors who are not logged in.

Public pages (the feed, the wall, a room's week, the boards) are the same for every visitor who is not logged in,
in the same language. Rendering one costs a few milliseconds; serving it again from memory costs almost nothing,
so a burst of visitors, or the screens in the buurthuis, cost the server no more than one. A page is kept for
PAGE_CACHE_SECONDS (a few seconds): a new clap shows to visitors that much later; people who are logged in always
get fresh pages. Each worker keeps its own small cache; nothing personal is ever stored: a request with a
log-in, a kiosk cookie or a message waiting for the visitor is never served from or written to the cache.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, current_app, g, request, session

from portal.htmx import is_htmx, wants_fragment
from portal.i18n import select_locale

MAX_ENTRIES = 512
MAX_BODY = 256 * 1024

_pages: OrderedDict[tuple, tuple[float, int, bytes, list]] = OrderedDict()
# Cookies that make a visitor's pages their own (the kiosk's device cookie): features register them with
# `never_with_cookie`, so this module names no feature.
_PRIVATE_COOKIES: set[str] = set()


def never_with_cookie(*names: str) -> None:
    """Never serve or store a cached page for a request that carries one of these cookies."""
    _PRIVATE_COOKIES.update(names)


def cacheable(view: Callable) -> Callable:
    """Mark a view whose page is the same for every visitor who is not logged in, so it may be kept whole.

    Each feature marks its own public pages (put it under the route decorator); this module names none.
    """
    view.page_cacheable = True  # type: ignore[attr-defined]
    return view


def is_cacheable(endpoint: str | None) -> bool:
    """Tell whether the view of `endpoint` was marked with @cacheable."""
    view = current_app.view_functions.get(endpoint or "")
    return bool(getattr(view, "page_cacheable", False))


def clear() -> None:
    """Forget every cached page (tests use this)."""
    _pages.clear()


def _key() -> tuple | None:
    if request.method != "GET" or not is_cacheable(request.endpoint):
        return None
    if "_user_id" in session or "_flashes" in session or "sid" in session:
        return None
    if not _PRIVATE_COOKIES.isdisjoint(request.cookies):
        return None
    encodings = request.accept_encodings
    encoding = "br" if encodings["br"] else "gzip" if encodings["gzip"] else ""
    # Pages carry absolute links (feeds, QR codes, printed sheets), so the scheme and host are part of the key:
    # a request with a strange Host header can only ever fill its own entry, never what others are served.
    return (request.scheme, request.host, request.full_path, select_locale(), is_htmx(), wants_fragment(), encoding)


def init_app(app: Flask) -> None:
    """Serve and store cached pages. Call before the response rules, so pages are stored as sent."""

    @app.before_request
    def serve_cached():
        seconds = app.config.get("PAGE_CACHE_SECONDS", 0)
        if not seconds:
            return None
        key = _key()
        if key is None:
            return None
        hit = _pages.get(key)
        if hit and hit[0] > time.monotonic():
            g.page_cache_hit = True
            _expires, status, body, headers = hit
            return app.response_class(body, status=status, headers=headers)
        g.page_cache_key = key
        return None

    @app.after_request
    def store(response):
        key = g.pop("page_cache_key", None)
        if (key is None or response.status_code != 200 or session.modified or response.direct_passthrough
                or "Set-Cookie" in response.headers or response.is_streamed):
            return response
        body = response.get_data()
        if len(body) <= MAX_BODY:
            headers = [(name, value) for name, value in response.headers.items() if name != "Content-Length"]
            _pages[key] = (time.monotonic() + app.config["PAGE_CACHE_SECONDS"], 200, body, headers)
            _pages.move_to_end(key)
            while len(_pages) > MAX_ENTRIES:
                _pages.popitem(last=False)
        return response
