"""Fixtures for paper: a week with public and members-only things on every feature, and a PDF folder per test."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.conftest import future_local
from tests.events import conftest as events_fixtures

make_event = events_fixtures.make_event  # the events' factory, for the week's events here
DAYS = 9  # the week after next: the things below all fall in it


@pytest.fixture(autouse=True)
def paper_folder(app, tmp_path, monkeypatch):
    """Keep each test's PDFs in its own folder."""
    monkeypatch.setitem(app.config, "PAPER_FOLDER", str(tmp_path / "paper"))
    return tmp_path / "paper"


@pytest.fixture
def week():
    """Return the ISO date of a day in the week the things of `neighbourhood_week` happen in."""
    return future_local(DAYS).date().isoformat()


@pytest.fixture
def hidden_initiative(app, make_initiative):
    """Return a members-only initiative."""
    from portal.initiatives.models import Initiative

    initiative = make_initiative("Geheime club")
    with app.app_context():
        db.session.get(Initiative, initiative.id).visibility = "members"
        db.session.commit()
    return initiative


@pytest.fixture
def neighbourhood_week(app, make_initiative, hidden_initiative, make_event, make_shout, make_task, make_room,
                       make_booking, make_user):
    """Put one public and one members-only thing of each kind in the week (`week`); return them by name."""
    garden = make_initiative("Moestuin Gein")
    shy = make_user(name="Verlegen Vera", show_name_in_public=False)
    room = make_room("Grote zaal", "Buurthuis De Nelle")
    found = {
        "garden": garden,
        "event": make_event(garden, "Oogstfeest", days=DAYS),
        "hidden_event": make_event(hidden_initiative, "Geheim overleg", days=DAYS),
        "private_event": make_event(garden, "Alleen leden", days=DAYS, public=False),
        "shout": make_shout("Dank voor de soep!", thanked_name="Fatima"),
        "shy_shout": make_shout("Dank voor het vegen", thanked_name=None, thanked_user=shy),
        "hidden_shout": make_shout("Geheime dank", thanked_name="Geheim", initiative=hidden_initiative),
        "task": make_task(garden, "Schoffelen", places_needed=4),
        "hidden_task": make_task(hidden_initiative, "Geheime klus", places_needed=9),
        "booking": make_booking(room, future_local(DAYS, 10), future_local(DAYS, 12), title="Taalcafé"),
        "private_booking": make_booking(room, future_local(DAYS, 13), future_local(DAYS, 14), title="Privé feest",
                                        public=False),
    }
    return found
