"""Task cards made cheap: what a card shows as plain rows, and what every card on one page shares, worked out once.

A board or "where can I help" shows up to thirty cards. Read as ORM graphs (tasks, skills, claims, users through
selectin loads) and rendered through an include per card, that was most of the cost of the page. Here a card is a
small object filled from a few selects of the columns it shows (services.cards_of), and `CardPage` holds what
is the same on every card of the page: the viewer's roles, the translated words, the URLs built from a prefix,
the formatted hours and days (memoised: a page has a handful of distinct values). Whether a person may see a board
is still decided by portal/initiatives/services.py, and how a person is named by portal/accounts/names.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any, NamedTuple

from flask import request
from flask_babel import get_translations
from markupsafe import Markup, escape

from portal.accounts.names import Person, names_public
from portal.boards.models import ClaimRules, Task, TaskRules
from portal.core.urls import id_url
from portal.i18n import format_date, format_duration
from portal.permissions import has_role


class Board(NamedTuple):
    """The board a card sits on (its initiative), for lists across boards."""

    id: int
    name: str


@dataclass(slots=True, eq=False)
class CardClaim(ClaimRules):
    """A place on a task, as a card shows it."""

    id: int
    user_id: int | None
    recorded_by_id: int | None
    walkin_name: str | None
    part_done_at: datetime | None
    user: Person | None


@dataclass(slots=True, eq=False)
class Card(TaskRules):
    """A task as a card shows it (the rules are the Task's own: models.TaskRules)."""

    id: int
    initiative_id: int
    title: str
    estimate_minutes: int
    due_date: date | None
    place: str
    places_needed: int
    places_taken: int
    status: str
    good_first: bool
    with_buddy: bool
    done_at: datetime | None = None
    initiative: Board | None = None
    skill_names: list[str] = field(default_factory=list)
    claims: list[CardClaim] = field(default_factory=list)
    when: str | None = None  # a task at a set time (an event's shift): "za 5 dec 14:00–17:00", shown for its due date


def _as_jinja_writes(message: str, **values: str) -> Markup:
    """Return a translated message as Jinja's gettext writes it into a page: the message itself trusted (it comes
    from our own catalogue), the values put into it escaped."""
    trusted = Markup(message)  # noqa: S704 - the catalogue's words, never a person's input
    return trusted % values if values else trusted




class CardFacts(NamedTuple):
    """What a card says of its task, worked out by the page's CardPage (`facts`)."""

    page: str  # the task's own page
    hours: Markup  # "1,5 h"
    due: Markup | None  # "by Thu 3 Dec", or a shift's time "Sat 5 Dec 14:00–17:00"; None without either
    skills: list[tuple[str, str]]  # (link to the tasks asking for it, skill)
    places: Markup | None  # "2 more people needed"; None when full or done
    on_it: Markup | None  # the words before the people on an unfinished task; None without people or when done


class CardPage:
    """What every task card on one page shares: made once per page (`card_page()` in a template)."""

    def __init__(self, next_url: str | None = None, titles: dict[int, str] | None = None):
        from flask_login import current_user

        # A single Task's title as the reader reads it (boards/titles.py), by id; the cards of a list are titled by
        # the service that made them (titles.retitle).
        self.titles = titles or {}
        self.times: dict[int, str] = getattr(titles, "times", {})  # a single Task's set time (titles.Titles)
        # The user itself, not the proxy: a page asks it about every place on every card.
        self.user = current_user._get_current_object()
        self.signed_in = bool(getattr(self.user, "is_authenticated", False))
        self.names_public = names_public(self.user)  # helpers' names as for anyone (a visitor, the kiosk)
        self.can_edit = has_role(self.user, "coordinator")  # TaskRules.can_edit: the same for every task
        self.librarian = has_role(self.user, "librarian")
        self.next = next_url or request.path
        # The request's catalogue, looked up once: Flask-Babel's gettext looks it up again for every word.
        translations = get_translations()
        self._gettext, self._ngettext = translations.ugettext, translations.ungettext
        _ = self._gettext
        self.words = {word: _as_jinja_writes(text) for word, text in (
            ("good first task", _("good first task")), ("with a buddy", _("with a buddy")),
            ("Everyone needed is on it", _("Everyone needed is on it")), ("Done by:", _("Done by:")),
            ("their part is done", _("their part is done")), ("It is done", _("It is done")),
            ("Hand back", _("Hand back")), ("I'll do it", _("I'll do it")), ("Change", _("Change")),
            ("Your part is done. Thank you!", _("Your part is done. Thank you!")),
            ("Together with", _("Together with")), ("Board:", _("Board:")))}
        self._hours: dict[int, Markup] = {}
        self._due: dict[date, Markup] = {}
        self._places: dict[int, Markup] = {}
        self._on_it: dict[int, Markup] = {}
        self._skill: dict[str, str] = {}
        self._once: dict[str, Any] = {}

    # The URLs of a card's actions, each built on first use (a visitor's page needs none of them).
    claim = cached_property(lambda self: id_url("boards.claim_task", "task_id"))
    hand_back = cached_property(lambda self: id_url("boards.hand_back", "task_id"))
    finish = cached_property(lambda self: id_url("boards.finish_task", "task_id"))
    edit = cached_property(lambda self: id_url("boards.edit_task", "task_id"))
    walkin = cached_property(lambda self: id_url("boards.claim_for_walkin", "task_id"))
    board = cached_property(lambda self: id_url("boards.show_board", "initiative_id"))
    page = cached_property(lambda self: id_url("boards.show_task", "task_id"))  # its own page, with share links

    def hours(self, minutes: int) -> Markup:
        """Return "1,5 h" (or "45 minutes") for an estimate in minutes, as every page says it."""
        found = self._hours.get(minutes)
        if found is None:
            found = self._hours[minutes] = escape(format_duration(minutes))
        return found

    def due(self, day: date) -> Markup:
        """Return "by Thu 3 Dec" for a due date."""
        found = self._due.get(day)
        if found is None:
            _ = self._gettext
            found = self._due[day] = _as_jinja_writes(_("by %(day)s"), day=format_date(day, "EEE d MMM"))
        return found

    def when(self, task: Card | Task) -> Markup | None:
        """Return the time of a task at a set time (an event's shift), else None: a card's own, a Task's from the
        page's titles (titles.Titles.times)."""
        found = getattr(task, "when", None) if isinstance(task, Card) else self.times.get(task.id)
        return escape(found) if found else None

    def places(self, left: int) -> Markup:
        """Return "2 more people needed"."""
        found = self._places.get(left)
        if found is None:
            ngettext = self._ngettext  # as Flask-Babel's ngettext: the count is the value `num`
            found = self._places[left] = _as_jinja_writes(ngettext(
                "%(num)s more person needed", "%(num)s more people needed", left) % {"num": left})
        return found

    def on_it(self, count: int) -> Markup:
        """Return the words before the people on an unfinished task ("On it:")."""
        found = self._on_it.get(count)
        if found is None:
            ngettext = self._ngettext
            found = self._on_it[count] = _as_jinja_writes(ngettext("On it:", "On it:", count) % {"num": count})
        return found

    @cached_property
    def _skill_link(self) -> Callable[[str], str]:
        return id_url("boards.where_can_i_help", "skill", text=True)

    def skill(self, name: str) -> str:
        """Return the link to the tasks that ask for this skill: url_for's, with the name quoted as url_for
        quotes it, joined into the address built once a page."""
        found = self._skill.get(name)
        if found is None:
            found = self._skill[name] = self._skill_link(name)
        return found

    def once(self, name: str, make: Callable[..., Any], *args: Any) -> Any:
        """Return `make(*args)`, made on the first card that asks (the hidden fields every card's forms share)."""
        found = self._once.get(name)
        if found is None:
            found = self._once[name] = make(*args)
        return found

    def title(self, task: Card | Task) -> str:
        """Return the task's title as the reader reads it: a Task's from `titles` (boards/titles.py), a card's its
        own (titled by the service that made the list)."""
        return self.titles.get(task.id, task.title)

    def facts(self, task: Card | Task) -> CardFacts:
        """Return what the card of `task` says of it, worked out in one call instead of one per part."""
        left = task.places_left
        claims = task.claims
        done = task.status == "done"
        return CardFacts(self.page(task.id), self.hours(task.estimate_minutes),
                         self.when(task) or (self.due(task.due_date) if task.due_date else None),
                         [(self.skill(name), name) for name in task.skill_names],
                         self.places(left) if left and not done else None,
                         self.on_it(len(claims)) if claims and not done else None)

    def open_parts(self, task: TaskRules) -> list:
        """Return the places this page's viewer still answers for on `task` (TaskRules.open_parts_of)."""
        return task.open_parts_of(self.user) if self.signed_in else []
