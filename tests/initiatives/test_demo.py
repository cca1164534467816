"""The demo initiatives are believable: every one has a purpose, a story, a theme and a status, someone carries
each that is not stopped, and "send a message" always has a contact person to send it to."""

from sqlalchemy import select

from portal.extensions import db
from portal.initiatives import services
from portal.initiatives.models import STATUSES, Initiative, Membership


def test_every_demo_initiative_is_described_and_carried(app):
    """Purpose, story, theme, status for all; a carrier or contact for every live one; a contact for messages."""
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        initiatives = db.session.scalars(select(Initiative)).all()
        roles = db.session.execute(select(Membership.initiative_id, Membership.role)).all()
        assert len(initiatives) >= 5
        assert {initiative.status for initiative in initiatives} == set(STATUSES)  # every status shows
        assert any(initiative.visibility == "members" for initiative in initiatives)
        assert any(initiative.photo for initiative in initiatives)
        for initiative in initiatives:
            assert initiative.purpose and initiative.story and initiative.theme, initiative.name
            if initiative.status != "stopped":
                assert any(i == initiative.id and role in services.CARRYING for i, role in roles), initiative.name
            if initiative.how_to_join == "message":
                assert services.contact_of(initiative.id) is not None, initiative.name
