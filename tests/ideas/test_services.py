"""Ideas box rules: proposing, reactions once per kind, status, turning into a task or an initiative, clean-up."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.accounts.services import delete_account, export_user_data
from portal.applause.models import Shout, ShoutThanks
from portal.applause.services import load_shout
from portal.boards.models import Task
from portal.core.registry import idea_targets, purge_steps
from portal.db import utcnow
from portal.extensions import db
from portal.ideas import services
from portal.ideas.models import Idea, IdeaComment, IdeaReaction
from portal.initiatives.models import Initiative, Membership


def target(kind: str):
    return next(item for item in idea_targets() if item.kind == kind)


def thanked(shout_id: int) -> list[int | None]:
    return list(db.session.scalars(select(ShoutThanks.user_id).where(ShoutThanks.shout_id == shout_id)))


def test_a_reaction_asked_twice_stays_one_and_can_be_taken_back(app, make_idea, make_user):
    """Saying "ik kom" twice keeps one reaction; the other kinds count apart; taking it back removes it."""
    idea, person = make_idea(), make_user()
    with app.app_context():
        assert services.react(idea.id, person.id, "come", True) is True
        assert services.react(idea.id, person.id, "come", True) is True
        services.react(idea.id, person.id, "help", True)
        tallies = services.tallies(person, [db.session.get(Idea, idea.id)])
        assert tallies["counts"][idea.id] == {"come": 1, "help": 1, "know": 0}
        assert tallies["mine"][idea.id] == {"come", "help"}
        assert services.react(idea.id, person.id, "come", False) is False
        assert services.tallies(person, [db.session.get(Idea, idea.id)])["counts"][idea.id]["come"] == 0


def test_the_database_refuses_a_second_reaction_of_the_same_kind(app, make_idea, make_user):
    """One of each reaction per person is a database rule (the primary key), not only a check in Python."""
    idea, person = make_idea(), make_user()
    with app.app_context():
        db.session.add(IdeaReaction(idea_id=idea.id, user_id=person.id, kind="know"))
        db.session.commit()
        db.session.add(IdeaReaction(idea_id=idea.id, user_id=person.id, kind="know"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_not_now_without_a_reason_is_refused_by_the_database(app, make_idea):
    """"Not now" always carries its reason: a check constraint holds it."""
    idea = make_idea()
    with app.app_context():
        row = db.session.get(Idea, idea.id)
        row.status = "not_now"
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        services.set_status(db.session.get(Idea, idea.id), "not_now", "Geen geld dit jaar.")
        db.session.commit()
        assert db.session.get(Idea, idea.id).status_reason == "Geen geld dit jaar."
        services.set_status(db.session.get(Idea, idea.id), "planned", "ignored")
        db.session.commit()
        assert db.session.get(Idea, idea.id).status_reason == ""


def test_turning_an_idea_into_a_task_keeps_the_link_and_thanks_the_proposer(app, make_idea, make_user,
                                                                          make_initiative):
    """The task lands on the chosen board, the idea says what it became, and applause thanks the proposer."""
    board = make_initiative("Groen in de buurt")
    proposer = make_user(name="Joyce")
    idea = make_idea("Bomen planten langs de Bijlmerdreef", proposer=proposer)
    coordinator = make_user(role="coordinator")
    with app.test_request_context():
        links = services.realise(idea.id, target("task"), "Plekken voor bomen kiezen", "", board.id,
                                 db.session.get(type(coordinator), coordinator.id))
        row = db.session.get(Idea, idea.id)
        task = db.session.get(Task, row.became_id)
        assert (row.became_kind, row.status, task.initiative_id, task.title) == (
            "task", "planned", board.id, "Plekken voor bomen kiezen")
        shout = db.session.scalars(select(Shout).where(Shout.automatic == "idea")).one()
        assert links == [f"/applause/{shout.id}"]
        assert shout.initiative_id == board.id and thanked(shout.id) == [proposer.id]
        assert shout.subject_id == idea.id and shout.text == ""  # the idea is named when shown, never copied
        assert "Bomen planten langs de Bijlmerdreef" in load_shout(shout.id, None).message
        assert services.became(row, None) == {"label": "een taak op een bord", "title": "Plekken voor bomen kiezen",
                                              "path": f"/boards/{board.id}#task-{task.id}"}
        with pytest.raises(services.AlreadyRealised):
            services.realise(idea.id, target("task"), "Nog een", "", board.id,
                             db.session.get(type(proposer), proposer.id))
        assert db.session.scalar(select(func.count()).select_from(Task)) == 1


def test_turning_an_idea_into_an_initiative_makes_its_proposer_of_the_thanks_a_neighbour_when_a_walk_in(
        app, make_idea, make_user):
    """A walk-in's idea becomes an initiative started by the coordinator; the thanks say "a neighbour"."""
    coordinator = make_user(role="coordinator")
    idea = make_idea("Repaircafé", visitor_name="Gloria", visitor_phone="06 12345678")
    with app.app_context():
        services.realise(idea.id, target("initiative"), "Repaircafé Zuidoost", "Samen repareren.", None,
                         db.session.get(type(coordinator), coordinator.id))
        initiative = db.session.scalars(select(Initiative).where(Initiative.name == "Repaircafé Zuidoost")).one()
        assert initiative.visibility == "public"
        assert db.session.get(Membership, (initiative.id, coordinator.id)) is not None
        shout_id = db.session.scalars(select(Shout.id).where(Shout.automatic == "idea")).one()
        assert thanked(shout_id) == [None]
        with app.test_request_context():
            assert load_shout(shout_id, None).thanked_label(public=True) == "een buurtbewoner"


