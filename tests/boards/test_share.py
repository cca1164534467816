"""A task at its own address with links to share it without an app; nothing of members-only boards leaks."""

from __future__ import annotations

import html
from datetime import date
from urllib.parse import parse_qs, unquote

import pytest

from portal.extensions import db

SECRET = "Geheime klus"


@pytest.fixture
def private_board(make_group):
    """Return a members-only initiative."""
    return make_group("Besloten club", visibility="members")


def _whatsapp_text(page: str) -> str:
    return unquote(page.split("https://wa.me/?text=", 1)[1].split('"', 1)[0])


def test_task_page_shows_the_task_and_share_links_with_the_public_address(app, client, make_task, make_initiative):
    """The task page has its facts, its description and WhatsApp, Telegram and e-mail links with a short text
    (title, people needed, time, when, place, group) and the public address, never the request's host."""
    initiative = make_initiative("Buurtmoestuin")
    task = make_task(initiative, title="Schoffelen & wieden", places_needed=2, estimate_minutes=90,
                     due_date=date(2031, 5, 3), place="Moestuin Gein", description="Neem handschoenen mee.")
    response = client.get(f"/tasks/{task.id}", headers={"Host": "evil.example"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Schoffelen &amp; wieden</h1>" in page and "Neem handschoenen mee." in page
    text = _whatsapp_text(page)
    public = app.config["PUBLIC_URL"].rstrip("/") + f"/tasks/{task.id}"
    assert text.startswith("Wie helpt? Schoffelen & wieden\n") and text.endswith("\n" + public)
    for fact in ("nog 2 mensen nodig", "1,5 uur", "3 mei", "Moestuin Gein", "Buurtmoestuin"):
        assert fact in text, fact
    assert "evil.example" not in text and len(text) <= 600
    telegram = parse_qs(html.unescape(page.split('href="https://t.me/share/url?', 1)[1].split('"')[0]))
    assert telegram["url"] == [public]
    assert "mailto:?subject=Schoffelen%20%26%20wieden" in page
    assert "Kopieer deze tekst" in page and "<textarea id=\"share-text\" readonly" in page


def test_board_card_titles_lead_to_the_task_page(client, make_task):
    """On the board each task's title is a link to its own page (where its share links are)."""
    task = make_task(title="Stoelen klaarzetten")
    page = client.get(f"/boards/{task.initiative_id}").get_data(as_text=True)
    assert f'<a href="/tasks/{task.id}">Stoelen klaarzetten</a>' in page


def test_a_done_task_is_not_shared(client, make_task):
    """A finished task asks nobody for help: its page has no share links."""
    task = make_task(title="Klaar", status="done")
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "wa.me" not in page and "t.me/share" not in page


@pytest.mark.parametrize("role", [None, "resident"])
def test_outsiders_see_nothing_of_a_members_only_task(client, login_as, make_task, private_board, role):
    """A visitor or a resident who is not a member gets 404 for the task page, and the title is nowhere."""
    if role:
        login_as(role)
    task = make_task(private_board, title=SECRET)
    response = client.get(f"/tasks/{task.id}")
    assert response.status_code == 404 and SECRET not in response.get_data(as_text=True)
    assert SECRET not in client.get("/boards/help").get_data(as_text=True)


def test_members_see_a_members_only_task_without_share_links(app, client, login_as, make_task, private_board):
    """A member sees the task page of a members-only board, without share links or a text to pass on (its link
    would only work for members), and with a note that says why."""
    from portal.initiatives.models import Membership

    member = login_as()
    with app.app_context():
        db.session.add(Membership(initiative_id=private_board.id, user_id=member.id))
        db.session.commit()
    task = make_task(private_board, title=SECRET)
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert SECRET in page
    assert "wa.me" not in page and "t.me/share" not in page and "mailto:" not in page and "share-text" not in page
    assert "Alleen leden zien dit, dus er zijn geen deellinks." in page


@pytest.mark.parametrize("path", ["/tasks/99999999999999999999", "/tasks/0", "/tasks/-1", "/tasks/1%00",
                                  "/tasks/1%0D%0A", "/tasks/abc"])
def test_bad_task_addresses_are_404(client, path):
    """Huge, negative, NUL and CR/LF ids are simply not found (or refused as a bad request), never a 500."""
    assert client.get(path).status_code in (400, 404)


def test_the_demo_has_tasks_to_share(app, client):
    """After seed-demo a public task's page shows what to bring and its share links, ready to try."""
    from sqlalchemy import select

    from portal.boards.models import Task

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        task_id = db.session.scalar(select(Task.id).where(Task.title == "Boomspiegels schoffelen"))
    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "Schoffels en handschoenen" in page and "https://wa.me/?text=Wie%20helpt%3F%20Boomspiegels" in page


def test_a_task_page_opens_after_a_minute_without_a_request(app, client, login_as, make_task):
    """Someone logged in follows a task's link after a while: loading them moves their session's last-seen time
    (a commit), which must not spoil the task loaded with its claims (it gave a 500 on every such first visit)."""
    from datetime import timedelta

    from sqlalchemy import update

    from portal.accounts.models import UserSession
    from portal.db import utcnow

    task = make_task(title="Boomspiegels schoffelen")
    login_as()
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    response = client.get(f"/tasks/{task.id}")
    assert response.status_code == 200 and "Boomspiegels schoffelen" in response.get_data(as_text=True)
