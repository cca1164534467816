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


def id_url(endpoint: str, name: str, **values: Any) -> Callable[[int], str]:
    """Return a function giving url_for(endpoint, name=id, **values) for any id, by joining strings: a list builds
    the URL rule once a page instead of once a card."""
    arguments: dict[str, Any] = {**values, name: int(_MARKER)}
    before, found, after = url_for(endpoint, **arguments).partition(_MARKER)
    assert found, endpoint  # noqa: S101 - a rule without the id in its path would need url_for per id
    return lambda ident: f"{before}{ident}{after}"
