"""Double taps and two coordinators at once: one reaction per kind and person, one thing made of an idea
(run on SQLite, and on PostgreSQL with TEST_DATABASE_URL)."""

import threading

from sqlalchemy import func, select

from portal.applause.models import Shout
from portal.boards.models import Task
from portal.core.registry import idea_targets
from portal.extensions import db
from portal.ideas import services
from portal.ideas.models import IdeaReaction
from tests.applause.test_services import run_at_once
from tests.conftest import PASSWORD


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_double_tap_on_ik_kom_makes_one_reaction(app, make_idea, make_user):
    """Eight taps of the same person at the same moment leave exactly one "ik kom"."""
    idea, person = make_idea(), make_user()
    errors = run_at_once(app, lambda _: services.react(idea.id, person.id, "come", True), range(8))
    assert errors == []
    assert count(app, IdeaReaction) == 1


def test_many_neighbours_reacting_at_once_are_all_counted(app, make_idea, make_user):
    """Twelve people saying "ik help" at the same moment make a count of exactly twelve."""
    idea = make_idea()
    people = [make_user() for _ in range(12)]
    errors = run_at_once(app, lambda person: services.react(idea.id, person.id, "help", True), people)
    assert errors == []
    with app.app_context():
        assert services.tallies(None, [services.load_idea(idea.id, people[0])])["counts"][idea.id]["help"] == 12


def test_double_taps_through_the_web_make_one_reaction(app, make_idea, make_user):
    """Six requests of one logged-in person (one session, six tabs) at once: one reaction, no error."""
    idea, person = make_idea(), make_user()
    first = app.test_client()
    assert first.post("/login", data={"email": person.email, "password": PASSWORD}).status_code == 303
    token = first.csrf_token()
    cookie = first.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    clients = []
    for _ in range(6):
        tab = app.test_client()
        tab.set_cookie(cookie.key, cookie.value)
        clients.append(tab)
    barrier, statuses = threading.Barrier(len(clients)), []

    def tap(tab):
        barrier.wait()
        statuses.append(tab.post(f"/ideeen/{idea.id}/reageer", csrf=False,
                                 data={"csrf_token": token, "kind": "come", "on": "1"}).status_code)

    threads = [threading.Thread(target=tap, args=(tab,)) for tab in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303] * 6
    assert count(app, IdeaReaction) == 1


def test_two_coordinators_turning_one_idea_at_once_make_one_task_and_one_thanks(app, make_idea, make_user,
                                                                                make_initiative):
    """Two coordinators pressing "make it happen" together: one task, one automatic thank-you."""
    board, idea = make_initiative(), make_idea()
    coordinators = [make_user(role="coordinator") for _ in range(4)]
    task = next(target for target in idea_targets() if target.kind == "task")

    def realise(coordinator):
        try:
            services.realise(idea.id, task, "Een klus", "", board.id, db.session.get(type(coordinator),
                                                                                      coordinator.id))
        except services.AlreadyRealised:
            pass

    assert run_at_once(app, realise, coordinators) == []
    assert count(app, Task) == 1 and count(app, Shout) == 1
