"""What features add to shared pages: sections of the home page, links in the main navigation, counts of what waits,
and what they know about an initiative (facts for its card, sections of its page)."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# Each slot ("home", "account") holds functions that return a (template, context) pair, or None when
# they have nothing to show.
_SECTIONS: dict[str, list[tuple[int, Callable]]] = defaultdict(list)
_NAV: list["NavItem"] = []
# Functions that return {name: number} for the admins' deep health check (`/healthz?deep=1`).
_HEALTH: list[Callable[[], dict]] = []


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    blueprint: str
    label: object  # a lazy string, translated when shown
    order: int
    own_page: bool = False  # marked current on its own page only, not on every page of its blueprint

    def is_current(self, endpoint: str | None, blueprint: str | None) -> bool:
        """Tell whether this link is the page shown (or the section it belongs to)."""
        return endpoint == self.endpoint or (not self.own_page and blueprint == self.blueprint)


def page_section(slot: str, order: int) -> Callable[[Callable], Callable]:
    """Register the decorated function as a section of the page `slot`, shown in `order`."""

    def decorator(func: Callable) -> Callable:
        _SECTIONS[slot].append((order, func))
        _SECTIONS[slot].sort(key=lambda item: item[0])
        return func

    return decorator


def page_sections(slot: str) -> list[tuple[str, dict]]:
    """Return the sections of page `slot` that have something to show."""
    return [section for section in (func() for _, func in _SECTIONS[slot]) if section]


def nav_item(endpoint: str, label: object, order: int, own_page: bool = False) -> None:
    """Add a link to the main navigation (features call this at import); `own_page`: one page, not a section."""
    if not any(item.endpoint == endpoint for item in _NAV):
        _NAV.append(NavItem(endpoint, endpoint.split(".")[0], label, order, own_page))
        _NAV.sort(key=lambda item: item.order)


def nav_items() -> list[NavItem]:
    """Return the main navigation links in order."""
    return list(_NAV)


# Daily clean-ups (`flask --app portal purge-walk-ins`): each feature registers a function that deletes personal
# details that served their purpose, in the current transaction, and returns a line for the operator.
_PURGES: list[Callable[[], str]] = []


def purge_step(func: Callable[[], str]) -> Callable[[], str]:
    """Register the decorated function as a step of the daily clean-up."""
    if func not in _PURGES:
        _PURGES.append(func)
    return func


def purge_steps() -> list[Callable[[], str]]:
    """Return the steps of the daily clean-up, in the order they were registered."""
    return list(_PURGES)


def health_detail(func: Callable[[], dict]) -> Callable[[], dict]:
    """Register the decorated function: it adds {name: value} pairs to the admins' deep health check."""
    _HEALTH.append(func)
    return func


def health_details() -> dict:
    """Return what every feature reports for the deep health check."""
    details: dict = {}
    for func in _HEALTH:
        details.update(func())
    return details


# What waits for someone's answer (booking requests, reports, tasks due with nobody): each feature counts its own
# and links to where it is handled; the home page shows the counts to the people who handle them.
@dataclass(frozen=True)
class Waiting:
    count: int
    label: str  # already translated, with the count in it ("3 booking requests wait for an answer")
    endpoint: str


_WAITING: list[tuple[int, Callable[[Any], Waiting | None]]] = []


def waiting_count(order: int) -> Callable[[Callable[[Any], Waiting | None]], Callable[[Any], Waiting | None]]:
    """Register the decorated function (user -> Waiting or None when not theirs to handle) as a count on home."""

    def decorator(func: Callable[[Any], Waiting | None]) -> Callable[[Any], Waiting | None]:
        _WAITING.append((order, func))
        _WAITING.sort(key=lambda item: item[0])
        return func

    return decorator


def waiting_counts(user: Any) -> list[Waiting]:
    """Return what waits for `user` to handle, in order (zero counts too, so "nothing waits" is visible)."""
    return [found for found in (func(user) for _, func in _WAITING) if found is not None]


# What other features know about initiatives, for the network page's cards and an initiative's own page, without
# the initiatives package (which sits below them) naming any of them. A provider takes a list of initiative ids
# and the viewer, and answers {id: Fact} in a fixed number of queries, whatever the number of ids; it leaves out
# ids it has nothing on, and everything the viewer may not see (it filters through the initiatives' visibility
# services itself, so a caller's mistake cannot leak a members-only fact).
@dataclass(frozen=True)
class Fact:
    kind: str  # who knows it: "board", "applause", "event", ...; a card picks the kinds it shows
    text: str  # already translated and ready to show ("3 open tasks", "Last thank-you: Job done: ...")
    url: str | None = None  # where to read more (the board, the shout-out, the event)
    count: int | None = None  # the number in the text, for sorting or badges
    when: Any = None  # a datetime or date the fact is about (the last shout-out, the next event), else None


