"""The ideas box at the kiosk: a librarian writes down a walk-in's idea; a visitor leaves a name and phone."""

from sqlalchemy import select

from portal.extensions import db
from portal.ideas.models import Idea
from tests.kiosk.test_views import make_kiosk


def test_the_kiosk_start_screen_has_an_idea_tile(client, login_as):
    """The start screen offers "I have an idea" as a big tile leading to the kiosk's idea form."""
    make_kiosk(client, login_as)
    page = client.get("/kiosk").get_data(as_text=True)
    assert 'href="/kiosk/idea"' in page and "Ik heb een idee" in page


def test_a_librarian_writes_down_a_walk_ins_idea(client, app, login_as):
    """At the kiosk a librarian records a walk-in's idea with their name and phone; the librarian is kept."""
    make_kiosk(client, login_as)
    librarian = login_as("librarian")
    form = client.get("/kiosk/idea").get_data(as_text=True)
    assert "Naam van de bewoner" in form and 'autocomplete="off"' in form
    assert "Stop het idee in de bus" in form and "Stop mijn idee" not in form  # it is the resident's idea
    response = client.post("/kiosk/idea", data={"kind": "offer", "title": "Koken uit Suriname",
                                                 "visitor_name": "Gloria", "visitor_phone": "06 12345678"})
    assert response.status_code == 303
    with app.app_context():
        idea = db.session.scalars(select(Idea)).one()
        assert (idea.kind, idea.visitor_name, idea.visitor_phone, idea.proposer_id, idea.recorded_by_id) == (
            "offer", "Gloria", "06 12345678", None, librarian.id)
        assert not idea.show_visitor_name


def test_a_visitor_at_the_kiosk_leaves_a_name_and_phone(client, app, login_as):
    """Without logging in, the kiosk form asks for a name and phone number, and refuses a missing phone."""
    make_kiosk(client, login_as)
    assert "Stop mijn idee in de bus" in client.get("/kiosk/idea").get_data(as_text=True)
    refused = client.post("/kiosk/idea", data={"kind": "idea", "title": "Bankjes", "visitor_name": "Ans"})
    assert refused.status_code == 422 and 'id="visitor_phone-error"' in refused.get_data(as_text=True)
    response = client.post("/kiosk/idea", data={"kind": "idea", "title": "Bankjes", "visitor_name": "Ans",
                                                "visitor_phone": "0201234567", "show_visitor_name": "y"})
    assert response.status_code == 303
    assert "Van Ans" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_kiosk_idea_page_sends_other_computers_to_the_ideas_box(client):
    """On a computer that is no kiosk, /kiosk/idea leads to the ideas box's own form."""
    assert client.get("/kiosk/idea").headers["Location"] == "/ideeen/nieuw"
