"""A shift's task is named when shown, never from its stored copy: the event's name now and the shift in the reader's
language, on every list that shows tasks, in a fixed number of queries, and never the name of an event the reader
may not see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from portal.extensions import db
from tests.paper.test_sheet import pdf_text
from tests.quality import steady_queries_for

SECRET = "Geheim overleg"


def _shift(app, event, organiser, kind: str = "setup", places: int = 2) -> int:
    """Add a shift to `event` and return its task's id."""
    from portal.accounts.models import User
    from portal.events import services
    from portal.events.models import Event

    with app.test_request_context():
        return services.add_shift(db.session.get(Event, event.id), kind, -60, 60, places,
                                  db.session.get(User, organiser.id)).task_id


def _week(event) -> str:
    """Return the Monday of the event's week, as the weekly sheet's address takes it."""
    from portal.core.time import local

    day = local(event.start_at).date()
    return (day - timedelta(days=day.weekday())).isoformat()


def _renamed(app, event, organiser) -> tuple[int, int]:
    """Give "Zomerborrel" a set-up shift (a good first task, with the most places: first on the sheet) and a kitchen
    shift, then rename the event to "Buurtborrel" and the set-up shift to cleaning up in the database only, as no
    task is told; return the two tasks' ids."""
    from portal.boards.models import Task
    from portal.events.models import Event, Shift

    setup, kitchen = _shift(app, event, organiser, "setup", places=40), _shift(app, event, organiser, "kitchen")
    with app.app_context():
        db.session.execute(update(Task).where(Task.id == setup).values(good_first=True))
        db.session.execute(update(Event).where(Event.id == event.id).values(title="Buurtborrel"))
        db.session.execute(update(Shift).where(Shift.task_id == setup).values(kind="cleanup"))
        db.session.commit()
        assert db.session.get(Task, setup).title == "Zomerborrel: Opbouwen"  # the stored copy was not rewritten
    return setup, kitchen


@pytest.mark.parametrize(("language", "cleanup", "kitchen_label", "wrong"),
                         [("nl", "Opruimen", "Keuken", ("Cleaning up", "Kitchen")),
                          ("en", "Cleaning up", "Kitchen", ("Opruimen", "Keuken", "Opbouwen"))])
def test_every_list_names_a_renamed_shift_as_it_is_now_in_the_readers_language(
        client, app, login_as, make_user, make_event, language, cleanup, kitchen_label, wrong):
    """After the event and a shift are renamed, the board, "where can I help" and its starters, the home page's list
    of my tasks, the weekly sheet (page, text and PDF), the kiosk screen, the task's own page and the network's
    first steps all read "Buurtborrel: Opruimen" ("Cleaning up" in English): never the stored "Zomerborrel"."""
    event = make_event(title="Zomerborrel", days=3)
    setup, kitchen = _renamed(app, event, make_user(role="coordinator"))
    login_as(language=language)
    assert client.post(f"/tasks/{kitchen}/claim").status_code in (200, 303)
    week = _week(event)
    pages = {path: client.get(path).get_data(as_text=True) for path in (
        f"/boards/{event.initiative_id}", "/boards/help", "/", f"/buurtbericht?week={week}",
        f"/buurtbericht.txt?week={week}", "/kiosk/scherm?p=help", f"/tasks/{setup}", "/netwerk/wat-kan-ik-doen")}
    pages["pdf"] = pdf_text(client.get(f"/buurtbericht.pdf?week={week}").data)[1]
    for path, page in pages.items():
        assert f"Buurtborrel: {cleanup}" in page, path
        assert "Zomerborrel" not in page and not [word for word in wrong if word in page], path
    starters = pages["/boards/help"].split('id="help-list"')[0]
    assert f"Buurtborrel: {cleanup}" in starters  # the good first task, among the starters
    assert f"Buurtborrel: {kitchen_label}" in pages[f"/boards/{event.initiative_id}"]
    mine = pages["/"].split(f'id="task-{kitchen}"')[1].split("</article>")[0]
    assert f"Buurtborrel: {kitchen_label}" in mine  # the home page's list of my tasks


