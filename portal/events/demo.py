"""Demo events in Amsterdam Zuidoost: Sinterklaas in de grote zaal, the taalcafé on Tuesday, a buurtbarbecue,
Keti Koti on 1 July, and a members-only meeting; with shifts on the boards, RSVPs and a waiting list."""

import io
from datetime import date, datetime, time, timedelta

from flask import current_app
from PIL import Image, ImageDraw
from sqlalchemy import select

from portal import photos
from portal.core.time import local, to_utc
from portal.db import utcnow
from portal.events import celebrations, gallery, rsvp, services
from portal.events.services import EventData
from portal.extensions import db
from portal.initiatives import services as initiative_services
from portal.initiatives.models import Initiative
from portal.venues import services as venues

EVENTS = [
    # initiative, title, description, (day, start, end), room or address, capacity, repeats, public, shifts
    ("Sinterklaascomité Nellestein", "Sinterklaas in het buurthuis",
     "De Sint komt langs! Met pepernoten, chocolademelk en een cadeautje voor elk kind. Neem je schoen mee.",
     "sinterklaas", "Grote zaal", 60, "yearly", True,
     [("setup", -90, 60, 3), ("kitchen", 0, 180, 2), ("music", 0, 120, 1), ("cleanup", 180, 60, 3)]),
    ("Taalcafé", "Taalcafé op dinsdagavond",
     "Nederlands oefenen met koffie en thee. Elk niveau is welkom; vrijwilligers helpen je op weg.",
     "tuesday", "Vergaderkamer", 14, "weekly", True, [("kitchen", -15, 30, 1)]),
    ("Groen in de buurt", "Buurtbarbecue bij de moestuin",
     "Winterbarbecue met saté, soep en warme chocolademelk. Neem iets lekkers mee om te delen!",
     "barbecue", "Moestuin", 30, "none", True, [("setup", -60, 60, 2), ("dish", 0, 30, 6), ("cleanup", 240, 60, 2)]),
    ("Keti Koti", "Keti Koti: herdenken en vieren",
     "Op 1 juli herdenken we de afschaffing van de slavernij en vieren we de vrijheid. Met muziek, verhalen en "
     "een gezamenlijke maaltijd in het Bijlmerpark.",
     "keti-koti", "Bijlmerpark, bij het Anton de Komplein", None, "yearly", True,
     [("setup", -120, 120, 4), ("kitchen", 0, 240, 4), ("music", 60, 180, 2), ("dish", 0, 30, 10),
      ("cleanup", 480, 90, 4)]),
    ("Taalcafé", "Kookworkshop Surinaamse keuken",
     "Roti maken met tante Ine. Samen koken, samen eten, en ondertussen Nederlands praten.",
     "workshop", "Keuken", 8, "none", True, [("kitchen", -30, 30, 1)]),
    ("Buurtkrant", "Redactievergadering Buurtkrant",
     "Alleen voor de redactie: we kiezen de onderwerpen voor het voorjaarsnummer.",
     "meeting", "Vergaderkamer", 10, "none", False, []),
]


def _when(kind: str, today: date) -> tuple[datetime, datetime]:
    """Return the local start and end of each demo event, from today."""
    def next_weekday(weekday: int, after: int = 1) -> date:
        return today + timedelta(days=after + (weekday - today.weekday() - after) % 7)

    if kind == "sinterklaas":
        day = date(today.year, 12, 5) if date(today.year, 12, 5) > today + timedelta(days=1) else next_weekday(5)
        return datetime.combine(day, time(14)), datetime.combine(day, time(17))
    if kind == "tuesday":
        day = next_weekday(1)
        return datetime.combine(day, time(19)), datetime.combine(day, time(21))
    if kind == "barbecue":
        day = next_weekday(5, 14)
        return datetime.combine(day, time(15)), datetime.combine(day, time(19))
    if kind == "keti-koti":
        day = date(today.year if date(today.year, 7, 1) > today else today.year + 1, 7, 1)
        return datetime.combine(day, time(14)), datetime.combine(day, time(22))
    if kind == "workshop":
        day = next_weekday(3, 2)
        return datetime.combine(day, time(18)), datetime.combine(day, time(21))
    day = next_weekday(3, 9)
    return datetime.combine(day, time(20)), datetime.combine(day, time(21, 30))


