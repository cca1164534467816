"""The desk's ticket slip for a walk-in: the librarian signs a resident without an account up and lands on a slip of
its own to print; nobody else (the next person at the kiosk, another resident, a visitor) can open it."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db


def _sign_up(client, event, name: str = "Mevrouw Pinas", **extra):
    data = {"name": name, "contact": "06-12345678", "people": "1", "children": "2", **extra}
    return client.post(f"/agenda/{event.id}/rsvp/walk-in", data=data)


def test_the_sign_up_lands_on_the_slip_ready_to_print(client, login_as, make_event, app):
    """After the sign-up the librarian is on the slip: event, when, where, the name, the places, how to print it,
    and the address that cancels (on paper only) with a QR code to the event."""
    from portal.events.models import Rsvp

    event = make_event(title="Keti Koti", capacity=10, address="Bijlmerpark")
    login_as("librarian")
    response = _sign_up(client, event)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.fullmatch(rf"/agenda/{event.id}/rsvp/\d+/slip#main", location), location
    assert "/guest/" not in location  # the secret link never enters the kiosk's history
    page = client.get(location).get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(select(Rsvp).where(Rsvp.event_id == event.id))
    slip = page.split('id="rsvp-slip"')[1].split("</article>")[0]
    for text in ("Keti Koti", "Bijlmerpark", "Mevrouw Pinas", "06-12345678", "Je komt", "1 volwassene",
                 "2 kinderen", f"/agenda/{event.id}/guest/{row.guest_token}", "/qr.svg?path="):
        assert text in slip, text
    assert "Ctrl+P" in page and 'class="print-only"' in slip
    assert "Aangemeld: Mevrouw Pinas komt naar Keti Koti." in page
    assert page.count(row.guest_token) == 1  # on the paper, nowhere else on the page


def test_a_full_event_puts_the_walk_in_on_the_waiting_list_and_the_slip_says_so(client, login_as, make_event):
    """No places left: the slip says "on the waiting list" and how moving up works."""
    event = make_event(capacity=5, places_taken=5)
    login_as("librarian")
    page = client.get(_sign_up(client, event).headers["Location"]).get_data(as_text=True)
    assert "Je staat op de wachtlijst" in page and "schuif je op" in page


def test_nobody_else_sees_the_slip(client, app, auth, login_as, make_user, make_event):
    """The next person at the kiosk (no account), a resident, and another librarian get a 404; the librarian who
    wrote it down sees it again, from the list of who is coming too."""
    event = make_event(capacity=10)
    librarian = login_as("librarian")
    slip = _sign_up(client, event).headers["Location"]
    rsvp_id = int(slip.split("/")[-2])
    auth.logout()  # "Done", or the idle log-out
    assert client.get(slip).status_code == 404
    login_as()
    assert client.get(slip).status_code == 404
    auth.logout()
    login_as("librarian")
    assert client.get(slip).status_code == 404
    assert client.get(f"/agenda/{event.id}/rsvp/{rsvp_id}/slip").status_code == 404
    auth.logout()
    assert auth.login(librarian).status_code == 303
    assert client.get(slip).status_code == 200
    assert slip.split("#")[0] in client.get(f"/agenda/{event.id}/people").get_data(as_text=True)


def test_a_slip_is_only_for_a_walk_in_of_that_event(client, app, login_as, make_event):
    """Another event's number, a guest's own RSVP (no desk), or a huge number: 404."""
    from portal.events import rsvp

    event, other = make_event(capacity=10), make_event(title="Straatfeest")
    with app.app_context():
        guest_id = rsvp.rsvp(event.id, None, 1, 0, "Henk", "henk@example.org").id
    login_as("librarian")
    slip = _sign_up(client, event).headers["Location"]
    rsvp_id = int(slip.split("/")[-2])
    for path in (f"/agenda/{other.id}/rsvp/{rsvp_id}/slip", f"/agenda/{event.id}/rsvp/{guest_id}/slip",
                 f"/agenda/{event.id}/rsvp/{2**63}/slip", f"/agenda/{event.id}/rsvp/0/slip"):
        assert client.get(path).status_code == 404, path


def test_the_slip_goes_when_the_contact_details_are_purged(client, app, login_as, make_event):
    """A week after the event the walk-in's name and link are deleted: the slip is a 404 then."""
    from sqlalchemy import update

    from portal.events import rsvp
    from portal.events.models import Rsvp

    event = make_event(capacity=10)
    login_as("librarian")
    slip = _sign_up(client, event).headers["Location"]
    with app.app_context():
        db.session.execute(update(Rsvp).values(guest_token=None, guest_name="—", guest_contact=None))
        db.session.commit()
        assert rsvp.walkin_row(event.id, int(slip.split("/")[-2])) is None
    assert client.get(slip).status_code == 404


def test_a_refused_sign_up_makes_no_slip(client, login_as, make_event):
    """A cancelled event: the message says why, and no slip."""
    event = make_event(status="cancelled")
    login_as("librarian")
    response = _sign_up(client, event)
    assert "/slip" not in response.headers.get("Location", "")


def test_a_sign_up_without_a_name_says_so_at_the_field_and_keeps_what_was_typed(client, app, login_as, make_event):
    """No name: the page again (422) with the message at the name field inside the desk's form, what was typed
    kept, and the form's address ending in #walk-in so the browser shows the form, not the top of the page."""
    from portal.events.models import Rsvp

    event = make_event(title="Keti Koti", capacity=10)
    login_as("librarian")
    response = _sign_up(client, event, name="", contact="06-99887766")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    walk_in = page.split('id="walk-in"')[1].split("</section>")[0]
    assert 'class="error"' in walk_in and 'aria-invalid="true"' in walk_in and 'value="06-99887766"' in walk_in
    assert f'action="/agenda/{event.id}/rsvp/walk-in#walk-in"' in walk_in
    with app.app_context():
        assert db.session.scalar(select(Rsvp).where(Rsvp.event_id == event.id)) is None


def test_the_same_walkin_twice_is_told_at_the_desk_form_in_words_for_the_librarian(client, app, login_as,
                                                                                 make_event):
    """The same name and contact a second time: the page again (409) with "this person is on the list already" at
    the name in the desk's form, what was typed kept; the librarian's own "Kom je ook?" box says nothing, and
    nothing speaks of a link the walk-in never had. Too many people: said at the number of adults."""
    from portal.events.models import Rsvp

    event = make_event(title="Keti Koti", capacity=3)
    login_as("librarian")
    assert _sign_up(client, event, children="0").status_code == 303
    response = _sign_up(client, event, name="mevrouw pinas ", people="2", children="0")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    walk_in = page.split('id="walk-in"')[1].split("</section>")[0]
    assert "Deze persoon staat er al op de lijst." in walk_in and 'aria-invalid="true"' in walk_in
    assert 'value="mevrouw pinas "' in walk_in and 'value="06-12345678"' in walk_in and 'value="2"' in walk_in
    assert page.count("staat er al op") == 1 and "link" not in page.split('id="walk-in"')[0].split('id="rsvp"')[1]
    too_many = _sign_up(client, event, name="Fatima", people="5", children="0")
    walk_in = too_many.get_data(as_text=True).split('id="walk-in"')[1].split("</section>")[0]
    assert too_many.status_code == 409 and "meer mensen dan" in walk_in and 'value="Fatima"' in walk_in
    with app.app_context():
        assert len(db.session.scalars(select(Rsvp).where(Rsvp.event_id == event.id)).all()) == 1
