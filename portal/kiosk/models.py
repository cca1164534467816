"""Kiosk devices: computers a librarian or admin put in kiosk mode, until revoked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, utcnow
from portal.extensions import db


class KioskDevice(db.Model):
    __tablename__ = "kiosk_devices"
    __table_args__ = (CheckConstraint("screen_seconds BETWEEN 10 AND 600", name="screen_seconds_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the secret in the device cookie
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The screen in the buurthuis shows these public pages in turn (comma separated, see services.SCREEN_PAGES),
    # each for screen_seconds.
    screen_pages: Mapped[str] = mapped_column(String(60), default="applause,agenda,help",
                                              server_default="applause,agenda,help")
    screen_seconds: Mapped[int] = mapped_column(Integer, default=30, server_default="30")

    def __repr__(self) -> str:
        return f"<KioskDevice {self.id} {self.name!r}>"

    @property
    def dom_id(self) -> str:
        return f"kiosk-{self.id}"
