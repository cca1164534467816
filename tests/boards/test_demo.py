"""The demo neighbourhood agrees with itself: applause for a task only when that task is done."""

from sqlalchemy import select

from portal.applause.models import Shout
from portal.boards.models import Task
from portal.events.models import Shift
from portal.extensions import db


def test_demo_thanks_only_for_tasks_that_are_done(app):
    """Every automatic thank-you in the demo belongs to a done task, and every done task has one."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        automatic = db.session.scalars(select(Shout.subject_id).where(Shout.automatic == "task")).all()
        # A shift of an event ("Buurtborrel: Iets te eten meenemen") is thanked by the event's own thank-you.
        shifts = set(db.session.scalars(select(Shift.task_id).where(Shift.task_id.is_not(None))))
        done = {task_id for task_id, status in db.session.execute(select(Task.id, Task.status))
                if status == "done" and task_id not in shifts}
    assert automatic, "the demo shows automatic applause"
    assert sorted(automatic) == sorted(done)  # one thank-you for each task done, none for another
