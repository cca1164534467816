"""Fill a benchmark database with the sizes the issues name, fast (bulk inserts, no ORM objects)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, insert, select

from portal.accounts.models import User
from portal.accounts.services import hash_password
from portal.applause.models import Clap, Shout
from portal.boards.models import Initiative
from portal.db import utcnow
from portal.extensions import db

SIZES = {"people": 5_000, "initiatives": 500, "shouts": 100_000, "claps": 1_000_000}
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


def seed(sizes=SIZES) -> bool:
    """Seed an empty, migrated database; return False when it holds data already."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return False
    seed_people(sizes)
    seed_applause(sizes)
    db.session.commit()
    return True
