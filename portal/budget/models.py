"""Budgets, their conditions and phases, applications for them, and the ledger of every euro.

Amounts are integer cents, never floats. Never more granted than a budget holds: `granted_cents` on the budget row
is a running total that a grant raises with one conditional UPDATE in the transaction that grants, and the database
checks `granted_cents <= amount_cents` as well (row-locked on PostgreSQL, serialised with BEGIN IMMEDIATE on SQLite).
The same holds for what an application spends (`spent_cents`), except that a coordinator may book a spending over
its grant with a reason (`overridden`), so that check lives in the service and is logged.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import UTCDateTime, one_of, utcnow
from portal.extensions import db

# The rule kinds a condition can be (each with its parameters; see rules.py); "people" is judged by people.
KINDS = ("max_per_application", "max_overhead_share", "min_residents", "categories_allowed", "categories_excluded",
         "spend_before", "plan_needed", "max_share_per_initiative", "people", "apply_before")
CATEGORIES = ("materials", "food", "rent", "activities", "printing", "volunteers", "overhead", "commercial",
              "alcohol")
STATUSES = ("draft", "sent", "questions", "granted", "refused", "withdrawn")
LINE_KINDS = ("grant", "spending")
RECEIPT_KINDS = ("pdf", "jpeg", "png", "webp")
MAX_CENTS = 1_000_000_000  # ten million euro: more than any neighbourhood budget, far within a BIGINT


class Budget(db.Model):
    __tablename__ = "budgets"
    __table_args__ = (
        CheckConstraint(f"amount_cents > 0 AND amount_cents <= {MAX_CENTS}", name="amount_sane"),
        CheckConstraint("granted_cents >= 0 AND granted_cents <= amount_cents", name="never_over_granted"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # The goal in plain Dutch (B1) and in English: what the money is for, first of all.
    goal_nl: Mapped[str] = mapped_column(Text, default="")
    goal_en: Mapped[str] = mapped_column(Text, default="")
    possible: Mapped[str] = mapped_column(Text, default="")  # what is possible, in words
    decides: Mapped[str] = mapped_column(Text, default="")  # who decides, and how
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    granted_cents: Mapped[int] = mapped_column(BigInteger, default=0)  # the running total of grants
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Budget {self.id} {self.name!r}>"

    @property
    def dom_id(self) -> str:
        return f"budget-{self.id}"

    @property
    def left_cents(self) -> int:
        return self.amount_cents - self.granted_cents


class Change(db.Model):
    """One change to a budget's leaflet: who, when, which part, and what it said before (the history)."""

    __tablename__ = "budget_changes"
    __table_args__ = (Index("ix_budget_changes_budget_id", "budget_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    part: Mapped[str] = mapped_column(String(40))
    user = relationship("User", lazy="raise")
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")


class Example(db.Model):
    """What is possible: an example, with the initiative that did it (shown only to who may see it)."""

    __tablename__ = "budget_examples"
    __table_args__ = (Index("ix_budget_examples_budget", "budget_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(300))
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id", ondelete="SET NULL"))


class Phase(db.Model):
    __tablename__ = "budget_phases"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        Index("ix_budget_phases_budget", "budget_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


class Condition(db.Model):
    """A condition: a text for people and, for every kind but "people", a rule with parameters the portal checks.

    The database holds which parameters each kind needs; no code, no expressions."""

    __tablename__ = "budget_conditions"
    __table_args__ = (
        CheckConstraint(one_of("kind", KINDS), name="kind_known"),
        CheckConstraint(f"cents IS NULL OR (cents > 0 AND cents <= {MAX_CENTS})", name="cents_sane"),
        CheckConstraint("percent IS NULL OR (percent >= 0 AND percent <= 100)", name="percent_sane"),
        CheckConstraint("number IS NULL OR (number >= 0 AND number <= 10000)", name="number_sane"),
        CheckConstraint("kind <> 'max_per_application' OR cents IS NOT NULL", name="cents_given"),
        CheckConstraint("kind NOT IN ('max_overhead_share', 'max_share_per_initiative') OR percent IS NOT NULL",
                        name="percent_given"),
        CheckConstraint("kind NOT IN ('min_residents', 'plan_needed') OR number IS NOT NULL", name="number_given"),
        CheckConstraint("kind NOT IN ('categories_allowed', 'categories_excluded') OR categories <> ''",
                        name="categories_given"),
        CheckConstraint("kind NOT IN ('spend_before', 'apply_before') OR day IS NOT NULL", name="day_given"),
        Index("ix_budget_conditions_budget", "budget_id", "id"),
        # One last day to apply per budget: two would put two dates on the leaflet
        Index("uq_budget_conditions_one_apply_before", "budget_id", unique=True,
              postgresql_where=text("kind = 'apply_before'"), sqlite_where=text("kind = 'apply_before'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(String(400), default="")
    cents: Mapped[int | None] = mapped_column(BigInteger)
    percent: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    categories: Mapped[str] = mapped_column(String(200), default="")  # names from CATEGORIES, comma-separated
    day: Mapped[date | None] = mapped_column(Date)

    def __repr__(self) -> str:
        return f"<Condition {self.id} {self.kind}>"


class Application(db.Model):
    __tablename__ = "budget_applications"
    __table_args__ = (
        CheckConstraint(one_of("status", STATUSES), name="status_known"),
        CheckConstraint("residents >= 0 AND residents <= 100000", name="residents_sane"),
        CheckConstraint(f"granted_cents IS NULL OR (granted_cents > 0 AND granted_cents <= {MAX_CENTS})",
                        name="granted_sane"),
        CheckConstraint("status <> 'granted' OR granted_cents IS NOT NULL", name="granted_has_amount"),
        CheckConstraint("status <> 'refused' OR reason <> ''", name="refused_has_reason"),
        CheckConstraint("spent_cents >= 0", name="spent_sane"),
        CheckConstraint("supporters >= 0", name="supporters_sane"),
        Index("ix_budget_applications_budget", "budget_id", "status", "id"),
        Index("ix_budget_applications_initiative", "initiative_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"))
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(120))
    purpose: Mapped[str] = mapped_column(Text, default="")
    residents: Mapped[int] = mapped_column(Integer, default=0)  # residents involved, as the initiative says
    plan: Mapped[str] = mapped_column(String(300), default="")  # where the plan is (its board, an event)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    granted_cents: Mapped[int | None] = mapped_column(BigInteger)
    spent_cents: Mapped[int] = mapped_column(BigInteger, default=0)  # the running total of its spendings
    supporters: Mapped[int] = mapped_column(Integer, default=0)  # the count of "Ik steun dit"
    reason: Mapped[str] = mapped_column(Text, default="")  # why refused, or the questions asked
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When it was first sent: answering questions sends it again, but it came in then (see "apply_before").
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.status}>"

    @property
    def dom_id(self) -> str:
        return f"application-{self.id}"


class Line(db.Model):
    """A line of an application's budget: what the money is for, in a category."""

    __tablename__ = "budget_application_lines"
    __table_args__ = (
        CheckConstraint(one_of("category", CATEGORIES), name="category_known"),
        CheckConstraint(f"cents > 0 AND cents <= {MAX_CENTS}", name="cents_sane"),
        Index("ix_budget_application_lines_application", "application_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("budget_applications.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(200), default="")
    cents: Mapped[int] = mapped_column(BigInteger)


class Support(db.Model):
    """ "Ik steun dit": once per resident; the names are never shown, only the count."""

    __tablename__ = "budget_supports"
    __table_args__ = (UniqueConstraint("application_id", "user_id"), Index("ix_budget_supports_user", "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("budget_applications.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Entry(db.Model):
    """A line of the ledger: a grant, or a spending against one, with its receipt (kept private).

    Database triggers keep `CategoryTotal` in step with every spending line that comes, changes or goes."""

    __tablename__ = "budget_ledger"
    __table_args__ = (
        CheckConstraint(one_of("kind", LINE_KINDS), name="kind_known"),
        CheckConstraint(one_of("category", CATEGORIES), name="category_known"),
        CheckConstraint(f"cents > 0 AND cents <= {MAX_CENTS}", name="cents_sane"),
        CheckConstraint(f"receipt_kind IS NULL OR {one_of('receipt_kind', RECEIPT_KINDS)}", name="receipt_known"),
        Index("ix_budget_ledger_budget_id", "budget_id", "id"),
        Index("ix_budget_ledger_application", "application_id", "kind"),
        Index("ix_budget_ledger_budget_category", "budget_id", "kind", "category", "cents"),  # covers the sums
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("budget_applications.id", ondelete="CASCADE"))
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    day: Mapped[date] = mapped_column(Date)
    cents: Mapped[int] = mapped_column(BigInteger)
    category: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(200), default="")
    receipt: Mapped[str | None] = mapped_column(String(40))  # a random stored name
    receipt_kind: Mapped[str | None] = mapped_column(String(5))
    override: Mapped[str] = mapped_column(Text, default="")  # why a coordinator booked it against a condition
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Entry {self.id} {self.kind} {self.cents}>"


class CategoryTotal(db.Model):
    """What a budget spent in one category: a summary row that triggers on the ledger keep (migration 0042), so the
    ledger page and the report read a few rows instead of summing every spending line."""

    __tablename__ = "budget_category_totals"

    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), primary_key=True)
    category: Mapped[str] = mapped_column(String(20), primary_key=True)
    cents: Mapped[int] = mapped_column(BigInteger)

    def __repr__(self) -> str:
        return f"<CategoryTotal {self.budget_id} {self.category} {self.cents}>"
