"""Board pages keep to the budgets: page weight and queries that do not grow with the data."""

from datetime import timedelta

import pytest
from sqlalchemy import insert

from portal.boards.models import Claim, Task, TaskSkill
from portal.core.time import today
from portal.db import utcnow
from portal.extensions import db
from tests.quality import assert_within_budget, queries_per_page, steady_queries_for


def fill(app, initiative, number: int, user_id: int) -> None:
    with app.app_context():
        ids = db.session.execute(insert(Task).returning(Task.id), [
            {"initiative_id": initiative.id, "title": f"Task number {i}", "description": "", "place": "",
             "estimate_minutes": 60, "places_needed": 3, "places_taken": 1, "status": ("open", "in_progress",
                                                                                       "done")[i % 3],
             "good_first": i % 5 == 0, "with_buddy": False, "created_at": utcnow()} for i in range(number)]
        ).scalars().all()
        db.session.execute(insert(TaskSkill), [{"task_id": i, "skill": "cooking"} for i in ids])
        db.session.execute(insert(Claim), [{"task_id": i, "user_id": user_id, "created_at": utcnow()} for i in ids])
        db.session.commit()


def pages(initiative):
    return ["/", "/boards", f"/boards/{initiative.id}", f"/boards/{initiative.id}/print", "/boards/help",
            "/boards/help?skill=cooking",
            "/boards/load", "/account"]


def test_board_pages_stay_within_weight(app, client, login_as, make_initiative):
    """Each board page with a full board is at most 15 KB gzipped, a first visit at most 50 KB."""
    initiative = make_initiative()
    coordinator = login_as("coordinator")
    fill(app, initiative, 200, coordinator.id)
    forms = [f"/boards/{initiative.id}/tasks/new", f"/boards/{initiative.id}/meeting"]
    assert_within_budget(client, pages(initiative) + forms)


def test_board_queries_do_not_grow_with_tasks(app, client, login_as, make_initiative, count_queries):
    """Each board page runs the same number of queries with 10 and with 1,000 tasks."""
    initiative = make_initiative()
    coordinator = login_as("coordinator")
    fill(app, initiative, 10, coordinator.id)
    small = queries_per_page(client, count_queries, pages(initiative))
    fill(app, initiative, 990, coordinator.id)
    large = queries_per_page(client, count_queries, pages(initiative))
    assert small == large


def fill_many(app, initiative, number: int, people: list[int]) -> None:
    """Add `number` tasks in every column, a third without a due date, some good first tasks, two skills each,
    and their places taken by several people, a walk-in resident and people whose part is done."""
    with app.app_context():
        rows = []
        for i in range(number):
            status = ("open", "in_progress", "in_progress", "done")[i % 4]
            taken = 0 if status == "open" else 1 + i % 3
            rows.append({"initiative_id": initiative.id, "title": f"Task {i}", "description": "", "place": "Hal",
                         "estimate_minutes": 30 * (1 + i % 4), "places_needed": 4, "places_taken": taken,
                         "status": status, "good_first": i % 5 == 0, "with_buddy": i % 7 == 0,
                         "due_date": today() + timedelta(days=i % 30) if i % 3 else None, "created_at": utcnow(),
                         "done_at": utcnow() if status == "done" else None})
        ids = db.session.execute(insert(Task).returning(Task.id), rows).scalars().all()
        db.session.execute(insert(TaskSkill), [{"task_id": task_id, "skill": skill} for task_id in ids
                                               for skill in ("cooking", "lifting")])
        claims = [{"task_id": task_id, "user_id": people[(i + k) % len(people)] if k < 2 else None,
                   "walkin_name": "Walk-in" if k == 2 else None, "created_at": utcnow(),
                   "part_done_at": utcnow() if k == 1 else None}
                  for i, (task_id, row) in enumerate(zip(ids, rows, strict=True)) for k in range(row["places_taken"])]
        if claims:
            db.session.execute(insert(Claim), claims)
        db.session.commit()


