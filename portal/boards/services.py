"""Task rules: who sees which board, claiming without over-claiming, the load guard, and reminders."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from flask import current_app, url_for
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
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
    insert,
    literal_column,
    not_,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload, selectinload
from sqlalchemy.sql.selectable import ScalarSelect

from portal.accounts.models import User, Viewer
from portal.accounts.names import Person
from portal.boards import mails
from portal.boards.cards import Board, Card, CardClaim
from portal.boards.models import Claim, TakeoverRequest, Task, TaskSkill, needs_people
from portal.boards.titles import retitle, titles_of
from portal.core.registry import overlapping_tasks
from portal.core.signals import members_only_changed, task_finished
from portal.core.time import today
from portal.db import rows_changed, utcnow, write_transaction
from portal.extensions import db
from portal.initiatives import services as initiatives
from portal.initiatives.models import Initiative, Membership
from portal.permissions import has_role

HORIZON = timedelta(days=28)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
COLUMN_LIMIT = 12
DONE_LIMIT = 6
HELP_PAGE = 10
NEWCOMER_TASKS = 3  # people who did fewer tasks than this see good first tasks first


class ClaimRefused(Exception):
    """A claim (or a finish) cannot be made; `reason` is "full", "done", "already", "not-yours" or "stopped" (its
    initiative has stopped and takes no new work)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def task_visible(user: Viewer) -> ColumnElement[bool]:
    """Return a condition on Task: `user` may see it. The initiatives' one rule: its initiative is visible to them,
    and a task the initiative keeps for its members (a members-only event's shift) only to those."""
    return initiatives.linked_visible(user, Task.initiative_id, members_only=Task.members_only)


def sees_members_only(user: Viewer, member: bool) -> bool:
    """Tell whether `user`, a member of a board's initiative or not (`member`), sees the tasks it keeps for its
    members on that board (no query: the board's page knows the membership already)."""
    return member or has_role(user, "coordinator")


def _on_board(user: Viewer) -> ColumnElement[bool]:
    """Return a condition on Task, for counts of boards `user` may see: the tasks their initiative keeps for its
    members only count for those (`task_visible`, without asking about the board again)."""
    return initiatives.kept_visible(user, Task.initiative_id, Task.members_only)


def _count_of(user: Viewer, *conditions: ColumnElement[bool]) -> ScalarSelect[int]:
    """Return a count of the tasks of the initiative in the outer query that meet `conditions` and that `user` may
    see, read per initiative through an index: a join with every task and a GROUP BY read the whole tasks table on
    PostgreSQL (34 ms at 50,000 tasks, growing with the data)."""
    return select(func.count()).where(Task.initiative_id == Initiative.id, _on_board(user), *conditions)\
        .correlate(Initiative).scalar_subquery()


def _needing_count(user: Viewer) -> ScalarSelect[int]:
    # The partial index ix_tasks_initiative_needing's condition, so SQLite counts from that index alone (it holds
    # members_only too) instead of reading every unfinished task's row. A stopped initiative's open tasks are history:
    # nobody is asked to help there (initiatives.takes_new_work), so they count for nothing here.
    return _count_of(user, needs_people(), initiatives.taking_new_work())


def boards(user: Viewer) -> list[tuple[Initiative, int, int]]:
    """Return the visible initiatives with their count of tasks that need people and of tasks done (of the tasks
    `user` may see)."""
    rows = db.session.execute(select(Initiative, _needing_count(user), _count_of(user, Task.status == "done"))
                              .where(Initiative.id.in_(initiatives.visible_ids(user)))
                              .order_by(Initiative.name).limit(200)).all()
    return [(row[0], row[1], row[2]) for row in rows]


def _needing_statement(viewer: Viewer) -> Executable:
    return select(Initiative.id, _needing_count(viewer)).where(Initiative.id.in_(bindparam("ids", expanding=True)),
                                                               Initiative.id.in_(initiatives.visible_ids(viewer)))


def needing_counts(initiative_ids: list[int], user: Viewer) -> dict[int, int]:
    """Return, for each of these initiatives that `user` may see, how many of its tasks need people (one query,
    its statement built once per role)."""
    if not initiative_ids:
        return {}
    rows = initiatives.run_visible("boards.needing_counts", user, (), _needing_statement, {"ids": list(initiative_ids)})
    return {row[0]: row[1] for row in rows}


def _with_people(query: Select) -> Select:
    return query.options(selectinload(Task.skills), selectinload(Task.claims).joinedload(Claim.user))


# What a card shows, in the order of cards.Card's fields: a plain select of these costs a fraction of loading Tasks.
CARD_COLUMNS = (Task.id, Task.initiative_id, Task.title, Task.estimate_minutes, Task.due_date, Task.place,
                Task.places_needed, Task.places_taken, Task.status, Task.good_first, Task.with_buddy, Task.done_at)


def _board_statements() -> dict[str, Executable]:
    """Build, once, the statements of a board and its cards: plain Core on the tables, with bound parameters, so a
    request neither builds them nor works out their cache keys again (SQLAlchemy keeps a statement's key).

    A board's columns and counts come twice: all its tasks, for its members and coordinators, and without the ones
    its initiative keeps for its members ("open_"), for everyone else who may see the board."""
    tasks, skills, claims, users = Task.__table__.c, TaskSkill.__table__.c, Claim.__table__.c, User.__table__.c
    columns = [tasks[column.key] for column in CARD_COLUMNS]
    soonest = (tasks.due_date.is_(None), tasks.due_date, tasks.id)
    board = bindparam("initiative_id", type_=Integer)
    ids = bindparam("ids", expanding=True, type_=Integer)

    def on_board(everything: bool) -> list[ColumnElement[bool]]:
        return [tasks.initiative_id == board] + ([] if everything else [not_(tasks.members_only)])

    def board_columns(everything: bool) -> Executable:
        return union_all(*(
            select(select(*columns).where(*on_board(everything), tasks.status == status)
                   .order_by(*order).limit(limit).subquery())
            for status, order, limit in (("open", soonest, COLUMN_LIMIT), ("in_progress", soonest, COLUMN_LIMIT),
                                         ("done", (tasks.done_at.desc(), tasks.id.desc()), DONE_LIMIT))))

    return {
        "columns": board_columns(True),
        "open_columns": board_columns(False),
        "counts": select(tasks.status, func.count()).where(*on_board(True)).group_by(tasks.status),
        "open_counts": select(tasks.status, func.count()).where(*on_board(False)).group_by(tasks.status),
        "skills": select(skills.task_id, skills.skill).where(skills.task_id.in_(ids))
        .order_by(skills.task_id, skills.skill),
        "people": select(claims.task_id, claims.id, claims.user_id, claims.recorded_by_id, claims.walkin_name,
                         claims.part_done_at, users.name, users.show_name_in_public)
        .select_from(Claim.__table__.outerjoin(User.__table__, users.id == claims.user_id))
        .where(claims.task_id.in_(ids)).order_by(claims.id),
        "done": select(func.count()).select_from(Claim.__table__.join(Task.__table__, tasks.id == claims.task_id))
        .where(claims.user_id == bindparam("user_id", type_=Integer), tasks.status == "done"),
    }


