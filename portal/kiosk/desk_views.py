"""The buurthuis desk: a librarian or coordinator prints a one-time password code for a resident without e-mail."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts import services as accounts
from portal.accounts.models import User
from portal.core import time as clock
from portal.core.urls import public_url_for
from portal.kiosk import bp
from portal.kiosk.forms import DeskCodeForm, FreePhoneForm
from portal.permissions import get_or_404_for, role_required

DESK_ROLES = ("librarian", "coordinator")


def _desk_page(form: DeskCodeForm | None = None, chosen: User | None = None, status: int = 200,
               free_form: FreePhoneForm | None = None):
    query = request.values.get("q", "").replace("\x00", "")[:80]
    people = [chosen] if chosen else accounts.find_at_desk(query)
    return render_template("kiosk/desk_codes.html", query=query, people=people, form=form or DeskCodeForm(),
                           free_form=free_form or FreePhoneForm(), chosen=chosen.id if chosen else None,
                           freeing=chosen.id if chosen and free_form else None), status


@bp.get("/desk/password-codes")
@role_required(*DESK_ROLES)
def desk_codes():
    """Look a resident up by phone or name, to print them a code for a new password."""
    return _desk_page()


@bp.post("/desk/password-codes/<int:user_id>")
@role_required(*DESK_ROLES)
def issue_desk_code(user_id: int):
    """Print a one-time code for this person, once the librarian ticked that they checked who it is."""
    person = get_or_404_for(User, user_id)
    form = DeskCodeForm()
    if not form.validate_on_submit():
        return _desk_page(form, chosen=person, status=422)
    session["desk_slip"] = {"code": accounts.issue_desk_code(person, current_user), "user": person.id}
    return redirect(url_for("kiosk.desk_slip"), 303)


@bp.get("/desk/password-codes/slip")
@role_required(*DESK_ROLES)
def desk_slip():
    """Show the slip with the code, once: the code is kept nowhere, so a reload shows it no more."""
    slip = session.pop("desk_slip", None)
    person = accounts.get_user(slip["user"]) if isinstance(slip, dict) else None
    if person is None:
        flash(_("This slip was shown already. Print a new code if the person needs one."), "error")
        return redirect(url_for("kiosk.desk_codes"), 303)
    return render_template("kiosk/desk_slip.html", person=person, code=slip["code"],
                           until=clock.utcnow() + accounts.DESK_CODE_LIFETIME,
                           reset_url=public_url_for("accounts.reset_with_code"))


FREED = {
    "freed": lambda: _("The number is free. The other account goes on with its e-mail address (it got a mail "
                       "about this). The owner can now register with the number or add it to their account."),
    "closed": lambda: _("The number is free, and the other account is closed: it had no e-mail address. The owner "
                        "can now register with the number or add it to their account."),
}
NOT_FREED = {
    "confirm": lambda: _("This account has no e-mail address: freeing the number closes it. Tick the box if that "
                         "is right."),
    "staff": lambda: _("This is the account of someone who works for the buurthuis, without e-mail. Ask an "
                       "administrator."),
}


@bp.post("/desk/password-codes/<int:user_id>/free-phone")
@role_required(*DESK_ROLES)
def free_phone(user_id: int):
    """Free a phone number from the account that holds it, once the desk checked it is the person's in front of
    them: the account goes on with its e-mail, or (without one, only when the desk agrees) is closed. Logged."""
    holder = get_or_404_for(User, user_id)
    form = FreePhoneForm()
    if form.validate_on_submit():
        result = accounts.free_phone(holder, current_user, close=form.close.data)
        if result in FREED or result == "none":  # none: freed already (by a colleague, a moment ago)
            flash(FREED[result]() if result in FREED else _("This account has no phone number."),
                  "ok" if result in FREED else "error")
            return redirect(url_for("kiosk.desk_codes"), 303)
        (form.close if result == "confirm" else form.owner_checked).errors.append(NOT_FREED[result]())
    return _desk_page(chosen=holder, status=422, free_form=form)
