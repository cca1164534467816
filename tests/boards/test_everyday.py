"""Everyday task work: my tasks, feedback at the card, one person never closes a task for four, once per page."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.applause.models import Shout, ShoutThanks
from portal.boards import services
from portal.boards.models import Claim, Task
from portal.core.time import today
from portal.extensions import db
from tests.applause.test_services import run_at_once
from tests.conftest import HX


def claim(app, task, *people):
    with app.app_context():
        for person in people:
            services.claim(task.id, db.session.get(User, person.id))


def card(page: str, task) -> str:
    """Return the HTML of the task's card on the page."""
    match = re.search(rf'<article[^>]*id="task-{task.id}".*?</article>', page, re.S)
    assert match, f"no card for task {task.id}"
    return match.group(0)


def test_my_tasks_on_home_and_account_soonest_first(app, client, login_as, make_task):
    """Home and account show the tasks I am on, soonest first, with "Het is klaar" and "Geef terug", once each."""
    later = make_task(title="Later klusje", places_needed=3, due_date=today() + timedelta(days=9))
    sooner = make_task(title="Eerst dit", places_needed=3, due_date=today() + timedelta(days=2))
    make_task(title="Niet van mij")
    me = login_as()
    claim(app, later, me)
    claim(app, sooner, me)
    for path in ("/", "/account"):
        page = client.get(path).get_data(as_text=True)
        mine = page[page.index("Mijn klussen"):]
        assert mine.index("Eerst dit") < mine.index("Later klusje")
        assert "Het is klaar" in card(page, sooner) and "Geef terug" in card(page, sooner)
        assert page.count(f'id="task-{sooner.id}"') == 1
    assert "Niet van mij" in client.get("/").get_data(as_text=True)


def test_visitors_and_people_without_tasks_see_no_my_tasks_on_home(client, login_as, make_task):
    """The home page shows "Mijn klussen" only to someone who is on a task."""
    make_task()
    assert "Mijn klussen" not in client.get("/").get_data(as_text=True)
    login_as()
    assert "Mijn klussen" not in client.get("/").get_data(as_text=True)
    assert "Je hebt nu geen klussen, boekingen of activiteiten." in client.get("/account").get_data(as_text=True)


def test_without_javascript_the_message_waits_at_the_card(app, client, login_as, make_task):
    """A plain form goes back to the card's anchor; the message shows inside the card, not at the top."""
    task = make_task(title="Stoelen", places_needed=3)
    login_as()
    response = client.post(f"/tasks/{task.id}/claim", data={"next": "/boards/help"})
    assert response.headers["Location"] == f"/boards/help#task-{task.id}"
    page = client.get("/boards/help").get_data(as_text=True)
    assert "Dankjewel! Je doet mee" in card(page, task)
    top = re.search(r'<div id="messages".*?</div>', page, re.S).group(0)
    assert "Dankjewel" not in top


def test_a_message_for_a_card_that_left_the_page_is_not_lost(app, client, login_as, make_task):
    """When the card is not on the page it returns to, its message shows at the end of the page."""
    task = make_task(title="Enige plek")
    login_as()
    client.post(f"/tasks/{task.id}/claim", data={"next": "/boards/help"})
    page = client.get("/boards/help").get_data(as_text=True)
    assert f'id="task-{task.id}"' not in page and "Dankjewel! Je doet mee" in page


def test_with_htmx_the_card_carries_the_message_and_the_live_region_announces_it(client, login_as, make_task):
    """htmx gets the card with the message inside, and the same message out of band for the live region."""
    task = make_task(places_needed=2)
    login_as()
    body = client.post(f"/tasks/{task.id}/claim", headers=HX).get_data(as_text=True)
    assert "Dankjewel! Je doet mee" in card(body, task) and 'hx-swap-oob="true"' in body


def test_done_links_to_the_applause_it_made(app, client, login_as, make_task):
    """Finishing a task shows a link to the shout-out that thanks the doers, with and without htmx."""
    first, second = make_task(title="Hek verven"), make_task(title="Plein vegen")
    login_as()
    client.post(f"/tasks/{first.id}/claim")
    client.post(f"/tasks/{second.id}/claim")
    body = client.post(f"/tasks/{first.id}/done", headers=HX).get_data(as_text=True)
    with app.app_context():
        shout_id = db.session.scalar(select(Shout.id).where(Shout.subject_id == first.id))
    assert f'href="/applause/{shout_id}"' in card(body, first)
    client.post(f"/tasks/{second.id}/done", data={"next": f"/boards/{second.initiative_id}"})
    page = client.get(f"/boards/{second.initiative_id}").get_data(as_text=True)
    with app.app_context():
        shout_id = db.session.scalar(select(Shout.id).where(Shout.subject_id == second.id))
    assert f'href="/applause/{shout_id}"' in card(page, second) and "Gedaan door:" in card(page, second)


