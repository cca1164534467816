"""The leaflet (every budget: goal, possibilities, conditions, amount, period, who decides, phases), its print
version and history, and how coordinators edit it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.budget import bp, rules, services
from portal.budget.forms import ConditionForm, ExampleForm, LeafletForm, PhaseForm
from portal.budget.models import Budget
from portal.forms import EmptyForm
from portal.htmx import render
from portal.i18n import format_date
from portal.initiatives import services as initiatives
from portal.messages import flash_at
from portal.pagecache import cacheable
from portal.params import parse_date, parse_id
from portal.permissions import get_or_404_for, role_required


def load_budget(budget_id: int) -> Budget:
    """Load a budget (404 when there is none)."""
    return get_or_404_for(Budget, budget_id, load=services.get_budget)


def can_apply() -> bool:
    """Tell whether the person may start an application: logged in and a member of an initiative that has not
    stopped (coordinators: of any)."""
    return current_user.is_authenticated and bool(initiatives.member_choices(current_user, 1))


@bp.get("/budget")
@cacheable
def leaflet():
    """Show every budget: the goal first, what is possible, the conditions, amount, period, who decides, phases;
    and the way to apply (to log in first, for visitors)."""
    return render_template("budget/leaflet.html", leaflets=services.leaflets(current_user), rules=rules,
                           can_apply=can_apply())


@bp.get("/budget/<int:budget_id>/print")
@cacheable
def print_leaflet(budget_id: int):
    """Show one budget's leaflet on an A4 sheet, with a QR code to it online."""
    budget = load_budget(budget_id)
    return render_template("budget/print.html", item=services.leaflets(current_user, [budget.id])[0], rules=rules)


@bp.get("/budget/<int:budget_id>/history")
@cacheable
def leaflet_history(budget_id: int):
    """Show every change to a budget's leaflet: who, when, and what it said before."""
    budget = load_budget(budget_id)
    return render_template("budget/history.html", budget=budget, changes=services.history(budget.id),
                           parts=part_labels(), amount_of=services.history_amount)


def part_labels() -> dict[str, str]:
    """Name the parts of a leaflet for the history."""
    return {"created": _("Budget made"), "name": _("Name"), "goal_nl": _("Goal (Dutch)"),
            "goal_en": _("Goal (English)"), "possible": _("What is possible"), "decides": _("Who decides"),
            "amount_cents": _("Amount"), "starts_on": _("From"), "ends_on": _("Until"),
            "condition": _("Condition"), "phase": _("Phase"), "example": _("Example")}


def _leaflet_values(form: LeafletForm) -> dict:
    return {"name": form.name.data, "goal_nl": form.goal_nl.data, "goal_en": form.goal_en.data or "",
            "possible": form.possible.data or "", "decides": form.decides.data, "amount_cents": form.amount.data,
            "starts_on": parse_date(form.starts_on.data), "ends_on": parse_date(form.ends_on.data)}


@bp.route("/budget/new", methods=["GET", "POST"])
@role_required("coordinator")
def create_budget():
    """Start a new budget (coordinators)."""
    form = LeafletForm()
    if form.validate_on_submit():
        try:
            budget = services.create_budget(current_user, commit=True, **_leaflet_values(form))
        except services.NameTaken:
            form.name.errors = [_name_taken_message()]
        else:
            flash(_("The budget is on the leaflet."), "ok")
            return redirect(url_for("budget.edit_budget", budget_id=budget.id), 303)
    return render_template("budget/new.html", form=form), 422 if form.errors else 200


def _name_taken_message() -> str:
    return _("A budget with this name exists already. Choose another name.")


@bp.route("/budget/<int:budget_id>/edit", methods=["GET", "POST"])
@role_required("coordinator")
def edit_budget(budget_id: int):
    """Change a budget's leaflet (coordinators); every change is kept in its history."""
    budget = load_budget(budget_id)
    form = LeafletForm(obj=_FormData(budget))
    if form.validate_on_submit():
        try:
            changed = services.update_leaflet(budget, current_user, **_leaflet_values(form))
        except services.NameTaken:
            form.name.errors = [_name_taken_message()]
        except services.BudgetError:
            form.amount.errors = [_("More than that is granted already: %(granted)s.",
                                    granted=rules.euros(budget.granted_cents))]
        else:
            flash(_("Saved.") if changed else _("Nothing changed."), "ok")
            return redirect(url_for("budget.edit_budget", budget_id=budget.id), 303)
    return edit_page(budget, form=form)


class _FormData:
    """A budget as the leaflet form reads it (amount in cents, dates as text)."""

    def __init__(self, budget: Budget) -> None:
        self.name, self.goal_nl, self.goal_en = budget.name, budget.goal_nl, budget.goal_en
        self.possible, self.decides, self.amount = budget.possible, budget.decides, budget.amount_cents
        self.starts_on, self.ends_on = budget.starts_on.isoformat(), budget.ends_on.isoformat()


