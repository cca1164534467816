"""Two app processes on one PostgreSQL and one Redis, as behind a load balancer: the rules hold across both.

Runs on PostgreSQL with Redis (CI's second run); skipped on SQLite, which is for one machine.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from tests.conftest import PASSWORD, future_local

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LOGIN_LIMIT = 40
REDIS = urllib.parse.urlsplit(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379"))


def _redis_answers() -> bool:
    try:
        with socket.create_connection((REDIS.hostname, REDIS.port or 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_instances(app, database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("two app processes need PostgreSQL (run with TEST_DATABASE_URL)")
    if not _redis_answers():
        pytest.skip(f"no Redis at {REDIS.geturl()}")
    env = dict(os.environ, BUURTBOUW_CONFIG="development", SECRET_KEY=secrets.token_hex(32),
               DATABASE_URL=database_url.replace("postgresql+psycopg://", "postgresql://"),
               RATELIMIT_STORAGE_URI=REDIS.geturl(), RATELIMIT_KEY_PREFIX=f"two-{secrets.token_hex(4)}",
               LOGIN_LIMIT_PER_ADDRESS=f"{LOGIN_LIMIT} per 5 minutes", PAGE_CACHE_SECONDS="0", REQUEST_LOG="0",
               PAGE_ETAG_MINUTES="5")
    ports = [_free_port(), _free_port()]
    log = (tmp_path / "gunicorn.log").open("w")
    processes = [subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "8",
                                   "--bind", f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
                 for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + 120
        for base in bases:
            while True:
                try:
                    urllib.request.urlopen(f"{base}/ping", timeout=10).read()  # noqa: S310 - our own server
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


class Browser:
    """One person's cookies, talking to whichever instance it is given."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = ""

    def get(self, url: str) -> str:
        page = self.opener.open(url, timeout=30).read().decode()  # noqa: S310 - our own server
        match = TOKEN.search(page)
        if match:
            self.token = match.group(1)
        return page

    def post(self, url: str, data: dict) -> int:
        body = urllib.parse.urlencode({"csrf_token": self.token, **data}).encode()
        try:
            return self.opener.open(url, data=body, timeout=60).status  # noqa: S310 - our own server
        except urllib.error.HTTPError as error:
            return error.code

    def login(self, base: str, email: str) -> int:
        self.get(f"{base}/login")
        return self.post(f"{base}/login", {"email": email, "password": PASSWORD})


def _all_at_once(work, items) -> list:
    barrier = threading.Barrier(len(items))
    results: list = [None] * len(items)

    def run(index, item):
        barrier.wait()
        results[index] = work(index, item)

    threads = [threading.Thread(target=run, args=(index, item)) for index, item in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_races_and_limits_hold_across_two_app_processes(app, two_instances, make_user, make_room, make_task,
                                                       make_initiative):
    from portal.boards.models import Claim
    from portal.core.time import to_utc
    from portal.events.models import Event, Rsvp
    from portal.venues.models import Booking

    bases = two_instances
    librarian = make_user(role="librarian")
    residents = [make_user() for _ in range(20)]
    room = make_room()
    task = make_task(title="Soep koken", places_needed=1)

    # Log-ins through both, then a session made on one works on the other (the session table is shared).
    desk = Browser()
    assert desk.login(bases[0], librarian.email) == 200
    assert "Log out" in desk.get(f"{bases[1]}/account") or "Uitloggen" in desk.get(f"{bases[1]}/account")
    people = [Browser() for _ in residents]
    statuses = _all_at_once(lambda i, person: person.login(bases[i % 2], residents[i].email), people)
    assert statuses == [200] * len(people)

    # 50 requests for the same hour of the same room, through both processes at once: one booking.
    desk.get(f"{bases[0]}/rooms/{room.id}/book")
    start, end = future_local(days=9, hour=15), future_local(days=9, hour=16)
    form = {"title": "Buurtvergadering", "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": end.strftime("%Y-%m-%dT%H:%M")}
    _all_at_once(lambda i, _: desk.post(f"{bases[i % 2]}/rooms/{room.id}/book", form), range(50))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Booking).where(Booking.room_id == room.id)) == 1

    # 20 residents claim the one place of a task at once: one claim.
    for index, person in enumerate(people):
        person.get(f"{bases[index % 2]}/boards/help")
    _all_at_once(lambda i, person: person.post(f"{bases[i % 2]}/tasks/{task.id}/claim", {"confirm": "1"}), people)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Claim).where(Claim.task_id == task.id)) == 1

    # 20 residents say "Ik kom" for the 5 places of an event at once, through both processes: 5 come, 15 wait.
    with app.app_context():
        event = Event(initiative_id=make_initiative().id, title="Buurtbarbecue", address="Bijlmerpark",
                      start_at=to_utc(future_local(days=10, hour=14)), end_at=to_utc(future_local(days=10, hour=17)),
                      capacity=5, public=True)
        db.session.add(event)
        db.session.commit()
        event_id = event.id
    for index, person in enumerate(people):
        person.get(f"{bases[index % 2]}/agenda/{event_id}")
    _all_at_once(lambda i, person: person.post(f"{bases[i % 2]}/agenda/{event_id}/rsvp",
                                               {"people": "1", "children": "0"}), people)
    with app.app_context():
        answers = db.session.scalars(select(Rsvp.status).where(Rsvp.event_id == event_id)).all()
        taken = db.session.scalar(select(Event.places_taken).where(Event.id == event_id))
    assert len(answers) == 20 and answers.count("confirmed") == 5 and taken == 5, answers

    # The per-address log-in limit is one count across both processes (memory storage would allow twice).
    stranger = Browser()
    stranger.get(f"{bases[0]}/login")
    answers = [stranger.post(f"{bases[i % 2]}/login", {"email": f"nobody{i}@example.org", "password": "wrong"})
               for i in range(LOGIN_LIMIT + 5)]
    allowed_before = len(statuses) + 1  # the log-ins above counted too
    assert 429 in answers
    assert answers.index(429) == LOGIN_LIMIT - allowed_before


def _conditional_get(url: str, etag: str = "") -> tuple[int, str]:
    """GET `url` as a visitor (the same Host on both processes), with If-None-Match when given: (status, ETag)."""
    headers = {"Host": "buurt.example", **({"If-None-Match": etag} if etag else {})}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:  # noqa: S310
            return response.status, response.headers.get("ETag", "")
    except urllib.error.HTTPError as error:  # urllib reports a 304 as an error
        return error.code, error.headers.get("ETag", "")


def test_both_processes_give_one_etag_and_see_each_others_writes(two_instances, make_user, make_shout):
    """A public page has the same ETag on both processes, each answers the other's ETag with 304, and a clap through
    one makes the other answer with the new page (the data version is in the shared database)."""
    bases = two_instances
    shout, person = make_shout(), make_user()
    page = f"/applause/{shout.id}"
    status, etag = _conditional_get(f"{bases[0]}{page}")
    assert status == 200 and etag
    assert _conditional_get(f"{bases[1]}{page}") == (200, etag)
    assert _conditional_get(f"{bases[1]}{page}", etag) == (304, etag)
    clapper = Browser()
    assert clapper.login(bases[0], person.email) == 200
    clapper.get(f"{bases[0]}{page}")
    assert clapper.post(f"{bases[0]}{page}/clap", {}) == 200
    status, fresh = _conditional_get(f"{bases[1]}{page}", etag)
    assert status == 200 and fresh and fresh != etag
    assert _conditional_get(f"{bases[0]}{page}", fresh) == (304, fresh)