STATEMENTS = _board_statements()


def _soonest(card: Card) -> tuple:
    return card.due_date is None, card.due_date or date.min, card.id


def cards_of(rows: Iterable[Row], with_board: bool = False) -> list[Card]:
    """Return cards for rows of CARD_COLUMNS (and the initiative's name, `with_board`), without skills and people
    yet (`fill`)."""
    width = len(CARD_COLUMNS)
    cards = []
    for row in rows:
        card = Card(*row[:width])
        if with_board:
            card.initiative = Board(card.initiative_id, row[width])
        cards.append(card)
    return cards


def fill(cards: list[Card]) -> list[Card]:
    """Give cards their skills and the people on them: two queries for any number of cards, none without."""
    if not cards:
        return cards
    by_id: dict[int, list[Card]] = {}
    for card in cards:
        by_id.setdefault(card.id, []).append(card)
    ids = {"ids": list(by_id)}
    for task_id, skill in db.session.execute(STATEMENTS["skills"], ids):
        for card in by_id[task_id]:
            card.skill_names.append(skill)
    for task_id, claim_id, user_id, recorded_by_id, walkin_name, part_done_at, name, public in db.session.execute(
            STATEMENTS["people"], ids):
        person = Person(user_id, name, public) if user_id is not None else None
        claim = CardClaim(claim_id, user_id, recorded_by_id, walkin_name, part_done_at, person)
        for card in by_id[task_id]:
            card.claims.append(claim)
    return cards


class BoardHead(NamedTuple):
    """What a board's page shows of its initiative, and whether the viewer is a member of it."""

    id: int
    name: str
    purpose: str | None
    description: str | None
    member: bool
    status: str = "active"  # the initiative's status: a stopped one takes no new work (initiatives.takes_new_work)


_HEAD = aliased(Initiative)  # the board's initiative: the visibility rule's EXISTS keeps its own FROM initiatives


def _board_head_statement(viewer: Viewer) -> Executable:
    member: ColumnElement[bool] = false()
    if getattr(viewer, "is_authenticated", False):
        member = exists().where(Membership.initiative_id == _HEAD.id, Membership.user_id == viewer.id)
    return select(_HEAD.id, _HEAD.name, _HEAD.purpose, _HEAD.description, member, _HEAD.status).where(
        _HEAD.id == bindparam("initiative_id", type_=Integer), initiatives.linked_visible(viewer, _HEAD.id))


def board_head(initiative_id: int, user: Viewer) -> BoardHead | None:
    """Return the initiative of a board with the viewer's membership, when `user` may see it (the initiatives' one
    rule), else None: one statement, built once per role."""
    row = initiatives.run_visible("boards.head", user, (), _board_head_statement,
                                  {"initiative_id": initiative_id}).first()
    return BoardHead(row[0], row[1], row[2], row[3], bool(row[4]), row[5]) if row is not None else None


def _board_statement(name: str, viewer: Viewer, member: bool) -> Executable:
    return STATEMENTS[name if sees_members_only(viewer, member) else f"open_{name}"]


def board_columns(initiative: Initiative | BoardHead, viewer: Viewer, member: bool) -> dict[str, list[Card]]:
    """Return a board's cards per column as `viewer` (a member of its initiative or not) may see and read them: open
    and in progress soonest first, done newest first (four queries: the columns in one, their skills, their people,
    their titles)."""
    rows = db.session.execute(_board_statement("columns", viewer, member), {"initiative_id": initiative.id})
    columns: dict[str, list[Card]] = {"open": [], "in_progress": [], "done": []}
    for card in retitle(fill(cards_of(rows)), viewer):
        columns[card.status].append(card)
    columns["open"].sort(key=_soonest)
    columns["in_progress"].sort(key=_soonest)
    columns["done"].sort(key=lambda card: (card.done_at is not None, card.done_at or EPOCH, card.id), reverse=True)
    return columns


def column_counts(initiative: Initiative | BoardHead, viewer: Viewer, member: bool) -> dict[str, int]:
    """Return how many tasks each column of a board holds, of those `viewer` may see (one grouped query)."""
    rows = db.session.execute(_board_statement("counts", viewer, member), {"initiative_id": initiative.id})
    return {"open": 0, "in_progress": 0, "done": 0} | {status: count for status, count in rows}


def can_see(task: Task, user: Viewer) -> bool:
    """Tell whether `user` may see `task` (loaded with its initiative): `task_visible`'s rule, for one task (one
    query at most)."""
    return initiatives.can_see(task.initiative, user, task.members_only)


def anyone_may_see(task: Task) -> bool:
    """Tell whether everyone, logged in or not, may see `task` (loaded with its initiative): its board is open to
    everyone, and it is not kept for the initiative's members (no query)."""
    return can_see(task, None)


def load_task(task_id: int) -> Task | None:
    return db.session.scalars(_with_people(select(Task).where(Task.id == task_id))
                              .options(selectinload(Task.initiative))).one_or_none()


