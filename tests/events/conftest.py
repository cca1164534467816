"""Factories for events: an event of an initiative, in a room or at an address, some days ahead."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.conftest import future_local, saved


def edit_form(app, event_id: int, **changes: str) -> dict:
    """Return the fields of the edit form of an event at an address, as it is now, with `changes`."""
    from portal.core.time import local
    from portal.events.models import Event

    with app.app_context():
        row = db.session.get(Event, event_id)
        form = {"title": row.title, "initiative": str(row.initiative_id), "description": row.description or "",
                "start": local(row.start_at).strftime("%Y-%m-%dT%H:%M"),
                "end": local(row.end_at).strftime("%Y-%m-%dT%H:%M"), "where": "address", "room": "0",
                "address": row.address, "public": "public" if row.public else "members",
                "capacity": str(row.capacity or ""), "repeats": "none"}
    return form | changes


@pytest.fixture
def make_member(app):
    """Return a function that makes a user a member of an initiative (role "carrier" or "contact": one who
    organises its events)."""
    from portal.initiatives.models import Membership

    def make(user, initiative, role: str = "member"):
        with app.app_context():
            db.session.add(Membership(initiative_id=initiative.id, user_id=user.id, role=role))
            db.session.commit()

    return make


@pytest.fixture
def make_event(app, make_initiative):
    """Return a factory for published events (default: at an address, 8 days ahead, 14:00-17:00)."""
    from portal.core.time import to_utc
    from portal.events.models import Event

    def make(initiative=None, title: str = "Buurtbarbecue", days: int = 8, hours=(14, 17), capacity=None,
             public: bool = True, address: str = "Bijlmerpark", **fields):
        initiative = initiative or make_initiative()
        with app.app_context():
            event = Event(initiative_id=initiative.id, title=title, start_at=to_utc(future_local(days, hours[0])),
                          end_at=to_utc(future_local(days, hours[1])), address=address, capacity=capacity,
                          public=public, **fields)
            db.session.add(event)
            return saved(event)

    return make


@pytest.fixture
def private_initiative(app, make_initiative):
    """Return a members-only initiative."""
    from portal.initiatives.models import Initiative

    initiative = make_initiative("Geheime club")
    with app.app_context():
        row = db.session.get(Initiative, initiative.id)
        row.visibility = "members"
        return saved(row)
