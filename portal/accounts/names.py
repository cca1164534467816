"""How a person is named on a page: the one place that decides, at the moment the page is shown.

Text written at one moment (a shout-out, a task card, a mail) never carries a copy of a name; it keeps the person
(an account id) and asks this helper when it is shown. So a person's current choice counts, and so does their
deletion: an account that is gone, a walk-in resident without one, or someone who chose not to be named in public
is "a neighbour".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from babel.lists import format_list
from flask import has_request_context
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from portal.permissions import has_role


class Person(NamedTuple):
    """What a list needs of a person to name them (a shout-out's author, a task's helper): enough for shown_name,
    read as columns instead of loading the user."""

    id: int
    name: str
    show_name_in_public: bool

if TYPE_CHECKING:
    from portal.accounts.models import User


def names_public(viewer: object = None) -> bool:
    """Tell whether this page names people as for anyone (`public` below): for a visitor who is not logged in, and
    for every page on a shared computer (the kiosk: its screen stands in the buurthuis, whoever is logged in)."""
    from portal.accounts.services import on_shared_computer

    if not has_request_context():
        return not getattr(viewer, "is_authenticated", False)  # a job writing for someone: as they would read it
    person = current_user if viewer is None else viewer
    return not getattr(person, "is_authenticated", False) or on_shared_computer()


def shown_name(person: User | None, public: bool, walkin: str | None = None) -> str:
    """Return how to name `person` (a User, or None when the account is gone or never existed) on this page.

    `public`: the page is for anyone (a visitor who is not logged in, the wall, a feed, a printed sheet); people
    who chose not to be named in public are "a neighbour" there. `walkin`: the name a librarian wrote down for a
    resident without an account; only librarians and coordinators see it, and never on a public page.
    """
    if person is None:
        if walkin and not public and has_role(current_user, "librarian", "coordinator"):
            return walkin
        return _("a neighbour")
    if public and not person.show_name_in_public:
        return _("a neighbour")
    return person.name


def shown_names(people: Iterable[User | None], public: bool) -> str:
    """Return several people as one phrase ("Anna, Bob and 2 neighbours"), each named through `shown_name`."""
    neighbour = _("a neighbour")  # looked up once, not once for each person named
    named = [shown_name(person, public) for person in people]
    anonymous = named.count(neighbour)
    named = [name for name in named if name != neighbour]
    if anonymous == 1:
        named.append(neighbour)
    elif anonymous > 1:
        named.append(ngettext("%(num)s neighbour", "%(num)s neighbours", anonymous))
    return format_list(named, locale=get_locale()) if named else neighbour