def edit_page(budget: Budget, **forms):
    """Render the edit page with its four forms (those given keep what was typed and their messages). The others
    read nothing from the request: a refused condition's amount showed up, and was then saved, as the budget's
    amount. Each form has its own prefix, so no two fields share a name or an id on the page."""
    example = forms.pop("example", None) or ExampleForm(formdata=None, prefix="example")
    example.initiative.fill(current_user, [(0, _("None"))])
    item = services.leaflets(current_user, [budget.id])[0]
    return render("budget/edit.html", budget=budget, item=item, rules=rules, remove=EmptyForm(),
                  form=forms.pop("form", None) or LeafletForm(formdata=None, obj=_FormData(budget)),
                  condition=forms.pop("condition", None) or ConditionForm(formdata=None, prefix="condition"),
                  phase=forms.pop("phase", None) or PhaseForm(formdata=None, prefix="phase"), example=example)


@bp.post("/budget/<int:budget_id>/conditions")
@role_required("coordinator")
def add_condition(budget_id: int):
    """Add a condition: a kind of rule with its number, and a text for people."""
    budget = load_budget(budget_id)
    form = ConditionForm(prefix="condition")
    if not form.validate_on_submit():
        return edit_page(budget, condition=form)
    try:
        services.add_condition(budget, current_user, form.kind.data, form.text.data, cents=form.amount.data,
                               percent=form.percent.data, number=form.number.data,
                               categories=",".join(form.categories.data or []), day=parse_date(form.day.data))
    except services.LastDayTaken as taken:
        form.kind.errors = [_("This budget already has a last day to apply: %(day)s. Remove that one first if you "
                              "want another day.", day=format_date(taken.day, "d MMMM y") if taken.day else "")]
        return edit_page(budget, condition=form)
    flash_at("conditions", _("Condition added."))
    return redirect(url_for("budget.edit_budget", budget_id=budget.id, _anchor="conditions"), 303)


@bp.post("/budget/<int:budget_id>/phases")
@role_required("coordinator")
def add_phase(budget_id: int):
    """Add a phase with its dates."""
    budget = load_budget(budget_id)
    form = PhaseForm(prefix="phase")
    if not form.validate_on_submit():
        return edit_page(budget, phase=form)
    services.add_phase(budget, current_user, form.name.data, parse_date(form.starts_on.data),
                       parse_date(form.ends_on.data))
    flash_at("phases", _("Phase added."))
    return redirect(url_for("budget.edit_budget", budget_id=budget.id, _anchor="phases"), 303)


@bp.post("/budget/<int:budget_id>/examples")
@role_required("coordinator")
def add_example(budget_id: int):
    """Add an example of what is possible, with the initiative that did it."""
    budget = load_budget(budget_id)
    form = ExampleForm(prefix="example")
    form.initiative.fill(current_user, [(0, _("None"))])
    if not form.validate_on_submit():
        return edit_page(budget, example=form)
    initiative = initiatives.get_visible(parse_id(form.initiative.data), current_user)
    services.add_example(budget, current_user, form.text.data, initiative.id if initiative else None)
    flash_at("examples", _("Example added."))
    return redirect(url_for("budget.edit_budget", budget_id=budget.id, _anchor="examples"), 303)


REMOVERS = {"conditions": services.remove_condition, "phases": services.remove_phase,
            "examples": services.remove_example}


@bp.post("/budget/<int:budget_id>/<part>/<int:item_id>/remove")
@role_required("coordinator")
def remove_part(budget_id: int, part: str, item_id: int):
    """Remove a condition, phase or example (what it said stays in the history)."""
    budget = load_budget(budget_id)
    if part not in REMOVERS or not EmptyForm().validate_on_submit():
        abort(400)
    if REMOVERS[part](budget, current_user, item_id):
        flash_at(part, _("Removed. The history keeps what it said."))
    return redirect(url_for("budget.edit_budget", budget_id=budget.id, _anchor=part), 303)


@bp.get("/budget/<int:budget_id>")
def show_budget(budget_id: int):
    """Show a budget's applications (those you may see) with what they ask and what they got."""
    budget = load_budget(budget_id)
    applications = services.applications_of(budget.id, current_user)
    until = services.apply_until(budget.id)
    return render_template("budget/budget.html", budget=budget, applications=applications, rules=rules,
                           names=services.initiative_names(applications), until=until,
                           closed=services.closed(until), can_apply=can_apply())


@bp.get("/budget/<int:budget_id>/progress")
def show_progress(budget_id: int):
    """Show what the money brought about: per granted plan its tasks, events, applause and new members; together
    the residents who did a task and the hours of volunteer work, next to the money spent."""
    budget = load_budget(budget_id)
    return render_template("budget/progress.html", budget=budget, progress=services.progress(budget, current_user))


bp.add_app_template_global(rules.template_euros, "euros")
