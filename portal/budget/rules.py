"""The conditions a budget sets, as data: a small fixed set of rule kinds with parameters, each with a text for
people and a check the portal runs on an application (or a spending), and reading amounts as people type them.

No code lives in the database: a condition row names its kind and gives numbers; the checks are written here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from babel import numbers
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext

from portal.budget.models import CATEGORIES, KINDS, MAX_CENTS
from portal.core.time import today
from portal.i18n import format_date, formatting_language

CATEGORY_LABELS = {"materials": _l("Materials"), "food": _l("Food and drinks"), "rent": _l("Rent of a room"),
                   "activities": _l("Activities"), "printing": _l("Printing and flyers"),
                   "volunteers": _l("Volunteer allowance"), "overhead": _l("Overhead (organisation costs)"),
                   "commercial": _l("Commercial activity"), "alcohol": _l("Alcohol")}
KIND_LABELS = {"max_per_application": _l("At most an amount per application"),
               "max_overhead_share": _l("At most a share for overhead"),
               "min_residents": _l("At least a number of residents involved"),
               "categories_allowed": _l("Only these categories"),
               "categories_excluded": _l("Not these categories"),
               "spend_before": _l("Spent before a date"),
               "plan_needed": _l("A plan: at least a number of tasks, or an event"),
               "max_share_per_initiative": _l("At most a share of the budget for one initiative"),
               "people": _l("Judged by people"),
               "apply_before": _l("Applications until a date (the last day to send one)")}
assert set(CATEGORY_LABELS) == set(CATEGORIES) and set(KIND_LABELS) == set(KINDS)

SEPARATORS = re.compile(r"[.,]")
GROUPED = re.compile(r"\d{1,3}(?:([., ])\d{3})?(?:\1\d{3})*")


class AmountError(ValueError):
    """What was typed is no amount we accept; the message says why, in the reader's language."""


def parse_amount(text: str | None) -> int:
    """Read an amount in euros as typed ("€ 1.000,50", "1000.5", "12,-") and return it in cents.

    The last comma or dot followed by one or two digits is the decimal mark; a dot or space followed by three
    digits groups thousands (Dutch "1.000"). Refused: negative, more than two decimals, exponents ("1e9"), zero,
    more than MAX_CENTS.
    """
    value = (text or "").strip().replace("\u00a0", " ").replace("\u202f", " ")
    value = re.sub(r"^(€|eur(o)?)\s*|\s*(€|eur(o)?)$", "", value, flags=re.IGNORECASE).strip()
    value = value.removesuffix(",-").removesuffix(".-")
    if value.startswith(("-", "\u2212")):
        raise AmountError(_("An amount cannot be negative."))
    if not value or not re.fullmatch(r"[0-9., ]+", value):
        raise AmountError(_("Fill in an amount in euros, like 1.000,50."))
    whole, cents = value, "00"
    last = max(value.rfind(","), value.rfind("."))
    if last >= 0:
        tail = value[last + 1:]
        if not tail.isdigit():
            raise AmountError(_("Fill in an amount in euros, like 1.000,50."))
        if value[last] == "," or len(tail) != 3:  # a dot with three digits groups thousands
            if len(tail) > 2:
                raise AmountError(_("Use at most two digits after the comma (cents)."))
            whole, cents = value[:last], tail.ljust(2, "0")
    whole = whole.strip()
    if whole and not (whole.isdigit() or GROUPED.fullmatch(whole)):
        raise AmountError(_("Fill in an amount in euros, like 1.000,50."))
    digits = re.sub(r"[., ]", "", whole) or "0"
    if len(digits) > 10:
        raise AmountError(_("That is more than any budget holds."))
    amount = int(digits) * 100 + int(cents)
    if amount <= 0:
        raise AmountError(_("Fill in an amount above zero."))
    if amount > MAX_CENTS:
        raise AmountError(_("That is more than any budget holds."))
    return amount


def euros(cents: int | None, plain: bool = False) -> str:
    """Show cents as euros the reader's way ("€ 1.000,50" in Dutch, "€1,000.50" in English); `plain`: the number
    only, always Dutch ("1000,50"), for the CSV. Written out by hand: a ledger page shows hundreds, and Babel's
    currency formatting costs more than the rest of a line."""
    return _euros(cents, plain, not plain and _english())


