"""A double tap or a second tab on "propose" or "place my reaction": the form's one-time token (a unique column)
keeps it one idea, one comment, also when the submits arrive at the same moment (SQLite, and PostgreSQL with
TEST_DATABASE_URL)."""

import re
import threading

from sqlalchemy import func, select

from portal.db import write_transaction
from portal.extensions import db
from portal.ideas import services
from portal.ideas.models import Idea, IdeaComment
from tests.applause.test_services import run_at_once
from tests.conftest import PASSWORD
from tests.kiosk.test_views import make_kiosk

TOKEN = re.compile(r'name="submit_token"[^>]*value="([A-Za-z0-9_-]{43})"')


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def token_of(page: str) -> str:
    """Return the one-time token of the (only) form on a page."""
    tokens = TOKEN.findall(page)
    assert len(tokens) == 1, tokens
    return tokens[0]


def submit_twice(client, url: str, form_page: str, data: dict) -> list:
    """Send the form shown at `form_page` twice, as a double tap does; return both answers."""
    data = {**data, "submit_token": token_of(client.get(form_page).get_data(as_text=True))}
    return [client.post(url, data=data) for _ in range(2)]


def same_answers(first, second) -> None:
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]


def test_a_visitor_tapping_propose_twice_makes_one_idea(client, app):
    """Without an account, the same form sent twice makes one idea; both taps land on it, thanked."""
    first, second = submit_twice(client, "/ideeen/nieuw", "/ideeen/nieuw", {
        "kind": "idea", "title": "Bankjes op het plein", "visitor_name": "Ans", "visitor_phone": "0612345678"})
    same_answers(first, second)
    assert count(app, Idea) == 1
    assert "Bedankt voor je idee!" in client.get(second.headers["Location"]).get_data(as_text=True)


def test_a_resident_tapping_propose_twice_makes_one_idea_and_a_new_form_makes_another(client, app, login_as):
    """A resident's double tap makes one idea; the fresh form shown afterwards has a new token, so a next idea
    (even with the same words) is simply saved."""
    login_as(name="Sanne")
    data = {"kind": "idea", "title": "Een repaircafé", "initiative": "0"}
    first, second = submit_twice(client, "/ideeen/nieuw", "/ideeen/nieuw", data)
    same_answers(first, second)
    assert count(app, Idea) == 1
    again = submit_twice(client, "/ideeen/nieuw", "/ideeen/nieuw", data)[0]
    assert again.status_code == 303 and again.headers["Location"] != first.headers["Location"]
    assert count(app, Idea) == 2


def test_a_refused_form_keeps_its_token_and_then_saves_once(client, app, login_as):
    """A refused submit stores nothing and keeps the token, so the corrected form sent twice is one idea."""
    login_as()
    token = token_of(client.get("/ideeen/nieuw").get_data(as_text=True))
    refused = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "", "submit_token": token})
    assert refused.status_code == 422 and token_of(refused.get_data(as_text=True)) == token
    data = {"kind": "idea", "title": "Een moestuin", "initiative": "0", "submit_token": token}
    same_answers(*[client.post("/ideeen/nieuw", data=data) for _ in range(2)])
    assert count(app, Idea) == 1


def test_a_librarian_tapping_twice_at_the_kiosk_makes_one_idea(client, app, login_as):
    """The kiosk walk-in form sent twice makes one idea for the walk-in."""
    make_kiosk(client, login_as)
    login_as("librarian")
    first, second = submit_twice(client, "/kiosk/idea", "/kiosk/idea", {
        "kind": "offer", "title": "Koken uit Suriname", "visitor_name": "Gloria", "visitor_phone": "06 12345678"})
    same_answers(first, second)
    assert count(app, Idea) == 1


def test_a_visitor_tapping_twice_at_the_kiosk_makes_one_idea(client, app, login_as):
    """Without logging in at the kiosk, the same form sent twice makes one idea."""
    make_kiosk(client, login_as)
    first, second = submit_twice(client, "/kiosk/idea", "/kiosk/idea", {
        "kind": "idea", "title": "Bankjes", "visitor_name": "Ans", "visitor_phone": "0201234567"})
    same_answers(first, second)
    assert count(app, Idea) == 1


