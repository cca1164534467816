"""The error summary lists every refused field a resident sees, rows of a list of sub-forms included."""

from wtforms import FieldList, FormField, HiddenField, RadioField, StringField
from wtforms.validators import DataRequired

from portal.forms import BaseForm, refused_fields


class Line(BaseForm):
    class Meta:
        csrf = False

    amount = StringField("Amount", validators=[DataRequired("Fill in the amount.")])


class Plan(BaseForm):
    class Meta:
        csrf = False

    kind = RadioField("Kind", choices=[("a", "A"), ("b", "B")], validators=[DataRequired("Choose one.")])
    title = StringField("Title", validators=[DataRequired("Fill this in.")])
    secret = HiddenField(validators=[DataRequired("Hidden.")])
    lines = FieldList(FormField(Line), min_entries=2)


def test_refused_fields_link_to_what_shows_in_page_order(app):
    """Each refused field in page order with its label and message; a radio links to its first choice, list rows
    to their own fields, a hidden field is left out; nothing when nothing was refused."""
    with app.test_request_context(method="POST", data={"lines-0-amount": "5"}):
        form = Plan()
        assert not form.validate()
        assert refused_fields(form) == [("kind-0", "Kind", "Choose one."), ("title", "Title", "Fill this in."),
                                        ("lines-1-amount", "Amount", "Fill in the amount.")]
    with app.test_request_context(method="POST", data={"kind": "a", "title": "x", "secret": "s",
                                                       "lines-0-amount": "5", "lines-1-amount": "6"}):
        form = Plan()
        assert form.validate() and refused_fields(form) == []
