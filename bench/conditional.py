"""What a reload with If-None-Match costs, next to /ping and to making the page, in one process.

Run: `.venv/bin/python bench/conditional.py [rounds]`. It builds a fresh SQLite database in a temporary folder with
the demo neighbourhood (or, with `BENCH_DATABASE_URL=postgresql://...` naming a database with "bench" or "test" in
its name, empties that database's public schema and uses it), switches the page cache off (the cold case: a page
this worker never kept), and asks with Flask's test client, interleaved in every round: `/ping`, each page made in
full for a visitor, and the same page again with the ETag it carried (answered 304). Each figure is the median over
the rounds of the mean time per request; the ratio says what share of /ping's requests a second each answer
reaches. No network and no gunicorn: the figures are the app's own cost per request, the part that ETags save.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PER_ROUND = 200


def _database(folder: Path) -> str:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return f"sqlite:///{folder / 'conditional.db'}"
    from sqlalchemy import create_engine, make_url, text

    if not any(word in (make_url(url).database or "") for word in ("bench", "test")):
        raise SystemExit("BENCH_DATABASE_URL: this empties the database; name one with 'bench' or 'test' in it")
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def _mean_ms(client, path: str, headers: dict, expected: int) -> float:
    started = time.perf_counter()
    for _ in range(PER_ROUND):
        response = client.get(path, headers=headers)
        assert response.status_code == expected, (path, response.status_code)
    return (time.perf_counter() - started) * 1000 / PER_ROUND


def main(rounds: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-conditional-"))
    os.environ.update(DATABASE_URL=_database(folder), BUURTBOUW_CONFIG="development", REQUEST_LOG="0",
                      MAIL_FOLDER=str(folder / "mail"), PAPER_FOLDER=str(folder / "paper"),
                      PAGE_CACHE_SECONDS="0", PAGE_ETAG_MINUTES="5")
    from flask_migrate import upgrade
    from sqlalchemy import select

    from config import config_from_env
    from portal import create_app
    from portal.boards.models import Task
    from portal.demo import seed_demo
    from portal.extensions import db
    from portal.venues.models import Room

    app = create_app(config_from_env())
    with app.app_context():
        upgrade()
        seed_demo()
        room = db.session.scalar(select(Room.id).order_by(Room.id).limit(1))
        board = db.session.scalar(select(Task.initiative_id).order_by(Task.id).limit(1))
    client = app.test_client()
    headers = {"Accept-Encoding": "gzip"}
    pages = ["/", "/applause", "/kiosk/applause", f"/rooms/{room}", f"/boards/{board}", "/boards/help", "/agenda"]
    times: dict[str, list[float]] = {"/ping": []}
    for _ in range(rounds):
        times["/ping"].append(_mean_ms(client, "/ping", headers, 200))
        for path in pages:
            times.setdefault(f"{path} made", []).append(_mean_ms(client, path, headers, 200))
            etag = client.get(path, headers=headers).headers["ETag"]  # now: the clock's slot may have moved on
            times.setdefault(f"{path} 304", []).append(_mean_ms(client, path, {**headers, "If-None-Match": etag}, 304))
    ping = statistics.median(times["/ping"])
    print(f"{app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, {rounds} rounds of {PER_ROUND} requests each, "
          "page cache off\n")
    print("| request | ms per request (median) | vs /ping (requests a second) |")
    print("|---|---:|---:|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| `{name}` | {median:.3f} | {ping / median:.0%} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
