"""Users, their server-side sessions, failed log-ins and the secrets sent to them by e-mail."""

from __future__ import annotations

from datetime import date, datetime

from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, not_on_pages, one_of, utcnow
from portal.extensions import db
from portal.i18n import LANGUAGE_NAMES
from portal.permissions import ROLES

PURPOSES = ("reset", "register")  # what a mailed link is for


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(one_of("role", ROLES), name="role_known"),
        CheckConstraint(one_of("language", tuple(LANGUAGE_NAMES)), name="language_known"),
        # Addresses are stored in lower case, so the unique address is unique whatever its case ("Ann@x.nl" is
        # "ann@x.nl"): the database holds both halves. (A check, not an index on lower(email): SQLite cannot
        # reflect expression indexes, and its batch migrations would drop one silently. On SQLite, migration
        # 0015 adds it as two triggers.)
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        # Many residents have no e-mail: an account is reached by its address, its phone (+31612345678), or both.
        CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="email_or_phone"),
        CheckConstraint("phone LIKE '+31%'", name="phone_normal_form"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    # Stored in one form only (accounts.phones.normal_phone), so the unique phone is unique however it was typed.
    phone: Mapped[str | None] = mapped_column(String(16), unique=True)
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
    # The shared computer (a kiosk) this session lives on: switching that computer off ends its sessions.
    shared_computer_id: Mapped[int | None] = mapped_column(Integer, index=True)

    def __repr__(self) -> str:
        return f"<UserSession user={self.user_id}>"


class LoginFailure(db.Model):
    """A failed log-in (or password check), counted per account name across all workers; purged after its window."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_identifier_at", "identifier", "at"),
                      Index("ix_login_failures_at", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # HMAC (keyed with SECRET_KEY) of the e-mail typed, never the e-mail itself nor a hash anyone can recompute.
    identifier: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailToken(db.Model):
    """A secret sent by e-mail: a password reset, or a registration waiting to be confirmed.

    Only the sha256 of the secret is kept. A row is used once, ends at `expires_at`, and is purged after that;
    a registration row holds what the account will be made of, so no account exists before its owner confirms.
    """

    __tablename__ = "mail_tokens"
    __table_args__ = (
        CheckConstraint(one_of("purpose", PURPOSES), name="purpose_known"),
        CheckConstraint("purpose <> 'reset' OR user_id IS NOT NULL", name="reset_has_user"),
        CheckConstraint("purpose <> 'register' OR (email IS NOT NULL AND name IS NOT NULL "
                        "AND password_hash IS NOT NULL)", name="register_has_details"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    name: Mapped[str | None] = mapped_column(String(80))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    def __repr__(self) -> str:
        return f"<MailToken {self.id} {self.purpose}>"


class DeskCode(db.Model):
    """A one-time password-reset code a librarian printed at the buurthuis desk for someone without e-mail.

    Only a keyed hash of the code is kept; the row logs who issued it and when. It works once, for one account,
    within 24 hours.
    """

    __tablename__ = "desk_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<DeskCode {self.id} user={self.user_id}>"


class PhoneRelease(db.Model):
    """A phone number the buurthuis desk freed from the account that held it, for the person who owns it: the log
    of who did it and when, and whether the account was closed (it had no e-mail to go on with).

    `account_id` is a plain number, no foreign key: the entry outlives an account it closed. The number itself is
    not kept (it is the owner's, and they will use it again).
    """

    __tablename__ = "phone_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, index=True)
    freed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<PhoneRelease {self.id} account={self.account_id}>"


# Log-ins, failed log-ins and mailed or printed secrets: no page shows them, so writing them (a session's
# keep-alive, a failed password) never makes the anonymous pages' ETags change (portal/db.py).
not_on_pages(UserSession.__tablename__, LoginFailure.__tablename__, MailToken.__tablename__, DeskCode.__tablename__)
