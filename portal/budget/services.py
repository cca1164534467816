"""The budget's leaflet (goal, possibilities, conditions, amount, period, who decides, phases, with a history of
every change) and the applications for it: checked against the conditions, sent, supported, granted or refused.

Visibility: an application belongs to an initiative; members-only initiatives' applications, examples and ledger
lines are filtered through `initiatives.linked_visible` everywhere, so outsiders learn nothing of them.
Money: integer cents. A grant raises the budget's running total with one conditional UPDATE in the granting
transaction, and the database refuses a total above the budget (see models.py): never overspent, even at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import BindParameter, Executable, bindparam, case, delete, exists, func, not_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.accounts.models import User, Viewer
from portal.boards import services as boards
from portal.budget import rules
from portal.budget.models import Application, Budget, Change, Condition, Entry, Example, Line, Phase, Support
from portal.core.registry import events_planned, facts_about
from portal.core.time import local, today
from portal.db import rows_changed, utcnow, write_transaction
from portal.extensions import db
from portal.initiatives import services as initiatives
from portal.permissions import has_role

LEAFLET_FIELDS = ("name", "goal_nl", "goal_en", "possible", "decides", "amount_cents", "starts_on", "ends_on")
OPEN_STATUSES = ("sent", "questions")  # waiting for a decision
EDITABLE_STATUSES = ("draft", "questions")  # the initiative may still change it


class BudgetError(ValueError):
    """A change the rules refuse; the message says why, in the reader's language."""


class NameTaken(BudgetError):
    """Another budget has this name already (the database's unique name): nothing is stored."""


def _name_taken(name: str, budget_id: int | None) -> bool:
    return bool(db.session.scalar(select(exists().where(Budget.name == name, Budget.id != (budget_id or 0)))))


@dataclass
class Leaflet:
    budget: Budget
    # Rows of every column (not ORM objects: loading those cost more than the page's own work)
    conditions: list[Any] = field(default_factory=list)
    phases: list[Any] = field(default_factory=list)
    examples: list[tuple[Any, str | None]] = field(default_factory=list)  # with the initiative's name, if seen
    spent_cents: int = 0
    # Of what was granted and spent, what went to initiatives the reader may not see (`members_only_money`).
    members_only_granted_cents: int = 0
    members_only_spent_cents: int = 0
    apply_until: date | None = None  # the last day to apply, when an "apply_before" condition sets one
    closed: bool = False  # that day has passed: no new applications


def _budget_text(value: Any) -> str:
    """Write a leaflet value as the history shows it."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return rules.euros(value, plain=True)
    return str(value or "")


# Built once per process (bindparams for the values, a per-role statement through `initiatives.run_visible` where
# the visibility rule applies): building a statement and its cache key cost more than SQLite answering it.
def _ids() -> BindParameter:
    return bindparam("ids", expanding=True)


_ALL_BUDGETS = select(Budget).order_by(Budget.position, Budget.id).limit(50)
_BUDGETS_OF = select(Budget).where(Budget.id.in_(_ids())).order_by(Budget.position, Budget.id).limit(50)
_CONDITIONS_OF = select(Condition.__table__).where(Condition.budget_id.in_(_ids())).order_by(Condition.id)
_PHASES_OF = select(Phase.__table__).where(Phase.budget_id.in_(_ids())).order_by(Phase.starts_on, Phase.id)


def _examples_statement(viewer: Viewer) -> Executable:
    return select(Example.__table__).where(Example.budget_id.in_(_ids()),
                                 initiatives.linked_visible(viewer, Example.initiative_id, optional=True)
                                 ).order_by(Example.id)


def _money_statement(viewer: Viewer) -> Executable:
    # Per budget what its grants spent, and how much of what was granted and spent went to initiatives `viewer` may
    # not see: the totals count every euro, and say how much of them went where the reader cannot look.
    unseen = not_(initiatives.linked_visible(viewer, Application.initiative_id))
    return select(Application.budget_id, func.sum(Application.spent_cents),
                  func.sum(case((unseen, Application.granted_cents), else_=0)),
                  func.sum(case((unseen, Application.spent_cents), else_=0))).where(
        Application.budget_id.in_(_ids()), Application.status == "granted").group_by(Application.budget_id)


def members_only_money(budget_ids: list[int], user: Viewer) -> dict[int, tuple[int, int]]:
    """Return, per budget, how much was granted to and spent by initiatives `user` may not see (members-only
    ones): (granted, spent), without naming them, so what a reader sees plus this adds up to the budget's totals
    (one query, its statement built once per role); budgets without such money are left out."""
    if not budget_ids:
        return {}
    rows = initiatives.run_visible("budget.money", user, (), _money_statement, {"ids": list(budget_ids)})
    return {row[0]: (int(row[2] or 0), int(row[3] or 0)) for row in rows if row[2] or row[3]}


def all_budgets() -> list[Budget]:
    """Return every budget in the leaflet's order."""
    return list(db.session.scalars(_ALL_BUDGETS))


