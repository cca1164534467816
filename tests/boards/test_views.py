"""Boards: seeing, claiming, handing back, done means applause, the load guard, meeting notes, reminders."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.applause.models import Shout
from portal.boards.models import Claim, Task
from portal.boards.services import today
from portal.extensions import db
from portal.initiatives.models import Initiative, Membership
from tests.conftest import HX, read_mails


def get_task(app, task_id) -> Task:
    with app.app_context():
        return db.session.get(Task, task_id)


def test_board_counts_and_links_to_the_rest(client, make_task, make_initiative):
    """A board shows at most 12 tasks a column, the real count, and a link to the rest."""
    board = make_initiative()
    for number in range(15):
        make_task(board, f"Job {number:02d}")
    page = client.get(f"/boards/{board.id}").get_data(as_text=True)
    assert '<span class="count">15</span>' in page and "Job 11" in page and "Job 12" not in page
    assert f"/boards/help?initiative={board.id}" in page
    rest = client.get(f"/boards/help?initiative={board.id}").get_data(as_text=True)
    assert "Job 00" in rest


def test_boards_and_board_columns(client, make_task, make_initiative):
    """The boards page lists boards; a board shows open, in progress and done."""
    garden = make_initiative("Groen")
    make_task(garden, "Water the garden")
    make_task(garden, "Build compost", status="done")
    assert "Groen" in client.get("/boards").get_data(as_text=True)
    page = client.get(f"/boards/{garden.id}").get_data(as_text=True)
    assert "Water the garden" in page and "Build compost" in page
    assert page.index("Water the garden") < page.index("Build compost")


def test_members_only_board_is_hidden(app, client, login_as, make_task, make_initiative):
    """A members-only board is unknown to others (404), also its tasks; members and coordinators see it."""
    private = make_initiative("Private matter")
    with app.app_context():
        db.session.get(Initiative, private.id).visibility = "members"
        db.session.commit()
    task = make_task(private, "Secret task")
    assert client.get(f"/boards/{private.id}").status_code == 404
    assert "Secret task" not in client.get("/boards/help").get_data(as_text=True)
    user = login_as()
    assert client.post(f"/tasks/{task.id}/claim").status_code == 404
    with app.app_context():
        db.session.add(Membership(initiative_id=private.id, user_id=user.id))
        db.session.commit()
    assert client.get(f"/boards/{private.id}").status_code == 200


def test_members_only_tasks_stay_off_where_can_i_help_for_outsiders(app, client, auth, login_as, make_task,
                                                                     make_initiative):
    """A members-only board's tasks are not in "where can I help" (its list, its starter tasks, its skills) for a
    visitor or a resident outside it, not even right after a member saw them; a member sees them."""
    private = make_initiative("Private matter")
    with app.app_context():
        db.session.get(Initiative, private.id).visibility = "members"
        db.session.commit()
    make_task(private, "Secret first task", good_first=True, skills=["geheim"])
    make_task(make_initiative("Open"), "Open first task", good_first=True)
    page = client.get("/boards/help").get_data(as_text=True)
    assert "Open first task" in page and "Secret" not in page and "geheim" not in page
    user = login_as()
    page = client.get("/boards/help").get_data(as_text=True)
    assert "Goed om mee te beginnen" in page and "Open first task" in page
    assert "Secret" not in page and "geheim" not in page
    with app.app_context():
        db.session.add(Membership(initiative_id=private.id, user_id=user.id))
        db.session.commit()
    page = client.get("/boards/help").get_data(as_text=True)
    assert page.count("Secret first task") == 1 and 'value="geheim"' in page
    auth.logout()
    login_as()  # another resident, right after the member: nothing of what the member saw carries over
    page = client.get("/boards/help").get_data(as_text=True)
    assert "Open first task" in page and "Secret" not in page and "geheim" not in page

def test_claim_with_htmx_updates_the_card(app, client, login_as, make_task):
    """One tap claims a place; htmx gets the updated card and the message; the task moves to in progress."""
    task = make_task(places_needed=2)
    login_as(name="Amira")
    response = client.post(f"/tasks/{task.id}/claim", headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and f'id="task-{task.id}"' in body
    assert "nog 1 persoon nodig" in body and "Amira" in body and 'hx-swap-oob="true"' in body
    assert get_task(app, task.id).status == "in_progress"


def test_claim_with_a_plain_form_redirects(app, client, login_as, make_task):
    """Without JavaScript the claim is a form POST that redirects back to the card."""
    task = make_task()
    login_as()
    response = client.post(f"/tasks/{task.id}/claim", data={"next": "/boards/help"})
    assert response.status_code == 303 and response.headers["Location"] == f"/boards/help#task-{task.id}"
    assert get_task(app, task.id).places_taken == 1


def test_full_and_done_tasks_refuse_claims(app, client, login_as, make_task, make_user):
    """A full task and a done task refuse a claim with a message and change nothing."""
    full = make_task(places_needed=1)
    done = make_task(status="done")
    login_as()
    client.post(f"/tasks/{full.id}/claim")
    client.post("/logout")
    login_as()
    response = client.post(f"/tasks/{full.id}/claim", headers=HX)
    assert "Net vol" in response.get_data(as_text=True)
    assert "al klaar" in client.post(f"/tasks/{done.id}/claim", headers=HX).get_data(as_text=True)
    assert get_task(app, full.id).places_taken == 1 and get_task(app, done.id).places_taken == 0


def test_hand_back_only_your_own(app, client, login_as, make_task, auth):
    """You can hand back your own claim, never someone else's."""
    task = make_task(places_needed=2)
    first = login_as()
    client.post(f"/tasks/{task.id}/claim")
    client.post("/logout")
    login_as()
    client.post(f"/tasks/{task.id}/hand-back")
    assert get_task(app, task.id).places_taken == 1
    client.post("/logout")
    auth.login(first)
    client.post(f"/tasks/{task.id}/hand-back")
    saved = get_task(app, task.id)
    assert saved.places_taken == 0 and saved.status == "open"


