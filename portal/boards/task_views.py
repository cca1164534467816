"""One task at its own address: what a resident opens from a shared link, with the links to share it further."""

from flask import render_template
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from portal import share
from portal.boards import bp, services
from portal.boards.models import Task
from portal.boards.titles import shown_description, shown_titles
from portal.boards.views import load_task_for
from portal.core.urls import public_url_for
from portal.i18n import format_duration
from portal.pagecache import cacheable


def task_share(task: Task) -> share.Share | None:
    """Return WhatsApp, Telegram and e-mail links asking for help with `task`; None when it is done or not everyone
    may see it (a members-only board: its link would show outsiders nothing, and its text would leak)."""
    if task.status == "done" or not services.anyone_may_see(task):
        return None
    facts = [ngettext("%(num)s more person needed", "%(num)s more people needed", task.places_left)
             if task.places_left else "", format_duration(task.estimate_minutes)]
    titles = shown_titles([task], None)  # the text goes to anyone: named as a visitor reads it
    if task.id in titles.times:
        facts.append(titles.times[task.id])  # a shift: at its time, not "before" its day
    elif task.due_date:
        facts.append(_("before %(day)s", day=format_date(task.due_date, "EEE d MMM")))
    url = public_url_for("boards.show_task", task_id=task.id)
    title = titles[task.id]
    lines = [_("Who can help? %(title)s", title=title), " · ".join(fact for fact in facts if fact), task.place,
             task.initiative.name]
    return share.links(share.message(lines, url), url, title)


@bp.get("/tasks/<int:task_id>")
@cacheable
def show_task(task_id: int):
    """Show one task: what, how long, how many people, its board, "I'll do it", and links to share it."""
    task = load_task_for(task_id)
    return render_template("boards/task.html", task=task, claimed=services.claimed_ids(current_user, [task]),
                           titles=shown_titles([task], current_user),
                           description=shown_description(task, current_user), share=task_share(task))
