"""Deleting your own shout-out in a real browser asks first, with JavaScript on and off."""

from playwright.sync_api import expect

from tests.browser.conftest import serious_violations, shoot
from tests.browser.test_applause_flow import log_in


def test_delete_my_shout_asks_first(page, javascript, make_user, make_shout):
    """"Wis mijn bedankje" asks first; "Nee" keeps it; "Ja" deletes it."""
    author = make_user(name="Amira")
    shout = make_shout(author=author, text="Dank voor de soep!")
    log_in(page, author)
    page.goto(f"/applause/{shout.id}")
    page.get_by_role("link", name="Wis mijn bedankje").click()
    expect(page.get_by_role("heading", name="Je bedankje wissen?")).to_be_visible()
    shoot(page, f"applause-confirm-delete-{'js' if javascript else 'nojs'}")
    page.get_by_role("link", name="Nee, houden").click()
    expect(page.locator(".shout-text")).to_contain_text("Dank voor de soep!")
    page.get_by_role("link", name="Wis mijn bedankje").click()
    page.get_by_role("button", name="Ja, wis het").click()
    expect(page.locator("#messages")).to_be_visible()
    expect(page.get_by_text("Dank voor de soep!")).to_have_count(0)


def test_delete_question_has_no_serious_axe_violations(axe_page, axe, make_user, make_shout):
    """axe-core finds no serious or critical problem on the question before deleting."""
    author = make_user()
    shout = make_shout(author=author)
    log_in(axe_page, author)
    axe_page.goto(f"/applause/{shout.id}/delete")
    assert serious_violations(axe, axe_page) == []
