"""The buurthuis kiosk in a real browser: set up, log in, "Done", nothing left behind; axe and touch sizes."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from portal.accounts.models import UserSession
from portal.db import utcnow
from portal.extensions import db
from tests.browser.conftest import DESKTOP, SCREENS, serious_violations, shoot
from tests.browser.test_applause_flow import log_in
from tests.conftest import PASSWORD, future_local

KIOSK = {"width": 1024, "height": 600}


def make_kiosk(page, librarian):
    log_in(page, librarian)
    page.goto("/kiosk/devices")
    page.get_by_label("Naam van deze computer").fill("Computer bij de balie")
    page.get_by_role("button", name="Maak van deze computer een kiosk").click()
    expect(page.locator(".tiles")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Deze computer is nu de kiosk")
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()  # the librarian was logged out


def test_resident_uses_the_kiosk_and_leaves_nothing(page, javascript, make_user):
    """A resident logs in on the kiosk, presses Done, and the back button shows nothing of them."""
    make_kiosk(page, make_user(role="librarian"))
    resident = make_user(name="Kwame Mensah")
    page.get_by_role("link", name="Inloggen").click()
    expect(page.get_by_label("Wachtwoord")).to_have_attribute("autocomplete", "off")
    page.get_by_label("E-mailadres").fill(resident.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("#kiosk-session")).to_contain_text("Ingelogd als Kwame Mensah")
    page.get_by_role("link", name="Mijn account").click()
    expect(page.locator("main")).to_contain_text(resident.email)
    shoot(page, f"kiosk-account-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Klaar").click()
    expect(page.locator(".tiles")).to_be_visible()
    page.go_back()
    expect(page.locator("body")).not_to_contain_text(resident.email)
    expect(page.locator("body")).not_to_contain_text("Kwame")


def kiosk_log_in(page, user):
    page.get_by_role("link", name="Inloggen").click()
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


@pytest.fixture
def kiosk_time(monkeypatch):
    """Stop the clock the visitor's countdown is counted by on the server; return a function that moves it on by some
    seconds (with the browser's own clock, page.clock, moved as far)."""
    from portal.kiosk import services

    now = [utcnow()]
    monkeypatch.setattr(services, "utcnow", lambda: now[0])

    def advance(page, seconds: int) -> None:
        # htmx at rest first: it sets up the triggers of what it swapped in a moment after the swap
        expect(page.locator(".htmx-added, .htmx-settling, .htmx-swapping, .htmx-request")).to_have_count(0)
        now[0] += timedelta(seconds=seconds)
        page.clock.run_for(seconds * 1000)

    return advance


def count_down(page, kiosk_time, to: int = 0) -> None:
    """Let the visitor's warning count down in its steps of 5 s, each number seen, until `to` seconds are left
    (0: until the page has gone to the start)."""
    count = page.locator("#kiosk-idle .kiosk-countdown")
    for left in range(25, to - 1, -5):
        kiosk_time(page, 5)
        if left:
            expect(count).to_have_text(str(left))
    if not to:
        expect(page).to_have_url(re.compile(r"/kiosk$"))


def test_idle_log_out_returns_to_the_start_screen(page, javascript, app, make_user):
    """After the idle log-out the kiosk shows its start screen; a log-in meant for a fragment gets a whole page."""
    make_kiosk(page, make_user(role="librarian"))
    resident = make_user(name="Kwame Mensah")
    if javascript:
        kiosk_log_in(page, resident)
        expect(page.locator("#kiosk-session")).to_contain_text("Ingelogd als Kwame Mensah")
        with app.app_context():
            db.session.execute(update(UserSession).values(last_seen=utcnow() - timedelta(minutes=3)))
            db.session.commit()
        expect(page.get_by_role("link", name="Inloggen")).to_be_visible(timeout=15_000)
        expect(page.locator(".tiles")).to_be_visible()
        expect(page).to_have_url(re.compile(r"/kiosk$"))
        expect(page.locator("body")).not_to_contain_text("Kwame")
    # The old dead end: a log-in whose way back was the countdown fragment's own address.
    page.goto("/login?next=/kiosk/session")
    page.get_by_label("E-mailadres").fill(resident.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".kiosk-header")).to_be_visible()
    expect(page.get_by_role("button", name="Klaar")).to_be_visible()
    expect(page.locator("#kiosk-session")).to_contain_text("Ingelogd als Kwame Mensah")


