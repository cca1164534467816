"""The weekly digest by e-mail: signing up or off on the account page, and the one-click unsubscribe link."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.extensions import csrf
from portal.messages import flash_at
from portal.paper import bp, digest


@bp.post("/account/buurtbericht")
@login_required
def digest_choice():
    """Sign up for the weekly Buurtbericht by e-mail (want=1), or stop it (want=0)."""
    wanted = request.form.get("want") == "1"
    digest.set_subscribed(current_user.id, wanted)
    # The answer stands in the box of the button (#digest), not at the top of a long account page.
    flash_at("digest", _("From next Monday you get the Buurtbericht by e-mail.") if wanted
             else _("You will no longer get the Buurtbericht by e-mail."))
    return redirect(url_for("accounts.account", _anchor="digest"), 303)


@bp.route("/buurtbericht/afmelden/<string(maxlength=300):token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """Stop the digest without logging in: GET asks with one button, POST stops it (also the one-click POST mail
    programs send for the List-Unsubscribe-Post header). A forged, damaged or old link changes nothing."""
    if request.method == "GET":
        outcome, _user = digest.check_token(token)
        outcome = "ask" if outcome == "ok" else outcome
    else:
        outcome = digest.unsubscribe_by_token(token)
    status = 400 if outcome in ("invalid", "expired") else 200
    return render_template("paper/unsubscribe.html", outcome=outcome), status


# No CSRF token here, on purpose and only here: mail programs send the one-click unsubscribe (RFC 8058) as a bare
# POST without a session or a form token. The signed token in the address is the proof instead: only the person
# who got the mail has it, it names one sign-up and can do nothing but end that sign-up.
csrf.exempt(unsubscribe)