FactProvider = Callable[[list[int], Any], dict[int, Fact]]
_FACTS: list[tuple[int, FactProvider]] = []


def initiative_facts(order: int) -> Callable[[FactProvider], FactProvider]:
    """Register the decorated function (ids, viewer -> {id: Fact}) as a provider of facts about initiatives."""

    def decorator(func: FactProvider) -> FactProvider:
        if func not in [registered for _, registered in _FACTS]:
            _FACTS.append((order, func))
            _FACTS.sort(key=lambda item: item[0])
        return func

    return decorator


def facts_about(initiative_ids: list[int], viewer: Any) -> dict[int, dict[str, Fact]]:
    """Return, for every id given, its facts by kind in the providers' order ({} when nobody knows anything).

    Pass only ids the viewer may see; the providers check again. One call per provider, so a page of cards costs
    the same few queries for 10 initiatives as for 500.
    """
    found: dict[int, dict[str, Fact]] = {initiative_id: {} for initiative_id in initiative_ids}
    if not initiative_ids:
        return found
    for _order, provider in _FACTS:
        for initiative_id, fact in provider(list(initiative_ids), viewer).items():
            if initiative_id in found:
                found[initiative_id][fact.kind] = fact
    return found


# Sections on one initiative's own page (its board's open tasks, its applause, its events): functions that take the
# initiative and the viewer (who may see it: the page checked) and return (template, context), or None.
InitiativeSection = Callable[[Any, Any], tuple[str, dict] | None]
_INITIATIVE_SECTIONS: list[tuple[int, InitiativeSection]] = []


def initiative_section(order: int) -> Callable[[InitiativeSection], InitiativeSection]:
    """Register the decorated function (initiative, viewer -> (template, context) or None) on initiative pages."""

    def decorator(func: InitiativeSection) -> InitiativeSection:
        if func not in [registered for _, registered in _INITIATIVE_SECTIONS]:
            _INITIATIVE_SECTIONS.append((order, func))
            _INITIATIVE_SECTIONS.sort(key=lambda item: item[0])
        return func

    return decorator


def initiative_sections(initiative: Any, viewer: Any) -> list[tuple[str, dict]]:
    """Return the sections other features add to this initiative's page, in order, leaving out empty ones."""
    return [section for section in (func(initiative, viewer) for _, func in _INITIATIVE_SECTIONS) if section]


# "My tasks, bookings and events": each feature returns what a person has coming (a task they are on, a booking they
# made) as items with a moment; the home and account pages show them as one list, soonest first, undated last.
@dataclass(frozen=True)
class MineItem:
    when: datetime | None  # aware (UTC); None: no date, shown after everything dated
    template: str  # the partial that shows the item; it reads `section`
    context: dict


_MINE: list[Callable[[Any], list[MineItem]]] = []
_MINE_LINKS: list[tuple[str, object]] = []


def mine_source(endpoint: str, label: object) -> Callable:
    """Register the decorated function (user -> list of MineItem) as a source of "my tasks and bookings";
    `endpoint` and `label` (a lazy string) link to where to find more of them."""

    def decorator(func: Callable[[Any], list[MineItem]]) -> Callable[[Any], list[MineItem]]:
        if func not in _MINE:
            _MINE.append(func)
            _MINE_LINKS.append((endpoint, label))
        return func

    return decorator


def mine_links() -> list[tuple[str, object]]:
    """Return (endpoint, label) of the pages where each source of "my tasks and bookings" has more."""
    return list(_MINE_LINKS)


def my_items(user: Any) -> list[MineItem]:
    """Return everything `user` has coming from every feature, soonest first; items without a date last."""
    items = [item for func in _MINE for item in func(user)]
    return sorted(items, key=lambda item: (item.when is None, item.when or _EARLIEST))


_EARLIEST = datetime.min.replace(tzinfo=UTC)