def budgets_running(day: date, limit: int) -> list[Budget]:
    """Return the first `limit` budgets, in the leaflet's order, that run until `day` or later."""
    return list(db.session.scalars(_BUDGETS_RUNNING, {"day": day, "limit": limit}))


_BUDGETS_RUNNING = select(Budget).where(Budget.ends_on >= bindparam("day")).order_by(Budget.position, Budget.id) \
    .limit(bindparam("limit"))


def budget_choices() -> list[tuple[int, str]]:
    """Return (id, name) of the budgets, for a form."""
    return [(budget.id, budget.name) for budget in all_budgets()]


def get_budget(budget_id: int) -> Budget | None:
    """Return the budget, or None (a statement built once: cheaper than Session.get's own)."""
    return db.session.scalar(_BUDGET, {"budget_id": budget_id})


_BUDGET = select(Budget).where(Budget.id == bindparam("budget_id"))


def leaflets(user: Viewer, budget_ids: list[int] | None = None) -> list[Leaflet]:
    """Return every budget (or those given) with its conditions, phases, examples and what was spent (from the
    applications' running totals), and how much of it went to initiatives `user` may not see, in five queries
    whatever their number; examples link only initiatives `user` may see."""
    budgets = db.session.scalars(_ALL_BUDGETS if budget_ids is None else _BUDGETS_OF,
                                 None if budget_ids is None else {"ids": list(budget_ids)})
    found = {budget.id: Leaflet(budget) for budget in budgets}
    if not found:
        return []
    ids = {"ids": list(found)}
    for condition in db.session.execute(_CONDITIONS_OF, ids):
        found[condition.budget_id].conditions.append(condition)
    for phase in db.session.execute(_PHASES_OF, ids):
        found[phase.budget_id].phases.append(phase)
    examples = list(initiatives.run_visible("budget.examples", user, (), _examples_statement, ids))
    names = initiatives.names_by_id({example.initiative_id for example in examples if example.initiative_id})
    for example in examples:
        found[example.budget_id].examples.append((example, names.get(example.initiative_id or 0)))
    for budget_id, spent, unseen_granted, unseen_spent in initiatives.run_visible("budget.money", user, (),
                                                                                 _money_statement, ids):
        item = found[budget_id]
        item.spent_cents, item.members_only_granted_cents = int(spent or 0), int(unseen_granted or 0)
        item.members_only_spent_cents = int(unseen_spent or 0)
    for item in found.values():
        item.apply_until = rules.apply_until(item.conditions)
        item.closed = closed(item.apply_until)
    return list(found.values())


def _log(budget: Budget, user: User | None, part: str, before: Any, after: Any) -> None:
    db.session.add(Change(budget_id=budget.id, user_id=user.id if user else None, part=part,
                          before=_budget_text(before), after=_budget_text(after)))


def create_budget(user: User | None, commit: bool = False, **fields: Any) -> Budget:
    """Start a budget (coordinators; committed with `commit`); its first history line says it was made."""
    unknown = set(fields) - set(LEAFLET_FIELDS) - {"position"}
    if unknown:
        raise TypeError(f"not budget fields: {sorted(unknown)}")
    budget = Budget(**fields)
    db.session.add(budget)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        if _name_taken(fields.get("name", ""), None):
            raise NameTaken("name") from error
        raise
    _log(budget, user, "created", "", budget.name)
    if commit:
        db.session.commit()
    return budget


