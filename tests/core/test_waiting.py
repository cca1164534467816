"""The home page tells the people who handle them what waits: booking requests, reports, tasks due with nobody."""

import re
from datetime import timedelta

from portal.applause.models import ShoutReport
from portal.core.time import today
from portal.extensions import db
from tests.conftest import future_local


def waiting_links(page: str) -> dict[str, str]:
    section = re.search(r'<section class="card waiting".*?</section>', page, re.S)
    return dict((text, href) for href, text in re.findall(r'<a [^>]*href="([^"]+)">([^<]+)</a>', section.group(0))) \
        if section else {}


def test_coordinators_see_what_waits_with_links(app, client, login_as, make_task, make_room, make_booking,
                                                make_shout, make_user):
    """Each count is a link to where it is handled; the counts follow the data."""
    make_task(title="Soon", due_date=today() + timedelta(days=3))
    make_task(title="Later", due_date=today() + timedelta(days=30))
    room = make_room()
    start = future_local(days=3)
    make_booking(room, start, start + timedelta(hours=1), status="pending")
    make_booking(room, start + timedelta(hours=2), start + timedelta(hours=3), status="pending")
    shout = make_shout()
    reporter = make_user()
    with app.app_context():
        db.session.add(ShoutReport(shout_id=shout.id, user_id=reporter.id))
        db.session.commit()
    login_as("coordinator")
    links = waiting_links(client.get("/").get_data(as_text=True))
    expected = {"2 boekingsverzoeken wachten op antwoord": "/bookings/requests",
                "1 gemeld bedankje wacht op een blik": "/applause/moderation",
                "1 klus voor binnen een week of al te laat heeft nog niemand": "/boards/load"}
    assert {text: links[text] for text in expected if text in links} == expected  # other features add theirs
    assert all(text.startswith("0 ") for text in links.keys() - expected.keys())


def test_librarians_see_requests_and_residents_see_nothing_waiting(client, login_as, auth):
    """A librarian sees only the booking requests; a resident sees no waiting section."""
    login_as("librarian")
    assert list(waiting_links(client.get("/").get_data(as_text=True))) == ["0 boekingsverzoeken wachten op antwoord"]
    auth.logout()
    login_as()
    assert "Wacht op jou" not in client.get("/").get_data(as_text=True)
