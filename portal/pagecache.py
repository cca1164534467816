"""A short micro-cache of whole public pages for visitors who are not logged in.

Public pages (the feed, the wall, a room's week, the boards) are the same for every visitor who is not logged in,
in the same language. Rendering one costs a few milliseconds; serving it again from memory costs almost nothing,
so a burst of visitors, or the screens in the buurthuis, cost the server no more than one. A page is kept for
PAGE_CACHE_SECONDS (a few seconds): a new clap shows to visitors that much later; people who are logged in always
get fresh pages. Each worker keeps its own small cache; nothing personal is ever stored: a request with a
log-in, a kiosk cookie or a message waiting for the visitor is never served from or written to the cache.

The same pages answer conditional GETs, across workers and machines: each carries an ETag made of the data version
(one number in the database that every write to something a page shows raises, portal/db.py), the build (code,
templates, static files, settings), everything the cache key above holds, and the clock (the local date and a slot
of PAGE_ETAG_MINUTES). A browser, a phone or the wall that reloads with If-None-Match gets "304 Not Modified" after
one small query, without the page being made, even when this worker has never seen the page. A page that says how
long it may be kept (Cache-Control) declares it with its mark, @cacheable(cache_control=...), so that every worker's
304 says the same as the full page (RFC 9110, 15.4.5), whether or not it has made the page before.

A page that shows only a few rows the database stamps with every change of them (a room's iCalendar feed: the
room's change stamp) names its own version source instead, @cacheable(version=...): its ETag is made of that
version, the build and the key, so writes elsewhere leave it alone, and its kept page is served for as long as the
version stays (one small query), however many seconds that is.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, request, session
from werkzeug.http import remove_entity_headers

from portal.db import read_data_version, utcnow
from portal.extensions import db
from portal.htmx import is_htmx, wants_fragment
from portal.i18n import select_locale

MAX_ENTRIES = 512
# What a worker keeps is bounded in bytes, not only in pages: one page may be as large as a room's iCalendar feed of
# five years sent uncompressed (430 KB; a calendar app that does not accept gzip polls it all day), and all pages
# together stay within a few megabytes, however large the ones kept.
MAX_BODY = 1024 * 1024
MAX_BYTES = 16 * 1024 * 1024

# key -> (kept until, status, body, headers, the ETag of its version for a page with its own version source)
_pages: OrderedDict[tuple, tuple[float, int, bytes, list, str | None]] = OrderedDict()
_kept_bytes = 0  # the bodies in _pages, together
# Cookies that make a visitor's pages their own (the kiosk's device cookie): features register them with
# `never_with_cookie`, so this module names no feature.
_PRIVATE_COOKIES: set[str] = set()
# Everything that makes the pages besides the data; settings that are secrets stay out of the hash.
_BUILD_PARTS = ("portal", "templates", "static", "migrations", "config.py", "pyproject.toml")
_SECRET_SETTING = re.compile("SECRET|PASSWORD|TOKEN|DATABASE|_URI$")
MAX_IF_NONE_MATCH = 2048
ENCODED = ("", "-gzip", "-br")  # portal.web.compress adds the encoding to the ETag of a body it compresses


@dataclass(frozen=True)
class Version:
    """What a page with its own version source shows, as the source tells it."""

    token: str  # all it shows that the key and build do not say: its rows' stamps (and the day, if it follows it)
    last_modified: datetime | None = None  # when it last changed, in whole seconds; None: too recently to say


def never_with_cookie(*names: str) -> None:
    """Never serve or store a cached page for a request that carries one of these cookies."""
    _PRIVATE_COOKIES.update(names)


def cacheable(view: Callable | None = None, *, cache_control: str | None = None,
              version: Callable[..., Version | None] | None = None) -> Callable:
    """Mark a view whose page is the same for every visitor who is not logged in, so it may be kept whole.

    Each feature marks its own public pages (put it under the route decorator); this module names none.
    `@cacheable(cache_control="public, max-age=300")` gives the page that Cache-Control (instead of "no-cache"),
    on the full page and on every 304 alike; the view sets none itself. `@cacheable(version=source)`: the page's
    version is `source(**view_args)` (None: no such page, the view answers), not the data version and the clock.
    """
    def mark(view: Callable) -> Callable:
        if cache_control or version:
            view = _declared(view, cache_control)
        view.page_cacheable = True  # type: ignore[attr-defined]
        view.page_cache_control = cache_control  # type: ignore[attr-defined]
        view.page_version = version  # type: ignore[attr-defined]
        return view

    return mark(view) if view is not None else mark


def _declared(view: Callable, cache_control: str | None) -> Callable:
    """Give the view's answer what its mark declares: its Cache-Control, and the ETag and Last-Modified of its own
    version (here, before the response rules compress the body and add the encoding to the ETag)."""
    @functools.wraps(view)
    def answer(*args, **kwargs):
        response = current_app.make_response(view(*args, **kwargs))
        if cache_control:
            response.headers.setdefault("Cache-Control", cache_control)
        stamp = g.pop("page_stamp", None)
        if stamp and response.status_code == 200 and "ETag" not in response.headers:
            response.set_etag(stamp[0])
            response.vary.add("HX-Request")
            _tell_last_modified(response, stamp[1])
        return response

    return answer


def _marked(endpoint: str | None, name: str):
    """Return what the @cacheable mark of the view of `endpoint` says of `name` (None when unmarked)."""
    return getattr(current_app.view_functions.get(endpoint or ""), name, None)


def is_cacheable(endpoint: str | None) -> bool:
    """Tell whether the view of `endpoint` was marked with @cacheable."""
    return bool(_marked(endpoint, "page_cacheable"))


def clear() -> None:
    """Forget every cached page (tests use this)."""
    global _kept_bytes
    _pages.clear()
    _kept_bytes = 0


def _keep(key: tuple, entry: tuple[float, int, bytes, list, str | None]) -> None:
    """Keep `entry` under `key` as the newest page, and forget the oldest until the pages fit in the bounds."""
    global _kept_bytes
    before = _pages.pop(key, None)
    if before is not None:
        _kept_bytes -= len(before[2])
    _pages[key] = entry
    _kept_bytes += len(entry[2])
    while len(_pages) > MAX_ENTRIES or _kept_bytes > MAX_BYTES:
        _kept_bytes -= len(_pages.popitem(last=False)[1][2])


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


def data_version() -> int | None:
    """Return the data version, read once a request (None while the database is not migrated)."""
    if "data_version" not in g:
        g.data_version = read_data_version(db.session)
    return g.data_version


@lru_cache(maxsize=8)
def _files_digest(root: str) -> str:
    """Hash the files that make the pages (by content, so every worker and machine of one release agrees)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in _BUILD_PARTS:
        base = Path(root) / part
        for path in sorted([base] if base.is_file() else base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _build(app: Flask) -> str:
    """Return what identifies this release and its settings, worked out once per app."""
    build = app.extensions.get("page_etag_build")
    if build is None:
        settings = sorted((name, repr(value)) for name, value in app.config.items()
                          if _plain(value) and not _SECRET_SETTING.search(name))
        build = app.extensions["page_etag_build"] = f"{_files_digest(str(Path(app.root_path).parent))}|{settings}"
    return build


def _plain(value) -> bool:
    """Tell whether a setting's repr is the same in every process (no object addresses in it)."""
    if isinstance(value, (tuple, list)):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, (str, int, float, bool))


