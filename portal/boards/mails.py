"""Mail about tasks that a person acts on: the question to take over someone's task."""

from __future__ import annotations

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from portal.accounts.models import User
from portal.boards.models import TakeoverRequest, Task
from portal.boards.titles import shown_titles
from portal.core.urls import public_url_for
from portal.mail import queue_mail


def takeover_asked(request: TakeoverRequest, task: Task, from_user: User, to_user: User) -> None:
    """Mail the member asked to take a task over, in their language, with a link to the page to say yes or no."""
    with force_locale(to_user.language):
        title = shown_titles([task], to_user)[task.id]
        due = _("It is due on %(day)s.", day=format_date(task.due_date, "d MMMM yyyy")) if task.due_date else ""
        body = "\n\n".join(part for part in (
            _("Hello %(name)s,", name=to_user.name),
            _("%(name)s has a lot on their plate. Will you take over \"%(title)s\"?", name=from_user.name,
              title=title) + (f" {due}" if due else ""),
            _("Say yes or no here: %(link)s", link=public_url_for("boards.show_takeover", request_id=request.id)),
        ))
        queue_mail(f"takeover-asked:{request.id}", to_user.email,
                   _("Will you take this over? %(title)s", title=title), body)


def takeover_answered(request: TakeoverRequest, task: Task, answerer: User, to_user: User, accepted: bool) -> None:
    """Mail the person who asked someone to take a task over (and, after a yes, the one who had it) the answer, in
    their language: after a no, with the way to ask someone else."""
    with force_locale(to_user.language):
        title = shown_titles([task], to_user)[task.id]
        said = (_("%(name)s takes over \"%(title)s\".", name=answerer.name, title=title) if accepted else
                _("%(name)s cannot take over \"%(title)s\".", name=answerer.name, title=title))
        then = (_("Thank you for sharing the work.") if accepted else
                _("Ask someone else here: %(link)s", link=public_url_for("boards.load_guard")))
        body = "\n\n".join((_("Hello %(name)s,", name=to_user.name), said, then))
        subject = _("Yes: %(title)s", title=title) if accepted else _("No: %(title)s", title=title)
        queue_mail(f"takeover-answered:{request.id}:{to_user.id}", to_user.email, subject, body)
