"""Working together across initiatives ("samen met ..."): one initiative invites another to its board or a task.

The inviting initiative owns the work; the invited one (the partner) answers through its carrier or a coordinator.
What can be shared is registered by the features that own it (`portal.core.registry.shared_kind`), so this module
names no board, task or event. An invitation of one pair for one thing exists once: a unique constraint, so two
clicks at once, or a second invitation after a "no", never make a second row.

Either side's carrier (or a coordinator) ends a collaboration that is asked or on: its row goes, so it shows on
neither page and the pair may be invited again later (the unique constraint counts only rows that exist).

Who sees it: a collaboration shows only to people who may see BOTH initiatives, so a members-only initiative
never appears as somebody's partner to outsiders (the one visibility rule, applied to both sides).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Executable,
    Integer,
    Select,
    and_,
    bindparam,
    delete,
    exists,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, aliased

from portal.accounts.models import User, Viewer
from portal.core.registry import SharedKind, shared_kinds
from portal.core.urls import public_url_for
from portal.db import rows_changed, utcnow, write_transaction
from portal.extensions import db
from portal.initiatives import services as initiatives
from portal.initiatives.models import COLLABORATION_STATUSES as STATUSES
from portal.initiatives.models import Collaboration, Initiative, Membership
from portal.mail import queue_mail
from portal.permissions import has_role


class AlreadyInvited(Exception):
    """This initiative was invited to this already (perhaps a moment ago, in another request)."""


class Stopped(Exception):
    """One of the two initiatives has stopped: it takes no new work, so nobody starts working together with it."""


class Unseen(Exception):
    """The inviting initiative is for members only and none of the partner's carriers is one of them: nobody who
    answers for the partner may see the invitation, so it would wait for ever."""


@dataclass(frozen=True)
class Shared:
    """One piece of shared work as one initiative sees it."""

    id: int
    other_id: int
    other_name: str
    ours: bool  # the work belongs to this initiative (we invited); else we were invited to the other's
    kind: str
    title: str
    path: str
    status: str
    note: str


# The two sides of a collaboration, as aliases of initiatives made once: a new alias per query costs SQLAlchemy
# milliseconds of column adapting each time (a third of the network page), a kept one costs nothing.
_HOST = aliased(Initiative, name="host")
_PARTNER = aliased(Initiative, name="partner")


def both_visible(viewer: Viewer) -> ColumnElement[bool]:
    """Return a condition on Collaboration: `viewer` may see both initiatives."""
    return and_(initiatives.linked_visible(viewer, Collaboration.initiative_id),
                initiatives.linked_visible(viewer, Collaboration.partner_id))


def carrier_of(initiative_id: ColumnElement[int] | InstrumentedAttribute[int] | int, user: Viewer
               ) -> ColumnElement[bool]:
    """Return a condition: `user` carries the initiative, as a carrier or as its contact person (for EXISTS)."""
    return and_(Membership.initiative_id == initiative_id, Membership.user_id == user.id,
                Membership.role.in_(initiatives.CARRYING))


def kinds() -> dict[str, SharedKind]:
    """Return the registered kinds of shared work by name."""
    return {kind.kind: kind for kind in shared_kinds()}


def can_invite(initiative_id: int, user: Viewer) -> bool:
    """Members of an initiative and coordinators invite others to its work."""
    return has_role(user, "coordinator") or initiatives.is_member(initiative_id, user)


def can_answer(partner_id: int, user: Viewer) -> bool:
    """The invited initiative's carrier (or contact) and coordinators say yes or no."""
    if has_role(user, "coordinator"):
        return True
    return getattr(user, "is_authenticated", False) and bool(
        db.session.scalar(select(exists().where(carrier_of(partner_id, user)))))


def invite(initiative_id: int, partner_id: int, kind: str, subject_id: int, user: User, note: str = ""
           ) -> Collaboration:
    """Invite `partner_id` to a thing of `initiative_id` (committed); AlreadyInvited when that pair was asked,
    Stopped (nothing stored) when either initiative takes no new work, Unseen (nothing stored) when none of the
    partner's carriers may see the inviting initiative."""
    if initiative_id == partner_id or kind not in kinds():
        raise ValueError("an initiative invites another one to a known kind of work")
    if not initiatives.all_take_new_work((initiative_id, partner_id)):
        raise Stopped
    public = exists().where(Initiative.id == initiative_id, Initiative.visibility == "public")
    if not db.session.scalar(select(or_(public, exists().where(_carries(partner_id), _sees(initiative_id))))):
        raise Unseen
    collaboration = Collaboration(initiative_id=initiative_id, partner_id=partner_id, kind=kind,
                                  subject_id=subject_id, note=note.strip(), invited_by_id=user.id)
    try:
        with write_transaction(db.session):
            db.session.add(collaboration)
            db.session.flush()
            _tell_the_carriers(collaboration)
    except IntegrityError as error:
        raise AlreadyInvited from error
    return collaboration