def _clock(minutes: int) -> str:
    """Return the local date and the slot of `minutes` it is now: pages that follow the clock change with it."""
    now = utcnow()
    local = now.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
    return f"{local.date().isoformat()}/{int(now.timestamp()) // (60 * minutes)}"


def etag_for(key: tuple, minutes: int) -> str | None:
    """Return the ETag of the page that `key` names, as it would be made now (None without a data version)."""
    version = data_version()
    if version is None:
        return None
    made_of = f"{version}|{_build(current_app)}|{key!r}|{_clock(minutes)}"
    return hashlib.blake2b(made_of.encode(), digest_size=16).hexdigest()


def matches(header: str | None, etag: str) -> bool:
    """Tell whether an If-None-Match header names `etag` (weakly, as RFC 9110 says); "*" for any when `etag` is "*".

    Read by hand, linearly: any header, however long or strange, costs at most a few comparisons."""
    if not header or len(header) > MAX_IF_NONE_MATCH:
        return False
    wanted = ("*",) if etag == "*" else (f'"{etag}"', f'W/"{etag}"')
    return any(part.strip() in wanted for part in header.split(",", 32))


def _not_modified(app: Flask, etag: str, cache_control: str | None, last_modified: datetime | None = None):
    """Answer 304 with the headers the full page would carry (the response rules add the rest)."""
    response = app.response_class(status=304)
    response.set_etag(etag)
    response.vary.add("HX-Request")
    _tell_last_modified(response, last_modified)
    if cache_control:
        response.headers["Cache-Control"] = cache_control
    return response


