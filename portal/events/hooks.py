"""What events add to other pages: the agenda in the navigation, the next three events on the home page, the
daily clean-up of guests' contact details, and a person's RSVPs in "download my data"."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.accounts import services as account_services
from portal.core.registry import Fact, initiative_facts, initiative_section, nav_item, page_section, purge_step
from portal.events import rsvp, services
from portal.i18n import format_date, format_time

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


@initiative_facts(order=15)
def next_event(initiative_ids: list[int], viewer) -> dict[int, Fact]:
    """Tell per initiative its next event (title, day and time), with a link to it."""
    return {initiative_id: Fact("event", _("Next: %(title)s, %(day)s %(time)s", title=event.title,
                                           day=format_date(event.start_at, "EEE d MMM"),
                                           time=format_time(event.start_at, "HH:mm")),
                                url_for("events.show_event", event_id=event.id), when=event.start_at)
            for initiative_id, event in services.next_events(initiative_ids, viewer).items()}


@initiative_section(order=15)
def events_on_initiative_page(initiative, viewer):
    """Show the initiative's next three events, or nothing when none are planned."""
    events, _cursor = services.agenda_page(viewer, initiative.id, size=3)
    if not events:
        return None
    return "events/_initiative.html", {"initiative": initiative, "events": events,
                                       "places": services.places_for(events)}
