"""Factories for the budget: a budget with conditions, members of initiatives, applications in any status."""

from __future__ import annotations

from datetime import date

import pytest

from portal.extensions import db
from tests.conftest import saved
from tests.events.conftest import make_member, private_initiative  # noqa: F401 - shared fixtures


@pytest.fixture
def make_budget(app):
    """Return a factory for budgets (25.000 euro this year) with conditions given as (kind, values) pairs."""
    from portal.budget import services
    from portal.budget.models import Condition

    counter = iter(range(1, 1000))

    def make(amount_cents: int = 2_500_000, conditions=(), name: str | None = None):
        with app.app_context():
            budget = services.create_budget(None, name=name or f"Buurtbudget {next(counter)}",
                                            goal_nl="Samen de buurt sterker maken.", goal_en="Make it stronger.",
                                            possible="Een feest.", decides="Vijf bewoners.",
                                            amount_cents=amount_cents, starts_on=date(2026, 1, 1),
                                            ends_on=date(2030, 12, 31))
            for kind, values in conditions:
                db.session.add(Condition(budget_id=budget.id, kind=kind, text=f"Regel {kind}", **values))
            return saved(budget)

    return make


@pytest.fixture
def make_application(app, make_initiative):
    """Return a factory for applications (sent, unless told) with lines [(category, cents)]."""
    from portal.budget.models import Application, Line

    def make(budget, initiative=None, status: str = "sent", lines=(("materials", 100_000),),
             granted: int | None = None, title: str = "Moestuin", reason: str = ""):
        initiative = initiative or make_initiative()
        with app.app_context():
            application = Application(budget_id=budget.id, initiative_id=initiative.id, title=title,
                                      purpose="Samen groente kweken.", residents=5, status=status,
                                      granted_cents=granted, reason=reason)
            db.session.add(application)
            db.session.flush()
            for category, cents in lines:
                db.session.add(Line(application_id=application.id, category=category, description="x",
                                    cents=cents))
            return saved(application)

    return make


@pytest.fixture
def granted(app, make_budget, make_application, make_user):
    """Return a granted application (1.000 euro of a 25.000 euro budget, 8% overhead rule) via the grant service."""
    from portal.accounts.models import User
    from portal.budget import services

    budget = make_budget(conditions=[("max_overhead_share", {"percent": 8})])
    application = make_application(budget)
    coordinator = make_user("coordinator")
    with app.app_context():
        assert services.grant(application.id, 100_000, db.session.get(User, coordinator.id)) == "ok"
        from portal.budget.models import Application

        return saved(db.session.get(Application, application.id))
