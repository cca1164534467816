"""The buurthuis screen in a real browser: set per kiosk, it turns on by itself with JavaScript on and off, and each
page fills a 1920x1080 and a 1280x720 screen without scrolling."""

import re

from playwright.sync_api import expect

from portal.core.time import to_utc
from portal.events.models import Event
from portal.extensions import db
from portal.kiosk.models import KioskDevice
from tests.browser.conftest import SCREENS, serious_violations, shoot
from tests.browser.test_applause_flow import log_in
from tests.browser.test_kiosk_flow import kiosk_log_in, make_kiosk
from tests.conftest import future_local, saved

FULL_HD = {"width": 1920, "height": 1080}
HD = {"width": 1280, "height": 720}


def neighbourhood(app, make_initiative, make_task, make_shout) -> None:
    """Fill the screen's three pages with believable public content."""
    garden = make_initiative("Buurttuin Gaasperdam")
    cafe = make_initiative("Taalcafé Bijlmer")
    make_shout("Dank voor de soep na de schoonmaakactie, iedereen was weer warm!", thanked_name="Fatima",
               initiative=garden)
    make_shout("Voor het water geven van de moestuin in de vakantie.", thanked_name="Sanne")
    make_shout("Dank voor het uitlenen van de ladder.", thanked_name="Kwame")
    for days, title, initiative in ((1, "Plantjesmarkt op het plein", garden), (2, "Taalcafé: samen Nederlands "
                                    "oefenen", cafe), (3, "Buurtmaaltijd", cafe), (5, "Schoffelmiddag", garden)):
        with app.app_context():
            db.session.add(Event(initiative_id=initiative.id, title=title, start_at=to_utc(future_local(days, 14)),
                                 end_at=to_utc(future_local(days, 16)), address="Bijlmerplein 1", public=True))
            db.session.commit()
    for title, initiative in (("Onkruid wieden bij de ingang", garden), ("Koffie zetten voor het taalcafé", cafe),
                              ("Flyers rondbrengen in de Hoogoord", cafe), ("Gieters vullen", garden)):
        make_task(initiative, title=title, places_needed=2)


def test_the_screen_turns_by_itself_as_the_kiosk_is_set(page, javascript, app, make_user):
    """A librarian sets the kiosk's screen to the agenda and tasks for 10 s; the screen moves on alone."""
    librarian = make_user(role="librarian", name="Lotte")
    make_kiosk(page, librarian)
    kiosk_log_in(page, librarian)
    page.goto("/kiosk/devices")
    page.get_by_role("link", name="Scherm Computer bij de balie").click()
    page.get_by_label("Applausmuur").uncheck()
    page.get_by_label("Seconden per pagina").fill("3")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#seconds-error")).to_contain_text("10")
    expect(page.get_by_label("Applausmuur")).not_to_be_checked()  # what was typed stays
    page.get_by_label("Seconden per pagina").fill("10")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#messages")).to_contain_text("is opgeslagen")
    page.goto("/kiosk/scherm")
    expect(page.locator("h1")).to_contain_text("Deze week in")
    page.wait_for_url(re.compile(r"/kiosk/scherm\?p=help$"), timeout=20_000)
    expect(page.locator("h1")).to_contain_text("Wie helpt mee?")


def test_screen_pages_fill_the_screen_and_pass_axe(axe_page, axe, app, make_initiative, make_task, make_shout,
                                                   make_user):
    """Each screen page fits 1920x1080 and 1280x720 without scrolling; axe finds nothing serious (nl and en)."""
    neighbourhood(app, make_initiative, make_task, make_shout)
    log_in(axe_page, make_user(role="librarian", name="Lotte"))
    with app.app_context():
        device = KioskDevice(name="Scherm in de hal", token_hash="0" * 64, screen_seconds=20)
        db.session.add(device)
        saved(device)
    axe_page.goto("/kiosk/devices")
    axe_page.get_by_role("link", name="Scherm Scherm in de hal").click()
    assert serious_violations(axe, axe_page) == []
    shoot(axe_page, "kiosk-screen-settings")
    SCREENS.mkdir(parents=True, exist_ok=True)
    for language in ("nl", "en"):
        if language == "en":
            axe_page.goto("/")
            axe_page.get_by_role("link", name="English").click()
        for name in ("applause", "agenda", "help"):
            axe_page.goto(f"/kiosk/scherm?p={name}")
            assert serious_violations(axe, axe_page) == [], (language, name)
            for label, size in (("1920", FULL_HD), ("720p", HD)):
                axe_page.set_viewport_size(size)
                assert axe_page.evaluate("document.documentElement.scrollHeight <= innerHeight + 1"), (name, label)
                assert axe_page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1"), (name, label)
                if language == "nl":
                    axe_page.screenshot(path=str(SCREENS / f"kiosk-screen-{name}-{label}.png"))
