"""What events tell the network of initiatives: first steps, shared events, and activity."""

from datetime import timedelta

from portal.db import utcnow
from portal.extensions import db


def test_what_can_i_do_offers_coming_events_but_never_members_only_ones(client, make_event, make_group,
                                                                       private_initiative):
    """A visitor is offered a coming public event to go to; a members-only group's event stays hidden."""
    make_event(make_group("Buurtfeest"), title="Barbecue in het Bijlmerpark")
    make_event(private_initiative, title="Geheim overleg")
    page = client.get("/netwerk/wat-kan-ik-doen").get_data(as_text=True)
    assert "Ga naar een activiteit" in page and "Barbecue in het Bijlmerpark" in page
    assert "Geheim overleg" not in page and "Geheime club" not in page


def test_an_initiative_invites_another_to_an_event(app, client, auth, make_event, make_group, make_user):
    """The invite form offers the initiative's coming events; once accepted, the event shows as shared work."""
    inviter, carrier = make_user(name="Ines"), make_user(name="Carla")
    host = make_group("Keti Koti", members=[inviter])
    partner = make_group("Taalcafé", carriers=[carrier])
    event = make_event(host, title="Herdenking 1 juli")
    auth.login(inviter)
    form = client.get(f"/netwerk/samen/{host.id}").get_data(as_text=True)
    assert f'value="event:{event.id}"' in form and "Een activiteit: Herdenking 1 juli" in form
    client.post(f"/netwerk/samen/{host.id}", data={"partner": str(partner.id), "subject": f"event:{event.id}"})
    auth.logout()
    auth.login(carrier)
    from portal.initiatives.models import Collaboration

    with app.app_context():
        collaboration_id = db.session.scalar(db.select(Collaboration.id))
    client.post(f"/netwerk/samen/uitnodiging/{collaboration_id}", data={"answer": "yes"})
    page = client.get(f"/netwerk/samen/{partner.id}").get_data(as_text=True)
    assert "Herdenking 1 juli" in page and f"/agenda/{event.id}" in page


def test_an_event_held_lately_keeps_an_initiative_off_the_silent_list(app, client, login_as, make_event,
                                                                        make_group, make_user):
    """An initiative that held an event a week ago is active; one with nothing for months is silent."""
    from portal.initiatives.models import Initiative

    busy = make_group("Buurtbarbecue", carriers=[make_user()])
    quiet = make_group("Stille club", carriers=[make_user()])
    event = make_event(busy, title="Barbecue", days=8)
    with app.app_context():
        from portal.events.models import Event

        row = db.session.get(Event, event.id)
        row.start_at, row.end_at = utcnow() - timedelta(days=7), utcnow() - timedelta(days=7, hours=-3)
        row.created_at = utcnow() - timedelta(weeks=20)
        for initiative_id in (busy.id, quiet.id):
            db.session.get(Initiative, initiative_id).created_at = utcnow() - timedelta(weeks=30)
        db.session.execute(db.update(db.metadata.tables["memberships"]).values(
            joined_at=utcnow() - timedelta(weeks=30)))
        db.session.commit()
    login_as("coordinator")
    silent = client.get("/netwerk/overzicht").get_data(as_text=True).split('id="silent"')[1]
    assert "Stille club" in silent and "Buurtbarbecue" not in silent
