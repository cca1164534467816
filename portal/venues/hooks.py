"""What venues add to other pages: navigation, "today in the buurthuis" on the home page, account data."""

from babel import dates
from flask_babel import get_locale, ngettext
from flask_babel import lazy_gettext as _l

from portal.accounts import services as account_services
from portal.core import time as clock
from portal.core.registry import MineItem, Waiting, mine_source, nav_item, page_section, purge_step, waiting_count
from portal.permissions import has_role
from portal.venues import bp, services, threads

nav_item("venues.week_agenda", _l("This week"), order=21, own_page=True)
nav_item("venues.list_venues", _l("Rooms"), order=20)
account_services.ACCOUNT_DELETERS.append(services.forget_person)
account_services.DATA_EXPORTERS["bookings"] = services.export_person
account_services.ACCOUNT_DELETERS.append(threads.forget_person)
account_services.DATA_EXPORTERS["booking_messages"] = threads.export_person


@purge_step
def purge_walkin_contacts() -> str:
    """Delete walk-in names and contacts of bookings that are over, declined or cancelled."""
    return f"walk-in contact details deleted from {services.purge_walkin_contacts()} booking(s)"


@waiting_count(order=10)
def requests_waiting(user) -> Waiting | None:
    """Tell librarians and coordinators how many booking requests wait for an answer."""
    if not has_role(user, "librarian", "coordinator"):
        return None
    count = services.count_waiting_requests()
    return Waiting(count, ngettext("%(num)s booking request waits for an answer",
                                   "%(num)s booking requests wait for an answer", count), "venues.list_requests")


@mine_source("venues.my_bookings", _l("All my bookings"))
def my_bookings(user) -> list[MineItem]:
    """Give "my tasks and bookings" my bookings and requests still to come, at their start."""
    return [MineItem(booking.start_at, "venues/_mine_item.html", {"booking": booking})
            for booking in services.coming_bookings(user)]


@page_section("home", order=20)
def today_in_the_buurthuis():
    """Show what is still on today in the buurthuis, on the home page."""
    return "venues/_home.html", {"bookings": services.still_today()}


@page_section("open-data", order=10)
def room_calendars():
    """Offer the rooms' calendar feeds on the "use our information" page."""
    return "venues/_open_data.html", {"venues": services.venues_with_rooms()}


@page_section("embed", order=20)
def public_week():
    """Show the coming week's public bookings in the agenda other websites embed (titles of public ones only)."""
    days = services.agenda(clock.today())
    return "venues/_embed.html", {"days": [(day.day, [booking for booking in day.bookings if booking.public])
                                           for day in days]}


STATUS_LABELS = {"pending": _l("Waiting for an answer"), "approved": _l("Booked"), "declined": _l("Declined"),
                 "cancelled": _l("Cancelled")}


@bp.app_template_global()
def weekday_name(weekday: int) -> str:
    """Return the name of a weekday (Monday 0) in the reader's language."""
    return dates.get_day_names("wide", locale=get_locale())[weekday].capitalize()


@bp.app_template_global()
def status_label(status: str) -> str:
    """Return the words for a booking status."""
    return str(STATUS_LABELS[status])
