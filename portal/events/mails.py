"""Mail about events: cancelled, moved, and "a place came free for you". Queued in the transaction that causes it,
in the language of each person, with links built from PUBLIC_URL."""

from __future__ import annotations

from datetime import timedelta

from babel.dates import format_datetime, format_time
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from portal.accounts.models import User
from portal.accounts.names import shown_name
from portal.core.time import LOCAL
from portal.core.urls import public_url_for
from portal.events.models import Event, Rsvp
from portal.extensions import db
from portal.mail import queue_mail


def when(event: Event, language: str) -> str:
    """Say when an event is in `language`: "woensdag 1 juli 2026, 14:00–22:00"."""
    start = format_datetime(event.start_at, "EEEE d MMMM y, HH:mm", tzinfo=LOCAL, locale=language)
    if event.end_at - event.start_at > timedelta(hours=24):
        return f"{start} – {format_datetime(event.end_at, 'EEEE d MMMM y, HH:mm', tzinfo=LOCAL, locale=language)}"
    return f"{start}–{format_time(event.end_at, 'HH:mm', tzinfo=LOCAL, locale=language)}"


def cancelled(event: Event, people: list[User], guest_addresses: list[str]) -> None:
    """Tell everyone who said they would come or took a shift that the event is off."""
    link = public_url_for("events.agenda")
    for person in people:
        with force_locale(person.language):
            subject = _("Cancelled: %(title)s", title=event.title)
            body = _("Hello %(name)s,\n\n%(title)s on %(when)s does not go ahead. We are sorry.\n"
                     "Your RSVP and your shift are cancelled; you need not do anything.\n\nSee what else is on: "
                     "%(link)s\n", name=person.name, title=event.title, when=when(event, person.language), link=link)
            queue_mail(f"event-{event.id}-cancelled-user-{person.id}", person.email, subject, body)
    language = current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")
    for address in dict.fromkeys(guest_addresses):
        with force_locale(language):
            subject = _("Cancelled: %(title)s", title=event.title)
            body = _("Hello,\n\n%(title)s on %(when)s does not go ahead. We are sorry.\n\nSee what else is on: "
                     "%(link)s\n", title=event.title, when=when(event, language), link=link)
            queue_mail(f"event-{event.id}-cancelled-guest-{address}", address, subject, body)


def moved(event: Event, people: list[User]) -> None:
    """Tell the people on an event's shifts that the event (and so their shift) moved."""
    link = public_url_for("events.show_event", event_id=event.id)
    stamp = int(event.start_at.timestamp())
    for person in people:
        with force_locale(person.language):
            subject = _("New time: %(title)s", title=event.title)
            body = _("Hello %(name)s,\n\n%(title)s moved to %(when)s. Your shift moved with it.\n"
                     "Can you not make it now? Hand your shift back on the page, so someone else can take it:\n"
                     "%(link)s\n", name=person.name, title=event.title, when=when(event, person.language), link=link)
            queue_mail(f"event-{event.id}-moved-{stamp}-user-{person.id}", person.email, subject, body)


def promoted(event: Event, rows: list[Rsvp]) -> None:
    """Tell the people who moved up from the waiting list that they have a place now."""
    link = public_url_for("events.show_event", event_id=event.id)
    users = {user.id: user for user in db.session.scalars(
        db.select(User).where(User.id.in_([row.user_id for row in rows if row.user_id])))}
    language = current_app.config.get("BABEL_DEFAULT_LOCALE", "nl")
    for row in rows:
        person = users.get(row.user_id) if row.user_id else None
        address = person.email if person else (row.guest_contact or "")
        if "@" not in address:
            continue
        lang = person.language if person else language
        with force_locale(lang):
            subject = _("You have a place: %(title)s", title=event.title)
            body = _("Hello,\n\nA place came free: you are on the list for %(title)s on %(when)s.\n"
                     "Can you not come after all? Say so on the page: %(link)s\n",
                     title=event.title, when=when(event, lang), link=link)
            queue_mail(f"event-{event.id}-promoted-{row.id}", address, subject, body)


def draft_to_check(event: Event, author: User, carriers: list[User]) -> None:
    """Ask the carriers and the contact person of the initiative to check a member's draft and publish it."""
    link = public_url_for("events.edit_event", event_id=event.id)
    for person in carriers:
        with force_locale(person.language):
            subject = _("A draft to check: %(title)s", title=event.title)
            body = _("Hello %(name)s,\n\n%(author)s planned %(title)s on %(when)s as a draft. It is not in the "
                     "agenda yet: check it and publish it, or talk it over with %(author)s first.\n%(link)s\n",
                     name=person.name, author=shown_name(author, public=False), title=event.title,
                     when=when(event, person.language), link=link)
            queue_mail(f"event-{event.id}-draft-user-{person.id}", person.email, subject, body)