# The weekly neighbourhood sheet ("Buurtbericht") and posters: paper is public, so each feature answers as to a
# visitor (the initiatives' visibility rule with nobody logged in) and gives only what may hang on a notice board.
@dataclass(frozen=True)
class SheetItem:
    title: str  # what it is ("Buurtmaaltijd", "Bedankt, Fatima!", "Help bij de schoonmaak")
    text: str = ""  # one short line: when and where, the message, how many hands
    url: str | None = None  # the public address (public_url_for) for the QR code


@dataclass(frozen=True)
class SheetSection:
    key: str  # "agenda", "applause", "tasks", "budget": stable, for the cache key and the tests
    heading: str  # already translated
    items: tuple[SheetItem, ...] = ()
    line: str = ""  # a section of one line (the budget's status) says it here
    stamp: str = ""  # the last change of what the section shows (an id, a time): part of the sheet's cache key


SheetProvider = Callable[[Any], SheetSection | None]
_SHEET: list[tuple[int, SheetProvider]] = []


def sheet_section(order: int) -> Callable[[SheetProvider], SheetProvider]:
    """Register the decorated function (week_start: date -> SheetSection or None) as a part of the weekly sheet."""

    def decorator(func: SheetProvider) -> SheetProvider:
        if func not in [registered for _, registered in _SHEET]:
            _SHEET.append((order, func))
            _SHEET.sort(key=lambda item: item[0])
        return func

    return decorator


def sheet_sections(week_start: Any) -> list[SheetSection]:
    """Return the parts of the weekly sheet of the week starting `week_start`, in order, leaving out empty ones."""
    return [section for section in (func(week_start) for _, func in _SHEET) if section]


@dataclass(frozen=True)
class PosterSource:
    title: str
    when: str  # already formatted ("zaterdag 5 december, 14:00"), or ""
    where: str  # a place or address, or ""
    text: str  # a few sentences at most
    url: str  # the public address (public_url_for)


PosterProvider = Callable[[int], PosterSource | None]
_POSTERS: dict[str, PosterProvider] = {}


def poster_source(kind: str) -> Callable[[PosterProvider], PosterProvider]:
    """Register the decorated function (id -> PosterSource, or None when missing or not public) for posters of
    `kind` ("event", "initiative", "task", "idea")."""

    def decorator(func: PosterProvider) -> PosterProvider:
        _POSTERS[kind] = func
        return func

    return decorator


def poster_for(kind: str, ident: int) -> PosterSource | None:
    """Return what a poster of this `kind` and id shows, or None when nobody provides it or it is not public."""
    provider = _POSTERS.get(kind)
    return provider(ident) if provider else None


def poster_kinds() -> list[str]:
    """Return the kinds of things that have posters."""
    return sorted(_POSTERS)


# Events an initiative plans, for features that ask whether a plan holds one (the budget's "a plan with at least N
# tasks, or an event") without importing the events feature, which may be absent. A provider takes initiative ids
# and a period (two dates) and answers {id: number of events planned or held in it}; with no provider, every
# initiative has none.
EventCounter = Callable[[list[int], Any, Any], dict[int, int]]
_EVENT_COUNTERS: list[EventCounter] = []


def event_counter(func: EventCounter) -> EventCounter:
    """Register the decorated function (ids, first day, last day -> {id: events}) as a counter of planned events."""
    if func not in _EVENT_COUNTERS:
        _EVENT_COUNTERS.append(func)
    return func


def events_planned(initiative_ids: list[int], first: Any, last: Any) -> dict[int, int]:
    """Return how many events each initiative plans between `first` and `last` (0 when no feature knows)."""
    found = dict.fromkeys(initiative_ids, 0)
    if not initiative_ids:
        return found
    for counter in _EVENT_COUNTERS:
        for initiative_id, count in counter(list(initiative_ids), first, last).items():
            if initiative_id in found:
                found[initiative_id] += count
    return found


# What an idea from the ideas box can become in one step ("a task on a board", "an initiative", later "a talk").
# The feature that makes the thing registers it; the ideas box never names that feature.
@dataclass(frozen=True)
class IdeaTarget:
    kind: str  # "task", "initiative", "talk": kept on the idea with the id of what it became
    label: object  # a lazy string ("a task on a board"), translated when shown
    # (title, description, initiative_id or None, actor_id) -> (id of what was made, the initiative it belongs to
    # or None), made in the current transaction
    create: Callable[[str, str, int | None, int], tuple[int, int | None]]
    # (id, viewer) -> (title, path) of what the idea became, or None when gone or not for this viewer to see
    describe: Callable[[int, Any], tuple[str, str] | None]
    needs_initiative: bool = True  # whether it goes into an existing initiative (a task onto its board)
    order: int = 50


