"""Fill a benchmark database with the sizes the issues name, fast (bulk inserts, no ORM objects)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import func, insert, select

from portal.accounts.models import User
from portal.accounts.services import hash_password
from portal.applause.models import Clap, Shout
from portal.core.time import local, to_utc
from portal.db import utcnow
from portal.extensions import db
from portal.initiatives.models import Initiative
from portal.venues.models import Booking, OpeningHours, Room, Venue

SIZES = {"people": 5_000, "initiatives": 500, "shouts": 100_000, "claps": 1_000_000, "rooms": 20,
         "bookings": 200_000, "race_librarians": 50, "tasks": 50_000, "events": 10_000, "event_initiatives": 200,
         "largest_shifts": 50, "largest_rsvps": 100, "ideas": 5_000, "idea_reactions": 200_000, "budgets": 10,
         "applications": 2_000, "ledger": 200_000}
SKILLS = ["koken", "tillen", "English", "schrijven", "tuinieren", "kinderen", "computer", "fotograferen"]
CHUNK = 20_000


def _chunks(rows, size=CHUNK):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def seed_people(sizes) -> None:
    hashed = hash_password("benchmark only")
    rows = ({"email": f"bench{i}@example.org", "name": f"Buur {i}", "password_hash": hashed, "role": "resident",
             "language": "nl", "show_name_in_public": i % 7 != 0, "created_at": utcnow()}
            for i in range(sizes["people"]))
    for batch in _chunks(rows):
        db.session.execute(insert(User), batch)
    db.session.execute(insert(Initiative), [{"name": f"Initiatief {i}", "description": "", "created_at": utcnow()}
                                            for i in range(sizes["initiatives"])])


def seed_applause(sizes) -> None:
    rng = random.Random(7)
    people = sizes["people"]
    start = utcnow() - timedelta(days=5 * 365)
    step = timedelta(days=5 * 365) / sizes["shouts"]
    claps_per_shout = sizes["claps"] // sizes["shouts"]
    rows = ({"author_id": rng.randint(1, people), "thanked_name": f"Buur {rng.randint(1, people)}",
             "thanked_user_id": rng.randint(1, people) if i % 3 == 0 else None,
             "initiative_id": rng.randint(1, sizes["initiatives"]) if i % 2 == 0 else None,
             "text": "Dank je wel voor alles wat je voor de buurt doet! " * rng.randint(1, 4),
             "clap_count": claps_per_shout, "hidden": i % 500 == 0, "name_removed": False,
             "created_at": start + step * i} for i in range(sizes["shouts"]))
    for batch in _chunks(rows):
        db.session.execute(insert(Shout), batch)
    clap_rows = ({"shout_id": shout, "user_id": (shout * 31 + k * 97) % people + 1, "created_at": utcnow()}
                 for shout in range(1, sizes["shouts"] + 1) for k in range(claps_per_shout))
    for batch in _chunks(clap_rows, 50_000):
        db.session.execute(insert(Clap), batch)


RACE_PASSWORD = "benchmark race sentence"  # noqa: S105 - a throwaway benchmark database


def seed_venues(sizes) -> None:
    """Two venues with 20 rooms (more when the bookings need them), open 08:00-22:00 every day, and 200,000
    one-hour bookings over five years."""
    venues = [Venue(name=f"Buurthuis {n}", address="", description="", accessibility="") for n in (1, 2)]
    db.session.add_all(venues)
    db.session.flush()
    rooms = [Room(venue_id=venues[i % 2].id, name=f"Zaal {i}", capacity=20, wheelchair=True, hearing_loop=False,
                  amenities="") for i in range(sizes["rooms"])]
    db.session.add_all(rooms)
    db.session.add_all(OpeningHours(venue_id=venue.id, weekday=day, opens=time(8), closes=time(22))
                       for venue in venues for day in range(7))
    db.session.flush()
    per_room = sizes["bookings"] // len(rooms)
    days = 5 * 365
    first = local(utcnow()).date() - timedelta(days=days // 2)
    rng = random.Random(11)

    def rows():
        for room in rooms:
            for number in range(per_room):
                day = first + timedelta(days=number * days // per_room)
                hour = 8 + (number + room.id) % 14  # the bookings of one day each in their own hour
                start = to_utc(datetime.combine(day, time(hour)))
                yield {"room_id": room.id, "title": f"Activiteit {rng.randint(1, 999)}", "start_at": start,
                       "end_at": start + timedelta(hours=1), "status": "approved", "note": "",
                       "decline_reason": "", "created_at": utcnow()}

    seen = set()
    unique = (row for row in rows() if (row["room_id"], row["start_at"]) not in seen
              and not seen.add((row["room_id"], row["start_at"])))
    for batch in _chunks(unique):
        db.session.execute(insert(Booking), batch)
    hashed = hash_password(RACE_PASSWORD)
    db.session.execute(insert(User), [{"email": f"race{i}@example.org", "name": f"Race {i}", "password_hash": hashed,
                                       "role": "librarian", "language": "nl", "show_name_in_public": True,
                                       "created_at": utcnow()} for i in range(sizes["race_librarians"])])


def seed_boards(sizes) -> None:
    """50,000 tasks over 500 initiatives, skills, memberships, and claims that put some people over the threshold."""
    from portal.boards.models import Claim, Task, TaskSkill
    from portal.initiatives.models import Membership
    rng = random.Random(5)
    today = local(utcnow()).date()
    people, initiatives = sizes["people"], sizes["initiatives"]
    statuses = ("open", "open", "in_progress", "done")
    rows = []
    for number in range(sizes["tasks"]):
        status = statuses[number % 4]
        needed = 1 + number % 4
        taken = 0 if status == "open" else min(needed, 1 + number % 2)
        rows.append({"initiative_id": number % initiatives + 1, "title": f"Klus {number}: iets voor de buurt",
                     "description": "", "place": "", "estimate_minutes": 30 * (1 + number % 8),
                     "due_date": today + timedelta(days=rng.randint(-10, 90)) if number % 3 else None,
                     "places_needed": needed, "places_taken": taken, "status": status,
                     "good_first": number % 9 == 0, "with_buddy": number % 11 == 0,
                     "created_at": utcnow() - timedelta(days=rng.randint(0, 60)),
                     "done_at": utcnow() - timedelta(days=rng.randint(0, 40)) if status == "done" else None})
    for batch in _chunks(rows):
        db.session.execute(insert(Task), batch)
    db.session.execute(insert(TaskSkill), [{"task_id": number + 1, "skill": SKILLS[number % len(SKILLS)]}
                                           for number in range(sizes["tasks"])])
    claims = [{"task_id": number + 1, "user_id": (number * 13 + k) % (people // 2) + 1, "created_at": utcnow()}
              for number, row in enumerate(rows) for k in range(row["places_taken"])]
    for batch in _chunks(claims):
        db.session.execute(insert(Claim), batch)
    db.session.execute(insert(Membership), [{"initiative_id": (i // people * 7 + i) % initiatives + 1,
                                             "user_id": i % people + 1, "joined_at": utcnow()} for i in range(20_000)])
    db.session.execute(insert(User), [{"email": "bench-coordinator@example.org", "name": "Coordinator",
                                       "password_hash": hash_password(RACE_PASSWORD), "role": "coordinator",
                                       "language": "nl", "show_name_in_public": True, "created_at": utcnow()}])


def seed_events(sizes) -> None:
    """10,000 events over three years (one back, two ahead) by 200 initiatives; the largest, a month ahead, has
    50 shifts (each a task on its board) and 100 RSVPs."""
    from portal.boards.models import Task
    from portal.events.models import Event, Rsvp, Shift
    rng = random.Random(13)
    today = local(utcnow()).date()
    rows = []
    for number in range(sizes["events"]):
        day = today + timedelta(days=rng.randint(-365, 730))
        start = to_utc(datetime.combine(day, time(10 + number % 10)))
        rows.append({"initiative_id": number % sizes["event_initiatives"] + 1, "title": f"Buurtactiviteit {number}",
                     "description": "Samen met de buren.", "start_at": start, "end_at": start + timedelta(hours=3),
                     "room_id": None, "booking_id": None, "address": "Bijlmerplein", "public": number % 10 != 0,
                     "capacity": 20 + number % 80, "places_taken": 0, "repeats": "none", "people_came": None,
                     "status": "took_place" if day < today else "published", "created_by_id": None,
                     "created_at": utcnow()})
    largest_start = to_utc(datetime.combine(today + timedelta(days=30), time(14)))
    rows[0].update(title="Keti Koti", start_at=largest_start, end_at=largest_start + timedelta(hours=8),
                   capacity=500, places_taken=sizes["largest_rsvps"] * 2, public=True, status="published")
    for batch in _chunks(rows):
        db.session.execute(insert(Event), batch)
    largest = db.session.scalar(select(func.min(Event.id)))
    first_task = (db.session.scalar(select(func.max(Task.id))) or 0) + 1
    db.session.execute(insert(Task), [{"initiative_id": 1, "title": f"Keti Koti: dienst {k}", "description": "",
                                       "place": "Bijlmerplein", "estimate_minutes": 60, "due_date": today
                                       + timedelta(days=30), "places_needed": 3, "places_taken": 0,
                                       "status": "open", "good_first": False, "with_buddy": False,
                                       "created_at": utcnow(), "done_at": None}
                                      for k in range(sizes["largest_shifts"])])
    db.session.execute(insert(Shift), [{"event_id": largest, "task_id": first_task + k, "kind": "kitchen",
                                        "offset_minutes": 10 * k, "minutes": 60, "places": 3}
                                       for k in range(sizes["largest_shifts"])])
    db.session.execute(insert(Rsvp), [{"event_id": largest, "user_id": k + 1, "people": 2, "children": 0,
                                       "status": "confirmed", "created_at": utcnow()}
                                      for k in range(sizes["largest_rsvps"])])


def seed_ideas(sizes) -> None:
    """5,000 ideas (half for an initiative, every status), 200,000 reactions (40 people each) and 2 comments each."""
    from portal.ideas.models import KINDS, REACTIONS, STATUSES, Idea, IdeaComment, IdeaReaction
    people = sizes["people"]
    start = utcnow() - timedelta(days=3 * 365)
    step = timedelta(days=3 * 365) / sizes["ideas"]
    rows = ({"kind": KINDS[i % 3], "title": f"Idee {i}: samen iets moois voor de buurt", "text": "Wie doet mee?",
             "initiative_id": i % sizes["initiatives"] + 1 if i % 2 else None, "proposer_id": i % people + 1,
             "visitor_name": None, "visitor_phone": None, "show_visitor_name": False, "recorded_by_id": None,
             "status": STATUSES[i % 5], "status_reason": "Nu geen geld." if STATUSES[i % 5] == "not_now" else "",
             "status_changed_at": start + step * i, "became_kind": None, "became_id": None,
             "created_at": start + step * i} for i in range(sizes["ideas"]))
    for batch in _chunks(rows):
        db.session.execute(insert(Idea), batch)
    per_idea = sizes["idea_reactions"] // sizes["ideas"]
    reactions = ({"idea_id": idea, "user_id": (idea * 31 + k * 97) % people + 1, "kind": REACTIONS[k % 3],
                  "created_at": utcnow()} for idea in range(1, sizes["ideas"] + 1) for k in range(per_idea))
    for batch in _chunks(reactions, 50_000):
        db.session.execute(insert(IdeaReaction), batch)
    comments = ({"idea_id": idea, "author_id": (idea + k) % people + 1, "text": "Goed idee, ik help mee!",
                 "hidden": False, "created_at": utcnow()} for idea in range(1, sizes["ideas"] + 1) for k in range(2))
    for batch in _chunks(comments):
        db.session.execute(insert(IdeaComment), batch)


def seed_budget(sizes) -> None:
    """10 budgets, 2,000 applications (every second one granted), 200,000 ledger lines on the granted ones; the
    running totals agree with the ledger, as the services keep them."""
    from portal.budget.models import Application, Budget, Condition, Entry, Line
    today = local(utcnow()).date()
    per_application = sizes["ledger"] // (sizes["applications"] // 2)
    db.session.execute(insert(Budget), [{"name": f"Buurtbudget {k}", "goal_nl": "Samen de buurt sterker maken.",
                                         "goal_en": "Make the neighbourhood stronger together.", "possible": "",
                                         "decides": "Vijf bewoners.", "amount_cents": 1_000_000_000,
                                         "granted_cents": 0, "starts_on": today.replace(month=1, day=1),
                                         "ends_on": today.replace(month=12, day=31), "position": k,
                                         "updated_at": utcnow()} for k in range(sizes["budgets"])])
    budget_ids = list(db.session.scalars(select(Budget.id).order_by(Budget.id)))
    db.session.execute(insert(Condition), [{"budget_id": budget_id, "kind": "max_overhead_share", "percent": 8,
                                            "text": "Hoogstens 8% organisatiekosten.", "categories": ""}
                                           for budget_id in budget_ids])
    rows = []
    for number in range(sizes["applications"]):
        granted = number % 2 == 0
        rows.append({"budget_id": budget_ids[number % len(budget_ids)], "initiative_id": number % 200 + 1,
                     "title": f"Plan {number}", "purpose": "Samen iets doen.", "residents": 5, "plan": "",
                     "status": "granted" if granted else "sent", "granted_cents": 500_000 if granted else None,
                     "spent_cents": 100 * (per_application - 1) if granted else 0, "supporters": 0, "reason": "",
                     "created_at": utcnow()})
    db.session.execute(insert(Application), rows)
    applications = db.session.execute(select(Application.id, Application.budget_id, Application.initiative_id,
                                             Application.status)).all()
    db.session.execute(insert(Line), [{"application_id": row.id, "category": "materials", "description": "Materiaal",
                                       "cents": 500_000} for row in applications])

    def entries():
        for row in applications:
            if row.status != "granted":
                continue
            yield {"budget_id": row.budget_id, "application_id": row.id, "initiative_id": row.initiative_id,
                   "kind": "grant", "day": today, "cents": 500_000, "category": "activities", "description": "",
                   "override": "", "created_at": utcnow()}
            for k in range(per_application - 1):
                yield {"budget_id": row.budget_id, "application_id": row.id, "initiative_id": row.initiative_id,
                       "kind": "spending", "day": today - timedelta(days=k % 300), "cents": 100,
                       "category": "food" if k % 3 else "materials", "description": f"Bon {k}", "override": "",
                       "created_at": utcnow()}

    for batch in _chunks(entries()):
        db.session.execute(insert(Entry), batch)
    for budget_id in budget_ids:
        granted_total = db.session.scalar(select(func.sum(Application.granted_cents)).where(
            Application.budget_id == budget_id)) or 0
        db.session.execute(Budget.__table__.update().where(Budget.id == budget_id).values(
            granted_cents=granted_total))


def seed(sizes=SIZES) -> bool:
    """Seed an empty, migrated database; return False when it holds data already."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return False
    seed_people(sizes)
    seed_applause(sizes)
    seed_venues(sizes)
    seed_boards(sizes)
    seed_events(sizes)
    seed_ideas(sizes)
    seed_budget(sizes)
    db.session.commit()
    return True
