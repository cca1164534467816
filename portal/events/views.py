"""Event pages: the agenda, one event, and making, changing, cancelling an event, its shifts, and afterwards."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import NamedTuple

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from portal import photos, share
from portal.boards import services as boards
from portal.core.registry import page_sections
from portal.core.time import local, today
from portal.core.urls import id_url, public_url_for
from portal.db import utcnow
from portal.events import bp, celebrations, gallery, repeats, rsvp, services
from portal.events.forms import (
    EventForm,
    EventPhotoForm,
    GuestRsvpForm,
    RsvpForm,
    ShiftForm,
    TookPlaceForm,
    WalkinRsvpForm,
)
from portal.events.models import Event
from portal.forms import EmptyForm
from portal.htmx import render
from portal.i18n import format_date, format_datetime, format_time
from portal.initiatives import services as initiatives
from portal.messages import messages_at
from portal.pagecache import cacheable
from portal.params import arg_date, arg_id, arg_text, date_window, parse_id
from portal.permissions import get_or_404_for, has_role
from portal.venues import services as venues


def load_event(event_id: int, manage: bool = False) -> Event:
    """Load an event the person may see (404 otherwise, so members-only events stay unknown); 403 when `manage`
    and they do not run it."""
    event = get_or_404_for(Event, event_id, load=lambda ident: services.get_visible(ident, current_user))
    if manage and not services.can_manage(event, current_user):
        abort(403)
    return event


def when(event: Event) -> str:
    """Say when an event is, in the reader's language: "wo 1 jul. 2026 14:00–22:00"."""
    start = format_datetime(event.start_at, "EEEE d MMMM y, HH:mm")
    if event.end_at - event.start_at > timedelta(hours=24):
        return f"{start} – {format_datetime(event.end_at, 'EEEE d MMMM y, HH:mm')}"
    return f"{start}–{format_time(event.end_at)}"


@bp.app_template_global()
def event_when(event: Event) -> str:
    return when(event)


@bp.app_template_global()
def hour_minute(moment) -> str:
    """Return "14:00" in Amsterdam time: the same in Dutch and English (24-hour), and far cheaper than Babel's
    format_time, which a list of events calls twice an event."""
    return f"{local(moment):%H:%M}"


@bp.app_template_global()
def event_day(moment) -> str:
    """Return the day of an event in a list, "wo 1 jul." (format_date writes each day once a request and language:
    Babel's date formatting was a tenth of the agenda; a page of events holds a few days)."""
    return format_date(moment, "EEE d MMM")


def _can_plan(own: list, others: list, search: str | None) -> bool:
    """Tell whether the viewer may plan an event: a member of an initiative (coordinators: of all), as
    `initiatives.member_choices` says, read from the choice lists the agenda has already: `own` holds the
    initiatives one is a member of; a coordinator may plan when any initiative exists, which `others` shows
    when no search narrowed it (else ask)."""
    if not current_user.is_authenticated:
        return False
    if own:
        return True
    if not has_role(current_user, "coordinator"):
        return False
    return bool(others) if not search else bool(initiatives.member_choices(current_user, 1))


@bp.get("/agenda")
@bp.get("/events", endpoint="agenda_en")
@cacheable
def agenda():
    """Show the coming events, soonest first, filterable by initiative; a page at a time."""
    initiative_id = arg_id("initiative")
    events, cursor, places = services.agenda_listing(current_user, initiative_id,
                                                     services.parse_cursor(request.args.get("after")))
    search = arg_text("initiative_q", 120)
    own, others = initiatives.choice_lists(current_user, search, kept=initiative_id)  # a filter keeps its choice
    return render("events/agenda.html", "events/_agenda_page.html", events=events, cursor=cursor,
                  places=places, initiative_id=initiative_id, choices=own + others,
                  search=search, more_choices=bool(search) or len(others) >= initiatives.CHOICES_SHOWN,
                  can_create=_can_plan(own, others, search),
                  sections=lambda: page_sections("agenda") if initiative_id is None else [])


@bp.get("/agenda/<int:event_id>")
def show_event(event_id: int):
    """Show an event: when and where, "I'm coming", how many places are taken, the shifts, share links.

    Never kept whole for visitors: its RSVP form carries the visitor's own CSRF token."""
    found = get_or_404_for(Event, event_id, load=lambda ident: services.get_for_page(ident, current_user))
    event = found.event
    places = services.Places({event.initiative_id: found.initiative_name},
                             venues.room_infos({event.room_id}) if event.room_id else {})
    return event_page(event, places=places, initiative_public=found.initiative_public, role=found.viewer_role,
                      open_for_work=found.takes_new_work)


