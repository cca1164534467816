"""The language someone chooses before logging in is their choice, as one made after: it wins over the account's,
and the account keeps it (as switching while logged in does). A language left from someone else is no choice."""

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db


def _language_of(app, user) -> str:
    with app.app_context():
        return db.session.scalar(select(User.language).where(User.id == user.id))


@pytest.mark.parametrize(("chosen", "account", "html", "words"), [
    ("en", "nl", '<html lang="en">', "Log out"), ("nl", "en", '<html lang="nl">', "Uitloggen")])
def test_a_language_chosen_just_before_logging_in_wins(app, client, auth, make_user, chosen, account, html, words):
    """A visitor chooses a language, then logs in to an account in the other one: the pages stay in the language
    chosen, the welcome too, and the account keeps it (for mail), as a switch after logging in would."""
    user = make_user(name="Kwame", language=account)
    client.get(f"/language/{chosen}?next=/login")
    response = auth.login(user)
    assert response.status_code == 303
    home = client.get("/").get_data(as_text=True)
    assert html in home and words in home
    assert ("Welcome, Kwame." if chosen == "en" else "Welkom, Kwame.") in home
    assert _language_of(app, user) == chosen


def test_a_language_left_by_the_last_person_here_is_no_choice(app, client, auth, make_user):
    """Someone switches to English while logged in and logs out; the next person on this phone logs in without
    choosing: their account's Dutch counts, and their account is left as it was."""
    first, second = make_user(language="nl"), make_user(language="nl")
    auth.login(first)
    client.get("/language/en")
    auth.logout()
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)  # the page they left, as it was
    auth.login(second)
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)
    assert _language_of(app, second) == "nl" and _language_of(app, first) == "en"


def test_logging_in_without_a_choice_keeps_the_account_language(app, client, auth, make_user):
    """Nobody chose a language in this browser: an English account gets English pages, its language untouched."""
    user = make_user(language="en")
    auth.login(user)
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    assert _language_of(app, user) == "en"
