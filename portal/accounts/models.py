"""Users, their server-side sessions and failed log-ins."""

from __future__ import annotations

from datetime import date, datetime

from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, utcnow
from portal.extensions import db


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('resident', 'librarian', 'coordinator', 'admin')", name="role_known"),
        CheckConstraint("language IN ('nl', 'en')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="resident")
    language: Mapped[str] = mapped_column(String(2), default="nl")
    # False: public views (wall, feeds, printed sheets) say "a neighbour" instead of this name.
    show_name_in_public: Mapped[bool] = mapped_column(Boolean, default=True)
    # "On a break until ...": the load guard suggests nobody who is paused.
    paused_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"

    @property
    def dom_id(self) -> str:
        return f"user-{self.id}"


# Whoever asks for a page: an account, a visitor who is not logged in, or None for public surfaces (type hints).
Viewer = User | AnonymousUserMixin | None


class UserSession(db.Model):
    """A log-in the server can end: the cookie holds a random id, this row holds its life."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kiosk: Mapped[bool] = mapped_column(Boolean, default=False)

    def __repr__(self) -> str:
        return f"<UserSession user={self.user_id}>"


class LoginFailure(db.Model):
    """A failed log-in, counted per account name across all workers."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_identifier_at", "identifier", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    identifier: Mapped[str] = mapped_column(String(64))  # sha256 of the e-mail typed, never the e-mail itself
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
