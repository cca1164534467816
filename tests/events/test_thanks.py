"""After the event: the automatic thank-you says how many people came, in the reader's language, and a
members-only event of a members-only initiative is thanked too, for its members' eyes only."""

from __future__ import annotations

from portal.extensions import db


def _held_with_helper(app, event, organiser, helper):
    """Give the event a shift that `helper` takes, then move the event into the past (it happened)."""
    from datetime import timedelta

    from portal.accounts.models import User
    from portal.boards import services as boards
    from portal.events import services
    from portal.events.models import Event

    with app.test_request_context():
        row = db.session.get(Event, event.id)
        shift = services.add_shift(row, "kitchen", 0, 60, 2, db.session.get(User, organiser.id))
        boards.claim(shift.task_id, db.session.get(User, helper.id))
        row = db.session.get(Event, event.id)
        row.start_at, row.end_at = row.start_at - timedelta(days=10), row.end_at - timedelta(days=10)
        db.session.commit()


def test_the_thanks_says_how_many_came(client, app, auth, make_user, make_initiative, make_member, make_event):
    """The organiser says 45 people came: the wall reads "Met 45 buren" in Dutch and "With 45 neighbours" in
    English."""
    initiative = make_initiative("Buurtborrel Zuidoost")
    event = make_event(initiative, title="Buurtborrel")
    organiser, helper = make_user(name="Carla"), make_user(name="Henk")
    make_member(organiser, initiative, role="carrier")
    _held_with_helper(app, event, organiser, helper)
    auth.login(organiser)
    form = client.get(f"/agenda/{event.id}/took-place").get_data(as_text=True)
    assert "Hoeveel mensen kwamen er" in form
    assert client.post(f"/agenda/{event.id}/took-place", data={"people_came": "45"}).status_code == 303
    auth.logout()
    assert "Met 45 buren" in client.get("/applause").get_data(as_text=True)
    client.get("/language/en")
    assert "With 45 neighbours" in client.get("/applause").get_data(as_text=True)


def test_a_members_only_event_is_thanked_for_members_only(client, app, auth, make_user, make_member, make_event,
                                                          private_initiative):
    """A members-only event of a members-only initiative gets its thank-you: its members read it, a visitor and a
    resident who is no member do not."""
    event = make_event(private_initiative, title="Ledenavond", public=False)
    organiser, helper, outsider = make_user(name="Carla"), make_user(name="Henk"), make_user(name="Buurman")
    make_member(organiser, private_initiative, role="carrier")
    make_member(helper, private_initiative)
    _held_with_helper(app, event, organiser, helper)
    auth.login(organiser)
    assert client.post(f"/agenda/{event.id}/took-place", data={"people_came": "12"}).status_code == 303
    auth.logout()
    assert "Ledenavond" not in client.get("/applause").get_data(as_text=True)
    auth.login(outsider)
    assert "Ledenavond" not in client.get("/applause").get_data(as_text=True)
    auth.logout()
    auth.login(helper)
    page = client.get("/applause").get_data(as_text=True)
    assert "Ledenavond" in page and "Met 12 buren" in page
