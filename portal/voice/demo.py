"""Demo positions: an open question about the Nellesteinplein plan, and a closed one that went to the stadsdeel."""

from datetime import date, timedelta

from portal.core.time import today
from portal.extensions import db
from portal.voice import services
from portal.voice.models import FollowUp, Position, Response

OPEN_TEXT = ("Het stadsdeel wil het Nellesteinplein opnieuw inrichten: minder parkeerplaatsen, meer bomen, een "
             "waterspeelplek en een vaste plek voor de markt op zaterdag. Voor 15 januari mogen bewoners reageren.\n"
             "Wat vinden wij ervan? Geef je mening, met je eigen woorden. We brengen de uitkomst samen naar de "
             "stadsdeelcommissie.")
OPEN_RESPONSES = [
    ("sanne", "support", "Eindelijk meer groen. In de zomer is het plein nu een hete steenvlakte."),
    ("kwame", "support", "A water play area would be great for the kids from block C."),
    ("joyce", "oppose", "Waar moeten de bezoekers van de kerk dan parkeren? Denk ook aan ouderen."),
    ("tomasz", "neutral", "Good plan, but please keep the bike racks near the metro."),
    ("mehmet", "support", ""),
]
WALKINS = [  # name, house number or phone, stance, words, agreed to be named
    ("Mevrouw Hooghart", "112", "oppose", "Ik loop slecht. Ik wil dat de bus blijft stoppen bij het plein.", False),
    ("Ramesh", "06 12345678", "support", "Meer bomen is goed voor iedereen.", True),
    ("Ayo Boateng", "27-B", "neutral", "", False),
]
CLOSED_TEXT = ("In de zomer is de speeltuin aan de Kikkenstein om 19:00 dicht, terwijl het tot 22:00 licht is. "
               "Vragen we het stadsdeel om hem in juni, juli en augustus open te houden tot 21:00?")
CLOSED_RESPONSES = [
    ("sanne", "support", "Mijn kinderen spelen nu op de parkeerplaats. Dat is gevaarlijker."),
    ("kwame", "support", "Yes, with a bit of light near the gate."),
    ("joyce", "oppose", "Het wordt dan laat onrustig onder mijn raam."),
    ("tomasz", "support", ""),
    ("priya", "neutral", "Goed idee, als er iemand is die hem om 21:00 afsluit."),
]


def _follow_up_day() -> date:
    """Return the last 12 November that has passed (the day the result went to the stadsdeelcommissie)."""
    day = today()
    this_year = date(day.year, 11, 12)
    return this_year if this_year <= day else date(day.year - 1, 11, 12)


def seed_voice(people: dict) -> None:
    """Add one open position with answers and arguments, and one closed one with its follow-up."""
    coordinator = people["fatima@demo.buurtbouw.nl"]
    librarian = people["priya@demo.buurtbouw.nl"]
    open_position = Position(title="Wat vinden we van het plan voor het Nellesteinplein?", text=OPEN_TEXT,
                             background_url="https://www.amsterdam.nl/zuidoost/",
                             closes_at=services.closes_at_for(today() + timedelta(days=18)),
                             created_by_id=coordinator.id)
    handed_over = _follow_up_day()
    closed_position = Position(title="Speeltuin Kikkenstein in de zomer open tot 21:00?", text=CLOSED_TEXT,
                               closes_at=services.closes_at_for(handed_over - timedelta(days=8)),
                               created_by_id=coordinator.id)
    db.session.add_all([open_position, closed_position])
    db.session.flush()
    for position, answers in ((open_position, OPEN_RESPONSES), (closed_position, CLOSED_RESPONSES)):
        for who, stance, words in answers:
            person = people[f"{who}@demo.buurtbouw.nl"]
            db.session.add(Response(position_id=position.id, kind="account", user_id=person.id, stance=stance,
                                    argument=words))
    for name, detail, stance, words, named in WALKINS:
        db.session.add(Response(position_id=open_position.id, kind="walkin", stance=stance, argument=words,
                                walkin_name=name, walkin_detail=detail, walkin_key=services.walkin_key(name, detail),
                                walkin_named=named, recorded_by_id=librarian.id))
    # The closed position's walk-ins: their details were deleted when it closed; only the answers still count.
    db.session.add_all(Response(position_id=closed_position.id, kind="walkin", stance=stance, argument="",
                                recorded_by_id=librarian.id) for stance in ("support", "support", "oppose"))
    db.session.add(FollowUp(
        position_id=closed_position.id, happened_on=handed_over, carried_by="De bewonerscommissie Nellestein",
        carried_to="de stadsdeelcommissie Zuidoost",
        what="Op 12 november aangeboden aan de stadsdeelcommissie, met de telling en alle argumenten op papier.",
        answer="Het stadsdeel doet volgend jaar een proef: in juli en augustus open tot 21:00. Een vrijwilliger "
               "van de buurt sluit het hek; het stadsdeel zet er een lamp bij.",
        author_id=coordinator.id))
