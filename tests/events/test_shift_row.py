"""A shift on its event's page: take it, give it back there, and what saying "I'm not coming" means for it."""

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


def test_not_coming_names_the_shift_still_held_and_offers_to_give_it_back(client, app, login_as, make_user,
                                                                          make_event):
    """After "Ik kom niet meer" a person still on a shift is told so, with "Geef terug" for it in the RSVP box,
    on the page (JS off) and in the htmx answer (JS on); the shift itself is kept until they give it back."""
    from portal.boards import services as boards
    from tests.conftest import HX

    event = make_event()
    task_id = _shift(app, event, make_user(role="coordinator"))
    helper = login_as()
    with app.test_request_context():
        boards.claim(task_id, db.session.merge(helper))
    for headers in ({}, HX):
        assert client.post(f"/agenda/{event.id}/rsvp", data={"people": "1", "children": "0"},
                           headers=headers).status_code in (200, 303)
        page = client.post(f"/agenda/{event.id}/rsvp/cancel", headers=headers, follow_redirects=not headers) \
            .get_data(as_text=True)
        box = page.split('id="rsvp"')[1].split("</section>")[0]
        assert "Je plaats is vrij" in box and "Je hebt nog een dienst bij deze activiteit." in box
        assert f'action="/tasks/{task_id}/hand-back"' in box and "Opbouwen" in box
        with app.app_context():
            assert boards.claimed_by(db.session.merge(helper), [task_id]) == {task_id}
    quiet = client.get(f"/agenda/{event.id}").get_data(as_text=True).split('id="rsvp"')[1].split("</section>")[0]
    assert "hand-back" not in quiet  # named after "Ik kom niet meer", not on every visit


def test_not_coming_without_a_shift_says_nothing_about_shifts(client, login_as, make_event):
    """Someone without a shift gets only the usual answer after "Ik kom niet meer"."""
    event = make_event()
    login_as()
    client.post(f"/agenda/{event.id}/rsvp", data={"people": "1", "children": "0"})
    page = client.post(f"/agenda/{event.id}/rsvp/cancel", follow_redirects=True).get_data(as_text=True)
    assert "Je plaats is vrij" in page and "dienst" not in page.split('id="rsvp"')[1].split("</section>")[0]


def test_english_readers_read_the_shift_name_in_english_after_taking_it(client, app, login_as, make_user,
                                                                        make_event):
    """The shift's name is resolved when shown: "Thank you! You are on: Buurtbarbecue: Setting up." on the event
    page (JS off) and in the htmx answer (JS on), and the home page's list of my tasks says "Setting up" too; the
    stored title stays Dutch, and Dutch readers read "Opbouwen"."""
    from tests.conftest import HX

    event = make_event(title="Buurtbarbecue")
    plain, htmx = _shift(app, event, make_user(role="coordinator")), _shift(app, event, make_user(role="coordinator"),
                                                                             kind="kitchen")
    login_as()
    client.get("/language/en")
    page = client.post(f"/tasks/{plain}/claim", data={"next": f"/agenda/{event.id}"}, follow_redirects=True) \
        .get_data(as_text=True)
    assert "Thank you! You are on: Buurtbarbecue: Setting up." in page and "Opbouwen" not in page
    # both shifts are at the same time: the second is taken after "yes" to the overlap question
    fragment = client.post(f"/tasks/{htmx}/claim", data={"next": f"/agenda/{event.id}", "overlap": "1"}, headers=HX) \
        .get_data(as_text=True)
    assert "Thank you! You are on: Buurtbarbecue: Kitchen." in fragment and "Keuken" not in fragment
    home = client.get("/").get_data(as_text=True)
    assert "Buurtbarbecue: Setting up" in home and "Buurtbarbecue: Kitchen" in home and "Opbouwen" not in home
    client.get("/language/nl")
    home = client.get("/").get_data(as_text=True)
    assert "Buurtbarbecue: Opbouwen" in home and "Setting up" not in home