def _sees(initiative_id: int) -> ColumnElement[bool]:
    """Return a condition on User: the person may see this initiative (it is public, they are a member, or they are
    a coordinator), so a mail may name it to them."""
    return or_(exists().where(Initiative.id == initiative_id, Initiative.visibility == "public"),
               exists().where(Membership.initiative_id == initiative_id, Membership.user_id == User.id),
               User.role.in_(("coordinator", "admin")))


def _carries(initiative_id: int) -> ColumnElement[bool]:
    """Return a condition on User: the person carries this initiative (a carrier or its contact)."""
    return exists().where(Membership.initiative_id == initiative_id, Membership.user_id == User.id,
                          Membership.role.in_(initiatives.CARRYING))


def _answerers(collaboration: Collaboration) -> list[User]:
    """Return the partner's carriers who may see the inviting initiative (the others must not learn of it)."""
    return list(db.session.scalars(select(User).where(_carries(collaboration.partner_id),
                                                      _sees(collaboration.initiative_id))
                                   .order_by(User.id).limit(20)))


def _mail_key(collaboration: Collaboration, what: str, person: User) -> str:
    """Return the outbox key of one mail about this collaboration: with the moment it was made, because a
    withdrawn collaboration's id may come back (SQLite reuses the highest id) and its mails must go out again."""
    return f"collaboration-{collaboration.id}-{collaboration.created_at:%Y%m%d%H%M%S%f}-{what}-{person.id}"


def _tell_the_carriers(collaboration: Collaboration) -> None:
    """Queue a mail to each carrier of the invited initiative, in their language, in this transaction."""
    names = initiatives.names_by_id({collaboration.initiative_id, collaboration.partner_id})
    link = public_url_for("initiatives.collaborate", initiative_id=collaboration.partner_id,
                          _anchor=collaboration.dom_id)
    kind = kinds().get(collaboration.kind)
    for person in _answerers(collaboration):
        with force_locale(person.language):
            subject = _("%(host)s invites %(partner)s to work together", host=names[collaboration.initiative_id],
                        partner=names[collaboration.partner_id])
            body = _("Hello %(name)s,\n\n%(host)s asks %(partner)s to work together: %(what)s.\n%(note)s\n"
                     "You carry %(partner)s, so you answer, yes or no. See what it is about here:\n%(link)s\n",
                     name=person.name, host=names[collaboration.initiative_id],
                     partner=names[collaboration.partner_id], what=str(kind.label).lower() if kind else "",
                     note=f"\n\"{collaboration.note}\"\n" if collaboration.note else "", link=link)
            queue_mail(_mail_key(collaboration, "invite", person), person.email, subject, body)


def answer(collaboration_id: int, user: User, accept: bool) -> str:
    """Accept or decline an open invitation (committed): "accepted", "declined", "gone" when it was answered
    already or `user` may not answer it, or "stopped" (nothing changed) for a "yes" when either initiative has
    stopped since the invitation (a "no" still closes it). The UPDATE changes the row only while it is open, so two
    answers at once count once."""
    with write_transaction(db.session):
        sides = db.session.execute(select(Collaboration.initiative_id, Collaboration.partner_id)
                                   .where(Collaboration.id == collaboration_id)).first()
        if sides is None or not can_answer(sides.partner_id, user):
            return "gone"
        if accept and not initiatives.all_take_new_work(sides):
            return "stopped"
        status = "accepted" if accept else "declined"
        changed = rows_changed(db.session, update(Collaboration).where(
            Collaboration.id == collaboration_id, Collaboration.status == "open").values(
            status=status, answered_by_id=user.id, answered_at=utcnow()))
    return status if changed == 1 else "gone"


WITHDRAWABLE = ("open", "accepted")


def carries_side(collaboration: Collaboration, user: Viewer) -> set[int]:
    """Return which of the two initiatives `user` carries (as carrier or contact person), in one query."""
    return initiatives.carried_ids(user) & {collaboration.initiative_id, collaboration.partner_id}


def can_withdraw(collaboration: Collaboration, user: Viewer, carried: set[int] | None = None) -> bool:
    """Either initiative's carrier and coordinators end a collaboration that is asked or on; `carried`: what
    carries_side said already."""
    if collaboration.status not in WITHDRAWABLE:
        return False
    return has_role(user, "coordinator") or bool(carries_side(collaboration, user) if carried is None else carried)


