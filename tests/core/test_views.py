"""Home page, health check, language switch, error pages and response headers."""

import gzip

import pytest

from config import TestConfig
from portal import create_app
from portal.accounts.models import User
from portal.extensions import db
from tests.conftest import HX


def test_home_shows_neighbourhood(client):
    """The home page names the neighbourhood and invites people to join."""
    response = client.get("/")
    assert response.status_code == 200
    assert "Nellestein" in response.get_data(as_text=True)
    assert "Doe mee" in response.get_data(as_text=True)


def test_pages_are_dutch_first_and_switch_to_english(client):
    """Pages are Dutch by default; the language switch turns them English."""
    assert '<html lang="nl">' in client.get("/login").get_data(as_text=True)
    response = client.get("/language/en?next=/login")
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Forgot your password?" in page


def test_language_switch_refuses_foreign_next(client):
    """The language switch never redirects to another site."""
    response = client.get("/language/en?next=//evil.example/")
    assert response.headers["Location"] == "/"


def test_logged_in_language_is_kept_on_the_account(app, client, login_as):
    """Switching language while logged in stores it on the account."""
    user = login_as()
    client.get("/language/en?next=/")
    with app.app_context():
        assert db.session.get(User, user.id).language == "en"


def test_accessibility_statement(client):
    """The accessibility statement is public at /toegankelijkheid."""
    response = client.get("/toegankelijkheid")
    assert response.status_code == 200 and "WCAG 2.1" in response.get_data(as_text=True)


def test_healthz_ok(client):
    """The health check answers 200 when the database answers."""
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_healthz_reports_a_dead_database():
    """The health check answers 503 with a reason when the database does not answer."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none",
                     SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 2}})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error" and "database" in response.json["reason"]


@pytest.mark.parametrize("language, text", [("nl", "Pagina niet gevonden"), ("en", "Page not found")])
def test_friendly_404_in_the_readers_language(client, language, text):
    """Unknown addresses get a friendly page in the reader's language."""
    client.get(f"/language/{language}?next=/")
    response = client.get("/no/such/page")
    assert response.status_code == 404 and text in response.get_data(as_text=True)


def test_500_leaks_no_trace():
    """A server error shows a plain page without the exception."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://", PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom-for-test")
    body = response.get_data(as_text=True)
    assert response.status_code == 500 and "secret internals" not in body and "Traceback" not in body


@pytest.mark.parametrize("path", ["/", "/login", "/no/such/page", "/healthz"])
def test_security_headers_on_every_response(client, path):
    """Pages, errors and JSON all carry the security header set."""
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "img-src 'self';" in csp and "data:" not in csp  # no data: images: the CSP allows images from this site only
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_security_headers_on_fragments(client):
    """htmx requests get the same headers."""
    headers = client.get("/", headers=HX).headers
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_production_sends_hsts_and_host_cookie(monkeypatch):
    """Production adds HSTS and a __Host- session cookie that is Secure and HttpOnly."""
    from config import ProductionConfig
    app = create_app(ProductionConfig, SECRET_KEY="x" * 40, SQLALCHEMY_DATABASE_URI="sqlite://",
                     PUBLIC_URL="https://localhost")
    client = app.test_client()
    response = client.get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=") and "Secure" in cookie and "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.mark.parametrize("key", [None, "", "dev-only-not-secret"])
def test_production_refuses_a_missing_or_default_secret_key(key):
    """Production will not start without a real SECRET_KEY, and says so in one line."""
    from config import ProductionConfig
    with pytest.raises(SystemExit) as stopped:
        create_app(ProductionConfig, SECRET_KEY=key, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert "SECRET_KEY" in str(stopped.value) and "\n" not in str(stopped.value)


def test_pages_are_compressed(client):
    """Pages are gzipped or brotli-compressed when the browser asks."""
    response = client.get("/toegankelijkheid", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"WCAG" in gzip.decompress(response.data)
    response = client.get("/toegankelijkheid", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]


def test_static_files_are_versioned_and_cached_long(client):
    """The layout links static files with a content hash; those answer with a one-year cache."""
    page = client.get("/").get_data(as_text=True)
    assert "/static/css/portal.css?v=" in page and "/static/vendor/htmx-2.0.11.min.js?v=" in page
    href = page.split('href="/static/css/portal.css?v=')[1].split('"')[0]
    response = client.get(f"/static/css/portal.css?v={href}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    assert response.headers["Content-Encoding"] == "gzip"


def test_htmx_is_configured_safely(client):
    """The layout configures htmx without eval, script tags, inline styles or a history cache."""
    page = client.get("/").get_data(as_text=True)
    for setting in ('"allowEval":false', '"allowScriptTags":false', '"includeIndicatorStyles":false',
                    '"historyCacheSize":0', '"selfRequestsOnly":true'):
        assert setting in page


def test_request_bodies_are_capped(client):
    """Requests over the body cap get 413."""
    response = client.post("/login", data={"email": "x" * (13 * 1024 * 1024)}, csrf=False)
    assert response.status_code == 413
