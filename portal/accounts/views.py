"""Log-in, log-out, registration, password change and reset, profile, and role admin."""

import hashlib

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from portal.accounts import bp, services
from portal.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    RoleForm,
)
from portal.accounts.models import User
from portal.core.urls import public_url_for
from portal.extensions import db, limiter
from portal.htmx import hx_redirect
from portal.i18n import select_locale
from portal.mail import queue_mail
from portal.params import arg_id
from portal.permissions import get_or_404_for, role_required
from portal.web import local_path

USERS_PER_PAGE = 50


def _safe_next(default: str) -> str:
    """Return the `next` address when it stays on this site, else `default`."""
    return local_path(request.values.get("next"), default)


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(_safe_next(url_for("core.home")), 303)
    form = LoginForm()
    if form.validate_on_submit():
        wait = services.seconds_locked(form.email.data)
        if wait:
            response = current_app.make_response((render_template(
                "accounts/login.html", form=form, locked=True), 429))
            response.headers["Retry-After"] = str(wait)
            return response
        user = services.authenticate(form.email.data, form.password.data)
        if user:
            services.start_session(user, kiosk=services.on_shared_computer())
            current_app.logger.info("log-in ok user=%s", user.id)
            flash(_("Welcome, %(name)s.", name=user.name), "ok")
            return hx_redirect(_safe_next(url_for("core.home")))
        current_app.logger.info("log-in failed")
        form.password.errors.append(_("E-mail address or password is not right."))
    status = 422 if form.errors else 200
    return render_template("accounts/login.html", form=form, locked=False), status


@bp.post("/logout")
def logout():
    """Log out here, and tell the browser to drop what it kept of this site."""
    services.end_session()
    flash(_("You are logged out."), "ok")
    response = hx_redirect(url_for("core.home"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def register():
    """Create a resident account."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"), 303)
    form = RegisterForm()
    if form.validate_on_submit():
        user = services.create_user(form.email.data, form.name.data, form.password.data,
                                    language=select_locale())
        db.session.commit()
        services.start_session(user)
        flash(_("Welcome to the neighbourhood, %(name)s!", name=user.name), "ok")
        return hx_redirect(url_for("core.home"))
    return render_template("accounts/register.html", form=form), 422 if form.errors else 200


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Show and change your own name, language and privacy choice."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        form.populate_obj(current_user)
        db.session.commit()
        flash(_("Your changes are saved."), "ok")
        return redirect(url_for("accounts.account"), 303)
    return render_template("accounts/account.html", form=form), 422 if form.errors else 200


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change your password; this logs you out everywhere else."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if services.check_password(current_user, form.current_password.data):
            services.set_password(current_user, form.password.data)
            db.session.commit()
            flash(_("Your password is changed. You are logged out on other devices."), "ok")
            return redirect(url_for("accounts.account"), 303)
        form.current_password.errors.append(_("This is not your current password."))
    return render_template("accounts/password.html", form=form), 422 if form.errors else 200


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    """Ask for an e-mail with a link to choose a new password."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user:
            token = services.make_reset_token(user)
            link = public_url_for("accounts.reset_password", token=token)
            with force_locale(user.language):
                queue_mail(f"reset:{user.id}:{hashlib.sha256(token.encode()).hexdigest()[:16]}", user.email,
                           _("A new password for Buurtbouw"),
                           _("Hello %(name)s,\n\nChoose a new password within one hour with this link:\n%(link)s\n\n"
                             "Did you not ask for this? Then you can ignore this e-mail.", name=user.name, link=link))
            db.session.commit()
        # The same answer whether or not the address has an account.
        flash(_("If this address has an account, we sent an e-mail with a link. Look in your mailbox."), "ok")
        return redirect(url_for("accounts.login"), 303)
    return render_template("accounts/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password with the link from the e-mail."""
    user = services.user_from_reset_token(token)
    if user is None:
        flash(_("This link is old or was used already. Ask for a new one."), "error")
        return redirect(url_for("accounts.forgot_password"), 303)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        services.end_other_sessions(user, keep_current=False)
        db.session.commit()
        flash(_("Your new password is saved. You can log in now."), "ok")
        return redirect(url_for("accounts.login"), 303)
    return render_template("accounts/reset.html", form=form), 422 if form.errors else 200


@bp.get("/admin/users")
@role_required("admin")
def list_users():
    """List accounts, 50 at a time, with their roles."""
    after = arg_id("after") or 0
    users = db.session.scalars(
        select(User).where(User.id > after).order_by(User.id).limit(USERS_PER_PAGE + 1)).all()
    more = len(users) > USERS_PER_PAGE
    users = users[:USERS_PER_PAGE]
    forms = {user.id: RoleForm(obj=user, prefix=f"u{user.id}") for user in users}
    return render_template("accounts/users.html", users=users, forms=forms,
                           next_after=users[-1].id if more else None)


@bp.post("/admin/users/<int:user_id>/role")
@role_required("admin")
def set_role(user_id: int):
    """Give a user another role; their sessions end so the change counts at once."""
    user = get_or_404_for(User, user_id)
    form = RoleForm(prefix=f"u{user.id}")
    if form.validate_on_submit():
        if user.id == current_user.id and form.role.data != "admin":
            flash(_("You cannot take away your own administrator role."), "error")
        else:
            user.role = form.role.data
            services.end_other_sessions(user, keep_current=False)
            db.session.commit()
            flash(_("%(name)s is now: %(role)s.", name=user.name, role=dict(form.role.choices)[user.role]), "ok")
    else:
        flash(_("Choose a role from the list."), "error")
    return redirect(url_for("accounts.list_users", after=arg_id("after")), 303)


@bp.get("/account/data.json")
@login_required
def export_data():
    """Download everything Buurtbouw keeps about you, as JSON."""
    response = jsonify(services.export_user_data(current_user))
    response.headers["Content-Disposition"] = "attachment; filename=buurtbouw-my-data.json"
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Delete your account and log out everywhere."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if services.check_password(current_user, form.password.data):
            user = current_user._get_current_object()
            services.end_session()
            services.delete_account(user)
            db.session.commit()
            flash(_("Your account is deleted. Thank you for all you did for the neighbourhood."), "ok")
            response = redirect(url_for("core.home"), 303)
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
            return response
        form.password.errors.append(_("This is not your password."))
    return render_template("accounts/delete.html", form=form), 422 if form.errors else 200