def test_done_posts_applause_naming_the_doers(app, client, login_as, make_task, make_user):
    """Marking a task done posts an automatic shout-out that thanks the people who did it."""
    task = make_task(title="Paint the fence")
    login_as(name="Doer Dani")
    client.post(f"/tasks/{task.id}/claim")
    assert client.post(f"/tasks/{task.id}/done").status_code == 303
    assert get_task(app, task.id).status == "done"
    with app.app_context():
        shout = db.session.scalar(select(Shout))
        assert shout.automatic == "task" and shout.subject_id == task.id
    page = client.get("/applause").get_data(as_text=True)
    assert "Bedankt, Doer Dani!" in page and "Klus geklaard: Paint the fence" in page


def test_opted_out_doer_is_a_neighbour_in_public(app, client, login_as, make_task):
    """A doer who opted out of public naming is "a neighbour" on the public wall."""
    task = make_task(title="Sweep the square")
    login_as(name="Quiet Quinn", show_name_in_public=False)
    client.post(f"/tasks/{task.id}/claim")
    client.post(f"/tasks/{task.id}/done")
    assert "Quiet Quinn" not in client.get("/kiosk/applause").get_data(as_text=True)


def test_others_cannot_mark_done(client, login_as, make_task):
    """Only people on the task (or a coordinator) mark it done."""
    task = make_task()
    login_as()
    assert client.post(f"/tasks/{task.id}/done").status_code == 403


