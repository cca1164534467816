"""Fixtures for accounts reached by phone."""

import pytest

from portal.accounts import services
from portal.extensions import db
from tests.conftest import PASSWORD


@pytest.fixture
def phone_user(app):
    """Return a factory for residents who have a phone and no e-mail address (or an e-mail too, when given)."""
    def make(phone: str = "06-12345678", name: str = "Ruth Doelwijt", role: str = "resident",
             email: str | None = None):
        with app.app_context():
            user = services.create_user(email, name, PASSWORD, role=role, phone=phone)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user
    return make
