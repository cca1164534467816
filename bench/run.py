"""Benchmark: seed a large database, serve it with gunicorn (2 workers), load each main page from other
processes (4 connections) for a bounded time, and compare each page with the app's trivial /ping endpoint.

    .venv/bin/python bench/run.py [--no-page-cache] [--seconds 4] [--rounds 3] [--only TEXT] [--database-url URL]
                                  [--workers 2] [--threads 1] [--write]

Speed goals are ratios to /ping measured in the same run, so they mean the same on any machine: each page is
loaded between two loads of /ping, in several rounds, and the medians are reported. With `--no-page-cache` the
run ends with the issues' goals, each marked met or not.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


RACE_PASSWORD = "benchmark race sentence"  # noqa: S105 - the throwaway benchmark database's (bench/seed.py)
RESIDENT = "bench-resident@example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(database_url: str, secret_key: str) -> dict:
    """Migrate and seed the benchmark database; return values the page list needs."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from bench.seed import seed
    from config import TestConfig
    from portal import create_app
    from portal.applause.models import Shout
    from portal.events.models import Event
    from portal.extensions import db
    from portal.venues.models import Room

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, ARGON2_FAST=False, SECRET_KEY=secret_key)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        if seed():
            print(f"seeded in {time.perf_counter() - started:.0f} s")
        # Planner statistics and, on PostgreSQL, the visibility map, as routine maintenance keeps them (`flask
        # analyze` nightly; PostgreSQL's autovacuum). Right after the seed the map is empty, so counts that an
        # index answers alone read every row from the table as well (the network's cards: 0.8 instead of 0.2 ms).
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        middle = db.session.scalar(select(func.max(Shout.id))) // 2
        room = db.session.scalar(select(func.min(Room.id)))
        largest_event = db.session.scalar(select(func.min(Event.id)))  # bench/seed.py: Keti Koti, the largest
    with app.test_request_context():
        from portal.accounts.models import User
        from portal.accounts.services import hash_password
        from portal.kiosk.services import create_device
        _device, kiosk_cookie = create_device("Benchmark kiosk", db.session.scalar(select(User)))
        if db.session.scalar(select(User.id).where(User.email == RESIDENT)) is None:  # a plain logged-in resident
            db.session.add(User(email=RESIDENT, name="Bench Resident", role="resident", language="nl",
                                password_hash=hash_password(RACE_PASSWORD)))
        db.session.commit()
    return {"middle_shout": middle, "room": room, "largest_event": largest_event,
            "kiosk_cookie": f"__Host-kiosk={kiosk_cookie}"}