def seed_events(people: dict) -> None:
    """Add the demo events (rooms booked through the venue rules), their shifts and RSVPs."""
    # The venue rules ask for a person's role at this place (the kiosk caps it), which reads the request.
    with current_app.test_request_context("/"):
        _seed(people)


def _seed(people: dict) -> None:
    by_name = {email.split("@")[0]: user for email, user in people.items()}
    committee = initiative_services.create(
        "Sinterklaascomité Nellestein", "Elk jaar een Sinterklaasfeest in het buurthuis.", "public",
        by_name["fatima"], purpose="Elk jaar een Sinterklaasfeest in het buurthuis, met een cadeautje voor elk kind.",
        story="Sinds 2019 organiseren buren samen het Sinterklaasfeest in De Nelle. Ouders bakken pepernoten, de "
              "buurtkrant zamelt cadeautjes in en de Sint komt elk jaar met de Pieten langs. Iedereen kan helpen: "
              "opbouwen, in de keuken of met muziek.", theme="culture", meets_when="In november, elke dinsdagavond", meets_where="Buurthuis De Nelle")
    initiative_services.join(committee.id, by_name["joyce"])
    initiatives = {row.name: row.id for row in db.session.scalars(select(Initiative))}
    rooms = {label.split(" (")[0]: room_id for room_id, label in venues.room_choices()}
    today = local(utcnow()).date()
    organiser = by_name["fatima"]
    made = []
    for initiative, title, text, kind, place, capacity, repeats, public, shifts in EVENTS:
        start, end = _when(kind, today)
        data = EventData(initiatives[initiative], title, text, to_utc(start), to_utc(end), rooms.get(place),
                         "" if place in rooms else place, public, capacity, "published", repeats)
        try:
            event = services.create_event(data, organiser)
        except services.RoomTaken:
            data.room_id, data.address = None, f"{place}, Buurthuis De Nelle"
            event = services.create_event(data, organiser)
        for shift_kind, offset, minutes, places in shifts:
            services.add_shift(event, shift_kind, offset, minutes, places, organiser)
        made.append(event)
    sinterklaas, taalcafe, barbecue = made[0], made[1], made[2]
    for name, adults, children in (("sanne", 2, 3), ("joyce", 1, 2), ("kwame", 2, 0), ("tomasz", 1, 1)):
        rsvp.rsvp(sinterklaas.id, by_name[name], adults, children)
    for name in ("kwame", "tomasz", "mehmet"):
        rsvp.rsvp(taalcafe.id, by_name[name], 1)
    rsvp.rsvp(taalcafe.id, None, 1, guest_name="Amina", guest_contact="06 1234 5678")
    for name, adults, children in (("sanne", 2, 2), ("priya", 2, 0), ("henk", 1, 0)):
        rsvp.rsvp(barbecue.id, by_name[name], adults, children)
    workshop = made[4]
    for name, adults in (("sanne", 2), ("joyce", 2), ("kwame", 1), ("tomasz", 2), ("mehmet", 1), ("henk", 1),
                         ("priya", 1)):
        rsvp.rsvp(workshop.id, by_name[name], adults)  # the last ones wait: eight places
    _past_borrel(by_name, initiatives)
    _last_years_feast(by_name, initiatives, today)
    from portal.boards import services as boards

    shifts = {(shift.event_id, shift.kind): shift.task_id for event in made for shift in services.shifts_of(event.id)}
    for event, kind, name in ((sinterklaas, "setup", "kwame"), (sinterklaas, "kitchen", "sanne"),
                              (sinterklaas, "setup", "tomasz"), (barbecue, "dish", "joyce"),
                              (taalcafe, "kitchen", "priya")):
        boards.claim(shifts[(event.id, kind)], by_name[name])
    db.session.expire_all()