def claimed_ids(user: Viewer, tasks: Sequence[Task | Card]) -> set[int]:
    """Return the ids among `tasks` that `user` claimed (from the loaded claims, no query)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {task.id for task in tasks for claim in task.claims if claim.user_id == user.id}


def done_count(user: User) -> int:
    return db.session.scalar(STATEMENTS["done"], {"user_id": user.id}) or 0


def where_to_help(user: Viewer, skill: str | None, max_minutes: int | None, after: tuple | None,
                  initiative_id: int | None) -> tuple[list[Card], list[Card], str | None]:
    """Return what "where can I help?" shows: starter tasks (for people who did fewer than three tasks, on the first
    page), a page of open places (`help_page`) and its next cursor, titled as `user` reads them: at most six
    queries, whatever the data."""
    starters = []
    if getattr(user, "is_authenticated", False) and done_count(user) < NEWCOMER_TASKS:
        starters = _starter_rows(user)
    # A task shows once a page: the starters at the top are left out of the list below, on every page of it.
    tasks, cursor = _help_rows(user, skill, max_minutes, after, initiative_id,
                               leave_out=tuple(task.id for task in starters))
    if after is not None:
        starters = []
    retitle(fill(starters + tasks), user)
    return starters, tasks, cursor


def help_page(user: Viewer, skill: str | None = None, max_minutes: int | None = None, after: tuple | None = None,
              initiative_id: int | None = None, size: int = HELP_PAGE, leave_out: tuple = (),
              not_mine: bool = False) -> tuple[list[Card], str | None]:
    """Return open places across visible boards as cards, soonest due first (keyset paged), and the next cursor.

    `leave_out`: ids shown elsewhere on the page (a task appears once per page); `not_mine`: leave out the tasks
    `user` is on already (they show under "My tasks"). Four queries (the cards, their skills, their people, their
    titles as `user` reads them).
    """
    tasks, cursor = _help_rows(user, skill, max_minutes, after, initiative_id, size, leave_out, not_mine)
    return retitle(fill(tasks), user), cursor


def _help_rows(user: Viewer, skill: str | None = None, max_minutes: int | None = None, after: tuple | None = None,
               initiative_id: int | None = None, size: int = HELP_PAGE, leave_out: tuple = (),
               not_mine: bool = False) -> tuple[list[Card], str | None]:
    """Return the cards of `help_page` without skills and people yet, and the next cursor (one query).

    Tasks with a due date come first, in (due_date, id) order along its index; then those without one, by id: the
    two in one UNION ALL, each walking its own index and stopping at its limit, whatever the size of the data.
    """
    not_mine = not_mine and getattr(user, "is_authenticated", False)
    after_kind = None if not after else "undated" if after[0] is None else "dated"
    shape = (bool(skill), bool(max_minutes), bool(initiative_id), bool(leave_out), not_mine, after_kind, size)

    def build(viewer: Viewer) -> Executable:
        query = _open_cards().where(task_visible(viewer))
        if skill:
            query = query.where(exists().where(TaskSkill.task_id == Task.id, TaskSkill.skill == bindparam("skill")))
        if max_minutes:
            query = query.where(Task.estimate_minutes <= bindparam("max_minutes"))
        if initiative_id:
            query = query.where(Task.initiative_id == bindparam("initiative_id"))
        if leave_out:
            query = query.where(Task.id.not_in(bindparam("leave_out", expanding=True)))
        if not_mine:
            mine = exists().where(Claim.task_id == Task.id,
                                  Claim.user_id == bindparam("viewer_id", type_=Integer, required=True))
            query = query.where(~mine)
        # A day that has passed is not offered: too late to help with, and a walk-in could be signed up for it.
        dated = query.where(Task.due_date >= bindparam("today", type_=Date)).order_by(Task.due_date, Task.id)
        undated = query.where(Task.due_date.is_(None)).order_by(Task.id)
        if after_kind == "undated":
            dated = dated.where(false())
            undated = undated.where(Task.id > bindparam("last_id"))
        elif after_kind == "dated":
            due, last_id = bindparam("due", type_=Date), bindparam("last_id", type_=Integer)
            dated = dated.where(or_(Task.due_date > due, and_(Task.due_date == due, Task.id > last_id)))
        return _soonest_first(dated, undated, size + 1)

    tasks = _soonest_of(initiatives.run_visible("boards.help", user, shape, build, {
        "skill": skill, "max_minutes": max_minutes, "initiative_id": initiative_id, "leave_out": list(leave_out),
        "due": after[0] if after else None, "last_id": after[1] if after else None, "today": today()}), size + 1)
    cursor = None
    if len(tasks) > size:
        last = tasks[size - 1]
        cursor = f"{last.due_date.isoformat() if last.due_date else 'none'}_{last.id}"
    return tasks[:size], cursor


def _open_cards() -> Select:
    """Return a select of the card columns and board name of the tasks that still need people."""
    board = aliased(Initiative)  # an alias, so the visibility EXISTS keeps its own FROM initiatives
    # A stopped initiative's open tasks stay on its board as history; nobody is asked to help with them.
    return select(*CARD_COLUMNS, board.name).join(board, board.id == Task.initiative_id).where(
        needs_people(), initiatives.taking_new_work(board))


def _soonest_first(dated: Select, undated: Select, limit: int) -> Executable:
    """Return one statement for the first `limit` rows of `dated` and of `undated`."""
    return union_all(select(dated.limit(limit).subquery()), select(undated.limit(limit).subquery()))


def _soonest_of(rows: Iterable[Row], limit: int) -> list[Card]:
    """Return the first `limit` cards of the rows of a `_soonest_first` statement: soonest first, then those without
    a date."""
    return sorted(cards_of(rows, with_board=True), key=_soonest)[:limit]


def _starter_rows(user: User, limit: int = 5) -> list[Card]:
    """Return good first tasks and tasks with a buddy, soonest first, without skills and people yet (one query:
    each half walks its index and stops at the limit, the same cost with a hundred tasks or a million)."""
    def build(viewer: Viewer) -> Executable:
        query = _open_cards().where(or_(Task.good_first.is_(True), Task.with_buddy.is_(True)), task_visible(viewer))
        return _soonest_first(query.where(Task.due_date >= bindparam("today", type_=Date))
                              .order_by(Task.due_date, Task.id),
                              query.where(Task.due_date.is_(None)).order_by(Task.id), limit)

    return _soonest_of(initiatives.run_visible("boards.starters", user, (limit,), build, {"today": today()}),
                       limit)


# Built once: the cards of the unfinished tasks a person is on with a part still to do, soonest due first.
_MY_TASKS = select(*CARD_COLUMNS).join(Claim, Claim.task_id == Task.id).where(
    Claim.user_id == bindparam("user_id", type_=Integer), Claim.part_done_at.is_(None), Task.status != "done")\
    .order_by(Task.due_date.is_(None), Task.due_date, Task.id).limit(bindparam("limit", type_=Integer))


def my_tasks(user: User, limit: int = 10, viewer: Viewer | None = None) -> list[Card]:
    """Return the unfinished tasks `user` is on with a part still to do, soonest due first, as cards titled as
    `viewer` (default: `user`) reads them (four queries: the cards, their skills, their people, their titles)."""
    return retitle(fill(cards_of(db.session.execute(_MY_TASKS, {"user_id": user.id, "limit": limit}))),
                   user if viewer is None else viewer)


def known_skills(user: Viewer, limit: int = 60) -> list[str]:
    """Return the skills of tasks `user` may see, A to Z, hopping along the skill index (a loose index scan).

    A skill used only on members-only boards stays unknown to outsiders (the initiatives' one rule).
    """
    def build(viewer: Viewer) -> Executable:
        visible_skill = exists().where(Task.id == TaskSkill.task_id, task_visible(viewer))
        # ORDER BY ... LIMIT 1 rather than min(): PostgreSQL then walks the skill index and stops at the first
        # visible row; with min() and the EXISTS inside it joined all task skills at every hop (60 ms at 50,000
        # tasks).
        first = select(TaskSkill.skill).where(visible_skill).order_by(TaskSkill.skill).limit(1)
        skills = select(first.scalar_subquery().label("skill")).cte("skills", recursive=True)
        following = select(select(TaskSkill.skill).where(TaskSkill.skill > skills.c.skill, visible_skill)
                           .order_by(TaskSkill.skill).limit(1).scalar_subquery()).where(skills.c.skill.is_not(None))
        skills = skills.union_all(following)
        return select(skills.c.skill).where(skills.c.skill.is_not(None)).limit(limit)

    return list(initiatives.run_visible("boards.skills", user, (limit,), build).scalars())


# --- claiming -----------------------------------------------------------------------------------

def claim(task_id: int, user: User | None, walkin_name: str | None = None, recorded_by: User | None = None,
          walkin_phone: str | None = None) -> int:
    """Take one place of a task and return the claim's id. Safe when many claim the last place at once: exactly
    one gets it.

    The counter moves only WHERE places_taken < places_needed (one atomic UPDATE, row-locked on PostgreSQL,
    serialised on SQLite), and the database checks places_taken <= places_needed as well.
    """
    try:
        with write_transaction(db.session):
            if user is not None and db.session.scalar(select(exists().where(Claim.task_id == task_id,
                                                                            Claim.user_id == user.id))):
                raise ClaimRefused("already")
            moved = rows_changed(db.session, update(Task).where(
                Task.id == task_id, Task.status != "done", Task.places_taken < Task.places_needed,
                initiatives.linked_taking_new_work(Task.initiative_id),
            ).values(places_taken=Task.places_taken + 1, status="in_progress"))
            if moved != 1:
                status, open_for_work = db.session.execute(select(
                    Task.status, initiatives.linked_taking_new_work(Task.initiative_id)).where(
                    Task.id == task_id)).one_or_none() or ("done", True)
                raise ClaimRefused("done" if status == "done" else "full" if open_for_work else "stopped")
            claim_id = db.session.execute(insert(Claim).values(
                task_id=task_id, user_id=user.id if user else None, walkin_name=walkin_name,
                walkin_phone=walkin_phone or None, recorded_by_id=recorded_by.id if recorded_by else None,
                created_at=utcnow()).returning(Claim.id)).scalar_one()
    except IntegrityError as error:
        raise ClaimRefused("already") from error
    return claim_id


def hand_back(task_id: int, user: User) -> bool:
    """Give your place back (not once your part is done); the task reopens when nobody is left on it."""
    with write_transaction(db.session):
        if rows_changed(db.session, delete(Claim).where(Claim.task_id == task_id, Claim.user_id == user.id,
                                                        Claim.part_done_at.is_(None))) != 1:
            return False
        _free_place(task_id)
    return True


def _free_place(task_id: int) -> None:
    """Give a place back to a task; it reopens when nobody is left on it (SET reads the old values)."""
    db.session.execute(update(Task).where(Task.id == task_id).values(
        places_taken=Task.places_taken - 1,
        status=case((Task.places_taken - 1 == 0, "open"), else_=Task.status)))


def finish(task_id: int, user: User, whole: bool) -> tuple[str, list[str]]:
    """Mark `user`'s part of a task done, and close the task when `whole` (allowed) or when the last part is done.

    Returns ("closed" or "part", links to what others made of it: the applause). One transaction, the task row
    locked first (SQLite: BEGIN IMMEDIATE), so two people finishing at once close it once and thank once.
    """
    with write_transaction(db.session):
        db.session.execute(select(Task.id).where(Task.id == task_id).with_for_update())
        task = load_task(task_id)
        if task is None or not task.can_finish(user) or (whole and not task.can_close(user)):
            raise ClaimRefused("done" if task is not None and task.status == "done" else "not-yours")
        now = utcnow()
        mine = [claim.id for claim in task.open_parts_of(user)]
        if mine:
            db.session.execute(update(Claim).where(Claim.id.in_(mine), Claim.part_done_at.is_(None))
                               .values(part_done_at=now))
        everyone_done = all(claim.part_done_at is not None or claim.id in mine for claim in task.claims)
        if not (whole or (everyone_done and task.places_left == 0)):
            return "part", []
        closed_query = update(Task).where(Task.id == task_id, Task.status != "done").values(status="done",
                                                                                              done_at=now)
        if rows_changed(db.session, closed_query) != 1:
            return "part", []
        doer_ids = [claim.user_id for claim in task.claims if claim.user_id is not None]
        walkins = sum(1 for claim in task.claims if claim.user_id is None)
        answers = task_finished.send(None, task_id=task.id, initiative_id=task.initiative_id,
                                     doer_ids=doer_ids or ([] if walkins else [user.id]), walkin_count=walkins,
                                     members_only=task.members_only)
    db.session.expire_all()
    return "closed", [link for _listener, link in answers if isinstance(link, str)]


def purge_walkin_names() -> int:
    """Blank the names and phone numbers of walk-in residents on claims of tasks that are done; the caller commits."""
    return rows_changed(db.session, update(Claim).where(
        Claim.user_id.is_(None), or_(Claim.walkin_name != "—", Claim.walkin_phone.is_not(None)),
        Claim.task_id.in_(select(Task.id).where(Task.status == "done"))).values(walkin_name="—", walkin_phone=None))


def walkin_claim(claim_id: int) -> Claim | None:
    """Return a walk-in resident's claim with its task, board and the librarian who wrote it down, for the slip."""
    return db.session.scalar(select(Claim).where(Claim.id == claim_id, Claim.user_id.is_(None)).options(
        joinedload(Claim.task).joinedload(Task.initiative), joinedload(Claim.recorded_by)))


# --- the load guard -----------------------------------------------------------------------------

def _coming_hours(horizon: date | BindParameter[date] | None = None) -> Select:
    """Minutes of unfinished claimed tasks due by `horizon` (default: within four weeks) or without a due date,
    per person: the load guard's measure.

    Written for the (status, due date) index: unfinished is "open" or "in progress" (the same as "not done", which
    the index cannot seek), and it groups by `user_id + 0`: grouped by the bare column, SQLite walked the claims'
    user index to spare the grouping a sort, and so looked up the task of every claim ever made, finished work
    too."""
    person = (Claim.user_id + literal_column("0")).label("user_id")
    return (select(person, func.sum(Task.estimate_minutes).label("minutes"))
            .join(Task, Task.id == Claim.task_id)
            .where(Claim.user_id.is_not(None), Task.status.in_(("open", "in_progress")),
                   Claim.part_done_at.is_(None),
                   or_(Task.due_date.is_(None), Task.due_date <= (today() + HORIZON if horizon is None else horizon)))
            .group_by(person))


def load_of(user: User) -> dict:
    """Return what a person carries: hours claimed for the coming four weeks (the load guard's measure) and hours
    done in the past four."""
    coming = coming_hours_of([user.id]).get(user.id, 0.0)
    done = db.session.scalar(select(func.coalesce(func.sum(Task.estimate_minutes), 0)).join(
        Claim, Claim.task_id == Task.id).where(
            Claim.user_id == user.id, or_(Task.status == "done", Claim.part_done_at.is_not(None)),
            func.coalesce(Claim.part_done_at, Task.done_at) >= utcnow() - HORIZON))
    threshold = current_app.config["LOAD_THRESHOLD_HOURS"]
    done = done or 0
    return {"coming": coming, "done": done / 60, "threshold": threshold, "over": coming > threshold}


def load_if_over(task: Task, user: User) -> dict | None:
    """Return what `user` carries when taking `task` would put them past the load threshold, else None."""
    load = load_of(user)
    return load if load["coming"] + task.hours > load["threshold"] else None


def open_task_ids_of(user_id: int) -> Select:
    """The ids of the unfinished tasks a person is on, their own part not done yet: a statement for another
    feature's query (an event's shifts that overlap), run there, not here."""
    return select(Claim.task_id).join(Task, Task.id == Claim.task_id).where(
        Claim.user_id == user_id, Claim.part_done_at.is_(None), Task.status != "done")


def overlapping(task: Task, user: User) -> list[tuple[str, str]]:
    """Return (title, time) of the unfinished tasks `user` is on that happen at the same time as `task` (an
    event's shifts), as `user` reads them, soonest first; [] when none (or when `task` has no set time)."""
    found = overlapping_tasks(task.id, user)
    if not found:
        return []
    shown = titles_of(db.session.execute(select(Task.id, Task.title).where(Task.id.in_(found))).tuples().all(), user)
    return [(shown[task_id], shown.times.get(task_id, "")) for task_id in found if task_id in shown]


def sharer_for(task: Task, user: User) -> User | None:
    """Suggest someone to share `task` with, other than `user`, the people already on it and whoever said no
    to taking over `user`'s place on it."""
    said_no = set(db.session.scalars(select(TakeoverRequest.to_user_id).where(
        TakeoverRequest.task_id == task.id, TakeoverRequest.from_user_id == user.id,
        TakeoverRequest.status == "declined")))
    return suggest_sharer(task, {user.id} | said_no | {claim.user_id for claim in task.claims if claim.user_id})


def suggest_sharer(task: Task, exclude: set[int]) -> User | None:
    """Suggest someone to share a task with: a member of its initiative, not paused, carrying the least."""
    coming = _coming_hours().subquery()
    query = (select(User).join(Membership, Membership.user_id == User.id)
             .outerjoin(coming, coming.c.user_id == User.id)
             .where(Membership.initiative_id == task.initiative_id,
                    or_(User.paused_until.is_(None), User.paused_until < today()))
             .order_by(func.coalesce(coming.c.minutes, 0), User.id).limit(1))
    if exclude:
        query = query.where(User.id.not_in(exclude))
    return db.session.scalar(query)


class Carrier(NamedTuple):
    """A person on the load guard's list."""

    id: int
    name: str
    paused_until: date | None


def _overloaded_statement() -> Executable:
    coming = _coming_hours(bindparam("horizon", type_=Date)).subquery()
    return (select(User.id, User.name, User.paused_until, coming.c.minutes).join(coming, coming.c.user_id == User.id)
            .where(coming.c.minutes > bindparam("minutes"))
            .order_by(coming.c.minutes.desc(), User.id).limit(bindparam("limit", type_=Integer)))


_OVERLOADED = _overloaded_statement()  # built once


def overloaded(limit: int = 50) -> list[tuple[Carrier, float]]:
    """Return people carrying more than the threshold in the coming four weeks, most first (in SQL).

    The measure is a sum over a rolling four weeks, so it is summed at each visit from every unfinished claim in
    that window (`_coming_hours`, which starts from those tasks: 17 ms of SQLite at 37,500 claims, not 33): this
    grows with the open work."""
    rows = db.session.execute(_OVERLOADED, {"horizon": today() + HORIZON, "limit": limit,
                                            "minutes": current_app.config["LOAD_THRESHOLD_HOURS"] * 60})
    return [(Carrier(user_id, name, paused_until), total / 60) for user_id, name, paused_until, total in rows]


@dataclass(slots=True)
class ListedTask:
    """A task as the load guard and the weekly summary list it: its title (stored: the reader's is given by
    titles.retitle, where the list is shown), days and board."""

    id: int
    initiative_id: int
    title: str
    due_date: date | None
    created_at: datetime
    initiative: Board

    @property
    def dom_id(self) -> str:
        return f"task-{self.id}"


_LISTED = (Task.id, Task.initiative_id, Task.title, Task.due_date, Task.created_at, Initiative.name)
# Built once: the load guard's lists, as the columns they show (the ORM loaded every column of the tasks and then
# their initiatives in a second query).
_STALE = select(*_LISTED).join(Initiative, Initiative.id == Task.initiative_id).where(
    Task.status != "done", Task.places_taken < Task.places_needed, Task.created_at < bindparam("before")
).order_by(Task.created_at).limit(bindparam("limit", type_=Integer))
# Due within a week or late already, with nobody on it, of initiatives that still take work (a stopped one's open
# tasks are history: nobody is asked to help there).
_DUE_WITH_NOBODY = select(*_LISTED).join(Initiative, Initiative.id == Task.initiative_id).where(
    needs_people(), Task.places_taken == 0, Task.due_date <= bindparam("until", type_=Date),
    initiatives.taking_new_work(),
).order_by(Task.due_date, Task.id).limit(bindparam("limit", type_=Integer))


def _listed(statement: Executable, values: dict) -> list[ListedTask]:
    return [ListedTask(task_id, initiative_id, title, due_date, created_at, Board(initiative_id, name))
            for task_id, initiative_id, title, due_date, created_at, name in db.session.execute(statement, values)]


def stale_tasks(limit: int = 50) -> list[ListedTask]:
    """Return tasks open for more than a week that still need people, oldest first (one query)."""
    return _listed(_STALE, {"before": utcnow() - timedelta(days=7), "limit": limit})


def count_due_without_anyone() -> int:
    """Count the tasks due within a week (or late) that nobody has claimed (what due_without_anyone lists)."""
    return db.session.scalar(select(func.count()).select_from(Task).where(
        Task.status != "done", Task.places_taken == 0, Task.due_date <= today() + timedelta(days=7),
        initiatives.linked_taking_new_work(Task.initiative_id))) or 0


def due_without_anyone(limit: int = 50) -> list[ListedTask]:
    """Return tasks due within a week (or late already) that nobody has claimed, soonest first (one query)."""
    return _listed(_DUE_WITH_NOBODY, {"until": today() + timedelta(days=7), "limit": limit})


# --- from a meeting to action -------------------------------------------------------------------

def tasks_from_rows(initiative: Initiative, rows: list[dict], author: User) -> list[Task]:
    """Make the open tasks of a corrected meeting preview (title, minutes, places, due per row); caller commits."""
    tasks = [Task(initiative_id=initiative.id, title=row["title"], estimate_minutes=row["minutes"],
                  places_needed=row["places"], due_date=row["due"], created_by_id=author.id) for row in rows]
    db.session.add_all(tasks)
    return tasks


def task_from_idea(title: str, description: str, initiative_id: int | None, actor_id: int) -> tuple[int, int]:
    """Put an idea from the ideas box on an initiative's board as an open task; return (task id, initiative id)."""
    if initiative_id is None:
        raise ValueError("a task needs a board")
    task = Task(initiative_id=initiative_id, title=title[:160], description=description, created_by_id=actor_id)
    db.session.add(task)
    db.session.flush()
    return task.id, initiative_id


def describe_task(task_id: int, user: Viewer) -> tuple[str, str] | None:
    """Return a task's title as `user` reads it and the path to it on its board, when `user` may see that board."""
    row = db.session.execute(select(Task.title, Task.initiative_id).where(Task.id == task_id, task_visible(user)))\
        .one_or_none()
    if row is None:
        return None
    return titles_of([(task_id, row.title)], user)[task_id], url_for(
        "boards.show_board", initiative_id=row.initiative_id, _anchor=f"task-{task_id}")


# --- personal data ------------------------------------------------------------------------------

def export_person(user: User) -> dict:
    """Return what "download my data" holds of the tasks a person is on (their titles as they read them)."""
    claims = db.session.execute(select(Task.id, Task.title, Task.status).join(Claim, Claim.task_id == Task.id)
                                .where(Claim.user_id == user.id)).all()
    titles = titles_of(((task_id, title) for task_id, title, _status in claims), user)
    return {"tasks": [{"title": titles[task_id], "status": status} for task_id, _title, status in claims],
            "paused_until": user.paused_until.isoformat() if user.paused_until else None}


def forget_person(user: User) -> None:
    """When an account is deleted: its places on unfinished tasks free up."""
    for task_id in db.session.scalars(select(Claim.task_id).join(Task).where(Claim.user_id == user.id,
                                                                             Task.status != "done")):
        _free_place(task_id)
    db.session.execute(delete(Claim).where(Claim.user_id == user.id))



# --- asking someone to take over ----------------------------------------------------------------

def ask_takeover(task: Task, from_user: User, to_user: User, asked_by: User) -> TakeoverRequest | None:
    """Ask `to_user` whether they will take over `from_user`'s place on `task`; the caller commits.

    Returns None when a question about this place is open already: nobody gets the same question twice (a
    second tap, or two coordinators at once; the database's one-open-question index decides).
    """
    if open_takeover(task.id, from_user.id) is not None:
        return None
    request = TakeoverRequest(task_id=task.id, from_user_id=from_user.id, to_user_id=to_user.id,
                              asked_by_id=asked_by.id)
    try:
        with db.session.begin_nested():
            db.session.add(request)
    except IntegrityError:
        return None
    mails.takeover_asked(request, task, from_user, to_user)
    return request


def open_takeover(task_id: int, from_user_id: int) -> TakeoverRequest | None:
    """Return the open question asking someone to take over `from_user_id`'s place on this task, if any."""
    return db.session.scalar(select(TakeoverRequest).where(
        TakeoverRequest.task_id == task_id, TakeoverRequest.from_user_id == from_user_id,
        TakeoverRequest.status == "open"))


def open_takeovers_about(user: User, task_ids: list[int]) -> dict[int, User]:
    """Return, per task, whom an open question asks to take over `user`'s place (one query)."""
    rows = db.session.execute(select(TakeoverRequest.task_id, User).join(
        User, User.id == TakeoverRequest.to_user_id).where(
        TakeoverRequest.from_user_id == user.id, TakeoverRequest.status == "open",
        TakeoverRequest.task_id.in_(task_ids)))
    return {task_id: asked for task_id, asked in rows}


class Question(NamedTuple):
    """A request asking the viewer to take over a place on a task, as its page and the home and account pages show
    it: the task's title and due date, the name of the person whose place it is, and where it stands."""

    id: int
    title: str
    due_date: date | None
    name: str
    status: str
    task_status: str
    task_id: int

    @property
    def dom_id(self) -> str:
        return f"takeover-{self.id}"


# Built once: requests asking a person to take over a task, with the task and the first person, as columns.
_QUESTIONS = select(TakeoverRequest.id, Task.title, Task.due_date, User.name, TakeoverRequest.status,
                    Task.status, Task.id).join(Task, Task.id == TakeoverRequest.task_id).join(
    User, User.id == TakeoverRequest.from_user_id).where(
    TakeoverRequest.to_user_id == bindparam("user_id", type_=Integer))
_QUESTION = _QUESTIONS.where(TakeoverRequest.id == bindparam("request_id", type_=Integer))
_OPEN_TAKEOVERS = _QUESTIONS.where(TakeoverRequest.status == "open", Task.status != "done").order_by(
    TakeoverRequest.id).limit(bindparam("limit", type_=Integer))


def _questions(rows: Iterable[Row], user: User) -> list[Question]:
    """Return the questions of these rows, each task titled as `user` reads it (one query, none without rows)."""
    found = [Question(*row) for row in rows]
    titles = titles_of(((question.task_id, question.title) for question in found), user)
    return [question._replace(title=titles[question.task_id]) for question in found]


def takeover_for(request_id: int, user: User) -> Question | None:
    """Return the request asking `user` to take over a task, with its task and first person (None: not theirs)."""
    found = _questions(db.session.execute(_QUESTION, {"request_id": request_id, "user_id": user.id}), user)
    return found[0] if found else None


def open_takeovers_for(user: User, limit: int = 10) -> list[Question]:
    """Return the open requests asking `user` to take over a task, oldest first (two queries: the requests, their
    tasks' titles; one when there are none)."""
    return _questions(db.session.execute(_OPEN_TAKEOVERS, {"user_id": user.id, "limit": limit}), user)


def answer_takeover(request_id: int, user: User, accept: bool) -> str:
    """Accept or decline a request; accepting moves the place. Returns "accepted", "declined" or "gone".

    One serialised transaction: the request closes only while open (a conditional UPDATE), and the place moves
    only while the first person still holds it with their part to do; the claims' unique (task, user) keeps
    anyone from holding two places. Anything else rolls back and answers "gone".
    """
    now = utcnow()
    try:
        with write_transaction(db.session):
            request = db.session.get(TakeoverRequest, request_id)
            if request is None or request.to_user_id != user.id:
                return "gone"
            status = "accepted" if accept else "declined"
            if rows_changed(db.session, update(TakeoverRequest).where(
                    TakeoverRequest.id == request_id, TakeoverRequest.status == "open")
                    .values(status=status, answered_at=now)) != 1:
                return "gone"
            if accept and rows_changed(db.session, update(Claim).where(
                    Claim.task_id == request.task_id, Claim.user_id == request.from_user_id,
                    Claim.part_done_at.is_(None)).values(user_id=user.id, created_at=now)) != 1:
                raise ClaimRefused("gone")
            # Whoever asked hears the answer (and the one who had the task, when it is no longer theirs), in the
            # same transaction: a yes is never lost, a no lets them ask someone else.
            told = {request.asked_by_id} | ({request.from_user_id} if accept else set())
            task = db.session.get(Task, request.task_id)
            for person_id in told - {None, user.id}:
                person = db.session.get(User, person_id)
                if person is not None and task is not None:
                    mails.takeover_answered(request, task, user, person, accept)
            return status
    except (ClaimRefused, IntegrityError):
        with write_transaction(db.session):  # the place is no longer there to take over: close the request
            db.session.execute(update(TakeoverRequest).where(TakeoverRequest.id == request_id,
                                                             TakeoverRequest.status == "open")
                               .values(status="declined", answered_at=now))
        return "gone"


# --- what the network of initiatives asks of boards ---------------------------------------------------------------

def coming_hours_of(user_ids: list[int]) -> dict[int, float]:
    """Return the hours each of these people carries in the coming four weeks (the load guard's measure)."""
    if not user_ids:
        return {}
    coming = _coming_hours().where(Claim.user_id.in_(user_ids))
    return {user_id: minutes / 60 for user_id, minutes in db.session.execute(coming)}


def first_tasks(user: Viewer, max_minutes: int | None = None, limit: int = 3) -> list[Task]:
    """Return good first steps for a newcomer: open tasks that need people, good first ones, then soonest, then
    shortest (one query).

    In the order of the partial index ix_tasks_first_steps, its condition written as a literal (a bound parameter
    would keep SQLite from seeing that the index covers the query), so a few tasks are read, not every open one.
    The statement is built once per role and shape (`run_visible`)."""
    values = {"today": today(), "max_minutes": max_minutes or None, "limit": limit}
    return list(initiatives.run_visible("boards.first_tasks", user, (bool(max_minutes),),
                                        _first_tasks_statement(bool(max_minutes)), values).scalars())


def _first_tasks_statement(most_minutes: bool) -> Callable[[Viewer], Executable]:
    def build(viewer: Viewer) -> Executable:
        query = select(Task).where(needs_people(), task_visible(viewer),
                                   initiatives.linked_taking_new_work(Task.initiative_id),
                                   or_(Task.due_date.is_(None), Task.due_date >= bindparam("today", type_=Date)))
        if most_minutes:
            query = query.where(Task.estimate_minutes <= bindparam("max_minutes", type_=Integer))
        if getattr(viewer, "is_authenticated", False):  # not what they took on already
            query = query.where(~exists().where(Claim.task_id == Task.id, Claim.user_id == viewer.id))
        return query.order_by(Task.good_first.desc(), Task.with_buddy.desc(), Task.due_date.is_(None), Task.due_date,
                              Task.estimate_minutes, Task.id).limit(bindparam("limit", type_=Integer))
    return build


def _titles_statement(viewer: Viewer) -> Executable:
    return select(Task.id, Task.title, Task.initiative_id).where(Task.id.in_(bindparam("ids", expanding=True)),
                                                                 task_visible(viewer))


def task_titles(task_ids: set[int], user: Viewer) -> dict[int, tuple[str, int]]:
    """Return {task id: (title as `user` reads it, initiative id)} of these tasks that `user` may see (two
    queries, their statements built once per role: lists of thank-yous ask it)."""
    if not task_ids:
        return {}
    rows = initiatives.run_visible("boards.task_titles", user, (), _titles_statement, {"ids": list(task_ids)}).all()
    titles = titles_of(((row.id, row.title) for row in rows), user)
    return {row.id: (titles[row.id], row.initiative_id) for row in rows}


def shareable_tasks(initiative_id: int, viewer: Viewer, limit: int = 50) -> list[tuple[int, str]]:
    """Return (id, title as `viewer` reads it) of a board's unfinished tasks, soonest first: what it may invite
    another group to."""
    rows = db.session.execute(select(Task.id, Task.title).where(
        Task.initiative_id == initiative_id, Task.status != "done")
        .order_by(Task.due_date.is_(None), Task.due_date, Task.id).limit(limit)).all()
    titles = titles_of(((row.id, row.title) for row in rows), viewer)
    return [(row.id, titles[row.id]) for row in rows]


# Built once; per initiative one step down ix_tasks_initiative_created and ix_tasks_initiative_done.
_LAST_TASK_ACTIVITY = select(
    Initiative.id,
    select(func.max(Task.created_at)).where(Task.initiative_id == Initiative.id).scalar_subquery(),
    select(func.max(Task.done_at)).where(Task.initiative_id == Initiative.id).scalar_subquery(),
).where(Initiative.id.in_(bindparam("ids", expanding=True)))
# The newest claim per initiative, grouped in one pass over the claims: as a subquery per initiative, PostgreSQL
# read the whole claims table once for each initiative (760 ms for the coordinators' overview of 500).
_LAST_CLAIMS = select(Task.initiative_id, func.max(Claim.created_at)).join(Task, Task.id == Claim.task_id)\
    .where(Task.initiative_id.in_(bindparam("ids", expanding=True))).group_by(Task.initiative_id)


def last_task_activity(initiative_ids: list[int]) -> dict[int, datetime]:
    """Return the newest moment a task of each initiative was made, taken up or finished (two queries)."""
    if not initiative_ids:
        return {}
    newest: dict[int, datetime] = {}
    ids = {"ids": list(initiative_ids)}
    rows = [*db.session.execute(_LAST_TASK_ACTIVITY, ids), *db.session.execute(_LAST_CLAIMS, ids)]
    for initiative_id, *moments in rows:
        for moment in moments:
            if moment is not None and (initiative_id not in newest or moment > newest[initiative_id]):
                newest[initiative_id] = moment
    return newest

# --- tasks that other features put on a board (the shifts of an event) -------------------------------------------

@dataclass(frozen=True)
class TaskInfo:
    """What another feature shows of a task: its title, how many places it has and how many are taken."""

    id: int
    title: str
    status: str
    places_needed: int
    places_taken: int
    estimate_minutes: int

    @property
    def places_left(self) -> int:
        return self.places_needed - self.places_taken


def add_task(initiative_id: int, title: str, minutes: int, places: int, due: date, place: str = "",
             description: str = "", author_id: int | None = None, members_only: bool = False) -> int:
    """Put an open task on an initiative's board and return its id; `members_only`: only the initiative's members
    (and coordinators) see it, whoever may see the board. The caller commits."""
    task = Task(initiative_id=initiative_id, title=title.strip()[:160], estimate_minutes=minutes,
                places_needed=places, due_date=due, place=place[:160], description=description,
                created_by_id=author_id, members_only=members_only)
    db.session.add(task)
    db.session.flush()
    return task.id


def task_infos(task_ids: list[int]) -> dict[int, TaskInfo]:
    """Return what other features show of these tasks (one query, none without ids)."""
    if not task_ids:
        return {}
    rows = db.session.execute(select(Task.id, Task.title, Task.status, Task.places_needed, Task.places_taken,
                                     Task.estimate_minutes).where(Task.id.in_(task_ids)))
    return {row.id: TaskInfo(*row) for row in rows}


def claimed_by(user: Viewer, task_ids: list[int]) -> set[int]:
    """Return the ids among `task_ids` that `user` has a place on (one query, none for visitors)."""
    if not task_ids or not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.scalars(select(Claim.task_id).where(Claim.task_id.in_(task_ids),
                                                              Claim.user_id == user.id)))