@pass_eval_context
def template_euros(render: EvalContext, cents: int | None, plain: bool = False) -> str:
    """`euros` for templates (their global): the language is looked up once a render, not once per amount (a ledger
    page shows hundreds). Kept with the render, not the request: a mail written in another language meanwhile is a
    render of its own."""
    try:
        english = render.english_amounts  # type: ignore[attr-defined]  # kept in Jinja's state of this render
    except AttributeError:
        english = render.english_amounts = _english()  # type: ignore[attr-defined]
    return _euros(cents, plain, english and not plain)


def _english() -> bool:
    return formatting_language() == "en"


def _euros(cents: int | None, plain: bool, english: bool) -> str:
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    if plain:
        return f"{sign}{whole},{rest:02d}"
    if english:
        return f"{sign}€{whole:,}.{rest:02d}"
    return f"{sign}€\u00a0{whole:,}".replace(",", ".") + f",{rest:02d}"


def category_labels() -> dict[str, str]:
    """Return the categories' names in the reader's language, translated once (a list of lines looks them up per
    line: a lazy string translates itself again each time it is shown)."""
    return {category: str(label) for category, label in CATEGORY_LABELS.items()}


def category_list(text: str) -> list[str]:
    """Return the known categories named in a comma-separated text, in their fixed order."""
    named = {word.strip() for word in (text or "").split(",")}
    return [category for category in CATEGORIES if category in named]


@dataclass
class Facts:
    """What the portal knows about an application when it checks the conditions."""

    lines: list[tuple[str, int]]  # (category, cents)
    members: int = 0  # members of the initiative
    supporters: int = 0  # residents who said "Ik steun dit" (members cannot: they count already)
    tasks: int = 0  # tasks on the initiative's board
    events: int = 0  # events the initiative plans in the budget's period (from the events feature, when present)
    other_grants: int = 0  # cents already granted to this initiative from this budget
    budget_cents: int = 0
    today: date = field(default_factory=date.today)
    sent_on: date | None = None  # the day (in Amsterdam) it was first sent; None while it never was

    @property
    def total(self) -> int:
        return sum(cents for _category, cents in self.lines)


@dataclass(frozen=True)
class Verdict:
    met: bool | None  # None: to be judged by people
    reason: str


def _percent(part: int, whole: int) -> str:
    return numbers.format_decimal(round(part * 100 / whole, 1) if whole else 0, format="#,##0.#",
                                  locale=str(get_locale() or "nl"))


def check_max_per_application(condition: Any, facts: Facts) -> Verdict:
    """The application asks for at most `cents`."""
    if facts.total <= condition.cents:
        return Verdict(True, _("You ask for %(asked)s; at most %(most)s is allowed.", asked=euros(facts.total),
                               most=euros(condition.cents)))
    return Verdict(False, _("You ask for %(asked)s: that is more than the %(most)s allowed.",
                            asked=euros(facts.total), most=euros(condition.cents)))


def check_max_overhead_share(condition: Any, facts: Facts) -> Verdict:
    """Overhead lines make up at most `percent` of the total."""
    overhead = sum(cents for category, cents in facts.lines if category == "overhead")
    share = _percent(overhead, facts.total)
    if overhead * 100 <= condition.percent * facts.total:
        return Verdict(True, _("Overhead is %(share)s%% of your budget; at most %(most)s%% is allowed.", share=share,
                               most=condition.percent))
    return Verdict(False, _("Overhead is %(share)s%% of your budget: more than the %(most)s%% allowed. Lower it to "
                            "at most %(cap)s.", share=share, most=condition.percent,
                            cap=euros(condition.percent * (facts.total - overhead) // (100 - condition.percent)
                                      if condition.percent < 100 else overhead)))


def check_min_residents(condition: Any, facts: Facts) -> Verdict:
    """At least `number` residents take part: the initiative's members plus the residents who support it."""
    involved = facts.members + facts.supporters
    # Not the number the applicants typed (the page shows that as theirs): the residents the portal knows of.
    text = _("The portal counts members of the initiative: %(members)s, and neighbours who said \"I support this\": "
             "%(supporters)s. Together %(involved)s. At least %(least)s are needed.", members=facts.members,
             supporters=facts.supporters, involved=involved, least=condition.number)
    return Verdict(involved >= condition.number, text)


