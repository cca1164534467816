"""The week at a glance and a room's week in a real browser: one day at a time on a phone, nothing overflows."""

from datetime import timedelta

from playwright.sync_api import expect

from tests.browser.conftest import serious_violations, shoot
from tests.browser.test_applause_flow import log_in
from tests.conftest import future_local

WIDTHS = (320, 360, 414, 640, 768, 1024, 1152, 1280, 1440, 1920)


def inside(inner, outer) -> bool:
    return (inner["x"] >= outer["x"] - 0.5 and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5)


def test_phone_shows_one_day_at_a_time(page, javascript, make_room, make_booking):
    """On a phone a room's week shows one day, starting today; the day links move between days."""
    room = make_room(name="Grote zaal")
    tomorrow = future_local(days=1, hour=10)
    make_booking(room, tomorrow, tomorrow + timedelta(hours=2), title="Taalcafé")
    page.goto(f"/rooms/{room.id}")
    expect(page.locator(".day:visible")).to_have_count(1)
    expect(page.locator(".day:visible h3")).to_contain_text("Vandaag")
    expect(page.locator(".slots-past[open]")).to_have_count(0)
    shoot(page, f"venues-room-day-{'js' if javascript else 'nojs'}")
    if tomorrow.weekday():
        page.locator(".day-picker a").nth(tomorrow.weekday()).click()
    else:  # today is Sunday: tomorrow starts the next week
        page.get_by_role("link", name="Volgende week").click()
    expect(page.locator(".day:visible")).to_have_count(1)
    expect(page.locator(".day:visible")).to_contain_text("Taalcafé")
    expect(page.locator(".day:visible .slot-taken")).to_have_count(1)


def test_week_grid_stays_inside_its_columns(axe_page, make_room, make_booking):
    """At every width from 320 to 1920 px each hour and booking box stays inside its day column."""
    page = axe_page  # layout does not depend on JavaScript: one run is enough
    room = make_room(name="Keuken")
    day = future_local(days=8, hour=10)
    saturday = day + timedelta(days=(5 - day.weekday()) % 7)
    make_booking(room, saturday, saturday + timedelta(hours=2), title="Verjaardagsfeest van de hele familie Oosterhuis")
    make_booking(room, saturday + timedelta(hours=4), saturday + timedelta(hours=5), title="Repetitie")
    page.goto(f"/rooms/{room.id}?week={saturday.date().isoformat()}")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        days = page.locator(".day:visible")
        assert days.count() >= 1
        for index in range(days.count()):
            column = days.nth(index)
            box = column.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (width, index)
            for element in column.locator(".slot a, .slot-taken, .slot-taken .slot-what").all():
                assert inside(element.bounding_box(), box), (width, index, element.inner_text())
        if width >= 1152:
            block = page.locator(".slot-taken", has_text="Verjaardagsfeest")
            hour = page.locator(".slot-free a").first
            assert block.bounding_box()["height"] >= 2 * hour.bounding_box()["height"]
    page.set_viewport_size({"width": 1280, "height": 800})
    shoot(page, "venues-room-week")


def test_week_agenda_and_axe(axe_page, axe, make_room, make_booking, make_user):
    """The week at a glance, the booking form and the question before cancelling have no serious axe problem."""
    room = make_room(name="Grote zaal")
    start = future_local(days=1, hour=10)
    resident = make_user()
    make_booking(room, start, start + timedelta(hours=2), title="Taalcafé", description="Samen Nederlands praten.")
    mine = make_booking(room, start + timedelta(hours=3), start + timedelta(hours=5), title="Verjaardag Amira",
                        public=False, requester=resident)
    for path in ("/buurthuis/week", f"/rooms/{room.id}"):
        axe_page.goto(path)
        assert serious_violations(axe, axe_page) == [], path
    log_in(axe_page, resident)
    later = start + timedelta(days=7)
    for path in (f"/bookings/{mine.id}/cancel", f"/rooms/{room.id}/book?start={later:%Y-%m-%dT%H:%M}"):
        axe_page.goto(path)
        assert serious_violations(axe, axe_page) == [], path
    axe_page.context.clear_cookies()
    axe_page.goto("/buurthuis/week")
    expect(axe_page.locator(".agenda")).to_contain_text("Taalcafé")
    expect(axe_page.locator(".agenda")).to_contain_text("bezet")
    expect(axe_page.locator(".agenda")).not_to_contain_text("Amira")
    shoot(axe_page, "venues-week-agenda")


