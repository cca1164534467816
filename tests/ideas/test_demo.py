"""The demo ideas box agrees with itself: the idea that became a task thanks its proposer, "not now" says why."""

from sqlalchemy import select

from portal.applause.models import Shout
from portal.boards.models import Task
from portal.extensions import db
from portal.ideas.models import Idea, IdeaReaction


def test_demo_ideas_have_reactions_a_task_and_a_reason(app, client):
    """The demo shows ideas and talks with reactions, one turned into a task (thanked) and one "not now"."""
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        ideas = db.session.scalars(select(Idea)).all()
        assert {idea.kind for idea in ideas} == {"idea", "offer", "wish"}
        assert db.session.scalars(select(IdeaReaction)).first() is not None
        (became,) = [idea for idea in ideas if idea.became_kind]
        assert became.became_kind == "task" and db.session.get(Task, became.became_id) is not None
        assert db.session.scalars(select(Shout.subject_id).where(Shout.automatic == "idea")).all() == [became.id]
        assert [idea.status_reason for idea in ideas if idea.status == "not_now"] != [""]
    page = client.get("/ideeen").get_data(as_text=True)
    assert "Bomen planten langs de Bijlmerdreef" in page and "Nu niet, omdat:" in page
