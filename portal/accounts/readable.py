"""The readable page of "download my data": the same data as the JSON file, in words and dates a resident reads."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from portal.accounts.forms import ROLE_LABELS
from portal.i18n import LANGUAGE_NAMES, format_date, format_datetime

SECTIONS = {
    "account": _l("Account"), "sessions": _l("Log-ins"), "memberships": _l("Initiatives I am a member of"),
    "applause": _l("Applause"), "tasks": _l("Tasks"), "bookings": _l("Bookings"), "ideas": _l("Ideas"),
    "booking_messages": _l("Messages about my booking requests"),
    "voice": _l("My answers to questions for the neighbourhood"),
    "events": _l("Activities I said I would come to"), "budget": _l("Neighbourhood budget"),
    "phone_freed": _l("When the buurthuis desk took a phone number off my account"),
}

# The keys the features export (JSON names stay English and stable); a key not listed is shown as written.
FIELDS = {
    "name": _l("Name"), "email": _l("E-mail address"), "phone": _l("Phone number"), "role": _l("Role"),
    "language": _l("Language"),
    "show_name_in_public": _l("Show my name in public"), "created_at": _l("When"), "last_seen": _l("Last seen"),
    "kiosk": _l("On the buurthuis computer"), "initiative": _l("Initiative"), "joined_at": _l("Member since"),
    "shouts_written": _l("Shout-outs I wrote"), "shouts_thanking_me": _l("Shout-outs that thank me"),
    "claps_given_to": _l("Shout-outs I clapped for (numbers)"), "reports_made": _l("Shout-outs I reported"),
    "id": _l("Number"), "text": _l("Text"), "hidden": _l("Hidden"), "shout_id": _l("Shout-out number"),
    "tasks": _l("Tasks"), "title": _l("What"), "status": _l("How it stands"), "paused_until": _l("Break until"),
    "room_id": _l("Room number"), "start": _l("Start"), "end": _l("End"), "note": _l("Note for the buurthuis"),
    "decline_reason": _l("Why it was declined"), "description": _l("Short description"),
    "written_by_me": _l("Written by me"),
    "position": _l("Question"), "stance": _l("My answer"), "argument": _l("In my own words"),
    "updated_at": _l("Last changed"), "reported_argument": _l("Argument I reported (number)"),
    "ideas_proposed": _l("Ideas I proposed"), "reactions": _l("My reactions to ideas"),
    "comments": _l("My written reactions"), "kind": _l("Kind"), "reaction": _l("Reaction"),
    "idea_id": _l("Idea number"), "comment_id": _l("Reaction number"),
    "event": _l("Activity"), "people": _l("People"), "children": _l("Children"),
    "applications": _l("Applications for money I started"), "supports": _l("Applications I support (number)"),
}
STANCES = {"support": _l("For"), "oppose": _l("Against"), "neutral": _l("Neutral or a comment")}

STATUSES = {
    "open": _l("Open"), "in_progress": _l("In progress"), "done": _l("Done"),
    "pending": _l("Waiting for an answer"), "approved": _l("Booked"), "declined": _l("Declined"),
    "cancelled": _l("Cancelled"), "new": _l("New"), "discussed": _l("Being discussed"), "planned": _l("Planned"),
    "not_now": _l("Not now"),
}
IDEA_WORDS = {
    "kind": {"idea": _l("An idea"), "offer": _l("I can tell about"), "wish": _l("I want to hear about")},
    "reaction": {"come": _l("I'll come"), "help": _l("I'll help"), "know": _l("I know someone")},
}
MOMENTS = {"created_at", "last_seen", "joined_at", "start", "end", "updated_at"}
DAYS = {"paused_until"}


class Fields(list):
    """A mapping made readable: (label, value) pairs, shown as a definition list."""

    is_fields = True


def _value(key: str | None, value):
    if isinstance(value, dict):
        return Fields((FIELDS.get(name, name.replace("_", " ")), _value(name, item)) for name, item in value.items())
    if isinstance(value, list):
        return [_value(key, item) for item in value]
    if not isinstance(value, str) or not value:
        return value
    try:
        if key in MOMENTS:
            return format_datetime(datetime.fromisoformat(value))
        if key in DAYS:
            return format_date(date.fromisoformat(value), "long")
    except ValueError:
        return value
    words = {"role": ROLE_LABELS, "language": LANGUAGE_NAMES, "status": STATUSES, "stance": STANCES,
             **IDEA_WORDS}.get(key or "", {})
    return str(words.get(value, value))


def readable(data: dict) -> list[tuple[str, object]]:
    """Return the sections of `data` as (title, value); a mapping becomes `Fields` of (label, value) pairs."""
    return [(SECTIONS.get(key, key), _value(None if key in SECTIONS else key, value)) for key, value in data.items()]
