"""The network of initiatives: the cards of the network page, "what can I do?", the printed map and the
coordinators' overview.

Everything here asks the initiatives' one visibility rule first, and learns what other features know (open tasks,
last applause, next event, hours carried, last activity) only through the registry hooks, in a fixed number of
queries whatever the number of initiatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Executable, Integer, bindparam, func, select

from portal.accounts.models import User, Viewer
from portal.core.registry import Fact, facts_about, first_steps, hours_of, last_activity
from portal.db import utcnow
from portal.extensions import db
from portal.initiatives import collaboration
from portal.initiatives import services as initiatives
from portal.initiatives.models import Initiative, Membership

PAGE_SIZE = 12  # a phone screen of cards at a time; "more" goes on (keyset), so a page stays quick to render
PRINT_LIMIT = 80
OVERVIEW_LIMIT = 600
SILENT_AFTER = timedelta(weeks=8)


@dataclass
class Card:
    """One initiative on the network page (a row of initiatives.CARD_COLUMNS), with what the features know of it."""

    initiative: Any
    members: int
    facts: dict[str, Fact] = field(default_factory=dict)
    shared: list[collaboration.Shared] = field(default_factory=list)


def _visible(viewer: Viewer) -> ColumnElement[bool]:
    return Initiative.id.in_(initiatives.visible_ids(viewer))


def network_page(viewer: Viewer, theme: str | None = None, after: str | None = None, size: int = PAGE_SIZE
                 ) -> tuple[list[Card], str | None]:
    """Return a page of the initiatives `viewer` may see as cards, A to Z, and the name to go on after.

    A fixed number of queries for any number of initiatives: the page with its member counts, each feature's
    facts, and the shared work.
    """
    page, next_after = initiatives.visible_cards(viewer, theme, after, size)
    ids = [initiative.id for initiative in page]
    facts = facts_about(ids, viewer)
    shared = collaboration.shared_work(ids, viewer)
    return [Card(initiative, initiative.members, facts.get(initiative.id, {}), shared.get(initiative.id, []))
            for initiative in page], next_after


# --- what can I do? ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Meeting:
    initiative_id: int
    name: str
    purpose: str
    meets_when: str
    meets_where: str


def _meetings_statement(viewer: Viewer) -> Executable:
    return (select(Initiative.id, Initiative.name, Initiative.purpose, Initiative.meets_when, Initiative.meets_where)
            .where(_visible(viewer), Initiative.meets_when != "", Initiative.status.in_(("active", "starting")))
            .order_by(Initiative.status == "starting", Initiative.name).limit(bindparam("limit", type_=Integer)))


def meetings(viewer: Viewer, limit: int = 3) -> list[Meeting]:
    """Return initiatives a newcomer can simply walk into: active or starting, with a regular meeting (a statement
    built once per role)."""
    rows = initiatives.run_visible("initiatives.meetings", viewer, (), _meetings_statement, {"limit": limit})
    return [Meeting(*row) for row in rows]


def what_can_i_do(viewer: Viewer, max_minutes: int | None = None, limit: int = 3) -> dict[str, list]:
    """Return a newcomer's good first steps: tasks and events (from the features) and meetings to walk into."""
    steps = first_steps(viewer, max_minutes, limit)
    names = initiatives.names_by_id({step.initiative_id for step in steps if step.initiative_id})
    return {"tasks": [(step, names.get(step.initiative_id or 0, "")) for step in steps if step.kind == "task"],
            "events": [(step, names.get(step.initiative_id or 0, "")) for step in steps if step.kind != "task"],
            "meetings": meetings(viewer, limit)}


# --- the printed map -----------------------------------------------------------------------------------------

def print_sheet(theme: str | None = None) -> list[Initiative]:
    """Return the initiatives on the printed "who does what": public, not stopped, A to Z.

    The sheet goes on a notice board, where anyone reads it, so whoever prints it (a member, a coordinator) it
    names only what a visitor may see: a members-only group stays off the paper.
    """
    query = select(Initiative).where(_visible(None), Initiative.status != "stopped")
    if theme:
        query = query.where(Initiative.theme == theme)
    return list(db.session.scalars(query.order_by(Initiative.name).limit(PRINT_LIMIT)))


# --- the coordinators' overview ------------------------------------------------------------------------------

@dataclass
class Health:
    """How one initiative is doing, for coordinators."""

    id: int
    name: str
    status: str
    carriers: list[tuple[User, float]]  # (carrier, hours they carry in the coming four weeks)
    last_activity: datetime  # the newest activity any feature reports, or when it started
    over: list[tuple[User, float]] = field(default_factory=list)  # the carriers past the load threshold
    silent: bool = False


def overview() -> dict[str, list[Health]]:
    """Return the initiatives with no carrier left, those whose carriers carry too much, and those silent for
    eight weeks (no task, shout-out, booking or membership change). Fixed queries for any number of initiatives.
    """
    rows = db.session.execute(select(Initiative.id, Initiative.name, Initiative.status, Initiative.created_at)
                              .where(Initiative.status != "stopped")
                              .order_by(Initiative.name).limit(OVERVIEW_LIMIT)).all()
    ids = [row.id for row in rows]
    carriers: dict[int, list[int]] = {}
    for initiative_id, user_id in db.session.execute(select(Membership.initiative_id, Membership.user_id).where(
            Membership.initiative_id.in_(ids), Membership.role.in_(initiatives.CARRYING))):
        carriers.setdefault(initiative_id, []).append(user_id)
    carrier_ids = sorted({user_id for people in carriers.values() for user_id in people})
    hours = hours_of(carrier_ids)
    people = {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(carrier_ids)))
              } if carrier_ids else {}
    last = last_activity(ids)
    threshold = current_app.config["LOAD_THRESHOLD_HOURS"]
    silent_before = utcnow() - SILENT_AFTER
    found: list[Health] = []
    for row in rows:
        health = Health(row.id, row.name, row.status,
                        [(people[user_id], hours.get(user_id, 0.0)) for user_id in carriers.get(row.id, [])],
                        max(last.get(row.id, row.created_at), row.created_at))
        health.over = [(person, carried) for person, carried in health.carriers if carried > threshold]
        health.silent = health.last_activity < silent_before
        found.append(health)
    return {"no_carrier": [health for health in found if not health.carriers],
            "too_much": [health for health in found if health.over],
            "silent": sorted((health for health in found if health.silent), key=lambda health: health.last_activity)}



# Built once; per initiative one step down ix_memberships_initiative_joined (grouping every membership grew with them).
_LAST_JOINED = select(Initiative.id, select(func.max(Membership.joined_at)).where(
    Membership.initiative_id == Initiative.id).scalar_subquery()).where(
    Initiative.id.in_(bindparam("ids", expanding=True)))


def last_joined(initiative_ids: list[int]) -> dict[int, datetime]:
    """Return when someone last joined each of these initiatives (a membership change is activity too)."""
    if not initiative_ids:
        return {}
    rows = db.session.execute(_LAST_JOINED, {"ids": list(initiative_ids)})
    return {initiative_id: moment for initiative_id, moment in rows if moment is not None}