class ShiftRow(NamedTuple):
    """A shift as the event's page lists it, its words written once a page (not a gettext call a shift)."""

    task_id: int | None
    label: str
    times: str
    needed: str  # "3 more people needed", "Done. Thank you, helpers!", ...
    full: bool
    mine: bool
    claim: str | None  # where "I will help" posts, when the viewer may take a place
    messages: Sequence
    hand_back: str | None = None  # where "Hand back" posts, when the viewer is on it and it is not done
    walkin: str | None = None  # where the desk's form for a resident without an account posts (a librarian's page)


def shift_rows(event: Event, shifts: list[services.ShiftLine], can_claim: bool, desk: bool = False,
               stopped: bool = False) -> list[ShiftRow]:
    """Return the rows of an event's "hands needed" list (a shift whose task left the board is left out, as is a
    published event's shift without a task). Two queries at most: the tasks and the viewer's places on them.
    `desk`: the viewer writes down residents without an account (a librarian), on the shifts with a place left.
    `stopped`: the organiser has stopped: no row asks for more people (the list's note says why)."""
    task_ids = [shift.task_id for shift in shifts if shift.task_id]
    tasks = boards.task_infos(task_ids)
    claimed = boards.claimed_by(current_user, task_ids)
    labels = services.shift_labels()
    texts: dict[tuple, str] = {}

    def text(key: tuple) -> str:
        found = texts.get(key)
        if found is None:
            kind, num = key
            if kind == "stopped":
                found = ""  # asks nobody: the list's note says the initiative has stopped
            elif kind == "done":
                found = _("Done. Thank you, helpers!")
            elif kind == "left":
                found = ngettext("%(num)s more person needed", "%(num)s more people needed", num)
            elif kind == "full":
                found = _("Everyone needed is there. Thank you!")
            else:
                found = ngettext("%(num)s person needed", "%(num)s people needed", num) + " · " + \
                    _("on the task board once the event is published")
            texts[key] = found
        return found

    claim_url = id_url("boards.claim_task", "task_id")
    hand_back_url = id_url("boards.hand_back", "task_id")
    walkin_url = id_url("events.shift_walkin", "task_id", event_id=event.id) if desk else None
    draft = event.status == "draft"
    rows = []
    for shift in shifts:
        task = tasks.get(shift.task_id) if shift.task_id else None
        if task is not None:
            done, left = task.status == "done", task.places_left
            key = ("done", 0) if done else ("stopped", 0) if stopped and left else ("left", left) if left \
                else ("full", 0)
            mine = task.id in claimed
            rows.append(ShiftRow(task.id, labels[shift.kind], shift.times, text(key), left == 0 or done, mine,
                                 claim_url(task.id) if left and not done and can_claim and not mine
                                 else None,
                                 messages_at(f"task-{task.id}")["messages"],
                                 hand_back_url(task.id) if mine and not done else None,
                                 walkin_url(task.id) if walkin_url and left and not done else None))
        elif draft:
            rows.append(ShiftRow(None, labels[shift.kind], shift.times, text(("draft", shift.places)), False, False,
                                 None, []))
    return rows


def kept_shifts(rows: list[ShiftRow]) -> list[ShiftRow]:
    """Return the shifts among `rows` the viewer is on and may still give back (the RSVP box names them after
    "I'm not coming": not coming need not mean not helping, so we ask instead of guessing)."""
    return [row for row in rows if row.hand_back]


def event_page(event: Event, walkin_form: WalkinRsvpForm | None = None, status: int = 200,
               places: services.Places | None = None, initiative_public: bool | None = None,
               role: object = services.ASK, shift_walkin: tuple[int, object] | None = None,
               open_for_work: bool | None = None):
    """Render an event's page; `walkin_form`: the desk's sign-up form as sent, with its errors at the fields;
    `shift_walkin`: (a shift's task id, the desk's form for a resident without an account on it, as sent).
    `places`, `initiative_public` and `role` (the viewer's in the organising initiative): what the page's loader
    read already; `open_for_work`: whether the organiser takes new work, when read already."""
    places = places or services.places_for([event])
    manage = services.can_manage(event, current_user, role)
    editable = manage or (event.status == "draft" and services.can_edit(event, current_user, role))
    # A stopped organiser takes no new hands (initiatives.takes_new_work): its shifts show what was, no buttons.
    stopped = event.status == "published" and not (
        initiatives.takes_new_work_by_id(event.initiative_id) if open_for_work is None else open_for_work)
    can_claim = event.status == "published" and current_user.is_authenticated and not stopped
    desk = event.status == "published" and has_role(current_user, "librarian") and not stopped
    shifts = shift_rows(event, services.shift_lines(event), can_claim, desk, stopped)
    return render_template(
        "events/event.html", event=event, places=places, counts=rsvp.counts(event.id),
        mine=rsvp.mine(event.id, current_user), shifts=shifts, kept_shifts=kept_shifts(shifts),
        can_claim=can_claim, manage=manage, editable=editable, stopped=stopped,
        booking=venues.booking_status(event.booking_id) if manage and event.booking_id else None,
        form=RsvpForm() if current_user.is_authenticated else GuestRsvpForm(),
        share=share_links(event, places, initiative_public), open=event.is_open_for_rsvp(utcnow()),
        walkin_form=walkin_form or (WalkinRsvpForm() if has_role(current_user, "librarian") else None),
        desk=desk, shift_walkin=shift_walkin,
        photos=gallery.photos_of(event.id), photo_form=EventPhotoForm(), can_add_photo=gallery.can_add(
            event, current_user, utcnow()), can_remove_photo=lambda photo: gallery.can_remove(photo, current_user,
                                                                                           manage)), status