def test_tapping_place_my_reaction_twice_makes_one_comment(client, app, auth, make_user, make_idea):
    """The comment form sent twice makes one comment; both answers lead to the comments, the thanks shows once."""
    idea, writer = make_idea(), make_user()
    auth.login(writer)
    first, second = submit_twice(client, f"/ideeen/{idea.id}/reacties", f"/ideeen/{idea.id}", {"text": "Ik doe mee!"})
    same_answers(first, second)
    assert first.headers["Location"] == f"/ideeen/{idea.id}#comments"
    assert count(app, IdeaComment) == 1
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert page.count("Ik doe mee!") == 1


def test_a_missing_or_hostile_token_gets_a_fresh_one(client, app, login_as):
    """An old page without a token, or a token with NUL bytes or of any length, never gives a 500: each such
    submit is simply new."""
    login_as()
    base = {"kind": "idea", "title": "Een idee", "initiative": "0"}
    for token in (None, "", "x\x00y", "a" * 5000, "\r\n" + "a" * 41):
        data = base if token is None else {**base, "submit_token": token}
        assert client.post("/ideeen/nieuw", data=data).status_code == 303
    assert count(app, Idea) == 5


def test_six_simultaneous_proposals_of_one_form_make_one_idea(app, make_user):
    """Six threads saving the same form's token at the same moment (each one transaction, as a POST is): one idea,
    and every one of them answers with that idea."""
    person, token, ids = make_user(), "t" * 43, []

    def propose(_):
        with write_transaction(db.session):
            idea = services.propose("Een buurtfeest", "", "idea", None, db.session.get(type(person), person.id),
                                    submit_token=token)
        ids.append(idea.id)

    assert run_at_once(app, propose, range(6)) == []
    assert count(app, Idea) == 1 and len(set(ids)) == 1 and len(ids) == 6


def _tabs(app, person, count_: int) -> tuple[list, str]:
    """Return `count_` clients sharing one logged-in session, and its CSRF token."""
    first = app.test_client()
    assert first.post("/login", data={"email": person.email, "password": PASSWORD}).status_code == 303
    csrf = first.csrf_token()
    cookie = first.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    tabs = []
    for _ in range(count_):
        tab = app.test_client()
        tab.set_cookie(cookie.key, cookie.value)
        tabs.append(tab)
    return tabs, csrf


def _at_once(tabs, url: str, data: dict) -> list:
    barrier, answers = threading.Barrier(len(tabs)), []

    def tap(tab):
        barrier.wait()
        answers.append(tab.post(url, csrf=False, data=data))

    threads = [threading.Thread(target=tap, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_six_tabs_sending_one_proposal_at_once_make_one_idea(app, make_user):
    """Six requests with the same form at the same moment: one idea, six identical redirects, no error."""
    tabs, csrf = _tabs(app, make_user(), 6)
    token = token_of(tabs[0].get("/ideeen/nieuw").get_data(as_text=True))
    answers = _at_once(tabs, "/ideeen/nieuw", {"csrf_token": csrf, "submit_token": token, "kind": "idea",
                                               "title": "Een buurtfeest", "initiative": "0"})
    assert [answer.status_code for answer in answers] == [303] * 6
    assert len({answer.headers["Location"] for answer in answers}) == 1
    assert count(app, Idea) == 1


def test_six_tabs_sending_one_comment_at_once_make_one_comment(app, make_user, make_idea):
    """Six requests with the same comment form at the same moment: one comment, no error."""
    idea = make_idea()
    tabs, csrf = _tabs(app, make_user(), 6)
    token = token_of(tabs[0].get(f"/ideeen/{idea.id}").get_data(as_text=True))
    answers = _at_once(tabs, f"/ideeen/{idea.id}/reacties", {"csrf_token": csrf, "submit_token": token,
                                                              "text": "Ik help mee"})
    assert [answer.status_code for answer in answers] == [303] * 6
    assert count(app, IdeaComment) == 1
