"""Booking a room in a real browser, with JavaScript on and off; axe on every venue page."""

from datetime import timedelta

from playwright.sync_api import expect

from tests.browser.conftest import serious_violations, shoot
from tests.browser.test_applause_flow import log_in
from tests.conftest import future_local


def test_request_a_room_and_get_it_approved(page, javascript, make_user, make_room, browser, live_server):
    """A resident picks a free hour, sends a request; a librarian approves it; the resident sees it booked."""
    room = make_room(name="Grote zaal")
    resident, librarian = make_user(name="Amira"), make_user(role="librarian", name="Priya")
    log_in(page, resident)
    day = future_local(days=8)
    page.goto(f"/rooms/{room.id}?week={day.date().isoformat()}")
    page.locator(".slot-free a").first.click()
    page.get_by_label("Waarvoor is het?").fill("Verjaardag")
    page.get_by_role("button", name="Verstuur mijn aanvraag").click()
    expect(page.locator("#messages")).to_contain_text("Je aanvraag is verstuurd")
    expect(page.locator(".booking").first).to_contain_text("Wacht op antwoord")
    shoot(page, f"venues-mine-{'js' if javascript else 'nojs'}")
    other = browser.new_context(base_url=live_server, java_script_enabled=javascript).new_page()
    log_in(other, librarian)
    other.goto("/bookings/requests")
    other.get_by_role("button", name="Goedkeuren").click()
    expect(other.locator("#messages")).to_contain_text("Goedgekeurd: Verjaardag")
    other.context.close()
    page.goto("/bookings/mine")
    expect(page.locator(".booking").first).to_contain_text("Geboekt")


def test_week_navigation(page, javascript, make_room):
    """The week moves forward and back with the buttons, with JavaScript on or off."""
    room = make_room()
    page.goto(f"/rooms/{room.id}?week=2030-01-07")
    expect(page.locator("#week-title")).to_contain_text("7 januari")
    page.get_by_role("link", name="Volgende week").click()
    expect(page.locator("#week-title")).to_contain_text("14 januari")
    expect(page).to_have_url(f"{page.url.split('/rooms')[0]}/rooms/{room.id}?week=2030-01-14")


def test_venue_pages_have_no_serious_axe_violations(axe_page, axe, make_user, make_room, make_booking):
    """axe-core finds no serious or critical problem on the venue pages."""
    room = make_room(name="Keuken")
    start = future_local(days=1, hour=10)
    make_booking(room, start, start + timedelta(hours=2), title="Samen koken", status="pending")
    log_in(axe_page, make_user(role="coordinator"))
    for path in ("/venues", f"/rooms/{room.id}?week={start.date().isoformat()}", f"/rooms/{room.id}/book",
                 "/bookings/mine", "/bookings/requests", "/venues/today", f"/venues/{room.venue_id}/manage",
                 f"/rooms/{room.id}/edit", "/venues/new"):
        axe_page.goto(path)
        assert serious_violations(axe, axe_page) == [], path
        shoot(axe_page, "venues" + path.split("?")[0].replace("/", "-"))
