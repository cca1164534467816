"""A stopped initiative takes no new work through its own pages (initiatives.services.takes_new_work): its page and
board say so, show no button to add a task, join, invite or claim, and a hand-made request for any of these is
refused with a message and stores nothing. Its old tasks stay on the board as history, out of "where can I help".
A resting initiative works as before."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from tests.conftest import saved

NOTE = "nog zien, maar er komt geen nieuw werk bij."  # "Je kunt de oude klussen en foto's nog zien, ..."
HX = {"HX-Request": "true"}


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def club(app, make_group, make_user, make_task):
    """Mehmet carries "Kookclub Gein" (stopped), which has an open task; "Buurttuin" (active) has one too."""
    from portal.initiatives.models import Initiative

    cook = make_user(name="Mehmet")
    stopped = make_group("Kookclub Gein", carriers=[cook])
    running = make_group("Buurttuin", carriers=[cook])
    with app.app_context():
        db.session.get(Initiative, stopped.id).status = "stopped"
        db.session.commit()
    return {"cook": cook, "stopped": stopped, "running": running,
            "old": make_task(stopped, title="Soep koken", places_needed=2),
            "open": make_task(running, title="Onkruid wieden", places_needed=2)}


def test_the_rule(app, club):
    """Only a stopped initiative takes no new work; starting, active and resting ones do."""
    from portal.initiatives import services

    with app.app_context():
        assert not services.takes_new_work_by_id(club["stopped"].id)
        assert services.takes_new_work_by_id(club["running"].id)
        assert not services.takes_new_work_by_id(999_999)
    for status, takes in (("starting", True), ("active", True), ("resting", True), ("stopped", False)):
        assert services.takes_new_work(type("Head", (), {"status": status})()) is takes


def test_the_board_says_so_and_offers_no_new_work(app, client, auth, make_user, club):
    """The board shows the note; no "add a task", "from a meeting", "together", "join" or "I'll do it"; the old
    task is still there, as history."""
    coordinator = make_user(role="coordinator")
    auth.login(coordinator)
    page = client.get(f"/boards/{club['stopped'].id}").get_data(as_text=True)
    assert "Dit initiatief is gestopt." in page and NOTE in page and "Soep koken" in page
    assert "mensen nodig" not in page  # its open task is history: nobody is asked to help
    for hidden in (f"/boards/{club['stopped'].id}/tasks/new", f"/boards/{club['stopped'].id}/meeting",
                   f"/netwerk/samen/{club['stopped'].id}", f"/initiatieven/{club['stopped'].id}/meedoen",
                   f"/tasks/{club['old'].id}/claim", f"/tasks/{club['old'].id}/walk-in",
                   f"/boards/{club['stopped'].id}/print"):
        assert hidden not in page, hidden
    running = client.get(f"/boards/{club['running'].id}").get_data(as_text=True)  # the same person, a running one
    assert NOTE not in running and f"/boards/{club['running'].id}/tasks/new" in running
    assert f"/tasks/{club['open'].id}/claim" in running and f"/initiatieven/{club['running'].id}/meedoen" in running


def test_the_page_says_so_in_english_too(client, make_user, auth, club):
    """English readers get the note and no "Join this initiative"."""
    auth.login(make_user(language="en"))
    page = client.get(f"/initiatives/{club['stopped'].id}").get_data(as_text=True)
    assert "This initiative has stopped." in page and "no new work comes to it" in page
    assert "Join this initiative" not in page


def test_a_hand_made_task_is_refused(app, client, auth, club):
    """A carrier's own POST to add a task: back to the board with the message, nothing stored."""
    from portal.boards.models import Task

    auth.login(club["cook"])
    before = _count(app, Task)
    response = client.post(f"/boards/{club['stopped'].id}/tasks/new",
                           data={"title": "Taart bakken", "estimate_hours": "1", "places_needed": "1"})
    assert response.status_code == 303 and response.location.endswith(f"/boards/{club['stopped'].id}")
    page = client.get(response.location).get_data(as_text=True)
    assert "Er kunnen geen nieuwe klussen bij." in page and "Klus toegevoegd" not in page
    assert _count(app, Task) == before
    assert client.get(f"/boards/{club['stopped'].id}/tasks/new").status_code == 303  # the form itself too


