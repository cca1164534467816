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


def test_the_help_filters_keep_each_label_beside_its_list_and_a_board_name_under_its_card(page, javascript,
                                                                                       make_task, make_initiative):
    """At 360 px in English the "Time" label ended the first row while its list began the next; and the board's
    name stood as far from its card as from the next one."""
    initiative = make_initiative("Taalcafé")
    for title in ("Flyer vertalen naar het Engels", "Koffie zetten"):
        make_task(initiative=initiative, title=title, skills=["schrijven"])
    page.goto("/boards/help")
    page.get_by_role("link", name="English").click()
    for label in ("Skill", "Time"):
        named, listed = page.get_by_text(label, exact=True).bounding_box(), page.get_by_label(label).bounding_box()
        assert named["y"] < listed["y"] + listed["height"] and listed["y"] < named["y"] + named["height"] \
            or named["y"] + named["height"] <= listed["y"] <= named["y"] + named["height"] + 16, (label, named, listed)
        assert listed["x"] >= named["x"] - 1, (label, named, listed)
    cards = page.locator(".help-list > li .card")
    first_card, second_card = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    board = page.locator(".help-list > li .task-board").first.bounding_box()
    above = board["y"] - (first_card["y"] + first_card["height"])
    below = second_card["y"] - (board["y"] + board["height"])
    assert above < below, (above, below)
    shoot(page, f"boards-help-filters-{'js' if javascript else 'nojs'}")


def test_a_long_word_in_a_task_never_widens_the_board_on_a_phone(page, javascript, make_task, make_initiative):
    """A title or a place of one long word (a pasted link) breaks inside its card at 360 px, on the board and on
    "where can I help", instead of pushing the whole board sideways."""
    initiative = make_initiative("Groen in de buurt")
    make_task(initiative, title="https://voorbeeld.nl/" + "plantenbakkenophetplein" * 6,
              place="Bijlmerdreef" + "nummerhonderdtwintig" * 5)
    for path in (f"/boards/{initiative.id}", "/boards/help"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
