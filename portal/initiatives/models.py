"""Initiatives: the working groups of the neighbourhood, and who is a member of which.

Every other feature (boards, applause, venues, events, ...) links to an initiative by id and asks this package,
through `portal.initiatives.services`, who may see it: that is the one visibility rule of the portal.

The allowed values of theme, status, way to join and role are Python tuples here; the database checks are built
from the same tuples (`one_of`), so the two cannot drift apart. Labels for people are in `services` (translated).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.permissions import has_role

VISIBILITIES = ("public", "members")
# groen & tuin, eten & koken, kinderen & jongeren, ouderen, cultuur & feest, taal & leren, schoon & veilig,
# sport & bewegen, wonen & buurt
THEMES = ("green", "food", "youth", "elderly", "culture", "language", "clean_safe", "sport", "living")
STATUSES = ("starting", "active", "resting", "stopped")
# kom langs, stuur een bericht, doe een klus
JOIN_WAYS = ("visit", "message", "task")
ROLES = ("member", "carrier", "contact")
NAME_MAX = 120
PURPOSE_MAX = 160
MEETS_MAX = 120


class Initiative(db.Model):
    __tablename__ = "initiatives"
    __table_args__ = (
        CheckConstraint(one_of("visibility", VISIBILITIES), name="visibility_known"),
        CheckConstraint(one_of("theme", THEMES), name="theme_known"),
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        CheckConstraint(one_of("how_to_join", JOIN_WAYS), name="how_to_join_known"),
        # The network page filters by theme and lists A to Z.
        Index("ix_initiatives_theme_name", "theme", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")  # the older short text; the story replaces it
    # "members": only members and coordinators see the initiative and everything linked to it.
    visibility: Mapped[str] = mapped_column(String(10), default="public", server_default="public")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    purpose: Mapped[str] = mapped_column(String(PURPOSE_MAX), default="", server_default="")  # one sentence
    story: Mapped[str] = mapped_column(Text, default="", server_default="")
    theme: Mapped[str] = mapped_column(String(12), default="living", server_default="living")
    status: Mapped[str] = mapped_column(String(10), default="active", server_default="active")
    meets_when: Mapped[str] = mapped_column(String(MEETS_MAX), default="", server_default="")
    meets_where: Mapped[str] = mapped_column(String(MEETS_MAX), default="", server_default="")
    how_to_join: Mapped[str] = mapped_column(String(10), default="visit", server_default="visit")
    # The contact person is not a column here: it is the member whose membership has the role "contact" (at most
    # one, a database rule), so it can never point at someone who left. See services.contact_of.
    # A photo or logo, cleaned and stored by portal.photos (its random name, and the small version's size).
    photo: Mapped[str | None] = mapped_column(String(40))
    photo_width: Mapped[int | None] = mapped_column(Integer)
    photo_height: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<Initiative {self.id} {self.name!r}>"

    @property
    def dom_id(self) -> str:
        return f"initiative-{self.id}"

    def can_see(self, user, member: bool = False) -> bool:
        return self.visibility == "public" or member or has_role(user, "coordinator")

    def can_manage(self, user) -> bool:
        """Coordinators manage every initiative; carriers their own (see services.can_edit, which asks the role)."""
        return has_role(user, "coordinator")


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint(one_of("role", ROLES), name="role_known"),
        # One contact person per initiative at most, even when two carriers say "me" at the same moment.
        Index("uq_memberships_one_contact", "initiative_id", unique=True, sqlite_where=text("role = 'contact'"),
              postgresql_where=text("role = 'contact'")),
        # The coordinators' overview: who carries each initiative (a few per initiative, not every member) and when
        # someone last joined (one step down per initiative), read from these indexes alone (migration 0047).
        Index("ix_memberships_initiative_role", "initiative_id", "role", "user_id"),
        Index("ix_memberships_initiative_joined", "initiative_id", "joined_at"),
    )

    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "carrier" (drager): carries the initiative, may edit it and hand out roles; "contact": a carrier who said
    # "show me as the contact person" themselves (so they agreed to be shown); a contact carries it too.
    role: Mapped[str] = mapped_column(String(10), default="member", server_default="member")


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
