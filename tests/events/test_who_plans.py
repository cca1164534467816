"""Who may plan an event: an event is organised by an initiative. Its members plan a draft; its carriers and contact
person, or a coordinator, put it in the agenda. Someone in no initiative gets no "plan" button and a 403."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from tests.events.test_views import _form


def _events(app) -> list[tuple[str, str]]:
    from portal.events.models import Event

    with app.app_context():
        return [(event.title, event.status) for event in db.session.scalars(select(Event).order_by(Event.id))]


def _mails(app) -> set[str]:
    from portal.mail.models import OutboxMail

    with app.app_context():
        return set(db.session.scalars(select(OutboxMail.recipient).where(OutboxMail.key.like("event-%-draft-%"))))


def test_a_visitor_and_someone_in_no_initiative_cannot_plan(client, app, login_as, make_initiative):
    """No "plan an event" button on the agenda; the form is a log-in for a visitor and a 403 for a resident who
    is in no initiative, and a post saves nothing."""
    initiative = make_initiative("Taalcafé")
    assert "/agenda/new" not in client.get("/agenda").get_data(as_text=True)
    assert "/login" in client.get("/agenda/new").headers["Location"]
    login_as()
    assert "/agenda/new" not in client.get("/agenda").get_data(as_text=True)
    assert client.get("/agenda/new").status_code == 403
    assert client.post("/agenda/new", data=_form(initiative)).status_code == 403
    assert _events(app) == []


def test_a_plain_member_plans_a_draft_and_the_carriers_are_asked(client, app, login_as, make_user, make_initiative,
                                                                  make_member):
    """A member sees the button and a form that says it becomes a draft; saving makes a draft (not in the agenda),
    and the carriers and the contact person get a mail to check it. A plain member of another initiative is not."""
    initiative = make_initiative("Taalcafé")
    carrier, contact, other = make_user(name="Carla"), make_user(name="Cor"), make_user(name="Olga")
    make_member(carrier, initiative, role="carrier")
    make_member(contact, initiative, role="contact")
    make_member(other, initiative)
    member = login_as()
    make_member(member, initiative)
    assert "/agenda/new" in client.get("/agenda").get_data(as_text=True)
    form = client.get("/agenda/new").get_data(as_text=True)
    assert "Opslaan als concept" in form and 'name="draft"' not in form
    response = client.post("/agenda/new", data=_form(initiative, title="Taalcafé met taart"))
    assert response.status_code == 303
    assert _events(app) == [("Taalcafé met taart", "draft")]
    assert "Taalcafé met taart" not in client.get("/agenda").get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Concept" in page and "Pas je concept aan" in page
    # Not "no longer": not yet. And no calendar file for an event that may never happen.
    assert "Aanmelden kan zodra de activiteit in de agenda staat." in page
    assert "niet meer aanmelden" not in page and "Zet in je agenda" not in page
    assert _mails(app) == {carrier.email, contact.email}


def test_a_plain_member_may_change_their_draft_but_not_publish_it(client, app, auth, login_as, make_initiative,
                                                                  make_member):
    """The member who planned the draft changes it, but unticking "draft" keeps it a draft; they cannot cancel it,
    ask for hands or see who comes; another plain member cannot change it."""
    initiative = make_initiative("Taalcafé")
    member = login_as()
    make_member(member, initiative)
    location = client.post("/agenda/new", data=_form(initiative, title="Taalcafé")).headers["Location"]
    assert "Pas je concept aan" in client.get(location).get_data(as_text=True)
    assert client.get(f"{location}/edit").status_code == 200
    assert client.post(f"{location}/edit", data=_form(initiative, title="Taalcafé met taart")).status_code == 303
    assert _events(app) == [("Taalcafé met taart", "draft")]
    for path in ("cancel", "shifts/new", "people"):
        assert client.get(f"{location}/{path}").status_code == 403, path
    auth.logout()
    make_member(login_as(), initiative)
    assert client.get(f"{location}/edit").status_code == 403


@pytest.mark.parametrize("role", ["carrier", "contact"])
def test_carriers_and_the_contact_publish(client, app, login_as, make_initiative, make_member, role):
    """A carrier or the contact person puts an event straight in the agenda; nobody is asked to check it."""
    initiative = make_initiative("Taalcafé")
    organiser = login_as()
    make_member(organiser, initiative, role=role)
    form = client.get("/agenda/new").get_data(as_text=True)
    assert 'name="draft"' in form and "Zet in de agenda" in form
    assert client.post("/agenda/new", data=_form(initiative, title="Taalcafé")).status_code == 303
    assert _events(app) == [("Taalcafé", "published")]
    assert "Taalcafé" in client.get("/agenda").get_data(as_text=True)
    assert _mails(app) == set()


def test_a_carrier_publishes_a_members_draft(client, app, auth, login_as, make_user, make_initiative, make_member):
    """The carrier opens the member's draft, unticks "draft" and saves: it is in the agenda."""
    initiative = make_initiative("Taalcafé")
    carrier = make_user()
    make_member(carrier, initiative, role="carrier")
    member = login_as()
    make_member(member, initiative)
    location = client.post("/agenda/new", data=_form(initiative, title="Taalcafé")).headers["Location"]
    auth.logout()
    auth.login(carrier)
    assert 'name="draft"' in client.get(f"{location}/edit").get_data(as_text=True)
    assert client.post(f"{location}/edit", data=_form(initiative, title="Taalcafé")).status_code == 303
    assert _events(app) == [("Taalcafé", "published")]


def test_a_coordinator_publishes_for_any_initiative(client, app, login_as, make_initiative):
    """A coordinator who is in no initiative plans and publishes for any of them."""
    initiative = make_initiative("Taalcafé")
    login_as("coordinator")
    assert client.post("/agenda/new", data=_form(initiative, title="Taalcafé")).status_code == 303
    assert _events(app) == [("Taalcafé", "published")]


def test_a_member_plans_only_for_their_own_initiatives(client, app, login_as, make_initiative, make_member):
    """Carrying one initiative and being a plain member of another: the form says which become drafts; an
    initiative they are not in is refused at the field and nothing is saved."""
    carried, joined, foreign = (make_initiative("Taalcafé"), make_initiative("Buurtfeest"),
                                make_initiative("Moestuin"))
    person = login_as()
    make_member(person, carried, role="carrier")
    make_member(person, joined)
    form = client.get("/agenda/new").get_data(as_text=True)
    assert 'name="draft"' in form and "dat je niet draagt" in form
    assert client.post("/agenda/new", data=_form(joined, title="Straatfeest")).status_code == 303
    assert client.post("/agenda/new", data=_form(carried, title="Taalcafé")).status_code == 303
    refused = client.post("/agenda/new", data=_form(foreign, title="Oogstfeest"))
    assert refused.status_code == 422 and "Kies een van je initiatieven" in refused.get_data(as_text=True)
    assert _events(app) == [("Straatfeest", "draft"), ("Taalcafé", "published")]
