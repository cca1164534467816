"""Absolute addresses for links that leave the request: mails, QR codes, printed sheets.

They are built from the configured PUBLIC_URL alone, never from the request's Host header, which anyone can set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, url_for
from werkzeug.routing import MapAdapter


def public_url_for(endpoint: str, **values: Any) -> str:
    """Return the absolute address of `endpoint` on PUBLIC_URL (works inside and outside a request)."""
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    url = _adapter(current_app.config["PUBLIC_URL"]).build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url


def _adapter(public_url: str) -> MapAdapter:
    # Bound once per address (a sheet asks for twenty links; binding the URL map each time cost more than building).
    # An adapter only reads the map when it builds, so the app's workers and threads may share it.
    adapters = current_app.extensions.setdefault("public_url_adapters", {})
    adapter = adapters.get(public_url)
    if adapter is None:
        base = urlsplit(public_url)
        adapter = adapters[public_url] = current_app.url_map.bind(
            base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme or "https")
    return adapter


def public_address(path: str) -> str:
    """Return PUBLIC_URL joined with a local `path` ("/rooms/1")."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def public_hosts(config: Mapping[str, Any]) -> list[str]:
    """Return the host names this portal answers to: PUBLIC_URL's, plus the extra ones configured."""
    hosts = [urlsplit(config["PUBLIC_URL"]).hostname or ""]
    hosts += [host.strip() for host in config.get("EXTRA_TRUSTED_HOSTS", "").split(",") if host.strip()]
    return [host for host in dict.fromkeys(hosts) if host]


_MARKER = "918273645546372819"  # a stand-in id, found again in the URL url_for built with it
# Every ASCII character but letters and digits: url_for writes each its own way, which differs between a path and a
# query value, so `id_url(..., text=True)` asks it once for all of them instead of copying Werkzeug's rules.
_SIGNS = "".join(chr(code) for code in range(128) if not chr(code).isalnum())


def id_url(endpoint: str, name: str, *, inside: Callable[[Any], str] | None = None, text: bool = False,
           public: bool = False, **values: Any) -> Callable[[Any], str]:
    """Return a function giving url_for(endpoint, name=id, **values) for any id, by joining strings: a list builds
    the URL rule once a page instead of once a card. `inside`: a function of the id whose answer is the value (a
    log-in link whose `next` is the page of that id). `text`: the values are text, not ids, and each is escaped as
    url_for escapes it there (text beyond ASCII goes to url_for itself). `public`: public_url_for's address."""
    if text:
        return _text_url(endpoint, name, values)
    arguments: dict[str, Any] = {**values, name: inside(int(_MARKER)) if inside else int(_MARKER)}
    before, found, after = (public_url_for if public else url_for)(endpoint, **arguments).partition(_MARKER)
    assert found, endpoint  # noqa: S101 - a rule without the id in its path would need url_for per id
    return lambda ident: f"{before}{ident}{after}"


def _text_url(endpoint: str, name: str, values: dict[str, Any]) -> Callable[[str], str]:
    before, found, rest = url_for(endpoint, **{**values, name: _MARKER + _SIGNS + _MARKER}).partition(_MARKER)
    written, found_again, after = rest.partition(_MARKER)
    assert found and found_again, endpoint  # noqa: S101 - the value must stand in the URL as given
    table, position = {}, 0
    for sign in _SIGNS:  # each sign came out as itself, one other character ("+" for a space) or "%XX"
        width = 3 if written[position] == "%" else 1
        table[ord(sign)], position = written[position:position + width], position + width
    assert position == len(written), endpoint  # noqa: S101

    def build(value: str) -> str:
        if not value.isascii():
            return url_for(endpoint, **{**values, name: value})
        return f"{before}{value.translate(table)}{after}"

    return build
