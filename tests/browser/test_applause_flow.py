"""The applause machine in a real browser: thank, clap (htmx and plain), wall, print; axe on every page."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import serious_violations, shoot
from tests.conftest import PASSWORD


def log_in(page, user):
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("header form[action='/logout']").first).to_be_attached()


def test_thank_someone_and_clap(page, javascript, make_user, make_initiative):
    """A resident thanks a neighbour, then claps and takes the clap back, with JavaScript on or off."""
    make_initiative("Groen in de buurt")
    log_in(page, make_user(name="Amira"))
    page.goto("/applause")
    page.get_by_role("link", name="Bedank iemand").click()
    page.get_by_role("button", name="Plaats mijn bedankje").click()
    expect(page.locator("#text-error")).to_contain_text("Vul dit in.")
    page.get_by_label("Wie bedank je?").fill("Sanne")
    page.get_by_label("Initiatief").select_option(label="Groen in de buurt")
    page.get_by_label("Waarvoor?").fill("Voor het water geven van de moestuin.")
    page.get_by_role("button", name="Plaats mijn bedankje").click()
    expect(page.locator("#messages")).to_contain_text("Bedankt voor je applaus!")
    page.goto("/applause")
    card = page.locator("article.shout").first
    expect(card).to_contain_text("Bedankt, Sanne!")
    card.get_by_role("button", name=re.compile(r"^Klap ")).click()
    expect(page.locator("article.shout").first.get_by_role("button", name="Je hebt geklapt")).to_have_attribute(
        "aria-pressed", "true")
    expect(page.locator("article.shout").first.locator(".clap-count")).to_contain_text("1")
    page.locator("article.shout").first.get_by_role("button", name="Je hebt geklapt").click()
    expect(page.locator("article.shout").first.locator(".clap-count")).to_contain_text("0")
    shoot(page, f"applause-feed-{'js' if javascript else 'nojs'}")


def test_applause_pages_have_no_serious_axe_violations(axe_page, axe, make_user, make_shout, app):
    """axe-core finds no serious or critical problem on the applause pages, Dutch and English."""
    coordinator = make_user(role="coordinator", name="Fatima")
    shout = make_shout("Voor de koffie elke dinsdag.", thanked_name="Sanne")
    make_shout("For the chairs.", thanked_name="Kwame")
    log_in(axe_page, coordinator)
    for language in ("nl", "en"):
        if language == "en":
            axe_page.get_by_role("link", name="English").click()
        for path in ("/", "/applause", f"/applause/{shout.id}", "/applause/new", "/applause/moderation",
                     "/applause/print", "/kiosk/applause", "/account"):
            axe_page.goto(path)
            assert serious_violations(axe, axe_page) == [], (language, path)
            if language == "nl":
                shoot(axe_page, "applause" + path.replace("/", "-"))
