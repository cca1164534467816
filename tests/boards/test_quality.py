"""Board pages keep to the budgets: page weight and queries that do not grow with the data."""

from sqlalchemy import insert

from portal.boards.models import Claim, Task, TaskSkill
from portal.db import utcnow
from portal.extensions import db
from tests.quality import assert_within_budget, queries_per_page


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