def people_on(task_ids: list[int]) -> list[int]:
    """Return the ids of the accounts with a place on any of these tasks, without doubles, in claim order."""
    if not task_ids:
        return []
    rows = db.session.scalars(select(Claim.user_id).where(Claim.task_id.in_(task_ids), Claim.user_id.is_not(None))
                              .order_by(Claim.id))
    return list(dict.fromkeys(user_id for user_id in rows if user_id is not None))


def walkins_on(task_ids: list[int]) -> int:
    """Count the places on these tasks taken by residents without an account."""
    if not task_ids:
        return 0
    return db.session.scalar(select(func.count()).select_from(Claim).where(
        Claim.task_id.in_(task_ids), Claim.user_id.is_(None))) or 0


def move_tasks(due_dates: dict[int, date], place: str | None = None) -> None:
    """Give tasks new due dates (and a new place); the caller commits."""
    for task_id, due in due_dates.items():
        values: dict = {"due_date": due}
        if place is not None:
            values["place"] = place[:160]
        db.session.execute(update(Task).where(Task.id == task_id, Task.status != "done").values(**values))


def retitle_tasks(texts: dict[int, tuple[str, str]]) -> None:
    """Give unfinished tasks a new title and description, {task id: (title, description)} (the thing they are for
    was renamed or moved); the caller commits."""
    for task_id, (title, description) in texts.items():
        db.session.execute(update(Task).where(Task.id == task_id, Task.status != "done").values(
            title=title.strip()[:160], description=description))


