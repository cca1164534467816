"""Distribution points and the weekly distribution tasks: each week's sheet makes one task per point on the board
of the initiative that brings it ("Breng 20 Buurtberichten naar de Albert Heijn"), once per week (a unique key),
so handing out paper is volunteer work like any other: on the board, counted by the load guard, thanked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.boards import services as boards
from portal.core.urls import public_url_for
from portal.db import write_transaction
from portal.extensions import db
from portal.i18n import in_language
from portal.paper.models import Delivery, DistributionPoint

FIELDS = ("name", "address", "opening_times", "brought_by", "copies", "initiative_id", "active")
TASK_MINUTES = 30


def all_points(limit: int = 200) -> list[DistributionPoint]:
    """Return the distribution points, active ones first, A to Z (one query)."""
    return list(db.session.scalars(select(DistributionPoint).order_by(
        DistributionPoint.active.desc(), DistributionPoint.name).limit(limit)))


def get_point(point_id: int) -> DistributionPoint | None:
    """Return one distribution point, or None."""
    return db.session.get(DistributionPoint, point_id)


def name_taken(name: str, leave_out: int | None = None) -> bool:
    """Tell whether another point has this name."""
    query = select(DistributionPoint.id).where(DistributionPoint.name == name.strip())
    if leave_out:
        query = query.where(DistributionPoint.id != leave_out)
    return db.session.scalar(query.limit(1)) is not None


def save_point(point: DistributionPoint | None, **fields: object) -> DistributionPoint:
    """Add a distribution point (`point` None) or change one, and commit; the database checks the address and the
    number of copies, the name is unique."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"not distribution point fields: {sorted(unknown)}")
    if point is None:
        point = DistributionPoint()
        db.session.add(point)
    for key, value in fields.items():
        setattr(point, key, value.strip() if isinstance(value, str) else value)
    db.session.commit()
    return point


def task_title(point: DistributionPoint) -> str:
    """Say what the task asks, in Dutch (the board's language): "Breng 20 Buurtberichten naar OBA Reigersbos"."""
    with in_language("nl"):
        return _("Bring %(num)s Buurtberichten to %(place)s", num=point.copies, place=point.name)


def make_week_tasks(week_start: date) -> int:
    """Put this week's distribution task for every active point with a board on that board, once per point per
    week: the delivery row's unique key decides, so a second run (or two at once) adds nothing. Return how many
    tasks were made now."""
    made = 0
    with write_transaction(db.session):
        points = list(db.session.scalars(select(DistributionPoint).where(
            DistributionPoint.active.is_(True), DistributionPoint.initiative_id.is_not(None))
            .order_by(DistributionPoint.id)))
        for point in points:
            delivery = Delivery(point_id=point.id, week_start=week_start)
            try:
                with db.session.begin_nested():
                    db.session.add(delivery)
                    db.session.flush()
            except IntegrityError:
                continue  # made already this week, by an earlier run or one running now
            with in_language("nl"):
                description = "\n".join(line for line in (
                    _("Address: %(address)s", address=point.address),
                    _("Open: %(times)s", times=point.opening_times) if point.opening_times else "",
                    _("The sheet to print: %(url)s", url=_sheet_url(week_start))) if line)
            assert point.initiative_id is not None
            delivery.task_id = boards.add_task(point.initiative_id, task_title(point), TASK_MINUTES, 1,
                                               week_start + timedelta(days=2), place=point.address,
                                               description=description)
            made += 1
    return made


def _sheet_url(week_start: date) -> str:
    return public_url_for("paper.show_sheet", week=week_start.isoformat())


@dataclass(frozen=True)
class PointWeek:
    """A point and what happened to this week's paper for it: no task yet, a task still open, or brought."""

    point: DistributionPoint
    task: boards.TaskInfo | None

    @property
    def brought(self) -> bool:
        return self.task is not None and self.task.status == "done"


def week_overview(week_start: date) -> list[PointWeek]:
    """Return every point with this week's distribution task, if any (three queries, whatever the number)."""
    points = all_points()
    deliveries = dict(db.session.execute(select(Delivery.point_id, Delivery.task_id).where(
        Delivery.week_start == week_start)).tuples().all())
    tasks = boards.task_infos([task_id for task_id in deliveries.values() if task_id])
    return [PointWeek(point, tasks.get(deliveries.get(point.id) or 0)) for point in points]