def test_the_done_column_names_a_renamed_event_as_it_is_now(client, app, auth, make_user, make_initiative,
                                                            make_member, make_event):
    """Renaming an event through its form rewrites the copies of its unfinished shifts only; a finished shift on the
    board's "done" column reads the new name too, and so does the load guard's list of what nobody picks up."""
    from portal.accounts.models import User
    from portal.boards import services as boards
    from tests.events.conftest import edit_form

    initiative = make_initiative()
    event = make_event(initiative, title="Zomerborrel", days=3)
    organiser = make_user(role="coordinator")
    make_member(organiser, initiative, role="carrier")
    done = _shift(app, event, organiser, "setup")
    _shift(app, event, organiser, "kitchen")  # due in three days with nobody on it: on the load guard
    with app.app_context():
        boards.claim(done, db.session.get(User, make_user().id))
        boards.close_tasks([done])
        db.session.commit()
    auth.login(organiser)
    assert client.post(f"/agenda/{event.id}/edit", data=edit_form(app, event.id, title="Buurtborrel")).status_code \
        == 303
    board = client.get(f"/boards/{event.initiative_id}").get_data(as_text=True)
    assert "Buurtborrel: Opbouwen" in board and "Buurtborrel: Keuken" in board and "Zomerborrel" not in board
    guard = client.get("/boards/load").get_data(as_text=True)
    assert "Buurtborrel: Keuken" in guard and "Zomerborrel" not in guard


def _many_shifts(app, organiser, make_event, helper, count: int, title: str) -> int:
    """Add an event with `count` shifts that `helper` is on; return the event's initiative id."""
    from portal.accounts.models import User
    from portal.boards import services as boards

    event = make_event(title=title, days=2)
    kinds = ("setup", "kitchen", "music", "cleanup", "dish")
    with app.app_context():
        person = db.session.get(User, helper.id)
    for number in range(count):
        task_id = _shift(app, event, organiser, kinds[number % len(kinds)], places=3)
        with app.app_context():
            boards.claim(task_id, db.session.merge(person))
    return event.initiative_id


@pytest.mark.parametrize("role", [None, "resident"])
def test_pages_with_1_or_10_shifts_run_the_same_number_of_queries(client, app, login_as, make_user, make_event,
                                                                   count_queries, role):
    """The board, "where can I help", the home page with my tasks, the weekly sheet and the kiosk screen cost the
    same number of queries with one shift on them as with ten: the titles are one query a list, not one a task."""
    from portal.core.time import today

    organiser = make_user(role="coordinator")
    viewer = login_as(role) if role else make_user()
    week = (today() - timedelta(days=today().weekday())).isoformat()
    counts = []
    for count in (1, 10):
        initiative_id = _many_shifts(app, organiser, make_event, viewer, count, f"Feest {count}")
        paths = {"board": f"/boards/{initiative_id}", "help": "/boards/help", "home": "/",
                 "sheet": f"/buurtbericht?week={week}", "sheet in English": f"/buurtbericht?week={week}&lang=en",
                 "screen": "/kiosk/scherm?p=help"}
        counts.append({name: steady_queries_for(client, count_queries, path) for name, path in paths.items()})
    assert counts[0] == counts[1], counts


def test_outsiders_never_read_the_name_of_a_members_only_events_shift(client, app, auth, login_as, make_user,
                                                                        make_event, make_member, private_initiative):
    """A members-only event's shifts are on its members-only initiative's board only: no public list names them.
    When the initiative is opened to everyone later, the shifts stay with its members (tests/events/
    test_members_only_opened.py follows every surface): outsiders read neither the event's name nor the shift's on
    any list, sheet, screen or page; members still read it whole."""
    from portal.initiatives import services as initiatives
    from portal.initiatives.models import Initiative

    event = make_event(private_initiative, title=SECRET, public=False, days=3)
    organiser = make_user(role="coordinator")
    task_id = _shift(app, event, organiser, "setup", places=40)
    week = _week(event)
    public = ["/boards/help", "/", f"/buurtbericht?week={week}", f"/buurtbericht.txt?week={week}",
              "/kiosk/scherm?p=help", "/netwerk/wat-kan-ik-doen"]

    def outsider_pages() -> dict[str, str]:
        pages = {path: client.get(path).get_data(as_text=True) for path in public}
        pages["pdf"] = pdf_text(client.get(f"/buurtbericht.pdf?week={week}").data)[1]
        return pages

    login_as()
    for path, page in outsider_pages().items():
        assert SECRET not in page and "Opbouwen" not in page, path
    assert client.get(f"/boards/{private_initiative.id}").status_code == 404
    assert client.get(f"/tasks/{task_id}").status_code == 404
    with app.app_context():
        initiatives.set_visibility(db.session.get(Initiative, private_initiative.id), "public")
        db.session.commit()
    for who in ("resident", "visitor"):
        if who == "visitor":
            auth.logout()
        pages = outsider_pages()
        for path in (f"/boards/{private_initiative.id}", f"/tasks/{task_id}", f"/poster/task/{task_id}"):
            pages[path] = client.get(path).get_data(as_text=True)
        for path, page in pages.items():
            assert SECRET not in page and "Opbouwen" not in page, (who, path)
    member = login_as()
    make_member(member, private_initiative)
    assert f"{SECRET}: Opbouwen" in client.get(f"/boards/{private_initiative.id}").get_data(as_text=True)


