"""An idea from the ideas box becomes "a talk": a draft event of the chosen initiative, linked, its proposer thanked."""

from sqlalchemy import func, select

from portal.applause.models import Shout
from portal.events.models import Event
from portal.extensions import db
from portal.initiatives.models import Initiative


def test_a_coordinator_turns_an_idea_into_a_draft_talk(client, app, login_as, make_idea, make_initiative, auth):
    """The talk is a draft event of the initiative with the idea's title and text; the idea links to it for those
    who run it, the proposer is thanked, and a visitor sees neither the draft nor a link to it."""
    club = make_initiative("Gezond Zuidoost")
    idea = make_idea("Avond over diabetes", initiative=club)
    with app.app_context():
        from portal.ideas.models import Idea
        db.session.get(Idea, idea.id).text = "Een huisarts vertelt, daarna vragen."
        db.session.commit()
    login_as("coordinator")
    form = client.get(f"/ideeen/{idea.id}/omzetten").get_data(as_text=True)
    assert "een spreekbeurt of bijeenkomst" in form
    refused = client.post(f"/ideeen/{idea.id}/omzetten", data={"target": "talk", "title": "X", "initiative": "0"})
    assert refused.status_code == 422
    response = client.post(f"/ideeen/{idea.id}/omzetten", data={"target": "talk", "title": "Diabetes-avond",
                                                                "initiative": str(club.id)})
    assert response.status_code == 303
    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        assert (event.title, event.status, event.initiative_id, event.public) == ("Diabetes-avond", "draft", club.id,
                                                                                  True)
        assert event.description == "Een huisarts vertelt, daarna vragen." and event.address
        assert event.end_at > event.start_at
        assert db.session.scalars(select(Shout.automatic)).one() == "idea"
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "Dit idee is nu een spreekbeurt of bijeenkomst" in page and f'href="/agenda/{event.id}"' in page
    assert client.get(f"/agenda/{event.id}").status_code == 200
    auth.logout()
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert f'href="/agenda/{event.id}"' not in page and "Diabetes-avond" not in page
    assert "(nog) niet voor iedereen te zien" in page  # a draft, not "only its members": it is meant for everyone
    assert client.get(f"/agenda/{event.id}").status_code == 404
    assert "Diabetes-avond" not in client.get("/agenda").get_data(as_text=True)


def test_a_talk_of_a_members_only_initiative_is_for_members_only(client, app, login_as, make_idea, make_initiative):
    """A talk from an idea of a members-only initiative is made members-only too, so publishing it leaks nothing."""
    club = make_initiative("Geheime club")
    with app.app_context():
        db.session.get(Initiative, club.id).visibility = "members"
        db.session.commit()
    idea = make_idea("Een avond voor ons", initiative=club)
    login_as("coordinator")
    client.post(f"/ideeen/{idea.id}/omzetten", data={"target": "talk", "title": "Ledenavond",
                                                     "initiative": str(club.id)})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event).where(Event.public.is_(False))) == 1
