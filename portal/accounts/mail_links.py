"""Registration and password reset: the pages that work through a secret link sent by e-mail.

The answer never tells whether an address has an account; the mail goes into the outbox and leaves after the
answer. A mailed link puts its secret in the session and redirects to an address without it, so the secret stays
out of access logs and Referer headers; a GET there changes nothing (mail scanners open links), a button confirms.
"""

import hashlib

from flask import flash, redirect, render_template, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts import bp, services
from portal.accounts.forms import ForgotPasswordForm, RegisterForm, ResetPasswordForm
from portal.accounts.phones import looks_like_email
from portal.accounts.views import log_in_here, login_limit
from portal.core.urls import public_url_for
from portal.extensions import db, limiter
from portal.forms import EmptyForm
from portal.htmx import hx_redirect
from portal.i18n import select_locale
from portal.mail import queue_mail

MAX_TOKEN = 100


def _key(purpose: str, token: str) -> str:
    """Name a mail by the link it carries (a digest, never the secret itself), so it is queued once."""
    return f"{purpose}:{hashlib.sha256(token.encode()).hexdigest()[:24]}"


def _open_link(session_key: str, token: str, endpoint: str):
    """Take the secret from a mailed link into the session, and move on to `endpoint`, an address without it."""
    session[session_key] = token[:MAX_TOKEN]  # a longer one is no secret of ours; the cookie stays small
    return redirect(url_for(endpoint), 303)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def register():
    """Ask for an account: a mail confirms the address (the answer is the same when it has an account)."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"), 303)
    form = RegisterForm()
    if form.validate_on_submit():
        if not looks_like_email(form.email.data):
            return _register_with_phone(form)
        token, existing = services.request_registration(form.email.data, form.name.data, form.password.data,
                                                        language=select_locale())
        if existing is not None:
            with force_locale(existing.language):
                queue_mail(_key(f"register-existing:{existing.id}", token), existing.email,
                           _("Someone tried to make an account with your address"), _(
                    "Hello %(name)s,\n\nSomeone tried to make a Buurtbouw account with this e-mail address, "
                    "but you have one already. Was it you? Log in here:\n%(login)s\n\n"
                    "Forgot your password? Choose a new one within one hour with this link:\n%(link)s\n\n"
                    "Was it not you? Then you can ignore this e-mail; nothing has changed.",
                    name=existing.name, login=public_url_for("accounts.login"),
                    link=public_url_for("accounts.open_reset_link", token=token)))
        else:
            queue_mail(_key("register", token), form.email.data.strip(), _("Confirm your Buurtbouw account"), _(
                "Hello %(name)s,\n\nConfirm your account within two days with this link:\n%(link)s\n\n"
                "Did you not ask for an account? Then you can ignore this e-mail.",
                name=form.name.data.strip(), link=public_url_for("accounts.open_confirm_link", token=token)))
        db.session.commit()
        return hx_redirect(url_for("accounts.registration_sent"))
    return render_template("accounts/register.html", form=form), 422 if form.errors else 200


def _register_with_phone(form: RegisterForm):
    """Make an account reached by phone: it works at once, as nothing can be sent to the phone to confirm it."""
    user = services.register_with_phone(form.email.data, form.name.data, form.password.data, select_locale())
    if user is None:
        form.email.errors.append(_("This phone number has an account already. Log in, or ask at the buurthuis "
                                   "desk for a new password."))
        return render_template("accounts/register.html", form=form), 422
    log_in_here(user)
    flash(_("Welcome to the neighbourhood, %(name)s!", name=user.name), "ok")
    return hx_redirect(url_for("core.home"))


@bp.get("/register/sent")
def registration_sent():
    """Tell the person to look in their mailbox."""
    return render_template("accounts/check_mail.html")


@bp.get("/register/confirm/<token>")
def open_confirm_link(token: str):
    """Keep the secret of a confirmation link and move on to the confirm button."""
    return _open_link("register_token", token, "accounts.confirm_registration")


@bp.route("/register/confirm", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def confirm_registration():
    """Confirm a registration with one button (a GET changes nothing, so mail scanners cannot confirm)."""
    row = services.pending_registration(session.get("register_token"))
    if row is None:
        flash(_("This link is old or was used already. Register again, or log in."), "error")
        return redirect(url_for("accounts.register"), 303)
    form = EmptyForm()
    if form.validate_on_submit():
        user = services.confirm_registration(row)
        session.pop("register_token", None)
        if user is None:
            flash(_("This address has an account already. Log in, or ask for a new password."), "error")
            return redirect(url_for("accounts.login"), 303)
        log_in_here(user)
        flash(_("Welcome to the neighbourhood, %(name)s!", name=user.name), "ok")
        return redirect(url_for("core.home"), 303)
    return render_template("accounts/confirm.html", form=form, name=row.name, email=row.email)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def forgot_password():
    """Ask for an e-mail with a link to choose a new password."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user:
            token = services.make_reset_token(user)
            link = public_url_for("accounts.open_reset_link", token=token)
            with force_locale(user.language):
                queue_mail(_key(f"reset:{user.id}", token), user.email, _("A new password for Buurtbouw"), _(
                    "Hello %(name)s,\n\nChoose a new password within one hour with this link:\n%(link)s\n\n"
                    "Did you not ask for this? Then you can ignore this e-mail.", name=user.name, link=link))
            db.session.commit()
        # The same answer, as fast, whether or not the address has an account.
        flash(_("If this address has an account, we sent an e-mail with a link. Look in your mailbox."), "ok")
        return redirect(url_for("accounts.login"), 303)
    return render_template("accounts/forgot.html", form=form), 422 if form.errors else 200


@bp.get("/password/reset/<token>")
def open_reset_link(token: str):
    """Keep the secret of a reset link and move on to the new-password form."""
    return _open_link("reset_token", token, "accounts.reset_password")


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def reset_password():
    """Choose a new password with the link from the e-mail (its secret waits in the session)."""
    user = services.user_from_reset_token(session.get("reset_token"))
    if user is None:
        flash(_("This link is old or was used already. Ask for a new one."), "error")
        return redirect(url_for("accounts.forgot_password"), 303)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)  # this also voids every reset link of the account
        services.end_other_sessions(user, keep_current=False)
        session.pop("reset_token", None)
        db.session.commit()
        flash(_("Your new password is saved. You can log in now."), "ok")
        return redirect(url_for("accounts.login"), 303)
    return render_template("accounts/reset.html", form=form), 422 if form.errors else 200