def test_load_guard_asks_and_suggests_someone(app, client, login_as, make_task, make_initiative, make_user):
    """Past the threshold a claim asks "are you sure?" and suggests a member with room; confirming claims."""
    garden = make_initiative("Groen")
    helper = make_user(name="Roomy Rosa")
    with app.app_context():
        db.session.add(Membership(initiative_id=garden.id, user_id=helper.id))
        db.session.commit()
    big = make_task(garden, "Big job", estimate_minutes=5 * 60)
    another = make_task(garden, "Another job", estimate_minutes=2 * 60)
    login_as()
    client.post(f"/tasks/{big.id}/claim")
    response = client.post(f"/tasks/{another.id}/claim")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Weet je het zeker?" in page and "Je hebt al 5 uur" in page
    assert "Met „Another job” komen er 2 uur bij." in page  # the task is named
    assert "Roomy Rosa heeft nu meer ruimte. Vraag of Roomy Rosa hem met je wil delen." in page
    assert get_task(app, another.id).places_taken == 0
    client.post(f"/tasks/{another.id}/claim", data={"confirm": "1"})
    assert get_task(app, another.id).places_taken == 1


def test_load_guard_asks_in_the_card_under_htmx(app, client, login_as, make_task):
    """Under htmx the "are you sure?" question replaces the task card (no page in a card); "yes" claims it."""
    big = make_task(estimate_minutes=5 * 60)
    another = make_task(title="Another job", estimate_minutes=2 * 60)
    login_as()
    client.post(f"/tasks/{big.id}/claim")
    response = client.post(f"/tasks/{another.id}/claim", headers=HX, data={"next": "/boards/help"})
    card = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in card and "<header" not in card
    assert card.startswith(f'<article class="card task load-warning" id="task-{another.id}">')
    assert "Weet je het zeker?" in card and f'hx-target="#task-{another.id}"' in card
    assert get_task(app, another.id).places_taken == 0
    response = client.post(f"/tasks/{another.id}/claim", headers=HX, data={"confirm": "1", "next": "/boards/help"})
    card = response.get_data(as_text=True)
    assert f'id="task-{another.id}"' in card and "<html" not in card
    assert get_task(app, another.id).places_taken == 1


def test_paused_people_are_not_suggested(app, client, login_as, make_task, make_initiative, make_user):
    """Someone on a break is never suggested to share a task."""
    garden = make_initiative()
    resting = make_user(name="Resting Rob", paused_until=today() + timedelta(days=10))
    with app.app_context():
        db.session.add(Membership(initiative_id=garden.id, user_id=resting.id))
        db.session.commit()
    big = make_task(garden, estimate_minutes=7 * 60)
    login_as()
    assert "Resting Rob" not in client.post(f"/tasks/{big.id}/claim").get_data(as_text=True)


def test_coordinator_load_page(app, client, login_as, make_task, make_user):
    """Coordinators see who carries too much, stale tasks and tasks due soon with no one."""
    busy = make_user(name="Busy Bea")
    heavy = make_task(title="Heavy", estimate_minutes=8 * 60, places_taken=1, status="in_progress")
    with app.app_context():
        db.session.add(Claim(task_id=heavy.id, user_id=busy.id))
        db.session.commit()
    make_task(title="Nobody on it soon", due_date=today() + timedelta(days=2))
    from portal.db import utcnow
    make_task(title="Old and open", created_at=utcnow() - timedelta(days=10))
    login_as("coordinator")
    page = client.get("/boards/load").get_data(as_text=True)
    assert "Busy Bea" in page and "Nobody on it soon" in page and "Old and open" in page


def test_residents_do_not_see_the_load_page(client, login_as):
    """The load page is for coordinators."""
    login_as()
    assert client.get("/boards/load").status_code == 403


