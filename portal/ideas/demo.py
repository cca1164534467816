"""Demo ideas and talks from Amsterdam Zuidoost, with reactions, one turned into a task and one "not now"."""

from datetime import timedelta

from portal.core.registry import idea_targets
from portal.db import utcnow
from portal.extensions import db
from portal.ideas import services
from portal.ideas.models import IdeaReaction

# (proposer or None for a walk-in, kind, title, text, initiative, reactions: {person: kinds})
IDEAS = [
    ("sanne", "idea", "Een repaircafé in het buurthuis",
     "Eén zaterdag per maand samen kapotte lampen, fietsen en kleren maken. Weggooien is zonde.",
     None, {"kwame": "come", "tomasz": "help", "joyce": "come", "mehmet": "know"}),
    ("kwame", "offer", "Ik kan vertellen over leven met diabetes",
     "Ik ben wijkverpleegkundige in de Bijlmer. Een avond over suiker, eten en bewegen, met vragen. "
     "Ook in het Engels of het Twi.", None, {"sanne": "come", "joyce": "come", "fatima": "help"}),
    ("joyce", "idea", "Bomen planten langs de Bijlmerdreef",
     "Er staan stukken zonder één boom. Met de buurt en het stadsdeel tien bomen planten in maart.",
     "Groen in de buurt", {"sanne": "help", "tomasz": "help", "mehmet": "know", "kwame": "come"}),
    (None, "wish", "Ik wil iets horen over mijn rechten als huurder",
     "Mijn huisbaas doet niets aan de schimmel. Wie weet hoe dat zit?", None, {"fatima": "know"}),
    ("tomasz", "idea", "A language café on Saturday morning",
     "The Tuesday Taalcafé is full and many people work on weekdays. Same coffee, Saturday at 10.",
     "Taalcafé", {"sanne": "help", "mehmet": "come"}),
    ("mehmet", "idea", "Een zwembad op het dak van de parkeergarage",
     "Een buitenbad voor de hele buurt, in de zomer.", None, {"kwame": "come"}),
]


def seed_ideas(people: dict, initiatives: dict) -> None:
    """Add the demo ideas with reactions and comments; turn the trees into a task, put the pool aside."""
    by_name = {email.split("@")[0]: user for email, user in people.items()}
    now = utcnow()
    made = {}
    for number, (proposer, kind, title, text, initiative, reactions) in enumerate(IDEAS):
        idea = services.propose(
            title, text, kind, initiatives[initiative].id if initiative else None, by_name.get(proposer or ""),
            visitor_name=None if proposer else "Gloria", visitor_phone=None if proposer else "06 12345678",
            recorded_by=None if proposer else by_name["priya"])
        idea.created_at = now - timedelta(days=len(IDEAS) - number, hours=number)
        db.session.add_all(IdeaReaction(idea_id=idea.id, user_id=by_name[person].id, kind=reaction)
                           for person, reaction in reactions.items())
        made[title[:12]] = idea
    db.session.flush()
    services.add_comment(made["Een repairca"], by_name["tomasz"], "Ik heb een soldeerbout en twee linkerhanden "
                                                                  "minder dan je denkt. Ik doe mee!")
    services.add_comment(made["Een repairca"], by_name["joyce"], "Mijn naaimachine mag mee, dan doen we ook kleren.")
    services.add_comment(made["Ik kan verte"], by_name["sanne"], "Graag! Mijn moeder heeft het net gehoord.")
    services.set_status(made["Ik kan verte"], "discussed")
    services.set_status(made["Een zwembad "], "not_now", "Het dak draagt het gewicht niet, zegt de "
                                                          "woningcorporatie. Misschien een waterspeelplek in het park?")
    services.set_status(made["A language c"], "planned")
    db.session.commit()
    task = next(target for target in idea_targets() if target.kind == "task")
    trees = made["Bomen plante"]
    services.realise(trees.id, task, "Tien plekken voor bomen kiezen langs de Bijlmerdreef", trees.text,
                     initiatives["Groen in de buurt"].id, by_name["fatima"])
