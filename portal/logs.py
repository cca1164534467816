"""One log line per request, and a request id that a resident can quote from the error page.

The line is `key=value` pairs, easy to read and to parse: `rid=... method=GET path=/rooms/3 status=200 ms=4.1
user=12`. The path never carries the query string, and route arguments whose name holds "token" are hidden,
so passwords, reset links and tokens never reach a log. A request id sent by a trusted proxy (X-Request-ID,
only when PROXY_FIX_HOPS says a proxy is there) is kept, so the proxy's and our lines can be joined.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
import time

from flask import Flask, Response, g, request

log = logging.getLogger("buurtbouw.requests")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id() -> str:
    """Return this request's id (made on first use)."""
    if "request_id" not in g:
        sent = request.headers.get("X-Request-ID", "")
        trusted = REQUEST_ID.fullmatch(sent) and request.environ.get("werkzeug.proxy_fix.orig")
        g.request_id = sent if trusted else secrets.token_hex(8)
    return g.request_id


def safe_path() -> str:
    """Return the path of this request with token-like route arguments hidden (never the query string)."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if "token" in name and isinstance(value, str) and value:
            path = path.replace(value, "[hidden]")
    return path


def init_app(app: Flask) -> None:
    """Time every request, give it an id, and write one line when it ends."""
    if app.config.get("REQUEST_LOG", True) and not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)

    @app.before_request
    def start_clock() -> None:
        g.request_started = time.perf_counter()
        request_id()

    @app.after_request
    def write_line(response: Response) -> Response:
        started = g.get("request_started")
        if started is not None and request.endpoint != "static":
            # The person only when this request loaded them anyway: logging must not cost a query of its own.
            loaded = g.get("_login_user")
            user = loaded.get_id() if loaded is not None and loaded.is_authenticated else "-"
            log.info("rid=%s method=%s path=%s status=%s ms=%.1f user=%s", request_id(), request.method,
                     safe_path(), response.status_code, (time.perf_counter() - started) * 1000, user)
        response.headers["X-Request-ID"] = request_id()
        return response

    app.jinja_env.globals["request_id"] = request_id
