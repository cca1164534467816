"""Being logged in costs little: one read per request, a write at most once a minute, no re-signed cookie."""

from datetime import timedelta

from sqlalchemy import select, update

from portal.accounts.models import UserSession
from portal.db import utcnow
from portal.extensions import db


def _age_session(app, seconds: int) -> None:
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen=utcnow() - timedelta(seconds=seconds)))
        db.session.commit()


def _last_seen(app):
    with app.app_context():
        return db.session.scalar(select(UserSession.last_seen))


def test_ping_for_a_logged_in_resident_runs_no_query_and_sets_no_cookie(client, login_as, count_queries):
    """/ping does not load the logged-in person, and the unchanged session cookie is not signed again."""
    login_as("resident")
    client.get("/ping")
    with count_queries() as statements:
        response = client.get("/ping")
    assert statements == []
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"  # still personal: never kept by a shared browser


def test_a_page_reads_the_session_and_the_person_in_one_query(app, client, login_as, count_queries):
    """A logged-in page asks the session table once, joined with the person, and writes nothing when fresh."""
    login_as("resident")
    client.get("/account")
    with count_queries() as statements:
        response = client.get("/account")
    assert response.status_code == 200
    session_reads = [s for s in statements if "user_sessions" in s]
    assert len(session_reads) == 1 and "JOIN users" in session_reads[0]
    assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE")]
    assert "Set-Cookie" not in response.headers


def test_the_session_row_is_written_at_most_once_a_minute(app, client, login_as):
    """A request 50 s after the last write leaves the row alone; one after 61 s moves `last_seen`."""
    login_as("resident")
    _age_session(app, 50)
    before = _last_seen(app)
    client.get("/account")
    assert _last_seen(app) == before
    _age_session(app, 61)
    before = _last_seen(app)
    client.get("/account")
    assert _last_seen(app) > before


def test_an_idle_session_still_ends_after_thirty_minutes(app, client, login_as):
    """Writing less often does not stretch the idle limit: 31 minutes without a request logs out."""
    login_as("resident")
    _age_session(app, 31 * 60)
    response = client.get("/account")
    assert response.status_code in (302, 303)
    assert "/login" in response.headers["Location"]