_IDEA_TARGETS: dict[str, IdeaTarget] = {}


def idea_target(kind: str, label: Any, create: Callable[[str, str, int | None, int], tuple[int, int | None]],
                describe: Callable[[int, Any], tuple[str, str] | None], needs_initiative: bool = True,
                order: int = 50) -> None:
    """Offer what an idea can become: `create` makes it, `describe` names and links it for a viewer."""
    _IDEA_TARGETS[kind] = IdeaTarget(kind, label, create, describe, needs_initiative, order)


def idea_targets() -> list[IdeaTarget]:
    """Return what an idea can become, in order."""
    return sorted(_IDEA_TARGETS.values(), key=lambda target: target.order)


# --- the network of initiatives ---------------------------------------------------------------------------------
# "What can I do?": each feature offers a newcomer its best first steps (a short task that needs people soon, an
# event), as plain values; the network page picks from them without knowing the features.
@dataclass(frozen=True)
class Step:
    kind: str  # "task", "event", "meeting": the template words it
    title: str
    path: str  # a path on this site
    initiative_id: int | None = None
    when: Any = None  # a date (a task's "by"), an aware datetime, a task's set time in words (a shift), or None
    minutes: int | None = None  # how long it takes, when known
    places_left: int | None = None


StepSource = Callable[[Any, int | None, int], list[Step]]
_STEPS: list[tuple[int, StepSource]] = []


def first_step(order: int) -> Callable[[StepSource], StepSource]:
    """Register the decorated function (viewer, max_minutes, limit) -> [Step]: good first steps it offers,
    only things the viewer may see, best first, in a fixed number of queries."""

    def decorator(func: StepSource) -> StepSource:
        if func not in [registered for _, registered in _STEPS]:
            _STEPS.append((order, func))
            _STEPS.sort(key=lambda item: item[0])
        return func

    return decorator


def first_steps(viewer: Any, max_minutes: int | None = None, limit: int = 3) -> list[Step]:
    """Return every feature's first steps for `viewer`, each feature's in its own order."""
    return [step for _, func in _STEPS for step in func(viewer, max_minutes, limit)]


# The load guard's hours per person (the coming four weeks), so others can ask who carries too much without
# knowing where the hours come from. Functions take user ids and return {user_id: hours}.
_HOURS: list[Callable[[list[int]], dict[int, float]]] = []


def hours_per_person(func: Callable[[list[int]], dict[int, float]]) -> Callable[[list[int]], dict[int, float]]:
    """Register the decorated function: user ids -> {user_id: hours they carry}, in one query."""
    if func not in _HOURS:
        _HOURS.append(func)
    return func


# Titles of tasks another feature made (an event's shift: "Buurtbarbecue: Setting up"). Such a task's stored title is
# a copy written once, in the neighbourhood's language; the feature that made it gives the title as it is now, in the
# reader's language, and only as far as the reader may see what the task is for. Boards asks through
# portal/boards/titles.py, once for a whole list, wherever a task's title is shown.
TaskTitles = Callable[[list[int], Any], dict[int, str]]
_TASK_TITLES: list[TaskTitles] = []


def task_titles(func: TaskTitles) -> TaskTitles:
    """Register the decorated function: (task ids, viewer) -> {task_id: its title as the viewer reads it now}, in
    one query, leaving out the tasks it did not make. For a task whose subject the viewer may not see (a
    members-only event) it gives a title that names nothing of it, so the stored copy is never shown instead."""
    if func not in _TASK_TITLES:
        _TASK_TITLES.append(func)
    return func


def shown_task_titles(task_ids: list[int], viewer: Any) -> dict[int, str]:
    """Return the titles the features that made these tasks give them now, for `viewer` (tasks nobody knows are
    left out; no query without ids)."""
    return shown_task_titles_and_times(task_ids, viewer)[0]


# A task another feature made may happen at a set time (an event's shift: Saturday 14:00–17:00) instead of being due
# by a day; lists show that time in place of "by Sat 5 Dec". Such a feature gives each task's title and time in the
# one query it answers `task_titles` with, so a list pays nothing more for its times.
TaskTitlesAndTimes = Callable[[list[int], Any], dict[int, tuple[str, str]]]
_TASK_TIMES: list[TaskTitlesAndTimes] = []


