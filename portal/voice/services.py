"""One-voice rules: who sees a position, one response per person (also under concurrency), walk-ins at the kiosk,
counts by one aggregate query, moderation of arguments, the follow-up log, and what happens to a person's data."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Executable,
    Integer,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.accounts.models import User, Viewer
from portal.core.time import local, to_utc
from portal.db import UTCDateTime, rows_changed, utcnow, write_transaction
from portal.extensions import db
from portal.initiatives import services as initiatives
from portal.permissions import has_role
from portal.voice.models import STANCES, ArgumentReport, FollowUp, Position, Response

ARGUMENTS_PAGE = 20
CLOSED_PAGE = 10
OPEN_LIMIT = 50
PUBLIC = None  # the viewer of public surfaces (the printed sheet): nobody logged in
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w ]")


class Closed(Exception):
    """The position closed: nobody can respond any more."""


def visible(user: Viewer) -> ColumnElement[bool]:
    """Return a condition on Position: `user` may see it (positions of members-only initiatives stay inside)."""
    return initiatives.linked_visible(user, Position.initiative_id, optional=True)


def closes_at_for(day: date) -> datetime:
    """Return the moment a position open until (and including) `day`, Amsterdam time, closes: that midnight."""
    return to_utc(datetime.combine(day + timedelta(days=1), time(0)))


def last_day(position: Position) -> date:
    """Return the last day people could (or can) respond, in Amsterdam."""
    return local(position.closes_at - timedelta(seconds=1)).date()


def load_position(position_id: int, user: Viewer) -> Position | None:
    """Return the position with its initiative, when `user` may see it; else None (outsiders learn nothing)."""
    return db.session.scalar(select(Position).options(joinedload(Position.initiative))
                             .where(Position.id == position_id, visible(user)))


def list_positions(user: Viewer, before: int | None = None) -> tuple[list[Position], list[Position], int | None]:
    """Return the open positions `user` may see (closing soonest first), a page of closed ones (newest first)
    and the cursor of the next page of closed ones (keyset on id)."""
    now = utcnow()
    base = select(Position).options(joinedload(Position.initiative)).where(visible(user))
    open_ = [] if before else list(db.session.scalars(base.where(Position.closes_at > now)
                                                      .order_by(Position.closes_at, Position.id).limit(OPEN_LIMIT)))
    closed_query = base.where(Position.closes_at <= now)
    if before:
        closed_query = closed_query.where(Position.id < before)
    closed = list(db.session.scalars(closed_query.order_by(Position.id.desc()).limit(CLOSED_PAGE + 1)))
    cursor = closed[CLOSED_PAGE - 1].id if len(closed) > CLOSED_PAGE else None
    return open_, closed[:CLOSED_PAGE], cursor


# The home page's and an initiative page's statements are built once per role (`initiatives.run_visible`): building
# them, with the visibility rule, cost more than running them. The moment, the initiative and the limit are bound.
def _home_statement(viewer: Viewer) -> Executable:
    return (select(Position).options(joinedload(Position.initiative))
            .where(visible(viewer), Position.closes_at > bindparam("now", type_=UTCDateTime))
            .order_by(Position.closes_at, Position.id).limit(bindparam("limit", type_=Integer)))


def _initiative_statement(viewer: Viewer) -> Executable:
    return (select(Position).options(joinedload(Position.initiative))
            .where(Position.initiative_id == bindparam("initiative_id", type_=Integer), visible(viewer))
            .order_by((Position.closes_at > bindparam("now", type_=UTCDateTime)).desc(), Position.id.desc())
            .limit(bindparam("limit", type_=Integer)))


def open_for_home(user: Viewer, limit: int = 3) -> list[Position]:
    """Return the open positions `user` may see that close soonest (for the home page and the kiosk)."""
    return list(initiatives.run_visible("voice.home", user, (), _home_statement,
                                        {"now": utcnow(), "limit": limit}).scalars())


def for_initiative(initiative_id: int, user: Viewer, limit: int = 3) -> list[Position]:
    """Return the newest positions asked on behalf of an initiative, open ones first (for its own page)."""
    return list(initiatives.run_visible("voice.initiative", user, (), _initiative_statement,
                                        {"initiative_id": initiative_id, "now": utcnow(), "limit": limit}).scalars())


_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_COUNTS = select(Response.position_id, Response.stance, func.count()).where(
    Response.position_id.in_(_IDS)).group_by(Response.position_id, Response.stance)  # built once
_MINE = select(Response.position_id, Response.stance).where(
    Response.user_id == bindparam("user_id", type_=Integer), Response.position_id.in_(_IDS))  # built once


def counts_for(position_ids: list[int]) -> dict[int, dict[str, int]]:
    """Return {position id: {stance: number}} for the given positions, counted by one aggregate query."""
    counts: dict[int, dict[str, int]] = {pid: dict.fromkeys(STANCES, 0) for pid in position_ids}
    if position_ids:
        for position_id, stance, number in db.session.execute(_COUNTS, {"ids": list(position_ids)}):
            counts[position_id][stance] = number
    return counts


def percentages(counts: dict[str, int]) -> dict[str, int]:
    """Return each stance's share in whole percents, each within one of its exact share; all 0 without answers.

    The points rounding down leaves over go to the largest remainders, so the parts add up to 100, except where
    that would show equal counts unequally: stances with as many answers always show the same percent (3, 3 and 2
    answers show 37%, 37% and 25%, never 38% for one side and 37% for the other), even if the parts then add up to
    99. Which side is named first never decides a tie."""
    total = sum(counts.values())
    if not total:
        return dict.fromkeys(counts, 0)
    shares = {stance: divmod(number * 100, total) for stance, number in counts.items()}
    left = 100 - sum(whole for whole, _ in shares.values())
    groups: dict[int, list[str]] = {}  # equal counts have equal remainders: one group, given a point together
    for stance, number in counts.items():
        groups.setdefault(number, []).append(stance)
    extra: set[str] = set()
    for number in sorted(groups, key=lambda number: -shares[groups[number][0]][1]):
        if shares[groups[number][0]][1] == 0 or len(groups[number]) > left:
            break
        extra.update(groups[number])
        left -= len(groups[number])
    return {stance: whole + (stance in extra) for stance, (whole, _) in shares.items()}


def my_stances(user: Viewer, position_ids: list[int]) -> dict[int, str]:
    """Return {position id: stance} for the positions `user` responded to (one query)."""
    if not getattr(user, "is_authenticated", False) or not position_ids:
        return {}
    rows = db.session.execute(_MINE, {"ids": list(position_ids), "user_id": user.id})
    return {position_id: stance for position_id, stance in rows}


def my_response(position_id: int, user: Viewer) -> Response | None:
    """Return `user`'s response to the position, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Response).where(Response.position_id == position_id,
                                                    Response.user_id == user.id))


