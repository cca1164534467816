"""Who may see an initiative, and everything linked to one: the one visibility rule of the portal.

An initiative is public, or for its members only. Members-only initiatives, and everything that belongs to them
(tasks, shout-outs, bookings, events, ideas), are seen only by their members and by coordinators. Every list,
feed, count, form choice, print and fragment filters through `visible_ids()` or `linked_visible()`, so that the
rule is written here once.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, delete, exists, false, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute

from portal.accounts.models import User, Viewer
from portal.db import write_transaction
from portal.extensions import db
from portal.initiatives.models import Initiative, Membership
from portal.permissions import has_role


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


def linked_visible(user: Viewer, initiative_id_column: InstrumentedAttribute, optional: bool = False
                   ) -> ColumnElement[bool]:
    """Return a condition: the initiative in `initiative_id_column` is visible to `user`.

    A correlated EXISTS, not an IN list, so lists can still walk their own index in order. With `optional`,
    rows that belong to no initiative pass too (a shout-out that thanks a person, not a group).
    """
    rule = _rule(user)
    if rule is None:
        return true()
    condition = exists().where(Initiative.id == initiative_id_column, rule)
    return or_(initiative_id_column.is_(None), condition) if optional else condition


def linked_member(user: Viewer, initiative_id_column: InstrumentedAttribute) -> ColumnElement[bool]:
    """Return a condition: `user` is a member of the initiative in `initiative_id_column` (coordinators count as
    members): for things an initiative keeps for its members only, even when the initiative itself is public."""
    if has_role(user, "coordinator"):
        return true()
    if not getattr(user, "is_authenticated", False):
        return false()
    return exists().where(Membership.initiative_id == initiative_id_column, Membership.user_id == user.id)


def is_member(initiative_id: int, user: Viewer) -> bool:
    """Tell whether `user` is a member of the initiative."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(db.session.scalar(select(exists().where(Membership.initiative_id == initiative_id,
                                                        Membership.user_id == user.id))))


def can_see(initiative: Initiative, user: Viewer) -> bool:
    """Tell whether `user` may see this initiative (one query at most, only for members-only ones)."""
    return initiative.visibility == "public" or has_role(user, "coordinator") or is_member(initiative.id, user)


def get_visible(initiative_id: int | None, user: Viewer) -> Initiative | None:
    """Return the initiative when it exists and `user` may see it, else None (so outsiders learn nothing)."""
    if not initiative_id:
        return None
    rule = _rule(user)
    query = select(Initiative).where(Initiative.id == initiative_id)
    return db.session.scalar(query if rule is None else query.where(rule))


def visible_choices(user: Viewer, limit: int = 200) -> list[tuple[int, str]]:
    """Return (id, name) of the initiatives `user` may see, A to Z: for form choices."""
    rule = _rule(user)
    query = select(Initiative.id, Initiative.name).order_by(Initiative.name).limit(limit)
    return [(row.id, row.name) for row in db.session.execute(query if rule is None else query.where(rule))]


def member_choices(user: Viewer, limit: int = 200) -> list[tuple[int, str]]:
    """Return (id, name) of the initiatives `user` is a member of (coordinators: all), A to Z: for what one
    organises on an initiative's behalf."""
    query = select(Initiative.id, Initiative.name).where(linked_member(user, Initiative.id))
    return [(row.id, row.name) for row in db.session.execute(query.order_by(Initiative.name).limit(limit))]


def names_by_id(ids: set[int]) -> dict[int, str]:
    """Return the names of the given initiatives (one query)."""
    if not ids:
        return {}
    rows = db.session.execute(select(Initiative.id, Initiative.name).where(Initiative.id.in_(ids)))
    return {row.id: row.name for row in rows}


def name_taken(name: str) -> bool:
    """Tell whether an initiative has this name already."""
    return db.session.scalar(select(exists().where(Initiative.name == name.strip()))) or False


def create(name: str, description: str, visibility: str, creator: User) -> Initiative:
    """Start an initiative; the person who starts it becomes its first member. The caller commits."""
    initiative = Initiative(name=name.strip(), description=description, visibility=visibility)
    db.session.add(initiative)
    db.session.flush()
    db.session.add(Membership(initiative_id=initiative.id, user_id=creator.id))
    return initiative


def join(initiative_id: int, user: User) -> None:
    """Make `user` a member (committed); joining twice, even twice at once, stays one membership."""
    try:
        with write_transaction(db.session):
            db.session.add(Membership(initiative_id=initiative_id, user_id=user.id))
    except IntegrityError:
        pass  # a member already (perhaps joined a moment ago in another request); write_transaction rolled back


def leave(initiative_id: int, user: User) -> None:
    """End `user`'s membership (committed)."""
    with write_transaction(db.session):
        db.session.execute(delete(Membership).where(Membership.initiative_id == initiative_id,
                                                    Membership.user_id == user.id))


def export_person(user: User) -> list[dict]:
    """Return the initiatives a person is a member of, for "download my data" (rows go with the account)."""
    rows = db.session.execute(select(Initiative.name, Membership.joined_at).join(
        Membership, Membership.initiative_id == Initiative.id).where(Membership.user_id == user.id)
        .order_by(Initiative.name)).all()
    return [{"initiative": name, "joined_at": joined.isoformat()} for name, joined in rows]
