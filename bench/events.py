"""The event pages measured in-process: queries and milliseconds per request through Flask's test client, on a
seeded SQLite benchmark database, the page cache off (every page rendered fresh).

    .venv/bin/python bench/events.py [--database-url URL] [--requests 40]

No gunicorn and no load processes, so it may run on a shared machine: it measures the work of one request (its
median and best time, and its number of SQL statements), not throughput. `/ping` through the same client is the
floor. The database (default `bench/events.db`, not committed; seeded on first use) holds what the event pages
read, with the sizes of `bench/seed.py`: 5,000 people, 500 initiatives with 50,000 tasks and 20,000 memberships,
and 10,000 events over three years by 200 initiatives, the largest with 50 shifts and 100 RSVPs.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import statements_of  # noqa: E402


def prepare(url: str):
    """Migrate and, when empty, seed the database; return the app and the id of the largest event."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from bench.seed import SIZES, seed_boards, seed_events, seed_people
    from config import TestConfig
    from portal import create_app
    from portal.accounts.models import User
    from portal.events.models import Event
    from portal.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, PAGE_CACHE_SECONDS=0)
    with app.app_context():
        upgrade()
        if not db.session.scalar(select(func.count()).select_from(User)):
            started = time.perf_counter()
            seed_people(SIZES)
            seed_boards(SIZES)
            seed_events(SIZES)
            db.session.commit()
            print(f"seeded in {time.perf_counter() - started:.0f} s")
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        largest = db.session.scalar(select(func.min(Event.id)))
    return app, largest


def queries(app, client, path: str) -> int:
    """Warm `path` up, then return how many SQL statements one request of it runs (transactions left out)."""
    for _warm in range(3):
        assert client.get(path).status_code == 200, path  # noqa: S101 - a benchmark of a broken page means nothing
    return statements_of(app, client, path, transactions=False)


def timings(pages, requests: int) -> tuple[list[list[float]], list[list[float]]]:
    """Time each page `requests` times, taking the pages in turn, so that the load of a shared machine falls on all
    of them alike; return the wall-clock and the CPU milliseconds of this process per page. On a busy machine the
    CPU time says what the request costs; the wall-clock time adds the waiting for a core."""
    wall: list[list[float]] = [[] for _page in pages]
    cpu: list[list[float]] = [[] for _page in pages]
    for _round in range(requests):
        for number, (_label, path, client) in enumerate(pages):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            cpu[number].append((time.process_time() - started_cpu) * 1000)
            wall[number].append((time.perf_counter() - started) * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'bench' / 'events.db'}")
    parser.add_argument("--requests", type=int, default=40)
    options = parser.parse_args()
    from bench.seed import RACE_PASSWORD

    app, largest = prepare(options.database_url)
    load = f"{os.getloadavg()[0]:.1f}"
    visitor, coordinator = app.test_client(), app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', coordinator.get("/login").get_data(as_text=True))
    response = coordinator.post("/login", data={"email": "bench-coordinator@example.org", "password": RACE_PASSWORD,
                                                "csrf_token": token.group(1) if token else ""})
    assert response.status_code == 303, "the coordinator could not log in"  # noqa: S101
    pages = [("trivial endpoint", "/ping", visitor), ("agenda", "/agenda", visitor),
             ("agenda (coordinator)", "/agenda", coordinator),
             ("agenda, one initiative", "/agenda?initiative=1", visitor),
             ("event page: 50 shifts, 100 RSVPs", f"/agenda/{largest}", visitor),
             ("event page: 50 shifts, 100 RSVPs (coordinator)", f"/agenda/{largest}", coordinator),
             ("agenda iCalendar feed", "/agenda/calendar.ics", visitor)]
    counts = [queries(app, client, path) for _label, path, client in pages]
    wall, cpu = timings(pages, options.requests)
    floor = statistics.median(cpu[0])
    print(f"load average before: {load}, after: {os.getloadavg()[0]:.1f}")
    print("| page | path | queries | CPU ms p50 | CPU ms best | wall ms p50 | CPU vs /ping |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (label, path, _client), count, found, waited in zip(pages, counts, cpu, wall, strict=True):
        print(f"| {label} | `{path}` | {count} | {statistics.median(found):.1f} | {min(found):.1f} | "
              f"{statistics.median(waited):.1f} | {statistics.median(found) / floor:.0f}x |")


if __name__ == "__main__":
    main()
