"""Who runs an event: the carriers and the contact of the organising initiative, and coordinators. A plain member
sees the event and its counts, never who is coming nor their phone or e-mail, and cannot change or cancel it."""

from __future__ import annotations

import pytest

from portal.extensions import db

ORGANISER_PAGES = ("people", "sign-in", "edit", "cancel", "shifts/new")


def _guest(app, event, name: str = "Henk de Vries", contact: str = "06-12345678"):
    from portal.events import rsvp

    with app.app_context():
        rsvp.rsvp(event.id, None, 2, 1, name, contact)


def test_a_plain_member_sees_counts_but_no_guests_and_cannot_change_the_event(client, app, login_as,
                                                                               make_initiative, make_member,
                                                                               make_event):
    """A member who does not carry the initiative gets 403 on the guest list, sign-in sheet, edit, cancel and
    shifts, and the event page shows how many come but no names, phones or the organisers' block."""
    from portal.events.models import Event

    initiative = make_initiative("Buurtborrel Zuidoost")
    event = make_event(initiative, capacity=30)
    _guest(app, event)
    member = login_as(language="nl")
    make_member(member, initiative)
    for path in ORGANISER_PAGES:
        assert client.get(f"/agenda/{event.id}/{path}").status_code == 403, path
    assert client.post(f"/agenda/{event.id}/cancel").status_code == 403
    page = client.get(f"/agenda/{event.id}").get_data(as_text=True)
    assert "3 van 30 plaatsen bezet" in page
    assert "06-12345678" not in page and "Henk de Vries" not in page and "Voor de organisatoren" not in page
    with app.app_context():
        assert db.session.get(Event, event.id).status == "published"


@pytest.mark.parametrize("role", ["carrier", "contact"])
def test_carriers_and_the_contact_run_the_event(client, app, login_as, make_initiative, make_member, make_event,
                                                role):
    """A carrier or the contact person of the organising initiative sees the guest list with the guest's phone,
    the sign-in sheet, and may change and cancel the event."""
    initiative = make_initiative("Buurtborrel Zuidoost")
    event = make_event(initiative, capacity=30)
    _guest(app, event)
    organiser = login_as(language="nl")
    make_member(organiser, initiative, role=role)
    for path in ORGANISER_PAGES:
        assert client.get(f"/agenda/{event.id}/{path}").status_code == 200, path
    assert "06-12345678" in client.get(f"/agenda/{event.id}/people").get_data(as_text=True)
    assert "Henk de Vries" in client.get(f"/agenda/{event.id}/sign-in").get_data(as_text=True)
    assert "Voor de organisatoren" in client.get(f"/agenda/{event.id}").get_data(as_text=True)


def test_a_coordinator_runs_any_event(client, app, login_as, make_event):
    """A coordinator who is no member sees the guest list of any event."""
    event = make_event(capacity=30)
    _guest(app, event)
    login_as("coordinator")
    assert "06-12345678" in client.get(f"/agenda/{event.id}/people").get_data(as_text=True)