def pages(values: dict) -> list[tuple[str, str]]:
    """Return the pages to load as (label, path); "(resident)", "(coordinator)" or "(kiosk)" in a label says who
    asks (a logged-in resident, a coordinator, the kiosk), anything else is a visitor."""
    return [
        ("trivial endpoint (/ping)", "/ping"),
        ("trivial endpoint, logged in (resident)", "/ping"),
        # The floor of every page: the layout around a short text, no list and no query of its own (the goals'
        # pages cannot cost less than this; see "What it would take" in RESULTS.md).
        ("the layout alone (accessibility statement)", "/toegankelijkheid"),
        ("home", "/"),
        ("home (resident)", "/"),
        ("applause feed", "/applause"),
        ("applause feed (resident)", "/applause"),
        ("applause feed, page deep in history", f"/applause?before={values['middle_shout']}"),
        ("applause, one initiative", "/applause?initiative=7"),
        ("applause wall", "/kiosk/applause"),
        ("applause Atom feed", "/applause/feed.atom"),
        ("room week", f"/rooms/{values['room']}"),
        ("room week (resident)", f"/rooms/{values['room']}"),
        ("room week, two years ahead", f"/rooms/{values['room']}?week={date.today().year + 2}-03-02"),
        ("room iCalendar feed", f"/rooms/{values['room']}/calendar.ics"),
        ("today in the buurthuis", "/venues/today"),
        ("task board", "/boards/7"),
        ("task board (resident)", "/boards/7"),
        ("where can I help", "/boards/help"),
        ("where can I help (resident)", "/boards/help"),
        ("where can I help, one skill", "/boards/help?skill=koken"),
        ("load guard (coordinator)", "/boards/load"),
        ("network of initiatives", "/netwerk"),
        ("network of initiatives (resident)", "/netwerk"),
        ("an initiative's page", "/initiatieven/7"),
        ("network: what can I do?", "/netwerk/wat-kan-ik-doen"),
        ("network: how are the initiatives doing? (coordinator)", "/netwerk/overzicht"),
        ("agenda", "/agenda"),
        ("agenda (resident)", "/agenda"),
        ("event page: 50 shifts, 100 RSVPs", f"/agenda/{values['largest_event']}"),
        ("event page: 50 shifts, 100 RSVPs (resident)", f"/agenda/{values['largest_event']}"),
        ("event page: 50 shifts, 100 RSVPs (coordinator)", f"/agenda/{values['largest_event']}"),
        ("agenda iCalendar feed", "/agenda/calendar.ics"),
        ("ideas box", "/ideeen"),
        ("ideas box, page deep in history", "/ideeen?before=2500"),
        ("ideas box, one status", "/ideeen?status=planned"),
        ("an idea with 40 reactions", "/ideeen/2501"),
        ("budget leaflet (10 budgets)", "/budget"),
        ("budget ledger, 40,000 lines, first page (keyset)", "/budget/1/ledger"),
        ("budget application page", "/budget/applications/1"),
        ("weekly sheet (Buurtbericht)", "/buurtbericht"),
        ("kiosk start screen (kiosk)", "/kiosk"),
        ("kiosk: what is on today (kiosk)", "/kiosk/today"),
    ]


# The speed goals of the issues, checked against the table of a run with the page cache off ("rendered fresh"):
# (issue, page label, least share of /ping's requests a second on SQLite, on PostgreSQL).
GOALS = [
    *[("17", label, 0.35, 0.30) for page in ("home", "applause feed", "room week", "task board", "where can I help",
                                             "agenda", "event page: 50 shifts, 100 RSVPs")
      for label in (page, f"{page} (resident)")],
    ("17", "trivial endpoint, logged in (resident)", 0.80, 0.80),
    *[("12", label, 0.25, 0.25) for label in ("network of initiatives", "an initiative's page", "ideas box")],
    *[("13", label, 0.25, 0.25) for label in ("agenda", "event page: 50 shifts, 100 RSVPs")],
    *[("14", label, 0.25, 0.25) for label in ("budget leaflet (10 budgets)",
                                              "budget ledger, 40,000 lines, first page (keyset)",
                                              "budget application page")],
    ("15", "weekly sheet (Buurtbericht)", 0.25, 0.25),
]


def who_asks(label: str, cookies: dict) -> str:
    """Return the cookie of the person a page label names (nobody for a visitor)."""
    for role in ("resident", "coordinator", "kiosk"):
        if f"({role})" in label:
            return cookies[role]
    return ""


def _load(args) -> list[float]:
    port, path, seconds, cookie = args
    latencies = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path, headers={"Accept-Encoding": "gzip", "Cookie": cookie})
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        latencies.append(time.perf_counter() - started)
    return latencies


def measure(pool, port: int | list[int], path: str, seconds: float, connections: int, cookie: str = "") -> dict:
    """Load `path` from `connections` processes (spread over several ports in turn, as a load balancer does)."""
    ports = port if isinstance(port, list) else [port]
    jobs = [(ports[number % len(ports)], path, seconds, cookie) for number in range(connections)]
    pool.map(_load, [(job_port, path, 0.5, cookie) for job_port, *_rest in jobs])  # warm up
    started = time.perf_counter()
    results = pool.map(_load, jobs)
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for result in results for latency in result)
    return {"rps": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000, "count": len(latencies)}


