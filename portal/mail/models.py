"""The outbox: one row per mail, unique per purpose, so the same mail is never queued twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, not_on_pages, one_of, utcnow
from portal.extensions import db

STATUSES = ("waiting", "sending", "sent", "failed")


class OutboxMail(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        Index("ix_outbox_status_next_try", "status", "next_try_at"),
        Index("ix_outbox_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the mail is for, e.g. "reset:12:345" or "due-soon:7:12": a second mail for the same purpose is dropped.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    # The whole message as sent; emptied once it is sent, so links and texts do not linger.
    message: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.key!r} {self.status}>"

    @property
    def dom_id(self) -> str:
        return f"mail-{self.id}"


not_on_pages(OutboxMail.__tablename__)  # sending mail changes no page: its writes leave the data version alone
