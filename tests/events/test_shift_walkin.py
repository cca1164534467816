"""The desk on an event's page: a librarian writes a resident without an account down for a shift, as on a task card
of "where can I help"; refused input comes back at that shift's fields, as typed, and stores nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from tests.events.test_shift_row import _shift


def _row(page: str, task_id: int) -> str:
    return page.split(f'id="task-{task_id}"')[1].split("</li>")[0]


def _claims(app) -> list[tuple]:
    from portal.boards.models import Claim

    with app.app_context():
        return list(db.session.execute(select(Claim.task_id, Claim.user_id, Claim.walkin_name, Claim.walkin_phone,
                                              Claim.recorded_by_id)))


def test_a_librarian_writes_a_walkin_down_for_a_shift(app, client, login_as, make_user, make_event):
    """Each open shift offers the librarian the walk-in form; writing Mevrouw Pinas down lands on her slip, and the
    shift on the event's page has one more place taken."""
    event = make_event(title="Buurtbarbecue")
    task_id = _shift(app, event, make_user(role="coordinator"), places=2)
    librarian = login_as("librarian", name="Priya")
    row = _row(client.get(f"/agenda/{event.id}").get_data(as_text=True), task_id)
    assert "nog 2 mensen nodig" in row and "Ik help mee" in row
    assert f'action="/agenda/{event.id}/shifts/{task_id}/walk-in"' in row  # no #anchor: it would stop autofocus
    assert f'<label for="walkin-{task_id}">Voor een bewoner zonder account: naam</label>' in row
    response = client.post(f"/agenda/{event.id}/shifts/{task_id}/walk-in",
                           data={"walkin_name": "Mevrouw Pinas", "walkin_phone": "06 12345678"})
    assert response.status_code == 303 and response.headers["Location"].startswith("/claims/")
    slip = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Genoteerd: Mevrouw Pinas doet mee met Buurtbarbecue: Opbouwen." in slip and "06 12345678" in slip
    assert _claims(app) == [(task_id, None, "Mevrouw Pinas", "06 12345678", librarian.id)]
    assert "nog 1 persoon nodig" in _row(client.get(f"/agenda/{event.id}").get_data(as_text=True), task_id)


def test_only_the_desk_gets_the_form_and_may_post_it(client, app, login_as, make_user, make_event, auth):
    """A resident sees "Ik help mee" but no walk-in form, and posting one is refused (403); a visitor is sent to
    log in; nothing is stored."""
    event = make_event()
    task_id = _shift(app, event, make_user(role="coordinator"))
    path = f"/agenda/{event.id}/shifts/{task_id}/walk-in"
    assert client.post(path, data={"walkin_name": "X"}).headers["Location"].startswith("/login")
    login_as()
    row = _row(client.get(f"/agenda/{event.id}").get_data(as_text=True), task_id)
    assert "Ik help mee" in row and "walk-in" not in row and "walkin" not in row
    assert client.post(path, data={"walkin_name": "Mevrouw Pinas"}).status_code == 403
    assert _claims(app) == []


@pytest.mark.parametrize(("name", "phone", "field", "message", "kept"), [
    ("", "06 12345678", "walkin", "Schrijf de naam van de bewoner.", ""),
    ("P" * 300, "", "walkin", "Gebruik hoogstens 80 tekens.", "P" * 300),
    ("\x00\x00", "06 12345678", "walkin", "Schrijf de naam van de bewoner.", ""),
    ("Mevrouw Pinas", "bel me maar", "walkin-phone", "Schrijf een telefoonnummer in cijfers", "bel me maar"),
])
def test_refused_input_comes_back_at_the_shift_as_typed(app, client, login_as, make_user, make_event, name, phone,
                                                         field, message, kept):
    """An empty name, a 300-character one, one of NUL bytes only or a phone in words: the event's page again (422)
    with the message at that shift's field, focused, what was typed in the fields, nothing stored."""
    event = make_event()
    organiser = make_user(role="coordinator")
    task_id, other_id = _shift(app, event, organiser), _shift(app, event, organiser, kind="cleanup")
    login_as("librarian")
    response = client.post(f"/agenda/{event.id}/shifts/{task_id}/walk-in",
                           data={"walkin_name": name, "walkin_phone": phone})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    row = _row(page, task_id)
    assert f'<p class="error" id="{field}-{task_id}-error" role="alert"><strong>Let op:</strong> {message}' in row
    assert f'id="{field}-{task_id}" name=' in row and 'aria-invalid="true" autofocus' in row
    typed_field = row.split(f'<input id="{field}-{task_id}"')[1].split(">")[0]
    assert (f'value="{kept}"' in typed_field) if kept else "value=" not in typed_field
    if phone and field == "walkin":
        assert f'value="{phone}"' in row  # the phone typed is kept beside the refused name
    assert page.count("autofocus") == 1 and 'aria-invalid' not in _row(page, other_id)
    assert "\x00" not in page and "nog 2 mensen nodig" in row
    assert _claims(app) == []


