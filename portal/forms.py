"""Form pieces every feature shares."""

import decimal
import re
import secrets
import unicodedata
from datetime import date

from babel import numbers
from flask import g
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, StopValidation, ValidationError
from wtforms.widgets import TextInput

from portal.htmx import is_htmx
from portal.i18n import format_date
from portal.params import clean_line, clean_text

# Control, format (zero-width, direction overrides), private-use, surrogate, unassigned and line/paragraph
# separator characters: invisible, or able to turn the text around them, so a name can look like another.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


class BaseForm(FlaskForm):
    """The form every feature uses: what people type loses its control characters before anything reads it.

    One-line fields lose them all (a CR in a title would break a calendar feed or a mail header), multi-line
    fields keep tabs and line ends; PostgreSQL refuses a NUL in text, so none reaches it. Passwords stay as typed.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            cleaner = None
            if issubclass(field_class, TextAreaField):
                cleaner = clean_text
            elif issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                cleaner = clean_line
            if cleaner is not None:
                options = {**options, "filters": [cleaner, *unbound_field.kwargs.get("filters", ())]}
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None) -> bool:
        """Check the form; a post by a field's search button (a choice narrowed by name) is no submit: the page
        comes back with what was typed and no messages, and nothing is saved."""
        if any(getattr(field, "searching", False) for field in self):
            return False
        return super().validate(extra_validators)


def error_takes_focus(summary: bool = False) -> bool:
    """Note that the page shows a refused form; tell whether this error (a field's, or a form's `summary`) is the
    first on the page, which takes the focus (`autofocus`): the page opens at it and a screen reader reads it.

    A new page focuses its error summary; a form that htmx swapped in place focuses its first refused field.
    """
    if summary and is_htmx():
        return False
    first = not g.get("_form_refused", False)
    g._form_refused = True
    return first


# Fields a resident never sees: their errors have no place to link to.
_UNSEEN_FIELDS = frozenset({"HiddenField", "CSRFTokenField", "SubmitTokenField"})


def refused_fields(fields) -> list[tuple[str, str, str]]:
    """Return (id to link to, label, messages) of each refused field in `fields` (a form), in page order, the rows
    of a list of sub-forms included: what an error summary lists."""
    found: list[tuple[str, str, str]] = []
    for field in fields:
        if field.type in _UNSEEN_FIELDS:
            continue
        if field.type == "FormField":
            found += refused_fields(field.form)
        elif field.type == "FieldList":
            messages = [str(error) for error in field.errors if isinstance(error, str)]
            if messages:
                found.append((field.entries[0].id if field.entries else field.id, str(field.label.text),
                              " ".join(messages)))
            found += refused_fields(field.entries)
        elif field.errors:
            anchor = f"{field.id}-0" if field.type == "RadioField" else field.id  # its first choice
            found.append((anchor, str(field.label.text), " ".join(str(error) for error in field.errors)))
    return found


def form_refused() -> bool:
    """Tell whether the page shows a refused form (its title then starts with "Error:")."""
    return g.get("_form_refused", False)


class EmptyForm(BaseForm):
    """A form with only its CSRF token, for button-only POSTs."""


def required():
    """A 'required' check with a message in the reader's language."""
    return DataRequired(message=_l("Please fill this in."))


def filled():
    """"Please fill this in" only when nothing was typed (for numbers: a 0 typed is a number, which its range check
    answers, not a field left empty)."""
    return InputRequired(message=_l("Please fill this in."))


def date_problem(day: date, earliest: date, latest: date, today: date) -> str | None:
    """Say what is wrong with a day outside [earliest, latest] in the words of the mistake made: it has passed,
    it lies in the future, it is too far ahead or too long ago (with the last or first day allowed); None when the
    day lies inside. Every date field asks this, so a date in the past is never told "choose one in the coming
    years"."""
    if day > latest:
        if latest <= today:
            return _("This date is in the future. Choose today or an earlier date.")
        return _("This date is too far ahead. Choose a date up to and including %(day)s.",
                 day=format_date(latest, "long"))
    if day < earliest:
        if earliest >= today:
            return _("This date has passed. Choose today or a later date.")
        return _("This date is too long ago. Choose a date from %(day)s on.", day=format_date(earliest, "long"))
    return None


def has_invisible(text: str) -> bool:
    """Tell whether `text` holds a character that does not show, or that reorders the text around it."""
    return any(unicodedata.category(char) in INVISIBLE_CATEGORIES for char in text)


def visible_name():
    """A check that a person's name holds only characters that show (no zero-width or direction marks)."""

    def check(form, field):
        if has_invisible(field.data or ""):
            raise ValidationError(_l("This name holds an invisible sign (for example a zero-width space or a "
                                     "direction mark). Type the name again without it."))

    return check


def max_length(limit: int, minimum: int = -1):
    """A length check whose message names the limits."""
    if minimum > 0:
        return Length(min=minimum, max=limit,
                      message=_l("Use between %(min)d and %(max)d characters.", min=minimum, max=limit))
    return Length(max=limit, message=_l("Use at most %(max)d characters.", max=limit))


class LocalDecimalField(DecimalField):
    """A number with decimals shown the reader's way ("0,5" in Dutch) that accepts "0,5" and "0.5" alike.

    Babel would read "1.5" as fifteen in Dutch (a dot groups thousands there), so the one mark a person types,
    comma or dot, is taken as the decimal mark; grouping marks are not accepted. A text input with a decimal
    keyboard, because a number input only takes a dot in its value and shows it the browser's way.
    """

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(*args, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return numbers.format_decimal(self.data, format="0.##", locale=get_locale())

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = valuelist[0].strip().replace(",", ".")
        self.data = None
        if not text:
            return  # a required() check says "please fill this in"
        if text.count(".") > 1 or not text.replace(".", "", 1).removeprefix("-").isdigit():
            raise ValueError(_l("Fill in a number, like 1.5."))
        self.data = decimal.Decimal(text)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # "fill in a number" says it all; no "please fill this in" beside it


class CommaListField(StringField):
    """Words separated by commas ("tillen, tuinieren"); its data from an object may be a list of words or rows.

    `attribute` names what to read from each row (`TaskSkill.skill`), so a list of rows never shows as their repr.
    """

    def __init__(self, *args, attribute: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.attribute = attribute

    def process_data(self, value):
        if isinstance(value, list | tuple | set):
            value = ", ".join(str(getattr(item, self.attribute, item) if self.attribute else item)
                              for item in value)
        super().process_data(value)

    def words(self, limit: int = 40) -> list[str]:
        """Return the words typed, trimmed, lowercased, without doubles, A to Z."""
        return sorted({word.strip().lower()[:limit] for word in (self.data or "").split(",") if word.strip()})


class HideForm(BaseForm):
    """A coordinator hides something people wrote (a shout-out, a reaction on an idea): why, for the log."""

    reason = StringField(_l("Why? (for the log)"), validators=[Optional(), max_length(200)])


SUBMIT_TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)
_SUBMIT_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{{SUBMIT_TOKEN_LENGTH}}}")


def new_submit_token() -> str:
    return secrets.token_urlsafe(32)


class SubmitTokenField(HiddenField):
    """A one-time token made when the form is shown: the new row keeps it in a unique column, so a double tap
    (or a second tab) sending the same form finds the row the first one made instead of making another.

    A missing or malformed token (an old page, a hostile client) gets a fresh one: that submit is simply new.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", new_submit_token)
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        sent = valuelist[0] if valuelist else ""
        self.data = sent if _SUBMIT_TOKEN.fullmatch(sent or "") else new_submit_token()
