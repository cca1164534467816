"""Venue pages keep to the budgets: page weight and queries that do not grow with the data."""

from datetime import timedelta

from portal.core.time import to_utc
from portal.extensions import db
from portal.venues.models import Booking
from tests.conftest import future_local
from tests.quality import assert_within_budget, queries_per_page


def fill(app, room, number: int, requester_id: int, first_day: int = -10) -> None:
    start = future_local(days=first_day, hour=9)
    with app.app_context():
        db.session.add_all(Booking(room_id=room.id, title=f"Booking {i}", requester_id=requester_id,
                                   status="approved" if i % 3 else "pending",
                                   start_at=to_utc(start + timedelta(hours=i % 10, days=i // 10)),
                                   end_at=to_utc(start + timedelta(hours=i % 10 + 1, days=i // 10)))
                           for i in range(number))
        db.session.commit()


def pages(room, start):
    return ["/", "/venues", f"/rooms/{room.id}?week={start.date().isoformat()}", f"/rooms/{room.id}/book",
            f"/rooms/{room.id}/book?start={start:%Y-%m-%dT}10:00", f"/rooms/{room.id}?day={start.date().isoformat()}",
            "/bookings/mine", "/bookings/requests", "/venues/today", "/buurthuis/week"]


def test_venue_pages_stay_within_weight(app, client, login_as, make_room):
    """Each venue page with a busy week is at most 15 KB gzipped, a first visit at most 50 KB."""
    room = make_room()
    coordinator = login_as("coordinator")
    fill(app, room, 300, coordinator.id)
    assert_within_budget(client, pages(room, future_local()) + [f"/venues/{room.venue_id}/manage"])


def test_venue_queries_do_not_grow_with_bookings(app, client, login_as, make_room, count_queries):
    """Each venue page runs the same number of queries with 10 and with 1,000 bookings."""
    room = make_room()
    coordinator = login_as("coordinator")
    fill(app, room, 10, coordinator.id)
    small = queries_per_page(client, count_queries, pages(room, future_local()))
    fill(app, room, 990, coordinator.id, first_day=20)
    large = queries_per_page(client, count_queries, pages(room, future_local()))
    assert small == large
