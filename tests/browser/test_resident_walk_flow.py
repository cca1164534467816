"""What a resident met on a cheap phone, JavaScript on and off: messages in sight, good news not in red."""

from playwright.sync_api import expect

from portal.accounts.models import User
from portal.boards import services
from portal.extensions import db
from tests.browser.test_applause_flow import log_in

OK_GREEN = "rgb(17, 109, 58)"  # --ok (#116d3a) in static/css/portal.css


def test_handing_back_from_my_account_shows_the_message_in_sight(page, javascript, app, make_user, make_task):
    """Hand a task back on the long account page: the card leaves "My tasks", and its message is in view."""
    task = make_task(title="Kranten rondbrengen", places_needed=3)
    sanne = make_user(name="Sanne")
    with app.app_context():
        services.claim(task.id, db.session.get(User, sanne.id))
    log_in(page, sanne)
    page.goto("/account")
    page.locator(f"#task-{task.id}").get_by_role("button", name="Geef terug").click()
    # At the card (htmx swaps it in place), or where the redirect lands once the card left the list.
    message = page.locator(f"#task-{task.id} .card-message, .messages-left .message").filter(
        has_text="Teruggegeven. Fijn dat je het op tijd zegt.")
    expect(message).to_be_visible()
    expect(message).to_be_in_viewport()


def test_a_full_task_says_so_in_green_not_red(page, app, make_user, make_task, make_initiative):
    """"Everyone needed is on it" is good news: the ok colour, not the accent of "2 more people needed"."""
    board = make_initiative("Buurtmoestuin")
    full = make_task(board, title="Soep koken", places_needed=1)
    with app.app_context():
        services.claim(full.id, db.session.get(User, make_user(name="Kwame").id))
    log_in(page, make_user(name="Sanne"))
    page.goto(f"/boards/{board.id}")
    good_news = page.locator(f"#task-{full.id} .places")
    expect(good_news).to_have_text("Er doen genoeg mensen mee")
    expect(good_news).to_have_css("color", OK_GREEN)