class Browser:
    """A tiny cookie-keeping HTTP client, enough to log in and post a form with its CSRF token."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        text = response.read().decode()
        connection.close()
        return response.status, text

    def token(self, path: str) -> str:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.request("GET", path)[1]).group(1)


def booking_race(port: int, room_id: int, librarians: int) -> dict:
    """Fire one booking request per librarian for the same free hour, all at once; count the outcomes."""
    # A fresh, free hour every run: after the seeded bookings (two and a half years ahead), within the five years
    # ahead that the booking form accepts (further ahead, all 50 were refused for the date, not for the race).
    day = date.today() + timedelta(days=1000 + secrets.randbelow(800))
    start, end = f"{day.isoformat()}T10:00", f"{day.isoformat()}T11:00"
    browsers = []
    for number in range(librarians):
        browser = Browser(port)
        browser.request("POST", "/login", {"csrf_token": browser.token("/login"),
                                           "email": f"race{number}@example.org", "password": RACE_PASSWORD})
        browsers.append((browser, browser.token(f"/rooms/{room_id}/book")))
    barrier = threading.Barrier(librarians)
    statuses = []

    def fire(browser, token):
        barrier.wait()
        status, _text = browser.request("POST", f"/rooms/{room_id}/book", {
            "csrf_token": token, "title": "Race", "start": start, "end": end})
        statuses.append(status)

    threads = [threading.Thread(target=fire, args=pair) for pair in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"booked (303)": statuses.count(303), "refused (422)": statuses.count(422),
            "other": len(statuses) - statuses.count(303) - statuses.count(422), "day": day}


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def count_race_bookings(database_url: str, day: date) -> int:
    """Count the approved bookings stored for the raced hour (10:00-11:00 local on `day`)."""
    from datetime import datetime, time

    from sqlalchemy import create_engine, func, select

    from portal.core.time import to_utc
    from portal.venues.models import Booking
    engine = create_engine(database_url)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(Booking).where(
            Booking.status == "approved", Booking.start_at < to_utc(datetime.combine(day, time(11))),
            Booking.end_at > to_utc(datetime.combine(day, time(10))))).scalar()
    engine.dispose()
    return count


def arguments(description: str) -> argparse.ArgumentParser:
    """Return the options every benchmark script takes: time per page, connections, database, --write."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.db'}"))
    parser.add_argument("--write", action="store_true", help="append the results to bench/RESULTS.md")
    return parser


def interleaved(pool, port: int, rows: list[tuple[str, str, str]], seconds: float, connections: int,
                rounds: int) -> list[dict]:
    """Measure every page `rounds` times, each time between two measurements of /ping, and return per page the
    medians over the rounds: req/s, p50, p99, and the page's share of the /ping around it (one noisy /ping sample
    no longer skews every ratio)."""
    samples: dict[str, list[dict]] = {label: [] for label, _path, _cookie in rows}
    for _round in range(rounds):
        before = measure(pool, port, "/ping", seconds, connections)
        for label, path, cookie in rows:
            result = measure(pool, port, path, seconds, connections, cookie)
            after = measure(pool, port, "/ping", seconds, connections)
            ping = (before["rps"] + after["rps"]) / 2
            ping_p50 = (before["p50"] + after["p50"]) / 2
            samples[label].append({**result, "share": result["rps"] / ping, "p50x": result["p50"] / ping_p50,
                                   "ping": ping})
            before = after
    return [{"label": label, "path": path,
             **{key: statistics.median(sample[key] for sample in samples[label])
                for key in ("rps", "p50", "p99", "share", "p50x", "ping")}}
            for label, path, _cookie in rows]


