"""Initiatives: the working groups of the neighbourhood, and who is a member of which.

Every other feature (boards, applause, venues, events, ...) links to an initiative by id and asks this package,
through `portal.initiatives.services`, who may see it: that is the one visibility rule of the portal.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.permissions import has_role

VISIBILITIES = ("public", "members")


class Initiative(db.Model):
    __tablename__ = "initiatives"
    __table_args__ = (CheckConstraint(one_of("visibility", VISIBILITIES), name="visibility_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # "members": only members and coordinators see the board (a board for a private matter).
    visibility: Mapped[str] = mapped_column(String(10), default="public", server_default="public")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Initiative {self.id} {self.name!r}>"

    @property
    def dom_id(self) -> str:
        return f"initiative-{self.id}"

    def can_see(self, user, member: bool = False) -> bool:
        return self.visibility == "public" or member or has_role(user, "coordinator")

    def can_manage(self, user) -> bool:
        return has_role(user, "coordinator")


class Membership(db.Model):
    __tablename__ = "memberships"

    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# An initiative invites another to its work ("samen met ..."): see portal.initiatives.collaboration.
COLLABORATION_STATUSES = ("open", "accepted", "declined")


class Collaboration(db.Model):
    __tablename__ = "collaborations"
    __table_args__ = (
        UniqueConstraint("initiative_id", "partner_id", "kind", "subject_id"),
        CheckConstraint(one_of("status", COLLABORATION_STATUSES), name="status_known"),
        CheckConstraint("subject_id >= 1", name="subject_known"),
        Index("ix_collaborations_partner_status", "partner_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # "board", "task", "event": whatever a feature registered
    subject_id: Mapped[int] = mapped_column(Integer)  # the thing's id in its feature (a board: the initiative's)
    note: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(10), default="open")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Collaboration {self.id} {self.initiative_id}->{self.partner_id} {self.kind} {self.status}>"

    @property
    def dom_id(self) -> str:
        return f"collaboration-{self.id}"