@pytest.mark.parametrize("data", [
    {"lines": "- Taart bakken, 2 mensen, 1 uur"},
    {"rows-0-title": "Taart bakken", "rows-0-hours": "1", "rows-0-places": "2", "rows-0-due": "", "rows-0-keep": "y"},
])
def test_tasks_from_a_meeting_are_refused(app, client, login_as, club, data):
    """From meeting to action, the notes or the corrected rows: refused, nothing stored."""
    from portal.boards.models import Task

    login_as("coordinator")
    before = _count(app, Task)
    response = client.post(f"/boards/{club['stopped'].id}/meeting", data=data)
    assert response.status_code == 303
    assert "Er kunnen geen nieuwe klussen bij." in client.get(response.location).get_data(as_text=True)
    assert _count(app, Task) == before


@pytest.mark.parametrize("headers", [{}, HX])
def test_joining_is_refused(app, client, login_as, club, headers):
    """A hand-made join: a message at the join box (htmx: in the box), no membership."""
    from portal.initiatives.models import Membership

    login_as()
    before = _count(app, Membership)
    response = client.post(f"/initiatieven/{club['stopped'].id}/meedoen", headers=headers)
    page = response.get_data(as_text=True) if headers else client.get(response.location).get_data(as_text=True)
    assert "Je kunt niet meer meedoen." in page and "Welkom bij" not in page
    assert _count(app, Membership) == before


def test_claiming_an_old_task_is_refused(app, client, login_as, club):
    """The old open task stays on the board, but nobody (nor a walk-in at the desk) signs up for it."""
    from portal.boards.models import Claim

    login_as("coordinator")
    response = client.post(f"/tasks/{club['old'].id}/claim", headers=HX)
    assert response.status_code == 200 and "Je kunt je niet meer aanmelden voor een klus." in response.get_data(
        as_text=True)
    response = client.post(f"/tasks/{club['old'].id}/walk-in", data={"walkin_name": "Ans", "walkin_phone": ""})
    assert response.status_code == 303
    assert _count(app, Claim) == 0
    page = client.get(f"/tasks/{club['old'].id}").get_data(as_text=True)
    assert "Soep koken" in page and f"/tasks/{club['old'].id}/claim" not in page


def test_where_can_i_help_leaves_the_old_tasks_out(client, club):
    """Where can I help (and the printed sheet of the board) shows the running board's task, not the stopped
    one's."""
    page = client.get("/boards/help").get_data(as_text=True)
    assert "Onkruid wieden" in page and "Soep koken" not in page
    assert "Soep koken" not in client.get(f"/boards/{club['stopped'].id}/print").get_data(as_text=True)
    assert "Onkruid wieden" in client.get(f"/boards/{club['running'].id}/print").get_data(as_text=True)


def test_inviting_from_a_stopped_initiative_is_refused(app, client, auth, club):
    """The "together" page has no form; a hand-made invitation is refused with a message, nothing stored."""
    from portal.initiatives.models import Collaboration

    auth.login(club["cook"])
    page = client.get(f"/netwerk/samen/{club['stopped'].id}").get_data(as_text=True)
    assert NOTE in page and 'name="partner"' not in page
    response = client.post(f"/netwerk/samen/{club['stopped'].id}", data={
        "partner": str(club["running"].id), "subject": f"board:{club['stopped'].id}", "note": ""})
    assert response.status_code == 303
    assert "Het kan geen andere initiatieven meer uitnodigen." in client.get(response.location).get_data(
        as_text=True)
    assert _count(app, Collaboration) == 0