def test_kiosk_pages_are_accessible_and_large(axe_page, axe, make_user, make_task, make_initiative):
    """Kiosk screens have no serious axe violation, buttons of 48 px and more, and text of 20 px and more."""
    make_task(make_initiative("Groen"), "Water geven")
    make_kiosk(axe_page, make_user(role="librarian"))
    for path in ("/kiosk", "/kiosk/today", "/kiosk/help", "/login"):
        axe_page.goto(path)
        assert serious_violations(axe, axe_page) == [], path
        selector = "main a.tile, main button, main .button, main input:not([type=hidden]), header .button"
        small = axe_page.evaluate("""(selector) => [...document.querySelectorAll(selector)].filter(e => {
            const r = e.getBoundingClientRect(); return r.height < 48 || r.width < 48 })
            .map(e => e.outerHTML.slice(0, 60))""", selector)
        assert small == [], (path, small)
        font = axe_page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
        assert font >= 20, (path, font)
        shoot(axe_page, "kiosk" + path.replace("/", "-"))


def test_walkin_booking_lands_on_its_slip(page, javascript, make_user, make_room):
    """At the kiosk the walk-in fields come first, and booking for a walk-in lands on that booking's slip."""
    room = make_room(name="Keuken")
    librarian = make_user(role="librarian", name="Priya")
    make_kiosk(page, librarian)
    kiosk_log_in(page, librarian)
    start = future_local(days=9, hour=14)
    page.goto(f"/rooms/{room.id}/book?start={start:%Y-%m-%dT%H:%M}&end={start.replace(hour=16):%Y-%m-%dT%H:%M}")
    name = page.get_by_label("Naam van de bewoner (aan de balie, zonder account)")
    title = page.get_by_label("Waarvoor is het?")
    assert name.bounding_box()["y"] < title.bounding_box()["y"]
    page.set_viewport_size(KIOSK)
    assert name.bounding_box()["y"] + name.bounding_box()["height"] < KIOSK["height"]  # above the fold
    name.fill("Mevrouw Pinas")
    page.get_by_label("Telefoon of e-mail van de bewoner").fill("06-12345678")
    title.fill("Verjaardag")
    page.get_by_role("button", name="Boek", exact=True).click()
    expect(page).to_have_url(re.compile(r"/bookings/\d+/slip$"))
    expect(page.locator("#messages")).to_contain_text("Geboekt")
    expect(page.locator(".slip")).to_contain_text("Verjaardag")
    expect(page.locator(".slip")).to_contain_text("Mevrouw Pinas")
    expect(page.get_by_role("button", name="Klaar")).to_be_visible()
    page.screenshot(path=str(SCREENS / f"kiosk-walkin-slip-{'js' if javascript else 'nojs'}-1024x600.png"))
    shoot(page, f"kiosk-walkin-slip-{'js' if javascript else 'nojs'}")


def write_down_at_the_desk(page, librarian, phone: str) -> None:
    """Make this browser the kiosk, log the librarian in and write Mevrouw Pinas down for the first task."""
    make_kiosk(page, librarian)
    kiosk_log_in(page, librarian)
    page.set_viewport_size(KIOSK)
    page.goto("/kiosk/help")
    page.get_by_label("Voor een bewoner zonder account: naam").fill("Mevrouw Pinas")
    page.get_by_label("Telefoon (niet verplicht)").fill(phone)
    page.get_by_role("button", name="Schrijf op").click()


