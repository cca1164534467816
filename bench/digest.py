"""How long `send-digest` takes to prepare a digest for 10,000 residents, and how much memory it holds.

Run: `.venv/bin/python bench/digest.py [people]`. It builds a fresh SQLite database in a temporary folder (the demo
neighbourhood, so the sheet has content, plus `people` subscribed residents, a quarter of them in English), then
times `queue_digests()` (building and queueing every mail in the outbox, not sending) and reports the peak memory
of the process. Goal from issue 15: under 60 s for 10,000 residents, with bounded memory.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(people: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-digest-"))
    os.environ.update(DATABASE_URL=f"sqlite:///{folder / 'digest.db'}", BUURTBOUW_CONFIG="development",
                      MAIL_FOLDER=str(folder / "mail"), PAPER_FOLDER=str(folder / "paper"))
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from config import config_from_env
    from portal import create_app
    from portal.accounts.models import User
    from portal.demo import seed_demo
    from portal.extensions import db
    from portal.mail.models import OutboxMail
    from portal.paper import digest
    from portal.paper.models import DigestSubscription

    app = create_app(config_from_env())
    with app.app_context():
        upgrade()
        seed_demo()
        password = db.session.scalar(select(User.password_hash).limit(1))
        first = (db.session.scalar(select(db.func.max(User.id))) or 0) + 1
        db.session.execute(insert(User), [
            {"id": first + number, "email": f"bewoner{number}@bench.example", "name": f"Bewoner {number}",
             "password_hash": password, "language": "en" if number % 4 == 0 else "nl"} for number in range(people)])
        db.session.execute(insert(DigestSubscription), [{"user_id": first + number} for number in range(people)])
        db.session.commit()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        queued = digest.queue_digests()
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        size = db.session.scalar(select(db.func.avg(db.func.length(OutboxMail.message)))
                                 .where(OutboxMail.key.like("digest:%")))
    print(f"digests queued: {queued} in {seconds:.1f} s ({queued / seconds:.0f} a second); "
          f"average mail {size / 1024:.1f} KB; peak memory {peak / 1024:.0f} MB "
          f"(before the run {before / 1024:.0f} MB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