def test_mails_and_the_takeover_question_name_the_shift_as_it_is_now_in_their_readers_language(
        client, app, auth, make_user, make_initiative, make_member, make_event):
    """The reminder two days before a shift, the coordinators' weekly list of what nobody picks up, the mail asking
    someone to take a shift over and that question on their home page all read the event's name now and the shift
    in the reader's language ("Buurtborrel: Cleaning up" in English, "Buurtborrel: Opruimen" in Dutch)."""
    from portal.accounts.models import User
    from portal.boards import services as boards
    from tests.conftest import read_mails

    initiative = make_initiative()
    event = make_event(initiative, title="Zomerborrel", days=2)
    coordinator = make_user(role="coordinator", email="coco@example.org")
    make_user(role="coordinator", email="coco-en@example.org", language="en")
    helper, sharer = make_user(email="helper@example.org", language="en"), make_user(email="sharer@example.org",
                                                                                     language="en")
    make_member(sharer, initiative)
    setup, _kitchen = _renamed(app, event, coordinator)  # the kitchen shift has nobody: on the weekly list
    with app.app_context():
        boards.claim(setup, db.session.get(User, helper.id))
    assert "due-soon reminders queued: 1" in app.test_cli_runner().invoke(args=["send-reminders"]).output
    auth.login(coordinator)
    assert client.post(f"/boards/people/{helper.id}/tasks/{setup}/ask").status_code == 303
    with app.app_context():
        from portal.mail.sender import send_pending

        send_pending()
    mails = {(mail["To"], mail["Subject"]): mail.get_content() for mail in read_mails(app)}
    assert ("helper@example.org", "Reminder: Buurtborrel: Cleaning up") in mails
    assert ("sharer@example.org", "Will you take this over? Buurtborrel: Cleaning up") in mails
    summaries = {to: text for (to, subject), text in mails.items() if to.startswith("coco")}
    assert "- Buurtborrel: Keuken (" in summaries["coco@example.org"]
    assert "- Buurtborrel: Kitchen (" in summaries["coco-en@example.org"]
    assert not [text for text in mails.values() if "Zomerborrel" in text or "Opbouwen" in text]
    auth.logout()
    auth.login(sharer)
    assert "Buurtborrel: Cleaning up" in client.get("/").get_data(as_text=True)


def test_every_list_says_when_a_shift_is_not_before_which_day(client, app, auth, login_as, make_user, make_event):
    """A shift happens at a set time: the board's A4 sheet, a person's tasks for the coordinator, the buurthuis
    screen, the weekly sheet, "what can I do?", the task's poster and its share text say that time ("za 5 dec
    13:00–14:00"), not "before" or "by" its day, which would tell a helper they could come any time before."""
    from urllib.parse import unquote

    from portal.boards import services as boards
    from portal.events import services

    organiser = make_user(role="coordinator")
    event = make_event(title="Zomerborrel", days=3)
    task_id = _shift(app, event, organiser, "setup", places=40)
    helper = make_user(name="Joyce")
    with app.test_request_context():
        when = services.shift_task_titles_and_times([task_id], None)[task_id][1]
        boards.claim(task_id, helper)
        db.session.commit()
    assert when and ":" in when
    week = _week(event)
    paths = {"board sheet": f"/boards/{event.initiative_id}/print", "screen": "/kiosk/scherm?p=help",
             "weekly sheet": f"/buurtbericht?week={week}", "first steps": "/netwerk/wat-kan-ik-doen?time=120",
             "poster": f"/poster/task/{task_id}", "task page": f"/tasks/{task_id}"}
    for name, path in paths.items():
        page = client.get(path).get_data(as_text=True)
        assert "Zomerborrel" in page, name
        assert when in page, name
        assert "vóór" not in page.split("Zomerborrel", 1)[1].split("</li>")[0], name
    task_page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    shared = unquote(task_page.split("https://wa.me/?text=", 1)[1].split('"', 1)[0])
    assert "Zomerborrel" in shared and when in shared and "vóór" not in shared
    login_as("coordinator")
    mine = client.get(f"/boards/people/{helper.id}/tasks").get_data(as_text=True)
    assert when in mine and "vóór" not in mine.split("Zomerborrel", 1)[1].split("</li>")[0]
