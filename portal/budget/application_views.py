"""Applications: an initiative asks for money with a plan and budget lines, sees every condition checked at once,
sends it; neighbours support it; coordinators ask questions, grant or refuse."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.budget import bp, ledger, rules, services
from portal.budget.forms import LINE_ROWS, ApplicationForm, DecideForm, SpendingForm
from portal.budget.models import Application, Budget
from portal.forms import EmptyForm
from portal.htmx import action_response
from portal.initiatives import services as initiatives
from portal.messages import flash_at
from portal.params import parse_id
from portal.permissions import get_or_404_for, has_role
from portal.web import link_target

OUTCOMES = {"left": lambda: _("Not enough is left in this budget for that amount."),
            "status": lambda: _("This application does not wait for a decision (any more).")}


def load_application(application_id: int) -> Application:
    """Load an application whose initiative the person may see (404 otherwise: outsiders learn nothing)."""
    return get_or_404_for(Application, application_id,
                          load=lambda ident: services.get_visible_application(ident, current_user))


def may_edit(application: Application) -> bool:
    """Members of the initiative and coordinators work on an application."""
    return services.can_apply_for(application.initiative_id, current_user)


def application_page(application: Application, **forms):
    """Render an application with its checks, support, decision and spendings (forms given keep their input)."""
    budget = get_or_404_for(Budget, application.budget_id, load=services.get_budget)
    lines = services.lines_of(application.id)
    checked = services.verdicts(application, lines, budget)
    editable = current_user.is_authenticated and may_edit(application)
    entries = ledger.entries_of(application.id) if application.status == "granted" else []
    spending = forms.pop("spending", None) or SpendingForm()
    return render_template(
        "budget/application.html", application=application, budget=budget, lines=lines, checked=checked,
        total=services.total_of(lines), can_send=services.can_send(checked, lines), editable=editable,
        closed=rules.closed_since(checked),
        initiative=initiatives.names_by_id({application.initiative_id}).get(application.initiative_id, ""),
        supported=services.supports(application.id, current_user), button=EmptyForm(), rules=rules,
        member=services.counts_already(application, current_user), plan_href=link_target(application.plan),
        decide=forms.pop("decide", None) or DecideForm(), spending=spending, entries=entries,
        problems=forms.pop("problems", []), coordinator=has_role(current_user, "coordinator"),
        receipts=editable or has_role(current_user, "coordinator"), labels=rules.category_labels())


@bp.get("/budget/applications/<int:application_id>")
def show_application(application_id: int):
    """Show an application: its plan and lines, every condition checked (met, not met, or for people to judge),
    its supporters' count, and what happened to it."""
    application = load_application(application_id)
    if application.status == "draft" and not (current_user.is_authenticated and may_edit(application)):
        abort(403)
    return application_page(application)


def _form(budget: Budget, application: Application | None = None) -> ApplicationForm:
    data = None
    if application is not None:
        lines = services.lines_of(application.id)
        data = {"initiative": application.initiative_id, "title": application.title, "purpose": application.purpose,
                "residents": application.residents, "plan": application.plan,
                "lines": [{"category": line.category, "description": line.description, "amount": line.cents}
                          for line in lines][:LINE_ROWS]}
    form = ApplicationForm(data=data)
    form.initiative.fill(current_user, members_only=True, kept=application.initiative_id if application else None)
    form.most = budget.amount_cents
    return form


@bp.route("/budget/<int:budget_id>/apply", methods=["GET", "POST"])
@login_required
def apply(budget_id: int):
    """Start an application for one of your initiatives (a draft: you see the checks before you send it); after the
    last day to apply, the page says so and takes nothing (also from a form sent by hand)."""
    budget = get_or_404_for(Budget, budget_id)
    until = services.apply_until(budget.id)
    if services.closed(until):
        return render_template("budget/apply.html", budget=budget, form=None, application=None, closed=until,
                               rules=rules)
    form = _form(budget)
    if form.validate_on_submit():
        if parse_id(form.initiative.data) is None or not services.can_apply_for(form.initiative.data, current_user):
            form.initiative.errors = [_("Choose one of your initiatives.")]
        else:
            application = services.save_application(budget, form.initiative.data, current_user, form.title.data,
                                                    form.purpose.data, form.residents.data, form.plan.data or "",
                                                    form.filled_lines())
            flash_at(application.dom_id, _("Saved as a draft. Look at the checks, then send it."))
            return redirect(url_for("budget.show_application", application_id=application.id), 303)
    return render_template("budget/apply.html", budget=budget, form=form, application=None, until=until,
                           rules=rules)


