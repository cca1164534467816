"""Forms for the leaflet, its conditions, applications, decisions and spendings."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.budget.models import CATEGORIES, KINDS
from portal.budget.rules import CATEGORY_LABELS, KIND_LABELS, AmountError, euros, parse_amount
from portal.core import time as clock
from portal.forms import BaseForm, date_problem, filled, max_length, required
from portal.initiatives.choices import InitiativeField
from portal.params import clean_line, parse_date

LINE_ROWS = 6


class AmountField(StringField):
    """An amount in euros as people type it ("€ 1.000,50"); `data` is cents (int) or None. Keeps what was typed."""

    def __init__(self, *args, optional: bool = False, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)
        self.optional = optional
        self.cents: int | None = None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data // 100},{self.data % 100:02d}"

    def process_formdata(self, valuelist):
        self.data = None
        text = clean_line(valuelist[0] if valuelist else "") or ""
        if not text.strip():
            if not self.optional:
                raise ValueError(_l("Please fill this in."))
            return
        try:
            self.data = parse_amount(text)
        except AmountError as error:
            raise ValueError(str(error)) from error


def day_field(label, **kwargs) -> StringField:
    """A date field (the browser's date picker; "2026-03-01")."""
    return StringField(label, render_kw={"type": "date"}, **kwargs)


def check_day(form, field):
    """The field holds a real date between 2000 and 2100."""
    if parse_date(field.data, date(2000, 1, 1), date(2100, 12, 31)) is None:
        raise ValidationError(_l("Fill in a date, like 2026-03-01."))


def ends_after_start(form, field):
    """The period's end (`ends_on`) is not before its start (`starts_on`)."""
    start, end = parse_date(form.starts_on.data), parse_date(field.data)
    if start and end and end < start:
        raise ValidationError(_l("The end comes after the start."))


class LeafletForm(BaseForm):
    name = StringField(_l("Name of the budget"), validators=[required(), max_length(120)])
    goal_nl = TextAreaField(_l("The goal, in plain Dutch"), validators=[required(), max_length(2000)],
                            description=_l("Short sentences. What is the money for?"))
    goal_en = TextAreaField(_l("The goal, in English"), validators=[Optional(), max_length(2000)])
    possible = TextAreaField(_l("What is possible"), validators=[Optional(), max_length(3000)])
    decides = TextAreaField(_l("Who decides, and how"), validators=[required(), max_length(2000)])
    amount = AmountField(_l("Amount in euros"), description=_l("For example: 25.000 or 1.000,50"))
    starts_on = day_field(_l("From"), validators=[required(), check_day])
    ends_on = day_field(_l("Until"), validators=[required(), check_day])

    validate_ends_on = ends_after_start


class ConditionForm(BaseForm):
    # Radio buttons and tick boxes, not selects: their long labels wrap on a phone, where a select cut them off
    kind = RadioField(_l("Kind of rule"), choices=[(kind, KIND_LABELS[kind]) for kind in KINDS], default=KINDS[0])
    text = StringField(_l("The condition, in words"), validators=[required(), max_length(400)])
    amount = AmountField(_l("Amount (for: at most per application)"), optional=True)
    percent = IntegerField(_l("Percentage (for: a share)"), validators=[Optional(), NumberRange(0, 100)],
                           render_kw={"inputmode": "numeric"})
    number = IntegerField(_l("Number (residents, or tasks)"), validators=[Optional(), NumberRange(0, 10000)],
                          render_kw={"inputmode": "numeric"})
    categories = SelectMultipleField(_l("Categories (for: only or not these)"), choices=[
        (category, CATEGORY_LABELS[category]) for category in CATEGORIES], option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False))
    day = day_field(_l("Date (for: spent before, or applications until)"), validators=[Optional(), check_day])

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then that the kind of rule has the number it needs (said at that number's field)."""
        valid = super().validate(extra_validators)
        need = {"max_per_application": self.amount, "max_overhead_share": self.percent,
                "max_share_per_initiative": self.percent, "min_residents": self.number, "plan_needed": self.number,
                "spend_before": self.day, "apply_before": self.day, "categories_allowed": self.categories,
                "categories_excluded": self.categories}.get(self.kind.data)
        if need is not None and not need.errors and need.data in (None, "", []):
            need.errors = [*need.errors, MISSING[need.short_name]]  # what is missing, not only that something is
            return False
        return valid


# What a kind of rule misses, said at the field it needs
MISSING = {"amount": _l("Fill in an amount."), "percent": _l("Fill in a percentage."),
           "number": _l("Fill in a number."), "categories": _l("Choose one or more categories."),
           "day": _l("Fill in a date.")}


class PhaseForm(BaseForm):
    name = StringField(_l("Phase"), validators=[required(), max_length(120)],
                       description=_l("For example: Ideas in, Deciding, Doing it."))
    starts_on = day_field(_l("From"), validators=[required(), check_day])
    ends_on = day_field(_l("Until"), validators=[required(), check_day])

    validate_ends_on = ends_after_start


class ExampleForm(BaseForm):
    text = StringField(_l("Example"), validators=[required(), max_length(300)])
    initiative = InitiativeField(_l("Which initiative did it? (optional)"))


class LineForm(BaseForm):
    class Meta:
        csrf = False  # a row of ApplicationForm, which carries the token

    # Not checked against the choices here: an empty row may come without one; a filled row is checked below.
    category = SelectField(_l("Category"), choices=[(category, CATEGORY_LABELS[category]) for category in CATEGORIES],
                           validate_choice=False)
    description = StringField(_l("What for"), validators=[Optional(), max_length(200)])
    amount = AmountField(_l("Amount"), optional=True)


def not_above(most: int | None, cents: int | None) -> None:
    """Refuse an amount above the whole budget (`most`, in cents): absurd, whatever the conditions say."""
    if most is not None and cents is not None and cents > most:
        raise ValidationError(_("That is more than the whole budget: %(amount)s.", amount=euros(most)))


class ApplicationForm(BaseForm):
    most: int | None = None  # the whole budget, in cents: set by the view
    initiative = InitiativeField(_l("For which initiative?"))
    title = StringField(_l("Name of the plan"), validators=[required(), max_length(120)])
    purpose = TextAreaField(_l("What do you want to do, and why?"), validators=[required(), max_length(3000)])
    residents = IntegerField(_l("How many residents take part?"), validators=[
        filled(), NumberRange(0, 100000)],
        render_kw={"inputmode": "numeric"})
    plan = StringField(_l("Where is your plan? (a link to your board or event)"),
                       validators=[Optional(), max_length(300)])
    lines = FieldList(FormField(LineForm), min_entries=LINE_ROWS, max_entries=LINE_ROWS)

    def filled_lines(self) -> list[tuple[str, str, int]]:
        """Return the lines with an amount: (category, description, cents)."""
        return [(line.form.category.data, line.form.description.data or "", line.form.amount.data)
                for line in self.lines if line.form.amount.data]

    def validate_lines(self, field):
        for line in self.lines:
            if line.form.amount.data and line.form.category.data not in CATEGORIES:
                line.form.category.errors = [_l("Choose a category from the list.")]
                raise ValidationError(_l("Choose a category from the list."))
        # A line with words but no amount would be dropped without a word: say so at its amount, keep the words.
        unpriced = [line for line in self.lines if (line.form.description.data or "").strip()
                    and line.form.amount.data is None and not line.form.amount.errors]
        for line in unpriced:
            line.form.amount.errors = [_l("Fill in the amount for this line.")]
        if unpriced:
            raise ValidationError(_l("A line has no amount yet. Fill it in, or empty the line."))
        if not self.filled_lines() and not any(line.form.amount.errors for line in self.lines):
            raise ValidationError(_l("Add at least one line with an amount."))
        not_above(self.most, sum(cents for _category, _description, cents in self.filled_lines()))


class DecideForm(BaseForm):
    amount = AmountField(_l("Grant this amount"), optional=True)
    reason = TextAreaField(_l("Reason, or your questions"), validators=[Optional(), max_length(2000)])


class SpendingForm(BaseForm):
    most: int | None = None  # the whole budget, in cents: set by the view

    day = day_field(_l("Date"), validators=[required(), check_day])
    amount = AmountField(_l("Amount"))
    category = SelectField(_l("Category"), choices=[(category, CATEGORY_LABELS[category]) for category in CATEGORIES])
    description = StringField(_l("What for"), validators=[required(), max_length(200)])
    receipt = FileField(_l("Receipt (photo or PDF, at most 5 MB)"), description=_l(
        "We remove the location and other hidden details from a photo. Only the initiative's members and the "
        "coordinators see receipts."), render_kw={"accept": "image/jpeg,image/png,image/webp,application/pdf"})
    override = TextAreaField(_l("Coordinators: why book it anyway?"), validators=[Optional(), max_length(1000)])

    def validate_day(self, field):
        """A spending is booked when it was paid: today or before, never ahead (a plan is the application)."""
        paid = parse_date(field.data, date(2000, 1, 1), date(2100, 12, 31))
        problem = date_problem(paid, date(2000, 1, 1), clock.today(), clock.today()) if paid else None
        if problem:
            raise ValidationError(problem)

    def validate_amount(self, field):
        not_above(self.most, field.data)
