"""Board words residents use (B1 Dutch), and correct English beside them."""

import pytest

from portal.accounts.models import User
from portal.boards import services
from portal.boards.models import Claim
from portal.extensions import db
from portal.initiatives.models import Membership

PAGES_WITHOUT = ["(mag)", "Doen mee: Sanne", "Net vergeven", "Wat ik draag", "Dragen meer", "Wie draagt",
                 "Stop met dit initiatief", "≤", "Deze komt er"]


def test_board_pages_use_plain_dutch(app, client, login_as, make_task, make_initiative, make_user):
    """Boards say "(niet verplicht)", "Doet mee: Sanne", "Gedaan door", "1 uur of korter", "Ik doe niet meer mee"."""
    board = make_initiative("Groen")
    task = make_task(board, "Schoffelen", places_needed=2)
    done = make_task(board, "Compost", status="done")
    sanne = make_user(name="Sanne")
    with app.app_context():
        services.claim(task.id, db.session.get(User, sanne.id))
        db.session.add(Claim(task_id=done.id, user_id=sanne.id))
        db.session.commit()
    coordinator = login_as("coordinator")
    with app.app_context():
        db.session.add(Membership(initiative_id=board.id, user_id=coordinator.id))
        db.session.commit()
    pages = {path: client.get(path).get_data(as_text=True) for path in (
        f"/boards/{board.id}", "/boards/help", "/boards/load", "/account", f"/boards/{board.id}/tasks/new",
        f"/tasks/{task.id}/edit", "/boards")}
    assert "Doet mee: Sanne" in pages[f"/boards/{board.id}"] and "Gedaan door: Sanne" in pages[f"/boards/{board.id}"]
    assert "Ik doe niet meer mee" in pages[f"/boards/{board.id}"]
    assert "1 uur of korter" in pages["/boards/help"]
    assert "Wie doet te veel, en wat pakt niemand op?" in pages["/boards/load"]
    assert "Meer dan 6 uur werk" in pages["/boards/load"]
    assert "Hoeveel ik doe" in pages["/account"]
    assert "Waar (niet verplicht)" in pages[f"/boards/{board.id}/tasks/new"]
    for path, page in pages.items():
        for old in PAGES_WITHOUT:
            assert old not in page, (path, old)


@pytest.mark.parametrize("hours, sentence", [(60, "“Next” adds 1 hour."), (180, "“Next” adds 3 hours.")])
def test_english_is_correct_too(app, client, login_as, make_task, hours, sentence):
    """The load question in English counts hours properly; the time filter reads "1 hour or shorter"."""
    task = make_task(title="Next", estimate_minutes=hours)
    big = make_task(title="Big one", estimate_minutes=6 * 60)
    login_as(language="en")
    client.post(f"/tasks/{big.id}/claim")
    page = client.post(f"/tasks/{task.id}/claim").get_data(as_text=True)
    assert sentence in page and "You already have 6 hours" in page
    assert "1 hour or shorter" in client.get("/boards/help").get_data(as_text=True)
