"""Factories for one voice: positions (open or closed, optionally of an initiative) and responses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.extensions import db
from tests.conftest import saved


@pytest.fixture
def make_position(app):
    """Return a factory for positions open `days` more days (negative: closed that many days ago)."""
    from portal.core.time import today
    from portal.voice.models import Position
    from portal.voice.services import closes_at_for

    def make(title: str = "Wat vinden we van het plan voor het Nellesteinplein?", days: int = 7,
             initiative=None, text: str = "Het stadsdeel wil het plein opnieuw inrichten.", **fields):
        with app.app_context():
            position = Position(title=title, text=text, closes_at=closes_at_for(today() + timedelta(days=days)),
                                initiative_id=initiative.id if initiative else None, **fields)
            db.session.add(position)
            return saved(position)

    return make


@pytest.fixture
def make_response(app, make_user):
    """Return a factory for an account's response (a fresh resident unless a user is given)."""
    from portal.voice.models import Response

    def make(position, stance: str = "support", argument: str = "", user=None, **fields):
        user = user or make_user()
        with app.app_context():
            response = Response(position_id=position.id, kind="account", user_id=user.id, stance=stance,
                                argument=argument, **fields)
            db.session.add(response)
            return saved(response)

    return make


@pytest.fixture
def members_only(app, make_user, make_initiative):
    """Return (initiative, member) for a members-only initiative with one member."""
    from portal.initiatives.models import Initiative, Membership

    member = make_user(name="Mira Member")
    secret = make_initiative("Geheime Huurdersgroep")
    with app.app_context():
        db.session.get(Initiative, secret.id).visibility = "members"
        db.session.add(Membership(initiative_id=secret.id, user_id=member.id))
        db.session.commit()
    return secret, member
