"""Initiatives: who may see one (the one visibility rule of the portal), what one is, and who carries it.

Visibility. An initiative is public, or for its members only. Members-only initiatives, and everything that belongs
to them (tasks, shout-outs, bookings, events, ideas), are seen only by their members and by coordinators; so is
what a public initiative keeps for its members (a members-only event, its shifts, its thank-you: `linked_visible`
with `members_only`). Every list, feed, count, form choice, print and fragment filters through `visible_ids()` or
`linked_visible()`, so that the rule is written here once.

One exception, for running the buurthuis: librarians (the buurthuis staff) manage its rooms, so, as for any private
booking, they see the title and description of a members-only event's room booking wherever they look at rooms
with their role (the room's week, today's rooms, a booking's page, its slip, the requests): they approve, move and
cancel bookings, print slips and open the door, and need to know which booking is which. For everyone else who is
not a member (the room's week, the buurthuis agenda, the feeds, the screen) it is only "taken": venues'
`Booking.can_see_details`, whose `public` the events feature keeps in line with the event and its initiative.

The model API (models.py), for the features above this package:
- `Initiative`: `name` (unique), `purpose` (one sentence, at most PURPOSE_MAX), `story` (longer text), `theme` (one
  of THEMES), `status` (one of STATUSES: starting, active, resting, stopped), `meets_when` and `meets_where` (short
  texts), `how_to_join` (one of JOIN_WAYS: visit = "kom langs", message = "stuur een bericht", task = "doe een
  klus"), `photo`/`photo_width`/`photo_height` (stored by `portal.photos`), `visibility`, `created_at`,
  `updated_at`. The allowed values are database checks built from the Python tuples. Labels for people:
  THEME_LABELS, STATUS_LABELS, JOIN_LABELS, ROLE_LABELS (lazy, translated).
- `Membership(initiative_id, user_id, joined_at, role)`: role is one of ROLES: member, carrier ("drager"),
  contact. Carriers and the contact "carry" the initiative: they may edit it and hand out roles (`can_edit`). The
  contact person is the one member with role "contact" (a partial unique index: one at most); only a carrier takes
  it, for themselves (`become_contact`), so nobody is shown as contact without saying so. Show their name only
  through `portal.accounts.names.shown_name`; write to them only through the outbox (`portal.mail`), never showing
  their address.

Questions other features ask: `get_visible`, `can_see`, `is_member`, `role_of`, `can_edit`, `member_counts`,
`contact_of`, `visible_page` (keyset, by name, optionally one theme), `names_by_id`. What other features know about
an initiative (open tasks, last applause, next event) is not asked here: they register providers with
`portal.core.registry.initiative_facts` and sections with `initiative_section`; pages call `facts_about`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ColumnElement,
    Executable,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    delete,
    exists,
    false,
    func,
    not_,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.engine import Result
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute

from portal.accounts.models import User, Viewer
from portal.accounts.names import shown_name
from portal.core.signals import initiative_visibility_changed
from portal.core.urls import public_url_for
from portal.db import rows_changed, utcnow, write_transaction
from portal.extensions import db
from portal.initiatives.models import (
    JOIN_WAYS,
    ROLES,
    STATUSES,
    THEMES,
    VISIBILITIES,
    Initiative,
    Membership,
)
from portal.mail import queue_mail
from portal.permissions import effective_role, has_role

THEME_LABELS = {"green": _l("Green & gardens"), "food": _l("Food & cooking"), "youth": _l("Children & young people"),
                "elderly": _l("Older neighbours"), "culture": _l("Culture & celebrations"),
                "language": _l("Language & learning"), "clean_safe": _l("Clean & safe"),
                "sport": _l("Sport & exercise"), "living": _l("Living & neighbourhood")}
STATUS_LABELS = {"starting": _l("Getting started"), "active": _l("Active"), "resting": _l("Taking a break"),
                 "stopped": _l("Stopped")}
JOIN_LABELS = {"visit": _l("Drop by"), "message": _l("Send a message"), "task": _l("Do a job")}
ROLE_LABELS = {"member": _l("Member"), "carrier": _l("Carrier"), "contact": _l("Contact person")}
CARRYING = ("carrier", "contact")  # the roles that carry an initiative: edit it, hand out roles
# Fields a coordinator or carrier may change on the edit form (visibility: coordinators only, see set_visibility).
FIELDS = ("name", "purpose", "story", "theme", "status", "meets_when", "meets_where", "how_to_join")
assert set(THEME_LABELS) == set(THEMES) and set(STATUS_LABELS) == set(STATUSES)
assert set(JOIN_LABELS) == set(JOIN_WAYS) and set(ROLE_LABELS) == set(ROLES)


# Taking new work. A stopped initiative keeps its page and its history (old tasks, photos, shout-outs), but nothing new
# comes to it: no new task, no claim on an open one, no new member, no invitation to work together, no new choice on
# a form. This is the one rule; the boards, collaborations, joining and the pages (the template global
# `takes_new_work`, templates/initiatives/_stopped.html) ask it through these functions.
STOPPED = "stopped"


def takes_new_work(initiative: Initiative | Any) -> bool:
    """Tell whether the initiative (or anything with its `status`, like a board's head) takes new work: it has not
    stopped (no query)."""
    return getattr(initiative, "status", None) != STOPPED


def taking_new_work(initiative: type[Initiative] | Any = Initiative) -> ColumnElement[bool]:
    """Return the condition "takes new work" on Initiative (or an alias of it): for queries that join it."""
    return initiative.status != STOPPED


def linked_taking_new_work(initiative_id_column: InstrumentedAttribute | ColumnElement[int]) -> ColumnElement[bool]:
    """Return a condition: the initiative in `initiative_id_column` takes new work (an EXISTS, for queries of the
    things that belong to an initiative, such as tasks)."""
    return exists().where(Initiative.id == initiative_id_column, taking_new_work())


def takes_new_work_by_id(initiative_id: int) -> bool:
    """Tell whether the initiative with this id exists and takes new work (one query)."""
    return bool(db.session.scalar(select(exists().where(Initiative.id == initiative_id, taking_new_work()))))


def all_take_new_work(initiative_ids: Iterable[int]) -> bool:
    """Tell whether every initiative with these ids exists and takes new work (one query, for two sides at once)."""
    wanted = set(initiative_ids)
    return db.session.scalar(select(func.count()).select_from(Initiative).where(
        Initiative.id.in_(wanted), taking_new_work())) == len(wanted)


def _rule(user: Viewer) -> ColumnElement[bool] | None:
    """Return a condition on Initiative for what `user` may see, or None when they see everything."""
    if has_role(user, "coordinator"):
        return None
    if getattr(user, "is_authenticated", False):
        member = exists().where(Membership.initiative_id == Initiative.id, Membership.user_id == user.id)
        return or_(Initiative.visibility == "public", member)
    return Initiative.visibility == "public"


def visible_ids(user: Viewer) -> Select[tuple[int]]:
    """Return a SELECT of the ids of the initiatives `user` may see."""
    rule = _rule(user)
    query = select(Initiative.id)
    return query if rule is None else query.where(rule)


def linked_visible(user: Viewer, initiative_id_column: InstrumentedAttribute, optional: bool = False,
                   members_only: ColumnElement[bool] | InstrumentedAttribute[bool] | None = None
                   ) -> ColumnElement[bool]:
    """Return a condition: the initiative in `initiative_id_column` is visible to `user`.

    A correlated EXISTS, not an IN list, so lists can still walk their own index in order. With `optional`,
    rows that belong to no initiative pass too (a shout-out that thanks a person, not a group). `members_only`: a
    condition that holds for the rows their initiative keeps for its members (a members-only event, its shifts, its
    thanks): those are seen by its members and coordinators only, also when the initiative itself is public.
    """
    rule = _rule(user)
    if rule is None:
        return true()
    condition: ColumnElement[bool] = exists().where(Initiative.id == initiative_id_column, rule)
    if members_only is not None:
        condition = and_(condition, kept_visible(user, initiative_id_column, members_only))
    return or_(initiative_id_column.is_(None), condition) if optional else condition


def kept_visible(user: Viewer, initiative_id_column: InstrumentedAttribute,
                 members_only: ColumnElement[bool] | InstrumentedAttribute[bool]) -> ColumnElement[bool]:
    """Return a condition: `user` may see the row, as far as its initiative may keep it for its members
    (`members_only`): it is not kept, or they are a member, or a coordinator. Half of `linked_visible`'s rule, for
    lists of rows whose initiative the list has asked about already (a board's counts, its newest thank-you)."""
    return or_(not_(members_only), linked_member(user, initiative_id_column))


def linked_member(user: Viewer, initiative_id_column: InstrumentedAttribute) -> ColumnElement[bool]:
    """Return a condition: `user` is a member of the initiative in `initiative_id_column` (coordinators count as
    members): for things an initiative keeps for its members only, even when the initiative itself is public."""
    if has_role(user, "coordinator"):
        return true()
    if not getattr(user, "is_authenticated", False):
        return false()
    return exists().where(Membership.initiative_id == initiative_id_column, Membership.user_id == user.id)


# Statements that carry the visibility rule, built once per role and shape and kept: building one (the rule, a few
# subqueries) costs more than running it. They are written by `build(viewer)` for a stand-in viewer whose id is a
# required bound parameter, so the rule above still decides, and a statement never runs without the id of the
# person asking. Whatever else varies (filters, a cursor) is a bound parameter of the statement too.
_BUILT: OrderedDict[tuple, Executable] = OrderedDict()
_BUILT_LOCK = threading.Lock()
BUILT_KEPT = 256


class _ViewerParameter:
    """A signed-in viewer of one role, whose id is the bound parameter `viewer_id`."""

    is_authenticated = True

    def __init__(self, role: str):
        self.role = role
        self.id = bindparam("viewer_id", type_=Integer, required=True)


def run_visible(kind: str, user: Viewer, shape: tuple, build: Callable[[Viewer], Executable],
                values: dict | None = None) -> Result:
    """Run the statement `build(viewer)` writes for viewers of `user`'s role (built once per `kind` and `shape`),
    with `values` for its bound parameters (None values left out) and `viewer_id`, the id of `user`."""
    role = effective_role(user) if getattr(user, "is_authenticated", False) else None
    key = (kind, role, shape)
    with _BUILT_LOCK:
        statement = _BUILT.get(key)
        if statement is not None:
            _BUILT.move_to_end(key)
    if statement is None:
        statement = build(_ViewerParameter(role) if role else user)
        with _BUILT_LOCK:
            _BUILT[key] = statement
            if len(_BUILT) > BUILT_KEPT:
                _BUILT.popitem(last=False)
    values = {name: value for name, value in (values or {}).items() if value is not None}
    if role:
        values["viewer_id"] = user.id
    return db.session.execute(statement, values)


# Built once: nearly every page of an initiative or its board asks this.
_IS_MEMBER = select(exists().where(Membership.initiative_id == bindparam("initiative_id", type_=Integer),
                                   Membership.user_id == bindparam("user_id", type_=Integer)))


def is_member(initiative_id: int, user: Viewer) -> bool:
    """Tell whether `user` is a member of the initiative."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(db.session.scalar(_IS_MEMBER, {"initiative_id": initiative_id, "user_id": user.id}))


def can_see(initiative: Initiative, user: Viewer, members_only: bool = False) -> bool:
    """Tell whether `user` may see this initiative (one query at most, only for members-only ones); with
    `members_only`, whether they may see something it keeps for its members (`linked_visible`'s rule)."""
    return (initiative.visibility == "public" and not members_only) or has_role(user, "coordinator") \
        or is_member(initiative.id, user)


def get_visible(initiative_id: int | None, user: Viewer) -> Initiative | None:
    """Return the initiative when it exists and `user` may see it, else None (so outsiders learn nothing)."""
    if not initiative_id:
        return None
    rule = _rule(user)
    query = select(Initiative).where(Initiative.id == initiative_id)
    return db.session.scalar(query if rule is None else query.where(rule))


CHOICES_SHOWN = 50  # other initiatives a choice lists A to Z before a search by name narrows them
OWN_SHOWN = 500  # a person's own initiatives: all of them, in any real neighbourhood


def choice_lists(user: Viewer, search: str | None = None, chosen: int | None = None, exclude: int | None = None,
                 members_only: bool = False, limit: int = CHOICES_SHOWN, kept: int | None = None
                 ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Return (own, others) for a choice of initiative, each (id, name) A to Z, in at most three queries.

    `own`: the ones `user` is a member of (carrier, contact); `others`: the rest of what they may see (the one
    visibility rule), only names that hold `search` when given, at most `limit`; `chosen` (the value in the form
    now) is among them when they may choose it, so a choice found by a search stays valid whatever the number of
    initiatives. `members_only`: only initiatives `user` is a member of (coordinators: all), for what one does on
    their behalf. A stopped initiative is never offered for something new, also not as `chosen` (a hand-made
    request); only `kept`, the initiative a thing belongs to already (made before it stopped, changed now), stays
    in the list when stopped.
    """
    rule = _rule(user)
    base = select(Initiative.id, Initiative.name)
    if rule is not None:
        base = base.where(rule)
    if members_only:
        base = base.where(linked_member(user, Initiative.id))
    if exclude:
        base = base.where(Initiative.id != exclude)
    running = taking_new_work()
    offered = base.where(running)
    own: list[tuple[int, str]] = []
    if getattr(user, "is_authenticated", False):
        mine = exists().where(Membership.initiative_id == Initiative.id, Membership.user_id == user.id)
        own = [(row.id, row.name) for row in db.session.execute(
            offered.where(mine).order_by(Initiative.name).limit(OWN_SHOWN))]
    own_ids = {ident for ident, _name in own}
    query = offered.where(Initiative.id.not_in(own_ids)) if own_ids else offered
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(Initiative.name.ilike(pattern, escape="\\"))
    others = [(row.id, row.name) for row in db.session.execute(query.order_by(Initiative.name).limit(limit))]
    listed = own_ids | {ident for ident, _name in others}
    wanted = [Initiative.id == kept] if kept and kept not in listed else []
    if chosen and chosen != kept and chosen not in listed:
        wanted.append((Initiative.id == chosen) & running)
    if wanted:
        found = db.session.execute(base.where(or_(*wanted))).all()
        others = sorted([*others, *((row.id, row.name) for row in found)], key=lambda item: item[1])
    return own, others


def member_choices(user: Viewer, limit: int = 200) -> list[tuple[int, str]]:
    """Return (id, name) of the initiatives `user` is a member of (coordinators: all), A to Z: for what one
    organises on an initiative's behalf (a stopped one is left out, as in `choice_lists`)."""
    query = select(Initiative.id, Initiative.name).where(linked_member(user, Initiative.id), taking_new_work())
    return [(row.id, row.name) for row in db.session.execute(query.order_by(Initiative.name).limit(limit))]


def carried_ids(user: Viewer) -> set[int]:
    """Return the ids of the initiatives `user` carries (as a carrier or the contact person), one query."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.scalars(select(Membership.initiative_id).where(Membership.user_id == user.id,
                                                                         Membership.role.in_(CARRYING))))


def names_by_id(ids: set[int]) -> dict[int, str]:
    """Return the names of the given initiatives (one query)."""
    if not ids:
        return {}
    return {row.id: row.name for row in db.session.execute(_NAMES, {"ids": list(ids)})}


# Built once: many pages ask it (ledgers, applications, agendas), and building it cost more than running it.
_NAMES = select(Initiative.id, Initiative.name).where(Initiative.id.in_(bindparam("ids", expanding=True)))


def name_taken(name: str) -> bool:
    """Tell whether an initiative has this name already."""
    return db.session.scalar(select(exists().where(Initiative.name == name.strip()))) or False


def create(name: str, description: str, visibility: str, creator: User, **fields: str) -> Initiative:
    """Start an initiative; the person who starts it becomes its first member and carrier. The caller commits.

    `fields`: any of FIELDS (purpose, story, theme, ...); the database checks the allowed values.
    """
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"not initiative fields: {sorted(unknown)}")
    if visibility not in VISIBILITIES:
        raise ValueError(f"unknown visibility {visibility!r}")
    initiative = Initiative(name=name.strip(), description=description, visibility=visibility,
                            **{key: value.strip() for key, value in fields.items() if key != "name"})
    db.session.add(initiative)
    db.session.flush()
    db.session.add(Membership(initiative_id=initiative.id, user_id=creator.id, role="carrier"))
    return initiative


def update_fields(initiative: Initiative, **fields: str) -> None:
    """Change any of FIELDS of an initiative (the caller checked who may, and commits)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"not initiative fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(initiative, key, value.strip())
    initiative.updated_at = utcnow()


def set_visibility(initiative: Initiative, visibility: str) -> None:
    """Make an existing initiative public or members-only (coordinators decide; the caller commits).

    Everything linked to it follows at once: every surface asks `linked_visible`, nothing copies the choice.
    """
    if visibility not in VISIBILITIES:
        raise ValueError(f"unknown visibility {visibility!r}")
    initiative.visibility = visibility
    initiative.updated_at = utcnow()
    initiative_visibility_changed.send(initiative_visibility_changed, initiative_id=initiative.id,
                                       visibility=visibility)


def is_public(initiative_id: int) -> bool:
    """Tell whether the initiative is open to everyone (for what another feature shows outside its own pages,
    such as a room booking's title; anything listed for a viewer asks `linked_visible` instead)."""
    return db.session.scalar(select(Initiative.visibility).where(Initiative.id == initiative_id)) == "public"


def with_photo(name: str, user: Viewer) -> Initiative | None:
    """Return the initiative whose photo is stored under `name` (without "-s") when `user` may see it, else None:
    a photo is served only to who may see its initiative, never by name alone."""
    rule = _rule(user)
    query = select(Initiative).where(Initiative.photo == name)
    return db.session.scalar(query if rule is None else query.where(rule))


def set_photo(initiative: Initiative, name: str | None, width: int | None = None, height: int | None = None
              ) -> str | None:
    """Give the initiative a stored photo (portal.photos), or none; return the old photo's name to delete."""
    old = initiative.photo
    initiative.photo, initiative.photo_width, initiative.photo_height = name, width, height
    initiative.updated_at = utcnow()
    return old


def role_of(initiative_id: int, user: Viewer) -> str | None:
    """Return `user`'s role in the initiative, or None when they are not a member (one query)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Membership.role).where(Membership.initiative_id == initiative_id,
                                                           Membership.user_id == user.id))


def can_edit(initiative: Initiative, user: Viewer, role: str | None = None) -> bool:
    """Tell whether `user` may edit the initiative and hand out roles: coordinators, and its carriers.

    Pass `role` (from `role_of`) when the page has it already, to save the query.
    """
    if has_role(user, "coordinator"):
        return True
    return (role if role is not None else role_of(initiative.id, user)) in CARRYING


def member_counts(initiative_ids: list[int]) -> dict[int, int]:
    """Return how many members each of these initiatives has (one query; ids without members are left out).

    Counts of members-only initiatives are for those who may see them: pass only visible ids.
    """
    if not initiative_ids:
        return {}
    rows = db.session.execute(select(Membership.initiative_id, func.count()).where(
        Membership.initiative_id.in_(initiative_ids)).group_by(Membership.initiative_id))
    return {row[0]: row[1] for row in rows}


@dataclass(frozen=True)
class Named:
    """A person as `shown_name` names them (their name, and whether they may be named in public)."""

    name: str
    show_name_in_public: bool


def _contact(column: InstrumentedAttribute) -> Any:
    return select(column).join(Membership, Membership.user_id == User.id).where(
        Membership.initiative_id == Initiative.id, Membership.role == "contact").scalar_subquery()


# An initiative's own page in one statement, built once: the initiative, its member count, the viewer's role in it
# and its contact person (four queries before, each costing more Python than SQLite takes to answer it).
_PAGE = select(
    Initiative,
    select(func.count()).where(Membership.initiative_id == Initiative.id).scalar_subquery(),
    select(Membership.role).where(Membership.initiative_id == Initiative.id,
                                  Membership.user_id == bindparam("viewer_id", type_=Integer)).scalar_subquery(),
    _contact(User.id), _contact(User.name), _contact(User.show_name_in_public),
).where(Initiative.id == bindparam("initiative_id", type_=Integer))


@dataclass(frozen=True)
class Page:
    """What an initiative's own page asks: the initiative (None when there is none), its member count, the viewer's
    role in it (None: not a member) and its contact person (None: nobody yet)."""

    initiative: Initiative | None
    members: int = 0
    role: str | None = None
    contact: Named | None = None


def page_of(initiative_id: int, user: Viewer) -> Page:
    """Return the initiative with its member count, `user`'s role and its contact person (one query). Whether
    `user` may see it is for the caller to ask (`Initiative.can_see` with the role)."""
    viewer_id = user.id if getattr(user, "is_authenticated", False) else None
    row = db.session.execute(_PAGE, {"initiative_id": initiative_id, "viewer_id": viewer_id}).first()
    if row is None:
        return Page(None)
    initiative, members, role, contact_id, name, public = row
    return Page(initiative, members or 0, role, Named(name, bool(public)) if contact_id is not None else None)


def contact_of(initiative_id: int) -> User | None:
    """Return the initiative's contact person (the member with role "contact"), or None."""
    return db.session.scalar(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.initiative_id == initiative_id, Membership.role == "contact"))


def members(initiative_id: int, limit: int = 200) -> list[tuple[User, str]]:
    """Return the members with their roles: contact and carriers first, then by name (for role management)."""
    order = case((Membership.role == "contact", 0), (Membership.role == "carrier", 1), else_=2)
    rows = db.session.execute(select(User, Membership.role).join(Membership, Membership.user_id == User.id)
                              .where(Membership.initiative_id == initiative_id)
                              .order_by(order, User.name, User.id).limit(limit))
    return [(row[0], row[1]) for row in rows]


def set_role(initiative_id: int, user_id: int, role: str) -> bool:
    """Make a member "member" or "carrier" (committed); False when they are not a member.

    The contact role is never given by someone else (see `become_contact`); a contact made "member" or "carrier"
    stops being the contact.
    """
    if role not in ("member", "carrier"):
        raise ValueError(f"role {role!r} cannot be handed out")
    with write_transaction(db.session):
        changed = rows_changed(db.session, update(Membership).where(
            Membership.initiative_id == initiative_id, Membership.user_id == user_id).values(role=role))
    return bool(changed)


def become_contact(initiative_id: int, user: User) -> bool:
    """Make a carrier the contact person, at their own request (committed); the former contact stays a carrier.

    False when `user` does not carry the initiative. Two carriers at once: the unique index keeps one contact.
    """
    try:
        with write_transaction(db.session):
            db.session.execute(update(Membership).where(Membership.initiative_id == initiative_id,
                                                        Membership.role == "contact").values(role="carrier"))
            changed = rows_changed(db.session, update(Membership).where(
                Membership.initiative_id == initiative_id, Membership.user_id == user.id,
                Membership.role.in_(CARRYING)).values(role="contact"))
            if not changed:
                raise _NotCarrier
    except (_NotCarrier, IntegrityError):
        return False
    return True


class _NotCarrier(Exception):
    """Only a carrier can become the contact person: undo the step."""


def visible_page(user: Viewer, theme: str | None = None, after: str | None = None, size: int = 24
                 ) -> tuple[list[Initiative], str | None]:
    """Return a page of the initiatives `user` may see, A to Z (keyset on the unique name), and the next cursor.

    `theme`: one of THEMES only (the index (theme, name) serves it); `after`: the last name of the page before.
    """
    rule = _rule(user)
    query = select(Initiative)
    if rule is not None:
        query = query.where(rule)
    if theme:
        query = query.where(Initiative.theme == theme)
    if after:
        query = query.where(Initiative.name > after)
    found = list(db.session.scalars(query.order_by(Initiative.name).limit(size + 1)))
    return found[:size], (found[size - 1].name if len(found) > size else None)


# What a network card shows of an initiative, with its member count: plain rows, not Initiatives.
CARD_COLUMNS = (Initiative.id, Initiative.name, Initiative.purpose, Initiative.theme, Initiative.status,
                Initiative.visibility)


def _cards_statement(theme: bool, after: bool) -> Callable[[Viewer], Executable]:
    def build(viewer: Viewer) -> Executable:
        members = select(func.count()).where(Membership.initiative_id == Initiative.id).correlate(Initiative)
        query = select(*CARD_COLUMNS, members.scalar_subquery().label("members"))
        rule = _rule(viewer)
        if rule is not None:
            query = query.where(rule)
        if theme:
            query = query.where(Initiative.theme == bindparam("theme"))
        if after:
            query = query.where(Initiative.name > bindparam("after"))
        return query.order_by(Initiative.name).limit(bindparam("size", type_=Integer))
    return build


def visible_cards(user: Viewer, theme: str | None = None, after: str | None = None, size: int = 24
                  ) -> tuple[list[Any], str | None]:
    """Return a page of `visible_page` as rows of CARD_COLUMNS and `members` (how many), and the next cursor.

    One statement, built once per role and shape (`run_visible`); the counts are of initiatives `user` may see."""
    shape = (bool(theme), bool(after))
    found = run_visible("initiatives.cards", user, shape, _cards_statement(*shape),
                        {"theme": theme, "after": after, "size": size + 1}).all()
    return list(found[:size]), (found[size - 1].name if len(found) > size else None)


def join(initiative_id: int, user: User) -> bool:
    """Make `user` a member (committed); joining twice, even twice at once, stays one membership. False (nothing
    stored) when the initiative takes no new work: nobody joins a stopped initiative."""
    try:
        with write_transaction(db.session):
            if not takes_new_work_by_id(initiative_id):
                return False
            db.session.add(Membership(initiative_id=initiative_id, user_id=user.id))
    except IntegrityError:
        pass  # a member already (perhaps joined a moment ago in another request); write_transaction rolled back
    return True


def leave(initiative_id: int, user: User) -> None:
    """End `user`'s membership (committed); a contact who leaves is no one's contact any more."""
    with write_transaction(db.session):
        db.session.execute(delete(Membership).where(Membership.initiative_id == initiative_id,
                                                    Membership.user_id == user.id))


def export_person(user: User) -> list[dict]:
    """Return the initiatives a person is a member of, for "download my data" (rows go with the account)."""
    rows = db.session.execute(select(Initiative.name, Membership.joined_at, Membership.role).join(
        Membership, Membership.initiative_id == Initiative.id).where(Membership.user_id == user.id)
        .order_by(Initiative.name)).all()
    return [{"initiative": name, "joined_at": joined.isoformat(), "role": role} for name, joined, role in rows]


def message_contact(initiative: Initiative, sender: User, text: str) -> bool:
    """Queue a mail from `sender` to the initiative's contact person, in the contact's language (no commit).

    The contact's address is never shown to the sender; the sender's address goes to the contact (the form says
    so), so they can answer. The same message twice (a double tap) is queued once. False when there is no contact.
    """
    contact = contact_of(initiative.id)
    if contact is None:
        return False
    digest = hashlib.sha256(text.strip().encode()).hexdigest()[:16]
    with force_locale(contact.language):
        subject = _("A message about %(initiative)s", initiative=initiative.name)
        body = _("Hello %(name)s,\n\n%(sender)s sent you a message through Buurtbouw, because you are the contact "
                 "person of %(initiative)s:\n\n%(text)s\n\nTo answer, write to %(address)s.\nThe initiative's page: "
                 "%(link)s", name=contact.name, sender=shown_name(sender, public=False),
                 initiative=initiative.name, text=text.strip(), address=sender.email or sender.phone,
                 link=public_url_for("initiatives.show_initiative", initiative_id=initiative.id))
        queue_mail(f"initiative-message:{initiative.id}:{sender.id}:{digest}", contact.email, subject, body)
    return True


def members_joined(initiative_ids: list[int], since: datetime) -> dict[int, int]:
    """Return how many members joined each of these initiatives since a moment (one query): how they grew.

    Pass only ids the viewer may see."""
    if not initiative_ids:
        return {}
    rows = db.session.execute(select(Membership.initiative_id, func.count()).where(
        Membership.initiative_id.in_(initiative_ids), Membership.joined_at >= since)
        .group_by(Membership.initiative_id))
    return {row[0]: row[1] for row in rows}
