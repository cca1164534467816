"""A walk-in resident's name and slip stay with the desk staff who may see the board."""

from portal.extensions import db


def _walkin_claim(app, task, librarian, name="Walk-in Wilma"):
    from portal.boards import services

    with app.app_context():
        claim_id = services.claim(task.id, None, walkin_name=name, recorded_by=db.session.merge(librarian),
                                  walkin_phone="0612345678")
        db.session.commit()
        return claim_id


def test_claim_slip_of_a_members_only_board_is_unknown_to_a_librarian_outside_it(
        app, client, make_user, make_initiative, make_task, login_as):
    from portal.initiatives.models import Initiative

    initiative = make_initiative(name="Secret club")
    with app.app_context():
        db.session.get(Initiative, initiative.id).visibility = "members"
        db.session.commit()
    task = make_task(initiative=initiative, title="Secret errand")
    claim_id = _walkin_claim(app, task, make_user(role="coordinator"))
    login_as("librarian")
    response = client.get(f"/claims/{claim_id}/slip")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Secret errand" not in body and "Walk-in Wilma" not in body and "0612345678" not in body


def test_finish_question_does_not_name_a_walkin_resident_to_another_resident(
        app, client, make_user, make_task, login_as):
    from portal.boards import services

    task = make_task(title="Carry tables", places_needed=3)
    _walkin_claim(app, task, make_user(role="librarian"))
    resident = login_as("resident")
    with app.app_context():
        services.claim(task.id, db.session.merge(resident))
        db.session.commit()
    response = client.post(f"/tasks/{task.id}/done", data={})
    assert response.status_code == 200
    assert "Walk-in Wilma" not in response.get_data(as_text=True)
