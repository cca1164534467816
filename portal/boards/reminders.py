"""`flask --app portal send-reminders`, run daily: tasks due in two days, and a weekly summary for coordinators.

Every mail sent is recorded in reminders_sent under a unique key, so running it twice sends nothing twice.
"""

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import exists, or_, select

from portal.accounts.models import User
from portal.boards import services
from portal.boards.models import Claim, ReminderSent, Task
from portal.core import time as clock
from portal.core.urls import public_url_for
from portal.extensions import db
from portal.mail import send_mail


def _record(kind: str, user_id: int, key: str) -> bool:
    """Record a reminder; False when it was sent before (the unique key holds across runs and workers)."""
    if db.session.scalar(select(exists().where(ReminderSent.kind == kind, ReminderSent.user_id == user_id,
                                               ReminderSent.key == key))):
        return False
    db.session.add(ReminderSent(kind=kind, user_id=user_id, key=key))
    db.session.flush()
    return True


def send_due_soon() -> int:
    """E-mail each person whose claimed task is due in two days."""
    due = clock.today() + timedelta(days=2)
    rows = db.session.execute(select(User, Task).join(Claim, Claim.user_id == User.id)
                              .join(Task, Task.id == Claim.task_id)
                              .where(Task.status != "done", Task.due_date == due)).all()
    sent = 0
    for user, task in rows:
        if not _record("due-soon", user.id, str(task.id)):
            continue
        with force_locale(user.language):
            send_mail(user.email, _("Reminder: %(title)s", title=task.title), _(
                "Hello %(name)s,\n\nYou said you would do \"%(title)s\". It is due on %(day)s.\n"
                "Can you not make it? Hand it back, so someone else can pick it up:\n%(link)s",
                name=user.name, title=task.title, day=format_date(task.due_date, "d MMMM yyyy"),
                link=public_url_for("boards.show_board", initiative_id=task.initiative_id)))
        sent += 1
    db.session.commit()
    return sent


def send_weekly_summary() -> int:
    """E-mail coordinators, once a week, the tasks that nobody picks up."""
    year, week, _day = clock.today().isocalendar()
    key = f"{year}-W{week:02d}"
    stale = services.stale_tasks(limit=20)
    due = services.due_without_anyone(limit=20)
    if not stale and not due:
        return 0
    sent = 0
    coordinators = db.session.scalars(select(User).where(or_(User.role == "coordinator", User.role == "admin")))
    for user in coordinators:
        if not _record("weekly-summary", user.id, key):
            continue
        with force_locale(user.language):
            lines = [f"- {task.title} ({task.initiative.name})" for task in {t.id: t for t in due + stale}.values()]
            send_mail(user.email, _("Tasks that nobody picks up"), _(
                "Hello %(name)s,\n\nThese tasks still need people:\n%(tasks)s\n\nSee who does too much:\n%(link)s",
                name=user.name, tasks="\n".join(lines), link=public_url_for("boards.load_guard")))
        sent += 1
    db.session.commit()
    return sent


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """Send due-in-two-days reminders and the weekly summary of unclaimed tasks (run daily)."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        click.echo(f"due-soon reminders sent: {send_due_soon()}")
        click.echo(f"weekly summaries sent: {send_weekly_summary()}")
