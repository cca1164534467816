"""What boards add to other pages: navigation, tasks that need hands on the home page, load on the account."""

from datetime import datetime, time

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from portal.accounts import services as account_services
from portal.boards import bp, services
from portal.boards.cards import CardPage
from portal.boards.forms import PauseForm
from portal.boards.titles import shown_description, shown_titles
from portal.core.registry import (
    Fact,
    MineItem,
    PosterSource,
    SharedKind,
    SheetItem,
    SheetSection,
    Step,
    Waiting,
    first_step,
    hours_per_person,
    idea_target,
    initiative_activity,
    initiative_facts,
    initiative_section,
    mine_source,
    nav_item,
    page_section,
    poster_source,
    purge_step,
    shared_kind,
    sheet_section,
    thanks_subject,
    waiting_count,
)
from portal.core.time import to_utc
from portal.core.urls import id_url, public_url_for
from portal.i18n import format_date, format_duration
from portal.permissions import has_role

nav_item("boards.list_boards", _l("Tasks"), order=15)
account_services.ACCOUNT_DELETERS.append(services.forget_person)
account_services.DATA_EXPORTERS["tasks"] = services.export_person
idea_target("task", _l("a task on a board"), services.task_from_idea, services.describe_task, order=10)


# Every template that shows task cards makes one of these a page: `{% set page = card_page() %}`.
bp.add_app_template_global(CardPage, "card_page")


@purge_step
def purge_walkin_names() -> str:
    """Blank the names of walk-in residents on claims of tasks that are done."""
    return f"walk-in names deleted from {services.purge_walkin_names()} claim(s) of finished tasks"


@mine_source("boards.where_can_i_help", _l("Where can I help?"))
def my_tasks(user) -> list[MineItem]:
    """Give "my tasks and bookings" the tasks I am on, with "It is done" and "Hand back" (due at the day's end)."""
    tasks = services.my_tasks(user)
    claimed = {task.id for task in tasks}
    cards = CardPage() if tasks else None  # what the cards share, made once for all of them (for `user`: the viewer)
    return [MineItem(to_utc(datetime.combine(task.due_date, time(23, 59))) if task.due_date else None,
                     "boards/_mine_item.html", {"task": task, "claimed": claimed, "cards": cards})
            for task in tasks]


@page_section("home", order=30)
def tasks_that_need_hands():
    """Show the soonest tasks that still need people on the home page (not mine: those are shown above)."""
    tasks, _cursor = services.help_page(current_user, size=4, not_mine=True)
    return "boards/_home.html", {"tasks": tasks, "claimed": services.claimed_ids(current_user, tasks)}


@page_section("account", order=20)
def my_load():
    """Show a person how much they carry, and let them take a break."""
    paused = current_user.paused_until.isoformat() if current_user.paused_until else ""
    return "boards/_account.html", {"load": services.load_of(current_user),
                                    "pause_form": PauseForm(data={"paused_until": paused})}


@waiting_count(order=30)
def tasks_due_with_nobody(user) -> Waiting | None:
    """Tell coordinators how many tasks are due within a week with nobody on them."""
    if not has_role(user, "coordinator"):
        return None
    count = services.count_due_without_anyone()
    return Waiting(count, ngettext("%(num)s task due within a week or late has nobody on it",
                                   "%(num)s tasks due within a week or late have nobody on them", count),
                   "boards.load_guard")


@page_section("home", order=4)
@page_section("account", order=14)
def takeover_questions():
    """Show the questions to take over a task, with "yes" and "no", to the person asked."""
    if not current_user.is_authenticated:
        return None
    questions = services.open_takeovers_for(current_user)
    return ("boards/_takeovers.html", {"questions": questions}) if questions else None


@initiative_facts(order=10)
def tasks_that_need_people(initiative_ids: list[int], viewer) -> dict[int, Fact]:
    """Tell per initiative how many tasks on its board need people, with a link to the board."""
    counts = services.needing_counts(initiative_ids, viewer)
    if not counts:
        return {}
    # The words per count and the link once, not per card (gettext and url_for cost more than the rest of a fact).
    words = {count: ngettext("%(num)s task needs people", "%(num)s tasks need people", count)
             if count else _("No tasks need people right now.") for count in set(counts.values())}
    link = id_url("boards.show_board", "initiative_id")
    # "No tasks need people right now." says how things are: plain words, not a link that promises more.
    return {initiative_id: Fact("board", words[count], link(initiative_id) if count else None, count)
            for initiative_id, count in counts.items()}



