"""Demo data for the network: groups that work together, an invitation that waits, and a group gone silent."""

from datetime import timedelta

from sqlalchemy import update

from portal.db import utcnow
from portal.extensions import db
from portal.initiatives.models import Collaboration, Initiative, Membership


def seed_network(people: dict, initiatives: dict[str, Initiative], tasks: dict[str, int]) -> None:
    """Koningsdag and Groen in de buurt share a task, the Buurtkrant shares its board with the Taalcafé, an
    invitation waits for Keti Koti, and the tenants' group of block D has been silent since the spring."""
    by_name = {email.split("@")[0]: user for email, user in people.items()}
    now = utcnow()
    party, green, paper = initiatives["Koningsdag 2027"], initiatives["Groen in de buurt"], initiatives["Buurtkrant"]
    language, remembrance = initiatives["Taalcafé"], initiatives["Keti Koti"]
    db.session.add_all([
        Collaboration(initiative_id=party.id, partner_id=green.id, kind="task",
                      subject_id=tasks["20 stoelen naar het plein brengen"], status="accepted",
                      note="Nemen jullie de plantenbakken mee als jullie toch sjouwen?",
                      invited_by_id=by_name["fatima"].id, answered_by_id=by_name["sanne"].id,
                      created_at=now - timedelta(days=6), answered_at=now - timedelta(days=5)),
        Collaboration(initiative_id=paper.id, partner_id=language.id, kind="board", subject_id=paper.id,
                      status="accepted", note="Schrijven jullie mee aan een pagina in makkelijk Nederlands?",
                      invited_by_id=by_name["mehmet"].id, answered_by_id=by_name["priya"].id,
                      created_at=now - timedelta(days=20), answered_at=now - timedelta(days=18)),
        Collaboration(initiative_id=party.id, partner_id=remembrance.id, kind="task",
                      subject_id=tasks["Spelletjes voor kinderen begeleiden"], status="open",
                      note="Doen jullie mee met de kinderspelen? Dan maken we er één buurtfeest van.",
                      invited_by_id=by_name["fatima"].id, created_at=now - timedelta(days=2)),
    ])
    # The tenants of block D started in the spring; nobody joined and nothing happened since.
    tenants = initiatives["Huurdersgroep blok D"]
    tenants.created_at = now - timedelta(weeks=20)
    db.session.execute(update(Membership).where(Membership.initiative_id == tenants.id)
                       .values(joined_at=now - timedelta(weeks=19)))
    db.session.flush()