def test_an_invitation_from_before_the_stop_is_not_shown_nor_accepted(app, client, auth, club, make_user):
    """An invitation made while the club ran: gone from the partner's home page, and a "yes" is refused (a "no"
    still closes it)."""
    from portal.initiatives.models import Collaboration, Initiative, Membership

    partner_carrier = make_user(name="Petra")
    partner = club["running"]
    with app.app_context():
        db.session.add(Membership(initiative_id=partner.id, user_id=partner_carrier.id, role="carrier"))
        db.session.get(Initiative, club["stopped"].id).status = "active"  # before it stopped
        invitation = Collaboration(initiative_id=club["stopped"].id, partner_id=partner.id, kind="board",
                                   subject_id=club["stopped"].id, invited_by_id=club["cook"].id)
        db.session.add(invitation)
        invitation = saved(invitation)
    auth.login(partner_carrier)
    assert "Kookclub Gein" in client.get("/").get_data(as_text=True)  # shown while the club runs (control)
    with app.app_context():
        db.session.get(Initiative, club["stopped"].id).status = "stopped"
        db.session.commit()
    assert f"collaboration-{invitation.id}" not in client.get("/").get_data(as_text=True)
    response = client.post(f"/netwerk/samen/uitnodiging/{invitation.id}", data={"answer": "yes"}, headers=HX)
    assert "Samenwerken kan dus niet." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Collaboration, invitation.id).status == "open"
    client.post(f"/netwerk/samen/uitnodiging/{invitation.id}", data={"answer": "no"}, headers=HX)
    with app.app_context():
        assert db.session.get(Collaboration, invitation.id).status == "declined"


def test_the_idea_button_leads_to_the_ideas_box_with_a_note(client, club):
    """No "I have an idea" for the stopped club; a link to the ideas box; an old link's form says why."""
    page = client.get(f"/initiatieven/{club['stopped'].id}").get_data(as_text=True)
    assert f"/ideeen/nieuw?initiative={club['stopped'].id}" not in page and "Zet het in de ideeënbus" in page
    assert NOTE in page
    form = client.get(f"/ideeen/nieuw?initiative={club['stopped'].id}").get_data(as_text=True)
    assert "Kookclub Gein is gestopt. Je idee komt in de ideeënbus zonder initiatief." in form
    assert "is gestopt" not in client.get(f"/ideeen/nieuw?initiative={club['running'].id}").get_data(as_text=True)


def test_a_resting_initiative_works_as_before(app, client, auth, make_user, club):
    """Resting ("rust"): no note, and joining and adding a task work."""
    from portal.boards.models import Task
    from portal.initiatives.models import Initiative

    with app.app_context():
        db.session.get(Initiative, club["running"].id).status = "resting"
        db.session.commit()
    auth.login(make_user(role="coordinator"))
    assert NOTE not in client.get(f"/boards/{club['running'].id}").get_data(as_text=True)
    assert client.post(f"/initiatieven/{club['running'].id}/meedoen").status_code == 303
    before = _count(app, Task)
    client.post(f"/boards/{club['running'].id}/tasks/new",
                data={"title": "Zaaien", "estimate_hours": "1", "places_needed": "1"})
    assert _count(app, Task) == before + 1


def test_the_overviews_ask_no_help_for_a_stopped_initiative(client, club):
    """The boards overview says the stopped one has stopped instead of "1 task needs people"; the network card
    counts no open task for it; the running one is counted as before."""
    overview = client.get("/boards").get_data(as_text=True)
    stopped = overview.split(f'id="initiative-{club["stopped"].id}"')[1].split("</li>")[0]
    running = overview.split(f'id="initiative-{club["running"].id}"')[1].split("</li>")[0]
    assert "Dit initiatief is gestopt." in stopped and "nodig" not in stopped
    assert "1 klus heeft mensen nodig" in running
    network = client.get("/netwerk").get_data(as_text=True)
    assert "1 klus heeft mensen nodig" in network and network.count("heeft mensen nodig") == 1


def test_the_load_guard_asks_no_hands_for_a_stopped_initiatives_late_task(client, login_as, make_task, club):
    """Late tasks with nobody on them: the running initiative's is listed (late counts too), the stopped one's is
    history and neither listed nor counted in the coordinator's waiting line."""
    from datetime import timedelta

    from portal.core.time import today

    make_task(club["stopped"], title="Oude soep", due_date=today() - timedelta(days=3))
    make_task(club["running"], title="Late schoffel", due_date=today() - timedelta(days=3))
    login_as("coordinator")
    load = client.get("/boards/load").get_data(as_text=True)
    late = load.split("Binnen een week af of al te laat, en niemand doet mee")[1].split("</section>")[0]
    assert "Late schoffel" in late and "Oude soep" not in late
    assert "1 klus voor binnen een week of al te laat heeft nog niemand" in client.get("/").get_data(as_text=True)
