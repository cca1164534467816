"""My tasks and my bookings as one list on the home page, in a real browser with JavaScript on and off."""

from datetime import timedelta

from playwright.sync_api import expect

from portal.accounts.models import User
from portal.boards import services
from portal.core.time import today
from portal.extensions import db
from tests.browser.conftest import shoot
from tests.browser.test_applause_flow import log_in
from tests.conftest import future_local


def test_home_lists_my_tasks_and_bookings_soonest_first(page, javascript, app, make_user, make_task, make_room,
                                                        make_booking):
    """Sanne sees her task and her bookings in date order, and can finish the task right there."""
    sanne = make_user(name="Sanne")
    room = make_room(name="Keuken")
    soon = make_task(title="Soep koken", due_date=today() + timedelta(days=2))
    someday = make_task(title="Fietsen plakken", places_needed=2)
    with app.app_context():
        for task in (soon, someday):
            services.claim(task.id, db.session.get(User, sanne.id))
    start = future_local(days=1, hour=17)
    make_booking(room, start, start + timedelta(hours=2), title="Samen eten", requester=sanne)
    start = future_local(days=6, hour=10)
    make_booking(room, start, start + timedelta(hours=2), title="Verjaardag oma", requester=sanne, status="pending")
    log_in(page, sanne)
    page.goto("/")
    mine = page.locator(".my-tasks")
    expect(mine.locator(".task-title, .booking-title")).to_have_text(
        ["Samen eten", "Soep koken", "Verjaardag oma", "Fietsen plakken"])
    expect(mine.locator(".mine-booking").last).to_contain_text("Wacht op antwoord")
    shoot(page, f"home-mine-{'js' if javascript else 'nojs'}")
    mine.locator(f"#task-{soon.id}").get_by_role("button", name="Het is klaar").click()
    expect(page.locator(f"#task-{soon.id} .card-message, .messages-left .message").first).to_be_visible()
    page.goto("/")
    expect(page.locator(".my-tasks .task-title, .my-tasks .booking-title")).to_have_text(
        ["Samen eten", "Verjaardag oma", "Fietsen plakken"])
    page.locator(".my-tasks").get_by_role("link", name="Verjaardag oma").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verjaardag oma")
