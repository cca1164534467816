"""Partner feeds in a real browser: a coordinator adds a feed and sees its import; the agenda shows partners'
events with their origin; "use our information" and the embeddable agenda, which other sites may frame."""

from datetime import timedelta

from playwright.sync_api import expect

from portal.db import utcnow
from portal.extensions import db
from portal.feeds import services
from portal.feeds.fetch import Limits
from portal.feeds.models import FeedItem, PartnerFeed
from tests.browser.conftest import SCREENS, serious_violations, shoot
from tests.browser.test_applause_flow import log_in
from tests.conftest import future_local
from tests.feeds.server import FeedServer


def seed_partner(app) -> None:
    """Store a library calendar with three coming events and a stadsdeel news feed, as imported."""
    now = utcnow()
    with app.app_context():
        library = PartnerFeed(url="https://oba.example/reigersbos.ics", origin="OBA Reigersbos",
                              site_url="https://oba.example/", last_status="ok", last_fetched_at=now, item_count=3)
        broken = PartnerFeed(url="https://welzijn.example/agenda", origin="Welzijn Zuidoost", last_status="failed",
                             last_error="html", last_fetched_at=now)
        db.session.add_all([library, broken])
        db.session.flush()
        for hours, title in ((26, "Digicafé: hulp met DigiD"), (50, "Taalcafé: Nederlands oefenen"),
                             (75, "Voorleesochtend voor peuters")):
            start = now + timedelta(hours=hours)
            db.session.add(FeedItem(feed_id=library.id, title=title, link="https://oba.example/agenda",
                                    summary="Gratis, aanmelden hoeft niet.", is_event=True, starts_at=start,
                                    ends_at=start + timedelta(hours=1), sort_at=start))
        db.session.commit()


def test_a_coordinator_adds_a_feed_and_sees_its_import(page, javascript, app, login_as, make_user):
    """A coordinator adds a partner's calendar, the hourly import reads it, and the list says so; then removes it."""
    coordinator = make_user(role="coordinator")
    log_in(page, coordinator)
    page.goto("/partner-feeds")
    with FeedServer() as server:
        page.get_by_label("Adres van de feed").fill(server.url("/good.ics"))
        page.get_by_label("Van wie is de feed?").fill("Bibliotheek Reigersbos")
        page.get_by_role("button", name="Feed toevoegen").click()
        expect(page.locator("#feeds .message")).to_contain_text("Feed toegevoegd")
        expect(page.locator(".feed-card")).to_contain_text("Nog niet gelezen")
        with app.app_context():
            assert services.import_all(Limits(allow_private=True)) == (1, 0)
    page.reload()
    expect(page.locator(".feed-status")).to_contain_text("3 berichten bewaard")
    page.goto("/buurthuis/week")
    expect(page.locator(".partner-agenda")).to_contain_text("van Bibliotheek Reigersbos")
    page.goto("/partner-feeds")
    page.get_by_role("button", name="Verwijder deze feed").click()
    expect(page.locator("#feeds .message")).to_contain_text("Feed verwijderd")
    expect(page.locator(".feed-card")).to_have_count(0)


def test_feed_pages_look_right_and_pass_axe(axe_page, axe, app, make_room, make_booking, make_user,
                                            make_initiative):
    """The agenda with partners' events, the feeds list, "use our information" and the embed pass axe, nl and en."""
    room = make_room(name="Grote zaal", venue_name="Buurthuis De Nelle")
    make_booking(room, future_local(days=1, hour=10), future_local(days=1, hour=12), title="Koffie-ochtend")
    seed_partner(app)
    with app.app_context():
        from portal.core.time import to_utc
        from portal.events.models import Event

        db.session.add(Event(initiative_id=make_initiative(name="Buurtkoor").id, title="Zingen in het Bijlmerpark",
                             start_at=to_utc(future_local(2, 15)), end_at=to_utc(future_local(2, 17)),
                             address="Bijlmerpark, bij de vijver"))
        db.session.commit()
    coordinator = make_user(role="coordinator")
    for language in ("nl", "en"):
        axe_page.goto(f"/language/{language}")
        for path in ("/buurthuis/week", "/gebruik-onze-informatie", "/embed/agenda"):
            axe_page.goto(path)
            assert serious_violations(axe, axe_page) == [], (language, path)
            if language == "nl":
                shoot(axe_page, "feeds-" + path.strip("/").replace("/", "-"))
    axe_page.goto("/language/nl")
    log_in(axe_page, coordinator)
    axe_page.goto("/partner-feeds")
    assert serious_violations(axe, axe_page) == []
    shoot(axe_page, "feeds-partner-feeds")


def test_other_sites_may_frame_the_agenda_and_nothing_else(browser, app, live_server, make_room, make_booking):
    """A page on another site shows /embed/agenda in an iframe; framing the week page itself is refused."""
    room = make_room(name="Zaal")
    make_booking(room, future_local(days=1, hour=10), future_local(days=1, hour=11), title="Open repetitie")
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    with FeedServer() as elsewhere:  # another port: another origin
        page.goto(elsewhere.url(f"/elsewhere?portal={live_server}"))
        framed = page.frame_locator("#ok")
        expect(framed.locator("h1")).to_contain_text("Deze week in Nellestein")
        expect(framed.locator("body")).to_contain_text("Open repetitie")
        page.wait_for_load_state("load")
        frames = {frame.name: frame.url for frame in page.frames if frame.name}
        assert frames["ok"].endswith("/embed/agenda") and frames["no"].startswith("chrome-error:")  # refused
        page.screenshot(path=str(SCREENS / "feeds-embed-in-another-site.png"))
    context.close()
