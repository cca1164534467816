"""Ideas box pages: the list, an idea, proposing, reacting, comments and their moderation, status, "turn into"."""

from collections.abc import Callable
from functools import cached_property

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from portal.accounts.names import names_public
from portal.core.registry import moderation_page_endpoint
from portal.core.urls import id_url
from portal.extensions import db, limiter
from portal.forms import HideForm
from portal.htmx import action_response, hx_redirect, render
from portal.ideas import bp, services
from portal.ideas.forms import CommentForm, IdeaForm, ReactForm, RealiseForm, StatusForm, VisitorIdeaForm
from portal.ideas.models import KIND_LABELS, KINDS, REACTION_LABELS, STATUS_LABELS, Idea, IdeaComment
from portal.initiatives import services as initiatives
from portal.initiatives.models import Initiative
from portal.messages import flash_at
from portal.pagecache import cacheable
from portal.params import arg_id
from portal.permissions import get_or_404_for, has_role, role_required
from portal.web import local_path


def visitor_limit() -> str:
    return current_app.config.get("IDEA_LIMIT_PER_ADDRESS", "10 per hour")


def load_idea_for(idea_id: int, manage: bool = False) -> Idea:
    """Load an idea the person may see (404 otherwise, so members-only ideas stay unknown); 403 without the right
    to manage it when `manage`."""
    idea = get_or_404_for(Idea, idea_id, load=lambda ident: services.load_idea(ident, current_user))
    if manage and not services.can_manage(idea, current_user):
        abort(403)
    return idea


def load_comment_for(comment_id: int, hide: bool = False) -> IdeaComment:
    """Load a comment on an idea the person may see: 404 when missing, on a hidden idea, or hidden from them."""
    return get_or_404_for(IdeaComment, comment_id, "can_hide" if hide else None,
                          load=lambda ident: services.load_comment(ident, current_user),
                          visible=lambda comment, user: not comment.hidden or comment.can_hide(user))


def _idea_url(idea_id: int, anchor: str | None = None) -> str:
    return url_for("ideas.show_idea", idea_id=idea_id, _anchor=anchor)


@bp.get("/ideeen")
@cacheable
def list_ideas():
    """Show the ideas, newest first, a page at a time, optionally only those with one status."""
    status = request.args.get("status") if request.args.get("status") in STATUS_LABELS else None
    initiative = None
    if "initiative" in request.args:
        initiative = get_or_404_for(Initiative, arg_id("initiative"),
                                    load=lambda ident: initiatives.get_visible(ident, current_user))
    ideas, next_cursor = services.list_page(current_user, status, arg_id("before"),
                                            initiative_id=initiative.id if initiative else None)
    fragment = "ideas/_page.html" if arg_id("before") else None
    return render("ideas/list.html", fragment, ideas=ideas, next_cursor=next_cursor, status_filter=status,
                  initiative=initiative,
                  tallies=services.tallies(current_user, ideas), public=names_public())


@bp.get("/ideas")
@bp.get("/ideas/<path:rest>")
def english_alias(rest: str = ""):
    """Send the English address (/ideas, /ideas/3) to the Dutch one, with its query."""
    target = "/ideeen" + ("/" + rest.replace("new", "nieuw") if rest else "")
    query = request.query_string.decode("ascii", "replace")
    return redirect(local_path(target + (f"?{query}" if query else ""), url_for("ideas.list_ideas")), 301)


def _too_many_ideas(_limit):
    """Answer a visitor over the limit with the form as they filled it in and why it was not sent (429)."""
    form = VisitorIdeaForm(viewer=current_user)
    flash(_("Many ideas came from this address in the last hour. Wait a while and send it again: what you typed is "
            "still here."), "error")
    return current_app.make_response((render_template("ideas/new.html", form=form), 429))


@bp.route("/ideeen/nieuw", methods=["GET", "POST"])
# Only ideas put in the box count (a form sent back for a missing field does not), and a visitor over the limit keeps
# what they typed.
@limiter.limit(visitor_limit, methods=["POST"], exempt_when=lambda: current_user.is_authenticated,
               deduct_when=lambda response: response.status_code == 303, on_breach=_too_many_ideas)
