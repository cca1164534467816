"""Shout-outs, claps, reports and the moderation log."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.names import shown_name, shown_names
from portal.db import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.permissions import has_role

TEXT_MAX = 1000


class ShoutWords:
    """What a card says of a shout-out, for the ORM's Shout and for the plain rows a list reads (services.FeedShout):
    needs `id`, `automatic`, `text`, `subject_title`, `people_count`, `name_removed`, `thanked_name`,
    `thanked_user_id`, `thanked_user`, `author`, `initiative` and `thanks` (each with `user_id` and `user`); a person
    as portal.accounts.names.shown_name reads one (`name`, `show_name_in_public`)."""

    __slots__ = ()

    @property
    def dom_id(self) -> str:
        return f"shout-{self.id}"

    @property
    def message(self) -> str:
        """Return what the shout-out says, in the reader's language. An automatic one stores a kind and the id of its
        subject: its title is the one the subject's feature gave for this reader when the list was read
        (`subject_title`, services.name_subjects); None (gone, or not for this reader to see) names nothing of it."""
        return self.words(self.subject_title)

    def words(self, title: str | None) -> str:
        """Return what the shout-out says, an automatic one naming its subject `title` (None: nothing of it)."""
        if self.automatic == "task":
            return _("Job done: %(title)s", title=title) if title else _("Job done!")
        if self.automatic == "event":
            if self.people_count:
                return ngettext("Thank you for helping at %(title)s! With %(num)s neighbour.",
                                "Thank you for helping at %(title)s! With %(num)s neighbours.", self.people_count,
                                title=title) if title else \
                    ngettext("Thank you for helping! With %(num)s neighbour.",
                             "Thank you for helping! With %(num)s neighbours.", self.people_count)
            return _("Thank you for helping at %(title)s!", title=title) if title else _("Thank you for helping!")
        if self.automatic == "idea":
            return _("Thank you for the idea \"%(title)s\": it is happening now.", title=title) if title else \
                _("Thank you for an idea: it is happening now.")
        return self.text

    def thanked_label(self, public: bool) -> str:
        """Return who is thanked, each person named through the one name helper, at the moment it is shown.

        Automatic shout-outs thank the people in their thanks rows. A shout-out typed by a person shows the name
        they typed, never the name of the account behind an e-mail address (that would tell who owns it).
        """
        if self.automatic:
            return shown_names([thanks.user for thanks in self.thanks], public) if self.thanks else \
                self._initiative_or_neighbour()
        opted_out = self.thanked_user is not None and public and not self.thanked_user.show_name_in_public
        if self.name_removed or opted_out:
            return _("a neighbour")
        return self.thanked_name or self._initiative_or_neighbour()

    def _initiative_or_neighbour(self) -> str:
        return self.initiative.name if self.initiative is not None else _("a neighbour")

    def author_label(self, public: bool) -> str:
        """Return who wrote this, respecting their choice about their name in public."""
        if self.automatic:
            return _("Buurtbouw")
        if self.author is None:
            return _("a former neighbour")
        return shown_name(self.author, public)

    def thanks_user(self, user) -> bool:
        """Tell whether this shout-out thanks `user` by their account."""
        if not getattr(user, "is_authenticated", False):
            return False
        return user.id == self.thanked_user_id or any(thanks.user_id == user.id for thanks in self.thanks)


class Shout(ShoutWords, db.Model):
    __tablename__ = "shouts"
    __table_args__ = (
        CheckConstraint("clap_count >= 0", name="clap_count_not_negative"),
        CheckConstraint("thanked_name IS NOT NULL OR thanked_user_id IS NOT NULL OR initiative_id IS NOT NULL "
                        "OR name_removed", name="thanks_someone"),
        CheckConstraint("people_count IS NULL OR people_count >= 0", name="people_count_not_negative"),
        # The feed pages by id, newest first, visible ones only; per initiative too.
        Index("ix_shouts_hidden_id", "hidden", "id"),
        Index("ix_shouts_initiative_hidden_id", "initiative_id", "hidden", "id"),
        # When an initiative was last thanked: one step down this index per initiative (migration 0047).
        Index("ix_shouts_initiative_created", "initiative_id", "created_at"),
        Index("ix_shouts_created_at", "created_at"),  # the weekly sheet: the newest of a past fortnight
        # The thanks for one thing (an event, a task), kept in line with it when it opens up (migration 0056).
        Index("ix_shouts_automatic_subject", "automatic", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    thanked_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    thanked_name: Mapped[str | None] = mapped_column(String(80))
    # The thanked person took their name off: every view says "a neighbour".
    name_removed: Mapped[bool] = mapped_column(Boolean, default=False)
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    photo: Mapped[str | None] = mapped_column(String(40))
    photo_width: Mapped[int | None] = mapped_column(Integer)
    photo_height: Mapped[int | None] = mapped_column(Integer)
    # What posted it ("task", "event", "idea"); then `subject_id` is the id of the thing it thanks for (no foreign key:
    # the thing is another feature's), whose title that feature gives when shown, as the reader may see it
    # (registry.thanks_subject); `text` is empty (migration 0056 emptied the titles copied into it before), the
    # sentence is written in the reader's language (`message`), and the people thanked are ShoutThanks rows.
    automatic: Mapped[str | None] = mapped_column(String(20))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    # Kept for the initiative's members (and coordinators), also when the initiative is public: the thanks for a
    # members-only event or its shift. The subject's feature keeps it in line (signals.members_only_changed).
    members_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A number an automatic shout-out tells (an event: how many people came), a plain value written into the
    # sentence when shown.
    people_count: Mapped[int | None] = mapped_column(Integer)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    clap_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User", foreign_keys=[author_id], lazy="raise")
    thanked_user = relationship("User", foreign_keys=[thanked_user_id], lazy="raise")
    initiative = relationship("Initiative", lazy="raise")
    thanks = relationship("ShoutThanks", order_by="ShoutThanks.id", lazy="raise", cascade="all, delete-orphan")

    subject_title = None  # not a column: an automatic one's subject as its reader reads it (services.name_subjects)

    def __repr__(self) -> str:
        return f"<Shout {self.id}>"

    def can_see(self, user) -> bool:
        return not self.hidden or has_role(user, "coordinator") or (
            getattr(user, "is_authenticated", False) and user.id == self.author_id)

    def can_clap(self, user) -> bool:
        return getattr(user, "is_authenticated", False) and not self.hidden

    def can_hide(self, user) -> bool:
        return has_role(user, "coordinator")

    def can_delete(self, user) -> bool:
        return getattr(user, "is_authenticated", False) and user.id == self.author_id

    def can_report(self, user) -> bool:
        """Anyone may report a shown shout-out to a coordinator, except its writer (who can delete it instead)."""
        return not self.hidden and not self.can_delete(user)

    def can_remove_name(self, user) -> bool:
        return self.thanks_user(user) and not self.name_removed


class ShoutThanks(db.Model):
    """A person an automatic shout-out thanks: the account, or nobody (a walk-in resident, a deleted account).

    Only the person is stored, never their name: it is looked up when the shout-out is shown.
    """

    __tablename__ = "shout_thanks"

    id: Mapped[int] = mapped_column(primary_key=True)
    shout_id: Mapped[int] = mapped_column(ForeignKey("shouts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)

    user = relationship("User", lazy="raise")


class Clap(db.Model):
    __tablename__ = "claps"

    shout_id: Mapped[int] = mapped_column(ForeignKey("shouts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ShoutReport(db.Model):
    __tablename__ = "shout_reports"
    __table_args__ = (UniqueConstraint("shout_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shout_id: Mapped[int] = mapped_column(ForeignKey("shouts.id", ondelete="CASCADE"))  # indexed by the unique pair
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled: Mapped[bool] = mapped_column(Boolean, default=False)


ACTIONS = ("hide", "unhide", "dismiss")  # dismiss: the report was wrong, the words stay


class ModerationEntry(db.Model):
    """Who hid a shout-out, showed it again or dismissed its reports, and when: kept for accountability."""

    __tablename__ = "moderation_log"
    __table_args__ = (CheckConstraint(one_of("action", ACTIONS), name="action_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the log outlives what it logs, so a deleted shout-out keeps its entries (by id only).
    shout_id: Mapped[int] = mapped_column(Integer, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor = relationship("User", lazy="raise")