def goal_lines(results: list[dict], database: str) -> list[str]:
    """Return the goals table: each issue's goal next to the measured share of /ping, met or not."""
    shares = {result["label"]: result["share"] for result in results}
    lines = ["| issue | page | goal (share of /ping) | measured | |", "|---|---|---:|---:|---|"]
    for issue, label, sqlite_goal, postgres_goal in GOALS:
        goal = postgres_goal if database == "PostgreSQL" else sqlite_goal
        if label in shares:
            lines.append(f"| {issue} | {label} | {goal:.0%} | {shares[label]:.0%} | "
                         f"{'met' if shares[label] >= goal else 'NOT met'} |")
    return lines


def main() -> None:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--no-page-cache", action="store_true",
                        help="switch the micro-cache of public pages off, to measure what rendering costs")
    parser.add_argument("--rounds", type=int, default=3, help="measure each page this many times; report medians")
    parser.add_argument("--only", default="", help="measure only the pages whose label or path contains this")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (gthread when > 1)")
    options = parser.parse_args()

    from config import database_url
    url = database_url(options.database_url)
    secret_key = secrets.token_hex(32)
    values = prepare(url, secret_key)
    port = free_port()
    env = {**os.environ, "BUURTBOUW_CONFIG": "production", "SECRET_KEY": secret_key,
           "DATABASE_URL": url, "RATELIMIT_STORAGE_URI": "memory://", "LOGIN_LIMIT_PER_ADDRESS": "1000 per minute",
           "PAGE_CACHE_SECONDS": "0" if options.no_page_cache else "5", "REQUEST_LOG": "0"}
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "--workers", str(options.workers),
                               "--threads", str(options.threads), "--bind", f"127.0.0.1:{port}", "--log-level",
                               "warning", "wsgi:app"], cwd=ROOT, env=env)
    try:
        wait_for(port)
        cookies = {"kiosk": values["kiosk_cookie"]}
        for role, email in (("coordinator", "bench-coordinator@example.org"), ("resident", RESIDENT)):
            person = Browser(port)
            person.request("POST", "/login", {"csrf_token": person.token("/login"), "password": RACE_PASSWORD,
                                              "email": email})
            cookies[role] = "; ".join(f"{k}={v}" for k, v in person.cookies.items())
        rows = [(label, path, who_asks(label, cookies)) for label, path in pages(values)
                if label != "trivial endpoint (/ping)" and (options.only in label or options.only in path)]
        with multiprocessing.Pool(options.connections) as pool:
            results = interleaved(pool, port, rows, options.seconds, options.connections, options.rounds)
        race = booking_race(port, values["room"], 50) if not options.only else None
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)

    database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    kind = f"{options.threads} threads" if options.threads > 1 else "sync"
    lines = [f"### {date.today().isoformat()} · {database} · {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()} · gunicorn {options.workers} {kind} workers, "
             f"{options.connections} connections, {options.seconds:.0f} s a page, median of {options.rounds} rounds, "
             f"each page between two /ping · page cache {'off' if options.no_page_cache else '5 s'}", "",
             "| page | path | req/s | p50 ms | p99 ms | /ping req/s around it | req/s vs /ping | p50 vs /ping |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for result in results:
        lines.append(f"| {result['label']} | `{result['path']}` | {result['rps']:.0f} | {result['p50']:.1f} | "
                     f"{result['p99']:.1f} | {result['ping']:.0f} | {result['share']:.0%} | {result['p50x']:.1f}x |")
    if race is not None:
        day = race.pop("day")
        lines += ["", f"Booking race, 50 librarians asking the same free hour at once: {race}; "
                  f"approved bookings stored for that hour: {count_race_bookings(url, day)}"]
    if options.no_page_cache:
        lines += ["", f"Goals (rendered fresh, {database}):", "", *goal_lines(results, database)]
    else:
        lines += ["", "The goals are checked on a run with `--no-page-cache` (rendered fresh)."]
    table = "\n".join(lines)
    print(table)
    if options.write:
        with (ROOT / "bench" / "RESULTS.md").open("a") as results_file:
            results_file.write("\n" + table + "\n")


if __name__ == "__main__":
    main()