def keep_for_members(task_ids: list[int], members_only: bool) -> None:
    """Keep tasks for their initiative's members only, or show them to all who may see the board again (what they
    are for changed: a members-only event opened up). The thank-yous for them follow (signals.members_only_changed).
    The caller commits."""
    if task_ids:
        db.session.execute(update(Task).where(Task.id.in_(task_ids)).values(members_only=members_only))
        members_only_changed.send(None, kind="task", ids=list(task_ids), members_only=members_only)


def close_tasks(task_ids: list[int]) -> None:
    """Close tasks whose moment has passed (the event they were for took place): the ones nobody took go, the
    others are done, without a thank-you of their own (the caller thanks for the whole); the caller commits."""
    if task_ids:
        db.session.execute(delete(Task).where(Task.id.in_(task_ids), Task.status == "open", Task.places_taken == 0))
        db.session.execute(update(Task).where(Task.id.in_(task_ids), Task.status != "done")
                           .values(status="done", done_at=utcnow()))
        db.session.execute(update(Claim).where(Claim.task_id.in_(task_ids), Claim.part_done_at.is_(None))
                           .values(part_done_at=utcnow()))


def remove_tasks(task_ids: list[int]) -> None:
    """Take unfinished tasks off their board, with their places (the thing they were for is off); caller commits."""
    if task_ids:
        db.session.execute(delete(Task).where(Task.id.in_(task_ids), Task.status != "done"))


