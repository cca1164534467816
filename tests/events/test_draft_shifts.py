"""A draft event asks nobody for hands: its shifts reach the task board only when the event is published, so no
board, "where can I help", load guard, network page or weekly sheet shows a task of an event that is a 404."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db

SURFACES = ("/boards/help", "/netwerk", "/netwerk/wat-kan-ik-doen", "/buurtbericht")


def _pages(client, initiative_id: int) -> str:
    from portal import pagecache

    pagecache.clear()
    return " ".join(client.get(path).get_data(as_text=True)
                    for path in (*SURFACES, f"/boards/{initiative_id}", f"/initiatieven/{initiative_id}"))


def _tasks(app) -> int:
    from portal.boards.models import Task

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Task))


def test_a_repeated_draft_keeps_its_shifts_off_the_board_until_published(client, app, auth, make_user,
                                                                          make_initiative, make_member, make_event):
    """Repeating an event copies its shifts (tasks on the board) into a draft without tasks: a visitor, a
    non-member and the load guard see nothing of them; publishing the draft puts them on the board, places kept."""
    from portal.accounts.models import User
    from portal.events import services
    from portal.events.models import Event

    initiative = make_initiative("Buurtborrel Zuidoost")
    source = make_event(initiative, title="Zomerborrel", repeats="yearly")
    organiser = make_user(name="Carla")
    make_member(organiser, initiative, role="carrier")
    with app.app_context():
        services.add_shift(db.session.get(Event, source.id), "kitchen", -60, 120, 3, db.session.get(User, organiser.id))
    before = _tasks(app)
    auth.login(organiser)
    response = client.post(f"/agenda/{source.id}/repeat")
    assert response.status_code == 303
    with app.app_context():
        services.cancel_event(source.id, db.session.get(User, organiser.id))  # its own shift leaves the board
        before -= 1
        draft = db.session.scalar(select(Event).where(Event.status == "draft"))
        draft_id = draft.id
        (shift,) = services.shifts_of(draft.id)
        assert (shift.task_id, shift.places) == (None, 3)
        extra = services.add_shift(draft, "setup", -120, 60, 2, db.session.get(User, organiser.id))
        assert extra.task_id is None
    assert _tasks(app) == before
    assert "Opbouwen" in client.get(f"/agenda/{draft_id}").get_data(as_text=True)
    auth.logout()
    assert "Zomerborrel" not in _pages(client, initiative.id)
    auth.login(make_user(name="Buurman"))
    assert "Zomerborrel" not in _pages(client, initiative.id)
    auth.logout()
    auth.login(make_user(role="coordinator"))
    assert "Zomerborrel" not in client.get("/boards/load").get_data(as_text=True)
    auth.logout()

    auth.login(organiser)
    with app.app_context():
        draft = db.session.get(Event, draft_id)
        form = {"title": "Zomerborrel", "initiative": str(initiative.id), "description": "",
                "start": services.local(draft.start_at).strftime("%Y-%m-%dT%H:%M"),
                "end": services.local(draft.end_at).strftime("%Y-%m-%dT%H:%M"), "where": "address", "room": "0",
                "address": "Bijlmerpark", "public": "public", "capacity": "", "repeats": "yearly"}
    assert client.post(f"/agenda/{draft_id}/edit", data=form).status_code == 303
    auth.logout()
    assert "Zomerborrel: Keuken" in _pages(client, initiative.id)
    with app.app_context():
        from portal.boards.models import Task

        places = {shift.kind: db.session.get(Task, shift.task_id).places_needed
                  for shift in services.shifts_of(draft_id)}
    assert places == {"kitchen": 3, "setup": 2}
