"""Applause pages keep to the budgets: page weight and queries that do not grow with the data."""

from sqlalchemy import insert

from portal.applause.models import Clap, Shout
from portal.db import utcnow
from portal.extensions import db
from tests.quality import assert_within_budget, queries_per_page

PAGES = ["/", "/applause", "/applause/new", "/applause/moderation", "/kiosk/applause", "/applause/print",
         "/account"]


def add_shouts(app, number: int, author_id: int, clapper_id: int) -> list[int]:
    with app.app_context():
        now = utcnow()
        result = db.session.execute(insert(Shout).returning(Shout.id), [
            {"author_id": author_id, "thanked_name": f"Neighbour {i}", "text": "Thanks for all you do! " * 8,
             "clap_count": 1, "created_at": now, "name_removed": False, "hidden": False} for i in range(number)])
        ids = result.scalars().all()
        db.session.execute(insert(Clap), [{"shout_id": i, "user_id": clapper_id, "created_at": now} for i in ids])
        db.session.commit()
        return ids


def test_applause_pages_stay_within_weight(app, client, login_as):
    """Each applause page with a full feed is at most 15 KB gzipped, a first visit at most 50 KB."""
    coordinator = login_as("coordinator")
    ids = add_shouts(app, 40, coordinator.id, coordinator.id)
    assert_within_budget(client, PAGES + [f"/applause/{ids[0]}"])


def test_applause_queries_do_not_grow_with_shouts(app, client, login_as, count_queries):
    """Each applause page runs the same number of queries with 10 and with 1,000 shout-outs."""
    coordinator = login_as("coordinator")
    add_shouts(app, 10, coordinator.id, coordinator.id)
    small = queries_per_page(client, count_queries, PAGES)
    add_shouts(app, 990, coordinator.id, coordinator.id)
    large = queries_per_page(client, count_queries, PAGES)
    assert small == large
