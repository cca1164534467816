"""Log-in, log-out, registration, password change and reset, profile, and role admin."""

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.accounts import bp, services
from portal.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    PhoneForm,
    ProfileForm,
    RoleForm,
)
from portal.accounts.models import User
from portal.accounts.readable import readable
from portal.extensions import db, limiter
from portal.htmx import hx_redirect
from portal.messages import flash_at
from portal.params import arg_id
from portal.permissions import get_or_404_for, role_required
from portal.web import local_path

USERS_PER_PAGE = 50


def _safe_next(default: str) -> str:
    """Return the `next` address when it stays on this site, else `default`."""
    return local_path(request.values.get("next"), default)


def log_in_here(user: User) -> None:
    """Start a session for `user`, a kiosk's short one on a kiosk computer."""
    services.start_session(user, kiosk=services.on_shared_computer())


def login_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
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
            log_in_here(user)
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


def _wrong_password(field, wait: int, message: str) -> int:
    """Put the message for a wrong (or throttled) password at `field`; return the status to answer."""
    if wait:
        field.errors.append(_("Too many wrong tries. Wait 15 minutes and try again."))
        return 429
    field.errors.append(message)
    return 422


def _answer(template: str, status: int, wait: int = 0, **context):
    response = current_app.make_response((render_template(template, **context), status))
    if wait:
        response.headers["Retry-After"] = str(wait)
    return response


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
        right, wait = services.check_own_password(current_user, form.current_password.data)
        if right:
            services.set_password(current_user, form.password.data)
            db.session.commit()
            flash(_("Your password is changed. You are logged out on other devices."), "ok")
            return redirect(url_for("accounts.account"), 303)
        return _answer("accounts/password.html", _wrong_password(
            form.current_password, wait, _("This is not your current password.")), wait, form=form)
    return render_template("accounts/password.html", form=form), 422 if form.errors else 200


PHONE_REFUSALS = {
    "taken": lambda: _("Another account already has this number. Is it your number? Ask at the buurthuis desk: "
                       "they check who you are and can free it."),
    "needed": lambda: _("You log in with your phone number and have no e-mail address, so your account needs "
                        "a number."),
}


@bp.route("/account/phone", methods=["GET", "POST"])
@login_required
def change_phone():
    """Add, change or remove your phone number (you log in with it); your password says it is you."""
    form = PhoneForm(data={"phone": current_user.phone or ""} if request.method == "GET" else None)
    if form.validate_on_submit():
        right, wait = services.check_own_password(current_user, form.current_password.data)
        if not right:
            return _answer("accounts/phone.html", _wrong_password(
                form.current_password, wait, _("This is not your password.")), wait, form=form)
        result = services.set_phone(current_user, form.phone.data)
        if result == "ok":
            flash(_("Your phone number is saved.") if current_user.phone else _("Your phone number is removed."),
                  "ok")
            return redirect(url_for("accounts.account", _anchor="phone"), 303)
        form.phone.errors.append(PHONE_REFUSALS[result]())
    return render_template("accounts/phone.html", form=form), 422 if form.errors else 200


@bp.get("/admin/users")
@role_required("admin")
def list_users():
    """List accounts, 50 at a time, with their roles."""
    after = arg_id("after") or 0
    users = services.users_after(after, USERS_PER_PAGE)
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
    # The answer stands at that person's row, and the page comes back there, not at the top of the list.
    if form.validate_on_submit():
        if user.id == current_user.id and form.role.data != "admin":
            flash_at(user.dom_id, _("You cannot take away your own administrator role."), "error")
        else:
            user.role = form.role.data
            services.end_other_sessions(user, keep_current=False)
            db.session.commit()
            flash_at(user.dom_id, _("%(name)s is now: %(role)s.", name=user.name,
                                    role=dict(form.role.choices)[user.role]))
    else:
        flash_at(user.dom_id, _("Choose a role from the list."), "error")
    return redirect(url_for("accounts.list_users", after=arg_id("after"), _anchor=user.dom_id), 303)


@bp.get("/account/data")
@login_required
def show_data():
    """Show everything Buurtbouw keeps about you, as a readable page."""
    return render_template("accounts/data.html", sections=readable(services.export_user_data(current_user)))


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
        right, wait = services.check_own_password(current_user, form.password.data)
        if right:
            user = current_user._get_current_object()
            services.end_session()
            services.delete_account(user)
            db.session.commit()
            flash(_("Your account is deleted. Thank you for all you did for the neighbourhood."), "ok")
            response = redirect(url_for("core.home"), 303)
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
            return response
        return _answer("accounts/delete.html", _wrong_password(
            form.password, wait, _("This is not your password.")), wait, form=form)
    return render_template("accounts/delete.html", form=form), 422 if form.errors else 200
