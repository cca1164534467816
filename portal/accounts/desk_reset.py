"""A new password with a code from the buurthuis desk, for residents without e-mail (the desk prints the code)."""

from flask import flash, render_template, url_for
from flask_babel import gettext as _

from portal.accounts import bp, services
from portal.accounts.forms import DeskCodeResetForm
from portal.accounts.views import _answer, login_limit
from portal.extensions import limiter
from portal.htmx import hx_redirect

REFUSALS = {
    "wrong": lambda: _("This code is not right. Look at the slip again, or ask the desk for a new one."),
    "other": lambda: _("This code is not for this phone number. Check the phone number on the slip."),
    "used": lambda: _("This code was used already. Ask the desk for a new one."),
    "late": lambda: _("This code is older than 24 hours. Ask the desk for a new one."),
}


@bp.route("/password/code", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def reset_with_code():
    """Choose a new password with your phone number and the code on the slip from the buurthuis desk."""
    form = DeskCodeResetForm()
    if form.validate_on_submit():
        wait = services.seconds_locked(form.phone.data)
        if wait:
            form.code.errors.append(_("Too many wrong tries. Wait 15 minutes and try again."))
            return _answer("accounts/desk_reset.html", 429, wait, form=form)
        result = services.redeem_desk_code(form.phone.data, form.code.data, form.password.data)
        if result == "ok":
            flash(_("Your new password is saved. You can log in now."), "ok")
            return hx_redirect(url_for("accounts.login"))
        services.record_failure(form.phone.data)
        form.code.errors.append(REFUSALS[result]())
        return render_template("accounts/desk_reset.html", form=form), 422
    return render_template("accounts/desk_reset.html", form=form), 422 if form.errors else 200