def update_leaflet(budget: Budget, user: User, **fields: Any) -> list[str]:
    """Change parts of a budget's leaflet, keeping what each said before in its history; commit.

    Refuses an amount below what is granted already (the database would too). Returns the parts changed."""
    unknown = set(fields) - set(LEAFLET_FIELDS)
    if unknown:
        raise TypeError(f"not budget fields: {sorted(unknown)}")
    changed = []
    for part, value in fields.items():
        before = getattr(budget, part)
        if value != before:
            _log(budget, user, part, before, value)
            setattr(budget, part, value)
            changed.append(part)
    if changed:
        budget.updated_at = utcnow()
        try:
            db.session.commit()
        except IntegrityError as error:
            db.session.rollback()
            if "name" in changed and _name_taken(fields["name"], budget.id):
                raise NameTaken("name") from error
            raise BudgetError("amount") from error
    return changed


def history(budget_id: int, limit: int = 200) -> list[Change]:
    """Return the changes to a budget's leaflet, newest first."""
    return list(db.session.scalars(select(Change).where(Change.budget_id == budget_id)
                                   .options(joinedload(Change.user)).order_by(Change.id.desc()).limit(limit)))


_PLAIN_CENTS = re.compile(r"(-?\d+),(\d\d)")
# The leaflet's parts whose history holds an amount, written plainly ("25000,00") so any reader can have it back.
_AMOUNT_PARTS = frozenset({"amount_cents"})


def history_amount(part: str, text: str) -> int | None:
    """Return the cents a history line of an amount holds ("25000,00"), to show as money in the reader's language
    when shown; None for any other part, or a text that is no plain amount (it is shown as written)."""
    found = _PLAIN_CENTS.fullmatch(text) if part in _AMOUNT_PARTS else None
    if found is None:
        return None
    whole, cents = found.groups()
    return int(whole) * 100 + (-1 if whole.startswith("-") else 1) * int(cents)


def condition_text(condition: Condition) -> str:
    """Return how a condition reads in the history: its text and its rule."""
    return f"{condition.text} ({rules.describe(condition)})".strip()


class LastDayTaken(BudgetError):
    """The budget has a last day to apply already (`day`): a second one would put two dates on the leaflet."""

    def __init__(self, day: date | None) -> None:
        super().__init__("apply_before")
        self.day = day


def add_condition(budget: Budget, user: User, kind: str, text: str, cents: int | None = None,
                  percent: int | None = None, number: int | None = None, categories: str = "",
                  day: date | None = None) -> Condition:
    """Add a condition (a kind with its parameters, and a text for people), logged; commit. Raise LastDayTaken for
    a second last day to apply (checked in the write's own transaction; the database's unique index decides when
    two coordinators add one at the same moment), saving nothing."""
    try:
        with write_transaction(db.session):
            if kind == "apply_before" and (taken := apply_until(budget.id)) is not None:
                raise LastDayTaken(taken)
            condition = Condition(budget_id=budget.id, kind=kind, text=text.strip(), cents=cents, percent=percent,
                                  number=number, categories=",".join(rules.category_list(categories)), day=day)
            db.session.add(condition)
            db.session.flush()
            _log(budget, user, "condition", "", condition_text(condition))
    except IntegrityError as error:
        if kind != "apply_before":
            raise
        raise LastDayTaken(apply_until(budget.id)) from error
    return condition


def remove_condition(budget: Budget, user: User, condition_id: int) -> bool:
    """Remove a condition of this budget, logging what it said; commit. False when it is not there."""
    condition = db.session.scalar(select(Condition).where(Condition.id == condition_id,
                                                          Condition.budget_id == budget.id))
    if condition is None:
        return False
    _log(budget, user, "condition", condition_text(condition), "")
    db.session.delete(condition)
    db.session.commit()
    return True


def add_phase(budget: Budget, user: User, name: str, starts_on: date, ends_on: date) -> Phase:
    """Add a phase with its dates, logged; commit."""
    phase = Phase(budget_id=budget.id, name=name.strip(), starts_on=starts_on, ends_on=ends_on)
    db.session.add(phase)
    _log(budget, user, "phase", "", f"{name.strip()} {starts_on.isoformat()} – {ends_on.isoformat()}")
    db.session.commit()
    return phase


