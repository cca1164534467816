"""No booking lasts longer than 24 hours (a database rule), so overlap checks read only the day before a booking:
a long booking that started before that stretch still blocks, and a booking costs the same with a long past."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, event, insert, text, update
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.core.time import to_utc
from portal.extensions import db
from portal.venues import services
from portal.venues.models import Booking, Room
from tests.conftest import future_local


def _add(app, room, start, end, status: str = "approved", title: str = "Meeting") -> int:
    """Store a booking from `start` to `end` (UTC, so a clock change between them does not stretch it)."""
    with app.app_context():
        booking = Booking(room_id=room.id, title=title, status=status, start_at=start, end_at=end)
        db.session.add(booking)
        db.session.commit()
        return booking.id


def test_a_booking_of_the_longest_length_still_blocks_its_last_second(app, make_room, make_user):
    """A 24-hour booking blocks a new booking that starts one second before it ends: in Python and in the database."""
    room = make_room()
    start = to_utc(future_local(days=10, hour=9))
    end = start + services.MAX_LENGTH
    _add(app, room, start, end)
    late = (end - timedelta(seconds=1), end + timedelta(hours=1))
    after = (end, end + timedelta(hours=1))
    librarian = make_user(role="librarian")
    with app.app_context():
        assert [found.title for _s, _e, found in services.colliding(room.id, [late, after])] == ["Meeting"]
        with pytest.raises(services.Collision) as refused:
            services.create_bookings(db.session.get(Room, room.id), db.session.get(User, librarian.id), "Late",
                                     [late])
        assert refused.value.intervals == [late]
        with pytest.raises(IntegrityError, match="overlap"):  # the database alone, without the Python check
            db.session.add(Booking(room_id=room.id, title="Sneaky", status="approved", start_at=late[0],
                                   end_at=late[1]))
            db.session.commit()
        db.session.rollback()
        services.create_bookings(db.session.get(Room, room.id), db.session.get(User, librarian.id), "After",
                                 [after])  # half-open: the hour right after it is free


def test_a_moved_request_is_checked_against_a_long_booking_before_it(app, make_room):
    """Approving a request while moving it onto the last minute of a 24-hour booking is refused by the database."""
    room = make_room()
    start = to_utc(future_local(days=12, hour=8))
    _add(app, room, start, start + services.MAX_LENGTH)
    request = _add(app, room, start + timedelta(hours=30), start + timedelta(hours=31), status="pending")
    with app.app_context():
        with pytest.raises(IntegrityError, match="overlap"):
            db.session.execute(update(Booking).where(Booking.id == request).values(
                status="approved", start_at=start + timedelta(hours=23, minutes=59)))
            db.session.commit()
        db.session.rollback()


def test_the_database_refuses_a_booking_longer_than_the_longest(app, make_room):
    """24 hours is allowed; a minute more is refused when written and when stretched later, whatever the status."""
    room = make_room()
    start = to_utc(future_local(days=20, hour=9))
    exact = _add(app, room, start, start + services.MAX_LENGTH, status="pending")
    with app.app_context():
        for status in ("approved", "cancelled"):
            with pytest.raises(IntegrityError):
                db.session.add(Booking(room_id=room.id, title="Too long", status=status,
                                       start_at=start + timedelta(days=3),
                                       end_at=start + timedelta(days=4, minutes=1)))
                db.session.commit()
            db.session.rollback()
        with pytest.raises(IntegrityError):
            db.session.execute(update(Booking).where(Booking.id == exact).values(
                end_at=start + services.MAX_LENGTH + timedelta(minutes=1)))
            db.session.commit()
        db.session.rollback()
        assert db.session.get(Booking, exact).end_at == start + services.MAX_LENGTH


def _add_past(app, room_id: int, first: int, count: int) -> None:
    """Add `count` approved one-hour bookings in the past, one a day, from `first` days back."""
    start = future_local(days=-first, hour=10)
    with app.app_context():
        db.session.execute(insert(Booking), [
            {"room_id": room_id, "title": "Past", "status": "approved", "note": "", "decline_reason": "",
             "start_at": to_utc(start - timedelta(days=day)), "end_at": to_utc(start - timedelta(days=day, hours=-1)),
             "created_at": to_utc(start)} for day in range(count)])
        db.session.commit()


def test_a_booking_costs_the_same_with_fifty_or_five_thousand_past_bookings(app, make_room, make_user):
    """Booking a free hour runs as many SQLite instructions with 5,000 past bookings as with 50 (trigger and
    Python check read only the day before it; unbounded, they read every past booking of the room)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("counts SQLite's virtual machine instructions; PostgreSQL's exclusion index never read the past")
    room, librarian = make_room(), make_user(role="librarian")
    ticks = [0]

    def tick() -> int:
        ticks[0] += 1
        return 0

    def on(dbapi, _record, _proxy) -> None:
        dbapi.set_progress_handler(tick, 100)

    def off(dbapi, _record) -> None:
        dbapi.set_progress_handler(None, 100)

    def cost(day: int) -> int:
        """Return the instructions (in hundreds) that booking one free hour `day` days ahead takes."""
        start = future_local(days=day, hour=14)
        with app.app_context():
            engine = db.engine
            event.listen(engine, "checkout", on)
            event.listen(engine, "checkin", off)
            try:
                ticks[0] = 0
                services.create_bookings(db.session.get(Room, room.id), db.session.get(User, librarian.id), "New",
                                         [(to_utc(start), to_utc(start + timedelta(hours=1)))])
                db.session.remove()
            finally:
                event.remove(engine, "checkout", on)
                event.remove(engine, "checkin", off)
        return ticks[0]

    _add_past(app, room.id, 1, 50)
    few = min(cost(3), cost(4))
    _add_past(app, room.id, 51, 4_950)
    many = min(cost(5), cost(6))
    assert many < few * 1.5 + 10, (few, many)


