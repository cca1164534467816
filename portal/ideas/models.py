"""Ideas and talks, the reactions to them, short comments, reports and the moderation log.

An idea may belong to an initiative; then it is seen only by those who may see that initiative (the initiatives'
one rule). Who proposed it is an account, or for a resident without one a name and a phone number kept only as
long as needed (the daily clean-up removes the phone, and the name when it was not to be shown).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.names import shown_name
from portal.db import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.forms import SUBMIT_TOKEN_LENGTH
from portal.permissions import has_role

KINDS = ("idea", "offer", "wish")
KIND_LABELS = {"idea": _l("An idea"), "offer": _l("I can tell about"), "wish": _l("I want to hear about")}
STATUSES = ("new", "discussed", "planned", "done", "not_now")
STATUS_LABELS = {"new": _l("New"), "discussed": _l("Being discussed"), "planned": _l("Planned"),
                 "done": _l("Done"), "not_now": _l("Not now")}
REACTIONS = ("come", "help", "know")
REACTION_LABELS = {"come": _l("I'll come"), "help": _l("I'll help"), "know": _l("I know someone")}
REACTION_UNDO = {"come": _l("I'm not coming after all"), "help": _l("I can't help after all"),
                 "know": _l("I don't know anyone after all")}
TITLE_MAX, TEXT_MAX, COMMENT_MAX, REASON_MAX = 160, 2000, 500, 300


class Idea(db.Model):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(one_of("kind", KINDS), name="kind_known"),
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        # "Not now" always says why: the reason is shown with it.
        CheckConstraint("status != 'not_now' OR length(status_reason) > 0", name="not_now_has_reason"),
        CheckConstraint("(became_kind IS NULL) = (became_id IS NULL)", name="became_whole"),
        # The list pages by id, newest first, per status too.
        Index("ix_ideas_status_id", "status", "id"),
        Index("ix_ideas_initiative_id", "initiative_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default="idea")
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    text: Mapped[str] = mapped_column(Text, default="")
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # A resident without an account: their name (shown only when they agreed) and phone, for a coordinator to call.
    visitor_name: Mapped[str | None] = mapped_column(String(80))
    visitor_phone: Mapped[str | None] = mapped_column(String(40))
    show_visitor_name: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="new")
    status_reason: Mapped[str] = mapped_column(String(REASON_MAX), default="")
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What it became ("task", "initiative", ...) and that thing's id; its feature names and links it when shown.
    became_kind: Mapped[str | None] = mapped_column(String(20))
    became_id: Mapped[int | None] = mapped_column(Integer)
    # The one-time token of the form that proposed it: a second submit of that form finds this idea (unique).
    submit_token: Mapped[str | None] = mapped_column(String(SUBMIT_TOKEN_LENGTH), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposer = relationship("User", foreign_keys=[proposer_id], lazy="raise")
    initiative = relationship("Initiative", lazy="raise")

    def __repr__(self) -> str:
        return f"<Idea {self.id} {self.status}>"

    @property
    def dom_id(self) -> str:
        return f"idea-{self.id}"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    def proposer_label(self, public: bool) -> str:
        """Return who proposed it: the account's name by its choice, or a visitor's name only when they agreed."""
        if self.proposer_id is not None:
            return shown_name(self.proposer, public)
        if self.visitor_name and self.show_visitor_name:
            return self.visitor_name
        return shown_name(None, public, walkin=self.visitor_name)

    def can_manage(self, user) -> bool:
        """Coordinators change the status and turn the idea into something (services.can_manage adds the carriers
        of its initiative)."""
        return has_role(user, "coordinator")

    def can_see_contact(self, user) -> bool:
        return has_role(user, "librarian", "coordinator")


class IdeaReaction(db.Model):
    """"Ik kom", "Ik help", "Ik weet iemand": one of each per person and idea (the primary key)."""

    __tablename__ = "idea_reactions"
    __table_args__ = (CheckConstraint(one_of("kind", REACTIONS), name="kind_known"),)

    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IdeaComment(db.Model):
    __tablename__ = "idea_comments"
    __table_args__ = (Index("ix_idea_comments_idea_hidden_id", "idea_id", "hidden", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(String(COMMENT_MAX))
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    # The one-time token of the form that wrote it: a double tap finds this comment instead of adding one (unique).
    submit_token: Mapped[str | None] = mapped_column(String(SUBMIT_TOKEN_LENGTH), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User", lazy="raise")

    def __repr__(self) -> str:
        return f"<IdeaComment {self.id}>"

    @property
    def dom_id(self) -> str:
        return f"comment-{self.id}"

    def author_label(self, public: bool) -> str:
        return _("a former neighbour") if self.author is None else shown_name(self.author, public)

    def can_hide(self, user) -> bool:
        return has_role(user, "coordinator")

    def can_report(self, user) -> bool:
        """Anyone logged in may report a shown reaction to a coordinator, except its writer: their own words."""
        return getattr(user, "is_authenticated", False) and not self.hidden and user.id != self.author_id


class IdeaCommentReport(db.Model):
    __tablename__ = "idea_comment_reports"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("idea_comments.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled: Mapped[bool] = mapped_column(Boolean, default=False)


MODERATION_ACTIONS = ("hide", "unhide", "dismiss")  # the same as the shout-outs': one queue, one log


class IdeaModerationEntry(db.Model):
    """Who hid a comment, showed it again or dismissed its reports, and when: kept for accountability (by id,
    outliving the comment)."""

    __tablename__ = "idea_moderation_log"
    __table_args__ = (CheckConstraint(one_of("action", MODERATION_ACTIONS), name="action_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(Integer, index=True)
    idea_id: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor = relationship("User", lazy="raise")