# --- paper: the weekly sheet and posters (public: what a visitor may see) ------------------------------------------

def most_needed(first: date, limit: int = 5) -> list[Card]:
    """Return the open public tasks that most need hands from the week starting `first` on: most places left
    first, then the soonest due (two queries: the cards, their titles as a visitor reads them; for the printed
    weekly sheet), as cards with their board's name (plain columns, not ORM objects)."""
    return retitle([Card(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], bool(row[9]),
                         bool(row[10]), initiative=Board(row[1], row[11]))
                    for row in db.session.execute(_MOST_NEEDED, {"first": first, "limit": limit})], None)


_NEEDED_BOARD = aliased(Initiative)  # apart from the one the visibility rule's EXISTS reads


def _most_needed_statement() -> Select:
    left = Task.places_needed - Task.places_taken
    # In the order of the partial index ix_tasks_most_needed, with its condition written as a literal (a bound
    # parameter would keep SQLite from seeing that the index covers the query), so five tasks are read, not all.
    return select(Task.id, Task.initiative_id, Task.title, Task.estimate_minutes, Task.due_date, Task.place,
                  Task.places_needed, Task.places_taken, Task.status, Task.good_first, Task.with_buddy,
                  _NEEDED_BOARD.name).outerjoin(_NEEDED_BOARD, _NEEDED_BOARD.id == Task.initiative_id).where(
        Task.status != literal_column("'done'"), left > 0, initiatives.taking_new_work(_NEEDED_BOARD),
        or_(Task.due_date.is_(None), Task.due_date >= bindparam("first")), task_visible(None)).order_by(
        left.desc(), Task.due_date.is_(None), Task.due_date, Task.id).limit(bindparam("limit"))


