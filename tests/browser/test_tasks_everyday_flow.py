"""Everyday task work in a real browser, JavaScript on and off: editing, my tasks, feedback at the card."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from portal.accounts.models import User
from portal.boards import services
from portal.extensions import db
from tests.browser.conftest import open_menu, shoot
from tests.browser.test_applause_flow import log_in
from tests.conftest import PASSWORD, mail_text, mails_when_sent


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


def test_my_tasks_feedback_at_the_card_and_my_part(page, javascript, app, make_user, make_task, make_initiative):
    """Claim far down the list: the thanks shows at the card; home lists my task; my part of four; the last closes."""
    from datetime import timedelta

    from portal.boards.services import today

    board = make_initiative("Koningsdag 2027")
    for number in range(8):
        make_task(board, f"Eerder klusje {number}", due_date=today() + timedelta(days=1))
    task = make_task(board, "Kramen opzetten", places_needed=4, due_date=today() + timedelta(days=5))
    kwame = make_user(name="Kwame")
    with app.app_context():
        services.claim(task.id, db.session.get(User, kwame.id))
    log_in(page, make_user(name="Sanne"))
    page.goto("/boards/help")
    card = page.locator(f"#task-{task.id}")
    card.get_by_role("button", name="Ik doe het").click()
    expect(page.locator(f"#task-{task.id} .card-message")).to_contain_text("Dankjewel! Je doet mee")
    expect(page.locator(f"#task-{task.id} .card-message")).to_be_in_viewport()
    page.goto("/")
    mine = page.locator(".my-tasks")
    expect(mine).to_contain_text("Kramen opzetten")
    expect(mine.get_by_role("button", name="Geef terug")).to_be_visible()
    shoot(page, f"home-my-tasks-{'js' if javascript else 'nojs'}")
    mine.get_by_role("button", name="Het is klaar").click()
    expect(page.get_by_text("Is de hele klus klaar, of alleen jouw deel?")).to_be_visible()
    expect(page.get_by_role("button", name="De hele klus is klaar")).to_have_count(0)
    shoot(page, f"task-whole-or-part-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Alleen mijn deel is klaar").click()
    expect(page.locator("main")).to_contain_text("Jouw deel is klaar")  # at the card, or at the end once it left
    page.goto(f"/boards/{board.id}")
    expect(page.locator(f"#task-{task.id}")).to_contain_text("deel klaar")
    open_menu(page)
    page.context.clear_cookies()  # the next person on this phone
    log_in(page, kwame)
    page.goto(f"/boards/{board.id}")
    page.locator(f"#task-{task.id}").get_by_role("button", name="Het is klaar").click()
    page.get_by_role("button", name="De hele klus is klaar").click()
    expect(page.locator(f"#task-{task.id}")).to_contain_text("Gedaan door: Kwame, Sanne")
    page.locator(f"#task-{task.id}").get_by_role("link", name="Bekijk het applaus").click()
    expect(page.locator("article.shout").first).to_contain_text("Kramen opzetten")


def test_meeting_notes_become_tasks_after_a_preview(page, javascript, make_user, make_initiative):
    """A coordinator pastes notes, sees people, hours and dates read from them, corrects one, and saves."""
    board = make_initiative("Koningsdag 2027")
    log_in(page, make_user(role="coordinator"))
    page.goto(f"/boards/{board.id}/meeting")
    page.get_by_label("Actiepunten, één per regel").fill(
        "- Kramen opzetten, 4 mensen, 2 uur, morgen\n- Set up the stage, 2 people, 1.5 hours\n- Flyers")
    page.get_by_role("button", name="Controleer de klussen").click()
    first = page.locator("fieldset").first
    expect(first.get_by_label("Wat moet er gebeuren?")).to_have_value("Kramen opzetten")
    expect(first.get_by_label("Mensen", exact=True)).to_have_value("4")
    expect(first.get_by_label("Uren", exact=True)).to_have_value("2")
    expect(page.locator("fieldset").nth(1).get_by_label("Uren", exact=True)).to_have_value("1,5")
    page.locator("fieldset").nth(2).get_by_label("Uren", exact=True).fill("0,5")
    shoot(page, f"meeting-preview-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Maak deze klussen").click()
    expect(page.locator("article.task")).to_have_count(3)
    expect(page.locator("article.task", has_text="Kramen opzetten")).to_contain_text("nog 4 mensen nodig")
    expect(page.locator("article.task", has_text="Flyers")).to_contain_text("30 minuten")


def test_coordinator_home_says_what_waits(page, javascript, make_user, make_task):
    """A coordinator's home page counts what waits, and each count leads to where it is handled."""
    from datetime import timedelta

    from portal.boards.services import today

    make_task(title="Tent opzetten", due_date=today() + timedelta(days=2))
    log_in(page, make_user(role="coordinator"))
    waiting = page.locator("section.waiting")
    expect(waiting).to_contain_text("0 boekingsverzoeken wachten op antwoord")
    shoot(page, f"home-coordinator-{'js' if javascript else 'nojs'}")
    waiting.get_by_role("link", name="1 klus voor binnen een week of al te laat heeft nog niemand").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie doet te veel, en wat pakt niemand op?")
    expect(page.locator("main")).to_contain_text("Tent opzetten")


