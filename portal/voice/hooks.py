"""What one voice adds to other pages: the menu, the home page, what waits, account data and the daily clean-up."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from portal.accounts import services as account_services
from portal.core.registry import Waiting, initiative_section, nav_item, page_section, purge_step, waiting_count
from portal.permissions import has_role
from portal.voice import services

nav_item("voice.list_positions", _l("One voice"), order=40)
account_services.ACCOUNT_DELETERS.append(services.forget_person)
account_services.DATA_EXPORTERS["voice"] = services.export_person


@page_section("home", order=25)
def open_questions():
    """Show the questions to the neighbourhood that close soonest, one tap from the home page."""
    positions = services.open_for_home(current_user)
    ids = [position.id for position in positions]
    return "voice/_home.html", {"positions": positions, "counts": services.counts_for(ids),
                                "mine": services.my_stances(current_user, ids), "last_day": services.last_day}


@initiative_section(order=40)
def positions_of_initiative(initiative, viewer):
    """Show the questions an initiative asked the neighbourhood, on the initiative's own page."""
    positions = services.for_initiative(initiative.id, viewer)
    if not positions:
        return None
    ids = [position.id for position in positions]
    return "voice/_initiative.html", {"positions": positions, "counts": services.counts_for(ids),
                                      "mine": services.my_stances(viewer, ids), "last_day": services.last_day}


@waiting_count(order=25)
def reports_waiting(user) -> Waiting | None:
    """Tell coordinators how many reported arguments wait for a look."""
    if not has_role(user, "coordinator"):
        return None
    count = services.count_open_reports()
    return Waiting(count, ngettext("%(num)s reported argument waits for a look",
                                   "%(num)s reported arguments wait for a look", count), "voice.moderation")


@purge_step
def purge_walkin_details() -> str:
    """Delete the house numbers and phones of walk-ins (and names they did not want shown) once a question closed."""
    return f"walk-in details deleted from {services.purge_walkin_details()} response(s) to closed questions"
