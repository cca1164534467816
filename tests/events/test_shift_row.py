"""A shift on its event's page: take it, and give it back there."""

from __future__ import annotations

from portal.extensions import db


def _shift(app, event, organiser, kind: str = "setup", places: int = 2) -> int:
    """Add a shift to `event` and return its task's id."""
    from portal.events import services
    from portal.events.models import Event

    with app.test_request_context():
        return services.add_shift(db.session.get(Event, event.id), kind, -60, 60, places,
                                  db.session.merge(organiser)).task_id


def test_a_helper_gives_a_shift_back_on_the_event_page(client, app, login_as, make_user, make_event):
    """On the event's page a person on a shift gets "Geef terug"; it frees the place and lands back at the row
    with a confirmation, and "Ik help mee" is offered again."""
    event = make_event(title="Buurtbarbecue")
    task_id = _shift(app, event, make_user(role="coordinator"))
    login_as()
    taken = client.post(f"/tasks/{task_id}/claim", data={"next": f"/agenda/{event.id}"})
    assert taken.status_code == 303
    page = client.get(f"/agenda/{event.id}").get_data(as_text=True)
    row = page.split(f'id="task-{task_id}"')[1].split("</li>")[0]
    assert "Je hebt deze dienst." in row and f'action="/tasks/{task_id}/hand-back"' in row and "Geef terug" in row
    back = client.post(f"/tasks/{task_id}/hand-back", data={"next": f"/agenda/{event.id}"})
    assert back.status_code == 303 and back.headers["Location"].endswith(f"/agenda/{event.id}#task-{task_id}")
    row = client.get(back.headers["Location"]).get_data(as_text=True).split(f'id="task-{task_id}"')[1] \
        .split("</li>")[0]
    assert "Teruggegeven" in row and "Geef terug" not in row and f'action="/tasks/{task_id}/claim"' in row


def test_no_hand_back_on_a_done_shift(client, app, login_as, make_user, make_event):
    """A shift that is done offers no "Geef terug": the place cannot be given back any more."""
    from portal.boards import services as boards

    event = make_event()
    task_id = _shift(app, event, make_user(role="coordinator"), places=1)
    helper = login_as()
    with app.test_request_context():
        boards.claim(task_id, db.session.merge(helper))
        boards.close_tasks([task_id])
        db.session.commit()
    row = client.get(f"/agenda/{event.id}").get_data(as_text=True).split(f'id="task-{task_id}"')[1].split("</li>")[0]
    assert "hand-back" not in row

