"""Everyday task work in a real browser, JavaScript on and off: editing, my tasks, feedback at the card."""

from playwright.sync_api import expect

from tests.browser.conftest import shoot
from tests.browser.test_applause_flow import log_in


def test_editing_a_task_keeps_its_skills_and_hours(page, javascript, make_user, make_task):
    """The edit form shows "tillen, tuinieren" and "1,5"; saving it untouched changes nothing."""
    task = make_task(title="Stoelen sjouwen", skills=["tillen", "tuinieren"], estimate_minutes=90)
    log_in(page, make_user(role="coordinator"))
    page.goto(f"/tasks/{task.id}/edit")
    expect(page.get_by_label("Vaardigheden")).to_have_value("tillen, tuinieren")
    expect(page.get_by_label("Hoeveel uur kost het?")).to_have_value("1,5")
    shoot(page, f"task-edit-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Opslaan").click()
    card = page.locator(f"#task-{task.id}")
    expect(card.locator(".tag")).to_have_text(["tillen", "tuinieren"])
    expect(card).to_contain_text("1,5")
    page.goto("/boards/help")
    expect(page.locator("#skill option")).to_have_text(["Elke vaardigheid", "tillen", "tuinieren"])