def test_walkin_task_claim_lands_on_its_slip(page, javascript, make_user, make_task, make_initiative):
    """At the kiosk a librarian writes a resident down for a task, with a phone number, and gets a slip to print."""
    make_task(make_initiative("Soepdag"), "Soep koken", place="Keuken van het buurthuis")
    write_down_at_the_desk(page, make_user(role="librarian", name="Priya"), "06 12345678")
    expect(page).to_have_url(re.compile(r"/claims/\d+/slip$"))
    expect(page.locator("#messages")).to_contain_text("Genoteerd: Mevrouw Pinas doet mee met Soep koken")
    slip = page.locator(".slip")
    for text in ("Soep koken", "Keuken van het buurthuis", "Mevrouw Pinas", "06 12345678", "Priya"):
        expect(slip).to_contain_text(text)
    expect(slip.locator("img")).to_have_attribute("src", re.compile(r"/qr.svg\?path="))
    expect(page.get_by_role("button", name="Klaar")).to_be_visible()
    page.screenshot(path=str(SCREENS / f"kiosk-task-slip-{'js' if javascript else 'nojs'}-1024x600.png"))
    shoot(page, f"kiosk-task-slip-{'js' if javascript else 'nojs'}")
    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()
    expect(slip).to_be_visible()


@pytest.mark.parametrize("screen", [KIOSK, DESKTOP], ids=["1024x600", "1280x800"])
def test_start_screen_tiles_fit_the_kiosk_screen(page, javascript, make_user, screen):
    """On a 1024x600 or a 1280x800 kiosk screen all eight tiles, "Log in" included, are visible without
    scrolling."""
    make_kiosk(page, make_user(role="librarian"))
    page.set_viewport_size(screen)
    page.goto("/kiosk")
    bottoms = page.locator("a.tile").evaluate_all("tiles => tiles.map(t => t.getBoundingClientRect().bottom)")
    assert len(bottoms) == 8 and max(bottoms) <= screen["height"], bottoms
    expect(page.get_by_role("link", name="Inloggen")).to_be_in_viewport(ratio=1)
    page.screenshot(path=str(SCREENS / f"kiosk-start-{'js' if javascript else 'nojs'}-{screen['width']}x"
                                       f"{screen['height']}.png"))


def test_the_next_person_at_the_kiosk_starts_in_dutch(page, javascript, app, make_user):
    """Someone switches the kiosk to English; after "Done" and after the idle log-out the start screen is Dutch."""
    make_kiosk(page, make_user(role="librarian"))
    resident = make_user(name="Kwame Mensah")
    kiosk_log_in(page, resident)
    expect(page.locator("#kiosk-session")).to_contain_text("Ingelogd als Kwame Mensah")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("button", name="Done ✓")).to_be_visible()
    page.get_by_role("button", name="Done ✓").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    shoot(page, f"kiosk-start-after-done-{'js' if javascript else 'nojs'}")
    kiosk_log_in(page, make_user(name="Amira"))  # the next person, who chooses English too, then walks away
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen=utcnow() - timedelta(minutes=3)))
        db.session.commit()
    if not javascript:
        page.goto("/kiosk")  # what the page's refresh does after two minutes without JavaScript
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible(timeout=15_000)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator(".tiles")).to_be_visible()


