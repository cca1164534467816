"""Bookings in-process (no server), on a throwaway database that is emptied first (issue 17):

- what one booking costs as a room's history grows: a room with 50 past bookings against one with 5,000; three
  figures per room, each the median of `rounds`: the booking service as a librarian uses it (check, insert,
  commit), the database's own overlap rule alone (insert and commit, no Python check), the Python check alone;
- what a room's iCalendar feed costs with 10,000 bookings over five years (as the benchmark's 100k data has per
  room): made afresh, served again unchanged (200), and asked again with its ETag (304).

    .venv/bin/python bench/bookings.py [--database-url URL] [--rounds 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HISTORIES = (50, 5_000)


def _clock(url: str):
    """Return the clock to read: CPU time of this process on SQLite (which runs inside it), so other jobs on a shared
    machine do not count; wall time on PostgreSQL (which runs in its own process)."""
    return time.process_time if url.startswith("sqlite") else time.perf_counter


def _empty(url: str) -> None:
    """Give a PostgreSQL database an empty public schema (a SQLite file is new already)."""
    from sqlalchemy import create_engine, text

    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def measure(url: str, rounds: int) -> list[tuple[int, float, float, float]]:
    """Return (past bookings, service ms, database rule ms, Python check ms) per room."""
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from config import TestConfig
    from portal import create_app
    from portal.accounts.models import User
    from portal.core.time import to_utc
    from portal.extensions import db
    from portal.venues import services
    from portal.venues.models import Booking, Room, Venue

    _empty(url)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    results = []
    with app.app_context():
        upgrade()
        venue = Venue(name="Buurthuis", address="", description="", accessibility="")
        librarian = User(email="librarian@example.org", name="Bieb", password_hash="!", role="librarian",  # noqa: S106 - no log-in
                         language="nl", show_name_in_public=True)
        db.session.add_all([venue, librarian])
        db.session.flush()
        today = datetime.combine(datetime.now().date(), datetime.min.time())
        for history in HISTORIES:
            room = Room(venue_id=venue.id, name=f"Zaal {history}", capacity=20, wheelchair=True, hearing_loop=False,
                        amenities="")
            db.session.add(room)
            db.session.flush()
            db.session.execute(insert(Booking), [  # one past booking a day, 10:00-12:00
                {"room_id": room.id, "title": "Vroeger", "status": "approved", "note": "", "decline_reason": "",
                 "start_at": to_utc(today - timedelta(days=day, hours=-10)),
                 "end_at": to_utc(today - timedelta(days=day, hours=-12)), "created_at": to_utc(today)}
                for day in range(1, history + 1)])
            db.session.commit()
            room_id, user_id = room.id, librarian.id
            service, rule, check = [], [], []
            clock = _clock(url)
            for number in range(rounds):
                day = today + timedelta(days=number + 1)
                slots = [(to_utc(day + timedelta(hours=hour)), to_utc(day + timedelta(hours=hour + 1)))
                         for hour in (9, 13, 17)]
                started = clock()
                services.colliding(room_id, [slots[0]])
                check.append(clock() - started)
                started = clock()
                services.create_bookings(db.session.get(Room, room_id), db.session.get(User, user_id), "Nieuw",
                                         [slots[1]])
                service.append(clock() - started)
                started = clock()
                db.session.add(Booking(room_id=room_id, title="Direct", status="approved", requester_id=user_id,
                                       start_at=slots[2][0], end_at=slots[2][1]))
                db.session.commit()
                rule.append(clock() - started)
            results.append((history, _median_ms(service), _median_ms(rule), _median_ms(check)))
    with app.app_context():
        db.engine.dispose()
    return results


def measure_feed(url: str, rounds: int) -> list[tuple[str, int, float]]:
    """Return (request, status, median ms) for a room feed with 10,000 bookings over five years."""
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from config import TestConfig
    from portal import create_app
    from portal.core.time import to_utc
    from portal.extensions import db
    from portal.venues import calendar
    from portal.venues.models import Booking, Room, Venue

    _empty(url)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        venue = Venue(name="Buurthuis", address="", description="", accessibility="")
        db.session.add(venue)
        db.session.flush()
        room = Room(venue_id=venue.id, name="Zaal", capacity=20, wheelchair=True, hearing_loop=False, amenities="")
        db.session.add(room)
        db.session.flush()
        first = datetime.combine(datetime.now().date(), datetime.min.time()) - timedelta(days=5 * 365 // 2)
        db.session.execute(insert(Booking), [
            {"room_id": room.id, "title": f"Activiteit {number % 999}", "status": "approved", "note": "",
             "decline_reason": "", "public": number % 5 != 0,
             "start_at": to_utc(first + timedelta(days=number * 5 * 365 // 10_000, hours=8 + number % 14)),
             "end_at": to_utc(first + timedelta(days=number * 5 * 365 // 10_000, hours=9 + number % 14)),
             "created_at": to_utc(first)} for number in range(10_000)])
        db.session.commit()
        path = f"/rooms/{room.id}/calendar.ics"
    forget = getattr(calendar, "clear", lambda: None)
    results, clock = [], _clock(url)
    with app.test_client() as client:
        etag = client.get(path).headers.get("ETag", "")
        for label, before, headers in (("made afresh", forget, {}), ("served again unchanged", None, {}),
                                       ("asked again with its ETag", None, {"If-None-Match": etag})):
            samples, status = [], 0
            for _round in range(rounds):
                if before:
                    before()
                started = clock()
                response = client.get(path, headers=headers)
                samples.append(clock() - started)
                status = response.status_code
            results.append((label, status, _median_ms(samples)))
    with app.app_context():
        db.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a throwaway database (emptied first); default a new SQLite file")
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        urls = [args.database_url or f"sqlite:///{Path(folder) / name}" for name in ("writes.db", "feed.db")]
        urls = [url.replace("postgresql://", "postgresql+psycopg://", 1) for url in urls]
        rows = measure(urls[0], args.rounds)
        feed = measure_feed(urls[1], max(args.rounds // 4, 10))
    print("Milliseconds of " + ("CPU time (SQLite runs in this process)" if urls[0].startswith("sqlite")
                                else "wall time") + ", medians.")
    print("| past bookings in the room | booking service ms | database rule alone ms | Python check alone ms |")
    print("|---:|---:|---:|---:|")
    for history, service, rule, check in rows:
        print(f"| {history:,} | {service:.3f} | {rule:.3f} | {check:.3f} |")
    print()
    print("| room feed, 10,000 bookings | status | p50 ms |")
    print("|---|---:|---:|")
    for label, status, median in feed:
        print(f"| {label} | {status} | {median:.2f} |")


if __name__ == "__main__":
    main()
