"""Fixtures for the feed tests: a local feed server, and fetch limits that allow it."""

import pytest

from portal.feeds.fetch import Limits
from tests.feeds.server import FeedServer


@pytest.fixture(scope="module")
def feed_server():
    """Serve good and bad feeds from a local HTTP server in a thread."""
    with FeedServer() as server:
        yield server


@pytest.fixture
def local_limits() -> Limits:
    """Return the production limits, with private addresses allowed (the local server is on 127.0.0.1)."""
    return Limits(allow_private=True)


@pytest.fixture
def allow_local(app, monkeypatch):
    """Let the app's import fetch from the local server (FEEDS_ALLOW_PRIVATE), with a short timeout."""
    monkeypatch.setitem(app.config, "FEEDS_ALLOW_PRIVATE", True)
    monkeypatch.setitem(app.config, "FEEDS_TIMEOUT_SECONDS", 1.0)