def share_links(event: Event, places: services.Places, initiative_public: bool | None = None
                ) -> share.Share | None:
    """Return WhatsApp, Telegram and e-mail links with the title, date, place and address of the event; None when
    not everyone may see it (a draft, or for members only: its link would show outsiders nothing)."""
    if not services.anyone_may_see(event, initiative_public):
        return None
    url = public_url_for("events.show_event", event_id=event.id)
    return share.links(share.message([event.title, when(event), places.where(event)], url), url, event.title)


def _form(event: Event | None = None) -> EventForm:
    """Return the event form with its choices (the person's initiatives and the rooms)."""
    data = None
    if event is not None and request.method == "GET":
        data = {"title": event.title, "initiative": event.initiative_id, "description": event.description,
                "start": local(event.start_at).strftime("%Y-%m-%dT%H:%M"),
                "end": local(event.end_at).strftime("%Y-%m-%dT%H:%M"),
                "where": "room" if event.room_id else "address", "room": event.room_id or 0,
                "address": event.address, "public": "public" if event.public else "members",
                "capacity": event.capacity, "repeats": event.repeats, "draft": event.status == "draft"}
    form = EventForm(data=data)
    form.set_choices(current_user, venues.room_choices(), kept=event.initiative_id if event is not None else None)
    if event is not None:
        form.taken = event.places_taken
    return form


def event_initiative_name(event: Event) -> str:
    return services.places_for([event]).initiatives.get(event.initiative_id, "")


def _data(form: EventForm, photo: photos.StoredPhoto | None = None, publish: bool = True) -> services.EventData:
    """Read the form; without `publish` (a plain member of the initiative) the event stays a draft."""
    room = form.where.data == "room"
    return services.EventData(form.initiative.data, form.title.data, form.description.data or "", form.start_at,
                              form.end_at, form.room.data if room else None, "" if room else form.address.data,
                              form.public.data == "public", form.capacity.data,
                              "draft" if form.draft.data or not publish else "published", form.repeats.data,
                              (photo.name, photo.width, photo.height) if photo else None, bool(form.remove_photo.data))


def _photo(form: EventForm) -> photos.StoredPhoto | None | bool:
    """Store an uploaded photo: the StoredPhoto, None when there is none, False (message at the field) if refused."""
    upload = form.photo.data
    if not (upload and getattr(upload, "filename", "")):
        return None
    try:
        return photos.store_upload(upload, current_user.id)
    except photos.PhotoError as error:
        form.photo.errors = [str(error)]
        return False


def explain_taken(form: EventForm, taken: services.RoomTaken) -> None:
    """Say at the field why the room cannot be booked, and which hours are free that day."""
    free = ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in taken.free)
    reason = {"taken": _("This room is taken then."), "closed": _("The buurthuis is closed that day."),
              "hours": _("The buurthuis is not open then."), "gone": _("This room does not exist any more.")}
    message = reason.get(taken.reason, reason["taken"])
    message += " " + (_("Free that day: %(hours)s.", hours=free) if free else _("Nothing is free that day."))
    form.start.errors = [*form.start.errors, message]