def test_a_members_only_idea_becomes_a_members_only_initiative(app, make_idea, make_user, make_initiative):
    """What grows from a members-only idea stays with members: the new initiative is members-only too."""
    private = make_initiative("Huurdersoverleg")
    with app.app_context():
        db.session.get(Initiative, private.id).visibility = "members"
        db.session.commit()
    coordinator = make_user(role="coordinator")
    idea = make_idea("Een huurdersvereniging", initiative=private)
    with app.app_context():
        services.realise(idea.id, target("initiative"), "Huurdersvereniging", "", private.id,
                         db.session.get(type(coordinator), coordinator.id))
        made = db.session.scalars(select(Initiative).where(Initiative.name == "Huurdersvereniging")).one()
        assert made.visibility == "members"


def test_the_daily_clean_up_removes_a_visitors_phone_weeks_after_the_idea_closed(app, make_idea):
    """The phone goes (and the name, unless it was to be shown) once an idea is done or "not now" for weeks."""
    old = utcnow() - timedelta(weeks=5)
    done = make_idea("Klaar", visitor_name="Gloria", visitor_phone="06 1", status="done", status_changed_at=old)
    shown = make_idea("Nu niet", visitor_name="Ans", visitor_phone="06 2", show_visitor_name=True,
                      status="not_now", status_reason="Te duur", status_changed_at=old)
    recent = make_idea("Net klaar", visitor_name="Bo", visitor_phone="06 3", status="done")
    open_idea = make_idea("Open", visitor_name="Cas", visitor_phone="06 4", status_changed_at=old)
    with app.app_context():
        lines = [step() for step in purge_steps()]
        db.session.commit()
        assert "visitor contact details removed from 2 idea(s)" in lines
        rows = {idea.id: db.session.get(Idea, idea.id) for idea in (done, shown, recent, open_idea)}
        assert (rows[done.id].visitor_name, rows[done.id].visitor_phone) == (None, None)
        assert (rows[shown.id].visitor_name, rows[shown.id].visitor_phone) == ("Ans", None)
        assert rows[recent.id].visitor_phone == "06 3" and rows[open_idea.id].visitor_phone == "06 4"


def test_a_visitor_name_is_shown_only_when_they_agreed(app, make_idea, make_user):
    """A visitor who agreed is named; otherwise "a neighbour", except for librarians and coordinators."""
    agreed = make_idea(visitor_name="Ans", visitor_phone="06 2", show_visitor_name=True)
    private = make_idea(visitor_name="Gloria", visitor_phone="06 1")
    with app.app_context(), app.test_request_context():
        assert db.session.get(Idea, agreed.id).proposer_label(public=True) == "Ans"
        assert db.session.get(Idea, private.id).proposer_label(public=True) == "een buurtbewoner"
        assert db.session.get(Idea, private.id).proposer_label(public=False) == "een buurtbewoner"


def test_my_data_holds_my_ideas_reactions_and_comments_and_deletion_unsigns_them(app, make_idea, make_user):
    """"Download my data" lists ideas, reactions and comments; deleting the account keeps the idea unsigned."""
    person = make_user(name="Sanne")
    idea = make_idea("Repaircafé", proposer=person)
    with app.app_context():
        services.react(idea.id, person.id, "help", True)
        services.add_comment(db.session.get(Idea, idea.id), db.session.get(type(person), person.id), "Ik help!")
        db.session.commit()
        data = export_user_data(db.session.get(type(person), person.id))["ideas"]
        assert [row["title"] for row in data["ideas_proposed"]] == ["Repaircafé"]
        assert data["reactions"][0]["reaction"] == "help" and data["comments"][0]["text"] == "Ik help!"
        delete_account(db.session.get(type(person), person.id))
        db.session.commit()
        row = db.session.get(Idea, idea.id)
        assert row.proposer_id is None
        assert db.session.scalar(select(func.count()).select_from(IdeaReaction)) == 0
        assert db.session.scalars(select(IdeaComment)).one().author_id is None
