"""Members-only ideas are invisible to outsiders everywhere: list, filter, pages, fragments, counts, the home page,
actions, the thanks they lead to, and the link to what they became."""

import pytest
from sqlalchemy import select

from portal.core.registry import idea_targets
from portal.extensions import db
from portal.ideas import services
from portal.ideas.models import IdeaComment, IdeaReaction
from portal.initiatives.models import Initiative, Membership
from tests.conftest import HX

SECRET = "Geheim plan van de huurders"


@pytest.fixture
def private_idea(app, make_initiative, make_idea, make_user):
    """Return a members-only initiative with one member, and an idea of it with a reaction and a comment."""
    initiative = make_initiative("Huurderscommissie blok C")
    member = make_user(name="Lid")
    with app.app_context():
        db.session.get(Initiative, initiative.id).visibility = "members"
        db.session.add(Membership(initiative_id=initiative.id, user_id=member.id))
        db.session.commit()
    idea = make_idea(SECRET, proposer=member, initiative=initiative)
    with app.app_context():
        db.session.add(IdeaReaction(idea_id=idea.id, user_id=member.id, kind="come"))
        services.add_comment(idea, db.session.get(type(member), member.id), "Alleen voor leden")
        db.session.commit()
    return {"initiative": initiative, "member": member, "idea": idea}


@pytest.mark.parametrize("who", ["visitor", "resident"])
def test_an_outsider_sees_nothing_of_a_members_only_idea(client, login_as, make_idea, private_idea, who):
    """List, status filter, paging fragment, home page, its page and the English address: nothing shows."""
    make_idea("Een openbaar idee")
    if who == "resident":
        login_as("resident")
    idea_id = private_idea["idea"].id
    for path in ("/ideeen", "/ideeen?status=new", f"/ideeen?before={idea_id + 1}", "/", "/ideeen/nieuw"):
        for headers in ({}, HX):
            page = client.get(path, headers=headers).get_data(as_text=True)
            assert SECRET not in page and "Huurderscommissie" not in page and "Alleen voor leden" not in page, path
    assert "Een openbaar idee" in client.get("/ideeen").get_data(as_text=True)
    assert client.get(f"/ideeen/{idea_id}").status_code == 404
    assert client.get(f"/ideas/{idea_id}", follow_redirects=True).status_code == 404


def test_an_outsider_cannot_act_on_a_members_only_idea(client, app, login_as, private_idea):
    """Reacting, commenting and reporting its comments answer 404 to a resident who is no member."""
    login_as("resident")
    idea_id = private_idea["idea"].id
    with app.app_context():
        comment_id = db.session.scalars(select(IdeaComment.id)).one()
    assert client.post(f"/ideeen/{idea_id}/reageer", data={"kind": "come", "on": "1"}).status_code == 404
    assert client.post(f"/ideeen/{idea_id}/reacties", data={"text": "Hallo"}).status_code == 404
    assert client.post(f"/ideeen/reacties/{comment_id}/melden").status_code == 404
    with app.app_context():
        assert len(db.session.scalars(select(IdeaReaction)).all()) == 1


def test_a_member_sees_and_reacts_to_the_members_only_idea(client, auth, private_idea):
    """The member sees the idea in the list and on its page, with its counts, and can react."""
    auth.login(private_idea["member"])
    assert SECRET in client.get("/ideeen").get_data(as_text=True)
    page = client.get(f"/ideeen/{private_idea['idea'].id}").get_data(as_text=True)
    assert 'Ik kom <span class="react-count">1</span>' in page and "Alleen voor leden" in page
    response = client.post(f"/ideeen/{private_idea['idea'].id}/reageer", data={"kind": "help", "on": "1"})
    assert response.status_code == 303


def test_an_outsider_never_sees_the_initiative_in_the_form_choices(client, login_as, private_idea):
    """The initiative choice of the proposal form lists only initiatives the person may see."""
    assert "Huurderscommissie" not in client.get("/ideeen/nieuw").get_data(as_text=True)
    login_as("resident")
    assert "Huurderscommissie" not in client.get("/ideeen/nieuw").get_data(as_text=True)
    response = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "Stiekem",
                                                  "initiative": str(private_idea["initiative"].id)})
    assert response.status_code == 422


def test_the_thanks_and_the_link_of_a_task_on_a_members_only_board_stay_with_members(
        client, app, make_user, make_idea, private_idea):
    """A public idea turned into a task on a members-only board: outsiders see neither the task nor the thanks."""
    idea = make_idea("Een openbaar idee")
    coordinator = make_user(role="coordinator")
    task = next(target for target in idea_targets() if target.kind == "task")
    with app.test_request_context():
        services.realise(idea.id, task, "Geheime klus", "", private_idea["initiative"].id,
                         db.session.get(type(coordinator), coordinator.id))
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "Dit idee is nu een taak op een bord:" in page and "(nog) niet voor iedereen te zien" in page
    assert "Geheime klus" not in page
    assert "Een openbaar idee" not in client.get("/applause").get_data(as_text=True)


def test_the_initiative_filter_of_a_members_only_initiative_is_not_found_for_outsiders(client, login_as,
                                                                                      private_idea):
    """/ideeen?initiative=<members-only> answers 404 to outsiders, as if it did not exist; members see it."""
    path = f"/ideeen?initiative={private_idea['initiative'].id}"
    assert client.get(path).status_code == 404
    login_as("resident")
    assert client.get(path).status_code == 404
