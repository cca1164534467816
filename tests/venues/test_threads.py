"""The short thread on a booking request: staff ask, the requester answers; nobody else sees a word of it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.accounts.services import delete_account, export_user_data
from portal.extensions import db
from portal.venues.models import BookingMessage
from tests.conftest import HX, future_local, mail_text, read_mails

QUESTION = "Mogen we taart meenemen?"


def _request(make_room, make_booking, make_user, **fields):
    room = make_room(name="Grote zaal")
    resident = make_user(name="Amira", email=fields.pop("email", None), language=fields.pop("language", "nl"))
    start = future_local(days=9, hour=14)
    booking = make_booking(room, start, start + timedelta(hours=2), title="Verjaardag Noor", status="pending",
                           requester=resident, **fields)
    return booking, resident


def _messages(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(BookingMessage.text).order_by(BookingMessage.id)))


def test_staff_asks_the_requester_answers_and_each_side_gets_mail(app, client, auth, make_room, make_booking,
                                                                   make_user):
    """A coordinator's question reaches the requester by mail (her language, public link); her answer mails him."""
    booking, resident = _request(make_room, make_booking, make_user, language="en", email="amira@example.org")
    coordinator = make_user(role="coordinator", name="Henk", email="henk@example.org")
    auth.login(coordinator)
    response = client.post(f"/bookings/{booking.id}/messages", data={"text": QUESTION, "next": "/bookings/requests"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/bookings/requests#thread-{booking.id}"
    page = client.get("/bookings/requests").get_data(as_text=True)
    assert QUESTION in page and "Amira krijgt een e-mail" in page
    [mail] = read_mails(app)
    assert mail["To"] == "amira@example.org" and "A question about your request" in mail["Subject"]
    link = f"{app.config['PUBLIC_URL'].rstrip('/')}/bookings/{booking.id}#thread-{booking.id}"
    assert link in mail_text(mail)
    assert QUESTION in mail_text(mail) and "Grote zaal" in mail_text(mail)
    auth.logout()
    auth.login(resident)
    page = client.get(f"/bookings/{booking.id}").get_data(as_text=True)
    assert QUESTION in page and "Henk" in page
    client.post(f"/bookings/{booking.id}/messages", data={"text": "Ja, graag!\r\nWe nemen ook bordjes mee."})
    mails = read_mails(app)
    assert len(mails) == 2 and mails[1]["To"] == "henk@example.org"
    assert "We nemen ook bordjes mee." in mail_text(mails[1]) and "Amira" in mail_text(mails[1])
    assert _messages(app) == [QUESTION, "Ja, graag!\nWe nemen ook bordjes mee."]


def test_another_resident_and_a_visitor_see_nothing_of_the_thread(app, client, auth, login_as, make_room,
                                                                   make_booking, make_user):
    """Another resident gets 404 on the page and the post; a visitor is sent to log in; no text leaks anywhere."""
    booking, _resident = _request(make_room, make_booking, make_user)
    auth.login(make_user(role="librarian"))
    client.post(f"/bookings/{booking.id}/messages", data={"text": QUESTION})
    auth.logout()
    for headers in ({}, HX):
        visitor = client.get(f"/bookings/{booking.id}", headers=headers)
        assert visitor.status_code in (200, 302, 303) and QUESTION not in visitor.get_data(as_text=True)
        posted = client.post(f"/bookings/{booking.id}/messages", data={"text": "Hallo"}, headers=headers)
        assert QUESTION not in posted.get_data(as_text=True)
    login_as("resident")
    for headers in ({}, HX):
        assert client.get(f"/bookings/{booking.id}", headers=headers).status_code == 404
        assert client.post(f"/bookings/{booking.id}/messages", data={"text": "Ik ook"},
                           headers=headers).status_code == 404
    for path in ("/bookings/mine", "/bookings/requests", "/", "/buurthuis/week", "/account/data.json"):
        assert QUESTION not in client.get(path).get_data(as_text=True)
    assert _messages(app) == [QUESTION]
    assert client.get("/bookings/99999999999").status_code == 404


def test_htmx_swaps_the_thread_and_announces_it(app, client, login_as, make_room, make_booking, make_user):
    """With htmx the answer is the thread fragment with the new message, and the live region says it was sent."""
    booking, _resident = _request(make_room, make_booking, make_user)
    login_as("coordinator")
    response = client.post(f"/bookings/{booking.id}/messages", data={"text": QUESTION, "next": "/bookings/requests"},
                           headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert html.startswith("<section class=\"thread\"") and QUESTION in html and "<html" not in html
    assert 'id="messages"' in html and 'hx-swap-oob="true"' in html and "krijgt een e-mail" in html
    assert 'name="next" value="/bookings/requests"' in html


def test_bad_messages_are_refused_at_the_field_and_cleaned(app, client, login_as, make_room, make_booking,
                                                           make_user):
    """Too long or empty: a message at the field, the text kept, nothing stored; control characters and tags go."""
    booking, _resident = _request(make_room, make_booking, make_user)
    login_as("coordinator")
    too_long = "taart " * 100
    response = client.post(f"/bookings/{booking.id}/messages", data={"text": too_long})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Gebruik hoogstens 500 tekens" in page and too_long.strip() in page
    fragment = client.post(f"/bookings/{booking.id}/messages", data={"text": "  "}, headers=HX)
    assert fragment.status_code == 200 and "Vul dit in" in fragment.get_data(as_text=True)
    assert _messages(app) == []
    client.post(f"/bookings/{booking.id}/messages", data={"text": "Taart\x00\x1b[31m <script>alert(1)</script>"})
    assert _messages(app) == ["Taart[31m <script>alert(1)</script>"]
    page = client.get(f"/bookings/{booking.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


def test_walk_in_and_decided_bookings_take_no_messages(app, client, login_as, make_room, make_booking, make_user):
    """A walk-in booking has no thread at all; once a request is decided its thread stays readable but closed."""
    walk_in, _resident = _request(make_room, make_booking, make_user, walkin_name="Mevrouw Bakker")
    login_as("librarian")
    assert "Vragen en antwoorden" not in client.get(f"/bookings/{walk_in.id}").get_data(as_text=True)
    assert "Vragen en antwoorden" not in client.get("/bookings/requests").get_data(as_text=True)
    client.post(f"/bookings/{walk_in.id}/messages", data={"text": QUESTION})
    assert _messages(app) == []
    booking, _other = _request(make_room, make_booking, make_user)
    client.post(f"/bookings/{booking.id}/messages", data={"text": QUESTION})
    client.post(f"/bookings/{booking.id}/approve")
    response = client.post(f"/bookings/{booking.id}/messages", data={"text": "Nog iets"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "heeft al een antwoord" in page and QUESTION in page and 'name="text"' not in page
    assert _messages(app) == [QUESTION]


def test_messages_are_in_the_data_export_and_go_with_the_account(app, client, auth, make_room, make_booking,
                                                                  make_user):
    """Download my data lists the thread; deleting the account deletes what it wrote and the threads on its requests."""
    booking, resident = _request(make_room, make_booking, make_user)
    staff = make_user(role="coordinator")
    auth.login(staff)
    client.post(f"/bookings/{booking.id}/messages", data={"text": QUESTION})
    auth.logout()
    auth.login(resident)
    client.post(f"/bookings/{booking.id}/messages", data={"text": "Ja"})
    with app.app_context():
        person = db.session.get(User, resident.id)
        exported = export_user_data(person)["booking_messages"]
        assert [(row["text"], row["written_by_me"]) for row in exported] == [(QUESTION, False), ("Ja", True)]
        delete_account(person)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(BookingMessage)) == 0


def test_requests_list_runs_a_fixed_number_of_queries(app, client, login_as, make_room, make_booking, make_user,
                                                      count_queries):
    """The requests list with threads costs as many queries for one request as for six."""
    staff = login_as("coordinator")
    counts = []
    for _round in range(2):
        for _number in range(1 if not counts else 5):
            booking, _resident = _request(make_room, make_booking, make_user)
            with app.app_context():
                db.session.add(BookingMessage(booking_id=booking.id, author_id=staff.id, from_staff=True,
                                              text=QUESTION))
                db.session.commit()
        with count_queries() as statements:
            page = client.get("/bookings/requests").get_data(as_text=True)
        counts.append(len(statements))
        assert page.count(QUESTION) == (1 if len(counts) == 1 else 6)
    assert counts[0] == counts[1]
