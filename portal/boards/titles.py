"""A task's title as its reader reads it: the one rule for every page, sheet, screen and mail that names a task
(and, for one task's own page, slip and poster, its description: the same rule).

A task's stored title is what someone typed, or, for a task another feature made (an event's shift), a copy written
once in the neighbourhood's language ("Buurtbarbecue: Opbouwen"). The feature that made it knows the title as it is
now, in the reader's language, and as far as the reader may see what the task is for (registry.task_titles). So
everything that shows a task's title asks here, once for a whole list: one query whatever its length, none for an
empty list, never one a task. The stored title is the answer for the tasks no feature claims.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from portal.core.registry import shown_task_descriptions, shown_task_titles_and_times


class Titled(Protocol):
    """Anything that stands for a task: a Task, a card, a line of a list."""

    @property
    def id(self) -> int: ...

    @property
    def title(self) -> str: ...


class Described(Titled, Protocol):
    """A task with its stored description."""

    @property
    def description(self) -> str: ...


class Retitled(Protocol):
    """A card or list line made for one page (not a Task: a changed Task would be saved)."""

    id: int
    title: str


Line = TypeVar("Line", bound=Retitled)


class Titles(dict[int, str]):
    """{task id: title as the reader reads it}, with `times`: {task id: when it happens ("za 5 dec 14:00–17:00")}
    for the tasks at a set time (an event's shift), which a card shows instead of a due date."""

    def __init__(self, titles: dict[int, str], times: dict[int, str]):
        super().__init__(titles)
        self.times = times


def titles_of(tasks: Iterable[tuple[int, str]], viewer: Any) -> Titles:
    """Return {task id: title} for (task id, stored title) pairs as `viewer` reads them now, in the language of
    the moment: the title the feature that made a task gives it, else the stored one; with the times of the tasks
    at a set time (`Titles.times`), from the same query."""
    stored = dict(tasks)
    given, times = shown_task_titles_and_times(list(stored), viewer) if stored else ({}, {})
    return Titles({task_id: given.get(task_id, title) for task_id, title in stored.items()}, times)


def shown_titles(tasks: Iterable[Titled], viewer: Any) -> Titles:
    """Return {task id: title} of these tasks as `viewer` reads them now (`titles_of`)."""
    return titles_of(((task.id, task.title) for task in tasks), viewer)


def retitle(lines: list[Line], viewer: Any) -> list[Line]:
    """Give cards or list lines (never Tasks) their title as `viewer` reads it (`shown_titles`), and the lines
    that have a `when` the time of a task at a set time; return them."""
    titles = shown_titles(lines, viewer)
    for line in lines:
        line.title = titles[line.id]
        if line.id in titles.times and hasattr(line, "when"):
            line.when = titles.times[line.id]
    return lines


def shown_description(task: Described, viewer: Any) -> str:
    """Return what one task's own page, slip or poster says of it, as `viewer` reads it now: the description the
    feature that made it gives (a shift's names its event as it is now, or only the time to whoever may not see
    the event), else the stored one (one query)."""
    return shown_task_descriptions([task.id], viewer).get(task.id, task.description)