def _from_celebration(form: EventForm) -> None:
    """Fill the new-event form from a celebration's suggestion ("?celebration=koningsdag&day=2027-04-27"): its name
    and day, and last year's event (description, place, times; its shifts on saving) as the template."""
    day = arg_date("day", *date_window(today()))
    found = celebrations.template_for(request.args.get("celebration"), day, current_user)
    if found is None or day is None:
        return
    celebration, template = found
    begin, length = datetime.combine(day, time(14)), timedelta(hours=3)
    form.title.data = str(celebration.name)
    if template is not None:
        begin, length = datetime.combine(day, local(template.start_at).time()), template.end_at - template.start_at
        form.title.data, form.description.data = template.title, template.description
        form.where.data, form.room.data = ("room" if template.room_id else "address"), template.room_id or 0
        form.address.data, form.capacity.data, form.repeats.data = template.address, template.capacity, \
            template.repeats
        form.public.data, form.template.data = ("public" if template.public else "members"), str(template.id)
        if template.initiative_id in {value for value, _label in form.initiative.choices}:
            form.initiative.data = template.initiative_id
    form.start.data = begin.strftime("%Y-%m-%dT%H:%M")
    form.end.data = (begin + length).strftime("%Y-%m-%dT%H:%M")


@bp.route("/agenda/new", methods=["GET", "POST"])
@login_required
def create_event():
    """Plan an event for one of your initiatives; in a room, the room is booked in the same step."""
    form = _form()
    if not form.initiative.choices:
        abort(403)
    if request.method == "GET" and arg_id("initiative"):
        form.initiative.data = arg_id("initiative")
    if request.method == "GET":
        _from_celebration(form)
    publishable = services.publishable_ids(current_user)
    if form.validate_on_submit() and (photo := _photo(form)) is not False:
        publish = publishable is None or form.initiative.data in publishable
        try:
            event = services.create_event(_data(form, photo, publish), current_user, ask_carriers=not publish)
        except services.RoomTaken as taken:
            explain_taken(form, taken)
            if photo:
                photos.delete_photo(photo.name)
        else:
            celebrations.copy_template_shifts(parse_id(form.template.data), event, current_user)
            flash(_("Your event is in the agenda.") if event.status == "published" else _("Saved as a draft.") if
                  publish else _("Saved as a draft. The carriers of %(initiative)s check it and put it in the agenda.",
                                 initiative=event_initiative_name(event)), "ok")
            return redirect(url_for("events.show_event", event_id=event.id), 303)
    return render_template("events/form.html", form=form, event=None, publish=_publish_mode(form, publishable)), \
        422 if form.errors else 200


def _publish_mode(form: EventForm, publishable: set[int] | None) -> str:
    """Say whether the person may publish for all initiatives in the form ("all"), some of them, or "none"."""
    if publishable is None:
        return "all"
    ids = {value for value, _label in form.initiative.choices}
    return "all" if ids <= publishable else "some" if ids & publishable else "none"


