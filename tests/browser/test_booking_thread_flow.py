"""A question on a booking request and its answer, in a real browser with JavaScript on and off."""

from datetime import timedelta

from playwright.sync_api import expect

from tests.browser.conftest import serious_violations, shoot
from tests.browser.test_applause_flow import log_in
from tests.conftest import future_local, mails_when_sent

QUESTION = "Mogen we taart meenemen?"


def mailed(app, subject: str) -> bool:
    """Tell whether a mail with `subject` went out (waiting for it as the sender does)."""
    return bool(mails_when_sent(app, subject=subject))


def test_coordinator_asks_and_the_requester_answers(page, javascript, app, make_user, make_room, make_booking):
    """The question appears in the thread beside the request with "sent"; the requester answers from her bookings."""
    mode = "js" if javascript else "nojs"
    room = make_room(name="Grote zaal", venue_name="Buurthuis De Nelle")
    amira = make_user(name="Amira")
    start = future_local(days=9, hour=14)
    booking = make_booking(room, start, start + timedelta(hours=3), title="Verjaardag Noor", status="pending",
                           requester=amira, attendees=25, description="Kinderfeestje met spelletjes.")
    make_booking(room, future_local(days=10, hour=10), future_local(days=10, hour=12), title="Taalcafé",
                 status="pending")
    log_in(page, make_user(role="coordinator", name="Henk"))
    page.goto("/bookings/requests")
    thread = page.locator(f"#thread-{booking.id}")
    thread.get_by_label("Stel een vraag").fill(QUESTION)
    thread.get_by_role("button", name="Verstuur").click()
    thread = page.locator(f"#thread-{booking.id}")
    expect(thread.locator(".thread-message")).to_contain_text(QUESTION)
    expect(thread.locator(".card-message")).to_contain_text("Verstuurd. Amira krijgt een e-mail.")
    expect(thread.locator(".card-message")).to_be_in_viewport()
    if javascript:
        expect(page.locator("#messages")).to_contain_text("Verstuurd. Amira krijgt een e-mail.")
    assert mailed(app, "Een vraag over je aanvraag: Verjaardag Noor")
    shoot(page, f"booking-requests-thread-{mode}")
    page.context.clear_cookies()
    log_in(page, amira)
    page.goto("/bookings/mine")
    page.get_by_role("link", name="1 bericht").click()
    thread = page.locator(f"#thread-{booking.id}")
    expect(thread).to_contain_text("Het buurthuis (Henk)")
    thread.get_by_label("Jouw antwoord").fill("Ja graag, en ook bordjes?")
    thread.get_by_role("button", name="Verstuur").click()
    thread = page.locator(f"#thread-{booking.id}")
    expect(thread.locator(".thread-message")).to_have_count(2)
    expect(thread.locator(".thread-message").last).to_contain_text("Ja graag, en ook bordjes?")
    expect(thread.locator(".card-message")).to_contain_text("Verstuurd. Het buurthuis leest het bij je aanvraag.")
    expect(page.locator("h1")).to_have_text("Verjaardag Noor")
    assert mailed(app, "Een antwoord over een aanvraag: Verjaardag Noor")
    shoot(page, f"booking-thread-{mode}")


def test_thread_pages_are_accessible_and_light(axe_page, axe, app, make_user, make_room, make_booking):
    """The booking page, the requests list and home with my list: no serious axe violation in Dutch and English,
    each under 15 KB gzipped."""
    import gzip

    from portal.extensions import db
    from portal.venues.models import BookingMessage

    room = make_room(name="Grote zaal")
    amira = make_user(name="Amira")
    start = future_local(days=9, hour=14)
    booking = make_booking(room, start, start + timedelta(hours=3), title="Verjaardag Noor", status="pending",
                           requester=amira)
    coordinator = make_user(role="coordinator", name="Henk")
    with app.app_context():
        db.session.add(BookingMessage(booking_id=booking.id, author_id=coordinator.id, from_staff=True,
                                      text=QUESTION))
        db.session.commit()
    for person, paths in ((coordinator, ("/bookings/requests", f"/bookings/{booking.id}")),
                          (amira, (f"/bookings/{booking.id}", "/", "/bookings/mine"))):
        axe_page.context.clear_cookies()
        log_in(axe_page, person)
        for language in ("nl", "en"):
            axe_page.goto(f"/language/{language}?next=/")
            for path in paths:
                response = axe_page.goto(path)
                assert serious_violations(axe, axe_page) == [], (language, path)
                assert len(gzip.compress(response.body())) <= 15 * 1024, path
        axe_page.goto("/language/nl?next=/")
