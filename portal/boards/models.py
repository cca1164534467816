"""Task boards: tasks, skills, claims, and reminders sent.

Each initiative (portal/initiatives) has one board: its tasks in three columns. A task never gets more people
than it needs: `places_taken <= places_needed` is a database check, and a claim raises the counter with one conditional
UPDATE in the same transaction as the claim row (services.claim).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.permissions import has_role

MAX_ESTIMATE_MINUTES = 100 * 60
STATUSES = ("open", "in_progress", "done")
# A task still needs people: not done, and places left. Written as SQL text, not with bound parameters, because the
# partial indexes below hold exactly this condition and a database uses one only for a query that states it literally.
NEEDS_PEOPLE = "status <> 'done' AND places_taken < places_needed"
TAKEOVER_STATUSES = ("open", "accepted", "declined")


class TaskRules:
    """What a task card asks of a task, for the ORM's Task and for the cards read with plain selects
    (services.Card): needs `id`, `status`, `estimate_minutes`, `places_needed`, `places_taken` and `claims` (each
    with `user_id`, `recorded_by_id`, `part_done_at` and `acts_for`)."""

    __slots__ = ()

    @property
    def dom_id(self) -> str:
        return f"task-{self.id}"

    @property
    def places_left(self) -> int:
        return self.places_needed - self.places_taken

    @property
    def hours(self) -> float:
        return self.estimate_minutes / 60

    def can_claim(self, user) -> bool:
        return getattr(user, "is_authenticated", False) and self.status != "done" and self.places_left > 0

    def open_parts_of(self, user) -> list[Claim]:
        """Return the places `user` answers for whose part is not done yet."""
        if not getattr(user, "is_authenticated", False):
            return []
        return [claim for claim in self.claims if claim.part_done_at is None and claim.acts_for(user)]

    def can_finish(self, user) -> bool:
        """People on the task with a part to finish, the librarian who wrote a walk-in down for it, and
        coordinators say it is done."""
        if self.status == "done" or not getattr(user, "is_authenticated", False):
            return False
        return has_role(user, "coordinator") or bool(self.open_parts_of(user))

    def can_close(self, user) -> bool:
        """Only a coordinator, or the last person on it with a part still open, closes the whole task."""
        if not self.can_finish(user):
            return False
        mine = self.open_parts_of(user)
        return has_role(user, "coordinator") or all(claim.part_done_at is not None
                                                    for claim in self.claims if claim not in mine)

    def asks_whole_or_part(self) -> bool:
        """A task for more than one person asks whether the whole task is done, or only one's own part."""
        return self.places_needed > 1 or len(self.claims) > 1

    def can_edit(self, user) -> bool:
        return has_role(user, "coordinator")


