"""One voice in a real browser, JavaScript on and off: answer, change your mind, see the result; axe; screens."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import open_menu, serious_violations, shoot
from tests.browser.test_applause_flow import log_in


def test_answer_change_your_mind_and_see_the_result(page, javascript, make_user, app):
    """A resident finds the question from the menu, answers, changes their mind and sees the counts change."""
    position = _make_position(app)
    log_in(page, make_user(name="Sanne Bakker"))
    page.goto("/")
    open_menu(page)
    page.get_by_role("link", name="Buurtstem").first.click()
    page.get_by_role("link", name=re.compile(r"^Geef je mening\s*:\s*Wat vinden we")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(position.title)
    card = page.locator(f"#respond-{position.id}")
    card.get_by_label("Ik ben ervoor").check()
    card.get_by_label("Waarom? In je eigen woorden (niet verplicht)").fill("Meer bomen op het plein!")
    card.get_by_role("button", name="Verstuur mijn antwoord").click()
    expect(page.locator(f"#respond-{position.id}")).to_contain_text("Bedankt! Je antwoord telt.")
    # the thanks stands in view after the button was pressed, with and without JavaScript
    expect(page.locator(f"#respond-{position.id} .message").first).to_be_in_viewport()
    expect(page.locator("#voice-counts")).to_contain_text("1 antwoord")
    expect(page.locator("#voice-arguments")).to_contain_text("Meer bomen op het plein!")
    card = page.locator(f"#respond-{position.id}")
    card.get_by_label("Ik ben ertegen").check()
    card.get_by_label("Waarom? In je eigen woorden (niet verplicht)").fill("Toch liever parkeerplaatsen.")
    card.get_by_role("button", name="Verander mijn antwoord").click()
    expect(page.locator(f"#respond-{position.id}")).to_contain_text("Je antwoord is veranderd.")
    expect(page.locator("#voice-counts .voice-oppose")).to_contain_text("1")
    expect(page.locator("#voice-counts .voice-support")).to_contain_text("0")
    expect(page.locator("#voice-counts")).to_contain_text("1 antwoord")
    expect(page.locator("#voice-arguments")).not_to_contain_text("Meer bomen")
    shoot(page, f"voice-answered-{'js' if javascript else 'nojs'}")


def test_a_coordinator_closes_a_question_after_saying_yes(page, javascript, make_user, app):
    """"Nu sluiten" asks "Weet je het zeker?" first (under the button with JavaScript, a page without); "Nee" keeps
    it open, "Ja" closes it."""
    position = _make_position(app)
    log_in(page, make_user(role="coordinator", name="Mehmet"))
    page.goto(f"/buurtstem/{position.id}")
    page.get_by_role("link", name="Nu sluiten").click()
    ask = page.locator("#close-position")
    expect(ask).to_contain_text("Weet je het zeker?")
    expect(page.locator("h1")).to_have_text(position.title if javascript else "De vraag sluiten?")
    shoot(page, f"voice-close-ask-{'js' if javascript else 'nojs'}")
    ask.get_by_role("link", name="Nee, ga terug").click()
    expect(page.locator(".voice-when")).to_contain_text("Open tot en met")
    page.get_by_role("link", name="Nu sluiten").click()
    page.locator("#close-position").get_by_role("button", name="Ja, sluit de vraag nu").click()
    expect(page.locator("#messages")).to_contain_text("De vraag is gesloten.")
    expect(page.locator(".voice-when")).to_contain_text("Gesloten op")
    expect(page.get_by_role("link", name="Nu sluiten")).to_have_count(0)


def _make_position(app):
    from datetime import timedelta

    from portal.core.time import today
    from portal.extensions import db
    from portal.voice.models import Position
    from portal.voice.services import closes_at_for
    from tests.conftest import saved

    with app.app_context():
        position = Position(title="Wat vinden we van het plan voor het Nellesteinplein?",
                            text="Het stadsdeel wil het plein opnieuw inrichten.\nWat vinden wij?",
                            closes_at=closes_at_for(today() + timedelta(days=10)))
        db.session.add(position)
        return saved(position)


def test_voice_pages_have_no_serious_axe_violations(axe_page, axe, make_user, app):
    """axe-core finds no serious or critical problem on the one-voice pages, Dutch and English; screens saved."""
    from portal.db import utcnow
    from portal.demo import seed_demo

    with app.app_context():
        seed_demo()
        from sqlalchemy import select

        from portal.extensions import db
        from portal.voice.models import Position

        open_id, closed_id = (db.session.scalars(select(Position.id).order_by(Position.closes_at.desc())).all())
        assert db.session.get(Position, closed_id).closes_at < utcnow()
    coordinator = make_user(role="coordinator", name="Mehmet")
    log_in(axe_page, coordinator)
    for language in ("nl", "en"):
        if language == "en":
            axe_page.get_by_role("banner").get_by_role("link", name="English").click()
        for path in ("/buurtstem", f"/buurtstem/{open_id}", f"/buurtstem/{closed_id}", f"/buurtstem/{closed_id}/print",
                     "/buurtstem/new", "/buurtstem/moderation", "/kiosk/voice", f"/kiosk/voice/{open_id}", "/"):
            axe_page.goto(path)
            assert serious_violations(axe, axe_page) == [], (language, path)
            if language == "nl":
                shoot(axe_page, "voice" + path.replace("/", "-"))


def test_librarian_writes_down_a_walkins_answer_at_the_kiosk(page, javascript, make_user, app):
    """At the kiosk a librarian counts a walk-in's answer; the same person again changes it, never counts twice."""
    from tests.browser.test_kiosk_flow import kiosk_log_in, make_kiosk

    _make_position(app)
    librarian = make_user(role="librarian", name="Priya Ramdin")
    make_kiosk(page, librarian)
    kiosk_log_in(page, librarian)
    page.get_by_role("link", name="Buurtstem: schrijf het antwoord van een bewoner op").click()
    page.get_by_role("link", name=re.compile("Nellesteinplein")).click()
    page.set_viewport_size({"width": 1280, "height": 800})  # the kiosk's screen
    page.get_by_role("button", name="Tel dit antwoord").click()  # nothing filled in: what is missing is in view
    expect(page.locator(".error-summary")).to_be_in_viewport()
    expect(page.locator(".error-summary")).to_contain_text("Vul dit in.")
    page.get_by_label("Naam van de bewoner").fill("Mevrouw Hooghart")
    page.get_by_label("Huisnummer of telefoon").fill("112")
    page.get_by_label("Ik ben ertegen").check()
    why = "Waarom? In de eigen woorden van de bewoner (niet verplicht)"
    page.get_by_label(why).fill("De bus moet blijven stoppen.")
    shoot(page, f"voice-kiosk-form-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Tel dit antwoord").click()
    expect(page.locator("#messages")).to_contain_text("Opgeschreven: het antwoord van Mevrouw Hooghart telt.")
    expect(page.get_by_label("Naam van de bewoner")).to_have_value("")  # ready for the next resident
    page.get_by_label("Naam van de bewoner").fill("mevrouw hooghart")
    page.get_by_label("Huisnummer of telefoon").fill("112")
    page.get_by_label("Neutraal, of een opmerking").check()
    page.get_by_role("button", name="Tel dit antwoord").click()
    expect(page.locator("#messages")).to_contain_text("niet dubbel geteld")
    expect(page.locator("main")).to_contain_text("0 voor · 0 tegen · 1 neutraal")
