"""A task never gets more people than it needs, also when many claim the last place at once."""

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.boards import services
from portal.boards.models import Claim, Task
from portal.extensions import db
from tests.applause.test_services import run_at_once


def test_twenty_claims_for_the_last_place_make_one_holder(app, make_task, make_user):
    """Twenty people claiming the last place at the same moment: exactly one gets it."""
    task = make_task(places_needed=3, places_taken=2, status="in_progress")
    people = [make_user() for _ in range(20)]
    outcomes = []

    def claim(user):
        try:
            services.claim(task.id, db.session.get(User, user.id))
            outcomes.append("claimed")
        except services.ClaimRefused as refused:
            outcomes.append(refused.reason)

    assert run_at_once(app, claim, people) == []
    assert outcomes.count("claimed") == 1 and outcomes.count("full") == 19
    with app.app_context():
        assert db.session.get(Task, task.id).places_taken == 3
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 1


def test_one_person_claiming_twice_at_once_holds_one_place(app, make_task, make_user):
    """The same person's double tap takes one place, not two."""
    task = make_task(places_needed=5)
    person = make_user()
    run_at_once(app, lambda _: _try(task.id, person.id), range(5))
    with app.app_context():
        assert db.session.get(Task, task.id).places_taken == 1
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 1


def _try(task_id, user_id):
    try:
        services.claim(task_id, db.session.get(User, user_id))
    except services.ClaimRefused:
        pass


def test_the_database_refuses_over_claiming(app, make_task):
    """Even a write that skips the rules cannot put more people on a task than it needs."""
    task = make_task(places_needed=1)
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(update(Task).where(Task.id == task.id).values(places_taken=2))
            db.session.commit()
        db.session.rollback()


def test_the_load_guard_measures_hours_one_way_everywhere(app, make_task, make_user, make_initiative):
    """The load guard's list, the network's hours and a person's own load count the same claims: unfinished work
    due within four weeks or undated; not a task done, not a part done, not work due later."""
    from datetime import timedelta

    from portal.core.time import today

    board, fatima = make_initiative(), make_user(name="Fatima")
    counted = [make_task(board, "Open, due soon", estimate_minutes=6 * 60, due_date=today() + timedelta(days=10)),
               make_task(board, "Busy, undated", estimate_minutes=5 * 60, status="in_progress")]
    left_out = [make_task(board, "Done", estimate_minutes=60, status="done"),
                make_task(board, "My part done", estimate_minutes=120, places_needed=2),
                make_task(board, "Due later", estimate_minutes=240, due_date=today() + timedelta(days=40))]
    with app.app_context():
        for task in counted + left_out:
            db.session.add(Claim(task_id=task.id, user_id=fatima.id))
        db.session.commit()
        db.session.execute(update(Claim).where(Claim.task_id == left_out[1].id).values(part_done_at=func.now()))
        db.session.commit()
        listed = {carrier.id: hours for carrier, hours in services.overloaded()}
        assert listed == {fatima.id: 11}
        assert services.coming_hours_of([fatima.id]) == {fatima.id: 11}
        assert services.load_of(db.session.get(User, fatima.id))["coming"] == 11
