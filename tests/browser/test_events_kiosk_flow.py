"""The kiosk's agenda in a real browser, JavaScript on and off: the librarian signs a walk-in up for an event and lands
on the ticket slip to print; after the idle log-out or "Done" the next person finds nothing of it."""

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import update

from portal.accounts.models import UserSession
from portal.db import utcnow
from portal.extensions import db
from tests.browser.conftest import SCREENS, serious_violations, shoot
from tests.browser.test_applause_flow import log_in
from tests.browser.test_kiosk_flow import KIOSK, kiosk_log_in, make_kiosk
from tests.conftest import future_local


def _event(app, initiative, title: str = "Keti Koti", capacity: int = 40) -> int:
    from portal.core.time import to_utc
    from portal.events.models import Event

    with app.app_context():
        event = Event(initiative_id=initiative.id, title=title, start_at=to_utc(future_local(9, 14)),
                      end_at=to_utc(future_local(9, 22)), address="Bijlmerpark", capacity=capacity,
                      description="Herdenken en vieren.")
        db.session.add(event)
        db.session.commit()
        return event.id


def _idle(app) -> None:
    """Make every session two minutes and more idle: the kiosk's idle log-out."""
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen=utcnow() - timedelta(minutes=3)))
        db.session.commit()


def test_walkin_rsvp_lands_on_its_slip_and_the_next_person_finds_nothing(page, javascript, app, make_user,
                                                                         make_initiative):
    """From the Agenda tile the librarian signs Mevrouw Pinas up and lands on her slip (A4 print shows the slip and
    the address to cancel); after the idle log-out the slip's address is a 404; after "Done" the back button shows
    nothing of her."""
    _event(app, make_initiative("Keti Koti comité"))
    librarian = make_user(role="librarian", name="Priya")
    make_kiosk(page, librarian)
    kiosk_log_in(page, librarian)
    page.set_viewport_size(KIOSK)
    page.get_by_role("link", name="Agenda", exact=True).click()
    page.get_by_role("link", name="Keti Koti", exact=True).click()
    page.get_by_label("Naam van de bewoner (aan de balie, zonder account)").fill("Mevrouw Pinas")
    page.get_by_label("Telefoon of e-mail van de bewoner (niet verplicht)").fill("06-12345678")
    page.locator("#walkin-children").fill("2")
    page.get_by_role("button", name="Aanmelden en briefje printen").click()
    expect(page).to_have_url(re.compile(r"/agenda/\d+/rsvp/\d+/slip#main$"))
    expect(page.locator("#messages")).to_contain_text("Aangemeld: Mevrouw Pinas komt naar Keti Koti.")
    slip = page.locator(".slip")
    for text in ("Keti Koti", "Bijlmerpark", "Mevrouw Pinas", "Je komt", "2 kinderen"):
        expect(slip).to_contain_text(text)
    expect(slip.locator("img")).to_have_attribute("src", re.compile(r"/qr.svg\?path="))
    expect(page.get_by_role("button", name="Klaar")).to_be_visible()
    page.screenshot(path=str(SCREENS / f"kiosk-event-slip-{'js' if javascript else 'nojs'}-1024x600.png"))
    shoot(page, f"kiosk-event-slip-{'js' if javascript else 'nojs'}")
    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()
    expect(slip).to_be_visible()
    expect(slip.locator(".print-only")).to_contain_text("/guest/")
    page.emulate_media(media="screen")
    slip_url = page.url

    page.goto("about:blank")
    _idle(app)  # the librarian walks away: the next person at the kiosk opens the slip's address
    response = page.goto(slip_url)
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Pinas")

    page.goto("/kiosk")
    kiosk_log_in(page, librarian)  # the librarian is back and may print it again; then "Done"
    page.goto(slip_url)
    expect(slip).to_contain_text("Mevrouw Pinas")
    page.get_by_role("button", name="Klaar").click()
    expect(page.locator(".tiles")).to_be_visible()
    page.go_back()
    expect(page.locator("body")).not_to_contain_text("Pinas")


def test_the_slip_has_no_serious_axe_violations(axe_page, axe, app, make_user, make_initiative):
    """axe-core finds no serious or critical problem on the slip and the event page with the desk's form, in Dutch
    and English."""
    from portal.events import rsvp

    event_id = _event(app, make_initiative("Keti Koti comité"))
    librarian = make_user(role="librarian", name="Priya")
    with app.app_context():
        row = rsvp.rsvp(event_id, None, 2, 1, "Mevrouw Pinas", "06-12345678",
                        recorded_by=db.session.merge(librarian))
        rsvp_id = row.id
    log_in(axe_page, librarian)
    for language in ("nl", "en"):
        axe_page.goto(f"/language/{language}")
        for path in (f"/agenda/{event_id}/rsvp/{rsvp_id}/slip", f"/agenda/{event_id}", f"/agenda/{event_id}/people"):
            axe_page.goto(path)
            assert serious_violations(axe, axe_page) == [], (language, path)
            if language == "nl":
                shoot(axe_page, "events" + path.replace("/", "-"))


