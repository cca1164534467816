"""One loader for every view: `get_or_404_for` answers 404 for what is missing or hidden, 403 for what is not
allowed, so members-only things stay unknown to outsiders."""

import pytest
from werkzeug.exceptions import Forbidden, NotFound

from portal.extensions import db
from portal.permissions import get_or_404_for


@pytest.fixture
def hidden(app, make_initiative, make_task, make_shout, make_user):
    """A members-only initiative with a task, a walk-in claim on it and a shout-out; return their ids."""
    from portal.boards import services as boards
    from portal.initiatives.models import Initiative

    secret = make_initiative("Besloten bewonerscommissie")
    with app.app_context():
        db.session.get(Initiative, secret.id).visibility = "members"
        db.session.commit()
    task = make_task(secret, title="Notulen uitwerken", places_needed=2)
    shout = make_shout("Dank voor het verslag", initiative=secret)
    with app.app_context():
        claim_id = boards.claim(task.id, None, walkin_name="Henk", recorded_by=db.session.merge(make_user("librarian")))
    return {"initiative": secret.id, "task": task.id, "shout": shout.id, "claim": claim_id}


def test_loader_answers_404_for_a_missing_or_empty_id(app, make_initiative):
    """A missing id, None and 0 are 404 before anything else is asked."""
    from portal.initiatives.models import Initiative

    with app.test_request_context("/"):
        with pytest.raises(NotFound):
            get_or_404_for(Initiative, 2_000_000_000, "can_manage")
        for ident in (None, 0):
            with pytest.raises(NotFound):
                get_or_404_for(Initiative, ident, load=lambda _ident: pytest.fail("an empty id is not looked up"))


def test_loader_answers_404_when_hidden_and_403_when_not_allowed(app, make_initiative):
    """`visible` false is a 404, a failing permission a 403; `load` replaces the plain lookup."""
    from portal.initiatives.models import Initiative

    initiative_id = make_initiative("Buurtmoestuin").id
    with app.test_request_context("/"):
        with pytest.raises(NotFound):
            get_or_404_for(Initiative, initiative_id, visible=lambda found, user: False)
        with pytest.raises(NotFound):
            get_or_404_for(Initiative, initiative_id, load=lambda ident: None)
        with pytest.raises(Forbidden):
            get_or_404_for(Initiative, initiative_id, "can_manage")
        loaded = get_or_404_for(Initiative, initiative_id, load=lambda ident: db.session.get(Initiative, ident),
                                visible=lambda found, user: found.visibility == "public")
        assert loaded.name == "Buurtmoestuin"


def test_views_answer_404_for_hidden_things_to_an_outsider(client, login_as, hidden):
    """A resident outside the members-only initiative gets 404 for its board, task, claim and shout-out."""
    login_as("resident")
    assert client.get(f"/boards/{hidden['initiative']}").status_code == 404
    assert client.post(f"/tasks/{hidden['task']}/claim").status_code == 404
    assert client.get(f"/applause/{hidden['shout']}").status_code == 404
    assert client.get(f"/applause?initiative={hidden['initiative']}").status_code == 404


def test_desk_staff_get_404_for_a_slip_on_a_hidden_board(client, login_as, auth, hidden):
    """A librarian who is no member gets 404 for a walk-in slip on a members-only board; a coordinator sees it."""
    login_as("librarian")
    assert client.get(f"/claims/{hidden['claim']}/slip").status_code == 404
    auth.logout()
    login_as("coordinator")
    assert client.get(f"/claims/{hidden['claim']}/slip").status_code == 200


@pytest.mark.parametrize("path", ["/boards/{}", "/applause/{}", "/applause?initiative={}", "/claims/{}/slip",
                                  "/boards/people/{}/tasks", "/rooms/{}/calendar.ics", "/venues/{}/calendar.ics"])
def test_views_answer_404_for_a_missing_id(client, login_as, path):
    """Every loader answers a missing (but well-formed) id with 404."""
    login_as("coordinator")
    assert client.get(path.format(2_000_000_000)).status_code == 404


def test_switching_a_revoked_kiosk_off_again_is_404(app, client, login_as):
    """A kiosk that is switched off already is as gone as a missing one."""
    from portal.kiosk import services as kiosk

    librarian = login_as("librarian")
    with app.app_context():
        device, _cookie = kiosk.create_device("Balie", db.session.merge(librarian))
        db.session.commit()
        device_id = device.id
    assert client.post(f"/kiosk/devices/{device_id}/revoke").status_code == 303
    assert client.post(f"/kiosk/devices/{device_id}/revoke").status_code == 404
    assert client.post("/kiosk/devices/2000000000/revoke").status_code == 404