def test_a_nul_inside_a_name_is_dropped_not_stored(app, client, login_as, make_user, make_event):
    """Control characters never reach the database: "Mevrouw\\x00 Pinas" is written down as "Mevrouw Pinas"."""
    event = make_event()
    task_id = _shift(app, event, make_user(role="coordinator"))
    login_as("librarian")
    response = client.post(f"/agenda/{event.id}/shifts/{task_id}/walk-in", data={"walkin_name": "Mevrouw\x00 Pinas"})
    assert response.status_code == 303
    assert [claim[2] for claim in _claims(app)] == ["Mevrouw Pinas"]


def test_a_full_shift_or_another_events_task_is_refused(app, client, login_as, make_user, make_event,
                                                        make_task, make_initiative):
    """The last place just taken: the message at the shift, no form there any more; a task of another event or of
    a board only: 404."""
    from portal.boards import services as boards

    event, other = make_event(), make_event(title="Buurtborrel")
    organiser = make_user(role="coordinator")
    task_id, elsewhere = _shift(app, event, organiser, places=1), _shift(app, other, organiser)
    login_as("librarian")
    board_task = make_task(make_initiative("Groen"), "Water geven")
    for wrong in (elsewhere, board_task.id, 2**31 - 1):
        assert client.post(f"/agenda/{event.id}/shifts/{wrong}/walk-in",
                           data={"walkin_name": "Mevrouw Pinas"}).status_code == 404
    with app.test_request_context():
        boards.claim(task_id, None, walkin_name="Meneer Nowak")
        db.session.commit()
    response = client.post(f"/agenda/{event.id}/shifts/{task_id}/walk-in", data={"walkin_name": "Mevrouw Pinas"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/agenda/{event.id}#task-{task_id}")
    row = _row(client.get(response.headers["Location"]).get_data(as_text=True), task_id)
    assert "Net vol: deze dienst heeft al genoeg mensen." in row and "walkin" not in row
    assert [claim[2] for claim in _claims(app)] == ["Meneer Nowak"]


def test_a_shift_of_a_stopped_initiative_takes_nobody_at_the_desk(app, client, login_as, make_user, make_event):
    """The organising initiative stopped after the event was planned: the desk's walk-in on its shift is refused by
    the boards' own claim (not only by the board's buttons), with the reason at the shift; nothing is stored."""
    from portal.boards import services as boards
    from portal.initiatives.models import Initiative

    event = make_event()
    task_id = _shift(app, event, make_user(role="coordinator"))
    with app.app_context():
        db.session.get(Initiative, event.initiative_id).status = "stopped"
        db.session.commit()
    login_as("librarian")
    response = client.post(f"/agenda/{event.id}/shifts/{task_id}/walk-in", data={"walkin_name": "Mevrouw Pinas"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/agenda/{event.id}#task-{task_id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dit initiatief is gestopt." in page
    row = _row(page, task_id)  # the page offers nothing that would be refused: no walk-in form, no "Ik help mee"
    assert "walkin" not in row and "Ik help mee" not in row and f"/tasks/{task_id}/claim" not in row
    assert "nodig" not in row and "genoeg" not in row  # it asks nobody for help, nor says all hands are there
    with app.test_request_context(), pytest.raises(boards.ClaimRefused) as refused:
        boards.claim(task_id, None, walkin_name="Meneer Nowak")
    assert refused.value.reason == "stopped"
    assert _claims(app) == []