def test_the_board_prints_from_a_link_at_its_top(page, javascript, make_task, make_initiative):
    """The board's print link sits above the columns and opens an A4 sheet of what needs people."""
    board = make_initiative("Groen in de buurt")
    make_task(board, "Boomspiegels schoffelen", places_needed=4)
    page.goto(f"/boards/{board.id}")
    link = page.get_by_role("link", name="Print voor het prikbord")
    assert link.bounding_box()["y"] < page.locator(".board").bounding_box()["y"]
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie helpt mee? Groen in de buurt")
    expect(page.locator(".sheet-item")).to_contain_text("nog 4 mensen nodig")
    shoot(page, f"board-print-{'js' if javascript else 'nojs'}")


def test_the_load_guard_asks_someone_to_take_over(page, javascript, app, make_user, overloaded_member):
    """A coordinator follows a name from the load guard, asks the suggested member; she takes the task over."""
    _task, _fatima, rosa = overloaded_member
    log_in(page, make_user(role="coordinator"))
    page.goto("/boards/load")
    page.get_by_role("link", name="Fatima").click()
    shoot(page, f"person-tasks-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Vraag of Rosa het wil overnemen").click()
    expect(page.locator("#messages")).to_contain_text("Rosa is gevraagd. Die krijgt een e-mail")
    [mail] = mails_when_sent(app, to=rosa.email)
    assert mail["Subject"] == "Wil jij dit overnemen? Subsidie schrijven"
    link = re.search(r"https?://\S+/takeovers/\d+", mail_text(mail)).group(0)
    page.context.clear_cookies()  # the next person on this phone: Rosa, who follows the link in her mail
    page.goto(urlsplit(link).path)
    page.get_by_label("E-mailadres").fill(rosa.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wil jij dit overnemen?")
    question = page.locator(".takeovers")
    expect(question).to_contain_text("Subsidie schrijven")
    shoot(page, f"takeover-page-{'js' if javascript else 'nojs'}")
    question.get_by_role("button", name="Ja, ik neem het over").click()
    expect(page.locator("#messages")).to_contain_text("De klus is nu van jou")
    expect(page.locator(".my-tasks")).to_contain_text("Subsidie schrijven")


def test_a_starter_task_shows_once_on_the_help_page(page, javascript, make_user, make_task):
    """A newcomer sees a good first task at the top of "where can I help", and not a second time further down;
    after taking it, it is still there once (with its "Geef terug")."""
    starter = make_task(title="Makkelijk begin", good_first=True, places_needed=4)
    make_task(title="Iets anders")
    log_in(page, make_user(name="Nieuw in de buurt"))
    page.goto("/boards/help")
    expect(page.get_by_text("Goed om mee te beginnen")).to_be_visible()
    expect(page.locator(f"#task-{starter.id}")).to_have_count(1)
    page.locator(f"#task-{starter.id}").get_by_role("button", name="Ik doe het").click()
    expect(page.locator(f"#task-{starter.id} .card-message")).to_contain_text("Dankjewel")
    page.goto("/boards/help")
    expect(page.locator(f"#task-{starter.id}")).to_have_count(1)
    shoot(page, f"help-starter-once-{'js' if javascript else 'nojs'}")


def test_a_coordinator_makes_an_existing_initiative_members_only(page, javascript, app, make_user, make_initiative):
    """On an initiative's edit form a coordinator chooses "only members": from then on a visitor finds it neither
    on the network page nor at its own address."""
    from portal.initiatives.models import Initiative

    initiative = make_initiative("Schimmel de baas")
    with app.app_context():
        found = db.session.get(Initiative, initiative.id)
        found.purpose = "Samen tegen schimmel."
        db.session.commit()
    log_in(page, make_user(role="coordinator"))
    page.goto(f"/initiatieven/{initiative.id}/bewerken")
    page.get_by_label("Wie ziet het initiatief?").select_option("members")
    shoot(page, f"initiative-members-only-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Schimmel de baas")).to_be_visible()
    open_menu(page)
    page.locator("header form[action='/logout'] button").locator("visible=true").first.click()
    page.goto("/netwerk")
    expect(page.get_by_text("Schimmel de baas")).to_have_count(0)
    response = page.goto(f"/initiatieven/{initiative.id}")
    assert response.status == 404