@initiative_section(order=10)
def board_on_initiative_page(initiative, viewer):
    """Show the first tasks on the initiative's board that need people, and the way to the whole board."""
    tasks, _cursor = services.help_page(viewer, initiative_id=initiative.id, size=3)
    return "boards/_initiative.html", {"initiative": initiative, "tasks": tasks,
                                       "claimed": services.claimed_ids(viewer, tasks)}


# --- what boards tell the network of initiatives ----------------------------------------------------------------

@first_step(order=10)
def first_tasks(viewer, max_minutes: int | None, limit: int) -> list[Step]:
    """Offer a newcomer open tasks that need people: good first ones, soon, short."""
    tasks = services.first_tasks(viewer, max_minutes, limit)
    titles = shown_titles(tasks, viewer)
    return [Step("task", titles[task.id], url_for("boards.show_board", initiative_id=task.initiative_id,
                                                  _anchor=task.dom_id),
                 task.initiative_id, titles.times.get(task.id) or task.due_date, task.estimate_minutes,
                 task.places_left)
            for task in tasks]


hours_per_person(services.coming_hours_of)


@thanks_subject("task")
def tasks_thanked_for(task_ids: list[int], viewer) -> dict[int, str]:
    """Name the tasks an automatic thank-you is for, as `viewer` may see and read them (the one rule for a task's
    title, boards/titles.py: a shift's names its event only to whoever may see the event): two queries."""
    return {task_id: title for task_id, (title, _board) in services.task_titles(set(task_ids), viewer).items()}
initiative_activity(services.last_task_activity)


def _describe_boards(ids: set[int], viewer) -> dict[int, tuple[str, str]]:
    """A shared board is the inviting initiative's own board; who sees it is checked with the collaboration."""
    return {initiative_id: (str(_l("The whole task board")), url_for("boards.show_board", initiative_id=initiative_id))
            for initiative_id in ids}


def _describe_tasks(ids: set[int], viewer) -> dict[int, tuple[str, str]]:
    return {task_id: (title, url_for("boards.show_board", initiative_id=initiative_id, _anchor=f"task-{task_id}"))
            for task_id, (title, initiative_id) in services.task_titles(ids, viewer).items()}


shared_kind(SharedKind("board", _l("The whole task board"), _describe_boards,
                       lambda initiative_id: [(initiative_id, str(_l("The whole task board")))], order=10))
shared_kind(SharedKind("task", _l("A task"), _describe_tasks,
                       lambda initiative_id: services.shareable_tasks(initiative_id, current_user), order=20))


# --- paper: the tasks that most need hands on the weekly sheet, and a poster for a public task ----------------------

def _task_line(task, when: str | None = None) -> str:
    """Say in one line how many hands a task needs, for how long, and when: at its set time (an event's shift, from
    the card or `when`), else by its due date."""
    line = ngettext("%(num)s person needed", "%(num)s people needed", task.places_needed - task.places_taken)
    line += " · " + format_duration(task.estimate_minutes)
    when = when or getattr(task, "when", None)
    if when:
        line += " · " + when
    elif task.due_date:
        line += " · " + _("before %(day)s", day=format_date(task.due_date, "EEE d MMM"))
    return f"{line} · {task.initiative.name}"


@sheet_section(order=30)
def tasks_on_paper(week_start):
    """Put the open public tasks that most need hands on the weekly sheet."""
    tasks = services.most_needed(week_start, limit=5)
    if not tasks:
        return None
    items = tuple(SheetItem(task.title, _task_line(task), public_url_for(
        "boards.show_board", initiative_id=task.initiative_id, _anchor=task.dom_id)) for task in tasks)
    stamp = ",".join(f"{task.id}:{task.places_taken}" for task in tasks)
    return SheetSection("tasks", _("Who can help?"), items, stamp=stamp)


@poster_source("task")
def task_poster(task_id: int) -> PosterSource | None:
    """Say what a poster of a task of a public initiative shows; None for anything a visitor may not see."""
    task = services.public_task(task_id)
    if task is None or task.status == "done":
        return None
    # A poster is for anyone: its words as a visitor reads them; a shift at its time, not "before" its day.
    titles = shown_titles([task], None)
    title, description, at = titles[task.id], shown_description(task, None), titles.times.get(task.id)
    when = at or (_("before %(day)s", day=format_date(task.due_date, "EEEE d MMMM")) if task.due_date else "")
    return PosterSource(title, when, task.place or task.initiative.name, description or _task_line(task, at),
                        public_url_for("boards.show_board", initiative_id=task.initiative_id, _anchor=task.dom_id))