_MOST_NEEDED = _most_needed_statement()  # built once: building it cost more than running it


def public_task(task_id: int) -> Task | None:
    """Return a task anyone may see (its initiative is public), with its initiative, else None (one query)."""
    return db.session.scalar(select(Task).options(joinedload(Task.initiative))
                             .where(Task.id == task_id, task_visible(None)))


def _as_open_as_its_board() -> ColumnElement[bool]:
    """Return a condition on Task: whoever may see its initiative may see it, so counts shown with the initiative
    (a budget's plan, its progress) move only with what they may see. A task the initiative keeps for its members
    (a members-only event's shift) counts only where the initiative itself is for members only."""
    return or_(Task.members_only.is_(False), not_(initiatives.linked_visible(None, Task.initiative_id)))


def task_counts(initiative_ids: list[int]) -> dict[int, dict[str, int]]:
    """Return, per initiative, how many tasks its board holds in each column (one grouped query), of the tasks as
    open as the initiative (`_as_open_as_its_board`).

    For features that weigh a plan (the budget): pass only ids of initiatives the viewer may see."""
    found = {initiative_id: {"open": 0, "in_progress": 0, "done": 0} for initiative_id in initiative_ids}
    if not initiative_ids:
        return found
    rows = db.session.execute(select(Task.initiative_id, Task.status, func.count()).where(
        Task.initiative_id.in_(initiative_ids), _as_open_as_its_board()).group_by(Task.initiative_id, Task.status))
    for initiative_id, status, count in rows:
        found[initiative_id][status] = count
    return found