def test_one_person_does_not_close_a_task_for_four(app, client, login_as, make_task, make_user, auth):
    """On a 4-person task "done" asks whole or part; only the last person or a coordinator closes it."""
    task = make_task(title="Kramen opzetten", places_needed=4)
    sanne, kwame = make_user(name="Sanne"), make_user(name="Kwame")
    claim(app, task, sanne, kwame)
    auth.login(sanne)
    question = client.post(f"/tasks/{task.id}/done").get_data(as_text=True)
    assert "Is de hele klus klaar, of alleen jouw deel?" in question
    assert "De hele klus is klaar" not in question and "Kwame" in question
    assert client.post(f"/tasks/{task.id}/done", data={"scope": "whole"}).status_code == 403
    client.post(f"/tasks/{task.id}/done", data={"scope": "part"})
    assert services_task(app, task).status == "in_progress"
    assert "Het is klaar" not in card(client.get(f"/boards/{task.initiative_id}").get_data(as_text=True), task)
    client.post("/logout")
    auth.login(kwame)
    assert "De hele klus is klaar" in client.post(f"/tasks/{task.id}/done").get_data(as_text=True)
    client.post(f"/tasks/{task.id}/done", data={"scope": "whole"})
    saved = services_task(app, task)
    assert saved.status == "done"
    with app.app_context():
        parts = db.session.execute(select(Claim.user_id, Claim.part_done_at)).all()
        thanked = set(db.session.scalars(select(ShoutThanks.user_id)))
    assert len(parts) == 2 and all(done for _user, done in parts)
    assert thanked == {sanne.id, kwame.id}


def test_a_coordinator_closes_a_task_for_everyone(app, client, login_as, make_task, make_user):
    """A coordinator closes a many-person task; the doers are thanked, also those whose part was not marked."""
    task = make_task(title="Flyers", places_needed=3)
    sanne = make_user(name="Sanne")
    claim(app, task, sanne, make_user(name="Kwame"))
    login_as("coordinator")
    assert "De hele klus is klaar" in client.post(f"/tasks/{task.id}/done").get_data(as_text=True)
    client.post(f"/tasks/{task.id}/done", data={"scope": "whole"})
    assert services_task(app, task).status == "done"
    with app.app_context():
        assert sanne.id in db.session.scalars(select(ShoutThanks.user_id)).all()


def test_the_last_part_of_a_full_task_closes_it(app, make_task, make_user):
    """When everyone on a full task has done their part, the task is done and thanked once."""
    task = make_task(places_needed=2)
    sanne, kwame = make_user(), make_user()
    claim(app, task, sanne, kwame)
    with app.app_context():
        assert services.finish(task.id, db.session.get(User, sanne.id), whole=False)[0] == "part"
        assert services.finish(task.id, db.session.get(User, kwame.id), whole=False)[0] == "closed"
    assert services_task(app, task).status == "done"


def test_finishing_at_the_same_moment_closes_once_and_thanks_once(app, make_task, make_user):
    """Everyone on a full task saying "done" at once: the task closes once, with one shout-out."""
    people = [make_user() for _ in range(6)]
    task = make_task(places_needed=6)
    claim(app, task, *people)

    def finish(person):
        services.finish(task.id, db.session.get(User, person.id), whole=False)

    assert run_at_once(app, finish, people) == []
    assert services_task(app, task).status == "done"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Shout)) == 1
        assert db.session.scalar(select(func.count()).select_from(Claim).where(Claim.part_done_at.is_(None))) == 0


def test_a_done_part_cannot_be_handed_back_and_leaves_my_load(app, client, login_as, make_task):
    """Once my part is done I cannot hand it back, and its hours no longer count as coming work."""
    task = make_task(places_needed=3, estimate_minutes=120)
    me = login_as()
    claim(app, task, me)
    client.post(f"/tasks/{task.id}/done", data={"scope": "part"})
    client.post(f"/tasks/{task.id}/hand-back")
    assert services_task(app, task).places_taken == 1
    with app.app_context():
        load = services.load_of(db.session.get(User, me.id))
    assert (load["coming"], load["done"]) == (0, 2)


def test_a_starter_task_shows_once_on_the_help_page(client, login_as, make_task):
    """A good first task is listed at the top for newcomers and not again further down."""
    starter = make_task(title="Makkelijk begin", good_first=True, places_needed=4)
    make_task(title="Iets anders")
    login_as()
    page = client.get("/boards/help").get_data(as_text=True)
    assert "Goed om mee te beginnen" in page and page.count(f'id="task-{starter.id}"') == 1


def services_task(app, task) -> Task:
    with app.app_context():
        return db.session.get(Task, task.id)


def test_print_links_sit_at_the_top_and_the_board_prints(app, client, make_task, make_initiative, make_shout):
    """The board and the feed put their print link above the list; the sheet lists what needs people."""
    board = make_initiative("Groen")
    make_task(board, "Schoffelen", places_needed=2)
    make_task(board, "Compost", status="done")
    make_shout()
    page = client.get(f"/boards/{board.id}").get_data(as_text=True)
    assert page.index(f"/boards/{board.id}/print") < page.index('class="board"')
    feed = client.get("/applause").get_data(as_text=True)
    assert feed.index("/applause/print") < feed.index('id="feed"')
    sheet = client.get(f"/boards/{board.id}/print").get_data(as_text=True)
    assert "Schoffelen" in sheet and "nog 2 mensen nodig" in sheet and "Compost" not in sheet
    assert f"/qr.svg?path=/boards/{board.id}" in sheet.replace("%2F", "/")


def test_a_members_only_board_does_not_print_for_others(app, client, make_initiative):
    """The print sheet of a members-only board is unknown to outsiders."""
    from portal.initiatives.models import Initiative

    board = make_initiative("Prive")
    with app.app_context():
        db.session.get(Initiative, board.id).visibility = "members"
        db.session.commit()
    assert client.get(f"/boards/{board.id}/print").status_code == 404
