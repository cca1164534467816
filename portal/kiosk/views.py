"""Kiosk screens: start, today's programme, where can I help, the session countdown and "done"."""

from urllib.parse import urlsplit

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from portal.accounts.services import end_session, seconds_left
from portal.boards import services as boards
from portal.core import time as clock
from portal.extensions import db, limiter
from portal.htmx import action_response, fragment_or_redirect, hx_redirect, is_htmx, render
from portal.i18n import forget_chosen_language
from portal.ideas import services as ideas
from portal.ideas.forms import IdeaForm, VisitorIdeaForm, WalkinIdeaForm
from portal.kiosk import bp, services
from portal.pagecache import cacheable
from portal.permissions import has_role
from portal.venues import services as venues
from portal.web import local_path


@bp.get("/kiosk")
def start():
    """Show the kiosk start screen: big buttons for what people come to do. Other computers get the site."""
    if not services.is_kiosk():
        return redirect(url_for("core.home"), 303)
    return render_template("kiosk/start.html")


@bp.get("/kiosk/today")
@cacheable
def today():
    """Show today's programme per room, large, and on paper."""
    return render_template("kiosk/today.html", rooms=venues.rooms_today(), day=clock.today())


@bp.get("/kiosk/help")
@cacheable
def help_wanted():
    """Show tasks that need people, large, and on paper."""
    tasks, _cursor = boards.help_page(current_user)
    return render_template("kiosk/help.html", tasks=tasks, claimed=boards.claimed_ids(current_user, tasks))


@bp.route("/kiosk/idea", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"], exempt_when=lambda: current_user.is_authenticated)
def propose_idea():
    """Put an idea in the box at the kiosk: a librarian writes down a walk-in's, a resident gives their own, and
    someone without an account leaves a name and a phone number. Other computers get the ideas box's own form."""
    if not services.is_kiosk():
        return redirect(url_for("ideas.create_idea"), 303)
    librarian = has_role(current_user, "librarian")
    form_class = WalkinIdeaForm if librarian else IdeaForm if current_user.is_authenticated else VisitorIdeaForm
    form = form_class(viewer=current_user)
    if form.validate_on_submit():
        visitor = form if isinstance(form, VisitorIdeaForm) else None
        resident = current_user if current_user.is_authenticated and visitor is None else None
        idea = ideas.propose(form.title.data, form.text.data, form.kind.data, form.initiative.data, resident,
                             visitor.visitor_name.data if visitor else None,
                             visitor.visitor_phone.data if visitor else None,
                             visitor.show_visitor_name.data if visitor else False,
                             recorded_by=current_user if librarian else None, submit_token=form.submit_token.data)
        db.session.commit()
        flash(_("Thank you! The idea is in the box. A coordinator will call about it."), "ok")
        return hx_redirect(url_for("ideas.show_idea", idea_id=idea.id))
    return render("kiosk/idea.html", "ideas/_idea_form.html", 422 if form.errors else 200, form=form,
                  walkin=librarian)


@bp.get("/kiosk/idle")
def idle():
    """Send an idle kiosk screen back to the start, in the default language for the next person (a visitor's page
    refreshes to here after 2 minutes)."""
    if services.is_kiosk():
        forget_chosen_language()
    return hx_redirect(url_for("kiosk.start"))


@bp.get("/kiosk/idle/wait")
def idle_wait():
    """A visitor is still at the kiosk (typing, tapping, "I am still here"): a fresh 2 minutes' wait in place of the
    one running, and nothing left to read out. Not at the kiosk, or not from htmx: the start screen."""
    return fragment_or_redirect("kiosk/_idle.html", url_for("kiosk.start"), warn=False, say="")


@bp.get("/kiosk/idle/warning")
def idle_warning():
    """The visitor's page was left alone: the warning, which counts down and goes back to the start 30 s later.

    The count asks again every 5 s with `since`, the moment the warning started, and the server works out the
    seconds left from it (a made-up `since` never gives more than 30). Screen readers hear the warning when it
    comes and once more at 10 s, not every step."""
    ticking = "since" in request.args
    since, left = services.visitor_countdown(request.args.get("since"))
    if left <= 0:
        return idle()
    step = min(services.VISITOR_STEP_SECONDS, left)
    say = None
    if not ticking:
        say = _("Nobody has touched this screen for a while. In %(num)s seconds it goes back to the start. To stay, "
                "touch the screen or press \"I am still here\".", num=left)
    elif _passes_ten(left, step):
        say = ngettext("%(num)s second left, then this screen goes back to the start.",
                       "%(num)s seconds left, then this screen goes back to the start.", left)
    return fragment_or_redirect("kiosk/_idle_left.html" if ticking else "kiosk/_idle.html", url_for("kiosk.start"),
                                warn=True, since=since, left=left, step=step, say=say)


def _passes_ten(left: int, step: int) -> bool:
    """Tell whether this step of a countdown (asked every `step` seconds) is the one that passes 10 seconds left:
    the one moment besides the first that a warning is read out again."""
    return left <= 10 < left + step


@bp.get("/kiosk/session")
def session_status():
    """Tell a kiosk screen how long its session has left; warn shortly before it ends (does not extend it).

    A session that ended for being idle goes back to the start screen, never to the log-in page: the next
    person at the kiosk starts fresh.
    """
    left = (seconds_left() or 0) if current_user.is_authenticated else 0  # loading the user reads the session
    if left <= 0:
        return _back_to_start()
    warn = left <= services.WARN_SECONDS
    # Screen readers hear the warning when it comes (the first ask within the last 30 s) and once more at 10 s.
    step = services.SESSION_STEP_SECONDS
    say = None
    if warn and left > services.WARN_SECONDS - step:
        say = _("You will be logged out in %(seconds)s seconds, to keep your data safe.", seconds=left)
    elif warn and _passes_ten(left, step):
        say = ngettext("%(num)s second left, then you are logged out.", "%(num)s seconds left, then you are logged "
                       "out.", left)
    return fragment_or_redirect("kiosk/_session.html", url_for("kiosk.start"), left=left, warn=warn, say=say)


@bp.get("/kiosk/active")
def active():
    """Note that someone is typing, tapping or clicking on a kiosk page: like any request this one keeps the
    session, and answers its line (without a warning now). Nothing to keep (ended, or "Done" just pressed): 204."""
    if not current_user.is_authenticated and is_htmx():
        response = make_response("", 204)
        response.vary.add("HX-Request")
        return response
    return fragment_or_redirect("kiosk/_session.html", url_for("kiosk.start"), left=services.IDLE_SECONDS,
                                warn=False, say="")


@bp.post("/kiosk/extend")
@login_required
def extend():
    """Keep the session: any request counts as input, this one just says so."""
    referrer = urlsplit(request.referrer or "")
    back = referrer.path if referrer.netloc == request.host else ""
    return action_response("kiosk/_session.html", local_path(back, url_for("kiosk.start")),
                           left=services.IDLE_SECONDS, warn=False, say="")


@bp.post("/kiosk/done")
def done():
    """End the person's session here and clear what the browser kept; back to the start screen."""
    return _back_to_start()


def _back_to_start():
    """End the session (if any) and clear the browser, then go to the start screen.

    The countdown says 0 up to a second before the session is over: ending it here keeps the start screen from
    finding the person still logged in and giving them two more minutes.
    """
    end_session()
    forget_chosen_language()  # the next person at the kiosk starts in the default language, not this one's
    response = hx_redirect(url_for("kiosk.start"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response

