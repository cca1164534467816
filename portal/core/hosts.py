"""Refuse requests for hosts this portal does not serve, before any of the portal sees them.

Flask's TRUSTED_HOSTS alone makes such a request fail half-way (no URL adapter, so even the error page breaks);
this guard answers it whole: the friendly 400 page, rendered as if for PUBLIC_URL, with the usual headers.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import SecurityError
from werkzeug.wsgi import get_host


class HostGuard:
    """WSGI middleware: requests whose Host is not trusted get 400 and never reach the app."""

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        trusted = self.app.config.get("TRUSTED_HOSTS")
        if trusted:
            try:
                get_host(environ, trusted)
            except SecurityError:
                self.app.logger.info("refused a request for an unknown host")
                return self.refuse(environ, start_response)
        return self.wsgi_app(environ, start_response)

    def refuse(self, environ, start_response):
        from portal.core.errors import render_error

        headers = {"Accept-Language": environ.get("HTTP_ACCEPT_LANGUAGE", "")}
        with self.app.test_request_context("/", base_url=self.app.config["PUBLIC_URL"], headers=headers):
            response = self.app.process_response(self.app.make_response(render_error(400)))
        return response(environ, start_response)