@dataclass(frozen=True)
class WorkDone:
    """What residents did on some boards: tasks done, people (with an account, and walk-ins), minutes of work."""

    tasks: int
    people: int
    walkins: int
    minutes: int


def work_done(initiative_ids: list[int], since: date | None = None) -> WorkDone:
    """Return the work done on these initiatives' boards (since a day): each place on a done task counts its
    estimate once; people are counted once however many tasks they did (two grouped queries). Only tasks as open
    as their initiative count (`_as_open_as_its_board`)."""
    if not initiative_ids:
        return WorkDone(0, 0, 0, 0)
    done = [Task.initiative_id.in_(initiative_ids), Task.status == "done", _as_open_as_its_board()]
    if since is not None:
        done.append(Task.done_at >= datetime.combine(since, time.min, tzinfo=UTC))
    tasks = db.session.scalar(select(func.count()).select_from(Task).where(*done)) or 0
    people, walkins, minutes = db.session.execute(select(
        func.count(func.distinct(Claim.user_id)), func.count(case((Claim.user_id.is_(None), 1))),
        func.coalesce(func.sum(Task.estimate_minutes), 0)).select_from(Claim).join(Task, Claim.task_id == Task.id)
        .where(*done)).one()
    return WorkDone(int(tasks), int(people), int(walkins), int(minutes))