def withdrawable_ids(initiative_id: int, items: list[Shared], user: Viewer) -> set[int]:
    """Return which of this initiative's shared work `user` may end (one query, none for a coordinator)."""
    open_ids = {item.id for item in items if item.status in WITHDRAWABLE}
    if not open_ids or has_role(user, "coordinator"):
        return open_ids
    carried = initiatives.carried_ids(user)
    if initiative_id in carried:
        return open_ids
    return {item.id for item in items if item.id in open_ids and item.other_id in carried}


def _other(collaboration: Collaboration, side: int) -> int:
    return collaboration.partner_id if side == collaboration.initiative_id else collaboration.initiative_id


def _told_of_withdrawal(collaboration: Collaboration, sides: set[int], actor: User) -> list[tuple[User, int]]:
    """Return who hears that the collaboration ended, with their side: the carriers of `sides` (on the inviting
    side also the person who invited, while still a member) who may see the other initiative, never the person
    who ended it."""
    found: list[tuple[User, int]] = []
    for side in sorted(sides):
        other = _other(collaboration, side)
        told: ColumnElement[bool] = exists().where(Membership.initiative_id == side, Membership.user_id == User.id,
                                                   Membership.role.in_(initiatives.CARRYING))
        if side == collaboration.initiative_id and collaboration.invited_by_id is not None:
            told = or_(told, and_(User.id == collaboration.invited_by_id,
                                  exists().where(Membership.initiative_id == side, Membership.user_id == User.id)))
        found += [(person, side) for person in db.session.scalars(
            select(User).where(told, _sees(other), User.id != actor.id).order_by(User.id).limit(20))]
    return found


def _tell_of_withdrawal(collaboration: Collaboration, actor: User, sides: set[int], title: str | None) -> None:
    """Queue a mail to the other side's carriers, each in their language, in this transaction."""
    names = initiatives.names_by_id({collaboration.initiative_id, collaboration.partner_id})
    kind = kinds().get(collaboration.kind)
    for person, side in _told_of_withdrawal(collaboration, sides, actor):
        here, other = names[side], names[_other(collaboration, side)]
        link = public_url_for("initiatives.collaborate", initiative_id=side)
        with force_locale(person.language):
            what = f"{kind.label}: {title}" if kind and title and collaboration.kind != "board" else (title or "")
            subject = _("%(here)s and %(other)s no longer work together", here=here, other=other)
            body = _("Hello %(name)s,\n\n%(here)s and %(other)s stopped working together on: %(what)s.\n"
                     "It no longer shows on the pages of the two initiatives. You can invite each other again "
                     "later. See your shared work here:\n%(link)s\n",
                     name=person.name, here=here, other=other, what=what, link=link)
            queue_mail(_mail_key(collaboration, "withdrawn", person), person.email, subject, body)


def withdraw(collaboration_id: int, user: User) -> bool:
    """End a collaboration that is asked or on (committed) and tell the other side; False when it was ended or
    answered "no" already, or `user` may not end it. The DELETE counts: two at once end it, and mail, once."""
    with write_transaction(db.session):
        found = db.session.get(Collaboration, collaboration_id)
        carried = carries_side(found, user) if found is not None else set()
        if found is None or not can_withdraw(found, user, carried):
            return False
        described = describe([found], user).get((found.kind, found.subject_id))
        # Tell the side the person does not carry; a coordinator who carries neither (or both) tells both.
        both = {found.initiative_id, found.partner_id}
        sides = (both - carried) or both
        if rows_changed(db.session, delete(Collaboration).where(
                Collaboration.id == collaboration_id, Collaboration.status.in_(WITHDRAWABLE))) != 1:
            return False
        _tell_of_withdrawal(found, user, sides, described[0] if described else None)
    return True


def load_visible(collaboration_id: int, viewer: Viewer) -> Collaboration | None:
    """Return the collaboration when `viewer` may see both its initiatives, else None."""
    return db.session.scalar(select(Collaboration).where(Collaboration.id == collaboration_id, both_visible(viewer)))


def describe(rows: list[Collaboration], viewer: Viewer) -> dict[tuple[str, int], tuple[str, str]]:
    """Ask each kind's feature for the titles and paths of these things (one call per kind)."""
    known = kinds()
    wanted: dict[str, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.kind, set()).add(row.subject_id)
    found: dict[tuple[str, int], tuple[str, str]] = {}
    for kind, ids in wanted.items():
        if kind in known:
            found.update({(kind, key): value for key, value in known[kind].describe(ids, viewer).items()})
    return found


def _shared_statement(viewer: Viewer, one: bool = False) -> Select:
    ids: BindParameter[list[int]] = bindparam("ids", expanding=True)
    statement = (select(Collaboration, _HOST.name, _PARTNER.name)
                 .join(_HOST, _HOST.id == Collaboration.initiative_id)
                 .join(_PARTNER, _PARTNER.id == Collaboration.partner_id)
                 .where(or_(Collaboration.initiative_id.in_(ids), Collaboration.partner_id.in_(ids)),
                        Collaboration.status.in_(bindparam("statuses", expanding=True)), both_visible(viewer))
                 .order_by(Collaboration.id.desc()).limit(bindparam("limit", type_=Integer)))
    return statement.where(Collaboration.id == bindparam("collaboration_id", type_=Integer)) if one else statement