def check_categories_allowed(condition: Any, facts: Facts) -> Verdict:
    """Every line is in one of the allowed categories."""
    allowed = category_list(condition.categories)
    wrong = sorted({category for category, _cents in facts.lines if category not in allowed})
    if not wrong:
        return Verdict(True, _("Every line is in an allowed category."))
    return Verdict(False, _("Not allowed here: %(names)s.", names=", ".join(str(CATEGORY_LABELS[c]) for c in wrong)))


def check_categories_excluded(condition: Any, facts: Facts) -> Verdict:
    """No line is in an excluded category."""
    excluded = category_list(condition.categories)
    wrong = sorted({category for category, _cents in facts.lines if category in excluded})
    if not wrong:
        return Verdict(True, _("No line is for something this budget does not pay."))
    return Verdict(False, _("This budget does not pay for: %(names)s.",
                            names=", ".join(str(CATEGORY_LABELS[c]) for c in wrong)))


def check_spend_before(condition: Any, facts: Facts) -> Verdict:
    """The money can still be spent before `day`."""
    if facts.today <= condition.day:
        return Verdict(True, _("Spend the money before %(day)s.", day=format_date(condition.day, "d MMMM y")))
    return Verdict(False, _("The money had to be spent before %(day)s; that date has passed.",
                            day=format_date(condition.day, "d MMMM y")))


def check_apply_before(condition: Any, facts: Facts) -> Verdict:
    """The application is sent on `day` at the latest: before it was ever sent, today counts; once sent, the day it
    was sent (answering questions later, or a page read after the day, does not make it late)."""
    day = format_date(condition.day, "d MMMM y")
    if facts.sent_on is not None:
        if facts.sent_on <= condition.day:
            sent = format_date(facts.sent_on, "d MMMM y")
            if facts.today <= condition.day:  # still open: not "could", for a day still to come
                return Verdict(True, _("Sent on %(sent)s: in time. Applications can be sent until %(day)s.",
                                       sent=sent, day=day))
            return Verdict(True, _("Sent on %(sent)s: in time. Applications could be sent until %(day)s.",
                                   sent=sent, day=day))
        return Verdict(False, _("Sent on %(sent)s: after %(day)s, the last day to apply.",
                                sent=format_date(facts.sent_on, "d MMMM y"), day=day))
    if facts.today <= condition.day:
        return Verdict(True, _("You can send it until %(day)s.", day=day))
    return Verdict(False, closed_text(condition.day))


def closed_text(day: date) -> str:
    """Say that applying closed after `day` (the leaflet, the budget's page, the form and the application)."""
    return _("Applications could be sent until %(day)s.", day=format_date(day, "d MMMM y"))


def apply_until(conditions: list[Any]) -> date | None:
    """Return the last day to apply that the conditions set (the earliest, if there are several), or None."""
    days = [condition.day for condition in conditions if condition.kind == "apply_before" and condition.day]
    return min(days) if days else None


def closed_since(checked: list[tuple[Any, Verdict]]) -> date | None:
    """Return the last day to apply when an application's checks say it came (or comes) too late, else None."""
    days = [condition.day for condition, verdict in checked
            if condition.kind == "apply_before" and verdict.met is False]
    return min(days) if days else None


def check_plan_needed(condition: Any, facts: Facts) -> Verdict:
    """The initiative's plan has at least `number` tasks on its board, or an event."""
    tasks = ngettext("%(num)s task", "%(num)s tasks", facts.tasks)
    if facts.tasks >= condition.number or facts.events:
        events = ngettext("%(num)s event", "%(num)s events", facts.events)
        return Verdict(True, _("Your plan has %(tasks)s and %(events)s.", tasks=tasks, events=events))
    return Verdict(False, _("Your plan has %(tasks)s and no event: put at least %(least)s tasks on your board, "
                            "or plan an event.", tasks=tasks, least=condition.number))


def check_max_share_per_initiative(condition: Any, facts: Facts) -> Verdict:
    """This initiative gets at most `percent` of the whole budget, counting what it was granted before."""
    most = condition.percent * facts.budget_cents // 100
    together = facts.other_grants + facts.total
    if together <= most:
        return Verdict(True, _("With this, your initiative gets %(together)s of at most %(most)s.",
                               together=euros(together), most=euros(most)))
    return Verdict(False, _("With this, your initiative would get %(together)s: more than the %(most)s one "
                            "initiative may get.", together=euros(together), most=euros(most)))