def test_english_chosen_at_the_kiosk_start_stays_after_logging_in(page, javascript, make_user):
    """At 360 px someone taps English on the kiosk's start screen and logs in to a Dutch account: the pages stay
    English for their session; after "Done" the start screen is Dutch for the next person."""
    make_kiosk(page, make_user(role="librarian"))
    resident = make_user(name="Kwame Mensah", language="nl")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("E-mail address or phone number").fill(resident.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#kiosk-session")).to_contain_text("Logged in as Kwame Mensah")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#messages")).to_contain_text("Welcome, Kwame Mensah.")
    page.get_by_role("link", name="Where can I help?").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/kiosk")
    shoot(page, f"kiosk-english-after-log-in-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Done ✓").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()


def test_typing_keeps_a_kiosk_page_and_the_warning_comes_first(page, javascript, make_user, kiosk_time):
    """A visitor typing an idea for over 2 minutes keeps the page and the text: activity starts the time again.
    Untouched, the page warns 30 s ahead with "I am still here", then goes back to a Dutch start screen; without
    JavaScript it says how long it waits and the refresh keeps its 2 minutes."""
    make_kiosk(page, make_user(role="librarian"))
    page.get_by_role("link", name="English").click()
    if not javascript:
        page.goto("/kiosk/idea")
        note = page.locator(".kiosk-idle-note")  # in <noscript>, which Playwright's text search leaves out
        expect(note).to_be_visible()
        expect(note).to_contain_text("This screen goes back to the start after 2 minutes.")
        expect(page.locator('meta[http-equiv="refresh"]')).to_have_attribute("content", "125;url=/kiosk/idle")
        shoot(page, "kiosk-idle-note-nojs")
        return
    page.clock.install()
    page.goto("/kiosk/idea")
    text = page.get_by_label("Tell a bit more (optional)")
    warning = page.locator("#kiosk-idle").filter(has_text="seconds it goes back to the start")
    expect(page.locator(".kiosk-idle-note")).to_be_hidden()
    for word in ("Een", "repaircafé", "in", "het", "buurthuis,", "elke", "maand"):  # 30 s a word: 3.5 minutes
        page.clock.run_for(30_000)
        text.press_sequentially(word + " ")
    expect(warning).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/kiosk/idea$"))
    expect(text).to_have_value("Een repaircafé in het buurthuis, elke maand ")
    page.clock.run_for(96_000)  # nothing for 96 s: the warning
    expect(warning).to_be_visible()
    shoot(page, "kiosk-idle-warning-visitor-js")
    page.get_by_role("button", name="I am still here").click()
    expect(warning).to_be_hidden()
    page.clock.run_for(90_000)
    expect(page).to_have_url(re.compile(r"/kiosk/idea$"))
    page.clock.run_for(6_000)  # untouched for 96 s: the warning again, then 30 s more
    expect(warning).to_be_visible()
    count_down(page, kiosk_time)  # back to the start, in Dutch, the text gone
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator(".tiles")).to_be_visible()
    page.go_back()  # the page comes again from the server: Dutch, and empty
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_label("Vertel er iets meer over (niet verplicht)")).to_have_value("")


def test_the_visitor_warning_counts_down_and_a_tap_keeps_the_page(page, javascript, make_user, kiosk_time):
    """At 360 px the visitor's warning shows the seconds left and counts down (30, 25, ... 5) with htmx alone; the
    live region says it when it comes and at 10 s only; a tap anywhere keeps the page; at 0 the start is Dutch."""
    if not javascript:
        pytest.skip("without JavaScript the page says it waits 2 minutes and refreshes (tested above)")
    make_kiosk(page, make_user(role="librarian"))
    page.get_by_role("link", name="English").click()
    page.clock.install()
    page.goto("/kiosk/today")
    count = page.locator("#kiosk-idle .kiosk-countdown")
    said = page.locator("#kiosk-idle-say")
    expect(said).to_have_attribute("aria-live", "polite")
    kiosk_time(page, 96)
    expect(count).to_have_text("30")
    expect(said).to_contain_text("In 30 seconds it goes back to the start. To stay, touch the screen")
    count_down(page, kiosk_time, to=15)
    shoot(page, "kiosk-idle-countdown-js")
    expect(said).to_contain_text("In 30 seconds")  # not read out again at 25, 20 or 15
    kiosk_time(page, 5)
    expect(count).to_have_text("10")
    expect(said).to_have_text("10 seconds left, then this screen goes back to the start.")
    page.get_by_role("heading", name="What is on today?").click()  # a tap anywhere: the page stays, nothing said
    expect(page.locator("#kiosk-idle")).to_be_hidden()
    expect(said).to_have_text("")
    kiosk_time(page, 60)
    expect(page).to_have_url(re.compile(r"/kiosk/today$"))
    kiosk_time(page, 40)  # untouched for 100 s: the warning again, from 30
    expect(count).to_have_text("30")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # read further down: the warning stays in view
    expect(page.locator("#kiosk-idle")).to_be_in_viewport()
    shoot(page, "kiosk-idle-countdown-scrolled-js")
    count_down(page, kiosk_time)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator(".tiles")).to_be_visible()


