"""The ledger: spendings booked on a grant, a budget's money page (totals, keyset-paged lines), the CSV export for
the treasurer, the A4 public report, and receipts for the people who may see them."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, send_file, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.budget import bp, ledger, rules, services
from portal.budget.application_views import application_page, load_application, may_edit
from portal.budget.forms import SpendingForm
from portal.budget.models import Budget, Entry
from portal.messages import flash_at
from portal.params import arg_id, parse_date
from portal.permissions import get_or_404_for, has_role


@bp.post("/budget/applications/<int:application_id>/spendings")
@login_required
def add_spending(application_id: int):
    """Book a spending on a grant (the initiative's members, coordinators); a broken condition refuses it, unless
    a coordinator gives the reason to book it anyway."""
    application = load_application(application_id)
    if not (may_edit(application) or has_role(current_user, "coordinator")):
        abort(403)
    form = SpendingForm()
    form.most = get_or_404_for(Budget, application.budget_id).amount_cents
    if not form.validate_on_submit():
        return application_page(application, spending=form)
    receipt = None
    if form.receipt.data and getattr(form.receipt.data, "filename", ""):
        try:
            receipt = ledger.check_receipt(form.receipt.data)
        except ledger.ReceiptError as error:
            form.receipt.errors = [str(error)]
            return application_page(application, spending=form)
    problems = ledger.add_spending(application, current_user, parse_date(form.day.data), form.amount.data,
                                   form.category.data, form.description.data, receipt, form.override.data or "")
    if problems:
        if receipt:  # a browser cannot keep a chosen file: say so where it was chosen
            form.receipt.errors = [_("Nothing was saved, this receipt neither: choose it again.")]
        return application_page(application, spending=form, problems=problems)
    flash_at(f"spendings-{application.id}", _("Booked: %(amount)s.", amount=rules.euros(form.amount.data)))
    return redirect(url_for("budget.show_application", application_id=application.id, _anchor="spendings"), 303)


@bp.get("/budget/<int:budget_id>/ledger")
def show_ledger(budget_id: int):
    """Show where a budget's money went: totals per category and initiative, and every line, newest first."""
    budget = get_or_404_for(Budget, budget_id, load=services.get_budget)
    entries, before = ledger.page(budget.id, current_user, arg_id("before"))
    totals, names = ledger.totals_and_names(budget.id, current_user, {entry.initiative_id for entry in entries})
    return render_template("budget/ledger.html", budget=budget, totals=totals, entries=entries, before=before,
                           names=names, rules=rules, labels=rules.category_labels())


@bp.get("/budget/<int:budget_id>/report")
def ledger_report(budget_id: int):
    """Show a budget's public money report on A4: the goal, totals, per initiative and per category."""
    budget = get_or_404_for(Budget, budget_id)
    return render_template("budget/report.html", budget=budget, totals=ledger.totals(budget.id, current_user),
                           rules=rules, labels=rules.category_labels())


@bp.get("/budget/<int:budget_id>/ledger.csv")
def ledger_csv(budget_id: int):
    """Export the ledger for the treasurer: ";"-separated, comma decimals, UTF-8 with BOM; streamed."""
    budget = get_or_404_for(Budget, budget_id)
    labels = {"day": _("Date"), "kind": _("Kind"), "initiative": _("Initiative"), "category": _("Category"),
              "description": _("Description"), "amount": _("Amount (euro)")}
    labels.update({key: str(value) for key, value in rules.CATEGORY_LABELS.items()})
    kinds = {"grant": _("Grant"), "spending": _("Spending")}
    lines = ledger.csv_lines(budget.id, current_user, labels, kinds)
    response = Response(stream_with_context(line.encode("utf-8") for line in lines),
                        mimetype="text/csv", headers={"Cache-Control": "no-store"})
    response.headers["Content-Disposition"] = f'attachment; filename="budget-{budget.id}.csv"'
    response.charset = "utf-8"
    return response


@bp.get("/budget/receipts/<int:entry_id>")
@login_required
def download_receipt(entry_id: int):
    """Send a receipt as a download (never shown inline), to coordinators and the initiative's members only."""
    entry = get_or_404_for(Entry, entry_id, load=lambda ident: ledger.get_visible_entry(ident, current_user))
    if not ledger.can_see_receipt(entry, current_user):
        abort(403)
    path = ledger.receipt_path(entry)
    if path is None or entry.receipt_kind is None:
        return redirect(url_for("budget.show_application", application_id=entry.application_id), 303)
    response = send_file(path, mimetype=ledger.MIMETYPES[entry.receipt_kind], as_attachment=True,
                         download_name=f"receipt-{entry.id}.{entry.receipt_kind.replace('jpeg', 'jpg')}")
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response

