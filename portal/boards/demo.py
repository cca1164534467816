"""Demo boards: tasks in every column, claims, and a person who carries too much."""

from portal.extensions import db

TASKS = {
    "Koningsdag 2027": [
        ("20 stoelen naar het plein brengen", 2, 4, 120, ["tillen"], "open", False, False, "Plein Nellestein"),
        ("Kramen indelen voor de vrijmarkt", 3, 1, 180, ["plannen"], "in_progress", False, False, ""),
        ("Flyer vertalen naar het Engels", 5, 1, 60, ["English", "schrijven"], "open", True, False, ""),
        ("Spelletjes voor kinderen begeleiden", 12, 3, 180, ["kinderen"], "open", False, True, "Speeltuin"),
        ("Vergunning aanvragen bij het stadsdeel", None, 1, 90, ["schrijven"], "done", False, False, ""),
    ],
    "Groen in de buurt": [
        ("Moestuin water geven (week 49)", 4, 2, 60, ["tuinieren"], "in_progress", True, False, "Buurtmoestuin"),
        ("Boomspiegels schoffelen", 9, 4, 120, ["tuinieren", "tillen"], "open", True, True, "Blok C"),
        ("Compostbak bouwen", None, 2, 240, ["klussen"], "done", False, False, "Buurtmoestuin"),
        ("Zaden bestellen voor het voorjaar", 20, 1, 30, [], "open", True, False, ""),
    ],
    "Buurtkrant": [
        ("Interview met de nieuwe huisarts", 10, 1, 120, ["schrijven"], "open", False, True, ""),
        ("Kranten rondbrengen in blok A", 14, 3, 90, ["lopen"], "open", True, False, "Blok A"),
        ("Foto's maken op de buurtborrel", 2, 1, 60, ["fotograferen"], "in_progress", False, False, ""),
        ("Opmaak van het winternummer", 16, 1, 300, ["computer"], "in_progress", False, False, ""),
    ],
}


# What a task page says beyond its card (a shared link opens it): what to bring, where to ring, who to ask.
DESCRIPTIONS = {
    "20 stoelen naar het plein brengen": "De stoelen staan in de opslag van het buurthuis. Neem een steekwagen mee "
                                         "als je die hebt. Om 9:00 beginnen we.",
    "Boomspiegels schoffelen": "Schoffels en handschoenen liggen klaar in de schuur van de moestuin. Geen ervaring "
                               "nodig: we doen het samen.",
    "Kranten rondbrengen in blok A": "Haal de kranten op bij de balie van het buurthuis. Per portiek ongeveer 15 "
                                     "kranten.",
}


def seed_boards(people: dict, initiatives: dict) -> None:
    """Add tasks in all columns, members, claims, and one person over the load threshold."""
    from datetime import timedelta

    from portal.boards.models import Claim, Task, TaskSkill
    from portal.boards.services import finish
    from portal.core.time import today
    from portal.db import utcnow

    by_name = {email.split("@")[0]: user for email, user in people.items()}  # members: initiatives/demo.py
    doers = ["sanne", "kwame", "tomasz", "joyce"]
    for name, rows in TASKS.items():
        for number, (title, days, places, minutes, skills, status, first, buddy, place) in enumerate(rows):
            task = Task(initiative_id=initiatives[name].id, title=title, estimate_minutes=minutes, place=place,
                        due_date=today() + timedelta(days=days) if days else None, places_needed=places,
                        good_first=first, with_buddy=buddy, status="open", created_by_id=by_name["fatima"].id,
                        description=DESCRIPTIONS.get(title, ""),
                        created_at=utcnow() - timedelta(days=10 - number))
            task.skills = [TaskSkill(skill=skill) for skill in skills]
            db.session.add(task)
            db.session.flush()
            if status != "open":
                person = by_name[doers[number % len(doers)]]
                db.session.add(Claim(task_id=task.id, user_id=person.id))
                task.places_taken, task.status = 1, "in_progress"
                if status == "done":  # finished the way residents finish it, so its applause is real
                    finish(task.id, person, whole=True)
    # Fatima carries the most: the load guard shows her over the threshold.
    for title, minutes in (("Subsidieaanvraag buurtbudget schrijven", 300), ("Overleg met het stadsdeel", 180)):
        task = Task(initiative_id=initiatives["Koningsdag 2027"].id, title=title, estimate_minutes=minutes,
                    due_date=today() + timedelta(days=7), places_needed=1, places_taken=1, status="in_progress",
                    created_by_id=by_name["fatima"].id)
        db.session.add(task)
        db.session.flush()
        db.session.add(Claim(task_id=task.id, user_id=by_name["fatima"].id))
    db.session.flush()