def test_typing_keeps_a_logged_in_kiosk_session(page, javascript, app, make_user):
    """Logged in at the kiosk, typing tells the server someone is here: the warning goes, the session stays."""
    if not javascript:
        pytest.skip("without JavaScript nothing watches typing; the note and the refresh are tested above")
    make_kiosk(page, make_user(role="librarian"))
    kiosk_log_in(page, make_user(name="Kwame Mensah"))
    page.goto("/kiosk/idea")
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen=utcnow() - timedelta(seconds=100)))
        db.session.commit()
    expect(page.locator("#kiosk-session")).to_contain_text("seconden uitgelogd", timeout=10_000)
    page.get_by_label("In een paar woorden").press_sequentially("Repaircafé")
    expect(page.locator("#kiosk-session")).to_contain_text("Ingelogd als Kwame Mensah", timeout=10_000)
    expect(page.get_by_label("In een paar woorden")).to_have_value("Repaircafé")
    page.wait_for_timeout(6_000)  # the next look at the clock: still well over a minute left
    expect(page.locator("#kiosk-session")).to_contain_text("Ingelogd als Kwame Mensah")


def test_a_poster_at_the_kiosk_goes_back_to_a_dutch_start(page, javascript, app, make_user, kiosk_time):
    """A visitor leaves an English poster at the kiosk: it warns, then goes back to a Dutch start screen; "Start
    screen" leads there too, and on paper neither the warning nor the links show."""
    from portal.ideas.services import propose

    with app.app_context():
        idea = propose("Secret plan of Previous Person", "", "idea", None, None, "Ans", "0612345678")
        db.session.commit()
        poster = f"/poster/idea/{idea.id}"
    make_kiosk(page, make_user(role="librarian"))
    page.get_by_role("link", name="English").click()
    if javascript:
        page.clock.install()
    page.goto(poster)
    expect(page.locator("h1")).to_contain_text("Secret plan")
    page.get_by_role("link", name="Start screen").click()
    expect(page).to_have_url(re.compile(r"/kiosk$"))
    page.goto(poster)
    page.emulate_media(media="print")
    expect(page.locator(".print-help")).to_be_hidden()
    page.emulate_media(media="screen")
    if not javascript:
        expect(page.locator('meta[http-equiv="refresh"]')).to_have_attribute("content", "125;url=/kiosk/idle")
        expect(page.locator(".kiosk-idle-note")).to_be_visible()
        page.goto("/kiosk/idle")  # what the refresh does after 2 minutes
    else:
        page.clock.run_for(96_000)
        warning = page.locator("#kiosk-idle").filter(has_text="In 30 seconds it goes back to the start")
        expect(warning).to_be_visible()
        shoot(page, "kiosk-poster-warning-js")
        page.emulate_media(media="print")
        expect(warning).to_be_hidden()
        page.emulate_media(media="screen")
        count_down(page, kiosk_time)
    expect(page).to_have_url(re.compile(r"/kiosk$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("body")).not_to_contain_text("Secret plan")


def test_a_walkin_with_a_bad_phone_keeps_what_was_typed(page, javascript, make_user, make_task, make_initiative):
    """At the kiosk a walk-in with a bad phone keeps the name and phone as typed, with one message at the walk-in
    fields (not above the librarian's own "I'll do it"); corrected, it lands on the slip."""
    make_task(make_initiative("Soepdag"), "Soep koken")
    write_down_at_the_desk(page, make_user(role="librarian", name="Priya"), "bel me maar")
    phone = page.get_by_label("Telefoon (niet verplicht)")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Voor een bewoner zonder account: naam")).to_have_value("Mevrouw Pinas")
    expect(phone).to_have_value("bel me maar")
    expect(phone).to_be_focused()
    message = page.get_by_text("Schrijf een telefoonnummer in cijfers")
    expect(message).to_have_count(1)
    expect(page.locator(".walkin-form")).to_contain_text("Schrijf een telefoonnummer in cijfers")
    assert message.bounding_box()["y"] > page.get_by_role("button", name="Ik doe het").bounding_box()["y"]
    expect(message).to_be_in_viewport()
    shoot(page, f"kiosk-walkin-bad-phone-{'js' if javascript else 'nojs'}")
    phone.fill("06 12345678")
    page.get_by_role("button", name="Schrijf op").click()
    expect(page).to_have_url(re.compile(r"/claims/\d+/slip$"))
    expect(page.locator(".slip")).to_contain_text("Mevrouw Pinas")