def create_idea():
    """Propose an idea or a talk: with an account, or with a name and a phone number."""
    form_class = IdeaForm if current_user.is_authenticated else VisitorIdeaForm
    kind = request.args.get("kind")
    form = form_class(viewer=current_user, data={"kind": kind if kind in KINDS else "idea",
                                                 "initiative": arg_id("initiative") or 0})
    if form.validate_on_submit():
        visitor = form if isinstance(form, VisitorIdeaForm) else None
        idea = services.propose(form.title.data, form.text.data, form.kind.data, form.initiative.data,
                                current_user if current_user.is_authenticated else None,
                                visitor.visitor_name.data if visitor else None,
                                visitor.visitor_phone.data if visitor else None,
                                visitor.show_visitor_name.data if visitor else False,
                                submit_token=form.submit_token.data)
        db.session.commit()
        thanks = {"offer": _("Thank you for offering to tell about it! Neighbours can react to it now."),
                  "wish": _("Thank you for your wish! Neighbours can react to it now.")}
        flash(thanks.get(idea.kind) or _("Thank you for your idea! Neighbours can react to it now."), "ok")
        return hx_redirect(_idea_url(idea.id))
    return render("ideas/new.html", "ideas/_idea_form.html", 422 if form.errors else 200, form=form,
                  stopped_name=_stopped_name(arg_id("initiative")))


def _stopped_name(initiative_id: int | None) -> str | None:
    """Return the name of the initiative an old link asks an idea for, when it has stopped (it is not a choice, so
    the form says why instead of choosing nothing silently); None otherwise, also for one the viewer may not see."""
    found = initiatives.get_visible(initiative_id, current_user)
    return found.name if found is not None and not initiatives.takes_new_work(found) else None


def _comments_context(idea: Idea, comment_form: CommentForm | None = None) -> dict:
    """Return what the reactions in words need: the comments and the form (again with what was typed)."""
    if comment_form is None and current_user.is_authenticated:
        comment_form = CommentForm(formdata=None)
    return {"idea": idea, "comments": services.comments_of(idea, current_user), "comment_form": comment_form,
            "public": names_public(), "hide_form": HideForm(formdata=None)}


def _idea_page(idea: Idea, status: int = 200, comment_form: CommentForm | None = None,
               status_form: StatusForm | None = None, fragment: str | None = None):
    """Render an idea's page (also again with a refused form and what was typed in it; for htmx only `fragment`)."""
    manage = services.can_manage(idea, current_user)
    if status_form is None and manage:
        status_form = StatusForm(formdata=None, data={"status": idea.status, "reason": idea.status_reason})
    return render("ideas/idea.html", fragment, status, tallies=services.tallies(current_user, [idea]),
                  became=services.became(idea, current_user), manage=manage, status_form=status_form,
                  **_comments_context(idea, comment_form))


@bp.get("/ideeen/<int:idea_id>")
@cacheable
def show_idea(idea_id: int):
    """Show one idea: what it is, who reacted, the comments, its status and what it became."""
    return _idea_page(load_idea_for(idea_id))


@bp.post("/ideeen/<int:idea_id>/reageer")
@login_required
def react(idea_id: int):
    """Say "ik kom", "ik help" or "ik weet iemand", or take it back."""
    idea = load_idea_for(idea_id)
    form = ReactForm()
    if not form.validate_on_submit():
        abort(400)
    on = services.react(idea.id, current_user.id, form.kind.data, form.on.data == "1")
    label = REACTION_LABELS[form.kind.data]
    message = _("Noted: %(reaction)s.", reaction=label) if on else _("Taken back: %(reaction)s.", reaction=label)
    back = local_path(request.form.get("next"), _idea_url(idea.id)).split("#")[0] + f"#{idea.dom_id}"
    return action_response("ideas/_reactions.html", back, message, anchor=idea.dom_id, idea=idea,
                           tallies=services.tallies(current_user, [idea]), next_url=request.form.get("next", ""))


