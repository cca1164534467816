"""Rules in the database: one account per address whatever its case, one report and one membership per person,
check constraints that say what the Python code allows."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import PURPOSES, User
from portal.applause import services as applause
from portal.applause.models import ACTIONS, ShoutReport
from portal.boards.models import STATUSES as TASK_STATUSES
from portal.boards.models import TAKEOVER_STATUSES
from portal.extensions import db
from portal.initiatives import services as initiatives
from portal.initiatives.models import JOIN_WAYS, STATUSES, THEMES, VISIBILITIES, Membership
from portal.initiatives.models import ROLES as MEMBER_ROLES
from portal.mail.models import STATUSES as MAIL_STATUSES
from portal.permissions import ROLES
from portal.venues.models import STATUSES as BOOKING_STATUSES
from tests.applause.test_services import run_at_once


def test_one_account_per_address_whatever_its_case(app, make_user):
    """The database refuses an address in capitals, so "Ann@..." cannot sit beside "ann@..." (unique address)."""
    make_user(email="ann@example.org")
    with app.app_context():
        db.session.add(User(email="Ann@Example.org", name="Ann", password_hash="x"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_reporting_twice_stays_one_report(app, make_user, make_shout):
    """A second report by the same person (a double tap) is no error and adds nothing."""
    shout, reporter = make_shout(), make_user()
    with app.app_context():
        for _ in range(2):
            applause.report(shout, db.session.merge(reporter))
        assert db.session.scalar(select(func.count()).select_from(ShoutReport)) == 1


def test_joining_twice_stays_one_membership(app, make_user, make_initiative):
    """Joining again (a double tap) is no error and adds nothing."""
    initiative, person = make_initiative(), make_user()
    with app.app_context():
        for _ in range(2):
            initiatives.join(initiative.id, db.session.merge(person))
        assert db.session.scalar(select(func.count()).select_from(Membership)) == 1


def test_double_taps_at_the_same_moment_stay_one_report_and_one_membership(app, make_user, make_shout,
                                                                          make_initiative):
    """Ten requests of one person at once: no error, one report, one membership (the database decides)."""
    shout, initiative, person = make_shout(), make_initiative(), make_user()

    def report_and_join(_attempt):
        me = db.session.get(User, person.id)
        applause.report(shout, me)
        initiatives.join(initiative.id, me)

    assert run_at_once(app, report_and_join, list(range(10))) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ShoutReport)) == 1
        assert db.session.scalar(select(func.count()).select_from(Membership)) == 1


def test_the_creator_becomes_the_first_member(app, make_user):
    """Whoever starts an initiative is its first member."""
    creator = make_user(role="coordinator")
    with app.app_context():
        initiative = initiatives.create("Buurtmoestuin", "", "members", db.session.merge(creator))
        db.session.commit()
        assert initiatives.is_member(initiative.id, db.session.merge(creator))


@pytest.mark.parametrize(("table", "name", "values"), [
    ("users", "ck_users_role_known", ROLES), ("initiatives", "ck_initiatives_visibility_known", VISIBILITIES),
    ("tasks", "ck_tasks_status_known", TASK_STATUSES), ("bookings", "ck_bookings_status_known", BOOKING_STATUSES),
    ("moderation_log", "ck_moderation_log_action_known", ACTIONS),
    ("mail_tokens", "ck_mail_tokens_purpose_known", PURPOSES), ("outbox", "ck_outbox_status_known", MAIL_STATUSES),
    ("takeover_requests", "ck_takeover_requests_status_known", TAKEOVER_STATUSES),
    ("initiatives", "ck_initiatives_theme_known", THEMES), ("initiatives", "ck_initiatives_status_known", STATUSES),
    ("initiatives", "ck_initiatives_how_to_join_known", JOIN_WAYS),
    ("memberships", "ck_memberships_role_known", MEMBER_ROLES),
])
def test_check_constraints_are_built_from_the_python_values(app, table, name, values):
    """Each allowed-values check lists exactly the Python tuple, so the two cannot drift apart."""
    (check,) = [c for c in db.metadata.tables[table].constraints if c.name == name]
    column = str(check.sqltext).split()[0]
    assert str(check.sqltext) == f"{column} IN ({', '.join(repr(value) for value in values)})"


def test_the_database_refuses_a_status_outside_the_python_values(app, make_task):
    """The migrated database holds the same check: a task status the code does not know is refused."""
    task = make_task()
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(db.text("UPDATE tasks SET status = 'archived' WHERE id = :id"), {"id": task.id})
            db.session.commit()
        db.session.rollback()