def test_the_same_walkin_twice_is_told_at_the_desk_form(page, javascript, app, make_user, make_initiative):
    """Signing the same walk-in up twice: the message stands at the desk's form in words for the librarian, in
    view, with what was typed kept; the librarian's own "Kom je ook?" box says nothing."""
    event_id = _event(app, make_initiative("Keti Koti comité"))
    librarian = make_user(role="librarian", name="Priya")
    make_kiosk(page, librarian)
    kiosk_log_in(page, librarian)
    page.set_viewport_size(KIOSK)
    name = page.get_by_label("Naam van de bewoner (aan de balie, zonder account)")
    contact = page.get_by_label("Telefoon of e-mail van de bewoner (niet verplicht)")
    for _time in range(2):
        page.goto(f"/agenda/{event_id}")
        name.fill("Mevrouw Pinas")
        contact.fill("06-12345678")
        page.get_by_role("button", name="Aanmelden en briefje printen").click()
    expect(page.locator("#walk-in")).to_contain_text("Deze persoon staat er al op de lijst.")
    expect(page.locator("#walk-in").get_by_text("Deze persoon staat er al op de lijst.")).to_be_in_viewport()
    expect(name).to_have_value("Mevrouw Pinas")
    expect(contact).to_have_value("06-12345678")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#rsvp")).not_to_contain_text("staat")
    expect(page.locator("body")).not_to_contain_text("Gebruik de link")
    page.screenshot(path=str(SCREENS / f"kiosk-event-walkin-twice-{'js' if javascript else 'nojs'}-1024x600.png"))


def test_a_walkin_goes_on_a_shift_from_the_event_page(page, javascript, app, make_user, make_initiative):
    """At 360 px at the kiosk the librarian writes Mevrouw Pinas down for the barbecue's setting-up shift on the
    event's page: an empty name, a 300-character one and one of NUL bytes come back at that shift's field with
    what was typed; then her slip, and the shift has one more place taken."""
    from tests.browser.test_events_flow import _barbecue_with_a_setup_shift

    event_id, task_id, _resident = _barbecue_with_a_setup_shift(app, make_user, make_initiative)
    mode = "js" if javascript else "nojs"
    librarian = make_user(role="librarian", name="Priya")
    make_kiosk(page, librarian)
    kiosk_log_in(page, librarian)
    page.goto(f"/agenda/{event_id}")
    row = page.locator(f"#task-{task_id}")
    expect(row).to_contain_text("nog 2 mensen nodig")
    name = row.get_by_label("Voor een bewoner zonder account: naam")
    phone = row.get_by_label("Telefoon (niet verplicht)")
    for typed, message in (("", "Schrijf de naam van de bewoner."), ("P" * 300, "Gebruik hoogstens 80 tekens."),
                           ("\x00\x00", "Schrijf de naam van de bewoner.")):
        name.evaluate("(field, typed) => { field.value = typed }", typed)  # past its maxlength, as a paste might
        phone.fill("06 12345678")
        row.get_by_role("button", name="Schrijf op").click()
        expect(row.locator(".error")).to_have_text(f"Let op: {message}")
        expect(name).to_have_attribute("aria-invalid", "true")
        expect(name).to_be_focused()
        expect(name).to_have_value(typed.replace("\x00", ""))
        expect(phone).to_have_value("06 12345678")
        expect(row).to_contain_text("nog 2 mensen nodig")
    shoot(page, f"kiosk-shift-walkin-refused-{mode}")
    name.fill("Mevrouw Pinas")
    row.get_by_role("button", name="Schrijf op").click()
    expect(page).to_have_url(re.compile(r"/claims/\d+/slip$"))
    expect(page.locator("#messages")).to_contain_text(
        "Genoteerd: Mevrouw Pinas doet mee met Buurtbarbecue bij de moestuin: Opbouwen.")
    for text in ("Mevrouw Pinas", "06 12345678", "Priya"):
        expect(page.locator(".slip")).to_contain_text(text)
    shoot(page, f"kiosk-shift-walkin-slip-{mode}")
    page.goto(f"/agenda/{event_id}")
    expect(row).to_contain_text("nog 1 persoon nodig")
    row.scroll_into_view_if_needed()
    shoot(page, f"kiosk-shift-walkin-after-{mode}")
