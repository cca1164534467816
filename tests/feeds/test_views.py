"""Feed pages: coordinators manage partner feeds; the agenda, the network section, "use our information" and
the embeddable agenda show imported items with their origin, escaped, and only to who may see them."""

from datetime import timedelta

import pytest
from flask import render_template
from sqlalchemy import select

from portal.core.registry import page_sections
from portal.db import utcnow
from portal.extensions import db
from portal.feeds.models import FeedItem, PartnerFeed
from portal.initiatives import services as initiatives
from portal.initiatives.models import Initiative
from tests.conftest import HX, future_local
from tests.quality import assert_within_budget, queries_for

HOSTILE = "<script>alert(1)</script>Feest"


def seed_feed(app, origin="OBA Reigersbos", items=1, initiative_id=None, title="Taalcafé", link="https://oba.example/t",
              site="https://oba.example/", news=False):
    """Store a feed with `items` events (or news) in the coming days, as an import would, and return its id."""
    with app.app_context():
        feed = PartnerFeed(url=f"https://{origin.replace(' ', '').lower()}.example/feed", origin=origin,
                           site_url=site, initiative_id=initiative_id, last_status="ok", last_fetched_at=utcnow())
        db.session.add(feed)
        db.session.flush()
        now = utcnow()
        for number in range(items):
            moment = now + timedelta(hours=2 + number) if not news else now - timedelta(hours=2 + number)
            db.session.add(FeedItem(feed_id=feed.id, title=f"{title} {number}" if items > 1 else title, link=link,
                                    summary="Kom ook", is_event=not news, starts_at=None if news else moment,
                                    ends_at=None if news else moment + timedelta(hours=1),
                                    published_at=moment if news else None, sort_at=moment))
        db.session.commit()
        return feed.id


def members_only(app, make_initiative):
    initiative = make_initiative(name="Geheime club")
    with app.app_context():
        db.session.get(Initiative, initiative.id).visibility = "members"
        db.session.commit()
    return initiative


@pytest.mark.parametrize("path", ["/partner-feeds"])
def test_only_coordinators_manage_feeds(client, login_as, auth, path):
    """Visitors are sent to log in, residents and librarians get 403, coordinators see the page."""
    assert client.get(path).status_code in (302, 303)
    assert client.get(path, headers=HX).headers.get("HX-Redirect", "").startswith("/login")
    login_as("librarian")
    assert client.get(path).status_code == 403
    assert client.post(path, data={"url": "https://a.example/f.ics", "origin": "A"}).status_code == 403
    auth.logout()
    login_as("coordinator")
    assert client.get(path).status_code == 200


