"""Shout-outs shared without an app: links on the shout-out's own page, a small link to them on the feed, the
names as public views show them, nothing of members-only groups or hidden shout-outs."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from portal.extensions import db

SECRET = "Dank voor het geheime overleg"


@pytest.fixture
def private_group(make_group):
    """Return a members-only initiative."""
    return make_group("Besloten club", visibility="members")


def _whatsapp_text(page: str) -> str:
    return unquote(page.split("https://wa.me/?text=", 1)[1].split('"', 1)[0])


def test_shout_page_has_share_links_with_the_thanks_and_public_address(app, client, make_shout):
    """A shout-out's page has WhatsApp, Telegram and e-mail links with who is thanked, the message and its public
    address (never the request's host), and the same text to copy for a group chat."""
    shout = make_shout("Dank voor de stoelen!", thanked_name="Fatima")
    page = client.get(f"/applause/{shout.id}", headers={"Host": "evil.example"}).get_data(as_text=True)
    public = app.config["PUBLIC_URL"].rstrip("/") + f"/applause/{shout.id}"
    assert _whatsapp_text(page) == f"Bedankt, Fatima!\nDank voor de stoelen!\n{public}"
    assert "https://t.me/share/url?url=" in page and "mailto:?subject=Bedankt%2C%20Fatima%21" in page
    assert 'id="share"' in page and "evil.example" not in page.split('id="share"')[1]


def test_feed_cards_link_to_the_share_links(client, make_shout, private_group, login_as, app):
    """Each public card on the feed has one small "Share" link to its page's share links (the feed stays small);
    a member's feed shows a members-only group's shout-out without one."""
    from portal.initiatives.models import Membership

    open_shout = make_shout("Dank voor de soep!")
    secret = make_shout(SECRET, initiative=private_group)
    page = client.get("/applause").get_data(as_text=True)
    assert f'href="/applause/{open_shout.id}#share">Delen</a>' in page and "wa.me" not in page
    member = login_as()
    with app.app_context():
        db.session.add(Membership(initiative_id=private_group.id, user_id=member.id))
        db.session.commit()
    page = client.get("/applause").get_data(as_text=True)
    assert SECRET in page and f"/applause/{secret.id}#share" not in page


def test_the_share_text_keeps_a_name_out_when_its_owner_asked(client, make_shout, make_user, login_as):
    """Shared text goes outside the portal: it names people as the public wall does ("a neighbour" when they
    said no), even when a logged-in resident shares it."""
    shy = make_user(name="Bram Verlegen", show_name_in_public=False)
    shout = make_shout("Top gedaan", thanked_name="Bram", thanked_user=shy)
    login_as()
    text = _whatsapp_text(client.get(f"/applause/{shout.id}").get_data(as_text=True))
    assert text.startswith("Bedankt, een buurtbewoner!") and "Bram" not in text


@pytest.mark.parametrize("role", [None, "resident"])
def test_outsiders_see_nothing_of_a_members_only_shout(client, login_as, make_shout, private_group, role):
    """A visitor or a resident who is not a member gets 404 for the shout-out's page, and the feed holds nothing."""
    if role:
        login_as(role)
    shout = make_shout(SECRET, initiative=private_group)
    response = client.get(f"/applause/{shout.id}")
    assert response.status_code == 404 and SECRET not in response.get_data(as_text=True)
    assert SECRET not in client.get("/applause").get_data(as_text=True)


def test_members_only_and_hidden_shouts_have_no_share_links(client, login_as, make_shout, private_group):
    """A coordinator sees a members-only group's shout-out and a hidden one, but neither has share links."""
    secret = make_shout(SECRET, initiative=private_group)
    hidden = make_shout("Verborgen tekst", hidden=True)
    login_as("coordinator")
    page = client.get(f"/applause/{secret.id}").get_data(as_text=True)
    assert SECRET in page and "wa.me" not in page and "share-text" not in page and "geen deellinks" in page
    page = client.get(f"/applause/{hidden.id}").get_data(as_text=True)
    assert "Verborgen tekst" in page and "wa.me" not in page and "t.me/share" not in page


@pytest.mark.parametrize("path", ["/applause/99999999999999999999", "/applause/0", "/applause/1%00",
                                  "/applause/1%0D%0A"])
def test_bad_shout_addresses_are_404(client, path):
    """Huge, zero, NUL and CR/LF ids are simply not found (or refused as a bad request), never a 500."""
    assert client.get(path).status_code in (400, 404)
