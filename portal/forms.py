"""Form pieces every feature shares."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Length


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for button-only POSTs."""


def required():
    """A 'required' check with a message in the reader's language."""
    return DataRequired(message=_l("Please fill this in."))


def max_length(limit: int, minimum: int = -1):
    """A length check whose message names the limits."""
    if minimum > 0:
        return Length(min=minimum, max=limit,
                      message=_l("Use between %(min)d and %(max)d characters.", min=minimum, max=limit))
    return Length(max=limit, message=_l("Use at most %(max)d characters.", max=limit))
