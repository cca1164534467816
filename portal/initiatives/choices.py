"""A choice of initiative in a form that works with any number of initiatives.

The list shows the person's own initiatives first, then the others A to Z up to services.CHOICES_SHOWN, and a search
by name for the rest: without JavaScript the search button posts the form, which comes back with what was typed
and the names found (nothing is saved); with htmx the list follows the typing. What may be chosen is decided by the
one visibility rule (services.choice_lists), so a value found by a search stays valid, and an initiative the
person may not see is never listed nor accepted. A stopped initiative is neither, except the one a thing belongs to
already (`kept`, given when that thing is changed): something new is never made for an initiative that stopped.
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from wtforms import SelectField
from wtforms.validators import StopValidation
from wtforms.widgets import html_params

from portal.htmx import fragment_or_redirect
from portal.initiatives import bp
from portal.initiatives import services as initiatives
from portal.params import clean_line, parse_id

SEARCH_MAX = 120


def search_term(value: str | None) -> str | None:
    """Return a search by name as one clean line, or None when empty."""
    term = clean_line(value or "").strip()[:SEARCH_MAX]
    return term or None


class InitiativeSelect:
    """Render the select (own initiatives, then the others) with its search field and button."""

    def __call__(self, field: InitiativeField, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        # Both are escaped already: html_params escapes every value (as WTForms' own widgets, which return Markup
        # too), and the template is autoescaped.
        params = Markup(html_params(**kwargs))  # noqa: S704
        return Markup(render_template("initiatives/_choice.html", field=field, params=params))  # noqa: S704


class InitiativeField(SelectField):
    """A select of initiatives: `fill(viewer, blank)` in the form's __init__ lists what `viewer` may choose."""

    widget = InitiativeSelect()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("default", 0)
        super().__init__(label, validators, coerce=int, validate_choice=False, **kwargs)
        self.blank: list[tuple[int, Any]] = []
        self.own: list[tuple[int, str]] = []
        self.others: list[tuple[int, str]] = []
        self.search: str | None = None
        self.exclude: int | None = None
        self.kept: int | None = None
        self.viewer: Any = None
        self.members_only = False
        self.more = False
        self.filled = False  # choices set by hand (one fixed initiative): a plain select without a search

    def process_data(self, value: Any) -> None:
        """Take an initiative itself as its id: a form made from an object (`obj=position`) reads its `initiative`
        relationship, which otherwise showed no initiative chosen, and saving then dropped it."""
        super().process_data(getattr(value, "id", value))

    @property
    def searching(self) -> bool:
        """Tell whether the form was posted to search (then nothing is saved): by the search button, or with a
        search the list does not show yet (Enter in the search field, without JavaScript)."""
        if request.method != "POST":
            return False
        return bool(request.form.get(f"{self.name}_find")) or (
            search_term(request.form.get(f"{self.name}_q")) != search_term(request.form.get(f"{self.name}_applied")))

    def fill(self, viewer: Any, blank: list[tuple[int, Any]] | None = None, exclude: int | None = None,
             members_only: bool = False, kept: int | None = None) -> None:
        """List the initiatives `viewer` may choose: their own, then the others (narrowed by the search typed);
        `blank` options ("No initiative") first; `members_only`: only initiatives they are a member of; `kept`: the
        initiative of the thing being changed, which stays a choice when it has stopped since."""
        self.blank, self.exclude, self.members_only, self.filled = list(blank or []), exclude, members_only, True
        self.kept, self.viewer = kept or None, viewer
        self.search = search_term(request.form.get(f"{self.name}_q")) if request.method == "POST" else None
        self.own, self.others = initiatives.choice_lists(viewer, self.search, parse_id(self.data), exclude,
                                                         members_only, kept=self.kept)
        self.choices = [*self.blank, *self.own, *self.others]
        # Offer the search only where the list is cut, or a search narrowed it.
        self.more = bool(self.search) or len(self.others) >= initiatives.CHOICES_SHOWN

    def pre_validate(self, form: Any) -> None:
        """Accept only what the list offers (what the viewer may choose); say so once, at the field, and say why
        when the initiative has stopped (only of one the viewer may see: an outsider learns nothing)."""
        if self.data not in {value for value, _label in self.choices or []}:
            found = initiatives.get_visible(parse_id(self.data), self.viewer) if self.filled else None
            if found is not None and not initiatives.takes_new_work(found):
                raise StopValidation(_l("This initiative has stopped. Choose another initiative."))
            raise StopValidation(_l("Choose one of your initiatives.") if self.members_only
                                 else _l("Choose an initiative from the list."))


@bp.get("/netwerk/keuze")
def initiative_options():
    """Answer htmx with the other initiatives whose name holds the search (the list as the person types it);
    a request without htmx is sent to the network page."""
    field = request.args.get("field", "initiative")
    name = field if field.isidentifier() and len(field) <= 40 else "initiative"
    search, chosen = search_term(request.args.get(f"{name}_q")), parse_id(request.args.get(name))
    # `kept` lists no more than the viewer may see anyway: the form, not this list, decides what is accepted.
    _own, others = initiatives.choice_lists(current_user, search, chosen, parse_id(request.args.get("exclude")),
                                            request.args.get("members") == "1",  # `others` leaves one's own out
                                            kept=parse_id(request.args.get("kept")))
    return fragment_or_redirect("initiatives/_choice_options.html", url_for("initiatives.network_page"),
                                others=others, chosen=chosen, search=search, name=name, oob=True)

