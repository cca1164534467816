"""What events add to other pages: the agenda in the navigation, the next three events on the home page, the
daily clean-up of guests' contact details, and a person's RSVPs in "download my data"."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.accounts import services as account_services
from portal.core.registry import (
    SharedKind,
    Step,
    first_step,
    initiative_activity,
    nav_item,
    page_section,
    purge_step,
    shared_kind,
)
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


# --- what events tell the network of initiatives ------------------------------------------------------------------

@first_step(order=20)
def events_to_come_to(viewer, max_minutes: int | None, limit: int) -> list[Step]:
    """Offer a newcomer the next events they may simply come to."""
    events, _cursor = services.agenda_page(viewer, size=limit)
    return [Step("event", event.title, url_for("events.show_event", event_id=event.id), event.initiative_id,
                 event.start_at) for event in events]


initiative_activity(services.last_event_activity)


def _describe_events(ids: set[int], viewer) -> dict[int, tuple[str, str]]:
    return {event_id: (title, url_for("events.show_event", event_id=event_id))
            for event_id, title in services.event_titles(ids, viewer).items()}


shared_kind(SharedKind("event", _l("An event"), _describe_events, services.shareable_events, order=30))