def remove_phase(budget: Budget, user: User, phase_id: int) -> bool:
    """Remove a phase of this budget, logging what it said; commit."""
    phase = db.session.scalar(select(Phase).where(Phase.id == phase_id, Phase.budget_id == budget.id))
    if phase is None:
        return False
    _log(budget, user, "phase", f"{phase.name} {phase.starts_on.isoformat()} – {phase.ends_on.isoformat()}", "")
    db.session.delete(phase)
    db.session.commit()
    return True


def add_example(budget: Budget, user: User, text: str, initiative_id: int | None) -> Example:
    """Add an example of what is possible, with the initiative that did it, logged; commit."""
    example = Example(budget_id=budget.id, text=text.strip(), initiative_id=initiative_id)
    db.session.add(example)
    _log(budget, user, "example", "", text.strip())
    db.session.commit()
    return example


def remove_example(budget: Budget, user: User, example_id: int) -> bool:
    """Remove an example of this budget, logging what it said; commit."""
    example = db.session.scalar(select(Example).where(Example.id == example_id, Example.budget_id == budget.id))
    if example is None:
        return False
    _log(budget, user, "example", example.text, "")
    db.session.delete(example)
    db.session.commit()
    return True


# Applications -------------------------------------------------------------------------------------------------


def apply_until(budget_id: int) -> date | None:
    """Return the last day to apply for this budget (from its "apply_before" conditions), or None: no such day."""
    return rules.apply_until(list(db.session.execute(_APPLY_BEFORE, {"budget_id": budget_id})))


_APPLY_BEFORE = select(Condition.kind, Condition.day).where(Condition.budget_id == bindparam("budget_id"),
                                                            Condition.kind == "apply_before")


def closed(until: date | None) -> bool:
    """Tell whether the last day to apply has passed (by Amsterdam's date): then no new application is taken. On
    the day itself applying is still open."""
    return until is not None and today() > until


def can_apply_for(initiative_id: int, user: Viewer) -> bool:
    """Tell whether `user` may apply (and edit the application) for this initiative: its members, coordinators."""
    return has_role(user, "coordinator") or initiatives.is_member(initiative_id, user)


def _visible_application_statement(viewer: Viewer) -> Executable:
    return select(Application).where(Application.id == bindparam("application_id"),
                                     initiatives.linked_visible(viewer, Application.initiative_id))


def get_visible_application(application_id: int, user: Viewer) -> Application | None:
    """Return the application when `user` may see its initiative, else None (outsiders learn nothing)."""
    return initiatives.run_visible("budget.application", user, (), _visible_application_statement,
                                   {"application_id": application_id}).scalar()


def applications_of(budget_id: int, user: Viewer, limit: int = 200) -> list[Application]:
    """Return the applications for a budget that `user` may see: drafts only for those who may edit them."""
    shown = Application.status != "draft"
    if has_role(user, "coordinator"):
        query = select(Application).where(Application.budget_id == budget_id)
    else:
        mine = initiatives.linked_member(user, Application.initiative_id)
        query = select(Application).where(Application.budget_id == budget_id,
                                          initiatives.linked_visible(user, Application.initiative_id),
                                          shown | mine)
    return list(db.session.scalars(query.order_by(Application.id.desc()).limit(limit)))


def lines_of(application_id: int) -> list[Line]:
    """Return the lines of an application's budget."""
    return list(db.session.scalars(_LINES_OF, {"application_id": application_id}))


_LINES_OF = select(Line).where(Line.application_id == bindparam("application_id")).order_by(Line.id)


def total_of(lines: list[Line]) -> int:
    """Return what the lines ask for, in cents."""
    return sum(line.cents for line in lines)


def save_application(budget: Budget, initiative_id: int, user: User, title: str, purpose: str, residents: int,
                     plan: str, lines: list[tuple[str, str, int]], application: Application | None = None
                     ) -> Application:
    """Make or change a draft (or an application with questions): its purpose and lines; commit."""
    if application is None:
        application = Application(budget_id=budget.id, initiative_id=initiative_id, created_by_id=user.id)
        db.session.add(application)
    elif application.status not in EDITABLE_STATUSES:
        raise BudgetError("status")
    application.title, application.purpose = title.strip(), purpose.strip()
    application.residents, application.plan = residents, plan.strip()
    db.session.flush()
    db.session.execute(delete(Line).where(Line.application_id == application.id))
    for category, description, cents in lines:
        db.session.add(Line(application_id=application.id, category=category, description=description.strip(),
                            cents=cents))
    db.session.commit()
    return application