def test_own_load_and_pause_on_the_account(app, client, login_as, make_task):
    """Each person sees their own load on their account page and can take a break."""
    task = make_task(estimate_minutes=90)
    user = login_as()
    client.post(f"/tasks/{task.id}/claim")
    page = client.get("/account").get_data(as_text=True)
    assert "1,5 uur" in page
    day = (today() + timedelta(days=14)).isoformat()
    saved = client.post("/account/pause", data={"paused_until": day})
    assert saved.status_code == 303 and saved.headers["Location"].endswith("/account#pause")
    box = client.get("/account").get_data(as_text=True).split('id="pause"')[1].split("</section>")[0]
    assert "Rust goed uit!" in box  # the answer stands in the break's own box, not at the top of the page
    with app.app_context():
        from portal.accounts.models import User
        assert db.session.get(User, user.id).paused_until.isoformat() == day
    for wrong, said in (("2020-01-01", "Deze datum is al voorbij."), ("31-02-2027", "Vul een datum in")):
        client.post("/account/pause", data={"paused_until": wrong})
        box = client.get("/account").get_data(as_text=True).split('id="pause"')[1].split("</section>")[0]
        assert said in box, wrong
    with app.app_context():
        assert db.session.get(User, user.id).paused_until.isoformat() == day  # nothing changed


def test_where_can_i_help_filters_and_pages(client, make_task, make_initiative, login_as):
    """Open places across boards, soonest first, filtered by skill and time, paged with a cursor."""
    board = make_initiative()
    make_task(board, "Cook soup", skills=["cooking"], due_date=today() + timedelta(days=1))
    make_task(board, "Translate flyer", skills=["english"], estimate_minutes=30, due_date=today() + timedelta(days=2))
    make_task(board, "Carry tables", skills=["lifting"], estimate_minutes=240)
    page = client.get("/boards/help").get_data(as_text=True)
    assert page.index("Cook soup") < page.index("Translate flyer") < page.index("Carry tables")
    only = client.get("/boards/help?skill=english").get_data(as_text=True)
    assert "Translate flyer" in only and "Cook soup" not in only
    short = client.get("/boards/help?time=60").get_data(as_text=True)
    assert "Carry tables" not in short and "Cook soup" in short
    for number in range(20):
        make_task(board, f"Extra {number:02d}")
    first = client.get("/boards/help").get_data(as_text=True)
    assert "Extra 06" in first and "Extra 07" not in first and "after=none_" in first
    cursor = first.split("after=")[1].split('"')[0]
    second = client.get(f"/boards/help?after={cursor}", headers=HX).get_data(as_text=True)
    assert "Extra 07" in second and "Extra 06" not in second and "<html" not in second


def test_newcomers_see_good_first_tasks_first(client, login_as, make_task):
    """People who did fewer than three tasks see good first tasks and buddy tasks at the top."""
    make_task(title="Hard thing", due_date=today() + timedelta(days=1))
    make_task(title="Easy start", good_first=True, due_date=today() + timedelta(days=20))
    login_as()
    page = client.get("/boards/help").get_data(as_text=True)
    assert "Goed om mee te beginnen" in page and page.index("Easy start") < page.index("Hard thing")


def test_meeting_to_action(app, client, login_as, make_initiative):
    """A coordinator pastes action points, checks the preview, and gets one open task per line."""
    board = make_initiative()
    login_as("coordinator")
    preview = client.post(f"/boards/{board.id}/meeting", data={
        "lines": "- Bel de woningcorporatie\n\n* Huur een springkussen\n3. Maak een rooster\n"})
    assert preview.status_code == 200 and "Controleer de klussen" in preview.get_data(as_text=True)
    rows = {f"rows-{i}-{key}": value for i, title in enumerate(
        ["Bel de woningcorporatie", "Huur een springkussen", "Maak een rooster"])
        for key, value in (("keep", "y"), ("title", title), ("hours", "1"), ("places", "1"), ("due", ""))}
    assert client.post(f"/boards/{board.id}/meeting", data=rows).status_code == 303
    with app.app_context():
        titles = db.session.scalars(select(Task.title).order_by(Task.id)).all()
    assert titles == ["Bel de woningcorporatie", "Huur een springkussen", "Maak een rooster"]