@bp.post("/ideeen/<int:idea_id>/reacties")
@login_required
def create_comment(idea_id: int):
    """Add a short reaction in words to an idea."""
    idea = load_idea_for(idea_id)
    form = CommentForm()
    if form.validate_on_submit():
        services.add_comment(idea, current_user, form.text.data, form.submit_token.data)
        db.session.commit()
        return action_response("ideas/_comments.html", _idea_url(idea.id, "comments"),
                               _("Thank you for your reaction."), anchor="comments", **_comments_context(idea))
    return _idea_page(idea, 422, comment_form=form, fragment="ideas/_comments.html")


@bp.post("/ideeen/reacties/<int:comment_id>/melden")
@login_required
def report_comment(comment_id: int):
    """Tell the coordinators that a reaction is wrong."""
    comment = load_comment_for(comment_id)
    services.report_comment(comment, current_user)
    flash_at(comment.dom_id, _("Thank you. A coordinator will look at it."))
    return redirect(_idea_url(comment.idea_id, comment.dom_id), 303)


@bp.app_template_global("idea_moderation_url")
def _queue_url() -> str:
    """Return the one moderation queue, at the reactions on ideas (the feature that shows it registered it)."""
    endpoint = moderation_page_endpoint()
    return url_for(endpoint, _anchor="moderation-ideas") if endpoint else url_for("ideas.list_ideas")


@bp.post("/ideeen/reacties/<int:comment_id>/verbergen")
@login_required
def hide_comment(comment_id: int):
    """Hide a reaction from every view; the moderation log keeps who and when."""
    comment = load_comment_for(comment_id, hide=True)
    form = HideForm()
    if form.validate_on_submit():
        services.set_comment_hidden(comment, current_user, True, form.reason.data or "")
        db.session.commit()
        flash(_("The reaction is hidden."), "ok")
    return redirect(local_path(request.form.get("next"), _queue_url()), 303)


@bp.post("/ideeen/reacties/<int:comment_id>/tonen")
@login_required
def unhide_comment(comment_id: int):
    """Show a hidden reaction again; the moderation log keeps who and when."""
    comment = load_comment_for(comment_id, hide=True)
    services.set_comment_hidden(comment, current_user, False)
    db.session.commit()
    flash(_("The reaction is visible again."), "ok")
    return redirect(local_path(request.form.get("next"), _queue_url()), 303)


@bp.post("/ideeen/reacties/<int:comment_id>/melding-afwijzen")
@login_required
def dismiss_comment_reports(comment_id: int):
    """Close the reports on a reaction without hiding it (its words are fine); the log keeps who and when."""
    comment = load_comment_for(comment_id, hide=True)
    form = HideForm()
    if form.validate_on_submit():
        dismissed = services.dismiss_reports(comment, current_user, form.reason.data or "")
        db.session.commit()
        flash(_("The report is dismissed. The reaction stays.") if dismissed else
              _("This report was handled already."), "ok" if dismissed else "info")
    return redirect(local_path(request.form.get("next"), _queue_url()), 303)


@bp.get("/ideeen/moderatie")
@role_required("coordinator")
def moderation():
    """Send coordinators to the one moderation queue, where reactions on ideas are handled with shout-outs."""
    return redirect(_queue_url(), 301)


@bp.post("/ideeen/<int:idea_id>/status")
@login_required
def change_status(idea_id: int):
    """Change an idea's status; "not now" says why."""
    idea = load_idea_for(idea_id, manage=True)
    form = StatusForm()
    if form.validate_on_submit():
        services.set_status(idea, form.status.data, form.reason.data or "")
        db.session.commit()
        flash(_("The status is now: %(status)s.", status=idea.status_label), "ok")
        return redirect(_idea_url(idea.id, "idea-status"), 303)
    return _idea_page(idea, 422, status_form=form)