def shared_work(initiative_ids: list[int], viewer: Viewer, statuses: tuple[str, ...] = ("accepted",),
                limit: int = 200, collaboration_id: int | None = None) -> dict[int, list[Shared]]:
    """Return the shared work of these initiatives, as each sees it, for `viewer` (a fixed number of queries);
    with `collaboration_id`, only that one.

    Only collaborations whose two initiatives `viewer` may see, and whose thing still exists and is visible. The
    statement is built once per role and shape (`run_visible`); building it cost more than running it.
    """
    if not initiative_ids:
        return {}
    one = collaboration_id is not None
    rows = initiatives.run_visible("initiatives.shared_work", viewer, (one,),
                                   lambda seen_by: _shared_statement(seen_by, one), {
        "ids": list(initiative_ids), "statuses": list(statuses), "limit": limit,
        "collaboration_id": collaboration_id}).all()
    described = describe([row[0] for row in rows], viewer)
    wanted = set(initiative_ids)
    result: dict[int, list[Shared]] = {initiative_id: [] for initiative_id in initiative_ids}
    for collaboration, host_name, partner_name in rows:
        title, path = described.get((collaboration.kind, collaboration.subject_id), (None, None))
        if title is None or path is None:
            continue  # the task was removed, or is not for this viewer's eyes
        for this, other, other_name, ours in ((collaboration.initiative_id, collaboration.partner_id, partner_name,
                                               True),
                                              (collaboration.partner_id, collaboration.initiative_id, host_name,
                                               False)):
            if this in wanted:
                result[this].append(Shared(collaboration.id, other, other_name, ours, collaboration.kind, title,
                                           path, collaboration.status, collaboration.note))
    return result


def partners_on_board(initiative_id: int, viewer: Viewer) -> dict[str, Any]:
    """Return who works with this initiative's board: {"board": [(id, name)], "tasks": {task id: [(id, name)]}}."""
    def build(seen_by: Viewer) -> Executable:
        partner = _PARTNER  # an alias, so the visibility EXISTS keeps its own FROM initiatives
        return (select(Collaboration.kind, Collaboration.subject_id, partner.id, partner.name)
                .join(partner, partner.id == Collaboration.partner_id)
                .where(Collaboration.initiative_id == bindparam("initiative_id"), Collaboration.status == "accepted",
                       Collaboration.kind.in_(("board", "task")), both_visible(seen_by))
                .order_by(partner.name))

    rows = initiatives.run_visible("collaboration.partners_on_board", viewer, (), build,
                                   {"initiative_id": initiative_id}).all()
    board = [(row.id, row.name) for row in rows if row.kind == "board"]
    tasks: dict[int, list[tuple[int, str]]] = {}
    for row in rows:
        if row.kind == "task":
            tasks.setdefault(row.subject_id, []).append((row.id, row.name))
    return {"board": board, "tasks": tasks}


def waiting_for(user: Viewer, limit: int = 20) -> list[tuple[Shared, str]]:
    """Return open invitations `user` may answer, oldest first: (the invitation as the partner sees it, the
    partner's name). A fixed number of queries."""
    if not getattr(user, "is_authenticated", False):
        return []
    host, partner = _HOST, _PARTNER
    query = (select(Collaboration, host.name, partner.name)
             .join(host, host.id == Collaboration.initiative_id).join(partner, partner.id == Collaboration.partner_id)
             .where(Collaboration.status == "open", both_visible(user),
                    initiatives.taking_new_work(host), initiatives.taking_new_work(partner)))
    if not has_role(user, "coordinator"):
        query = query.where(exists().where(carrier_of(Collaboration.partner_id, user)))
    rows = db.session.execute(query.order_by(Collaboration.id).limit(limit)).all()
    described = describe([row[0] for row in rows], user)
    found = []
    for row, host_name, partner_name in rows:
        title, path = described.get((row.kind, row.subject_id), (None, None))
        if title is not None and path is not None:
            found.append((Shared(row.id, row.initiative_id, host_name, False, row.kind, title, path, row.status,
                                 row.note), partner_name))
    return found


def shared_one(collaboration_id: int, initiative_id: int, viewer: Viewer) -> Shared | None:
    """Return one collaboration as `initiative_id` (one of its two sides) sees it, or None (one row read, and its
    thing described)."""
    return next(iter(shared_work([initiative_id], viewer, STATUSES, 1, collaboration_id)[initiative_id]), None)