def test_the_migration_refuses_long_bookings_and_steps_back_to_the_unbounded_rule(database_url, tmp_path, capfd):
    """Upgrading stops, naming them, while bookings longer than 24 hours exist; one step back allows them again
    and still refuses overlaps (the old triggers); the way up again brings the rule back."""
    from alembic.script import ScriptDirectory
    from flask import current_app
    from flask_migrate import downgrade, upgrade

    from config import TestConfig
    from portal import create_app
    from tests.operations.test_backup import _fresh_database

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=_fresh_database(database_url, tmp_path))
    start = to_utc(future_local(days=30, hour=9))

    def add(begin, end, title: str = "Again") -> None:
        db.session.add(Booking(room_id=room_id, title=title, status="approved", start_at=begin, end_at=end))
        db.session.commit()

    with app.app_context():
        scripts = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
        (step,) = [script for script in scripts.walk_revisions() if script.revision.endswith("_booking_length_bound")]
        upgrade(revision=step.down_revision)
        with db.engine.begin() as connection:  # the rooms of that time: no columns later migrations add
            connection.execute(text("INSERT INTO venues (id, name, address, description, accessibility) "
                                    "VALUES (1, 'Buurthuis', '', '', '')"))
            connection.execute(text("INSERT INTO rooms (id, venue_id, name, capacity, wheelchair, hearing_loop, "
                                    "amenities) VALUES (1, 1, 'Zaal', 10, true, false, '')"))
        room_id = 1
        add(start, start + timedelta(days=2), "Festival")
        with pytest.raises(SystemExit):  # flask db upgrade logs the migration's error and exits with 1
            upgrade(revision=step.revision)
        assert "bookings longer than 24 hours exist (ids [1])" in capfd.readouterr().err
        db.session.execute(update(Booking).values(end_at=start + timedelta(hours=20)))
        db.session.commit()
        upgrade()
        with pytest.raises(IntegrityError):
            add(start + timedelta(days=5), start + timedelta(days=8))
        db.session.rollback()
        downgrade(revision=step.down_revision)
        add(start + timedelta(days=5), start + timedelta(days=8))  # no length rule one step back
        with pytest.raises(IntegrityError, match="overlap"):  # the no-overlap rule as it was
            add(start + timedelta(hours=19), start + timedelta(hours=21))
        db.session.rollback()
        db.session.execute(delete(Booking).where(Booking.title == "Again"))
        db.session.commit()
        upgrade()
        with pytest.raises(IntegrityError, match="overlap"):  # the bounded triggers: 19 h after its start
            add(start + timedelta(hours=19), start + timedelta(hours=21))
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
