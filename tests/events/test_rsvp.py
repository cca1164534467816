"""RSVPs: never more people confirmed than the capacity (a database rule, also under 30 RSVPs at once), a
waiting list promoted in order, guests' details purged a week after the event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from tests.applause.test_services import run_at_once


def _rows(app, event_id):
    from portal.events.models import Event, Rsvp

    with app.app_context():
        event = db.session.get(Event, event_id)
        rows = db.session.scalars(select(Rsvp).where(Rsvp.event_id == event_id).order_by(Rsvp.id)).all()
        return event.places_taken, [(row.guest_name or row.user_id, row.status) for row in rows]


def test_thirty_rsvps_at_once_for_the_last_five_places_confirm_exactly_five(app, make_event, make_user):
    """30 people answering "Ik kom" at the same moment for the last 5 places: 5 confirmed, 25 waiting."""
    from portal.accounts.models import User
    from portal.events import rsvp
    from portal.events.models import Rsvp

    event = make_event(capacity=20, places_taken=15)
    people = [make_user() for _ in range(10)]

    def answer(number):
        if number < len(people):
            rsvp.rsvp(event.id, db.session.get(User, people[number].id), 1)
        else:
            rsvp.rsvp(event.id, None, 1, guest_name=f"Gast {number}", guest_contact=f"06{number:08d}")

    assert run_at_once(app, answer, list(range(30))) == []
    with app.app_context():
        confirmed = db.session.scalar(select(func.count()).select_from(Rsvp).where(Rsvp.status == "confirmed"))
        waiting = db.session.scalar(select(func.count()).select_from(Rsvp).where(Rsvp.status == "waiting"))
    taken, _rows_ = _rows(app, event.id)
    assert (confirmed, waiting, taken) == (5, 25, 20)


def test_the_database_refuses_more_than_the_capacity(app, make_event):
    """Even a direct UPDATE past the capacity is refused by the database's check."""
    from portal.events.models import Event

    event = make_event(capacity=5)
    with app.app_context(), pytest.raises(IntegrityError):
        db.session.execute(update(Event).where(Event.id == event.id).values(places_taken=6))
        db.session.commit()


def test_waiting_list_moves_up_in_order_and_is_mailed(app, make_event, make_user):
    """When someone cancels, the first on the waiting list who fits gets the place, and an e-mail."""
    from portal.accounts.models import User
    from portal.events import rsvp
    from portal.mail.models import OutboxMail

    event = make_event(capacity=3)
    first, second, third = make_user(), make_user(), make_user()
    with app.test_request_context():
        rsvp.rsvp(event.id, db.session.get(User, first.id), 3)
        assert rsvp.rsvp(event.id, db.session.get(User, second.id), 2).status == "waiting"
        assert rsvp.rsvp(event.id, None, 1, guest_name="Joyce", guest_contact="joyce@example.org").status == "waiting"
        assert rsvp.rsvp(event.id, db.session.get(User, third.id), 1).status == "waiting"
        assert rsvp.cancel(event.id, user=db.session.get(User, first.id))
        assert db.session.scalar(select(OutboxMail.recipient).where(OutboxMail.key.like("event-%-promoted-%"))) \
            == second.email
    taken, rows = _rows(app, event.id)
    assert taken == 3
    assert rows == [(second.id, "confirmed"), ("Joyce", "confirmed"), (third.id, "waiting")]


def test_an_rsvp_twice_and_too_many_people_are_refused(app, make_event, make_user):
    """Answering twice, or for more people than the event holds, is refused."""
    from portal.accounts.models import User
    from portal.events import rsvp

    event = make_event(capacity=4)
    person = make_user()
    with app.app_context():
        rsvp.rsvp(event.id, db.session.get(User, person.id), 1)
        with pytest.raises(rsvp.RsvpRefused) as refused:
            rsvp.rsvp(event.id, db.session.get(User, person.id), 1)
        assert refused.value.reason == "already"
        with pytest.raises(rsvp.RsvpRefused) as refused:
            rsvp.rsvp(event.id, None, 3, 2, guest_name="Groot gezin", guest_contact="0612345678")
        assert refused.value.reason == "too-many"


def test_guest_details_are_purged_a_week_after_the_event(app, make_event, clock):
    """The daily clean-up deletes guests' names and contacts once their event is a week over, not before."""
    from portal.core.registry import purge_steps
    from portal.db import utcnow
    from portal.events import rsvp
    from portal.events.models import Rsvp

    event = make_event(days=1)
    with app.app_context():
        rsvp.rsvp(event.id, None, 1, guest_name="Joyce", guest_contact="0612345678")
    assert any(step.__name__ == "purge_guest_contacts" for step in purge_steps())
    with app.app_context():
        assert rsvp.purge_guests() == 0
    clock(utcnow() + timedelta(days=10))
    with app.app_context():
        assert rsvp.purge_guests() == 1
        db.session.commit()
        row = db.session.scalar(select(Rsvp))
        assert (row.guest_name, row.guest_contact, row.guest_token) == ("—", None, None)


def test_who_waits_behind_others_is_not_told_the_event_is_full(app, client, login_as, make_event, make_user, auth):
    """A family of 8 waits for the last 5 places; one person more fits, but waits behind them (first come, first
    served): they are told others were waiting first, not "the event is full"; once really full, it says so. The
    desk's walk-in hears the same."""
    from portal.events import rsvp

    event = make_event(capacity=20, places_taken=15)
    with app.test_request_context():
        assert rsvp.rsvp(event.id, None, 4, 4, guest_name="Familie Pinas", guest_contact="0612345678").status \
            == "waiting"
        db.session.commit()
    auth.login(make_user(name="Sanne"))
    said = client.post(f"/agenda/{event.id}/rsvp", data={"people": "1"}, headers={"HX-Request": "true"})
    text = said.get_data(as_text=True)
    assert "Er wachtten al mensen op een plaats." in text and "De activiteit is vol" not in text
    auth.logout()
    login_as("librarian")
    desk = client.post(f"/agenda/{event.id}/rsvp/walk-in", data={"name": "Meneer Nowak", "contact": "",
                                                                 "people": "1"}, follow_redirects=True)
    assert "Er wachtten al mensen: Meneer Nowak staat op de wachtlijst" in desk.get_data(as_text=True)
    full = make_event(title="Volle zaal", capacity=2, places_taken=2)
    desk = client.post(f"/agenda/{full.id}/rsvp/walk-in", data={"name": "Mevrouw Bakker", "contact": "",
                                                                "people": "1"}, follow_redirects=True)
    assert "De activiteit is vol: Mevrouw Bakker staat op de wachtlijst" in desk.get_data(as_text=True)