def task_titles_and_times(func: TaskTitlesAndTimes) -> TaskTitlesAndTimes:
    """Register the decorated function: (task ids, viewer) -> {task_id: (its title as `task_titles` gives it, its
    time in the viewer's language and Europe/Amsterdam: "za 5 dec 14:00–17:00")}, in one query; it stands in for
    a `task_titles` function of the same feature."""
    if func not in _TASK_TIMES:
        _TASK_TIMES.append(func)
    return func


def shown_task_titles_and_times(task_ids: list[int], viewer: Any) -> tuple[dict[int, str], dict[int, str]]:
    """Return ({task_id: title}, {task_id: time}) as the features that made these tasks give them now, for `viewer`
    (as `shown_task_titles`; only tasks at a set time have a time)."""
    titles: dict[int, str] = {}
    times: dict[int, str] = {}
    if task_ids:
        for func in _TASK_TITLES:
            titles.update(func(task_ids, viewer))
        for timed in _TASK_TIMES:
            for task_id, (title, when) in timed(task_ids, viewer).items():
                titles[task_id], times[task_id] = title, when
    return titles, times


# What such a task says of itself on its own page, its slip and its poster (an event's shift: "For Buurtbarbecue,
# 12-06-2026 14:00–15:00."), given the same way; asked for one task at a time, so lists never pay for it.
_TASK_DESCRIPTIONS: list[TaskTitles] = []


def task_descriptions(func: TaskTitles) -> TaskTitles:
    """Register the decorated function: (task ids, viewer) -> {task_id: its description as the viewer reads it
    now}, as `task_titles`: nothing of a subject the viewer may not see."""
    if func not in _TASK_DESCRIPTIONS:
        _TASK_DESCRIPTIONS.append(func)
    return func


def shown_task_descriptions(task_ids: list[int], viewer: Any) -> dict[int, str]:
    """Return the descriptions the features that made these tasks give them now, for `viewer` (as
    `shown_task_titles`)."""
    descriptions: dict[int, str] = {}
    if task_ids:
        for func in _TASK_DESCRIPTIONS:
            descriptions.update(func(task_ids, viewer))
    return descriptions


# What an automatic thank-you is for (a task done, an event held, an idea that became something). The applause keeps
# the kind and the id of its subject, never its title: the feature that owns the subject names it when the thank-you
# is shown, as the reader may see it (a reader who may not see it reads a thank-you that names nothing of it).
SubjectTitles = Callable[[list[int], Any], dict[int, str]]
_SUBJECT_TITLES: dict[str, SubjectTitles] = {}


def thanks_subject(kind: str) -> Callable[[SubjectTitles], SubjectTitles]:
    """Register the decorated function: (ids of things of `kind`, viewer) -> {id: its title as the viewer reads it
    now}, in a fixed number of queries, leaving out what is gone and what the viewer may not see."""

    def decorator(func: SubjectTitles) -> SubjectTitles:
        _SUBJECT_TITLES[kind] = func
        return func

    return decorator


def thanks_subject_titles(kind: str, ids: list[int], viewer: Any) -> dict[int, str]:
    """Return the titles of these things of `kind` as `viewer` may read them now (none known: {}; no query without
    ids or without a feature that names that kind)."""
    func = _SUBJECT_TITLES.get(kind)
    return func(ids, viewer) if func is not None and ids else {}


# Tasks at a set time (an event's shifts) can clash: taking one while already on another at the same time asks first.
# The feature that knows the times tells which of the person's unfinished tasks overlap a task, in one query.
TaskOverlaps = Callable[[int, Any], list[int]]
_TASK_OVERLAPS: list[TaskOverlaps] = []


def task_overlaps(func: TaskOverlaps) -> TaskOverlaps:
    """Register the decorated function: (task id, user) -> ids of the tasks `user` is on (unfinished) that happen
    at a time overlapping that task's, soonest first, in one query; [] for a task it knows no time of."""
    if func not in _TASK_OVERLAPS:
        _TASK_OVERLAPS.append(func)
    return func


def overlapping_tasks(task_id: int, user: Any) -> list[int]:
    """Return the ids of the unfinished tasks `user` is on that overlap task `task_id` in time (as every feature
    that knows times tells)."""
    return [found for func in _TASK_OVERLAPS for found in func(task_id, user)]


def hours_of(user_ids: list[int]) -> dict[int, float]:
    """Return the hours each person carries, summed over what every feature reports."""
    hours: dict[int, float] = {}
    for func in _HOURS:
        for user_id, value in func(user_ids).items():
            hours[user_id] = hours.get(user_id, 0.0) + value
    return hours


