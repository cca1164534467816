"""Task boards in a real browser: claim, hand back, finish, with JavaScript on and off; axe on every page."""

from datetime import timedelta

from playwright.sync_api import expect

from portal.boards.services import today
from tests.browser.conftest import serious_violations, shoot
from tests.browser.test_applause_flow import log_in


def test_pick_up_a_task_and_finish_it(page, javascript, make_user, make_task, make_initiative):
    """A resident picks up a task, hands it back, picks it up again and marks it done; applause follows."""
    board = make_initiative("Groen in de buurt")
    make_task(board, "Boomspiegels schoffelen", places_needed=2, skills=["tuinieren"],
              due_date=today() + timedelta(days=3))
    log_in(page, make_user(name="Amira"))
    page.goto("/boards/help")
    card = page.locator("article.task").first
    card.get_by_role("button", name="Ik doe het").click()
    expect(page.locator("article.task").first).to_contain_text("Dankjewel! Je doet mee")
    expect(page.locator("article.task").first).to_contain_text("Amira")
    page.locator("article.task").first.get_by_role("button", name="Geef terug").click()
    expect(page.locator("article.task").first).to_contain_text("Teruggegeven")
    page.locator("article.task").first.get_by_role("button", name="Ik doe het").click()
    expect(page.locator("article.task").first.get_by_role("button", name="Het is klaar")).to_be_visible()
    shoot(page, f"boards-help-{'js' if javascript else 'nojs'}")
    page.locator("article.task").first.get_by_role("button", name="Het is klaar").click()
    page.get_by_role("button", name="De hele klus is klaar").click()  # a task for two asks; Amira is the last
    expect(page.locator("main")).to_contain_text("Klaar! Dankjewel.")
    page.goto("/applause")
    expect(page.locator("article.shout").first).to_contain_text("Bedankt, Amira!")


def test_board_pages_have_no_serious_axe_violations(axe_page, axe, make_user, make_task, make_initiative):
    """axe-core finds no serious or critical problem on the board pages."""
    board = make_initiative("Koningsdag 2027")
    make_task(board, "Kramen indelen", skills=["plannen"], good_first=True)
    make_task(board, "Vergunning", status="done")
    coordinator = make_user(role="coordinator")
    log_in(axe_page, coordinator)
    for path in ("/", "/boards", f"/boards/{board.id}", f"/boards/{board.id}/print", "/boards/help", "/boards/load",
                 "/account", f"/boards/people/{coordinator.id}/tasks",
                 f"/boards/{board.id}/tasks/new", f"/boards/{board.id}/meeting", "/boards/new"):
        axe_page.goto(path)
        assert serious_violations(axe, axe_page) == [], path
        shoot(axe_page, "boards" + path.replace("/", "-"))
