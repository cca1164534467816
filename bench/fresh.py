"""In-process cost of the pages the speed goals name, rendered fresh, next to /ping: CPU per request and statements.

    .venv/bin/python bench/fresh.py --database-url sqlite:////path/bench.db [--root DIR] [--requests 60] [--only TEXT]

The database is bench/run.py's (seeded and migrated by it). Each page is loaded through Flask's test client with the
page cache off, as the label says (a visitor, a logged-in resident, a coordinator), `--requests` times in two
rounds taken in turns with /ping; the figure is the median CPU time of a request (process time: other jobs on
the machine do not count) and its share of /ping's. `--root` measures another checkout of the code (an older
commit) against the same database, for a before/after table. Under gunicorn a page's share of /ping is higher
than in-process (the load generator and the server's own work are in both); bench/run.py measures that.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import cpu_of  # noqa: E402 - this checkout's measuring, whichever checkout's code it measures
from bench.run import RACE_PASSWORD, pages, who_asks  # noqa: E402 - imported before --root goes first on the path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--root", default=str(ROOT), help="the checkout whose code to measure")
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--only", default="")
    options = parser.parse_args()
    sys.path.insert(0, options.root)

    from sqlalchemy import func, select

    from config import TestConfig, database_url
    from portal import create_app
    from portal.applause.models import Shout
    from portal.events.models import Event
    from portal.extensions import db
    from portal.venues.models import Room

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url(options.database_url), PAGE_CACHE_SECONDS=0,
                     WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    with app.app_context():
        values = {"middle_shout": db.session.scalar(select(func.max(Shout.id))) // 2,
                  "room": db.session.scalar(select(func.min(Room.id))),
                  "largest_event": db.session.scalar(select(func.min(Event.id)))}
    clients = {"": app.test_client()}
    for role, email in (("coordinator", "bench-coordinator@example.org"), ("resident", "bench-resident@example.org")):
        clients[role] = app.test_client()
        response = clients[role].post("/login", data={"email": email, "password": RACE_PASSWORD})
        assert response.status_code == 303, f"log-in of {email} answered {response.status_code}"
    kiosk = app.test_client()
    rows = [(label, path) for label, path in pages(values)
            if "(kiosk)" not in label and (options.only in label or options.only in path or path == "/ping")]

    def cost(client, path: str) -> tuple[list[float], float]:
        statements, times = cpu_of(app, client, path, options.requests // 2)
        return times, statements

    samples: dict[str, list[float]] = {}
    queries: dict[str, float] = {}
    for _round in range(2):
        for label, path in rows:
            role = who_asks(label, {"resident": "resident", "coordinator": "coordinator", "kiosk": "kiosk"})
            client = kiosk if role == "kiosk" else clients[role]
            ping, _ = cost(client, "/ping")
            times, queries[label] = cost(client, path)
            samples.setdefault(label, []).extend(times)
            samples.setdefault(f"ping {label}", []).extend(ping)
    print(f"code: {options.root}")
    print("| page | path | statements | CPU ms | /ping CPU ms | share of /ping |")
    print("|---|---|---:|---:|---:|---:|")
    for label, path in rows:
        page, ping = statistics.median(samples[label]) * 1000, statistics.median(samples[f"ping {label}"]) * 1000
        print(f"| {label} | `{path}` | {queries[label]:.0f} | {page:.2f} | {ping:.2f} | {ping / page:.0%} |")


if __name__ == "__main__":
    main()