def test_free_hour_offers_lengths_and_closing_time(page, javascript, make_user, make_room):
    """A free hour offers lengths; 2 hours is booked; a time past closing names the closing time at the field."""
    room = make_room(name="Keuken", hours=(9, 22))
    log_in(page, make_user(name="Amira"))
    day = future_local(days=8)
    page.goto(f"/rooms/{room.id}?week={day.date().isoformat()}")
    page.locator(".day:visible .slot-free a").first.click()
    # What is typed before a length is chosen stays (a length used to be a link that dropped the form)
    page.get_by_label("Waarvoor is het?").fill("Samen koken")
    page.get_by_label("Iedereen: de buurt is welkom").check()
    page.get_by_role("button", name="2 uur").click()
    expect(page.get_by_role("button", name="2 uur")).to_have_attribute("aria-current", "true")
    expect(page.get_by_label("Waarvoor is het?")).to_have_value("Samen koken")
    expect(page.get_by_label("Iedereen: de buurt is welkom")).to_be_checked()
    page.get_by_label("Hoeveel mensen verwacht je?").fill("8")
    shoot(page, f"venues-book-lengths-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Verstuur mijn aanvraag").click()
    expect(page.locator(".booking").first).to_contain_text("09:00–11:00")
    expect(page.locator(".booking").first).to_contain_text("Samen koken")
    page.goto(f"/rooms/{room.id}/book?start={day:%Y-%m-%d}T20:00&end={day:%Y-%m-%d}T23:00")
    page.get_by_label("Waarvoor is het?").fill("Feest")
    page.get_by_role("button", name="Verstuur mijn aanvraag").click()
    expect(page.locator("#end-error")).to_contain_text("Het buurthuis sluit om 22:00")
    expect(page.locator(".message-error")).to_have_count(0)


def test_cancel_asks_first(page, javascript, make_user, make_room, make_booking):
    """"Annuleer deze datum" opens a question; "Nee" keeps the booking, "Ja" cancels it."""
    room = make_room(name="Keuken")
    resident = make_user(name="Amira")
    start = future_local(days=8, hour=10)
    make_booking(room, start, start + timedelta(hours=1), title="Samen koken", requester=resident)
    log_in(page, resident)
    page.goto("/bookings/mine")
    page.get_by_role("link", name="Annuleer deze datum").click()
    expect(page.get_by_role("heading", name="Deze datum annuleren?")).to_be_visible()
    shoot(page, f"venues-confirm-cancel-{'js' if javascript else 'nojs'}")
    page.get_by_role("link", name="Nee, houden").click()
    expect(page.locator(".booking").first).to_contain_text("Geboekt")
    page.get_by_role("link", name="Annuleer deze datum").click()
    page.get_by_role("button", name="Ja, annuleer deze datum").click()
    expect(page.locator("#messages")).to_contain_text("Geannuleerd")
    expect(page.locator(".booking").first).to_contain_text("Geannuleerd")
    expect(page.locator(".status-cancelled")).not_to_have_css("color", "rgb(179, 38, 30)")  # not the error red


def test_overlapping_requests_are_marked(page, javascript, make_user, make_room, make_booking):
    """A librarian sees which requests clash before approving one."""
    room = make_room(name="Grote zaal")
    start = future_local(days=8, hour=14)
    make_booking(room, start, start + timedelta(hours=2), title="Verjaardag", status="pending")
    make_booking(room, start + timedelta(hours=1), start + timedelta(hours=3), title="Repetitie", status="pending")
    log_in(page, make_user(role="librarian"))
    page.goto("/bookings/requests")
    expect(page.locator(".booking-overlap")).to_have_count(2)
    expect(page.locator(".booking-overlap").first.locator(".message-warning")).to_contain_text("Repetitie")
    shoot(page, f"venues-requests-overlap-{'js' if javascript else 'nojs'}")
