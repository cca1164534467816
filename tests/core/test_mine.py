"""My tasks and my bookings as one list on home and account, soonest first, tasks without a date last."""

from __future__ import annotations

import re
from datetime import timedelta

from portal.accounts.models import User
from portal.boards import services as boards
from portal.core.time import today
from portal.extensions import db
from tests.conftest import future_local


def _claim(app, task, user) -> None:
    with app.app_context():
        boards.claim(task.id, db.session.get(User, user.id))


def _mine(page: str) -> list[str]:
    """Return the titles in "Mijn klussen, boekingen en activiteiten", in the order shown."""
    start = page.index("Mijn klussen, boekingen en activiteiten")
    section = page[start:page.index("</section>", start)]
    return re.findall(r'class="(?:task|booking)-title">(?:<a [^>]*>)?([^<]+)<', section)


def _fill(app, me, make_task, make_room, make_booking, days: list[int]) -> None:
    room = make_room()
    for day in days:
        _claim(app, make_task(title=f"Klus over {day} dagen", places_needed=2,
                              due_date=today() + timedelta(days=day)), me)
        start = future_local(days=day + 1, hour=10)
        make_booking(room, start, start + timedelta(hours=1), title=f"Boeking over {day + 1} dagen",
                     requester=me, status="pending" if day % 2 else "approved")


def test_home_and_account_merge_tasks_and_bookings_soonest_first(app, client, login_as, make_task, make_room,
                                                                 make_booking, make_user):
    """Tasks and bookings interleave by date; a task without a date comes last; others' bookings stay out."""
    me = login_as()
    _fill(app, me, make_task, make_room, make_booking, [1, 4])
    _claim(app, make_task(title="Klus zonder datum", places_needed=2), me)
    make_booking(make_room(), future_local(days=1, hour=9), future_local(days=1, hour=10), title="Niet van mij")
    past = future_local(days=-3, hour=9)
    make_booking(make_room(), past, past + timedelta(hours=1), title="Al voorbij", requester=me)
    expected = ["Klus over 1 dagen", "Boeking over 2 dagen", "Klus over 4 dagen", "Boeking over 5 dagen",
                "Klus zonder datum"]
    for path in ("/", "/account"):
        page = client.get(path).get_data(as_text=True)
        assert _mine(page) == expected
        assert page.count("Mijn klussen, boekingen en activiteiten") == 1
        assert "Niet van mij" not in page and "Al voorbij" not in page
    assert "Het is klaar" in client.get("/").get_data(as_text=True)


def test_my_list_costs_the_same_queries_for_two_or_ten_things(app, client, login_as, make_task, make_room,
                                                              make_booking, count_queries):
    """The home page runs as many queries with one task and one booking as with five of each."""
    me = login_as()
    counts = []
    for days in ([1], [2, 3, 5, 6]):
        _fill(app, me, make_task, make_room, make_booking, days)
        with count_queries() as statements:
            page = client.get("/").get_data(as_text=True)
        counts.append(len(statements))
        assert len(_mine(page)) == (2 if len(counts) == 1 else 10)
    assert counts[0] == counts[1]


def test_visitors_and_people_with_nothing_see_no_list_on_home(client, login_as):
    """Home shows the list only to someone with a task or booking; the account page says there is nothing."""
    assert "Mijn klussen, boekingen en activiteiten" not in client.get("/").get_data(as_text=True)
    login_as()
    assert "Mijn klussen, boekingen en activiteiten" not in client.get("/").get_data(as_text=True)
    assert "Je hebt nu geen klussen, boekingen of activiteiten." in client.get("/account").get_data(as_text=True)
