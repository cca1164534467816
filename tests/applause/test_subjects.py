"""An automatic thank-you keeps what it thanks for as an id; the title is given by the thing's feature when shown, as
the reader reads it now (renamed, in their language), never from a copy in the thank-you."""

from __future__ import annotations

from sqlalchemy import text, update

from portal.extensions import db
from tests.events.conftest import make_event, make_member  # noqa: F401 - shared fixtures
from tests.events.test_shift_titles import _shift


def test_the_thanks_for_a_task_name_it_as_it_is_called_now(client, app, login_as, make_task, make_user):
    """A task renamed after it was done: every list of thank-yous reads its new name."""
    from portal.boards import services as boards
    from portal.boards.models import Task

    task = make_task(title="Stoelen zetten")
    doer = make_user(name="Doener")
    with app.test_request_context():
        boards.claim(task.id, db.session.merge(doer))
        boards.finish(task.id, db.session.merge(doer), whole=True)
        db.session.execute(update(Task).where(Task.id == task.id).values(title="Tafels en stoelen zetten"))
        db.session.commit()
    for path in ("/applause", "/applause/feed.atom", "/applause/print", "/kiosk/applause", "/buurtbericht.txt"):
        page = client.get(path).get_data(as_text=True)
        assert "Klus geklaard: Tafels en stoelen zetten" in page and "Klus geklaard: Stoelen zetten" not in page, path


def test_the_thanks_for_a_shift_read_the_event_now_in_the_readers_language(client, app, login_as, make_user,
                                                                           make_event):  # noqa: F811
    """A shift done, then its event renamed (a done task's stored copy is not rewritten): the thank-you names the
    event as it is now, and the shift in the reader's language."""
    from portal.boards import services as boards
    from portal.events.models import Event

    event = make_event(title="Zomerborrel", days=2)
    task_id = _shift(app, event, make_user(role="coordinator"), "setup")
    doer = make_user(name="Doener")
    with app.test_request_context():
        boards.claim(task_id, db.session.merge(doer))
        boards.finish(task_id, db.session.merge(doer), whole=True)
        db.session.execute(update(Event).where(Event.id == event.id).values(title="Buurtborrel"))
        db.session.commit()
    assert "Klus geklaard: Buurtborrel: Opbouwen" in client.get("/applause").get_data(as_text=True)
    login_as(language="en")
    page = client.get("/applause").get_data(as_text=True)
    assert "Job done: Buurtborrel: Setting up" in page and "Zomerborrel" not in page


def test_a_thank_you_whose_subject_is_gone_names_nothing(client, app, make_task, make_user):
    """The task is gone (its initiative deleted the board's tasks): the thank-you stays, without a title."""
    from portal.boards import services as boards

    task = make_task(title="Stoelen zetten")
    doer = make_user(name="Doener")
    with app.test_request_context():
        boards.claim(task.id, db.session.merge(doer))
        boards.finish(task.id, db.session.merge(doer), whole=True)
        db.session.execute(text("DELETE FROM tasks"))
        db.session.commit()
    page = client.get("/applause").get_data(as_text=True)
    assert "Klus geklaard!" in page and "Bedankt, Doener!" in page and "Stoelen zetten" not in page


def test_old_thanks_are_linked_to_their_subject_and_their_copied_titles_go(tmp_path):
    """Migration 0056: an automatic thank-you holding a copied title is linked to the task, event or idea of that
    title (for weekly events the one held nearest before it), takes a members-only event's choice, and keeps no
    copy, also when nothing is found."""
    from flask_migrate import downgrade, upgrade

    from config import TestConfig
    from portal import create_app

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'old.db'}",
                     UPLOAD_FOLDER=str(tmp_path), MAIL_FOLDER=str(tmp_path))
    with app.app_context():
        upgrade()
        from portal.boards.models import Task
        from portal.events.models import Event
        from portal.ideas.models import Idea
        from portal.initiatives.models import Initiative

        db.session.add_all([Initiative(id=1, name="Tuin", description="", visibility="public"),
                            Initiative(id=2, name="Huurders", description="", visibility="members")])
        db.session.flush()
        db.session.add_all([
            Task(id=1, initiative_id=1, title="Bladeren vegen", status="done", done_at=_at("2026-10-01 10:00")),
            Event(id=1, initiative_id=1, title="Overleg", address="Hier", public=False, status="took_place",
                  start_at=_at("2026-10-01 19:00"), end_at=_at("2026-10-01 20:00")),
            Event(id=2, initiative_id=1, title="Overleg", address="Hier", public=False, status="took_place",
                  start_at=_at("2026-10-08 19:00"), end_at=_at("2026-10-08 20:00")),
            Idea(id=1, title="Samen naar de rechter", text="", kind="idea", initiative_id=2, became_kind="task",
                 became_id=1, status="planned", status_changed_at=_at("2026-10-02 09:00"))])
        db.session.commit()
        db.session.remove()
        downgrade(revision="0055_tasks_members_only")
        with db.engine.begin() as connection:
            rows = [(1, "task", "Bladeren vegen", "2026-10-01 10:00:01"), (2, "event", "Overleg", "2026-10-09 09:00"),
                    (3, "idea", "Samen naar de rechter", "2026-10-02 09:00:01"),
                    (4, "task", "Iets dat weg is", "2026-10-03 10:00")]
            for shout_id, kind, title, moment in rows:
                connection.execute(text(
                    "INSERT INTO shouts (id, name_removed, initiative_id, text, automatic, hidden, clap_count, "
                    "created_at) VALUES (:id, 0, 1, :text, :kind, 0, 0, :at)"),
                    {"id": shout_id, "text": title, "kind": kind, "at": moment})
        upgrade()
        with db.engine.begin() as connection:
            found = connection.execute(text("SELECT id, subject_id, members_only, text FROM shouts ORDER BY id"))
            assert [(row[0], row[1], bool(row[2]), row[3]) for row in found] == [
                (1, 1, False, ""), (2, 2, True, ""), (3, 1, False, ""), (4, None, False, "")]
        downgrade(revision="0055_tasks_members_only")
        with db.engine.begin() as connection:
            texts = connection.execute(text("SELECT text FROM shouts ORDER BY id")).scalars().all()
            assert texts == ["Bladeren vegen", "Overleg", "Samen naar de rechter", ""]
        db.engine.dispose()


def _at(moment: str):
    """Return a UTC moment from "2026-10-01 10:00"."""
    from datetime import UTC, datetime

    return datetime.fromisoformat(moment).replace(tzinfo=UTC)
