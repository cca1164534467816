"""Fixtures of the ideas box: a factory for ideas."""

import pytest

from portal.extensions import db
from tests.conftest import saved


@pytest.fixture
def make_idea(app, make_user):
    """Return a factory for ideas (proposed by a fresh resident unless said otherwise)."""
    from portal.ideas.services import propose

    def make(title: str = "Een taalcafé op zaterdag", proposer=None, initiative=None, kind: str = "idea",
             visitor_name: str | None = None, visitor_phone: str | None = None, **fields):
        if proposer is None and visitor_name is None:
            proposer = make_user()
        with app.app_context():
            idea = propose(title, "", kind, initiative.id if initiative else None,
                           db.session.merge(proposer) if proposer else None, visitor_name, visitor_phone,
                           fields.pop("show_visitor_name", False))
            for key, value in fields.items():
                setattr(idea, key, value)
            return saved(idea)

    return make