def check_people(condition: Any, facts: Facts) -> Verdict:
    """A condition only people can judge."""
    return Verdict(None, _("To be judged by people."))


CHECKS: dict[str, Callable[[Any, Facts], Verdict]] = {
    "max_per_application": check_max_per_application, "max_overhead_share": check_max_overhead_share,
    "min_residents": check_min_residents, "categories_allowed": check_categories_allowed,
    "categories_excluded": check_categories_excluded, "spend_before": check_spend_before,
    "plan_needed": check_plan_needed, "max_share_per_initiative": check_max_share_per_initiative,
    "people": check_people, "apply_before": check_apply_before}
assert set(CHECKS) == set(KINDS)


def check(condition: Any, facts: Facts) -> Verdict:
    """Check one condition against the facts of an application."""
    return CHECKS[condition.kind](condition, facts)


def describe(condition: Any) -> str:
    """Return the rule of a condition in words, from its kind and parameters (for the leaflet, beside its text)."""
    kind = condition.kind
    if kind == "max_per_application":
        return _("At most %(amount)s per application.", amount=euros(condition.cents))
    if kind == "max_overhead_share":
        return _("At most %(percent)s%% of an application for overhead.", percent=condition.percent)
    if kind == "min_residents":
        return _("At least %(number)s residents involved (members or supporters).", number=condition.number)
    if kind in ("categories_allowed", "categories_excluded"):
        names = ", ".join(str(CATEGORY_LABELS[c]) for c in category_list(condition.categories))
        return (_("Only for: %(names)s.", names=names) if kind == "categories_allowed"
                else _("Not for: %(names)s.", names=names))
    if kind == "spend_before":
        return _("Spent before %(day)s.", day=format_date(condition.day, "d MMMM y"))
    if kind == "apply_before":  # in the past tense only once the day has passed
        if today() > condition.day:
            return closed_text(condition.day)
        return _("Applications until %(day)s.", day=format_date(condition.day, "d MMMM y"))
    if kind == "plan_needed":
        return _("A plan with at least %(number)s tasks, or an event.", number=condition.number)
    if kind == "max_share_per_initiative":
        return _("At most %(percent)s%% of the budget for one initiative.", percent=condition.percent)
    return _("Judged by people.")


def shown_text(condition: Any, english: bool) -> str:
    """Return the words a reader sees for a condition. The coordinator's text is written in the neighbourhood's
    language (Dutch) and has no English field: an English reader gets a rule the portal checks in the catalogue's
    words (describe), and a condition only people judge in the coordinator's words (or its kind's name)."""
    if english and condition.kind != "people":
        return describe(condition)
    return condition.text or describe(condition)


def spending_problems(conditions: list[Any], granted: int, spent: int, overhead_spent: int, cents: int,
                      category: str, day: date, ends_on: date | None = None) -> list[str]:
    """Say which conditions a new spending would break: over the grant, overhead above its share, after the date a
    condition names or after the end of the budget's period (`ends_on`)."""
    problems = []
    if spent + cents > granted:
        problems.append(_("This spending goes over the grant: %(left)s is left of %(granted)s.",
                          left=euros(max(granted - spent, 0)), granted=euros(granted)))
    if ends_on is not None and day > ends_on:
        problems.append(_("This is after %(day)s, the end of this budget's period.",
                          day=format_date(ends_on, "d MMMM y")))
    for condition in conditions:
        if condition.kind == "max_overhead_share" and category == "overhead":
            if (overhead_spent + cents) * 100 > condition.percent * max(granted, spent + cents):
                problems.append(_("Overhead would be more than %(most)s%% of the grant.", most=condition.percent))
        elif condition.kind == "spend_before" and day > condition.day:
            problems.append(_("This is after %(day)s, the date the money had to be spent by.",
                              day=format_date(condition.day, "d MMMM y")))
        elif condition.kind == "categories_excluded" and category in category_list(condition.categories):
            problems.append(_("This budget does not pay for: %(names)s.", names=CATEGORY_LABELS[category]))
        elif condition.kind == "categories_allowed" and category not in category_list(condition.categories):
            problems.append(_("Not allowed here: %(names)s.", names=CATEGORY_LABELS[category]))
    return problems


def spending_closed() -> str:
    """Say why nothing can be spent on an application that is not granted (refused, withdrawn, still open)."""
    return _("Money can only be spent on a granted application.")