def test_a_coordinator_adds_and_removes_a_feed(app, client, login_as, make_initiative):
    """A feed is added with its origin and initiative, shown as not read yet, and removed with its items."""
    initiative = make_initiative(name="Taalmaatjes")
    login_as("coordinator")
    response = client.post("/partner-feeds", data={"url": " https://www.oba.nl/agenda.ics ", "origin": "OBA",
                                                   "initiative": initiative.id})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Feed toegevoegd" in page and "https://www.oba.nl/agenda.ics" in page and "Taalmaatjes" in page
    assert "Nog niet gelezen" in page
    with app.app_context():
        feed = db.session.scalar(select(PartnerFeed))
        assert (feed.url, feed.origin, feed.initiative_id) == ("https://www.oba.nl/agenda.ics", "OBA", initiative.id)
        feed_id = feed.id
    response = client.post(f"/partner-feeds/{feed_id}/remove")
    assert response.status_code == 303 and "Feed verwijderd" in client.get("/partner-feeds").get_data(as_text=True)
    assert client.post(f"/partner-feeds/{feed_id}/remove").status_code == 404


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"url": "javascript:alert(1)", "origin": "X"}, "url", "begint met http:// of https://"),
    ({"url": "ftp://example.org/feed", "origin": "X"}, "url", "begint met http:// of https://"),
    ({"url": "https://a.example/f.ics", "origin": ""}, "origin", "Vul dit in"),
    ({"url": "https://a.example/f.ics", "origin": "X", "initiative": "99999"}, "initiative", "Kies een initiatief"),
    ({"url": "https://a.example/" + "x" * 1000, "origin": "X"}, "url", "Gebruik hoogstens 1000 tekens"),
])
def test_bad_input_is_refused_at_the_field_and_kept(app, client, login_as, data, field, message):
    """A bad address, a missing origin or an unknown initiative gives a message at the field; nothing is stored."""
    login_as("coordinator")
    response = client.post("/partner-feeds", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="{field}-error"' in page and message in page
    if data["origin"]:
        assert f'value="{data["origin"]}"' in page
    with app.app_context():
        assert db.session.scalar(select(PartnerFeed)) is None


def test_the_same_feed_twice_is_refused(app, client, login_as):
    """Adding an address that is in the list already says so at the field (the unique constraint holds)."""
    seed_feed(app, origin="OBA")
    login_as("coordinator")
    response = client.post("/partner-feeds", data={"url": "https://oba.example/feed", "origin": "OBA again"})
    assert "staat al in de lijst" in response.get_data(as_text=True)


def test_the_feed_list_shows_each_last_result(app, client, login_as):
    """Each feed shows when it was read and how many items, or why it failed."""
    seed_feed(app, origin="Goed")
    with app.app_context():
        db.session.add(PartnerFeed(url="https://slecht.example/x", origin="Slecht", last_status="failed",
                                   last_error="html", last_detail="", last_fetched_at=utcnow()))
        db.session.commit()
    login_as("coordinator", language="en")
    page = client.get("/partner-feeds").get_data(as_text=True)
    assert "Read " in page and "Failed" in page and "This is a web page, not a feed." in page


def test_the_agenda_shows_partner_events_with_their_origin(app, client, make_room, make_booking):
    """The week agenda lists the partners' events below the rooms, each with its origin linked."""
    room = make_room()
    make_booking(room, future_local(days=1, hour=10), future_local(days=1, hour=11), title="Koffie-ochtend")
    seed_feed(app)
    page = client.get("/buurthuis/week").get_data(as_text=True)
    assert "Koffie-ochtend" in page and "Ook in de buurt" in page
    assert '<a href="https://oba.example/t" rel="noopener noreferrer nofollow">Taalcafé</a>' in page
    assert 'van <a href="https://oba.example/" rel="noopener noreferrer nofollow">OBA Reigersbos</a>' in page


def test_hostile_items_are_escaped_and_only_http_links_shown(app, client, login_as):
    """Script in an item shows as text, and a javascript: link (also stored directly) is never a link."""
    seed_feed(app, title=HOSTILE, link="javascript:alert(2)", site="javascript:alert(3)")
    seed_feed(app, origin="<b>Evil</b>", title="News", link=" data:text/html,x", news=True)
    for viewer in (None, "coordinator"):
        if viewer:
            login_as(viewer)
        page = client.get("/buurthuis/week").get_data(as_text=True)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;Feest" in page and "<script>alert" not in page
        assert "javascript:" not in page
    with app.test_request_context():
        (template, context), = page_sections("network")
        html = render_template(template, section=context)
    assert "&lt;b&gt;Evil&lt;/b&gt;" in html and "data:" not in html and "<b>Evil" not in html


def test_members_only_feeds_are_invisible_to_outsiders(app, client, login_as, make_user, make_initiative, auth):
    """Items of a feed linked to a members-only initiative show to its members and coordinators only."""
    initiative = members_only(app, make_initiative)
    seed_feed(app, origin="Geheime bron", title="Geheim overleg", initiative_id=initiative.id)
    seed_feed(app, origin="Open bron", title="Open middag", news=True, initiative_id=initiative.id)

    def shows() -> tuple[bool, bool]:
        agenda = client.get("/buurthuis/week").get_data(as_text=True)
        with app.test_request_context():
            from flask_login import login_user

            user = db.session.get(type(member), client_user[0]) if client_user[0] else None
            if user:
                login_user(user)
            network = "".join(render_template(t, section=c) for t, c in page_sections("network"))
        return "Geheim overleg" in agenda or "Geheime bron" in agenda, "Open middag" in network

    client_user = [None]
    member = make_user()
    assert shows() == (False, False)
    outsider = login_as("resident")
    client_user[0] = outsider.id
    assert shows() == (False, False)
    with app.app_context():
        initiatives.join(initiative.id, db.session.get(type(member), member.id))
    auth.logout()
    auth.login(member)
    client_user[0] = member.id
    assert shows() == (True, True)
    coordinator = login_as("coordinator")
    client_user[0] = coordinator.id
    assert shows() == (True, True)


def test_use_our_information_lists_our_feeds_in_both_languages(client, make_room):
    """The page names the applause feed, the calendars (also as webcal links) and the embed snippet, nl and en."""
    room = make_room(name="Grote zaal")
    page = client.get("/gebruik-onze-informatie").get_data(as_text=True)
    assert "Gebruik onze informatie" in page and "Zet de agenda in je telefoon" in page
    assert "/applause/feed.atom" in page and f"/rooms/{room.id}/calendar.ics" in page
    assert f'href="webcal://127.0.0.1:8000/venues/{room.venue_id}/calendar.ics"' in page
    assert "&lt;iframe src=&#34;http://127.0.0.1:8000/embed/agenda&#34;" in page
    client.get("/language/en")
    english = client.get("/use-our-information").get_data(as_text=True)
    assert "Use our information" in english and "Put the agenda in your phone" in english


def test_the_embed_may_be_framed_and_other_pages_may_not(client, make_room, make_booking, login_as):
    """Only /embed/agenda allows framing (CSP and no X-Frame-Options); it shows public bookings, no forms."""
    room = make_room(name="Zaal")
    make_booking(room, future_local(days=1, hour=10), future_local(days=1, hour=11), title="Open repetitie")
    make_booking(room, future_local(days=1, hour=12), future_local(days=1, hour=13), title="Besloten", public=False)
    for viewer in (None, "coordinator"):
        if viewer:
            login_as(viewer)  # the frame shows the public agenda, whoever looks
        response = client.get("/embed/agenda")
        page = response.get_data(as_text=True)
        assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
        assert "X-Frame-Options" not in response.headers
        assert "Open repetitie" in page and "Besloten" not in page
        assert "<form" not in page and "<script" not in page
    for path in ("/", "/gebruik-onze-informatie", "/buurthuis/week", "/embed/agenda/nothing"):
        response = client.get(path)
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_feed_pages_stay_small_and_their_queries_fixed(app, client, login_as, count_queries):
    """With 3 or 40 items per feed the pages run the same number of queries and stay within 15 KB gzipped."""
    seed_feed(app, origin="Een", items=3)
    login_as("coordinator")
    paths = ["/buurthuis/week", "/partner-feeds", "/gebruik-onze-informatie", "/embed/agenda"]
    few = {path: queries_for(client, count_queries, path) for path in paths}
    for number in range(2, 6):
        seed_feed(app, origin=f"Bron {number}", items=40)
    many = {path: queries_for(client, count_queries, path) for path in paths}
    assert few == many
    assert_within_budget(client, paths)


def test_the_embed_shows_this_weeks_public_activities_only(app, client, login_as, make_initiative):
    """The framed agenda lists this week's public activities: not later ones, not members-only or private ones."""
    from portal.core.time import to_utc
    from portal.events.models import Event

    open_group, closed_group = make_initiative(name="Buurtkoor"), members_only(app, make_initiative)
    with app.app_context():
        for group, title, days, public in ((open_group, "Zingen in het park", 2, True),
                                           (open_group, "Kerstconcert", 12, True),
                                           (open_group, "Bestuursoverleg", 2, False),
                                           (closed_group, "Geheime repetitie", 2, True)):
            db.session.add(Event(initiative_id=group.id, title=title, start_at=to_utc(future_local(days, 14)),
                                 end_at=to_utc(future_local(days, 16)), address="Bijlmerpark", public=public))
        db.session.commit()
    for viewer in (None, "coordinator"):
        if viewer:
            login_as(viewer)
        page = client.get("/embed/agenda").get_data(as_text=True)
        assert "Zingen in het park" in page and "Bijlmerpark" in page
        assert all(title not in page for title in ("Kerstconcert", "Bestuursoverleg", "Geheime repetitie"))
    information = client.get("/gebruik-onze-informatie").get_data(as_text=True)
    assert 'href="webcal://127.0.0.1:8000/agenda/calendar.ics"' in information and "/agenda/feed.atom" in information


def test_the_network_page_and_the_events_agenda_show_partners_with_their_origin(app, client, make_initiative):
    """/netwerk and /agenda show the partners' section (events and news, with their origin) below their own list,
    only on a first page; a members-only feed stays out for visitors on both."""
    seed_feed(app, title="Voorleesochtend")
    seed_feed(app, origin="Stadsdeel Zuidoost", title="Nieuwe speeltuin open", news=True)
    seed_feed(app, origin="Geheime bron", title="Geheim overleg", initiative_id=members_only(app, make_initiative).id)
    network = client.get("/netwerk").get_data(as_text=True)
    assert "Onze partners in de buurt" in network and "Voorleesochtend" in network
    assert "Nieuwe speeltuin open" in network and ">OBA Reigersbos</a>" in network
    agenda = client.get("/agenda").get_data(as_text=True)
    assert "Ook in de buurt" in agenda and "Voorleesochtend" in agenda and ">OBA Reigersbos</a>" in agenda
    for page in (network, agenda):
        assert "Geheim overleg" not in page and "Geheime bron" not in page
    assert "Onze partners in de buurt" not in client.get("/netwerk", headers=HX).get_data(as_text=True)
    assert "Ook in de buurt" not in client.get("/agenda?initiative=1").get_data(as_text=True)