_OTHER_GRANTS = select(func.coalesce(func.sum(Application.granted_cents), 0)).where(
    Application.budget_id == bindparam("budget_id"), Application.initiative_id == bindparam("initiative_id"),
    Application.status == "granted", Application.id != bindparam("application_id"))
_CONDITIONS_OF_BUDGET = select(Condition.__table__).where(Condition.budget_id == bindparam("budget_id")
                                                          ).order_by(Condition.id)
# Which facts each kind of condition reads beyond the lines (the others are asked only when a condition needs them).
_NEEDS = {"min_residents": "members", "plan_needed": "plan", "max_share_per_initiative": "other_grants"}


def facts_for(application: Application, lines: list[Line], budget: Budget, kinds: set[str] | None = None
              ) -> rules.Facts:
    """Gather what the conditions are checked against: lines, members, supporters, the plan, earlier grants; with
    `kinds` (the conditions' kinds), only what those conditions read (the rest stays 0)."""
    needed = {_NEEDS[kind] for kind in kinds if kind in _NEEDS} if kinds is not None else set(_NEEDS.values())
    tasks = events = members = other = 0
    initiative_id = application.initiative_id
    if "plan" in needed:
        tasks = sum(boards.task_counts([initiative_id])[initiative_id].values())
        events = events_planned([initiative_id], budget.starts_on, budget.ends_on).get(initiative_id, 0)
    if "other_grants" in needed:
        other = db.session.scalar(_OTHER_GRANTS, {"budget_id": budget.id, "initiative_id": initiative_id,
                                                  "application_id": application.id}) or 0
    if "members" in needed:
        members = initiatives.member_counts([initiative_id]).get(initiative_id, 0)
    return rules.Facts(lines=[(line.category, line.cents) for line in lines], members=members,
                       supporters=application.supporters, tasks=tasks, events=events, other_grants=int(other),
                       budget_cents=budget.amount_cents, today=today(),
                       sent_on=local(application.sent_at).date() if application.sent_at else None)


def verdicts(application: Application, lines: list[Line], budget: Budget) -> list[tuple[Any, rules.Verdict]]:
    """Check every condition of the budget (rows of its columns) at once; each with met / not met / to be judged
    by people."""
    conditions = list(db.session.execute(_CONDITIONS_OF_BUDGET, {"budget_id": budget.id}))
    if not conditions:
        return []
    facts = facts_for(application, lines, budget, {condition.kind for condition in conditions})
    return [(condition, rules.check(condition, facts)) for condition in conditions]


def can_send(checked: list[tuple[Any, rules.Verdict]], lines: list[Line]) -> bool:
    """Tell whether an application may be sent: it has lines, and no checkable condition is unmet."""
    return bool(lines) and all(verdict.met is not False for _condition, verdict in checked)


def send(application: Application, lines: list[Line], budget: Budget) -> bool:
    """Send a draft (or answered questions) to the people who decide, when every checkable condition is met."""
    if application.status not in EDITABLE_STATUSES or not can_send(verdicts(application, lines, budget), lines):
        return False
    sent_at = application.sent_at or utcnow()  # answering questions keeps the first day it was sent (models.py)
    with write_transaction(db.session):
        changed = rows_changed(db.session, update(Application).where(
            Application.id == application.id, Application.status.in_(EDITABLE_STATUSES))
            .values(status="sent", sent_at=sent_at))
    return bool(changed)


def withdraw(application: Application) -> bool:
    """Withdraw an application that was not decided yet; commit."""
    with write_transaction(db.session):
        changed = rows_changed(db.session, update(Application).where(
            Application.id == application.id, Application.status.in_(("draft", *OPEN_STATUSES)))
            .values(status="withdrawn", decided_at=utcnow()))
    return bool(changed)


def ask_questions(application: Application, text: str) -> bool:
    """Send a sent application back with questions (coordinators); commit."""
    with write_transaction(db.session):
        changed = rows_changed(db.session, update(Application).where(
            Application.id == application.id, Application.status == "sent").values(status="questions",
                                                                                   reason=text.strip()))
    return bool(changed)


