"""What the in-process benchmarks measure of one page: its SQL statements and its Python calls.

One place for the counters that bench/boards.py, budget_pages.py, events.py, fresh.py and growth.py use.
"""

from __future__ import annotations

import cProfile
import pstats
import threading

TRANSACTION_WORDS = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class Statements:
    """Count the SQL statements this thread runs on `engine` while listening (other threads, such as a live
    server's, do not count); `transactions=False` leaves BEGIN, COMMIT and the like out, as tests/conftest.py does.

        with Statements(engine) as counted:
            client.get(path)
        counted.count
    """

    def __init__(self, engine, transactions: bool = True):
        self.engine, self.transactions = engine, transactions
        self.thread = threading.get_ident()
        self.count = 0

    def _before(self, _conn, _cursor, statement: str, *_args) -> None:
        if threading.get_ident() == self.thread and (
                self.transactions or not statement.lstrip().upper().startswith(TRANSACTION_WORDS)):
            self.count += 1

    def listen(self) -> Statements:
        from sqlalchemy import event
        event.listen(self.engine, "before_cursor_execute", self._before)
        return self

    def stop(self) -> None:
        from sqlalchemy import event
        event.remove(self.engine, "before_cursor_execute", self._before)

    def __enter__(self) -> Statements:
        return self.listen()

    def __exit__(self, *_exc) -> None:
        self.stop()


def engine_of(app):
    """Return the app's SQLAlchemy engine."""
    from portal.extensions import db

    with app.app_context():
        return db.engine


def statements_of(app, client, path: str, transactions: bool = True) -> int:
    """Return how many SQL statements one request of `path` runs."""
    with Statements(engine_of(app), transactions) as counted:
        client.get(path)
    return counted.count


def calls_of(client, path: str) -> int:
    """Return the Python function calls one request of `path` makes: the same on a busy machine as on a quiet one,
    so before and after compare even when the clock does not."""
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path)
    profiler.disable()
    return pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]


def cpu_of(app, client, path: str, requests: int) -> tuple[float, list[float]]:
    """Warm `path` up, then request it `requests` times; return its statements per request and the CPU time of each
    request in seconds (process time: other jobs on the machine do not count)."""
    import time

    for _ in range(3):
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"  # noqa: S101 - a broken page
    times = []
    with Statements(engine_of(app)) as counted:
        for _ in range(requests):
            started = time.process_time()
            client.get(path)
            times.append(time.process_time() - started)
    return counted.count / requests, times
