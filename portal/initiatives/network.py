"""The network page: every initiative as a card, "what can I do?", the printed map, the coordinators' overview."""


from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup

from portal.core.registry import initiative_activity, nav_item, page_section, page_sections
from portal.core.urls import id_url
from portal.htmx import render
from portal.i18n import format_date
from portal.initiatives import bp
from portal.initiatives import network_services as network
from portal.initiatives import services as initiatives
from portal.pagecache import cacheable
from portal.params import arg_id, arg_text
from portal.permissions import role_required

TIME_CHOICES = {30: _l("Half an hour"), 60: _l("An hour"), 120: _l("Two hours"), 240: _l("Half a day")}

nav_item("initiatives.network_page", _l("Network"), order=19)
initiative_activity(network.last_joined)


@bp.app_template_global()
def initiative_url(initiative_id: int) -> str:
    """Return the path of an initiative's own page."""
    return url_for("initiatives.show_initiative", initiative_id=initiative_id)


@bp.app_template_global()
def join_label(way: str) -> str:
    """Return the words for how to join an initiative ("kom langs")."""
    return str(initiatives.JOIN_LABELS.get(way, way))


def _theme() -> str | None:
    """Return the theme asked for, when it is one of the known ones (anything else shows every initiative)."""
    theme = arg_text("theme", 40)
    return theme if theme in initiatives.THEME_LABELS else None


@bp.get("/network")
@bp.get("/netwerk")
@cacheable
def network_page():
    """Show every initiative the person may see as a card, filtered by theme, A to Z in pages."""
    theme = _theme()
    after = arg_text("after", 120)
    cards, next_after = network.network_page(current_user, theme, after)
    return render("initiatives/network.html", "initiatives/_network_list.html", cards=cards, theme=theme,
                  next_after=next_after, first_page=after is None,
                  words=_card_words(cards), sections=lambda: page_sections("network"))


def _card_words(cards: list[network.Card]) -> dict:
    """Return the words and the link every card repeats, made once per page (gettext and url_for per card cost
    more than the rest of a card)."""
    return {"link": id_url("initiatives.show_initiative", "initiative_id"),
            # a theme's label shows as its lazy string did (unescaped: "Groen & tuin"), a status escaped, as before
            "themes": {key: Markup(str(label))  # noqa: S704 - the catalogue's words, never a person's input
                       for key, label in initiatives.THEME_LABELS.items()},
            "statuses": {key: str(label) for key, label in initiatives.STATUS_LABELS.items()},
            "members": {count: ngettext("%(num)s member", "%(num)s members", count)
                        for count in {card.members for card in cards}},
            "members_only": _("members only")}


@bp.get("/network/what-can-i-do")
@bp.get("/netwerk/wat-kan-ik-doen")
@cacheable
def what_can_i_do():
    """Lead a newcomer to a good first step: a short task that needs people, a meeting to walk into, an event."""
    minutes = arg_id("time")
    minutes = minutes if minutes in TIME_CHOICES else None
    return render("initiatives/network_start.html", "initiatives/_first_steps.html",
                  steps=network.what_can_i_do(current_user, minutes), minutes=minutes, time_choices=TIME_CHOICES)


@bp.get("/network/print")
@bp.get("/netwerk/print")
@cacheable
def print_network():
    """Show "who does what in the neighbourhood" as an A4 sheet for the notice board: the public initiatives'
    purpose, when and where, how to join, QR code (the same sheet whoever prints it)."""
    theme = _theme()
    return render_template("initiatives/network_print.html", initiatives=network.print_sheet(theme),
                           theme=theme)


@bp.get("/network/overview")
@bp.get("/netwerk/overzicht")
@role_required("coordinator")
def network_overview():
    """Show coordinators which initiatives have no carrier left, carry too much, or have been silent."""
    found = network.overview()
    # Up to OVERVIEW_LIMIT rows: the words translated once (format_date writes each day once), one link pattern.
    words = _("last active %(day)s")
    last_words = {health.id: words % {"day": format_date(health.last_activity, "d MMM yyyy")}
                  for group in found.values() for health in group}
    return render_template("initiatives/network_overview.html", overview=found, last_words=last_words,
                           statuses={key: str(label) for key, label in initiatives.STATUS_LABELS.items()},
                           link=id_url("initiatives.show_initiative", "initiative_id"),
                           weeks=network.SILENT_AFTER.days // 7)


@page_section("home", order=25)
def network_at_home():
    """Point to the network and to "what can I do?" from the home page (one tap)."""
    return "initiatives/_network_home.html", {}