def refuse(application: Application, reason: str) -> bool:
    """Refuse an application with a reason (coordinators); commit."""
    with write_transaction(db.session):
        changed = rows_changed(db.session, update(Application).where(
            Application.id == application.id, Application.status.in_(OPEN_STATUSES))
            .values(status="refused", reason=reason.strip(), decided_at=utcnow()))
    return bool(changed)


def grant(application_id: int, cents: int, user: User, reason: str = "") -> str:
    """Grant an amount (with the coordinator's note, kept as the decision's reason): raise the budget's running
    total and write the grant in the ledger, in one transaction.

    Returns "ok", "asked" (more than the application asks for: its lines' total, which the checks judged), "left"
    (the budget has not that much left) or "status" (not waiting for a decision). The
    budget row's conditional UPDATE and its CHECK keep two coordinators granting the last euros at once from
    overspending: one waits for the other's row, then finds too little left.
    """
    try:
        with write_transaction(db.session):
            application = db.session.get(Application, application_id)
            if application is None or application.status not in OPEN_STATUSES:
                raise _Abort("status")
            if cents > asked_cents(application_id):
                raise _Abort("asked")
            raised = rows_changed(db.session, update(Budget).where(
                Budget.id == application.budget_id, Budget.granted_cents + cents <= Budget.amount_cents)
                .values(granted_cents=Budget.granted_cents + cents))
            if not raised:
                raise _Abort("left")
            decided = rows_changed(db.session, update(Application).where(
                Application.id == application_id, Application.status.in_(OPEN_STATUSES))
                .values(status="granted", granted_cents=cents, decided_at=utcnow(), reason=reason.strip()))
            if not decided:
                raise _Abort("status")
            db.session.add(Entry(budget_id=application.budget_id, application_id=application_id,
                                 initiative_id=application.initiative_id, kind="grant", day=today(), cents=cents,
                                 category="activities", description=application.title[:200],
                                 created_by_id=user.id))
    except _Abort as stop:
        return stop.outcome
    except IntegrityError:
        return "left"
    return "ok"


def asked_cents(application_id: int) -> int:
    """Return what an application asks for: the total of its budget's lines (one query)."""
    # int(): PostgreSQL sums a BIGINT as NUMERIC (a Decimal here)
    return int(db.session.scalar(select(func.coalesce(func.sum(Line.cents), 0))
                                 .where(Line.application_id == application_id)) or 0)


class _Abort(Exception):
    def __init__(self, outcome: str) -> None:
        super().__init__(outcome)
        self.outcome = outcome


def support(application: Application, user: User) -> str:
    """Say "Ik steun dit" once: "ok", "twice" (said before), "member" (members count already), "closed"."""
    if application.status not in ("sent", "questions", "granted"):
        return "closed"
    if initiatives.is_member(application.initiative_id, user):
        return "member"
    try:
        with write_transaction(db.session):
            db.session.add(Support(application_id=application.id, user_id=user.id))
            db.session.flush()
            db.session.execute(update(Application).where(Application.id == application.id)
                               .values(supporters=Application.supporters + 1))
    except IntegrityError:
        return "twice"
    return "ok"


def counts_already(application: Application, user: Viewer) -> bool:
    """Tell whether `user` is a member of the applying initiative: they count as its residents already, so
    "Ik steun dit" is not theirs to press (support() refuses them)."""
    return initiatives.is_member(application.initiative_id, user)


def reload(application: Application) -> None:
    """Read an application's row again (its counts changed in another statement)."""
    db.session.refresh(application)


