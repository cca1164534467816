"""Booking mails: sent through the outbox, naming room, address, date and time, with an .ics when approved."""

from __future__ import annotations

from datetime import timedelta

import icalendar
from sqlalchemy import select, update

from portal.db import utcnow
from portal.extensions import db
from portal.mail.models import OutboxMail
from portal.venues.models import Venue
from portal.venues.services import to_utc
from tests.conftest import future_local, mail_text, read_mails


def _room_with_address(app, make_room):
    room = make_room(name="Grote zaal", venue_name="Buurthuis De Nelle")
    with app.app_context():
        db.session.execute(update(Venue).values(address="Nellesteinpad 4, Amsterdam"))
        db.session.commit()
    return room


def test_smtp_failure_after_approval_is_no_500_and_the_mail_follows(app, client, login_as, make_room, make_booking,
                                                                     make_user, smtp):
    """The mail server is down when a request is approved: the approval holds, and the mail goes out later."""
    room = _room_with_address(app, make_room)
    resident = make_user(email="asker@example.org")
    start = future_local(days=9, hour=14)
    booking = make_booking(room, start, start + timedelta(hours=2), title="Taalcafé", status="pending",
                           requester=resident)
    smtp.accept_limit = 0
    login_as("librarian")
    assert client.post(f"/bookings/{booking.id}/approve").status_code == 303
    with app.app_context():
        mail = db.session.scalar(select(OutboxMail).where(OutboxMail.key == f"booking-approved:{booking.id}"))
        assert mail.status == "waiting" and "451" in mail.last_error
        db.session.execute(update(OutboxMail).values(next_try_at=utcnow()))
        db.session.commit()
    smtp.accept_limit = None
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert "mail sent: 1" in result.output
    [(to, message)] = smtp.received
    assert to == ["asker@example.org"] and "Taalcafé" in message["Subject"]


def test_approval_mail_names_room_address_time_with_calendar_file(app, client, login_as, make_room, make_booking,
                                                                  make_user):
    """The approval mail says room, address, date and time in Amsterdam time, and carries a valid .ics."""
    room = _room_with_address(app, make_room)
    resident = make_user(email="asker@example.org", language="en")
    start = future_local(days=9, hour=14)
    booking = make_booking(room, start, start + timedelta(hours=2), title="Quiz; night, with \\ and \"quotes\"",
                           status="pending", requester=resident)
    login_as("coordinator")
    client.post(f"/bookings/{booking.id}/approve")
    [mail] = read_mails(app)
    text = mail_text(mail)
    assert "Grote zaal" in text and "Buurthuis De Nelle, Nellesteinpad 4, Amsterdam" in text
    assert f"{start:%A} {start.day} {start:%B %Y}, 14:00–16:00" in text  # English, 24 hours, Amsterdam time
    assert "Room:" in text and "http://127.0.0.1:8000/bookings/mine" in text
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_content_type() == "text/calendar" and attachment.get_filename() == "booking.ics"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Quiz; night, with \\ and \"quotes\""
    assert "Nellesteinpad 4" in str(event["LOCATION"])
    assert event.decoded("DTSTART") == to_utc(start)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=2)


def _requested_declined_and_cancelled(app, client, login_as, room, start):
    """A resident asks for two bookings; a librarian declines the first and cancels the second. Return the
    resident and the four mails they got (two "we got your request", the refusal, the cancellation)."""
    resident = login_as()
    fmt = "%Y-%m-%dT%H:%M"
    client.post(f"/rooms/{room.id}/book", data={"title": "Buurtquiz", "start": start.strftime(fmt),
                                                "end": (start + timedelta(hours=2)).strftime(fmt)})
    client.post(f"/rooms/{room.id}/book", data={"title": "Tweede", "start": (start - timedelta(hours=3)).strftime(fmt),
                                                "end": (start - timedelta(hours=2)).strftime(fmt)})
    client.post("/logout")
    login_as("librarian")
    with app.app_context():
        first, second = db.session.scalars(select(OutboxMail.key).order_by(OutboxMail.id)).all()
    client.post(f"/bookings/{first.split(':')[1]}/decline", data={"reason": "De zaal wordt geverfd."})
    client.post(f"/bookings/{second.split(':')[1]}/cancel")
    return resident, read_mails(app)


def test_every_booking_mail_names_room_and_time_in_dutch(app, client, login_as, make_room, make_user, auth):
    """Requested, declined and cancelled mails name room, address, date and time, in the reader's language."""
    room = _room_with_address(app, make_room)
    resident, mails = _requested_declined_and_cancelled(app, client, login_as, room, future_local(days=10, hour=19))
    assert [m["To"] for m in mails] == [resident.email] * 4
    subjects = [m["Subject"] for m in mails]
    assert subjects[0].startswith("We hebben je aanvraag") and "geannuleerd" in subjects[3]
    for mail in mails:
        text = mail_text(mail)
        assert "Zaal: Grote zaal" in text and "Nellesteinpad 4" in text and "Wanneer: " in text
    assert "19:00–21:00" in mail_text(mails[0]) and "De zaal wordt geverfd." in mail_text(mails[2])
    assert "16:00–17:00" in mail_text(mails[3])


def test_every_booking_mail_carries_the_booking_as_a_calendar_file(app, client, login_as, make_room):
    """Requested: tentative; declined and cancelled: a cancellation with the same UID, so a calendar that took the
    first file removes the booking again (the approval's confirmed file is tested above)."""
    room = _room_with_address(app, make_room)
    _resident, mails = _requested_declined_and_cancelled(app, client, login_as, room, future_local(days=11, hour=19))
    files = []
    for mail in mails:
        [attachment] = list(mail.iter_attachments())
        assert attachment.get_content_type() == "text/calendar"
        calendar = icalendar.Calendar.from_ical(attachment.get_content())
        [event] = calendar.walk("VEVENT")
        assert "Nellesteinpad 4" in str(event["LOCATION"])
        files.append((str(calendar["METHOD"]), str(event["STATUS"]), str(event["UID"])))
    assert [(method, status) for method, status, _uid in files] == [
        ("PUBLISH", "TENTATIVE"), ("PUBLISH", "TENTATIVE"), ("CANCEL", "CANCELLED"), ("CANCEL", "CANCELLED")]
    assert files[0][2] == files[2][2] and files[1][2] == files[3][2]  # each cancellation names the booking it ends
