"""What events add to other pages: the agenda in the navigation, the next three events on the home page, the
daily clean-up of guests' contact details, and a person's RSVPs in "download my data"."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.accounts import services as account_services
from portal.core.registry import nav_item, page_section, purge_step
from portal.events import rsvp, services

nav_item("events.agenda", _l("Agenda"), order=18)
account_services.ACCOUNT_DELETERS.append(services.forget_person)
account_services.DATA_EXPORTERS["events"] = services.export_person


@purge_step
def purge_guest_contacts() -> str:
    """Delete the names and contacts of guests without an account a week after their event."""
    return f"guest names and contacts deleted from {rsvp.purge_guests()} RSVP(s) of events over for a week"


@page_section("home", order=15)
def coming_events():
    """Show the next three events on the home page."""
    events, _cursor = services.agenda_page(current_user, size=3)
    return "events/_home.html", {"events": events, "places": services.places_for(events)}
