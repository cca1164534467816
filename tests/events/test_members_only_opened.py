"""A members-only initiative is opened to everyone: its members-only events stay with its members, and so do their
shifts (tasks on its board) on every surface that shows tasks, and the thanks for one held, on every surface that
shows thank-yous, whoever looks (the tester's scenario 3)."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.budget.conftest import make_application, make_budget  # noqa: F401 - shared fixtures
from tests.events.test_shift_titles import _shift, _week
from tests.paper.test_sheet import pdf_text

EVENT, ADDRESS, HELPER = "Ledenvergadering huurders", "Portiek D 17", "Marleen Geheimhouder"
HELD = "Besloten overleg"


@pytest.fixture
def opened(app, make_user, make_event, make_member, private_initiative):
    """Give the members-only initiative a members-only event at an address with a shift a member is on, and one held
    three days ago whose shift the member did (thanked), then open the initiative to everyone; return (initiative,
    event, the shift's task id, the member)."""
    from portal.accounts.models import User
    from portal.boards import services as boards
    from portal.events import services as events
    from portal.initiatives import services as initiatives
    from portal.initiatives.models import Initiative

    member = make_user(name=HELPER)
    make_member(member, private_initiative)
    coordinator = make_user(role="coordinator")
    event = make_event(private_initiative, title=EVENT, public=False, days=3, address=ADDRESS)
    task_id = _shift(app, event, coordinator, "setup", places=40)
    held = make_event(private_initiative, title=HELD, public=False, days=-3)
    held_task = _shift(app, held, coordinator, "kitchen")
    with app.test_request_context():
        boards.claim(task_id, db.session.get(User, member.id))
        boards.claim(held_task, db.session.get(User, member.id))
        assert len(events.mark_took_place(held.id, 12)) == 1  # thanked: for its members
        initiatives.set_visibility(db.session.get(Initiative, private_initiative.id), "public")
        db.session.commit()
    return private_initiative, event, task_id, member


def _thanks_pages(client, initiative_id: int, budget_id: int) -> dict[str, str]:
    """Return every surface that shows thank-yous, as text (the PDF's text too)."""
    paths = ["/", "/applause", f"/applause?initiative={initiative_id}", "/applause/feed.atom", "/applause/print",
             "/kiosk/applause", "/kiosk/scherm?p=applause", "/buurtbericht", "/buurtbericht.txt", "/netwerk",
             f"/initiatives/{initiative_id}", f"/budget/{budget_id}/progress"]
    pages = {path: client.get(path).get_data(as_text=True) for path in paths}
    pages["/buurtbericht.pdf"] = pdf_text(client.get("/buurtbericht.pdf").data)[1]
    return pages


@pytest.fixture
def granted_to_it(app, opened, make_budget, make_application, make_user):  # noqa: F811
    """Grant the opened initiative money, so the budget's progress page shows its facts (its last thank-you)."""
    from portal.accounts.models import User
    from portal.budget import services

    budget = make_budget()
    application = make_application(budget, opened[0])
    with app.app_context():
        coordinator = db.session.get(User, make_user(role="coordinator").id)
        assert services.grant(application.id, 50_000, coordinator) == "ok"
    return budget


@pytest.mark.parametrize("who", ["visitor", "resident"])
def test_outsiders_see_no_thanks_for_a_members_only_event_once_its_initiative_is_opened(
        client, login_as, opened, granted_to_it, who):
    """The thanks for a held members-only event stay with the members after the initiative is opened: no
    applause list, feed, print, wall, screen, sheet, network card or budget progress names the event or its helper,
    and its own page is 404 (the thanks follow the event)."""
    from portal.applause.models import Shout

    initiative = opened[0]
    if who == "resident":
        login_as()
    pages = _thanks_pages(client, initiative.id, granted_to_it.id)
    for path, page in pages.items():
        assert HELD not in page and HELPER not in page and "Dank je wel voor je hulp" not in page, (who, path)
    with client.application.app_context():
        shout_id = db.session.scalar(db.select(Shout.id).where(Shout.automatic == "event"))
    assert client.get(f"/applause/{shout_id}").status_code == 404


def test_members_read_the_thanks_for_their_members_only_event(client, auth, opened, granted_to_it):
    """The initiative's members read the thanks, naming the event and the helper."""
    auth.login(opened[3])
    for path in ("/applause", f"/initiatives/{opened[0].id}"):
        assert f"Dank je wel voor je hulp bij {HELD}! Met 12 buren." in client.get(path).get_data(as_text=True)


def _task_pages(client, initiative_id: int, task_id: int, week: str) -> dict[str, str]:
    """Return every surface that shows tasks, as text (the PDFs' text too)."""
    paths = [f"/boards/{initiative_id}", f"/boards/{initiative_id}/print", "/boards", "/boards/help",
             f"/boards/help?initiative={initiative_id}", "/kiosk/help", "/kiosk/scherm?p=help", f"/tasks/{task_id}",
             f"/poster/task/{task_id}", "/", "/netwerk", "/netwerk/wat-kan-ik-doen", f"/initiatives/{initiative_id}",
             f"/buurtbericht?week={week}", f"/buurtbericht.txt?week={week}"]
    pages = {path: client.get(path).get_data(as_text=True) for path in paths}
    for path in (f"/poster/task/{task_id}.pdf", f"/buurtbericht.pdf?week={week}"):
        response = client.get(path)
        pages[path] = pdf_text(response.data)[1] if response.status_code == 200 else ""
    return pages


@pytest.mark.parametrize("who", ["visitor", "resident"])
def test_outsiders_see_nothing_of_a_members_only_events_shift_once_its_initiative_is_opened(
        client, app, login_as, opened, who):
    """A visitor and a resident who is no member find the shift of a members-only event on no board, list, print,
    poster, screen or sheet, neither its words nor its address nor who is on it, and its page is 404; its board
    counts only what they may see."""
    initiative, event, task_id, _member = opened
    if who == "resident":
        login_as()
    pages = _task_pages(client, initiative.id, task_id, _week(event))
    for path, page in pages.items():
        assert not [word for word in (EVENT, ADDRESS, HELPER, "Opbouwen") if word in page], (who, path)
    for path in (f"/tasks/{task_id}", f"/poster/task/{task_id}", f"/poster/task/{task_id}.pdf"):
        assert client.get(path).status_code == 404, path
    board = pages[f"/boards/{initiative.id}"]
    assert 'id="task-' not in board  # the board is public now, and empty to them: its counts too
    assert board.count('<span class="count">0</span>') == 3


def test_members_see_their_members_only_events_shift_whole(client, app, auth, opened):
    """The initiative's members see the shift on its board, on "where can I help" and on its page, with the event's
    name and address."""
    initiative, event, task_id, member = opened
    auth.login(member)
    for path in (f"/boards/{initiative.id}", f"/tasks/{task_id}"):
        page = client.get(path).get_data(as_text=True)
        assert f"{EVENT}: Opbouwen" in page and ADDRESS in page, path
    assert f"{EVENT}: Opbouwen" in client.get("/boards/help").get_data(as_text=True)


def test_the_event_opening_up_shows_its_shifts_and_closing_hides_them(client, app, opened):
    """The shift follows the event's own choice in the same transaction: opened, visitors see it; members-only again,
    it is gone (the events feature keeps the task in line)."""
    from portal.accounts.models import User
    from portal.events import services
    from portal.events.models import Event

    initiative, event, task_id, _member = opened

    def edit(public: bool) -> None:
        with app.test_request_context():
            row = db.session.get(Event, event.id)
            data = services.EventData(row.initiative_id, row.title, row.description, row.start_at, row.end_at,
                                      None, row.address, public, row.capacity)
            services.update_event(event.id, data, db.session.scalar(db.select(User).where(User.role == "coordinator")))

    edit(True)
    assert client.get(f"/tasks/{task_id}").status_code == 200
    assert ADDRESS in client.get(f"/boards/{initiative.id}").get_data(as_text=True)
    edit(False)
    assert client.get(f"/tasks/{task_id}").status_code == 404
    assert ADDRESS not in client.get(f"/boards/{initiative.id}").get_data(as_text=True)



def test_the_migration_keeps_existing_shifts_of_members_only_events_for_members(tmp_path):
    """Shifts made before tasks knew it (migration 0055) are kept for members when their event is members-only; the
    others stay for everyone who may see the board."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from config import TestConfig
    from portal import create_app

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.db'}",
                     UPLOAD_FOLDER=str(tmp_path), MAIL_FOLDER=str(tmp_path))
    with app.app_context():
        upgrade()
        from portal.boards.models import Task
        from portal.core.time import to_utc
        from portal.events.models import Event, Shift
        from portal.initiatives.models import Initiative
        from tests.conftest import future_local

        db.session.add(Initiative(id=1, name="Tuin", description="", visibility="public"))
        db.session.flush()
        for number, public in ((1, False), (2, True)):
            db.session.add(Event(id=number, initiative_id=1, title="Overleg", address="Hier", public=public,
                                 start_at=to_utc(future_local(3, 18)), end_at=to_utc(future_local(3, 19))))
            db.session.add(Task(id=number, initiative_id=1, title="Overleg: Opbouwen"))
            db.session.flush()
            db.session.add(Shift(event_id=number, kind="setup", offset_minutes=-60, minutes=60, places=1,
                                 task_id=number))
        db.session.commit()
        db.session.remove()
        downgrade(revision="0054_budget_one_apply_before")
        upgrade()
        with db.engine.begin() as connection:
            rows = connection.execute(text("SELECT id, members_only FROM tasks ORDER BY id"))
            assert [(task_id, bool(flag)) for task_id, flag in rows] == [(1, True), (2, False)]
        db.engine.dispose()


def test_the_thanks_for_a_shift_done_follow_the_event(client, app, opened):
    """A member finishes the shift of the coming members-only event: the thank-you is the members' (an outsider
    reads nothing of it); the event opens up, the thanks show to everyone, naming the shift as a visitor reads it."""
    from portal.accounts.models import User
    from portal.boards import services as boards
    from portal.events import services
    from portal.events.models import Event

    initiative, event, task_id, member = opened
    with app.test_request_context():
        assert boards.finish(task_id, db.session.get(User, member.id), whole=True)[0] == "closed"
    page = client.get("/applause").get_data(as_text=True)
    assert "Klus geklaard" not in page and HELPER not in page
    with app.test_request_context():
        row = db.session.get(Event, event.id)
        data = services.EventData(row.initiative_id, row.title, row.description, row.start_at, row.end_at, None,
                                  row.address, True, row.capacity)
        services.update_event(event.id, data, db.session.scalar(db.select(User).where(User.role == "coordinator")))
    page = client.get("/applause").get_data(as_text=True)
    assert f"Klus geklaard: {EVENT}: Opbouwen" in page and HELPER in page