@pytest.mark.parametrize("data, field, message", [
    ({"title": "X", "estimate_hours": "-1", "places_needed": "1"}, "estimate_hours", "0,25 tot 100"),
    ({"title": "X", "estimate_hours": "101", "places_needed": "1"}, "estimate_hours", "0,25 tot 100"),
    ({"title": "X", "estimate_hours": "1", "places_needed": "1", "due_date": "2020-01-01"}, "due_date", "voorbij"),
    ({"title": "", "estimate_hours": "1", "places_needed": "1"}, "title", "Vul dit in."),
])
def test_bad_task_input(app, client, login_as, make_initiative, data, field, message):
    """Negative or huge estimates, a past due date, no title: a message at the field, nothing stored."""
    board = make_initiative()
    login_as("coordinator")
    response = client.post(f"/boards/{board.id}/tasks/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in page and message in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Task)) == 0


def test_create_task_with_skills(app, client, login_as, make_initiative):
    """A coordinator adds a task with an estimate, places and skills."""
    board = make_initiative()
    login_as("coordinator")
    response = client.post(f"/boards/{board.id}/tasks/new", data={
        "title": "Stall", "estimate_hours": "1.5", "places_needed": "4", "skills": "Cooking, english"})
    assert response.status_code == 303
    with app.app_context():
        task = db.session.scalar(select(Task))
        assert (task.estimate_minutes, task.places_needed) == (90, 4)
    assert "cooking" in client.get(f"/boards/{board.id}").get_data(as_text=True)


def test_walkin_claim_by_a_librarian(app, client, login_as, make_task):
    """A librarian records a claim for a resident without a phone."""
    task = make_task()
    login_as("librarian")
    client.post(f"/tasks/{task.id}/walk-in", data={"walkin_name": "Mevrouw Pinas"})
    with app.app_context():
        assert db.session.scalar(select(Claim.walkin_name)) == "Mevrouw Pinas"


def test_a_refused_walkin_keeps_what_was_typed_at_the_walkin_fields(app, client, login_as, make_task):
    """A walk-in with a bad phone comes back with the name and phone as typed and the message at the walk-in
    fields, once: not above the librarian's own button, not in the live region (htmx), a page of its own without."""
    task = make_task(title="Soep koken")
    login_as("librarian")
    data = {"walkin_name": "Mevrouw Pinas", "walkin_phone": "bel me maar", "next": "/kiosk/help"}
    for headers in ({}, HX):
        response = client.post(f"/tasks/{task.id}/walk-in", data=data, headers=headers)
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and 'value="Mevrouw Pinas"' in page and 'value="bel me maar"' in page
        form = page[page.index('class="walkin-form"'):]
        words = "telefoonnummer in cijfers"
        assert page.count(words) == 1 and words in form[:form.index("</form>")]
        assert f'aria-describedby="walkin-phone-{task.id}-error" aria-invalid="true"' in form
        assert "card-message" not in page and "hx-swap-oob" not in page
        assert ("<!doctype html>" in page) is (headers == {})  # without htmx: a page of its own
    response = client.post(f"/tasks/{task.id}/walk-in", data={"walkin_name": "", "walkin_phone": "06 12345678"})
    form = response.get_data(as_text=True).split('class="walkin-form"')[1]
    assert 'value="06 12345678"' in form and f'id="walkin-{task.id}-error"' in form
    assert "Schrijf de naam van de bewoner." in form
    # A name too long is told so (not "write the name"), and stays as typed
    response = client.post(f"/tasks/{task.id}/walk-in", data={"walkin_name": "P" * 300})
    form = response.get_data(as_text=True).split('class="walkin-form"')[1]
    assert "Gebruik hoogstens 80 tekens." in form and "Schrijf de naam" not in form and f'value="{"P" * 300}"' in form
    with app.app_context():
        assert db.session.scalar(select(Claim.walkin_name)) is None


def test_reminders_are_sent_once(app, make_task, make_user, make_initiative):
    """send-reminders mails people two days before the due date, and coordinators a weekly summary, once."""
    doer = make_user(email="doer@example.org")
    make_user(role="coordinator", email="coco@example.org")
    task = make_task(title="Due soon", due_date=today() + timedelta(days=2), places_taken=1, status="in_progress")
    make_task(title="Nobody wants me", due_date=today() + timedelta(days=3))
    with app.app_context():
        db.session.add(Claim(task_id=task.id, user_id=doer.id))
        db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-reminders"])
    assert "due-soon reminders queued: 1" in first.output and "weekly summaries queued: 1" in first.output
    second = runner.invoke(args=["send-reminders"])
    assert "due-soon reminders queued: 0" in second.output and "weekly summaries queued: 0" in second.output
    mails = read_mails(app)
    assert len(mails) == 2 and any(m["To"] == "doer@example.org" and "Due soon" in m["Subject"] for m in mails)


def test_one_bad_reminder_never_blocks_or_repeats_the_others(app, make_task, make_user, smtp):
    """A title with CR/LF and a refused address fail alone: the other reminders go out once, on every run."""
    from portal.mail.models import OutboxMail

    people = [make_user(email=f"doer{n}@example.org") for n in range(3)]
    titles = ["Chairs", "Evil\r\nBcc: everyone@example.org", "Tables"]
    with app.app_context():
        for person, title in zip(people, titles, strict=True):
            task = make_task(title=title, due_date=today() + timedelta(days=2), places_taken=1, status="in_progress")
            db.session.add(Claim(task_id=task.id, user_id=person.id))
        db.session.commit()
    smtp.refuse.add("doer0@example.org")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0 and "due-soon reminders queued: 3" in first.output
    assert "mail sent: 2, failed for now: 1" in first.output
    assert runner.invoke(args=["send-reminders"]).exit_code == 0
    assert sorted(to[0] for to, _message in smtp.received) == ["doer1@example.org", "doer2@example.org"]
    assert "Evil Bcc: everyone@example.org" in smtp.subjects[0] + smtp.subjects[1]
    assert all(message["Bcc"] is None for _to, message in smtp.received)
    with app.app_context():
        refused = select(OutboxMail.status).where(OutboxMail.recipient == "doer0@example.org")
        assert db.session.scalar(refused) == "failed"


def test_a_cards_skill_link_is_the_one_url_for_writes(app):
    """A page joins each skill into the link it built once (cards.CardPage.skill): the same as url_for's for any
    name, so Werkzeug's quoting of a query value and ours stay one."""
    from flask import url_for

    from portal.boards.cards import CardPage

    with app.test_request_context("/boards/help"):
        page = CardPage()
        for name in ("koken", "tuin werk", "a&b=c", "é ü", "x/y?z#q", "plus+sign", "100%", "!$'()*,/:;?@~",
                     "<script>", "\u00a0nbsp"):
            assert page.skill(name) == url_for("boards.where_can_i_help", skill=name)


def test_where_can_i_help_offers_no_task_whose_day_has_passed(client, login_as, make_task, make_initiative):
    """A task due yesterday that still has places is not offered, as a task or as a first step (a walk-in could be
    signed up for it); today's, a later one and one without a date are."""
    from datetime import timedelta

    from portal.core.time import today

    board = make_initiative("Buurtcomité")
    make_task(board, "Gisteren flyeren", due_date=today() - timedelta(days=1), good_first=True)
    make_task(board, "Vandaag koken", due_date=today(), good_first=True)
    make_task(board, "Volgende week schoffelen", due_date=today() + timedelta(days=7))
    make_task(board, "Ooit de kast opruimen")
    for role in (None, "resident"):
        if role:
            login_as(role)
        page = client.get("/boards/help").get_data(as_text=True)
        assert "Gisteren flyeren" not in page
        assert "Vandaag koken" in page and "Volgende week schoffelen" in page and "Ooit de kast opruimen" in page
