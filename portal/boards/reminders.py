"""`flask --app portal send-reminders`, run daily: tasks due in two days, and a weekly summary for coordinators.

Each mail goes into the outbox under a key per purpose ("due-soon:<task>:<user>", "weekly-summary:<week>:<user>"),
so running it twice queues nothing twice, and one mail that fails never blocks or repeats the others.
"""

from datetime import timedelta

import click
from flask.cli import with_appcontext
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import or_, select

from portal.accounts.models import User
from portal.boards import services
from portal.boards.models import Claim, Task
from portal.boards.titles import shown_titles
from portal.core import time as clock
from portal.core.urls import public_url_for
from portal.extensions import db
from portal.mail import queue_mail
from portal.mail.sender import send_pending


def queue_due_soon() -> int:
    """Queue a mail to each person whose claimed task is due in two days."""
    due = clock.today() + timedelta(days=2)
    # The unfinished statuses by name: the (status, due_date) index finds each one's day; "not done" cannot.
    rows = db.session.execute(select(User, Task).join(Claim, Claim.user_id == User.id)
                              .join(Task, Task.id == Claim.task_id)
                              .where(Task.status.in_(("open", "in_progress")), Task.due_date == due)).all()
    per_person: dict[int, tuple[User, list[Task]]] = {}
    for user, task in rows:
        per_person.setdefault(user.id, (user, []))[1].append(task)
    queued = 0
    for user, tasks in per_person.values():
        with force_locale(user.language):
            titles = shown_titles(tasks, user)  # in their language, as they may see it: one query a person
            for task in tasks:
                subject = _("Reminder: %(title)s", title=titles[task.id])
                queued += queue_mail(f"due-soon:{task.id}:{user.id}", user.email, subject, _(
                    "Hello %(name)s,\n\nYou said you would do \"%(title)s\". It is due on %(day)s.\n"
                    "Can you not make it? Hand it back, so someone else can pick it up:\n%(link)s",
                    name=user.name, title=titles[task.id], day=format_date(task.due_date, "d MMMM yyyy"),
                    link=public_url_for("boards.show_board", initiative_id=task.initiative_id)))
    db.session.commit()
    return queued


def queue_weekly_summary() -> int:
    """Queue, once a week, a mail to each coordinator with the tasks that nobody picks up."""
    year, week, _day = clock.today().isocalendar()
    stale = services.stale_tasks(limit=20)
    due = services.due_without_anyone(limit=20)
    if not stale and not due:
        return 0
    listed = list({task.id: task for task in due + stale}.values())
    lines: dict[str, str] = {}  # per language: coordinators see every task, so only the language differs
    queued = 0
    coordinators = list(db.session.scalars(select(User).where(or_(User.role == "coordinator",
                                                                  User.role == "admin"))))
    for user in coordinators:
        with force_locale(user.language):
            if user.language not in lines:
                titles = shown_titles(listed, user)
                lines[user.language] = "\n".join(f"- {titles[task.id]} ({task.initiative.name})" for task in listed)
            queued += queue_mail(f"weekly-summary:{year}-W{week:02d}:{user.id}", user.email,
                                 _("Tasks that nobody picks up"), _(
                "Hello %(name)s,\n\nThese tasks still need people:\n%(tasks)s\n\nSee who does too much:\n%(link)s",
                name=user.name, tasks=lines[user.language], link=public_url_for("boards.load_guard")))
    db.session.commit()
    return queued


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """Send due-in-two-days reminders and the weekly summary of unclaimed tasks (run daily)."""
    click.echo(f"due-soon reminders queued: {queue_due_soon()}")
    click.echo(f"weekly summaries queued: {queue_weekly_summary()}")
    result = send_pending(limit=10_000)
    click.echo(f"mail sent: {result.sent}, failed for now: {result.failed}")
