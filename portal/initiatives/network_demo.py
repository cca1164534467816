"""Demo data for the network: what each group is about and when it meets, groups that work together, an
invitation that waits, and a group that has gone silent."""

from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.extensions import db
from portal.initiatives.models import Collaboration, Initiative, Membership

# name: (theme, purpose, meets when, meets where, how to join, status). Only filled in where the demo of the
# initiatives left them empty, so the two never fight over a field.
ABOUT = {
    "Koningsdag 2027": ("culture", "Een vrijmarkt, spelletjes en muziek op het plein, door en voor de buurt.",
                        "Eerste maandag van de maand, 19:30", "Buurthuis Nellestein, kleine zaal", "task", "starting"),
    "Groen in de buurt": ("green", "Geveltuinen, boomspiegels en de buurtmoestuin: de buurt groener maken.",
                          "Zaterdag 10:00-12:00", "Buurtmoestuin achter blok C", "visit", "active"),
    "Buurtkrant": ("living", "Vier keer per jaar een krant door de bus, ook voor wie niet online is.",
                   "Om de week woensdag 20:00", "Bibliotheek Reigersbos", "message", "active"),
    "Taalcafé": ("language", "Nederlands oefenen met koffie, zonder les en zonder huiswerk.",
                 "Dinsdag 10:00-12:00", "Buurthuis Nellestein, grote zaal", "visit", "active"),
    "Keti Koti": ("culture", "Herdenken en vieren op 1 juli, samen met de hele buurt.", "", "", "message", "resting"),
}
CARRIERS = {"Koningsdag 2027": "fatima", "Groen in de buurt": "sanne", "Buurtkrant": "mehmet"}


def seed_network(people: dict, initiatives: dict[str, Initiative], tasks: dict[str, int]) -> None:
    """Koningsdag and Groen in de buurt share a task, the Buurtkrant shares its board with the Taalcafé, an
    invitation waits for Keti Koti, and Keti Koti has been silent for months: nobody carries it any more."""
    by_name = {email.split("@")[0]: user for email, user in people.items()}
    now = utcnow()
    for name, (theme, purpose, meets_when, meets_where, join, status) in ABOUT.items():
        initiative = initiatives[name]
        if not initiative.purpose:
            initiative.theme, initiative.purpose, initiative.status = theme, purpose, status
            initiative.meets_when, initiative.meets_where, initiative.how_to_join = meets_when, meets_where, join
    carried = set(db.session.scalars(select(Membership.initiative_id).where(Membership.role.in_(("carrier",
                                                                                                "contact")))))
    for name, person in CARRIERS.items():
        if initiatives[name].id not in carried:
            membership = db.session.get(Membership, (initiatives[name].id, by_name[person].id))
            if membership is not None:
                membership.role = "carrier"
    party, green, paper = initiatives["Koningsdag 2027"], initiatives["Groen in de buurt"], initiatives["Buurtkrant"]
    language, remembrance = initiatives["Taalcafé"], initiatives["Keti Koti"]
    db.session.add_all([
        Collaboration(initiative_id=party.id, partner_id=green.id, kind="task",
                      subject_id=tasks["20 stoelen naar het plein brengen"], status="accepted",
                      note="Nemen jullie de plantenbakken mee als jullie toch sjouwen?",
                      invited_by_id=by_name["fatima"].id, answered_by_id=by_name["sanne"].id,
                      created_at=now - timedelta(days=6), answered_at=now - timedelta(days=5)),
        Collaboration(initiative_id=paper.id, partner_id=language.id, kind="board", subject_id=paper.id,
                      status="accepted", note="Schrijven jullie mee aan een pagina in makkelijk Nederlands?",
                      invited_by_id=by_name["mehmet"].id, answered_by_id=by_name["fatima"].id,
                      created_at=now - timedelta(days=20), answered_at=now - timedelta(days=18)),
        Collaboration(initiative_id=party.id, partner_id=remembrance.id, kind="task",
                      subject_id=tasks["Spelletjes voor kinderen begeleiden"], status="open",
                      note="Doen jullie mee met de kinderspelen? Dan maken we er één buurtfeest van.",
                      invited_by_id=by_name["fatima"].id, created_at=now - timedelta(days=2)),
    ])
    remembrance.created_at = now - timedelta(weeks=40)  # started last year; quiet since the summer
    db.session.flush()
