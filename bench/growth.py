"""Growth: do the key pages cost the same with 1,000, 100,000 and 1,000,000 shout-outs, bookings and tasks?

    .venv/bin/python bench/growth.py [--rows 1000,100000,1000000] [--requests 60] [--folder bench] [--write]

For each size a database `bench/growth-<rows>.db` is seeded once with bench/seed.py's sizes, except that the
shout-outs, the bookings and the tasks (and the claps, one per shout-out) number `rows`. Every key page is then
loaded through Flask's test client, rendered fresh (page cache off), as a visitor and as a logged-in resident;
the table gives per page the statements it runs and the median CPU time of a request (process time, so other
jobs on the machine do not count), and the ratio of the largest size to the smallest. Flat means the same number
of statements everywhere and a ratio near 1.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import cpu_of  # noqa: E402
from bench.run import RACE_PASSWORD, RESIDENT  # noqa: E402

PAGES = [
    ("home", "/", ""), ("home (resident)", "/", "resident"),
    ("applause feed", "/applause", ""), ("applause feed (resident)", "/applause", "resident"),
    ("applause, page deep in history", "/applause?before={middle_shout}", ""),
    ("room week", "/rooms/{room}", ""), ("room week (resident)", "/rooms/{room}", "resident"),
    ("room week, two years ahead", "/rooms/{room}?week={two_years}-03-02", ""),
    ("task board", "/boards/7", ""), ("task board (resident)", "/boards/7", "resident"),
    ("where can I help", "/boards/help", ""), ("where can I help (resident)", "/boards/help", "resident"),
    ("agenda", "/agenda", ""), ("event page", "/agenda/{largest_event}", ""),
    ("network of initiatives", "/netwerk", ""), ("weekly sheet", "/buurtbericht", ""),
]


def sizes_for(rows: int) -> dict:
    from bench.seed import SIZES
    # 5,000 bookings a room (about three a day over five years) from 100,000 bookings on, so a room's week shows as
    # much at 1,000,000 as at 100,000: what grows is the history, not what one page shows.
    rooms = max(SIZES["rooms"], rows // 5_000)
    return {**SIZES, "shouts": rows, "claps": rows, "bookings": rows, "tasks": rows, "rooms": rooms}


def prepare(url: str, rows: int):
    """Return an app on a migrated database seeded for `rows`, and the values the page paths need."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from bench.seed import seed
    from config import TestConfig
    from portal import create_app
    from portal.accounts.models import User
    from portal.accounts.services import hash_password
    from portal.applause.models import Shout
    from portal.boards.models import Task
    from portal.events.models import Event
    from portal.extensions import db
    from portal.venues.models import Booking, Room

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, PAGE_CACHE_SECONDS=0, WTF_CSRF_ENABLED=False,
                     RATELIMIT_ENABLED=False)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        if seed(sizes_for(rows)):
            db.session.add(User(email=RESIDENT, name="Bench Resident", role="resident", language="nl",
                                password_hash=hash_password(RACE_PASSWORD)))
            db.session.commit()
            print(f"{rows:,} rows seeded in {time.perf_counter() - started:.0f} s", flush=True)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        counts = {name: db.session.scalar(select(func.count()).select_from(model))
                  for name, model in (("shouts", Shout), ("bookings", Booking), ("tasks", Task))}
        values = {"middle_shout": (db.session.scalar(select(func.max(Shout.id))) or 2) // 2,
                  "room": db.session.scalar(select(func.min(Room.id))),
                  "largest_event": db.session.scalar(select(func.min(Event.id))),
                  "two_years": date.today().year + 2}
    return app, values, counts


def measure(app, path: str, who: str, requests: int) -> tuple[float, float]:
    """Return (statements per request, median CPU ms per request) of `path`, rendered fresh."""
    client = app.test_client()
    if who == "resident":
        response = client.post("/login", data={"email": RESIDENT, "password": RACE_PASSWORD})
        assert response.status_code == 303, f"log-in answered {response.status_code}"
    statements, times = cpu_of(app, client, path, requests)
    return statements, statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,100000,1000000")
    parser.add_argument("--requests", type=int, default=60, help="requests per page and size; the median counts")
    parser.add_argument("--folder", default=str(ROOT / "bench"))
    parser.add_argument("--only", default="", help="measure only the pages whose label contains this")
    parser.add_argument("--write", action="store_true", help="append the table to bench/RESULTS.md")
    options = parser.parse_args()

    from config import database_url

    sizes = [int(value) for value in options.rows.split(",")]
    pages = [page for page in PAGES if options.only in page[0]]
    results: dict[int, dict[str, tuple[float, float]]] = {}
    counted = {}
    for rows in sizes:
        app, values, counts = prepare(database_url(f"sqlite:///{Path(options.folder) / f'growth-{rows}.db'}"), rows)
        counted[rows] = counts
        results[rows] = {label: measure(app, path.format(**values), who, options.requests)
                         for label, path, who in pages}
        print(f"{rows:,}: measured", flush=True)

    def size_name(rows: int) -> str:
        return f"{rows // 1_000_000}M" if rows >= 1_000_000 else f"{rows // 1000}k" if rows >= 1000 else str(rows)

    names = [size_name(rows) for rows in sizes]
    lines = [f"### {date.today().isoformat()} · SQLite · {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()} · in-process test client, page cache off, median CPU ms of "
             f"{options.requests} requests",
             "",
             "Rows stored: " + "; ".join(f"{size_name(rows)}: " + ", ".join(f"{count:,} {name}"
                                                                           for name, count in counted[rows].items())
                                         for rows in sizes),
             "",
             "| page | " + " | ".join(f"statements {name}" for name in names) + " | "
             + " | ".join(f"CPU ms {name}" for name in names) + f" | {names[-1]} vs {names[0]} |",
             "|---|" + "---:|" * (2 * len(sizes) + 1)]
    for label, _path, _who in pages:
        row = [results[rows][label] for rows in sizes]
        lines.append(f"| {label} | " + " | ".join(f"{queries:.0f}" for queries, _ms in row) + " | "
                     + " | ".join(f"{ms:.2f}" for _queries, ms in row) + f" | {row[-1][1] / row[0][1]:.2f}x |")
    print("\n".join(lines))
    if options.write:
        with open(ROOT / "bench" / "RESULTS.md", "a") as results_file:
            results_file.write("\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