def arguments_page(position_id: int, viewer: Viewer, before: int | None = None, size: int = ARGUMENTS_PAGE
                   ) -> tuple[list[Response], int | None]:
    """Return one page of the arguments given, newest first, and the next page's cursor (keyset on id).

    Hidden arguments are left out, except for coordinators, who see them marked (to show them again).
    """
    query = select(Response).options(joinedload(Response.user)).where(
        Response.position_id == position_id, Response.argument != "")
    if not has_role(viewer, "coordinator"):
        query = query.where(Response.argument_hidden.is_(False))
    if before:
        query = query.where(Response.id < before)
    rows = list(db.session.scalars(query.order_by(Response.id.desc()).limit(size + 1)))
    return rows[:size], rows[size - 1].id if len(rows) > size else None


def _respond(position_id: int, match: ColumnElement[bool], values: dict, new_values: dict) -> str:
    """Record a response, or change the one the same person gave: "new" or "changed". Safe at the same moment.

    The unique rule in the database keeps it one row: an insert that loses the race (a second tab) becomes an
    update of the row the other request made. The closing time is checked in the same transaction.
    """
    now = utcnow()
    values = {**values, "updated_at": now}
    with write_transaction(db.session):
        closes_at = db.session.scalar(select(Position.closes_at).where(Position.id == position_id))
        if closes_at is None:
            raise LookupError(position_id)
        if now >= closes_at:
            raise Closed()
        changing = update(Response).where(Response.position_id == position_id, match).values(**values)
        if rows_changed(db.session, changing):
            return "changed"
        try:
            with db.session.begin_nested():
                db.session.execute(insert(Response).values(position_id=position_id, created_at=now, **new_values,
                                                           **values))
        except IntegrityError:
            rows_changed(db.session, changing)  # the same person's other request was a moment earlier
            return "changed"
        return "new"