class Task(TaskRules, db.Model):
    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        CheckConstraint("places_needed >= 1", name="needs_someone"),
        CheckConstraint("places_taken >= 0 AND places_taken <= places_needed", name="never_over_claimed"),
        CheckConstraint(f"estimate_minutes > 0 AND estimate_minutes <= {MAX_ESTIMATE_MINUTES}", name="estimate_sane"),
        Index("ix_tasks_initiative_status_id", "initiative_id", "status", "id"),
        # A board's open and in-progress columns, in their order: read a page of them, never sort them all.
        Index("ix_tasks_board_order", "initiative_id", "status", text("(due_date IS NULL)"), "due_date", "id"),
        # Its "done" column, newest first: walked backwards, whatever the number of unfinished tasks beside it.
        Index("ix_tasks_done_order", "initiative_id", "status", "done_at", "id"),
        Index("ix_tasks_status_due_id", "status", "due_date", "id"),
        Index("ix_tasks_created_at", "created_at"),
        # When an initiative last made or finished a task: one step down each per initiative (migration 0047).
        Index("ix_tasks_initiative_created", "initiative_id", "created_at"),
        Index("ix_tasks_initiative_done", "initiative_id", "done_at"),
        # The weekly sheet's "tasks that most need hands" walks this index and stops after five (migration 0041).
        Index("ix_tasks_most_needed", text("(places_needed - places_taken) DESC"), text("(due_date IS NULL)"),
              "due_date", "id", postgresql_where=text("status <> 'done'"), sqlite_where=text("status <> 'done'")),
        # How many tasks of an initiative still need people (the network's cards, the boards list): counted from
        # this index alone (migrations 0051, 0055: the tasks kept for members count only for them).
        Index("ix_tasks_initiative_needing", "initiative_id", "members_only", postgresql_where=text(NEEDS_PEOPLE),
              sqlite_where=text(NEEDS_PEOPLE)),
        # "Where can I help?" walks this index from the soonest date and stops after a page. An index on (due_date,
        # id) of all tasks stood beside it until migration 0052: SQLite took that one as often as not, and read every
        # finished task dated before the first open one, and every finished one without a date.
        Index("ix_tasks_needing_due", "due_date", "id", postgresql_where=text(NEEDS_PEOPLE),
              sqlite_where=text(NEEDS_PEOPLE)),
        # "What can I do?" walks this index in its order and stops after a few tasks (migration 0047).
        Index("ix_tasks_first_steps", text("good_first DESC"), text("with_buddy DESC"), text("(due_date IS NULL)"),
              "due_date", "estimate_minutes", "id", postgresql_where=text("status <> 'done'"),
              sqlite_where=text("status <> 'done'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    estimate_minutes: Mapped[int] = mapped_column(Integer, default=60)
    due_date: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(160), default="")
    places_needed: Mapped[int] = mapped_column(Integer, default=1)
    places_taken: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="open")
    good_first: Mapped[bool] = mapped_column(Boolean, default=False)
    with_buddy: Mapped[bool] = mapped_column(Boolean, default=False)
    # Kept for the initiative's members (and coordinators), also on a public board: the shifts of a members-only
    # event. The events feature keeps it equal to "not the event's public", in the transaction that changes that
    # (migration 0055); who may see the board itself stays the initiatives' rule (services.task_visible).
    members_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    initiative = relationship("Initiative", lazy="raise")
    skills = relationship("TaskSkill", order_by="TaskSkill.skill", lazy="raise", cascade="all, delete-orphan")
    claims = relationship("Claim", order_by="Claim.id", lazy="raise", viewonly=True)

    def __repr__(self) -> str:
        return f"<Task {self.id} {self.status}>"

    @property
    def skill_names(self) -> list[str]:
        return [skill.skill for skill in self.skills]


def needs_people():
    """Return the condition of the tasks that still need people, as the partial indexes hold it (see NEEDS_PEOPLE)."""
    return and_(Task.status != literal_column("'done'"), Task.places_taken < Task.places_needed)


class TaskSkill(db.Model):
    __tablename__ = "task_skills"

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    skill: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class ClaimRules:
    """What a task card asks of a place on a task (the ORM's Claim, and services.CardClaim): needs `user_id` and
    `recorded_by_id`."""

    __slots__ = ()

    def acts_for(self, user) -> bool:
        """Tell whether `user` answers for this place: their own, or a walk-in resident they wrote down."""
        return user.id == self.user_id or (self.user_id is None and user.id == self.recorded_by_id)


class Claim(ClaimRules, db.Model):
    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("task_id", "user_id"), Index("ix_claims_user_task", "user_id", "task_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))  # indexed by the unique pair
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # A resident without a phone or account, recorded by a librarian at the buurthuis desk.
    walkin_name: Mapped[str | None] = mapped_column(String(80))
    walkin_phone: Mapped[str | None] = mapped_column(String(40))  # optional; purge-walk-ins deletes it when done
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When this person's part of the task was done; the task itself closes when the last part is done, or
    # when a coordinator closes it.
    part_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys=[user_id], lazy="raise")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id], lazy="raise")
    task = relationship("Task", lazy="raise", viewonly=True)


class TakeoverRequest(db.Model):
    """A coordinator asks a member whether they will take over someone's place on a task (the load guard).

    The member accepts or declines; accepting moves the place in one transaction, only while the request is still
    open and the first person is still on the task (services.accept_takeover).
    """

    __tablename__ = "takeover_requests"
    __table_args__ = (
        CheckConstraint(one_of("status", TAKEOVER_STATUSES), name="status_known"),
        Index("ix_takeover_requests_to_status", "to_user_id", "status"),
        # One open question per place: a second tap on "ask" (or two coordinators at once) asks nobody twice.
        Index("uq_takeover_requests_one_open", "task_id", "from_user_id", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    from_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    to_user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    task = relationship("Task", lazy="raise")
    from_user = relationship("User", foreign_keys=[from_user_id], lazy="raise")

    def __repr__(self) -> str:
        return f"<TakeoverRequest {self.id} {self.status}>"

    @property
    def dom_id(self) -> str:
        return f"takeover-{self.id}"