@pytest.mark.parametrize("role", [None, "resident"])
def test_board_and_help_cost_the_same_queries_for_10_and_300_tasks(app, client, login_as, make_user,
                                                                   make_initiative, count_queries, role):
    """A board and "where can I help" (with the starter tasks for a newcomer, a skill, a time, a next page) run
    the same few queries with 10 tasks and with 300 tasks and their claims, for a visitor and a resident."""
    initiative = make_initiative()
    people = [make_user().id for _ in range(6)]
    if role:
        login_as(role)
    paths = [f"/boards/{initiative.id}", "/boards/help", "/boards/help?skill=cooking", "/boards/help?time=60",
             "/boards/help?after=none_1"]
    counts: dict[str, list[int]] = {}
    for size in (10, 290):
        fill_many(app, initiative, size, people)
        page = client.get("/boards/help").get_data(as_text=True)
        assert ("Goed om mee te beginnen" in page) == bool(role)  # a newcomer sees the starter tasks
        for path in paths:
            counts.setdefault(path, []).append(steady_queries_for(client, count_queries, path))
    for path, (small, large) in counts.items():
        assert small == large, (path, small, large)
        # the board: the initiative, its columns, their skills, people and titles, the counts, partners (a resident:
        # the session and membership too; a visitor: the data version of the page's ETag); help: the cards, skills,
        # people, titles, the skill list (a resident: the session, how many tasks they did, the starter tasks; a
        # visitor: the data version). The titles are one query a page: what the features that made tasks (an
        # event's shifts) call them now, in the reader's language (boards/titles.py), for all cards at once.
        assert small <= ((9 if role else 8) if path == paths[0] else (8 if role else 6)), (path, small)


def _finished_tasks(initiative_id: int, first_id: int, number: int) -> list[dict]:
    """Finished tasks of the past two years, every other one without a date (as old plans leave them)."""
    return [{"id": first_id + i, "initiative_id": initiative_id, "title": f"Done {i}", "description": "",
             "place": "", "estimate_minutes": 60, "places_needed": 1, "places_taken": 1, "status": "done",
             "due_date": None if i % 2 else today() - timedelta(days=1 + i % 730), "good_first": False,
             "with_buddy": False, "created_at": utcnow(), "done_at": utcnow()} for i in range(number)]


def test_where_can_i_help_costs_the_same_with_thousands_of_finished_tasks(app, make_initiative):
    """"Where can I help?" runs as many SQLite instructions with 4,000 finished tasks before its open ones as with
    none: it walks the index of the tasks that still need people. Through the index of all tasks by date it read
    every finished task dated before the first open one, and every finished one without a date."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("counts SQLite's virtual machine instructions")
    from portal.boards.services import help_page

    initiative = make_initiative()
    with app.app_context():
        # The open tasks come after the finished ones in id order, as new plans follow old ones.
        db.session.execute(insert(Task), [
            {"id": 100_000 + i, "initiative_id": initiative.id, "title": f"Open {i}", "description": "",
             "place": "", "estimate_minutes": 60, "places_needed": 2, "places_taken": 0, "status": "open",
             "due_date": None if i % 2 else today() + timedelta(days=i), "good_first": False, "with_buddy": False,
             "created_at": utcnow()} for i in range(40)])
        db.session.commit()
    ticks = [0]

    def tick() -> int:
        ticks[0] += 1
        return 0

    def cost() -> int:
        """Return the instructions (in hundreds) of the first page of "where can I help?" for a visitor."""
        with app.test_request_context("/boards/help"):
            connection = db.session.connection().connection.dbapi_connection
            connection.set_progress_handler(tick, 100)
            try:
                ticks[0] = 0
                tasks, cursor = help_page(None)
                assert len(tasks) == 10 and cursor
            finally:
                connection.set_progress_handler(None, 100)
        return ticks[0]

    few = min(cost(), cost())
    with app.app_context():
        db.session.execute(insert(Task), _finished_tasks(initiative.id, 1, 4_000))
        db.session.commit()
    many = min(cost(), cost())
    assert many < few * 1.5 + 10, (few, many)
