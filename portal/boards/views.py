"""Board pages: all boards, one board, where can I help, tasks, claims, meeting notes, and the load guard."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.accounts.models import User
from portal.boards import bp, services
from portal.boards.forms import MeetingForm, MeetingPreviewForm, PauseForm, TaskForm, WalkinClaimForm
from portal.boards.models import Claim, TakeoverRequest, Task, TaskSkill
from portal.boards.titles import retitle, shown_description, shown_titles
from portal.core.urls import id_url
from portal.extensions import db
from portal.htmx import action_response, hx_redirect, render
from portal.initiatives import collaboration
from portal.initiatives import services as initiatives
from portal.initiatives.models import Initiative
from portal.messages import flash_at
from portal.pagecache import cacheable
from portal.params import arg_cursor, arg_id, arg_text
from portal.permissions import get_or_404_for, has_role, role_required
from portal.web import back_to, local_path

TIME_FILTERS = {30: _l("30 minutes or shorter"), 60: _l("1 hour or shorter"), 120: _l("2 hours or shorter"),
                240: _l("4 hours or shorter")}


def load_initiative_for(initiative_id: int) -> tuple[Initiative, bool]:
    """Load an initiative the person may see (404 otherwise, so private boards stay unknown) and membership."""
    member = initiatives.is_member(initiative_id, current_user)
    initiative = get_or_404_for(Initiative, initiative_id, visible=lambda found, user: found.can_see(user, member))
    return initiative, member


def _stopped(initiative_id: int):
    """Refuse new work on a stopped initiative's board (a hand-made request: the page shows no button for it):
    back to the board, where the note says why; nothing is stored."""
    flash(_("This initiative has stopped: no new tasks can be added to its board."), "error")
    return redirect(url_for("boards.show_board", initiative_id=initiative_id), 303)


def load_task_for(task_id: int) -> Task:
    """Load a task the person may see (its board, and a members-only event's shift for members only): 404
    otherwise."""
    return get_or_404_for(Task, task_id, load=services.load_task, visible=services.can_see)


def _back(task: Task) -> str:
    """Return where a form on this task goes back to: its board, or the list it was in, at the task."""
    return back_to(url_for("boards.show_board", initiative_id=task.initiative_id), task.dom_id)


def _card(task_id: int, message: str, category: str = "ok", link: str | None = None,
          titles: dict[int, str] | None = None):
    """Show the result at the card: htmx gets the updated card with the message inside (and in the live region);
    a plain form goes back to the card's anchor, where the message waits beside the card."""
    task = services.load_task(task_id)
    return action_response("boards/_task_response.html", _back(task), message, category, anchor=task.dom_id,
                           link=link, task=task, claimed=services.claimed_ids(current_user, [task]),
                           next_url=request.form.get("next", ""),
                           titles=_titles(task) if titles is None else titles)


def _titles(task: Task) -> dict[int, str]:
    """Return {the task's id: its title as the reader reads it} (a shift's: the event's name now, in their
    language): what the templates of one task take as `titles`, as a card's CardPage does."""
    return shown_titles([task], current_user)


@bp.get("/boards")
@cacheable
def list_boards():
    """Show all boards the person may see, with how many tasks need people."""
    return render_template("boards/boards.html", boards=services.boards(current_user))


@bp.get("/boards/<int:initiative_id>")
@cacheable
def show_board(initiative_id: int):
    """Show one board: open, in progress and done."""
    # Missing, or members-only and this person is not one: a 404, outsiders learn nothing.
    initiative = get_or_404_for(services.BoardHead, initiative_id,
                                load=lambda ident: services.board_head(ident, current_user))
    member = initiative.member
    columns = services.board_columns(initiative, current_user, member)
    tasks = [task for column in columns.values() for task in column]
    return render_template("boards/board.html", initiative=initiative, member=member, columns=columns,
                           counts=services.column_counts(initiative, current_user, member),
                           claimed=services.claimed_ids(current_user, tasks),
                           partners=collaboration.partners_on_board(initiative.id, current_user))


@bp.get("/boards/<int:initiative_id>/print")
def print_board(initiative_id: int):
    """Show a board's tasks that still need people as an A4 sheet for the notice board, with a QR code."""
    initiative, member = load_initiative_for(initiative_id)
    columns = services.board_columns(initiative, current_user, member)
    # A stopped initiative asks nobody for help: its sheet lists no task (its board says why).
    tasks = [task for status in ("open", "in_progress") for task in columns[status]
             if task.places_left and initiatives.takes_new_work(initiative)]
    return render_template("boards/print.html", initiative=initiative, tasks=tasks)


@bp.get("/boards/help")
@cacheable
def where_can_i_help():
    """List open places across boards, soonest first, filtered by skill and by time."""
    skill = arg_text("skill", 40)
    minutes = arg_id("time")
    minutes = minutes if minutes in TIME_FILTERS else None
    after = arg_cursor("after")
    initiative_id = arg_id("initiative")
    starters, tasks, cursor = services.where_to_help(current_user, skill, minutes, after, initiative_id)
    return render("boards/help.html", "boards/_help_page.html", tasks=tasks, cursor=cursor, starters=starters,
                  skill=skill, minutes=minutes, skills=services.known_skills(current_user),
                  time_filters=TIME_FILTERS,
                  initiative_id=initiative_id,
                  claimed=services.claimed_ids(current_user, tasks + starters))


@bp.route("/boards/<int:initiative_id>/tasks/new", methods=["GET", "POST"])
@login_required
def create_task(initiative_id: int):
    """Add a task to a board (coordinators and members)."""
    initiative, member = load_initiative_for(initiative_id)
    if not (member or has_role(current_user, "coordinator")):
        abort(403)
    if not initiatives.takes_new_work(initiative):
        return _stopped(initiative.id)
    form = TaskForm()
    if form.validate_on_submit():
        task = Task(initiative_id=initiative.id, created_by_id=current_user.id)
        _fill(task, form)
        db.session.add(task)
        db.session.commit()
        flash(_("Task added: %(title)s.", title=task.title), "ok")
        return redirect(url_for("boards.show_board", initiative_id=initiative.id), 303)
    return render_template("boards/task_form.html", form=form, initiative=initiative, task=None), \
        422 if form.errors else 200


def _fill(task: Task, form: TaskForm) -> None:
    task.title, task.description, task.place = form.title.data.strip(), form.description.data or "", \
        form.place.data or ""
    task.estimate_minutes = int(form.estimate_hours.data * 60)
    task.due_date, task.places_needed = form.parsed_due, form.places_needed.data
    task.good_first, task.with_buddy = form.good_first.data, form.with_buddy.data
    task.skills = [TaskSkill(skill=skill) for skill in form.skill_list()]


@bp.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@role_required("coordinator")
def edit_task(task_id: int):
    """Change a task (coordinators); it never needs fewer people than have claimed it."""
    task = load_task_for(task_id)
    # The form reads title, skills (as "tillen, tuinieren") and the rest from the task itself.
    form = TaskForm(obj=task, data={"estimate_hours": task.hours})
    if form.validate_on_submit():
        if form.places_needed.data < task.places_taken:
            form.places_needed.errors = [_("%(count)s people have claimed it already.", count=task.places_taken)]
        else:
            _fill(task, form)
            db.session.commit()
            flash(_("Saved."), "ok")
            return redirect(url_for("boards.show_board", initiative_id=task.initiative_id), 303)
    return render_template("boards/task_form.html", form=form, initiative=task.initiative, task=task), \
        422 if form.errors else 200


@bp.route("/boards/<int:initiative_id>/meeting", methods=["GET", "POST"])
@role_required("coordinator")
def from_meeting(initiative_id: int):
    """Turn a meeting's action points into tasks: read people, hours and dates, show them to correct, then save."""
    initiative, _member = load_initiative_for(initiative_id)
    if not initiatives.takes_new_work(initiative):
        return _stopped(initiative.id)
    form = MeetingForm()
    if "rows-0-title" not in request.form and form.validate_on_submit():
        return render_template("boards/meeting_preview.html", initiative=initiative,
                               form=MeetingPreviewForm.from_lines(form.lines.data))
    if "rows-0-title" in request.form:
        preview = MeetingPreviewForm()
        if not preview.validate_on_submit():
            return render_template("boards/meeting_preview.html", initiative=initiative, form=preview), 422
        rows = [{"title": row.title.data.strip(), "minutes": int(row.hours.data * 60), "places": row.places.data,
                 "due": row.form.parsed_due} for row in preview.rows if row.keep.data]
        tasks = services.tasks_from_rows(initiative, rows, current_user)
        db.session.commit()
        flash(_("%(count)s tasks added. Now someone can pick them up!", count=len(tasks)), "ok")
        return redirect(url_for("boards.show_board", initiative_id=initiative.id), 303)
    return render_template("boards/meeting.html", form=form, initiative=initiative), 422 if form.errors else 200


@bp.post("/tasks/<int:task_id>/claim")
@login_required
def claim_task(task_id: int):
    """Take a place on a task; at the same time as another task of yours (an event's shift), or past the load
    threshold, ask first (and suggest someone to share with). Each question, once answered, rides along in the
    other's form ("overlap", "confirm"), so answering one never skips the other."""
    task = load_task_for(task_id)
    if task.status == "done":
        return _refuse(task, _("This task is done already."))
    if not initiatives.takes_new_work(task.initiative):
        return _refuse(task, _stopped_message())
    answered = {"confirm": request.form.get("confirm", ""), "overlap": request.form.get("overlap", ""),
                "next": request.form.get("next", "")}
    # htmx swaps a question into the card's place; without JavaScript it is a page
    clashes = None if answered["overlap"] else services.overlapping(task, current_user)
    if clashes:
        return render("boards/confirm_claim.html", "boards/_confirm_claim.html", task=task, titles=_titles(task),
                      question="boards/_overlap_question.html", clashes=clashes, hidden=answered | {"overlap": "1"},
                      back_url=_back(task))
    load = None if answered["confirm"] else services.load_if_over(task, current_user)
    if load:
        return render("boards/confirm_claim.html", "boards/_confirm_claim.html", task=task, titles=_titles(task),
                      question="boards/_confirm_question.html", load=load, hidden=answered | {"confirm": "1"},
                      sharer=services.sharer_for(task, current_user), back_url=_back(task))
    try:
        services.claim(task.id, current_user)
    except services.ClaimRefused as refused:
        return _refuse(task, {"full": _("Just taken: this task has all the people it needs."),
                              "already": _("You are on this task already."),
                              "done": _("This task is done already."),
                              "stopped": _stopped_message()}[refused.reason])
    titles = _titles(task)
    return _card(task.id, _("Thank you! You are on: %(title)s.", title=titles[task.id]), titles=titles)


def _stopped_message() -> str:
    return _("This initiative has stopped. Nobody can sign up for its tasks any more.")


def _refuse(task: Task, message: str):
    return _card(task.id, message, "error")


@bp.post("/tasks/<int:task_id>/hand-back")
@login_required
def hand_back(task_id: int):
    """Give your place on a task back."""
    task = load_task_for(task_id)
    if task.status == "done" or not services.hand_back(task.id, current_user):
        return _refuse(task, _("You cannot hand this back: it is not yours, or it is done."))
    return _card(task.id, _("Handed back. Thank you for saying so in time."))


@bp.post("/tasks/<int:task_id>/done")
@login_required
def finish_task(task_id: int):
    """Say a task, or your part of it, is done; a task for more people asks which first. Applause follows."""
    task = load_task_for(task_id)
    if not task.can_finish(current_user):
        abort(403)
    scope = request.form.get("scope")
    if scope not in ("part", "whole"):
        if task.asks_whole_or_part():
            return render("boards/finish_question.html", "boards/_finish_question.html", task=task,
                          titles=_titles(task), next_url=request.form.get("next", ""), back_url=_back(task))
        scope = "whole"
    if scope == "whole" and not task.can_close(current_user):
        abort(403)
    try:
        result, links = services.finish(task.id, current_user, whole=scope == "whole")
    except services.ClaimRefused:
        return _refuse(task, _("This task is done already."))
    if result == "closed":
        return _card(task.id, _("Done! Thank you. Your applause is on the wall."), link=next(iter(links), None))
    return _card(task.id, _("Your part is done. Thank you! The task closes when everyone is done."))


@bp.post("/tasks/<int:task_id>/walk-in")
@role_required("librarian", "coordinator")
def claim_for_walkin(task_id: int):
    """Record a claim for a resident without a phone, at the buurthuis desk."""
    task = load_task_for(task_id)
    if not initiatives.takes_new_work(task.initiative):
        return _refuse(task, _stopped_message())
    form = WalkinClaimForm()
    if not form.validate_on_submit():
        # The card again with what was typed and the message at the walk-in fields (not above the librarian's own
        # "I'll do it"); without JavaScript on a page of its own, so nothing typed is lost on the way back.
        return render("boards/walkin.html", "boards/_task_response.html", 422, task=task, walkin_form=form,
                      titles=_titles(task),
                      claimed=services.claimed_ids(current_user, [task]), next_url=request.form.get("next", ""),
                      back_url=_back(task))
    try:
        claim_id = services.claim(task.id, None, walkin_name=form.walkin_name.data, recorded_by=current_user,
                                  walkin_phone=form.walkin_phone.data)
    except services.ClaimRefused as refused:
        return _refuse(task, _stopped_message() if refused.reason == "stopped"
                       else _("Just taken: this task has all the people it needs."))
    flash(_("Recorded: %(name)s is on %(title)s.", name=form.walkin_name.data, title=_titles(task)[task.id]), "ok")
    return hx_redirect(url_for("boards.claim_slip", claim_id=claim_id))  # the slip, ready to print


@bp.get("/claims/<int:claim_id>/slip")
@role_required("librarian", "coordinator")
def claim_slip(claim_id: int):
    """Show a printable slip for a walk-in resident: the task, where, when, who to ask, and a QR code."""
    claim = get_or_404_for(Claim, claim_id, load=services.walkin_claim,  # the board's rule holds for the desk too
                           visible=lambda found, user: services.can_see(found.task, user))
    return render_template("boards/claim_slip.html", claim=claim, task=claim.task, titles=_titles(claim.task),
                           description=shown_description(claim.task, current_user))


@bp.get("/boards/load")
@role_required("coordinator")
def load_guard():
    """Show who carries too much, and what nobody picks up."""
    stale, due = services.stale_tasks(), services.due_without_anyone()
    retitle(stale + due, current_user)  # both lists' titles in one query
    return render_template("boards/load.html", overloaded=services.overloaded(), stale=stale, due=due,
                           threshold=current_app.config["LOAD_THRESHOLD_HOURS"],
                           person_url=id_url("boards.person_tasks", "user_id"),
                           board_url=id_url("boards.show_board", "initiative_id"))


@bp.post("/account/pause")
@login_required
def pause():
    """Take a break until a date, so nobody asks you to help; an empty date ends the break."""
    form = PauseForm()
    # The answer stands in the break's own box on the account page (#pause), not at the top of a long page.
    if form.validate_on_submit() or (form.is_submitted() and not form.paused_until.data):
        current_user.paused_until = form.parsed if form.paused_until.data else None
        db.session.commit()
        flash_at("pause", _("On a break until %(day)s. Rest well!", day=format_date(form.parsed, "d MMMM yyyy"))
                 if form.parsed else _("Welcome back!"))
    else:
        flash_at("pause", next(iter(form.paused_until.errors), _("Fill in a date, like 3 December 2026.")), "error")
    return redirect(url_for("accounts.account", _anchor="pause"), 303)


@bp.get("/boards/people/<int:user_id>/tasks")
@role_required("coordinator")
def person_tasks(user_id: int):
    """Show a person's tasks to a coordinator, each with someone who could take it over."""
    person = get_or_404_for(User, user_id)
    tasks = services.my_tasks(person, viewer=current_user)
    return render_template("boards/person_tasks.html", person=person, tasks=tasks,
                           sharers={task.id: services.sharer_for(task, person) for task in tasks},
                           asked=services.open_takeovers_about(person, [task.id for task in tasks]),
                           load=services.load_of(person))


@bp.post("/boards/people/<int:user_id>/tasks/<int:task_id>/ask")
@role_required("coordinator")
def ask_takeover(user_id: int, task_id: int):
    """Ask the suggested member whether they will take this task over (they accept or decline)."""
    person = get_or_404_for(User, user_id)
    task = load_task_for(task_id)
    sharer = services.sharer_for(task, person)
    if not task.open_parts_of(person) or sharer is None:
        flash(_("Nobody to ask right now, or the task is no longer theirs."), "error")
    elif services.ask_takeover(task, person, sharer, current_user) is None:
        flash(_("Someone was asked already. Wait for their answer."), "error")
    else:
        db.session.commit()
        flash(_("Asked %(name)s. They get an e-mail and see the question on their home page.",
                name=sharer.name), "ok")
    return redirect(url_for("boards.person_tasks", user_id=person.id), 303)


@bp.get("/takeovers/<int:request_id>")
@login_required
def show_takeover(request_id: int):
    """Show the person asked the question to take over a task, with "yes" and "no" (the link in their mail)."""
    question = get_or_404_for(TakeoverRequest, request_id,
                              load=lambda ident: services.takeover_for(ident, current_user))
    return render_template("boards/takeover.html", question=question)


@bp.post("/takeovers/<int:request_id>/accept")
@login_required
def accept_takeover(request_id: int):
    """Take a task over: the place moves only while it is still there to take."""
    return _answer_takeover(request_id, accept=True)


@bp.post("/takeovers/<int:request_id>/decline")
@login_required
def decline_takeover(request_id: int):
    """Say no to taking a task over; it stays with the person who has it."""
    return _answer_takeover(request_id, accept=False)


def _answer_takeover(request_id: int, accept: bool):
    result = services.answer_takeover(request_id, current_user, accept=accept)
    flash({"accepted": _("Thank you! The task is yours now."),
           "declined": _("Fine. We let the person who asked know, so they can ask someone else."),
           "gone": _("This question is no longer open: the task has changed.")}[result],
          "error" if result == "gone" else "ok")
    return redirect(local_path(request.form.get("next"), url_for("core.home")), 303)
