"""Applause rules: posting, clapping under concurrency, reports, moderation and the public feeds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple, cast

from sqlalchemy import (
    ColumnElement,
    Executable,
    Integer,
    Select,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload, selectinload

from portal.accounts.models import User, Viewer
from portal.accounts.names import Person
from portal.applause.models import Clap, ModerationEntry, Shout, ShoutReport, ShoutThanks, ShoutWords
from portal.core.registry import thanks_subject_titles
from portal.core.signals import members_only_changed
from portal.core.time import to_utc
from portal.db import rows_changed, utcnow, write_transaction
from portal.extensions import db
from portal.initiatives import services as initiatives
from portal.initiatives.models import Initiative
from portal.permissions import has_role
from portal.photos import StoredPhoto

PAGE_SIZE = 10
PUBLIC = None  # the viewer of public surfaces (Atom feed, wall, printed sheet): nobody logged in


# Built once: loader options are immutable, so every list of shout-outs shares them instead of making them anew.
_PEOPLE = (joinedload(Shout.author), joinedload(Shout.thanked_user), joinedload(Shout.initiative),
           selectinload(Shout.thanks).joinedload(ShoutThanks.user))


def _with_people(query: Select) -> Select:
    return query.options(*_PEOPLE)


def visible(user: Viewer) -> ColumnElement[bool]:
    """Return a condition on Shout: `user` may see its initiative (members-only ones stay with their members), and a
    thank-you the initiative keeps for its members (for a members-only event) only to those."""
    return initiatives.linked_visible(user, Shout.initiative_id, optional=True, members_only=Shout.members_only)


def name_subjects(shouts: Sequence[Shout | FeedShout], viewer: Viewer) -> None:
    """Give the automatic ones among `shouts` the title of what they thank for, as `viewer` may read it now (the
    subject's feature decides: registry.thanks_subject), in one call per kind of subject on the list, whatever its
    length; a subject gone, or not for this reader, stays None and the thank-you names nothing of it."""
    kinds: dict[str, dict[int, list[Shout | FeedShout]]] = {}
    for shout in shouts:
        if shout.automatic and shout.subject_id is not None:
            kinds.setdefault(shout.automatic, {}).setdefault(shout.subject_id, []).append(shout)
    for kind, subjects in kinds.items():
        titles = thanks_subject_titles(kind, list(subjects), viewer)
        for subject_id, found in subjects.items():
            for shout in found:
                shout.subject_title = titles.get(subject_id)




class ShoutBoard(NamedTuple):
    """The initiative a shout-out belongs to, as a card shows it (and `anyone_may_see` asks of it)."""

    id: int
    name: str
    visibility: str


class Thanked(NamedTuple):
    """A person an automatic shout-out thanks (`user` None: a walk-in resident, a deleted account)."""

    user_id: int | None
    user: Person | None


@dataclass(slots=True, eq=False)
class FeedShout(ShoutWords):
    """A shout-out as a list shows it, read as plain rows (what it says: models.ShoutWords, the Shout's own)."""

    id: int
    initiative_id: int | None
    author_id: int | None
    thanked_user_id: int | None
    thanked_name: str | None
    name_removed: bool
    text: str
    photo: str | None
    photo_width: int | None
    photo_height: int | None
    automatic: str | None
    subject_id: int | None
    members_only: bool
    people_count: int | None
    hidden: bool
    clap_count: int
    created_at: datetime
    author: Person | None
    thanked_user: Person | None
    initiative: ShoutBoard | None
    thanks: list[Thanked] = field(default_factory=list)
    subject_title: str | None = None


# Aliases: the visibility rule's EXISTS names Initiative itself, and must not correlate to the joined one.
_AUTHOR, _THANKED, _BOARD = aliased(User), aliased(User), aliased(Initiative)


def _feed_statement(viewer: Viewer, initiative: bool, before: bool, include_hidden: bool, window: bool = False
                    ) -> Executable:
    """The page of shout-outs with the people and initiative a card names, as columns (one statement); `window`:
    only those made from `since` until `end` (bound)."""
    query = select(Shout.id, Shout.initiative_id, Shout.author_id, Shout.thanked_user_id, Shout.thanked_name,
                   Shout.name_removed, Shout.text, Shout.photo, Shout.photo_width, Shout.photo_height,
                   Shout.automatic, Shout.subject_id, Shout.members_only, Shout.people_count, Shout.hidden,
                   Shout.clap_count, Shout.created_at, _AUTHOR.name, _AUTHOR.show_name_in_public, _THANKED.name,
                   _THANKED.show_name_in_public, _BOARD.name, _BOARD.visibility)\
        .outerjoin(_AUTHOR, _AUTHOR.id == Shout.author_id)\
        .outerjoin(_THANKED, _THANKED.id == Shout.thanked_user_id)\
        .outerjoin(_BOARD, _BOARD.id == Shout.initiative_id)\
        .where(visible(viewer))
    if not include_hidden:
        query = query.where(Shout.hidden.is_(False))
    if initiative:
        query = query.where(Shout.initiative_id == bindparam("initiative_id", type_=Integer))
    if before:
        query = query.where(Shout.id < bindparam("before", type_=Integer))
    if window:
        # Newest first by the moment itself, so the index on created_at is read backwards from `end` and stops at
        # the page's size (by id, the database sorted every shout-out of the window: 8 ms at 1,000,000).
        return query.where(Shout.created_at >= bindparam("since"), Shout.created_at < bindparam("end"))\
            .order_by(Shout.created_at.desc(), Shout.id.desc()).limit(bindparam("size", type_=Integer))
    return query.order_by(Shout.id.desc()).limit(bindparam("size", type_=Integer))


# Built once: the people the automatic shout-outs of a page thank, in their order.
_THANKS = select(ShoutThanks.shout_id, ShoutThanks.user_id, User.name, User.show_name_in_public)\
    .outerjoin(User, User.id == ShoutThanks.user_id)\
    .where(ShoutThanks.shout_id.in_(bindparam("ids", expanding=True))).order_by(ShoutThanks.id)


def _person(person_id: int | None, name: str | None, public: bool | None) -> Person | None:
    return Person(person_id, name, bool(public)) if person_id is not None and name is not None else None


def feed_page(user: Viewer, before: int | None = None, initiative_id: int | None = None, size: int = PAGE_SIZE,
              include_hidden: bool = False) -> tuple[list[FeedShout], int | None]:
    """Return one page of shout-outs `user` may see, newest first, and the cursor of the next page (keyset).

    Read as columns, two statements, each built once per role and shape (the visibility rule is `visible`, the
    initiatives' own), and one call per kind of subject the automatic ones thank for (`name_subjects`)."""
    rows = initiatives.run_visible("applause.feed", user, (bool(initiative_id), bool(before), include_hidden),
                                   lambda viewer: _feed_statement(viewer, bool(initiative_id), bool(before),
                                                                  include_hidden),
                                   {"initiative_id": initiative_id or None, "before": before or None,
                                    "size": size + 1}).all()
    shouts = _feed_shouts(rows[:size], user)
    next_cursor = shouts[size - 1].id if len(rows) > size else None
    return shouts, next_cursor


def _feed_shouts(rows: Sequence[Row], viewer: Viewer) -> list[FeedShout]:
    """Return the rows of `_feed_statement` as shout-outs, with the people the automatic ones thank (one statement
    more, only when there are such) and what they thank for, as `viewer` may read it (`name_subjects`)."""
    shouts = [FeedShout(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7], row[8], row[9],
                        row[10], row[11], bool(row[12]), row[13], bool(row[14]), row[15], row[16],
                        _person(row[2], row[17], row[18]), _person(row[3], row[19], row[20]),
                        ShoutBoard(row[1], row[21], row[22]) if row[1] is not None and row[21] is not None
                        else None)
              for row in rows]
    automatic = {shout.id: shout for shout in shouts if shout.automatic}
    if automatic:
        for shout_id, user_id, name, public in db.session.execute(_THANKS, {"ids": list(automatic)}):
            automatic[shout_id].thanks.append(Thanked(user_id, _person(user_id, name, public)))
        name_subjects(list(automatic.values()), viewer)
    return shouts


def _last_shouts_statement(viewer: Viewer) -> Executable:
    # Per initiative one step down ix_shouts_initiative_hidden_id (a GROUP BY read each one's every shout-out); the
    # rule is on the shout-out itself, as anywhere (the newest one the viewer may see: not one kept for members).
    newest = select(func.max(Shout.id)).where(
        Shout.initiative_id == Initiative.id, Shout.hidden.is_(False),
        initiatives.kept_visible(viewer, Shout.initiative_id, Shout.members_only)).correlate(Initiative)\
        .scalar_subquery()
    ids = select(newest).where(Initiative.id.in_(bindparam("ids", expanding=True)))
    return select(Shout).where(Shout.id.in_(ids), Shout.hidden.is_(False), visible(viewer))


def last_shouts(initiative_ids: list[int], user: Viewer) -> dict[int, Shout]:
    """Return the newest shown shout-out of each of these initiatives that `user` may see (one query, its
    statement built once per role)."""
    if not initiative_ids:
        return {}
    shouts = list(initiatives.run_visible("applause.last_shouts", user, (), _last_shouts_statement,
                                          {"ids": list(initiative_ids)}).scalars())
    name_subjects(shouts, user)
    return {shout.initiative_id: shout for shout in shouts if shout.initiative_id is not None}


def shout_with_photo(name: str, user: Viewer) -> Shout | None:
    """Return the shout-out that shows photo `name`, if `user` may see it (a hidden one only for coordinators).

    The photo store holds other features' photos too (events, initiatives): a name alone opens nothing."""
    query = select(Shout).where(Shout.photo == name, visible(user))
    if not has_role(user, "coordinator"):
        query = query.where(Shout.hidden.is_(False))
    return db.session.scalars(query.limit(1)).first()


def anyone_may_see(shout: Shout | FeedShout) -> bool:
    """Tell whether everyone, logged in or not, may see `shout` (loaded with its initiative): not hidden, and for
    no initiative or one open to everyone, not kept for its members (no query)."""
    # A list's ShoutBoard carries what can_see reads of an initiative for a visitor (its id and visibility).
    return not shout.hidden and (shout.initiative is None or initiatives.can_see(cast(Initiative, shout.initiative),
                                                                                 None, shout.members_only))


def public_message(shout: Shout | FeedShout) -> str:
    """Return what `shout` says to a visitor, for words that go to anyone (a share text): its subject named as a
    visitor may read it, whoever is sharing (one query for an automatic one)."""
    if not shout.automatic or shout.subject_id is None:
        return shout.words(None)
    titles = thanks_subject_titles(shout.automatic, [shout.subject_id], PUBLIC)
    return shout.words(titles.get(shout.subject_id))


def load_shout(shout_id: int, user: Viewer) -> Shout | None:
    """Return one shout-out with the people it names and what it thanks for, if `user` may see it."""
    shout = db.session.scalars(_with_people(select(Shout).where(Shout.id == shout_id, visible(user))))\
        .unique().one_or_none()
    if shout is not None:
        name_subjects([shout], user)
    return shout


# Built once: which of a page's shout-outs a person clapped for.
_CLAPPED = select(Clap.shout_id).where(Clap.user_id == bindparam("user_id", type_=Integer),
                                       Clap.shout_id.in_(bindparam("ids", expanding=True)))


def clapped_ids(user: Viewer, shouts: Sequence[Shout | FeedShout]) -> set[int]:
    """Return the ids among `shouts` that `user` clapped for (one query)."""
    if not getattr(user, "is_authenticated", False) or not shouts:
        return set()
    return set(db.session.scalars(_CLAPPED, {"user_id": user.id, "ids": [shout.id for shout in shouts]}))


def post_shout(author: User | None, text: str, thanked_name: str | None = None, thanked_user: User | None = None,
               initiative_id: int | None = None, photo: StoredPhoto | None = None,
               automatic: str | None = None) -> Shout:
    """Add a shout-out; it goes live at once. The caller commits."""
    shout = Shout(author_id=author.id if author else None, text=text.strip(),
                  thanked_name=(thanked_name or "").strip() or None,
                  thanked_user_id=thanked_user.id if thanked_user else None,
                  initiative_id=initiative_id or None, automatic=automatic)
    if photo is not None:
        shout.photo, shout.photo_width, shout.photo_height = photo.name, photo.width, photo.height
    db.session.add(shout)
    db.session.flush()
    return shout


def post_automatic_shout(kind: str, subject_id: int, user_ids: Sequence[int], walkin_count: int,
                         initiative_id: int, people_count: int | None = None, members_only: bool = False) -> Shout:
    """Let another feature thank people (a task done, an event held); the feed marks it as automatic.

    Only the kind, the id of its subject (a task's) and the people (account ids; walk-ins as nobody) are stored: the
    subject's title is given by its feature and each name looked up, with its current choice, when shown, as the
    reader may see them, in a sentence in the reader's language. `people_count`: a number the sentence tells (how
    many people came to an event); `members_only`: the initiative keeps the subject, and so the thanks, for its
    members (the subject's feature keeps it in line: `keep_for_members`).
    """
    shout = Shout(author_id=None, text="", initiative_id=initiative_id, automatic=kind, subject_id=subject_id,
                  people_count=people_count, members_only=members_only,
                  thanks=[ShoutThanks(user_id=user_id) for user_id in user_ids]
                  + [ShoutThanks(user_id=None) for _ in range(walkin_count)])
    db.session.add(shout)
    db.session.flush()
    return shout


@members_only_changed.connect
def keep_for_members(_sender: object, kind: str, ids: list[int], members_only: bool, **_extra: object) -> None:
    """Things of `kind` became members-only, or open again (an event and its shifts): the thank-yous for them follow,
    in the caller's transaction."""
    if ids:
        db.session.execute(update(Shout).where(Shout.automatic == kind, Shout.subject_id.in_(ids))
                           .values(members_only=members_only))


def remove_name(shout: Shout, user: User) -> None:
    """Take `user`'s name off a shout-out that thanks them: from then on it says "a neighbour"; the caller commits."""
    if shout.automatic:
        db.session.execute(update(ShoutThanks).where(ShoutThanks.shout_id == shout.id,
                                                     ShoutThanks.user_id == user.id).values(user_id=None))
    else:
        shout.name_removed, shout.thanked_name = True, None


def toggle_clap(shout_id: int, user_id: int) -> tuple[bool, int]:
    """Clap, or take the clap back; return (clapped now, count). Safe when many clap at once.

    The (shout, user) primary key stops a double clap; the counter moves in the same transaction with an
    atomic UPDATE, so it always equals the number of claps.
    """
    with write_transaction(db.session):
        if rows_changed(db.session, delete(Clap).where(Clap.shout_id == shout_id, Clap.user_id == user_id)):
            db.session.execute(update(Shout).where(Shout.id == shout_id)
                               .values(clap_count=Shout.clap_count - 1))
            clapped = False
        else:
            try:
                with db.session.begin_nested():
                    db.session.execute(insert(Clap).values(shout_id=shout_id, user_id=user_id, created_at=utcnow()))
            except IntegrityError:
                clapped = True  # the same person's other request clapped a moment ago
            else:
                db.session.execute(update(Shout).where(Shout.id == shout_id)
                                   .values(clap_count=Shout.clap_count + 1))
                clapped = True
    count = db.session.scalar(select(Shout.clap_count).where(Shout.id == shout_id))
    return clapped, count or 0


def report(shout: Shout, user: User) -> None:
    """Record that `user` finds this shout-out wrong, once per person even when sent twice at once (committed). Your
    own words are not reported: the page offers no button for them, and a hand-made request records nothing."""
    if shout.author_id == user.id:
        return
    try:
        with write_transaction(db.session):
            db.session.add(ShoutReport(shout_id=shout.id, user_id=user.id))
    except IntegrityError:
        pass  # reported already: the unique (shout, person) pair keeps it one report; write_transaction rolled back


def set_hidden(shout: Shout, actor: User, hidden: bool, reason: str = "") -> None:
    """Hide or show a shout-out, and write who did it and when in the moderation log; the caller commits."""
    shout.hidden = hidden
    db.session.add(ModerationEntry(shout_id=shout.id, actor_id=actor.id, action="hide" if hidden else "unhide",
                                   reason=reason))
    db.session.execute(update(ShoutReport).where(ShoutReport.shout_id == shout.id).values(handled=True))


def dismiss_reports(shout: Shout, actor: User, reason: str = "") -> bool:
    """Close the open reports on a shout-out without hiding it (the words are fine), and log it; False when none
    was open (handled a moment ago by someone else). The caller commits."""
    if not rows_changed(db.session, update(ShoutReport).where(ShoutReport.shout_id == shout.id,
                                                              ShoutReport.handled.is_(False)).values(handled=True)):
        return False
    db.session.add(ModerationEntry(shout_id=shout.id, actor_id=actor.id, action="dismiss", reason=reason))
    return True


def log_entries(limit: int = 50) -> list[ModerationEntry]:
    """Return the newest entries of the shout-outs' moderation log, with who made them, newest first."""
    return list(db.session.scalars(select(ModerationEntry).options(joinedload(ModerationEntry.actor))
                                   .order_by(ModerationEntry.id.desc()).limit(limit)))


def count_open_reports() -> int:
    """Count the reported shout-outs nobody has handled yet."""
    return db.session.scalar(select(func.count(func.distinct(ShoutReport.shout_id)))
                             .where(ShoutReport.handled.is_(False))) or 0


def moderation_queue(viewer: Viewer, limit: int = 50) -> dict:
    """Return reported shout-outs not yet handled, and hidden ones (the log is the queue's one log), with what they
    thank for as `viewer` (a coordinator) reads it."""
    reported_ids = select(ShoutReport.shout_id).where(ShoutReport.handled.is_(False))
    reported = db.session.scalars(_with_people(select(Shout).where(Shout.id.in_(reported_ids)))
                                  .order_by(Shout.id.desc()).limit(limit)).unique().all()
    hidden = db.session.scalars(_with_people(select(Shout).where(Shout.hidden.is_(True)))
                                .order_by(Shout.id.desc()).limit(limit)).unique().all()
    name_subjects([*reported, *hidden], viewer)
    return {"reported": reported, "hidden": hidden}


def this_week(limit: int = 12) -> list[Shout]:
    """Return the public shout-outs of the past seven days, newest first, each naming what it thanks for as a
    visitor may read it (for the printed sheet)."""
    since = utcnow() - timedelta(days=7)
    shouts = list(db.session.scalars(_with_people(select(Shout).where(
        Shout.hidden.is_(False), Shout.created_at >= since, visible(PUBLIC))).order_by(Shout.id.desc())
        .limit(limit)).unique())
    name_subjects(shouts, PUBLIC)
    return shouts


def _thanks(user: User) -> ColumnElement[bool]:
    """Return a condition on Shout: it thanks `user` by their account (typed by someone, or for a task done)."""
    return or_(Shout.thanked_user_id == user.id,
               Shout.id.in_(select(ShoutThanks.shout_id).where(ShoutThanks.user_id == user.id)))


def forget_person(user: User) -> None:
    """When an account is deleted: thanks to them say "a neighbour"; thanks by them stay, unsigned."""
    db.session.execute(update(Shout).where(Shout.thanked_user_id == user.id)
                       .values(name_removed=True, thanked_name=None))
    db.session.execute(update(ShoutThanks).where(ShoutThanks.user_id == user.id).values(user_id=None))


def export_person(user: User) -> dict:
    """Return the shout-outs a person wrote and got, the claps they gave and the reports they made."""
    def shout(s: Shout) -> dict:
        return {"id": s.id, "text": s.message if s.automatic else s.text, "created_at": s.created_at.isoformat(),
                "hidden": s.hidden}

    written = db.session.scalars(select(Shout).where(Shout.author_id == user.id).order_by(Shout.id)).all()
    thanked = db.session.scalars(select(Shout).where(_thanks(user)).order_by(Shout.id)).all()
    name_subjects(thanked, user)  # what an automatic one thanks them for, as they may read it now
    claps = db.session.scalars(select(Clap.shout_id).where(Clap.user_id == user.id)).all()
    reports = db.session.scalars(select(ShoutReport).where(ShoutReport.user_id == user.id)
                                 .order_by(ShoutReport.id)).all()
    return {"shouts_written": [shout(s) for s in written],
            "shouts_thanking_me": [shout(s) for s in thanked],
            "claps_given_to": list(claps),
            "reports_made": [{"shout_id": r.shout_id, "created_at": r.created_at.isoformat()} for r in reports]}


def thanks_for(user: User, limit: int = 5) -> list[Shout]:
    """Return the newest visible shout-outs that thank `user` by their account, naming what for as they read it."""
    shouts = list(db.session.scalars(_with_people(select(Shout).where(
        _thanks(user), Shout.hidden.is_(False), visible(user))).order_by(Shout.id.desc()).limit(limit)).unique())
    name_subjects(shouts, user)
    return shouts


# Built once; per initiative one step down ix_shouts_initiative_created (grouping every shout-out grew with them).
_LAST_THANKS = select(Initiative.id, select(func.max(Shout.created_at)).where(Shout.initiative_id == Initiative.id)
                      .scalar_subquery()).where(Initiative.id.in_(bindparam("ids", expanding=True)))


def last_thanks_at(initiative_ids: list[int]) -> dict[int, datetime]:
    """Return when each of these initiatives was last thanked (for the coordinators' "silent" list; one query)."""
    if not initiative_ids:
        return {}
    rows = db.session.execute(_LAST_THANKS, {"ids": list(initiative_ids)})
    return {initiative_id: moment for initiative_id, moment in rows if moment is not None}


def for_paper(first: date, limit: int = 5) -> list[FeedShout]:
    """Return the newest public shout-outs of the two weeks up to the end of the week starting `first` (or up to now,
    for a sheet printed ahead), for the printed weekly sheet (public: the visitor's rule, names resolved when shown),
    read as a list reads them (columns, not ORM graphs)."""
    end = min(to_utc(datetime.combine(first + timedelta(days=7), time(0))), utcnow())
    return _feed_shouts(db.session.execute(_FOR_PAPER, {"since": end - timedelta(days=14), "end": end,
                                                         "size": limit}).all(), PUBLIC)


# Built once: making the statement and its cache key cost more than running it.
_FOR_PAPER = _feed_statement(PUBLIC, initiative=False, before=False, include_hidden=False, window=True)