@bp.route("/ideeen/<int:idea_id>/omzetten", methods=["GET", "POST"])
@login_required
def realise_idea(idea_id: int):
    """Turn an idea into a task on a board or an initiative, in one step; the proposer is thanked."""
    idea = load_idea_for(idea_id, manage=True)
    if idea.became_kind is not None:
        flash(_("This idea became something already."), "info")
        return redirect(_idea_url(idea.id), 303)
    carrier_only = None if has_role(current_user, "coordinator") else (idea.initiative_id, idea.initiative.name)
    form = RealiseForm(viewer=current_user, only_initiative=carrier_only, data=None if request.method == "POST" else {
        "title": idea.title, "initiative": idea.initiative_id or 0})
    if form.validate_on_submit():
        target = form.targets[form.target.data]
        try:
            services.realise(idea.id, target, form.title.data, idea.text,
                             form.initiative.data if target.needs_initiative else idea.initiative_id, current_user)
        except services.AlreadyRealised:
            flash(_("This idea became something already."), "info")
            return redirect(_idea_url(idea.id), 303)
        except IntegrityError:
            form.title.errors.append(_("An initiative with this name exists already. Choose another name."))
        else:
            flash(_("Done: the idea lives on, and its proposer is thanked on the applause page."), "ok")
            return redirect(_idea_url(idea.id), 303)
    return render_template("ideas/realise.html", idea=idea, form=form), 422 if form.errors else 200


class IdeaWords:
    """What every idea card repeats, made once per request and language, each part when first asked: the links
    built once (id_url), the labels, the CSRF field and the words with a number (per number). Per card, url_for and
    gettext cost more than the rest of the card (and format_date writes each day once a request)."""

    def __init__(self) -> None:
        self._in_words: dict[int, str] = {}

    @cached_property
    def logged_in(self) -> bool:
        return current_user.is_authenticated

    @cached_property
    def csrf(self) -> str:
        """The CSRF field of each reaction button (as csrf_field()); a visitor gets no buttons, and no token."""
        return Markup('<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf()) \
            if self.logged_in else ""

    @cached_property
    def show(self) -> Callable[[int], str]:
        return id_url("ideas.show_idea", "idea_id")

    @cached_property
    def comments(self) -> Callable[[int], str]:
        return id_url("ideas.show_idea", "idea_id", _anchor="comments")

    @cached_property
    def react(self) -> Callable[[int], str]:
        return id_url("ideas.react", "idea_id")

    @cached_property
    def login(self) -> Callable[[int], str]:
        return id_url("accounts.login", "next", inside=self.show)

    @cached_property
    def kinds(self) -> dict[str, str]:
        return {key: str(label) for key, label in KIND_LABELS.items()}

    @cached_property
    def statuses(self) -> dict[str, str]:
        return {key: str(label) for key, label in STATUS_LABELS.items()}

    @cached_property
    def reactions(self) -> list[tuple[str, Markup]]:
        # shown as the lazy labels were: unescaped ("I'll come")
        return [(key, Markup(str(label))) for key, label in REACTION_LABELS.items()]  # noqa: S704

    @cached_property
    def from_name(self) -> Markup:
        return Markup(_("From %(name)s"))  # noqa: S704 - the catalogue's words; the name is escaped by %

    def in_words(self, count: int) -> str:
        """Return "3 comments" (reactions in writing) as Jinja's ngettext does: the catalogue's words, the number in."""
        if count not in self._in_words:
            words = get_translations().ungettext("%(num)s comment", "%(num)s comments", count)
            self._in_words[count] = Markup(words) % {"num": count}  # noqa: S704 - the catalogue's words
        return self._in_words[count]


@bp.app_template_global()
def idea_words() -> IdeaWords:
    """Return the idea cards' words of this request, in its language (made once, parts when first asked)."""
    kept = g.setdefault("_idea_words", {})
    language = str(get_locale())
    if language not in kept:
        kept[language] = IdeaWords()
    return kept[language]


@bp.app_context_processor
def idea_labels() -> dict:
    """Give templates the reaction and status labels (the home page shows idea cards too)."""
    return {"idea_reactions": REACTION_LABELS, "idea_statuses": STATUS_LABELS}
