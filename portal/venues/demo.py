"""Demo venues: a buurthuis with four rooms and a community garden, opening hours and a few weeks of bookings."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from portal.core.time import local, to_utc
from portal.db import utcnow
from portal.extensions import db
from portal.venues.models import Booking, BookingMessage, ClosedDay, OpeningHours, Room, Venue


def _hours(venue: Venue, table: dict[int, tuple[int, int]]) -> None:
    db.session.add_all(OpeningHours(venue_id=venue.id, weekday=day, opens=time(opens), closes=time(closes))
                       for day, (opens, closes) in table.items())


def seed_venues(people: dict) -> None:
    """Add the buurthuis, the garden and their bookings."""
    by_name = {email.split("@")[0]: user for email, user in people.items()}
    buurthuis = Venue(name="Buurthuis De Nelle", address="Nellesteinpad 12, Amsterdam",
                      description="Het huis van de buurt: koffie, lessen, feesten en vergaderingen.",
                      accessibility="Ingang zonder drempel, lift naar de eerste verdieping, invalidentoilet.")
    garden = Venue(name="Buurtmoestuin", address="Achter blok C",
                   description="Moestuin met picknicktafels en een schuur met gereedschap.",
                   accessibility="Verharde paden; de schuur heeft een drempel.")
    db.session.add_all([buurthuis, garden])
    db.session.flush()
    rooms = {
        "grote": Room(venue_id=buurthuis.id, name="Grote zaal", capacity=80, hearing_loop=True,
                      amenities="podium, geluid, 80 stoelen"),
        "keuken": Room(venue_id=buurthuis.id, name="Keuken", capacity=12, amenities="fornuis, oven, 2 koelkasten"),
        "vergader": Room(venue_id=buurthuis.id, name="Vergaderkamer", capacity=14, hearing_loop=True,
                         amenities="beamer, whiteboard"),
        "atelier": Room(venue_id=buurthuis.id, name="Atelier", capacity=20, wheelchair=False,
                        amenities="werktafels, gootsteen; eerste verdieping zonder lift"),
        "tuin": Room(venue_id=garden.id, name="Moestuin", capacity=30, amenities="picknicktafels, gereedschap"),
    }
    db.session.add_all(rooms.values())
    _hours(buurthuis, {**{day: (9, 22) for day in range(6)}, 6: (12, 18)})
    _hours(garden, {day: (8, 20) for day in range(7)})
    year = local(utcnow()).year
    for day, reason in ((date(year, 12, 25), "Eerste kerstdag"), (date(year, 12, 26), "Tweede kerstdag"),
                        (date(year + 1, 1, 1), "Nieuwjaarsdag")):
        db.session.add(ClosedDay(venue_id=buurthuis.id, day=day, reason=reason))
    db.session.flush()

    today = local(utcnow()).date()
    monday = today - timedelta(days=today.weekday())

    def book(room, title, day, start, end, who, status="approved", series=None, public=True, **details):
        db.session.add(Booking(room_id=rooms[room].id, title=title, status=status, requester_id=by_name[who].id,
                               start_at=to_utc(datetime.combine(day, time(*start))),
                               end_at=to_utc(datetime.combine(day, time(*end))), series_id=series, public=public,
                               **details))

    for week in range(-1, 8):
        base = monday + timedelta(weeks=week)
        book("grote", "Taalcafé", base + timedelta(days=1), (10, 0), (12, 0), "fatima", series="demo-taalcafe",
             description="Samen Nederlands praten, met koffie. Iedereen welkom.", attendees=15)
        book("vergader", "Huiswerkklas", base + timedelta(days=2), (15, 0), (17, 0), "priya", series="demo-huiswerk")
        book("keuken", "Samen koken", base + timedelta(days=4), (17, 0), (20, 0), "mehmet", series="demo-koken")
    book("keuken", "Koffie-uurtje", today, (14, 0), (16, 0), "priya")
    book("grote", "Buurtvergadering Koningsdag", today, (19, 0), (21, 0), "fatima")
    book("tuin", "Oogstdag", today, (10, 0), (13, 0), "mehmet")
    book("atelier", "Verjaardag Joyce", today + timedelta(days=3), (13, 0), (17, 0), "joyce", status="pending",
         public=False, attendees=16)
    book("vergader", "Gesprek met de woningcorporatie", today + timedelta(days=1), (14, 0), (15, 30), "kwame",
         public=False, attendees=4)
    book("vergader", "Bewonersoverleg blok C", today + timedelta(days=5), (19, 0), (21, 0), "kwame",
         status="pending")
    db.session.flush()
    # A question on Joyce's request, and her answer: the short thread staff and requester keep on a request.
    party = db.session.scalar(select(Booking).where(Booking.title == "Verjaardag Joyce"))
    asked = utcnow() - timedelta(hours=20)
    db.session.add_all([
        BookingMessage(booking_id=party.id, author_id=by_name["priya"].id, from_staff=True, created_at=asked,
                       text="Leuk! Mogen we vragen of er taart en frisdrank komt? Dan zetten we de koelkast aan."),
        BookingMessage(booking_id=party.id, author_id=by_name["joyce"].id, from_staff=False,
                       created_at=asked + timedelta(hours=3),
                       text="Ja, taart en limonade voor 16 kinderen. We ruimen om 17:00 alles op."),
    ])
    db.session.flush()
