"""Forms for log-in, registration, passwords, profile and roles."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, Optional, ValidationError

from portal.accounts.phones import looks_like_email, normal_phone
from portal.accounts.services import is_common_password
from portal.forms import BaseForm, max_length, required, visible_name
from portal.i18n import LANGUAGE_NAMES
from portal.permissions import ROLES

PASSWORD_HINT = _l("At least 8 characters. A sentence you remember works well.")


def email_field(label=None):
    return EmailField(label or _l("E-mail address"),
                      validators=[required(), max_length(254),
                                  Email(message=_l("This is not an e-mail address."),
                                        check_deliverability=False)])


PHONE_HINT = _l("Write a Dutch phone number, like 06 12345678 or +31 6 12345678.")


class EmailOrPhone:
    """An e-mail address (it has an @), or a Dutch phone number in any of its usual forms."""

    def __init__(self):
        self.email = Email(message=_l("This is not an e-mail address."), check_deliverability=False)

    def __call__(self, form, field):
        if looks_like_email(field.data):
            self.email(form, field)
        elif normal_phone(field.data) is None:
            raise ValidationError(_l("This is no e-mail address and no Dutch phone number. %(hint)s",
                                     hint=PHONE_HINT))


def email_or_phone_field(description=None):
    return StringField(_l("E-mail address or phone number"), description=description,
                       render_kw={"autocomplete": "username"},
                       validators=[required(), max_length(254), EmailOrPhone()])


def phone_field(label=None):
    return StringField(label or _l("Phone number"), description=PHONE_HINT, render_kw={"type": "tel"},
                       validators=[required(), max_length(40), PhoneNumber()])


class PhoneNumber:
    def __call__(self, form, field):
        if normal_phone(field.data) is None:
            raise ValidationError(_l("This is not a Dutch phone number. %(hint)s", hint=PHONE_HINT))


def new_password_field(label=None):
    return PasswordField(label or _l("Password"), description=PASSWORD_HINT,
                         validators=[required(), max_length(128, minimum=8)])


class NewPasswordMixin:
    def validate_password(self, field):
        if is_common_password(field.data):
            raise ValidationError(_l("Many people use this password. Choose another one."))


class LoginForm(BaseForm):
    email = email_or_phone_field()
    password = PasswordField(_l("Password"), validators=[required(), max_length(128)])


class RegisterForm(NewPasswordMixin, BaseForm):
    name = StringField(_l("Your name"), description=_l("How neighbours will see you."),
                       validators=[required(), max_length(80), visible_name()])
    email = email_or_phone_field(_l("No e-mail? Then write your phone number. We send nothing to it; if you "
                                    "forget your password, the buurthuis desk helps you."))
    password = new_password_field()


class ChangePasswordForm(NewPasswordMixin, BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[required(), max_length(128)])
    password = new_password_field(_l("New password"))


class PhoneForm(BaseForm):
    phone = StringField(_l("Phone number"), description=_l("%(hint)s Leave it empty to remove your number.",
                                                           hint=PHONE_HINT),
                        render_kw={"type": "tel", "autocomplete": "tel"},
                        validators=[Optional(), max_length(40), PhoneNumber()])
    current_password = PasswordField(_l("Your password, to be sure it is you"),
                                     validators=[required(), max_length(128)])


class ForgotPasswordForm(BaseForm):
    email = email_field()


class DeskCodeResetForm(NewPasswordMixin, BaseForm):
    phone = phone_field()
    code = StringField(_l("Code from the slip"), validators=[required(), max_length(40)],
                       render_kw={"autocomplete": "one-time-code", "autocapitalize": "characters"})
    password = new_password_field(_l("New password"))


class ResetPasswordForm(NewPasswordMixin, BaseForm):
    password = new_password_field(_l("New password"))


class ProfileForm(BaseForm):
    name = StringField(_l("Your name"), validators=[required(), max_length(80), visible_name()])
    language = SelectField(_l("Language"), choices=list(LANGUAGE_NAMES.items()))
    show_name_in_public = BooleanField(
        _l("Show my name on the public wall, feeds and printed sheets"),
        description=_l("Without this, public views say \"a neighbour\" instead of your name."))


ROLE_LABELS = {
    "resident": _l("Resident"),
    "librarian": _l("Librarian"),
    "coordinator": _l("Coordinator"),
    "admin": _l("Administrator"),
}


class RoleForm(BaseForm):
    role = SelectField(_l("Role"), choices=[(role, ROLE_LABELS[role]) for role in ROLES])


class DeleteAccountForm(BaseForm):
    password = PasswordField(_l("Your password, to be sure it is you"), validators=[required(), max_length(128)])
