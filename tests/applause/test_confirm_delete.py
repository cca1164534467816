"""Deleting your own shout-out asks first, on a page of its own."""

from sqlalchemy import func, select

from portal.applause.models import Shout
from portal.extensions import db


def shouts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Shout))


def test_delete_asks_first(app, client, make_shout, make_user, auth):
    """"Wis mijn bedankje" links to a question; only the question's POST button deletes."""
    author = make_user()
    shout = make_shout(author=author, text="Dank voor de soep!")
    auth.login(author)
    page = client.get(f"/applause/{shout.id}").get_data(as_text=True)
    assert f'href="/applause/{shout.id}/delete"' in page and f'action="/applause/{shout.id}/delete"' not in page
    question = client.get(f"/applause/{shout.id}/delete").get_data(as_text=True)
    assert "Je bedankje wissen?" in question and "Dank voor de soep!" in question
    assert f'action="/applause/{shout.id}/delete"' in question and shouts(app) == 1
    assert client.post(f"/applause/{shout.id}/delete").status_code == 303 and shouts(app) == 0


def test_only_the_author_sees_the_question(client, make_shout, login_as):
    """Someone else gets 403 on the question too."""
    shout = make_shout()
    login_as()
    assert client.get(f"/applause/{shout.id}/delete").status_code == 403