def supports(application_id: int, user: Viewer) -> bool:
    """Tell whether `user` supports the application (their own answer; nobody else's names are shown)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(db.session.scalar(_SUPPORTS, {"application_id": application_id, "user_id": user.id}))


_SUPPORTS = select(Support.id).where(Support.application_id == bindparam("application_id"),
                                     Support.user_id == bindparam("user_id"))


@dataclass(frozen=True)
class Plan:
    """One granted plan on the progress page, with everything its card shows (plain values: the page looks nothing
    up per plan)."""

    id: int
    title: str
    initiative: str
    granted_cents: int
    spent_cents: int
    tasks_done: int
    tasks: int
    events_held: int
    joined: int  # members who joined since the budget started
    facts: list[Any]  # what other features tell (the next event, the last thank-you), as registry Facts


@dataclass
class Progress:
    """What a budget's money brought about, next to what it cost: the leaflet's goal made visible."""

    plans: list[Plan]
    work: boards.WorkDone
    spent_cents: int
    grew: int  # initiatives that gained members since the budget started


SHOWN_FACTS = ("event", "applause")  # the board's and the money's facts are on the card in their own words


def granted_of(budget_id: int, user: Viewer, limit: int = 200) -> list[Any]:
    """Return the granted applications of a budget that `user` may see, newest first: only the columns a list of
    them shows (rows, not ORM objects)."""
    return list(db.session.execute(select(
        Application.id, Application.title, Application.initiative_id, Application.granted_cents,
        Application.spent_cents).where(Application.budget_id == budget_id, Application.status == "granted",
                                       initiatives.linked_visible(user, Application.initiative_id))
        .order_by(Application.id.desc()).limit(limit)))


def progress(budget: Budget, user: Viewer) -> Progress:
    """Return, for the granted applications `user` may see, their plan's progress (tasks done, events held,
    applause, new members) and, together, the residents who did a task, the initiatives that grew and the hours of
    work, in a fixed number of queries."""
    granted = granted_of(budget.id, user)
    ids = sorted({application.initiative_id for application in granted})
    since = datetime.combine(budget.starts_on, time.min, tzinfo=UTC)
    held = events_planned(ids, budget.starts_on, min(today(), budget.ends_on))
    names, facts, tasks = initiatives.names_by_id(set(ids)), facts_about(ids, user), boards.task_counts(ids)
    joined = initiatives.members_joined(ids, since)
    plans = [Plan(row.id, row.title, names.get(row.initiative_id, ""), row.granted_cents or 0, row.spent_cents,
                  tasks[row.initiative_id]["done"], sum(tasks[row.initiative_id].values()),
                  held.get(row.initiative_id, 0), joined.get(row.initiative_id, 0),
                  [fact for kind, fact in facts.get(row.initiative_id, {}).items() if kind in SHOWN_FACTS])
             for row in granted]
    return Progress(plans, boards.work_done(ids, budget.starts_on), sum(plan.spent_cents for plan in plans),
                    sum(1 for count in joined.values() if count))


def granted_per_initiative(initiative_ids: list[int], user: Viewer) -> dict[int, int]:
    """Return the cents granted to each of these initiatives that `user` may see, from every budget (one query)."""
    if not initiative_ids:
        return {}
    rows = initiatives.run_visible("budget.granted_per_initiative", user, (), _granted_statement,
                                   {"ids": list(initiative_ids)})
    return {row[0]: int(row[1] or 0) for row in rows}


def _granted_statement(viewer: Viewer) -> Executable:
    """Built once per role (`run_visible`): building it with the visibility rule cost more than running it."""
    return (select(Application.initiative_id, func.sum(Application.granted_cents))
            .where(Application.initiative_id.in_(bindparam("ids", expanding=True)), Application.status == "granted",
                   initiatives.linked_visible(viewer, Application.initiative_id))
            .group_by(Application.initiative_id))


def initiative_names(rows: list[Any]) -> dict[int, str]:
    """Return the names of the initiatives these rows (applications, ledger lines) belong to (one query)."""
    return initiatives.names_by_id({row.initiative_id for row in rows})


def waiting_count() -> int:
    """Return how many applications wait for a decision."""
    return db.session.scalar(select(func.count()).select_from(Application).where(
        Application.status == "sent")) or 0


def export_person(user: User) -> dict:
    """Return what the budget keeps about a person: the applications they started and what they support."""
    return {"applications": [row.title for row in db.session.scalars(select(Application).where(
                Application.created_by_id == user.id))],
            "supports": len(list(db.session.scalars(select(Support.id).where(Support.user_id == user.id))))}


def forget_person(user: User) -> None:
    """Remove a person's support (the count drops with it); their applications stay with their initiative."""
    for application_id in list(db.session.scalars(select(Support.application_id).where(Support.user_id == user.id))):
        db.session.execute(update(Application).where(Application.id == application_id)
                           .values(supporters=Application.supporters - 1))
    db.session.execute(delete(Support).where(Support.user_id == user.id))
