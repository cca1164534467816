"""In-process timings of the task board and "where can I help", next to /ping, with query counts and profiles.

    .venv/bin/python bench/boards.py --database-url sqlite:////tmp/bench.db [--demo | --seed] [--profile] [--html DIR]

Each page is rendered fresh (page cache off) through Flask's test client, as a visitor and as a logged-in
resident, with `/ping` measured through the same client right before and after it; the figures are medians.
`--demo` fills an empty database with the demo neighbourhood; `--seed` with the parts of the benchmark's seed that
these pages read (bench/seed.py: 5,000 people, 500 initiatives, 50,000 tasks with skills, claims and
memberships), in a minute instead of the whole seed's many. `--profile` prints
the top of a cProfile run per page and the share of the time per part (templates, Jinja, SQLAlchemy, ...).
`--html DIR` writes each page's HTML (CSRF tokens blanked) to compare what people see before and after a change.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import Statements, calls_of  # noqa: E402

BENCH_PASSWORD = "benchmark only"  # noqa: S105 - the throwaway benchmark database's (bench/seed.py)
PARTS = (("templates", "/templates/"), ("jinja2", "/jinja2/"), ("sqlalchemy", "/sqlalchemy/"),
         ("babel", "babel"), ("werkzeug/flask", "/werkzeug/"), ("werkzeug/flask", "/flask/"),
         ("portal", "/portal/"), ("sqlite", "sqlite3"))


def make_app(database_url: str, demo: bool, seed: bool = False, compare: bool = False):
    """Return the app on `database_url`, migrated, and the paths and log-in to measure."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from config import TestConfig
    from portal import create_app
    from portal.accounts.models import User
    from portal.boards.models import Claim, Task
    from portal.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, PAGE_CACHE_SECONDS=0)
    with app.app_context():
        upgrade()
        if demo:
            from portal.demo import DEMO_PASSWORD, seed_demo
            seed_demo()
            password = DEMO_PASSWORD
        else:
            password = BENCH_PASSWORD
            if seed and not db.session.scalar(select(func.count()).select_from(User)):
                from sqlalchemy import text

                from bench.seed import SIZES, seed_boards, seed_people
                seed_people(SIZES)
                seed_boards(SIZES)
                db.session.commit()
                db.session.execute(text("ANALYZE"))
                db.session.commit()
        # The fullest board, and a resident with fewer than three tasks done (they see the starter tasks too).
        board = db.session.scalar(select(Task.initiative_id).group_by(Task.initiative_id)
                                  .order_by(func.count().desc(), Task.initiative_id).limit(1))
        done = select(func.count()).select_from(Claim).join(Task).where(Claim.user_id == User.id,
                                                                       Task.status == "done").scalar_subquery()
        people = {"visitor": None}
        for role in ("resident", "librarian", "coordinator"):
            people[role] = db.session.scalar(select(User.email).where(
                User.role == role, User.email.is_not(None), done < 3 if role == "resident" else True)
                .order_by(User.id.desc()).limit(1))
    paths = [("task board", f"/boards/{board}"), ("where can I help", "/boards/help"),
             ("where can I help, one skill", "/boards/help?skill=koken")]
    if compare:  # other pages that show task cards
        paths += [("home", "/"), ("initiative", f"/initiatieven/{board}"), ("more tasks", "/boards/help?after=none_1")]
    return app, paths, people, password


def timed(client, path: str, times: int) -> list[float]:
    found = []
    for _ in range(times):
        started = time.perf_counter()
        response = client.get(path)
        found.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return found


def measure(client, counter: Statements, path: str, times: int) -> dict:
    """Return the median ms of `path` and of /ping right around it, and its statements per request."""
    timed(client, path, 5)
    ping = timed(client, "/ping", times)
    counter.count = 0
    page = timed(client, path, times)
    queries = counter.count / times
    ping += timed(client, "/ping", times)
    return {"ms": statistics.median(page), "min": min(page), "ping": statistics.median(ping), "queries": queries,
            "calls": calls_of(client, path)}


def profile(client, path: str, times: int) -> str:
    """Return the top lines of a profile of `path` and the share of the time per part."""
    profiler = cProfile.Profile()
    profiler.enable()
    timed(client, path, times)
    profiler.disable()
    stats = pstats.Stats(profiler)
    parts: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        total += own
        parts[next((part for part, marker in PARTS if marker in filename), "other")] += own
    shares = ", ".join(f"{part} {own / total:.0%}" for part, own in sorted(parts.items(), key=lambda kv: -kv[1]))
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    top = "\n".join(line for line in out.getvalue().splitlines() if re.match(r"\s+\d", line))
    return f"own time by part: {shares}\n{top}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--seed", action="store_true")
    parser.add_argument("--times", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--html", type=Path)
    options = parser.parse_args()

    from portal.extensions import db
    app, paths, people, password = make_app(options.database_url, options.demo, options.seed, bool(options.html))
    with app.app_context():
        counter = Statements(db.engine, transactions=False).listen()
    print("| page | who | ms (median) | ms (fastest) | /ping ms | ratio to /ping | queries | Python calls |\n"
          "|---|---|---:|---:|---:|---:|---:|---:|")
    profiles = []
    for who, email in people.items():
        if who in ("librarian", "coordinator") and not options.html:
            continue  # only to compare what they see
        client = app.test_client()
        if email:
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True))
            response = client.post("/login", data={"email": email, "password": password,
                                                   "csrf_token": token.group(1) if token else ""})
            if response.status_code != 303:
                print(f"could not log in as the {who} {email}")
                continue
        for label, path in paths:
            if who in ("visitor", "resident") and label not in ("home", "initiative", "more tasks"):
                found = measure(client, counter, path, options.times)
                print(f"| {label} | {who} | {found['ms']:.1f} | {found['min']:.1f} | {found['ping']:.2f} | "
                      f"{found['ping'] / found['ms']:.0%} | {found['queries']:g} | {found['calls']:,} |")
            if options.profile and who in ("visitor", "resident"):
                profiles.append(f"{label}, {who} ({path}):\n{profile(client, path, options.times)}")
            if options.html:
                options.html.mkdir(parents=True, exist_ok=True)
                html = client.get(path).get_data(as_text=True)
                html = re.sub(r'(name="csrf_token" value=|"X-CSRFToken": ?)"[^"]*"', r'\1""', html)
                (options.html / f"{who}-{re.sub(r'[^a-z0-9]+', '-', path)}.html").write_text(html)
    print("\n\n".join(profiles))


if __name__ == "__main__":
    main()
