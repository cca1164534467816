"""Requests are hostile: links that leave the request come from PUBLIC_URL, unknown hosts are refused,
and a `next` target never leads to another site."""

import email
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from config import ProductionConfig, TestConfig
from portal import create_app
from tests.conftest import PASSWORD, TOKEN_RE

ROOT = Path(__file__).resolve().parent.parent.parent
HOSTILE_NEXT = [
    "//evil.example/x", "/%09/evil.example/x", "/\t/evil.example/x", "/\\evil.example", "\\\\evil.example",
    "/\\/evil.example", " //evil.example", "\t//evil.example", "%2F%2Fevil.example", "https://evil.example",
    "https:evil.example", "javascript:alert(1)", "JaVaScRiPt:alert(1)", "/\r\n/evil.example", "/%0D%0A/evil",
    "/x%0D%0ASet-Cookie:%20a=b", "\x00//evil.example", "/\x00/evil.example", "\x01//evil.example", "/\x0b/evil",
    "evil.example", "///evil.example", "/.\\evil.example", "data:text/html,hi", "/" + "a" * 5000,
]


def mails(app) -> list:
    return [email.message_from_bytes(path.read_bytes()) for path in Path(app.config["MAIL_FOLDER"]).glob("*.eml")]


def browser_reads(location: str):
    """Return the URL parts a browser would see in a Location header."""
    cleaned = re.sub("[\t\n\r]", "", location.strip("".join(chr(c) for c in range(0x21)))).replace("\\", "/")
    return cleaned, urlsplit(cleaned)


def assert_local(location: str) -> None:
    cleaned, parts = browser_reads(location)
    assert cleaned.startswith("/") and not cleaned.startswith("//"), location
    assert not parts.scheme and not parts.netloc, location


@pytest.mark.parametrize("headers", [{"Host": "evil.example"}, {"X-Forwarded-Host": "evil.example"},
                                     {"Host": "evil.example", "X-Forwarded-Proto": "http"}])
def test_reset_mail_links_never_follow_the_request_host(app, client, make_user, headers):
    """A forgot-password request with a foreign Host mails a link on PUBLIC_URL, never on that host."""
    make_user(email="lost@example.org")
    token = TOKEN_RE.search(client.get("/password/forgot", headers=headers).get_data(as_text=True)).group(1)
    response = client.post("/password/forgot", data={"email": "lost@example.org", "csrf_token": token},
                           headers=headers, csrf=False)
    assert response.status_code == 303
    [message] = mails(app)
    body = message.get_payload(decode=True).decode()
    assert "evil.example" not in body
    assert app.config["PUBLIC_URL"] + "/password/reset/" in body


def test_no_link_is_built_from_the_request_host():
    """No code or template builds an absolute address from the request (url_for _external, host_url)."""
    offenders = []
    for path in [*ROOT.joinpath("portal").rglob("*.py"), *ROOT.joinpath("templates").rglob("*.*")]:
        text = path.read_text(errors="ignore")
        for pattern in (r"\W_external=True", r"host_url\.rstrip", r"host_url \S ", r"url_root", r"request\.host \S "):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []


def test_qr_codes_lead_to_the_public_address(app, client):
    """QR codes for paper point at PUBLIC_URL whatever Host the printing browser used."""
    import segno

    expected = segno.make(app.config["PUBLIC_URL"] + "/rooms/1", error="m")
    response = client.get("/qr.svg?path=/rooms/1", headers={"Host": "evil.example"})
    assert response.status_code == 200
    out = __import__("io").BytesIO()
    expected.save(out, kind="svg", scale=4, border=2, xmldecl=False)
    assert response.data == out.getvalue()


def production_app(**overrides):
    settings = {"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://", "PUBLIC_URL": "https://buurt.example"}
    return create_app(ProductionConfig, **{**settings, **overrides})


@pytest.mark.parametrize("host", ["evil.example", "buurt.example.evil.example", "localhost", "127.0.0.1",
                                  "evil.example:443", "buurt.example@evil.example"])
def test_production_refuses_foreign_hosts(host):
    """In production a request for a host that is not configured gets the friendly 400 page."""
    client = production_app().test_client()
    response = client.get("/toegankelijkheid", base_url=f"https://{host}")
    assert response.status_code == 400
    assert "Content-Security-Policy" in response.headers and '<html lang="' in response.get_data(as_text=True)
    assert client.post("/login", base_url=f"https://{host}", data={}).status_code == 400


def test_production_serves_its_own_hosts():
    """PUBLIC_URL's host and the hosts in TRUSTED_HOSTS are served."""
    client = production_app(EXTRA_TRUSTED_HOSTS="localhost, www.buurt.example").test_client()
    for host in ("buurt.example", "localhost", "www.buurt.example", "BUURT.example"):
        assert client.get("/toegankelijkheid", base_url=f"https://{host}").status_code == 200, host


def test_forwarded_host_counts_only_behind_a_configured_proxy():
    """X-Forwarded-Host is ignored without PROXY_FIX_HOPS; behind a proxy it is checked like Host."""
    forwarded = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
    direct = production_app().test_client()
    response = direct.get("/toegankelijkheid", base_url="https://buurt.example", headers=forwarded)
    assert response.status_code == 200 and "evil.example" not in response.get_data(as_text=True)
    proxied = production_app(PROXY_FIX_HOPS=1).test_client()
    assert proxied.get("/toegankelijkheid", base_url="https://buurt.example", headers=forwarded).status_code == 400
    good = {"X-Forwarded-Host": "buurt.example", "X-Forwarded-Proto": "https"}
    assert proxied.get("/toegankelijkheid", base_url="http://10.0.0.2", headers=good).status_code == 200


def test_test_and_development_accept_any_host():
    """Outside production no host list is enforced (the demo runs on any address)."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert not app.config.get("TRUSTED_HOSTS")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_language_switch_never_leaves_the_site(client, target):
    """The language switch redirects only to a path on this site, and never answers 500."""
    response = client.get(f"/language/nl?next={quote(target, safe='%/:')}")
    assert response.status_code == 303
    assert_local(response.headers["Location"])


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_next_never_leaves_the_site(client, make_user, target):
    """After log-in (form or already logged in) `next` leads only to a path on this site, never a 500."""
    user = make_user()
    query = quote(target, safe="%/:")
    response = client.post(f"/login?next={query}", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 303
    assert_local(response.headers["Location"])
    again = client.get(f"/login?next={query}")
    assert again.status_code == 303
    assert_local(again.headers["Location"])
    hx = client.post("/logout")
    assert hx.status_code in (200, 303)


def test_the_raw_reproduction_goes_home(client):
    """`/language/nl?next=/%09/evil.example/x` leads home, not to //evil.example/x."""
    response = client.get("/language/nl?next=/%09/evil.example/x")
    assert response.headers["Location"] == "/"


def test_local_next_keeps_working(client, make_user):
    """A real path, with its query, still brings the person back."""
    response = client.get("/language/en?next=/rooms?week=2026-01-05")
    assert response.headers["Location"] == "/rooms?week=2026-01-05"
def test_print_back_link_never_follows_the_referer(client, make_initiative):
    """The print sheets are cached whole: their "Back" link must not come from one visitor's Referer header."""
    initiative = make_initiative()
    sheets = (("/applause/print", 'href="/applause"'),
              (f"/boards/{initiative.id}/print", f'href="/boards/{initiative.id}"'))
    for path, back in sheets:
        page = client.get(path, headers={"Referer": "http://localhost/account/data"}).get_data(as_text=True)
        assert "/account/data" not in page
        assert back in page