# What one initiative may share with another ("samen met ..."): a whole board, a task, an event. The feature
# that owns the thing registers its kind: `describe(ids, viewer)` -> {id: (title, path)} for the ones the viewer may
# see, and `choices(initiative_id)` -> [(id, title)] of what that initiative may share now.
@dataclass(frozen=True)
class SharedKind:
    kind: str
    label: object  # a lazy string ("the whole task board", "a task")
    describe: Callable[[set[int], Any], dict[int, tuple[str, str]]]
    choices: Callable[[int], list[tuple[int, str]]]
    order: int = 0


_SHARED: dict[str, SharedKind] = {}


def shared_kind(kind: SharedKind) -> None:
    """Register a kind of thing initiatives can share (features call this at import)."""
    _SHARED[kind.kind] = kind


def shared_kinds() -> list[SharedKind]:
    """Return the kinds of shared work, in order."""
    return sorted(_SHARED.values(), key=lambda item: item.order)


# When each initiative was last active (a task made or done, a thank-you, a booking): each feature reports the
# newest moment it knows per initiative, so coordinators see which ones have gone silent. Functions take initiative
# ids and return {id: aware datetime} in one query, leaving out ids they know nothing of.
_ACTIVITY: list[Callable[[list[int]], dict[int, Any]]] = []


def initiative_activity(func: Callable[[list[int]], dict[int, Any]]) -> Callable[[list[int]], dict[int, Any]]:
    """Register the decorated function: initiative ids -> {id: the newest moment of activity it knows}."""
    if func not in _ACTIVITY:
        _ACTIVITY.append(func)
    return func


def last_activity(initiative_ids: list[int]) -> dict[int, Any]:
    """Return the newest activity any feature reports per initiative (ids without any are left out)."""
    newest: dict[int, Any] = {}
    if not initiative_ids:
        return newest
    for func in _ACTIVITY:
        for initiative_id, moment in func(initiative_ids).items():
            if moment is not None and (initiative_id not in newest or moment > newest[initiative_id]):
                newest[initiative_id] = moment
    return newest


# --- moderation ---------------------------------------------------------------------------------------------------
# Words people wrote that others may report (shout-outs, reactions on ideas) are moderated in one queue, with the
# same actions (hide, show again, dismiss a report) and one log. The feature that keeps the words registers a
# source; the queue's page lists every source without naming any, and the waiting counts link to that page.
@dataclass(frozen=True)
class LogLine:
    at: datetime  # aware (UTC)
    actor: Any  # the User who did it, or None when their account is gone
    action: str  # "hide", "unhide" or "dismiss"
    what: str  # already translated ("reaction 12 on an idea")
    url: str  # where to read it
    reason: str = ""


@dataclass(frozen=True)
class ModerationSource:
    key: str  # "applause", "ideas": stable, for anchors and tests
    label: object  # a lazy string, the heading of its part of the queue ("Reactions on ideas")
    # (limit) -> (template, context) of what is reported and what is hidden, with the actions; the template posts
    # to the source's own endpoints, with `next` back to the queue
    section: Callable[[int], tuple[str, dict]]
    log: Callable[[int], list[LogLine]]  # (limit) -> the newest lines of its log, newest first
    order: int = 50


_MODERATION: dict[str, ModerationSource] = {}
_MODERATION_PAGE: list[str] = []


def moderation_source(source: ModerationSource) -> None:
    """Add a kind of reported words to the one moderation queue (features call this at import)."""
    _MODERATION[source.key] = source


def moderation_sources() -> list[ModerationSource]:
    """Return the kinds of words the moderation queue handles, in order."""
    return sorted(_MODERATION.values(), key=lambda source: source.order)


def moderation_page(endpoint: str) -> None:
    """Name the endpoint of the one moderation queue (the feature that shows it calls this at import)."""
    if endpoint not in _MODERATION_PAGE:
        _MODERATION_PAGE.append(endpoint)


def moderation_page_endpoint() -> str | None:
    """Return the endpoint of the moderation queue, or None when no feature shows one."""
    return _MODERATION_PAGE[0] if _MODERATION_PAGE else None


def moderation_log(limit: int = 50) -> list[LogLine]:
    """Return the newest lines of every source's log as one log, newest first (one call per source)."""
    lines = [line for source in moderation_sources() for line in source.log(limit)]
    return sorted(lines, key=lambda line: line.at, reverse=True)[:limit]
