"""Renaming an event renames the tasks of its shifts on the board, so a helper reads the name the event has now."""

from __future__ import annotations

from portal.extensions import db


def test_renaming_an_event_renames_its_shift_tasks(client, app, auth, make_user, make_initiative, make_member,
                                                   make_event):
    """"Zomerborrel" becomes "Buurtborrel": its set-up shift's task reads "Buurtborrel: Opbouwen", also in its
    description, and the board no longer shows the old name."""
    from portal.accounts.models import User
    from portal.boards.models import Task
    from portal.events import services
    from portal.events.models import Event
    from tests.events.conftest import edit_form

    initiative = make_initiative("Buurtborrel Zuidoost")
    event = make_event(initiative, title="Zomerborrel")
    organiser = make_user(name="Carla")
    make_member(organiser, initiative, role="carrier")
    with app.app_context():
        row = db.session.get(Event, event.id)
        task_id = services.add_shift(row, "setup", -60, 60, 2, db.session.get(User, organiser.id)).task_id
    auth.login(organiser)
    assert client.post(f"/agenda/{event.id}/edit", data=edit_form(app, event.id, title="Buurtborrel")).status_code \
        == 303
    with app.app_context():
        task = db.session.get(Task, task_id)
        assert task.title == "Buurtborrel: Opbouwen"
        assert "Buurtborrel" in task.description and "Zomerborrel" not in task.description
    board = client.get(f"/boards/{initiative.id}").get_data(as_text=True)
    assert "Buurtborrel: Opbouwen" in board and "Zomerborrel" not in board
