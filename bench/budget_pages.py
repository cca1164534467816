"""Time and profile the budget pages in one process, with the Flask test client (not gunicorn: no other processes,
so it may run on a shared machine), on the benchmark's budget seed in a SQLite file.

    .venv/bin/python bench/budget_pages.py [--database $TMPDIR/budget-pages.db] [--requests 40] [--profile 12]

The first run seeds people, applause, boards, events and the budget (`bench/seed.py`), which takes a few minutes;
later runs reuse the file. For each page: the median and fastest time of `--requests` fresh renders (no page cache),
the median CPU time of this process, the Python function calls one render makes (a count, as steady on a busy machine
as on a quiet one, so before and after compare even when the clock does not), the queries one render runs, and with
`--profile N` the N functions that took the most time of their own (cProfile), to see where a page's time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import calls_of, statements_of  # noqa: E402

PAGES = [("trivial endpoint", "/ping"), ("leaflet (10 budgets)", "/budget"),
         ("ledger, first page (40,000 lines)", "/budget/1/ledger"),
         ("ledger, deep page", "/budget/1/ledger?before=100000"), ("application page", "/budget/applications/1"),
         ("A4 report", "/budget/1/report"), ("progress (100 granted plans)", "/budget/1/progress")]


def prepare(database: Path):
    """Return the app on the seeded database (seeding it the first time)."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from bench import seed
    from config import TestConfig
    from portal import create_app
    from portal.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}", PAGE_CACHE_SECONDS=0,
                     REQUEST_LOG=False)
    with app.app_context():
        upgrade()
        if not db.session.scalar(select(func.count()).select_from(seed.User)):
            started = time.perf_counter()
            for step in (seed.seed_people, seed.seed_applause, seed.seed_boards, seed.seed_events, seed.seed_budget):
                step(seed.SIZES)
            db.session.commit()
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            print(f"seeded in {time.perf_counter() - started:.0f} s")
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=Path(tempfile.gettempdir()) / "budget-pages.db")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--profile", type=int, default=0, help="print the N most costly functions of each page")
    parser.add_argument("--only", default="", help="only the pages whose path contains this")
    args = parser.parse_args()
    app = prepare(args.database)
    client = app.test_client()
    print("| page | path | p50 ms | fastest ms | CPU p50 ms | Python calls | queries |\n"
          "|---|---|---:|---:|---:|---:|---:|")
    for label, path in PAGES:
        if args.only and args.only not in path:
            continue
        for _ in range(3):  # warm: templates compiled, translations loaded
            assert client.get(path).status_code == 200, path
        times, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        print(f"| {label} | `{path}` | {statistics.median(times):.2f} | {min(times):.2f} | "
              f"{statistics.median(cpu):.2f} | {calls_of(client, path):,} | "
              f"{statements_of(app, client, path)} |", flush=True)
        if args.profile and path != "/ping":
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                client.get(path)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.profile)
            lines = [line for line in out.getvalue().splitlines() if line.strip()]
            print("\n".join(lines[lines.index(next(line for line in lines if "ncalls" in line)):]), "\n", flush=True)


if __name__ == "__main__":
    main()
