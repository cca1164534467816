"""No double booking under concurrency, enforced by the database on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.core.time import to_utc
from portal.extensions import db
from portal.venues import services
from portal.venues.models import Booking, Room
from tests.applause.test_services import run_at_once
from tests.conftest import future_local


def approved_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Booking).where(Booking.status == "approved"))


def test_fifty_requests_for_one_free_slot_make_one_booking(app, make_room, make_user):
    """Fifty librarians booking the same free hour at the same moment end with exactly one booking."""
    room = make_room()
    librarians = [make_user(role="librarian") for _ in range(50)]
    start = future_local(hour=11)
    interval = [(to_utc(start), to_utc(start + timedelta(hours=1)))]
    outcomes = []

    def book(user):
        try:
            services.create_bookings(db.session.get(Room, room.id), db.session.get(User, user.id), "Race",
                                     interval)
            outcomes.append("booked")
        except services.Collision:
            outcomes.append("taken")

    assert run_at_once(app, book, librarians) == []
    assert outcomes.count("booked") == 1 and outcomes.count("taken") == 49
    assert approved_count(app) == 1


def test_approving_two_overlapping_requests_at_once_approves_one(app, make_room, make_booking, make_user):
    """Two overlapping requests approved at the same moment: one is approved, the other is refused."""
    room = make_room()
    start = future_local(hour=15)
    requests = [make_booking(room, start, start + timedelta(hours=2), status="pending"),
                make_booking(room, start + timedelta(hours=1), start + timedelta(hours=3), status="pending")]
    deciders = [make_user(role="coordinator") for _ in requests]
    outcomes = []

    def approve(pair):
        booking, decider = pair
        try:
            services.approve(db.session.get(Booking, booking.id), db.session.get(User, decider.id))
            outcomes.append("approved")
        except services.Collision:
            outcomes.append("taken")

    assert run_at_once(app, approve, list(zip(requests, deciders, strict=True))) == []
    assert sorted(outcomes) == ["approved", "taken"] and approved_count(app) == 1


def test_the_database_itself_refuses_an_overlap(app, make_room, make_booking):
    """Even a write that skips the Python check cannot make two approved bookings overlap."""
    room = make_room()
    start = future_local(hour=10)
    make_booking(room, start, start + timedelta(hours=2))
    pending = make_booking(room, start + timedelta(hours=1), start + timedelta(hours=2), status="pending")
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(update(Booking).where(Booking.id == pending.id).values(status="approved"))
            db.session.commit()
        db.session.rollback()
        with pytest.raises(IntegrityError):
            db.session.add(Booking(room_id=room.id, title="Sneaky", status="approved", start_at=to_utc(start),
                                   end_at=to_utc(start + timedelta(minutes=30))))
            db.session.commit()
        db.session.rollback()
    assert approved_count(app) == 1


def test_week_query_count_does_not_grow(app, client, make_room, make_booking, count_queries):
    """A room's week page runs the same number of queries with 10 and with 1,000 bookings."""
    from tests.quality import queries_for
    room = make_room()
    start = future_local(days=1, hour=9)

    def add(number, offset):
        with app.app_context():
            db.session.add_all(Booking(room_id=room.id, title=f"B{i}", status="approved",
                                       start_at=to_utc(start + timedelta(days=offset + i)),
                                       end_at=to_utc(start + timedelta(days=offset + i, hours=1)))
                               for i in range(number))
            db.session.commit()

    path = f"/rooms/{room.id}?week={start.date().isoformat()}"
    add(10, 0)
    small = queries_for(client, count_queries, path)
    add(990, 10)
    assert queries_for(client, count_queries, path) == small