@bp.route("/budget/applications/<int:application_id>/edit", methods=["GET", "POST"])
@login_required
def edit_application(application_id: int):
    """Change a draft, or answer the questions asked about it."""
    application = load_application(application_id)
    if not may_edit(application):
        abort(403)
    if application.status not in services.EDITABLE_STATUSES:  # sent, decided or withdrawn: say so where it shows
        flash_at(application.dom_id, _("This application cannot be changed any more: it was sent, decided or "
                                       "withdrawn."), "error")
        return redirect(url_for("budget.show_application", application_id=application.id), 303)
    budget = get_or_404_for(Budget, application.budget_id)
    until = services.apply_until(budget.id)
    form = _form(budget, application)
    form.initiative.data = application.initiative_id
    if form.validate_on_submit():
        services.save_application(budget, application.initiative_id, current_user, form.title.data,
                                  form.purpose.data, form.residents.data, form.plan.data or "", form.filled_lines(),
                                  application)
        flash_at(application.dom_id, _("Saved. Look at the checks again."))
        return redirect(url_for("budget.show_application", application_id=application.id), 303)
    # A draft is still saved after the last day to apply (nobody loses what they typed); the page says it cannot be
    # sent any more. An application sent in time and asked questions about may be answered and sent again.
    closed = until if application.sent_at is None and services.closed(until) else None
    return render_template("budget/apply.html", budget=budget, form=form, application=application, until=until,
                           closed=closed, rules=rules)


@bp.post("/budget/applications/<int:application_id>/send")
@login_required
def send_application(application_id: int):
    """Send the application to the people who decide, when every checkable condition is met."""
    application = load_application(application_id)
    if not may_edit(application):
        abort(403)
    budget = get_or_404_for(Budget, application.budget_id)
    lines = services.lines_of(application.id)
    if EmptyForm().validate_on_submit() and services.send(application, lines, budget):
        flash_at(application.dom_id, _("Sent. The people who decide will look at it."))
    elif closed := rules.closed_since(services.verdicts(application, lines, budget)):
        flash_at(application.dom_id, _("Not sent: %(closed)s", closed=rules.closed_text(closed)), "error")
    else:
        flash_at(application.dom_id, _("Not sent: first meet the conditions marked 'not met'."), "error")
    return redirect(url_for("budget.show_application", application_id=application.id), 303)


@bp.post("/budget/applications/<int:application_id>/withdraw")
@login_required
def withdraw_application(application_id: int):
    """Withdraw the application (before it is decided)."""
    application = load_application(application_id)
    if not may_edit(application):
        abort(403)
    if EmptyForm().validate_on_submit() and services.withdraw(application):
        flash_at(application.dom_id, _("Withdrawn."))
    return redirect(url_for("budget.show_application", application_id=application.id), 303)


@bp.post("/budget/applications/<int:application_id>/support")
@login_required
def support_application(application_id: int):
    """Say "Ik steun dit" (once; your name is never shown, only the count)."""
    application = load_application(application_id)
    outcome = services.support(application, current_user) if EmptyForm().validate_on_submit() else "closed"
    message = {"ok": _("Thank you for your support!"), "twice": _("You support this already."),
               "member": _("You are a member: you count already."),
               "closed": _("This application cannot be supported now.")}[outcome]
    services.reload(application)
    return action_response("budget/_support.html", url_for("budget.show_application", application_id=application.id),
                           message, "ok" if outcome == "ok" else "error", anchor=f"support-{application.id}",
                           application=application, supported=outcome in ("ok", "twice"), button=EmptyForm(),
                           member=outcome == "member")


@bp.post("/budget/applications/<int:application_id>/decide")
@login_required
def decide_application(application_id: int):
    """Grant an amount, refuse with a reason, or ask questions (coordinators)."""
    application = load_application(application_id)
    if not has_role(current_user, "coordinator"):
        abort(403)
    form = DecideForm()
    action = request.form.get("action", "")
    if form.validate_on_submit():
        if action == "grant" and form.amount.data:
            outcome = services.grant(application.id, form.amount.data, current_user, form.reason.data or "")
            if outcome == "ok":
                flash_at(application.dom_id, _("Granted: %(amount)s.", amount=rules.euros(form.amount.data)))
                return redirect(url_for("budget.show_application", application_id=application.id), 303)
            form.amount.errors = [_("You cannot grant more than the application asks for: %(amount)s.",
                                    amount=rules.euros(services.asked_cents(application.id)))
                                  if outcome == "asked" else OUTCOMES[outcome]()]
        elif action == "grant":
            form.amount.errors = [_("Fill in the amount to grant.")]
        elif not (form.reason.data or "").strip():
            form.reason.errors = [_("Write the reason, or your questions: the initiative reads it.")]
        else:
            decide = services.refuse if action == "refuse" else services.ask_questions
            done = decide(application, form.reason.data)
            if done:
                flash_at(application.dom_id, _("Refused; the reason is on the page.") if action == "refuse"
                         else _("Your questions are on the page; the initiative can answer and send it again."))
                return redirect(url_for("budget.show_application", application_id=application.id), 303)
            form.reason.errors = [OUTCOMES["status"]()]
    return application_page(application, decide=form)
