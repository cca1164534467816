"""Nobody is offered to report their own words to a coordinator: not a shout-out, an argument or a reaction on an
idea. Everyone else keeps "Meld aan een coördinator"."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.ideas.models import IdeaComment
from tests.ideas.conftest import make_idea  # noqa: F401 - fixture
from tests.voice.conftest import make_position, make_response  # noqa: F401 - fixtures


@pytest.fixture
def own_words(client, app, make_shout, make_idea, make_position, make_response):  # noqa: F811 - the fixtures
    """Return a maker: (kind, writer) -> (page, words, report action) for words that `writer` wrote."""
    def make(kind: str, writer):
        if kind == "shout":
            shout = make_shout("Dank voor de soep!", author=writer)
            return f"/applause/{shout.id}", "Dank voor de soep!", f"/applause/{shout.id}/report"
        if kind == "argument":
            position = make_position()
            response = make_response(position, "oppose", "Te duur", user=writer)
            return f"/buurtstem/{position.id}", "Te duur", f"/buurtstem/arguments/{response.id}/report"
        idea = make_idea()
        client.post(f"/ideeen/{idea.id}/reacties", data={"text": "Ik doe mee!"})
        with app.app_context():
            comment_id = db.session.scalars(select(IdeaComment.id)).one()
        return f"/ideeen/{idea.id}", "Ik doe mee!", f"/ideeen/reacties/{comment_id}/melden"
    return make


@pytest.mark.parametrize("kind", ["shout", "argument", "comment"])
def test_only_others_are_offered_to_report_words(client, login_as, own_words, kind):
    """The writer sees their words without a report button; another resident sees the button."""
    page, words, report = own_words(kind, login_as(name="Tomasz"))
    own = client.get(page).get_data(as_text=True)
    assert words in own and f'action="{report}"' not in own
    client.post("/logout")
    login_as()
    assert f'action="{report}"' in client.get(page).get_data(as_text=True)


@pytest.mark.parametrize("kind", ["shout", "argument", "comment"])
def test_a_hand_made_report_of_your_own_words_records_nothing(client, app, login_as, own_words, kind):
    """Without the button, a request made by hand to report one's own words leaves no report for the coordinators."""
    from sqlalchemy import func

    from portal.applause.models import ShoutReport
    from portal.ideas.models import IdeaCommentReport
    from portal.voice.models import ArgumentReport

    _page, _words, report = own_words(kind, login_as(name="Tomasz"))
    client.post(report)
    with app.app_context():
        assert sum(db.session.scalar(select(func.count()).select_from(model))
                   for model in (ShoutReport, IdeaCommentReport, ArgumentReport)) == 0
