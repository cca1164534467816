"""Factories for events: an event of an initiative, in a room or at an address, some days ahead."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.conftest import future_local, saved


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
