"""A position of a members-only initiative stays with its members: no title, count, name or words for outsiders,
on any surface (list, home, page, fragment, print, answer, report, kiosk desk, page cache)."""

from __future__ import annotations

import pytest

from portal import pagecache
from tests.conftest import HX

SECRET_TITLE = "Brief aan de verhuurder over de lift"
SECRET_WORDS = "De lift is al drie weken kapot"


@pytest.fixture
def secret_position(app, members_only, make_position, make_response):
    """Return (position, member): a members-only initiative's position with the member's answer and words."""
    initiative, member = members_only
    position = make_position(title=SECRET_TITLE, initiative=initiative)
    position.response_id = make_response(position, "support", SECRET_WORDS, user=member).id
    return position, member


def surfaces(position_id: int) -> list[tuple[str, str, dict]]:
    return [("GET", "/buurtstem", {}), ("GET", "/", {}), ("GET", f"/buurtstem/{position_id}", {}),
            ("GET", f"/buurtstem/{position_id}", HX), ("GET", f"/buurtstem/{position_id}/print", {}),
            ("GET", "/buurtstem?before=2147483647", HX)]


def assert_nothing_shown(client, position_id: int) -> None:
    for method, path, headers in surfaces(position_id):
        response = client.open(path, method=method, headers=headers)
        html = response.get_data(as_text=True)
        assert SECRET_TITLE not in html and SECRET_WORDS not in html and "Mira Member" not in html, path
        assert "Geheime Huurdersgroep" not in html, path
        if path.startswith(f"/buurtstem/{position_id}"):
            assert response.status_code == 404, path


def test_visitors_see_nothing_of_a_members_only_position(client, secret_position, app):
    """A visitor who is not logged in gets 404 and no trace, also from the page cache with it switched on."""
    position, _member = secret_position
    app.config["PAGE_CACHE_SECONDS"] = 5
    try:
        assert_nothing_shown(client, position.id)
        assert_nothing_shown(client, position.id)  # the second time from the cache
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0
        pagecache.clear()


def test_logged_in_outsiders_see_nothing_and_cannot_answer_or_report(client, login_as, secret_position, app):
    """A resident who is no member gets 404 everywhere, cannot answer, report, or count a walk-in for it."""
    from tests.voice.test_views import count_rows

    position, _member = secret_position
    login_as()
    assert_nothing_shown(client, position.id)
    assert client.post(f"/buurtstem/{position.id}/respond", data={"stance": "oppose"}).status_code == 404
    assert client.post(f"/buurtstem/arguments/{position.response_id}/report").status_code == 404
    assert "1 voor" not in client.get("/buurtstem").get_data(as_text=True)
    assert count_rows(app) == 1


def test_librarians_who_are_no_members_cannot_use_it_at_the_desk(client, login_as, secret_position):
    """The kiosk desk follows the same rule: the position is not listed and its form is 404."""
    position, _member = secret_position
    login_as("librarian")
    assert SECRET_TITLE not in client.get("/kiosk/voice").get_data(as_text=True)
    assert client.get(f"/kiosk/voice/{position.id}").status_code == 404


def test_members_and_coordinators_see_it(client, auth, login_as, secret_position):
    """The initiative's members and coordinators see the position, its counts and its words."""
    position, member = secret_position
    auth.login(member)
    page = client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    assert SECRET_TITLE in page and SECRET_WORDS in page
    assert SECRET_TITLE in client.get("/buurtstem").get_data(as_text=True)
    auth.logout()
    login_as("coordinator")
    assert SECRET_WORDS in client.get(f"/buurtstem/{position.id}/print").get_data(as_text=True)
