"""Features plug into shared code through hooks and signals; the shared code names no feature."""

from datetime import timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from tests.conftest import future_local

PUBLIC_PAGES = {
    "core.home", "core.accessibility", "applause.list_shouts", "applause.show_shout", "applause.wall",
    "applause.atom_feed", "applause.print_sheet", "venues.list_venues", "venues.show_room", "venues.today",
    "venues.week_agenda",
    "venues.room_calendar", "venues.venue_calendar", "boards.list_boards", "boards.show_board",
    "boards.where_can_i_help", "kiosk.today", "kiosk.help_wanted",
    "initiatives.network_page", "initiatives.what_can_i_do", "initiatives.print_network",
    "events.agenda", "events.agenda_en", "events.atom_feed", "events.calendar_feed", "events.initiative_calendar",
    "initiatives.show_initiative", "feeds.our_information", "feeds.embed_agenda",
}


def test_features_mark_their_own_public_pages_cacheable(app):
    """The public pages are marked @cacheable, each by its own feature's views, and only GET pages are."""
    marked = {endpoint for endpoint, view in app.view_functions.items() if getattr(view, "page_cacheable", False)}
    assert PUBLIC_PAGES <= marked
    for endpoint in marked:
        assert app.view_functions[endpoint].__module__.startswith(f"portal.{endpoint.split('.')[0]}."), endpoint
    methods = {rule.endpoint: rule.methods for rule in app.url_map.iter_rules() if rule.endpoint in marked}
    assert all(allowed <= {"GET", "HEAD", "OPTIONS"} for allowed in methods.values()), methods


def test_the_daily_purge_runs_each_features_step(app, make_room, make_booking):
    """`purge-walk-ins` runs the steps venues and boards registered, and reports each."""
    room = make_room()
    past = future_local(days=-2, hour=10)
    make_booking(room, past, past + timedelta(hours=1), walkin_name="Old", walkin_contact="06-1")
    result = app.test_cli_runner().invoke(args=["purge-walk-ins"])
    assert result.exit_code == 0
    assert "deleted from 1 booking(s)" in result.output and "deleted from 0 claim(s)" in result.output


def test_choosing_a_language_keeps_it_on_the_account(app, client, login_as):
    """The core only says a language was chosen; accounts keeps it on the logged-in account."""
    user = login_as("resident")
    client.get("/language/en")
    with app.app_context():
        assert db.session.scalar(select(User.language).where(User.id == user.id)) == "en"
