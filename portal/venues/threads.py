"""The short thread on a booking request: the buurthuis asks ("Mogen we taart meenemen?"), the requester answers.

Only the requester and the staff who handle requests ever see it (`Booking.can_see_thread`). Each message from the
staff is mailed to the requester; an answer from the requester is mailed to the staff member who asked last.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.extensions import db
from portal.permissions import has_role
from portal.venues import mails
from portal.venues.models import Booking, BookingMessage


def threads(booking_ids: Sequence[int]) -> dict[int, list[BookingMessage]]:
    """Return the messages of these bookings, oldest first, with their writers (one query)."""
    found: dict[int, list[BookingMessage]] = {booking_id: [] for booking_id in booking_ids}
    for message in db.session.scalars(select(BookingMessage).options(joinedload(BookingMessage.author)).where(
            BookingMessage.booking_id.in_(list(booking_ids))).order_by(BookingMessage.booking_id, BookingMessage.id)):
        found[message.booking_id].append(message)
    return found


def thread(booking: Booking) -> list[BookingMessage]:
    """Return one booking's messages, oldest first (one query)."""
    return threads([booking.id])[booking.id]


def message_counts(booking_ids: Sequence[int]) -> dict[int, int]:
    """Return how many messages each of these bookings has (one query; bookings without any are left out)."""
    return dict(db.session.execute(select(BookingMessage.booking_id, func.count()).where(  # type: ignore[arg-type]
        BookingMessage.booking_id.in_(list(booking_ids))).group_by(BookingMessage.booking_id)).all())


def post_message(booking: Booking, user: User, text: str) -> BookingMessage:
    """Add `user`'s message to the thread and mail the other side; the caller checked the right and commits."""
    staff = has_role(user, "librarian", "coordinator") and user.id != booking.requester_id
    message = BookingMessage(booking_id=booking.id, author_id=user.id, from_staff=staff,
                             text=text.replace("\r\n", "\n").strip())
    db.session.add(message)
    db.session.flush()
    if staff:
        mails.message_to_requester(booking, message)
    else:
        asker_id = db.session.scalar(select(BookingMessage.author_id).where(
            BookingMessage.booking_id == booking.id, BookingMessage.from_staff.is_(True),
            BookingMessage.author_id.is_not(None)).order_by(BookingMessage.id.desc()).limit(1))
        asker = db.session.get(User, asker_id) if asker_id else None
        if asker is not None:
            mails.answer_to_staff(booking, message, asker)
    return message


def forget_person(user: User) -> None:
    """When an account is deleted: the messages it wrote, and the threads on its own requests, go with it."""
    own = select(Booking.id).where(Booking.requester_id == user.id).scalar_subquery()
    db.session.execute(delete(BookingMessage).where(or_(BookingMessage.author_id == user.id,
                                                        BookingMessage.booking_id.in_(own))))


def export_person(user: User) -> list[dict]:
    """Return the messages on `user`'s requests and the messages they wrote, for "download my data"."""
    rows = db.session.execute(select(BookingMessage, Booking.title).join(
        Booking, Booking.id == BookingMessage.booking_id).where(or_(
        BookingMessage.author_id == user.id, Booking.requester_id == user.id)).order_by(BookingMessage.id))
    return [{"title": title, "text": message.text, "written_by_me": message.author_id == user.id,
             "created_at": message.created_at.isoformat()} for message, title in rows]
