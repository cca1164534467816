"""The demo neighbourhood agrees with itself: applause for a task only when that task is done."""

from sqlalchemy import select

from portal.applause.models import Shout
from portal.boards.models import Task
from portal.extensions import db


def test_demo_thanks_only_for_tasks_that_are_done(app):
    """Every automatic thank-you in the demo belongs to a done task, and every done task has one."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        automatic = db.session.scalars(select(Shout.text).where(Shout.automatic == "task")).all()
        events = db.session.scalars(select(Shout.text).where(Shout.automatic == "event")).all()
        # A shift of an event ("Buurtborrel: Iets te eten meenemen") is thanked by the event's own thank-you.
        tasks = [(title, status) for title, status in db.session.execute(select(Task.title, Task.status))
                 if title.split(":")[0] not in events]
    assert automatic, "the demo shows automatic applause"
    for text in automatic:
        assert any(title in text and status == "done" for title, status in tasks), text
    for title, status in tasks:
        if status != "done":
            assert not any(title.split()[0] in text and title[:12] in text for text in automatic), title
    assert len(automatic) == sum(1 for _title, status in tasks if status == "done")
