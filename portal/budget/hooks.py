"""What the budget adds to other pages: the leaflet in the navigation, the budgets on the home page, the
applications waiting for a decision for coordinators, and a person's applications in "download my data"."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.accounts import services as account_services
from portal.budget import services
from portal.budget.rules import euros
from portal.core.registry import (
    Fact,
    SheetSection,
    Waiting,
    initiative_facts,
    nav_item,
    page_section,
    sheet_section,
    waiting_count,
)
from portal.i18n import format_date
from portal.permissions import has_role

nav_item("budget.leaflet", _l("Budget"), order=25)
account_services.ACCOUNT_DELETERS.append(services.forget_person)
account_services.DATA_EXPORTERS["budget"] = services.export_person


@page_section("home", order=40)
def budgets_at_home():
    """Show the budgets on the home page: their goal in a line, what is left, a link to the leaflet."""
    budgets = services.all_budgets()
    if not budgets:
        return None
    return "budget/_home.html", {"budgets": budgets}


@waiting_count(order=40)
def applications_waiting(user) -> Waiting | None:
    """Tell coordinators how many budget applications wait for a decision."""
    if not has_role(user, "coordinator"):
        return None
    count = services.waiting_count()
    return Waiting(count, ngettext("%(num)s budget application waits for a decision",
                                   "%(num)s budget applications wait for a decision", count), "budget.leaflet")


@initiative_facts(order=40)
def money_granted(initiative_ids: list[int], viewer) -> dict[int, Fact]:
    """Tell per initiative how much it was granted from the budgets, with a link to the leaflet."""
    granted = services.granted_per_initiative(initiative_ids, viewer)
    if not granted:
        return {}
    words, leaflet = _("%(amount)s granted from the neighbourhood budget"), url_for("budget.leaflet")  # once
    return {initiative_id: Fact("budget", words % {"amount": euros(cents)}, leaflet, count=cents)
            for initiative_id, cents in granted.items()}


def _budget_line(budget, members_only: tuple[int, int] | None) -> str:
    """Say in a sentence or two what is left of a budget, until when, and what went to members-only initiatives."""
    line = _("%(name)s: %(left)s of %(amount)s is left, until %(day)s.", name=budget.name,
             left=euros(budget.left_cents), amount=euros(budget.amount_cents),
             day=format_date(budget.ends_on, "d MMMM y"))
    if members_only:
        line += " " + _("To initiatives only members see: %(granted)s granted, %(spent)s spent.",
                        granted=euros(members_only[0]), spent=euros(members_only[1]))
    return line


@sheet_section(order=40)
def budget_on_paper(week_start):
    """Put the budgets' status on the weekly sheet in one line: what is left of what, until when."""
    budgets = services.budgets_running(week_start, 2)
    if not budgets:
        return None
    # Paper is public: what went to members-only initiatives is said as one amount, so the sheet's money adds up.
    unseen = services.members_only_money([budget.id for budget in budgets], None)
    line = " · ".join(_budget_line(budget, unseen.get(budget.id)) for budget in budgets)
    stamp = ",".join(f"{budget.id}:{budget.granted_cents}:{budget.updated_at.isoformat()}:{unseen.get(budget.id)}"
                     for budget in budgets)
    return SheetSection("budget", _("Money for the neighbourhood"), line=line, stamp=stamp)
