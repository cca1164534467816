"""Absolute addresses for links that leave the request: mails, QR codes, printed sheets.

They are built from the configured PUBLIC_URL alone, never from the request's Host header, which anyone can set.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
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
