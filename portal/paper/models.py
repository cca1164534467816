"""Distribution points (where paper goes: the buurthuis, the library, the supermarket board, the mosque ...) and
the deliveries of each week's sheet: one per point per week, which is a task on a board."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime, utcnow
from portal.extensions import db

COPIES_MAX = 500


class DistributionPoint(db.Model):
    __tablename__ = "distribution_points"
    __table_args__ = (
        CheckConstraint("length(trim(address)) > 0", name="has_address"),
        CheckConstraint(f"copies BETWEEN 1 AND {COPIES_MAX}", name="copies_sensible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(String(200))
    opening_times: Mapped[str] = mapped_column(String(200), default="")
    brought_by: Mapped[str] = mapped_column(String(120), default="")  # who brings the paper ("Buurtteam Gein")
    copies: Mapped[int] = mapped_column(Integer, default=20)
    # The board the weekly distribution task goes on (an initiative's); none: no task is made for this point.
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<DistributionPoint {self.id} {self.name!r}>"

    @property
    def dom_id(self) -> str:
        return f"point-{self.id}"


class Delivery(db.Model):
    """This week's sheet for one point: made once (the unique key), with the task that brings it."""

    __tablename__ = "paper_deliveries"
    __table_args__ = (UniqueConstraint("point_id", "week_start"),)  # once per point per week

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("distribution_points.id", ondelete="CASCADE"))
    week_start: Mapped[date] = mapped_column(Date)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestSubscription(db.Model):
    """A resident who wants the weekly sheet by e-mail. A new row (a new id) for each sign-up, so an unsubscribe
    link from an earlier sign-up cannot end a later one."""

    __tablename__ = "digest_subscriptions"
    __table_args__ = {"sqlite_autoincrement": True}  # ids never come back, so neither do old unsubscribe links

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HelpAsk(db.Model):
    """One "can you help?" the portal put before a person in a week (the ask budget counts these rows). Asking the
    same thing again in the same week is the same row (the unique key), so it costs nothing twice."""

    __tablename__ = "help_asks"
    __table_args__ = (UniqueConstraint("user_id", "week_start", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    week_start: Mapped[date] = mapped_column(Date)
    ref: Mapped[str] = mapped_column(String(64))  # what was asked: a digest of its public address
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
