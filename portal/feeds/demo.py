"""Demo partner feeds: the library's calendar and the stadsdeel's news, with items as if imported an hour ago.

The demo never fetches the internet: the items are written here directly, as `import-feeds` would store them.
"""

from datetime import datetime, time, timedelta

from portal.core.time import local, to_utc
from portal.db import utcnow
from portal.extensions import db
from portal.feeds.models import FeedItem, PartnerFeed

LIBRARY_EVENTS = [  # (days from today, hour, minutes long, title, summary)
    (0, 10, 60, "Voorleesochtend voor peuters", "Prentenboeken voorlezen en zingen, voor kinderen van 2 tot 4 jaar "
     "met hun ouders. Gratis, aanmelden hoeft niet."),
    (1, 14, 120, "Digicafé: hulp met DigiD en de computer", "Vrijwilligers helpen met DigiD, e-mail, je telefoon en "
     "formulieren van de gemeente. Neem je eigen apparaat mee als je dat hebt."),
    (2, 19, 90, "Taalcafé: Nederlands oefenen", "Praten over gewone dingen, in een rustig tempo. Voor iedereen die "
     "Nederlands leert."),
    (4, 13, 180, "Spelletjesmiddag voor jong en oud", "Bordspellen, kaarten en een puzzel. Koffie en thee staan klaar."),
    (9, 10, 60, "Voorleesochtend voor peuters", "Prentenboeken voorlezen en zingen, voor kinderen van 2 tot 4 jaar."),
]
STADSDEEL_NEWS = [  # (days ago, title, summary)
    (1, "Inloopavond over het plan voor het Nellesteinplein", "Kom kijken naar de tekeningen en zeg wat je ervan "
     "vindt. Dinsdag van 19.00 tot 21.00 uur in het stadsdeelkantoor."),
    (5, "Nieuwe dagen voor grofvuil in Nellestein", "Vanaf volgende maand wordt grofvuil op woensdag opgehaald. "
     "Zet het pas 's ochtends buiten."),
    (12, "Feestenfonds: nog geld voor feesten in de buurt", "Organiseer je een feest voor de straat of het plein? "
     "Kijk bij Buurtbudget tot wanneer je een bijdrage kunt aanvragen."),
]


def seed_feeds(people: dict) -> None:
    """Add two partner feeds with their items, as imported an hour ago."""
    fatima = people["fatima@demo.buurtbouw.nl"]
    now = utcnow()
    read = now - timedelta(hours=1)
    library = PartnerFeed(url="https://www.oba.nl/agenda/oba-reigersbos.ics", origin="OBA Reigersbos",
                          site_url="https://www.oba.nl/", kind="ical", added_by_id=fatima.id,
                          last_fetched_at=read, last_ok_at=read, last_status="ok", item_count=len(LIBRARY_EVENTS))
    stadsdeel = PartnerFeed(url="https://www.amsterdam.nl/zuidoost/nieuws.rss", origin="Stadsdeel Zuidoost",
                            site_url="https://www.amsterdam.nl/zuidoost/", kind="rss", added_by_id=fatima.id,
                            last_fetched_at=read, last_ok_at=read, last_status="ok", item_count=len(STADSDEEL_NEWS))
    db.session.add_all([library, stadsdeel])
    db.session.flush()
    today = local(now).date()
    for days, hour, minutes, title, summary in LIBRARY_EVENTS:
        start = to_utc(datetime.combine(today + timedelta(days=days), time(hour)))
        db.session.add(FeedItem(feed_id=library.id, title=title, summary=summary, link="https://www.oba.nl/",
                                is_event=True, starts_at=start, ends_at=start + timedelta(minutes=minutes),
                                sort_at=start))
    for days, title, summary in STADSDEEL_NEWS:
        published = now - timedelta(days=days, hours=3)
        db.session.add(FeedItem(feed_id=stadsdeel.id, title=title, summary=summary,
                                link="https://www.amsterdam.nl/zuidoost/", published_at=published, sort_at=published))