@bp.route("/agenda/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit_event(event_id: int):
    """Change an event; moving it moves its room booking and its shifts, and tells the people on them."""
    found = get_or_404_for(Event, event_id, load=lambda ident: services.get_for_page(ident, current_user))
    event, role = found.event, found.viewer_role
    if event.status in ("cancelled", "took_place") or not services.can_edit(event, current_user, role):
        abort(403)
    publish = services.can_manage(event, current_user, role)  # the member who planned a draft changes it, not publishes
    form = _form(event)
    if form.validate_on_submit() and (photo := _photo(form)) is not False:
        try:
            event, moved, old_photo = services.update_event(event.id, _data(form, photo, publish), current_user)
        except services.RoomTaken as taken:
            explain_taken(form, taken)
            if photo:
                photos.delete_photo(photo.name)
        else:
            if old_photo:
                photos.delete_photo(old_photo)
            flash(_("Saved. The people on a shift got an e-mail about the new time.") if moved else _("Saved."), "ok")
            return redirect(url_for("events.show_event", event_id=event.id), 303)
    return render_template("events/form.html", form=form, event=event, publish="all" if publish else "none"), \
        422 if form.errors else 200


@bp.post("/agenda/<int:event_id>/publish")
@login_required
def publish_event(event_id: int):
    """Put a draft in the agenda in one step (those who run it), as saving the form without "keep as a draft"
    does: the room is booked for it, its shifts go on the board. A room taken meanwhile, or a time that has
    passed: the form, with the reason at the time."""
    event = load_event(event_id, manage=True)
    if event.status != "draft":  # a second tab, a double tap
        flash(_("This event is in the agenda already."), "info")
        return redirect(url_for("events.show_event", event_id=event.id), 303)
    if not EmptyForm().validate_on_submit():
        abort(400)
    form = _form(event)
    if event.start_at <= utcnow():
        form.start.errors = [_("This time has passed. Choose a time in the future.")]
        return render_template("events/form.html", form=form, event=event, publish="all"), 422
    data = services.EventData(event.initiative_id, event.title, event.description, event.start_at, event.end_at,
                              event.room_id, event.address, event.public, event.capacity, "published",
                              event.repeats)
    try:
        services.update_event(event.id, data, current_user)
    except services.RoomTaken as taken:
        explain_taken(form, taken)
        return render_template("events/form.html", form=form, event=event, publish="all"), 422
    flash(_("It is in the agenda now: neighbours can say they are coming."), "ok")
    return redirect(url_for("events.show_event", event_id=event.id), 303)


@bp.route("/agenda/<int:event_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_event(event_id: int):
    """Ask first, then cancel an event: its room, its shifts, and a mail to everyone who was coming or helping."""
    event = load_event(event_id, manage=True)
    if event.status in ("cancelled", "took_place"):  # a second tab, a double tap: say so, no "not allowed" page
        flash(_("This event is cancelled already.") if event.status == "cancelled"
              else _("This event took place; it cannot be cancelled any more."), "info")
        return redirect(url_for("events.show_event", event_id=event.id), 303)
    if request.method == "GET":
        return render_template("events/confirm_cancel.html", event=event, counts=rsvp.counts(event.id))
    services.cancel_event(event.id, current_user)
    flash(_("The event is cancelled. Everyone who was coming or helping gets an e-mail."), "ok")
    return redirect(url_for("events.show_event", event_id=event.id), 303)


@bp.route("/agenda/<int:event_id>/shifts/new", methods=["GET", "POST"])
@login_required
def add_shift(event_id: int):
    """Ask for hands: a shift is a task on the initiative's board, at a time relative to the event."""
    event = load_event(event_id, manage=True)
    if event.status not in ("draft", "published"):
        abort(403)
    form = ShiftForm()
    if form.validate_on_submit():
        try:
            services.add_shift(event, form.kind.data, form.offset.data, form.minutes.data, form.places.data,
                               current_user)
        except services.RoomTaken as taken:
            free = ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in taken.free)
            form.offset.errors = [_("At this shift's time the room is not free. The room is booked for the event "
                                    "and for its shifts.") + " " + (_("Free that day: %(hours)s.", hours=free) if free
                                                          else _("Nothing is free that day."))]
        else:
            flash(_("The shift is on the task board. Now someone can take it!") if event.status == "published" else
                  _("The shift is added. Once the event is published, it goes on the task board."), "ok")
            return redirect(url_for("events.show_event", event_id=event.id, _anchor="shifts"), 303)
    return render_template("events/shift_form.html", form=form, event=event), 422 if form.errors else 200


@bp.route("/agenda/<int:event_id>/took-place", methods=["GET", "POST"])
@login_required
def took_place(event_id: int):
    """After the event: say it took place and how many came; the people on its shifts are thanked."""
    event = load_event(event_id, manage=True)
    if event.status == "took_place":  # a second tab, a double tap: say so, no "not allowed" page
        flash(_("You said already that this event took place."), "info")
        return redirect(url_for("events.show_event", event_id=event.id), 303)
    if event.status == "published" and event.start_at > utcnow():  # said too soon: why not yet, on its page
        flash(_("This event has not begun yet. After it, you can say here that it took place."), "info")
        return redirect(url_for("events.show_event", event_id=event.id), 303)
    if event.status != "published":
        abort(403)
    form = TookPlaceForm()
    if form.validate_on_submit():
        links = services.mark_took_place(event.id, form.people_came.data)
        flash(_("Thank you! The helpers are thanked on the applause wall.") if links else _("Saved."), "ok")
        return redirect(url_for("events.show_event", event_id=event.id), 303)
    return render_template("events/took_place.html", form=form, event=event), 422 if form.errors else 200


@bp.post("/agenda/<int:event_id>/repeat")
@login_required
def repeat_event(event_id: int):
    """Plan the next time a repeating event comes back, as a draft with the same room, text and shifts."""
    event = load_event(event_id, manage=True)
    if repeats.next_occurrence(event) is None:
        abort(404)  # not a loader: this event does not repeat
    try:
        copy, made = repeats.repeat_event(event.id, current_user)
    except services.RoomTaken:
        flash(_("The room is taken on that day. Plan the next one yourself, with another room or time."), "error")
        return redirect(url_for("events.show_event", event_id=event_id), 303)
    flash(_("The next one is planned as a draft. Check it and publish it.") if made else
          _("The next one was planned already. Here it is."), "ok")
    return redirect(url_for("events.edit_event", event_id=copy.id), 303)


from portal.events import feeds, photo_views, rsvp_views, shift_views  # noqa: E402,F401
