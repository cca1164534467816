"""The admin page of the outbox: mail that waits, is being sent, or failed, with the reason."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.db import utcnow
from portal.forms import EmptyForm
from portal.mail import bp, outbox
from portal.permissions import role_required

PER_PAGE = 50
MAX_ID = 2**31 - 1


@bp.get("/admin/mail")
@role_required("admin")
def list_mail():
    """List mail that is not sent yet, newest first, 50 at a time."""
    before = request.args.get("before", MAX_ID, type=int)
    before = before if 0 < before <= MAX_ID else MAX_ID
    mails = outbox.unsent_page(before, PER_PAGE)
    more = len(mails) > PER_PAGE
    mails = mails[:PER_PAGE]
    return render_template("mail/list.html", mails=mails, form=EmptyForm(), now=utcnow(),
                           next_before=mails[-1].id if more else None)


@bp.post("/admin/mail/<int:mail_id>/retry")
@role_required("admin")
def retry_mail(mail_id: int):
    """Try a failed or stuck mail again at once."""
    if EmptyForm().validate_on_submit():
        if outbox.retry(mail_id):
            g._mail_queued = True  # sent after this request, like any new mail
            flash(_("The mail is sent again."), "ok")
    return redirect(url_for("mail.list_mail"), 303)