def respond(position_id: int, user: User, stance: str, argument: str = "") -> str:
    """Record `user`'s response (support, oppose or neutral, with their own words); a second one changes it.

    Raises Closed after the closing moment. Committed; returns "new" or "changed".
    """
    return _respond(position_id, Response.user_id == user.id, {"stance": stance, "argument": argument.strip()},
                    {"kind": "account", "user_id": user.id})


def walkin_key(name: str, detail: str) -> str:
    """Return what tells walk-ins apart: the name and the house number or phone, written one way.

    Case, accents, punctuation and spaces do not count ("José  de Vries" is "jose de vries"; "12-H" is "12h");
    a phone keeps its digits only, with +31 or 0031 read as 0.
    """
    def plain(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
        return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()

    digits = re.sub(r"\D", "", detail)
    if len(digits) >= 6:  # a phone number
        digits = re.sub(r"^(0031|31)", "0", digits) if detail.strip().startswith(("+", "00")) else digits
        shown = digits
    else:  # a house number, with its letter or addition
        shown = plain(detail).replace(" ", "")
    return f"{plain(name)}|{shown}"[:130]


def record_walkin(position_id: int, name: str, detail: str, stance: str, argument: str, named: bool,
                  librarian: User) -> str:
    """Record a walk-in's response at the kiosk; the same name and detail again changes their response.

    Raises Closed after the closing moment. Committed; returns "new" or "changed".
    """
    key = walkin_key(name, detail)
    values = {"stance": stance, "argument": argument.strip(), "walkin_name": name.strip(),
              "walkin_detail": detail.strip(), "walkin_named": named, "recorded_by_id": librarian.id}
    return _respond(position_id, Response.walkin_key == key, values, {"kind": "walkin", "walkin_key": key})


def create_position(title: str, text: str, background_url: str | None, last_day_open: date,
                    initiative_id: int | None, creator: User) -> Position:
    """Open a position for the neighbourhood; the caller commits."""
    position = Position(title=title.strip(), text=text.strip(), background_url=background_url or None,
                        closes_at=closes_at_for(last_day_open), initiative_id=initiative_id or None,
                        created_by_id=creator.id)
    db.session.add(position)
    db.session.flush()
    return position


def update_position(position: Position, title: str, text: str, background_url: str | None, last_day_open: date,
                    initiative_id: int | None) -> None:
    """Change a position's words, closing day or initiative; the caller commits."""
    position.title, position.text = title.strip(), text.strip()
    position.background_url = background_url or None
    position.closes_at = closes_at_for(last_day_open)
    position.initiative_id = initiative_id or None


def close_now(position: Position) -> None:
    """Close a position at once (a coordinator ends it early); the caller commits."""
    position.closes_at = min(position.closes_at, utcnow())


def follow_ups(position_id: int) -> list[FollowUp]:
    """Return the follow-up log of a position, oldest first."""
    return list(db.session.scalars(select(FollowUp).where(FollowUp.position_id == position_id)
                                   .order_by(FollowUp.happened_on, FollowUp.id).limit(100)))


def add_follow_up(position: Position, happened_on: date, carried_by: str, carried_to: str, what: str, answer: str,
                  author: User) -> FollowUp:
    """Write a step of the follow-up in the log; the caller commits."""
    entry = FollowUp(position_id=position.id, happened_on=happened_on, carried_by=carried_by.strip(),
                     carried_to=carried_to.strip(), what=what.strip(), answer=answer.strip(), author_id=author.id)
    db.session.add(entry)
    db.session.flush()
    return entry


def load_response(response_id: int, user: Viewer) -> Response | None:
    """Return a response with a visible argument, when `user` may see its position."""
    query = select(Response).join(Position, Position.id == Response.position_id).where(
        Response.id == response_id, Response.argument != "", visible(user))
    return db.session.scalar(query)


def report(response: Response, user: User) -> None:
    """Record that `user` finds this argument wrong, once per person even when sent twice at once (committed); not
    their own argument (no button offers it; a hand-made request records nothing)."""
    if response.user_id == user.id:
        return
    try:
        with write_transaction(db.session):
            db.session.add(ArgumentReport(response_id=response.id, user_id=user.id))
    except IntegrityError:
        pass  # reported already: the unique (response, person) pair keeps it one report


def set_hidden(response: Response, actor: User, hidden: bool) -> None:
    """Hide an argument (its stance still counts) or show it again; who and when is kept. The caller commits."""
    response.argument_hidden = hidden
    response.hidden_by_id, response.hidden_at = actor.id, utcnow()
    db.session.execute(update(ArgumentReport).where(ArgumentReport.response_id == response.id).values(handled=True))


def count_open_reports() -> int:
    """Count the reported arguments nobody has handled yet."""
    return db.session.scalar(select(func.count(func.distinct(ArgumentReport.response_id)))
                             .where(ArgumentReport.handled.is_(False))) or 0


def reported_arguments(limit: int = 50) -> list[Response]:
    """Return the reported arguments not yet handled, newest first, for the coordinators."""
    reported = select(ArgumentReport.response_id).where(ArgumentReport.handled.is_(False))
    return list(db.session.scalars(select(Response).options(joinedload(Response.user))
                                   .where(Response.id.in_(reported)).order_by(Response.id.desc()).limit(limit)))


def titles_by_id(ids: set[int]) -> dict[int, str]:
    """Return the titles of the given positions (one query)."""
    if not ids:
        return {}
    rows = db.session.execute(select(Position.id, Position.title).where(Position.id.in_(ids)))
    return {row.id: row.title for row in rows}


def purge_walkin_details() -> int:
    """Delete what tells walk-ins apart once their position closed; their name stays only if they agreed.

    Returns how many responses lost details.
    """
    closed = select(Position.id).where(Position.closes_at <= utcnow())
    changed = rows_changed(db.session, update(Response).where(
        Response.kind == "walkin", Response.walkin_key.is_not(None), Response.position_id.in_(closed))
        .values(walkin_detail=None, walkin_key=None))
    db.session.execute(update(Response).where(
        Response.kind == "walkin", Response.walkin_named.is_(False), Response.walkin_name.is_not(None),
        Response.position_id.in_(closed)).values(walkin_name=None))
    return changed


def forget_person(user: User) -> None:
    """When an account is deleted: on open positions the response goes; on closed ones the stance still counts,
    anonymously and without the person's words, because that result was already carried to the city."""
    closed = select(Position.id).where(Position.closes_at <= utcnow())
    db.session.execute(update(Response).where(Response.user_id == user.id, Response.position_id.in_(closed))
                       .values(kind="former", user_id=None, argument="", argument_hidden=False))
    db.session.execute(delete(Response).where(Response.user_id == user.id))


def export_person(user: User) -> list[dict]:
    """Return the responses a person gave and the arguments they reported, for "download my data"."""
    rows = db.session.execute(select(Position.title, Response).join(Position, Position.id == Response.position_id)
                              .where(Response.user_id == user.id).order_by(Response.id)).all()
    reports = db.session.scalars(select(ArgumentReport.response_id).where(ArgumentReport.user_id == user.id)).all()
    return [{"position": title, "stance": response.stance, "argument": response.argument,
             "created_at": response.created_at.isoformat(), "updated_at": response.updated_at.isoformat()}
            for title, response in rows] + [{"reported_argument": response_id} for response_id in reports]
