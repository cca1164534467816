"""What every response gets: security headers, cache rules, versioned static URLs and compression."""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import brotli
from flask import Flask, g, request, session, url_for
from werkzeug.urls import iri_to_uri

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; manifest-src 'self'"
)
# A page other sites may show in a frame (an embeddable agenda): the same policy, framing allowed. Only views
# marked with @frameable get it; every other response refuses framing (CSP and X-Frame-Options for old browsers).
FRAMEABLE_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")
BASE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "geolocation=(), camera=(), microphone=()",
}
FRAMEABLE_HEADERS = {**{name: value for name, value in BASE_HEADERS.items() if name != "X-Frame-Options"},
                     "Content-Security-Policy": FRAMEABLE_CSP, "Cross-Origin-Resource-Policy": "cross-origin"}
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/atom+xml",
                "image/svg+xml", "application/xml")
MIN_COMPRESS_SIZE = 512
YEAR = 365 * 24 * 3600


# What a browser removes from a URL before reading it (WHATWG URL standard): C0 controls and spaces at both
# ends, tabs and newlines anywhere; it reads a backslash as a slash.
_BROWSER_TRIMS = "".join(chr(code) for code in range(0x21))
_BROWSER_DROPS = re.compile("[\t\n\r]")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def local_path(target: str | None, default: str) -> str:
    """Return `target` when it is a path on this site ("/..."), else `default`: never send people elsewhere.

    The target is read as a browser reads it: `/%09/evil.example` (a tab) or `/\\evil.example` is no path here.
    """
    cleaned = _BROWSER_DROPS.sub("", (target or "").strip(_BROWSER_TRIMS)).replace("\\", "/")
    if not cleaned.startswith("/") or cleaned.startswith("//") or _CONTROL.search(cleaned):
        return default
    parts = urlsplit(cleaned)
    if parts.scheme or parts.netloc:
        return default
    return iri_to_uri(cleaned)


def link_target(text: str | None) -> str | None:
    """Return where a typed address may be a link: a path on this site, or an http(s) address with a host; None
    for anything else (javascript:, data:, "//host", plain words), which is then shown as text."""
    value = (text or "").strip()
    path = local_path(value, "")
    if path:
        return path
    if _CONTROL.search(value) or any(space in value for space in " \u00a0"):
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() in ("http", "https") and parts.hostname:
        return iri_to_uri(value)
    return None


def back_to(default: str, anchor: str) -> str:
    """Return where a plain form goes back to: its `next` field (a path on this site) or `default`, at `#anchor`."""
    target = local_path(request.form.get("next"), default)
    return f"{target.split('#')[0]}#{anchor}"


def frameable(view: Callable) -> Callable:
    """Mark a view whose page other sites may show in a frame (it must show public content only, no forms)."""
    view.frameable = True  # type: ignore[attr-defined]
    return view


def _is_frameable(app: Flask, response) -> bool:
    view = app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "frameable", False)) and 200 <= response.status_code < 300


def init_app(app: Flask) -> None:
    """Install the response rules and the `static_url()` template helper."""
    static_root = Path(app.static_folder)

    @lru_cache(maxsize=256)
    def file_version(filename: str) -> str:
        return hashlib.sha256((static_root / filename).read_bytes()).hexdigest()[:12]

    @lru_cache(maxsize=256)
    def _static_url(script_root: str, filename: str) -> str:
        return url_for("static", filename=filename, v=file_version(filename))

    def static_url(filename: str) -> str:
        """Return the URL of a static file with its content hash, so it can be cached for a year (built once per
        file and mount point: every page asks for the same few)."""
        return _static_url(request.script_root, filename)

    app.jinja_env.globals["static_url"] = static_url

    @app.before_request
    def forget_impossible_dates():
        # werkzeug reads these dates with email.utils, and lets an OverflowError through for a year no number holds
        # ("Thu, 01 Jan 99999999999999999999 ..."): a static file's conditional GET answered 500. A date that cannot
        # be read counts as absent (RFC 9110, 13.1.3).
        for key in ("HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_RANGE"):
            value = request.environ.get(key)
            if value is not None:
                try:
                    email.utils.parsedate_to_datetime(value)
                except OverflowError:
                    del request.environ[key]
                except (TypeError, ValueError):
                    pass  # werkzeug itself reads these as "no date" (an If-Range may hold an ETag)

    @app.after_request
    def secure_headers(response):
        # Whether the answer is personal: read from the signed cookie, so a request that never needed the
        # person (such as /ping) does not load them from the database just to set this header.
        logged_in = request.endpoint != "static" and (session.get("_user_id") is not None or _user_loaded())
        if g.get("session_ended") and "Clear-Site-Data" not in response.headers:
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
        for name, value in (FRAMEABLE_HEADERS if _is_frameable(app, response) else BASE_HEADERS).items():
            response.headers.setdefault(name, value)
        if app.config.get("SECURE_HEADERS_HSTS"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint == "static":
            if request.args.get("v"):
                response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        elif logged_in:
            response.headers["Cache-Control"] = "no-store"
        elif "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache"
        return compress(response)


def _user_loaded() -> bool:
    """Tell whether this request loaded a logged-in person (Flask-Login keeps them on `g` once loaded)."""
    user = g.get("_login_user")
    return user is not None and user.is_authenticated


_static_cache: dict[tuple, bytes] = {}


def _compressed_static(key: tuple, data: bytes) -> bytes:
    """Compress a static file once per version and encoding, not on every request."""
    if key not in _static_cache:
        if len(_static_cache) > 256:
            _static_cache.clear()
        _static_cache[key] = _encode(data, key[-1])
    return _static_cache[key]


def _encode(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=5)
    return gzip.compress(data, compresslevel=6)


def _choose_encoding() -> str | None:
    accepted = request.accept_encodings
    if accepted["br"]:
        return "br"
    if accepted["gzip"]:
        return "gzip"
    return None


def compress(response):
    """Compress text responses with brotli or gzip when the browser accepts it."""
    response.vary.add("Accept-Encoding")
    if (
        response.status_code < 200 or 300 <= response.status_code < 400 or response.status_code == 204
        or "Content-Encoding" in response.headers
        or not (response.mimetype or "").startswith(COMPRESSIBLE)
        or request.method == "HEAD"
    ):
        return response
    encoding = _choose_encoding()
    if encoding is None or response.is_streamed and not response.direct_passthrough:
        return response
    response.direct_passthrough = False
    source = response.response
    data = response.get_data()
    if hasattr(source, "close"):
        source.close()  # a static file's handle: its bytes are read now
    if len(data) < MIN_COMPRESS_SIZE:
        return response
    if request.endpoint == "static" and response.get_etag()[0]:
        body = _compressed_static((request.path, response.get_etag()[0], encoding), data)
    else:
        body = _encode(data, encoding)
    response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(f"{etag}-{encoding}", weak)
    return response
