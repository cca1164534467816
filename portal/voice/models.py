"""Positions (questions to the neighbourhood), the one response per person, reports and the follow-up log."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.names import shown_name
from portal.db import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.permissions import has_role

STANCES = ("support", "oppose", "neutral")
# Who gave a response: an account; a walk-in recorded at the kiosk; or a person whose account is gone, whose
# stance on a closed position still counts, without their words (see services.forget_person).
KINDS = ("account", "walkin", "former")
ARGUMENT_MAX = 500
TITLE_MAX = 160


class Position(db.Model):
    __tablename__ = "voice_positions"
    __table_args__ = (Index("ix_voice_positions_closes_at_id", "closes_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    text: Mapped[str] = mapped_column(Text, default="")
    background_url: Mapped[str | None] = mapped_column(String(500))
    # The first moment nobody can respond any more (midnight after the closing day, Amsterdam time, in UTC).
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # On behalf of an initiative: then its visibility applies (members-only stays with its members).
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    initiative = relationship("Initiative", lazy="raise")

    def __repr__(self) -> str:
        return f"<Position {self.id}>"

    @property
    def dom_id(self) -> str:
        return f"position-{self.id}"

    def is_open(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) < self.closes_at

    def can_manage(self, user) -> bool:
        return has_role(user, "coordinator")


class Response(db.Model):
    __tablename__ = "voice_responses"
    __table_args__ = (
        # One response per person and position: a second answer (another tab, a changed mind) updates this row.
        UniqueConstraint("position_id", "user_id", name="uq_voice_responses_one_per_person"),
        # One per walk-in: the librarian's name + house number or phone, normalised (services.walkin_key).
        UniqueConstraint("position_id", "walkin_key", name="uq_voice_responses_one_per_walkin"),
        CheckConstraint(one_of("stance", STANCES), name="stance_known"),
        CheckConstraint(one_of("kind", KINDS), name="kind_known"),
        CheckConstraint("kind <> 'account' OR user_id IS NOT NULL", name="account_has_user"),
        CheckConstraint("kind = 'account' OR user_id IS NULL", name="only_accounts_have_user"),
        # The result page lists the arguments newest first, a page at a time.
        Index("ix_voice_responses_position_id_id", "position_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("voice_positions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10), default="account")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stance: Mapped[str] = mapped_column(String(10))
    argument: Mapped[str] = mapped_column(Text, default="")
    argument_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A walk-in: the name the librarian wrote down, the detail that tells two people of that name apart (deleted
    # once the position closes), whether they agreed to be named beside their words, and who recorded it.
    walkin_name: Mapped[str | None] = mapped_column(String(80))
    walkin_detail: Mapped[str | None] = mapped_column(String(40))
    walkin_key: Mapped[str | None] = mapped_column(String(130))
    walkin_named: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User", foreign_keys=[user_id], lazy="raise")

    def __repr__(self) -> str:
        return f"<Response {self.id} {self.stance}>"

    @property
    def dom_id(self) -> str:
        return f"response-{self.id}"

    def author_label(self, public: bool) -> str:
        """Return who said this, named when it is shown: accounts by their choice, walk-ins only if they agreed."""
        if self.kind == "account":
            return shown_name(self.user, public)
        if self.kind == "walkin" and self.walkin_named and self.walkin_name:
            return self.walkin_name
        return _("a neighbour")

    def can_hide(self, user) -> bool:
        return has_role(user, "coordinator")

    def can_report(self, user) -> bool:
        """Anyone logged in may report shown words to a coordinator, except the one who wrote them."""
        return getattr(user, "is_authenticated", False) and not self.argument_hidden and user.id != self.user_id


class ArgumentReport(db.Model):
    __tablename__ = "voice_reports"
    __table_args__ = (UniqueConstraint("response_id", "user_id", name="uq_voice_reports_once_per_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("voice_responses.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled: Mapped[bool] = mapped_column(Boolean, default=False)


class FollowUp(db.Model):
    """A step after the result: who carried it to the stadsdeel or a partner, when, and what came back."""

    __tablename__ = "voice_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("voice_positions.id", ondelete="CASCADE"), index=True)
    happened_on: Mapped[date] = mapped_column(Date)
    # Who carried it, as the coordinator writes it: a group or a role ("de bewonerscommissie"), so no account's
    # name is copied into the log.
    carried_by: Mapped[str] = mapped_column(String(120), default="")
    carried_to: Mapped[str] = mapped_column(String(120))
    what: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<FollowUp {self.id}>"