def _past_borrel(by_name: dict, initiatives: dict) -> None:
    """A monthly buurtborrel held four weeks ago, marked as took place (its helpers thanked on the applause wall),
    so coordinators see "comes back ... start planning?" on the home page."""
    from portal.boards import services as boards

    day = local(utcnow()).date() - timedelta(days=28)
    data = EventData(initiatives["Buurtkrant"], "Buurtborrel", "Een drankje en een hapje met de buren.",
                     to_utc(datetime.combine(day, time(17))), to_utc(datetime.combine(day, time(19))), None,
                     "Plein Nellestein", True, None, "published", "monthly")
    event = services.create_event(data, by_name["fatima"])
    shift = services.add_shift(event, "dish", 0, 30, 4, by_name["fatima"])
    for name in ("joyce", "kwame"):
        boards.claim(shift.task_id, by_name[name])
    services.mark_took_place(event.id, 34)
    messages = {"too_large": "too large", "not_image": "not an image", "too_many_pixels": "too many pixels"}
    for number, (sky, name) in enumerate((((40, 60, 110), "joyce"), ((70, 40, 90), "kwame"), ((30, 80, 70), "sanne"))):
        gallery.add(event.id, by_name[name], photos.store_photo(_party_picture(sky, number), messages))


# Last year's event for a celebration, by the celebration's key: title and text (the title names the celebration).
LAST_YEAR = {
    "kerst": ("Kerstdiner in het buurthuis", "Samen eten op eerste kerstdag: iedereen neemt een gerecht mee. "
                                             "Niemand hoeft Kerst alleen te vieren."),
    "koningsdag": ("Koningsdag: vrijmarkt op het plein", "Kleedjes neerleggen vanaf 8 uur, spelletjes voor de kinderen."),
    "suikerfeest": ("Suikerfeest in de buurt", "Zoetigheden, thee en muziek voor iedereen, aan het eind van de ramadan."),
    "diwali": ("Diwali: lichtjesfeest", "Lichtjes, lekkernijen en dans; iedereen is welkom."),
}


def _last_years_feast(by_name: dict, initiatives: dict, today: date) -> None:
    """Last year's event for the first celebration within eight weeks that nothing is planned for (with today's
    date: Kerst at the end of November), so coordinators see "Kerst is over 3 weken: begin je met plannen?" with
    that event, its text and its shifts, as the template."""
    found = celebrations.suggestions(today)
    if not found:
        return
    celebration, day = found[0].celebration, found[0].day
    earlier = celebrations.day_in(celebration, day.year - 1) or day - timedelta(days=364)
    title, text = LAST_YEAR.get(celebration.key, (f"{celebration.words[0].title()} in de buurt",
                                                  "Samen vieren met de buren."))
    data = EventData(initiatives["Buurtkrant"], title, text, to_utc(datetime.combine(earlier, time(15))),
                     to_utc(datetime.combine(earlier, time(19))), None, "Buurthuis De Nelle, grote zaal", True, 80,
                     "published", "none")
    event = services.create_event(data, by_name["fatima"])
    for kind, offset, minutes, places in (("setup", -60, 60, 3), ("dish", 0, 30, 8), ("cleanup", 240, 60, 3)):
        services.add_shift(event, kind, offset, minutes, places, by_name["fatima"])
    services.mark_took_place(event.id, 72)


def _party_picture(sky: tuple[int, int, int], seed: int) -> bytes:
    """Draw an evening on the square (lanterns over tables) so the demo needs no image files."""
    image = Image.new("RGB", (900, 600), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 420, 900, 600), fill=(90, 80, 70))
    for index in range(7):
        x = 60 + index * 125 + seed * 15
        draw.line((x, 0, x + 40, 140), fill=(200, 200, 200), width=2)
        draw.ellipse((x + 15, 130, x + 65, 190), fill=((242, 183, 5), (194, 65, 12), (11, 110, 79))[(index + seed) % 3])
    for index in range(3):
        left = 120 + index * 260
        draw.rectangle((left, 380, left + 180, 400), fill=(160, 110, 60))
        draw.rectangle((left + 20, 400, left + 30, 470), fill=(120, 80, 40))
        draw.rectangle((left + 150, 400, left + 160, 470), fill=(120, 80, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
