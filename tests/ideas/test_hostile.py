"""Hostile input in the ideas box: control characters, markup, huge numbers and long text never give a 500,
are cleaned or refused at the field, and markup is always shown as text."""

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.ideas.models import Idea, IdeaComment

MARKUP = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def ideas(app) -> list[Idea]:
    with app.app_context():
        return list(db.session.scalars(select(Idea)))


def test_control_characters_leave_the_title_and_markup_shows_as_text(client, app, login_as):
    """NUL, CR and LF leave a title; markup in title, text and comment is escaped on every page and fragment."""
    login_as()
    response = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "Taal\x00café\r\n" + MARKUP,
                                                  "text": "Regel\x00 een\r\n" + MARKUP, "initiative": "0"})
    assert response.status_code == 303
    (idea,) = ideas(app)
    assert idea.title == "Taalcafé" + MARKUP and idea.text == "Regel een\r\n" + MARKUP
    client.post(f"/ideeen/{idea.id}/reacties", data={"text": MARKUP})
    for path in ("/ideeen", f"/ideeen/{idea.id}", "/"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page, path


@pytest.mark.parametrize("fields", [
    {"title": "x" * 161}, {"title": ""}, {"title": "   "}, {"text": "x" * 2001}, {"kind": "poem"},
    {"initiative": str(2**40)}, {"initiative": "-1"}, {"initiative": "abc"},
    {"visitor_name": "Ann\u200b"}, {"visitor_name": "x" * 81}, {"visitor_phone": "06-abc-1234"},
    {"visitor_phone": "+31 6 " + "1" * 60},
])
def test_bad_proposals_get_a_message_and_store_nothing(client, app, fields):
    """Too long, empty, unknown kinds, initiatives that do not exist, invisible signs: a 422 with the form."""
    data = {"kind": "idea", "title": "Bankjes", "visitor_name": "Ans", "visitor_phone": "0612345678",
            "initiative": "0", **fields}
    response = client.post("/ideeen/nieuw", data=data)
    assert response.status_code == 422 and 'class="error"' in response.get_data(as_text=True)
    assert ideas(app) == []


@pytest.mark.parametrize("path", ["/ideeen/{big}", "/ideeen/{big}/omzetten", "/ideas/{big}"])
def test_huge_ids_are_not_found(client, login_as, path):
    """Ids beyond what the database holds answer 404 (or a redirect to a 404), never a 500."""
    login_as("coordinator")
    response = client.get(path.format(big=2**63), follow_redirects=True)
    assert response.status_code == 404


@pytest.mark.parametrize("action", ["reageer", "reacties", "status"])
def test_posting_to_an_idea_that_does_not_exist_is_not_found(client, login_as, action):
    """Actions on an idea that is not there (or a huge id) answer 404."""
    login_as("coordinator")
    assert client.post(f"/ideeen/999/{action}", data={"kind": "come", "on": "1", "text": "x",
                                                       "status": "done"}).status_code == 404
    assert client.post(f"/ideeen/{2**40}/{action}", data={}).status_code == 404


def test_a_status_that_does_not_exist_is_refused(client, app, login_as, make_idea):
    """A status outside the five gets a message at the field and changes nothing."""
    idea = make_idea()
    login_as("coordinator")
    response = client.post(f"/ideeen/{idea.id}/status", data={"status": "deleted", "reason": ""})
    assert response.status_code == 422 and 'id="status-error"' in response.get_data(as_text=True)
    assert ideas(app)[0].status == "new"


def test_a_comment_of_only_spaces_or_control_characters_is_refused(client, app, login_as, make_idea):
    """A reaction that is empty once cleaned is refused at the field."""
    idea = make_idea()
    login_as()
    response = client.post(f"/ideeen/{idea.id}/reacties", data={"text": " \x00\x07 "})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IdeaComment)) == 0


def test_a_hostile_next_never_leaves_the_site(client, login_as, make_idea):
    """A reaction's `next` pointing elsewhere falls back to the idea's own page."""
    idea = make_idea()
    login_as()
    for target in ("//evil.example", "/\t/evil.example", "https://evil.example/", "/\\evil.example", " //evil.example"):
        response = client.post(f"/ideeen/{idea.id}/reageer", data={"kind": "come", "on": "1", "next": target})
        assert response.headers["Location"].startswith("/") and "evil" not in response.headers["Location"]
