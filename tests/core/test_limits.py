"""Rate limits in production: shared storage, a clear warning when it is not, and no 500 when Redis is down."""

import logging

import pytest

from config import ProductionConfig, TestConfig
from portal import create_app
from portal.extensions import db, limiter

DEAD_REDIS = "redis://127.0.0.1:6399"  # nothing listens here


@pytest.fixture
def restore_limiter(_app):
    """Give the shared limiter back to the session's app (one Limiter serves every app made in a process)."""
    yield
    limiter.init_app(_app)
    limiter._storage_dead = False  # noqa: SLF001 - forget the fallback, or later tests count in it
    limiter.reset()


def test_a_dead_redis_never_gives_500(database_url, restore_limiter, caplog):
    """With Redis down, log-in, register and forgot-password answer normally, counted per worker in memory."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, RATELIMIT_STORAGE_URI=DEAD_REDIS,
                     LOGIN_LIMIT_PER_ADDRESS="4 per minute", WTF_CSRF_ENABLED=False)
    client = app.test_client()
    try:
        with caplog.at_level(logging.WARNING):
            statuses = [client.post(path, data={"email": "x@example.org", "password": "whatever pass",
                                                "name": "X"}).status_code
                        for path in ("/register", "/password/forgot", "/login", "/login", "/login", "/login", "/login")]
    finally:
        with app.app_context():
            db.engine.dispose()
    assert 500 not in statuses
    assert 429 not in statuses[:6] and statuses[6] == 429  # the limit (4 log-ins) holds, in this worker's memory
    assert any("falling back to in-memory" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("uri, expected", [
    ("memory://", "counted in this worker's memory"),
    (DEAD_REDIS, "does not answer"),
])
def test_production_says_when_limits_are_not_shared(uri, expected, restore_limiter, caplog):
    """Production warns at start when rate limits live in one worker's memory or Redis does not answer."""
    with caplog.at_level(logging.WARNING):
        create_app(ProductionConfig, SECRET_KEY="x" * 40, SQLALCHEMY_DATABASE_URI="sqlite://",
                   PUBLIC_URL="https://buurt.example", RATELIMIT_STORAGE_URI=uri)
    assert any(expected in record.getMessage() for record in caplog.records)


def test_production_is_quiet_with_a_live_shared_store(restore_limiter, caplog):
    """A reachable Redis gives no warning at start."""
    import redis as redis_client

    try:
        redis_client.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis_client.exceptions.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    with caplog.at_level(logging.WARNING):
        create_app(ProductionConfig, SECRET_KEY="x" * 40, SQLALCHEMY_DATABASE_URI="sqlite://",
                   PUBLIC_URL="https://buurt.example", RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379")
    assert not [r for r in caplog.records if "Rate limit" in r.getMessage()]