def _tell_last_modified(response, moment: datetime | None) -> None:
    """Say when the page last changed, or nothing (werkzeug would say "now" for None)."""
    if moment is None:
        response.headers.pop("Last-Modified", None)
    else:
        response.last_modified = moment


def _held(etag: str, last_modified: datetime | None) -> str | None:
    """Return the ETag the client holds when it has this version (as sent, compressed or not), else None.

    If-None-Match decides when it is there; If-Modified-Since only without it (RFC 9110, 13.2.2)."""
    asked = request.headers.get("If-None-Match")
    if asked is not None:
        if matches(asked, "*"):  # the version source found the page: it exists
            return etag
        return next((etag + suffix for suffix in ENCODED if matches(asked, etag + suffix)), None)
    try:
        since = request.if_modified_since
    except OverflowError:  # a year no number holds: portal.web forgets such dates, but after this runs
        since = None
    return etag if since is not None and last_modified is not None and last_modified <= since else None


def _versioned(app: Flask, key: tuple, source: Callable[..., Version | None], seconds: int, minutes: int):
    """Answer a page with its own version source: 304 when the client holds this version, the kept page while it is
    this version, else leave it to the view (which then carries the ETag, and is kept)."""
    version = source(**(request.view_args or {}))
    if version is None:
        return None
    made_of = f"{version.token}|{_build(app)}|{key!r}"
    etag = hashlib.blake2b(made_of.encode(), digest_size=16).hexdigest()
    cache_control = _marked(request.endpoint, "page_cache_control")
    if minutes:
        held = _held(etag, version.last_modified)
        if held:
            return _not_modified(app, held, cache_control, version.last_modified)
        g.page_stamp = (etag, version.last_modified)
    kept = _pages.get(key) if seconds else None
    if kept and kept[4] == etag:
        g.page_cache_hit = True
        response = app.response_class(kept[2], status=kept[1], headers=kept[3])
        if minutes:
            _tell_last_modified(response, version.last_modified)  # a change settles after its page was kept
        return response
    if seconds:
        g.page_cache_key, g.page_version = key, etag
    return None


def init_app(app: Flask) -> None:
    """Serve and store cached pages, and answer conditional GETs. Call before the response rules, so pages are
    stored as sent."""

    @app.before_request
    def serve_cached():
        seconds = app.config.get("PAGE_CACHE_SECONDS", 0)
        minutes = app.config.get("PAGE_ETAG_MINUTES", 0)
        if not (seconds or minutes):
            return None
        key = _key()
        if key is None:
            return None
        source = _marked(request.endpoint, "page_version")
        if source is not None:
            return _versioned(app, key, source, seconds, minutes)
        asked = request.headers.get("If-None-Match")
        hit = _pages.get(key) if seconds else None
        if hit and hit[0] > time.monotonic():
            g.page_cache_hit = True
            _expires, status, body, headers, _version = hit
            response = app.response_class(body, status=status, headers=headers)
            etag = response.get_etag()[0]
            if etag and (matches(asked, etag) or matches(asked, "*")):  # a kept page is one that exists
                return _not_modified(app, etag, response.headers.get("Cache-Control"))
            return response
        if seconds:
            g.page_cache_key = key
        if minutes:
            etag = etag_for(key, minutes)
            if etag and matches(asked, etag):
                return _not_modified(app, etag, _marked(request.endpoint, "page_cache_control"))
            g.page_etag = etag
        return None

    @app.after_request
    def store(response):
        key, etag, version = g.pop("page_cache_key", None), g.pop("page_etag", None), g.pop("page_version", None)
        if (key is None and etag is None) or (
                response.status_code != 200 or session.modified or response.direct_passthrough
                or "Set-Cookie" in response.headers or response.is_streamed):
            return response
        if etag and "ETag" not in response.headers:
            response.set_etag(etag)
            response.vary.add("HX-Request")
            if matches(request.headers.get("If-None-Match"), "*"):
                # "*" matches only a page that exists, which shows once it is made (a 404 stays a 404).
                response.status_code = 304
                response.set_data(b"")
                remove_entity_headers(response.headers)
                return response
        if key is None:
            return response
        body = response.get_data()
        if len(body) <= MAX_BODY:
            headers = [(name, value) for name, value in response.headers.items() if name != "Content-Length"]
            _keep(key, (time.monotonic() + app.config["PAGE_CACHE_SECONDS"], 200, body, headers, version))
        return response
