"""Targets for a finger on a 360x640 phone: the links and fold-outs residents tap on everyday pages are at least
44 px high, and the weekly sheet fits the screen."""

from playwright.sync_api import expect

from tests.browser.conftest import shoot

SMALL = """selector => [...document.querySelectorAll(selector)].filter(e => e.offsetParent !== null)
    .filter(e => e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 80))"""
# Per page: the targets a resident named, found by their place in the design (not one page's ids).
TARGETS = {
    "/": ".section-head > a, main .actions > a",
    "/ideeen": "main .actions > a",
    "/netwerk": ".partner-item a",
    "/budget": ".leaflet-part summary",
    "/buurtbericht": ".share a, .share summary, .paper-versions a",
}


def test_everyday_links_and_fold_outs_are_finger_sized(axe_page, app):
    """The home page's "Waar kan ik helpen?" and "Al mijn boekingen", the idea box's "Ik kan vertellen over…",
    partners' links, the budget's "In het Engels" and the sheet's share links are all 44 px high; the sheet, in
    Dutch and English, is no wider than the phone."""
    from portal.demo import DEMO_PASSWORD, seed_demo

    with app.app_context():
        seed_demo()
    axe_page.goto("/login")
    axe_page.get_by_label("E-mailadres").fill("sanne@demo.buurtbouw.nl")
    axe_page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    axe_page.get_by_role("button", name="Inloggen").click()
    expect(axe_page.locator("header form[action='/logout']").first).to_be_attached()
    for path, selector in TARGETS.items():
        axe_page.goto(path)
        assert axe_page.locator(selector).count() > 0, path
        assert axe_page.evaluate(SMALL, selector) == [], path
    for path in ("/buurtbericht", "/buurtbericht?lang=en", "/buurtbericht?large=1"):
        axe_page.goto(path)
        assert axe_page.evaluate("() => document.documentElement.scrollWidth") <= 360, path
        assert axe_page.locator(".paper-head img").bounding_box()["x"] + 96 <= 360, path
    shoot(axe_page, "paper-sheet-phone-fits")
