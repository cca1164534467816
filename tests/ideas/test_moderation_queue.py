"""Reactions on ideas are moderated with the same tools as shout-outs: one queue for coordinators (the applause
feature's, reached through a registry hook), the same actions (hide, show again, dismiss a report) and one log."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from portal.applause.models import ModerationEntry, ShoutReport
from portal.extensions import db
from portal.ideas.models import IdeaComment, IdeaCommentReport, IdeaModerationEntry
from tests.conftest import HX
from tests.core.test_waiting import waiting_links

QUEUE = "/applause/moderation"


@pytest.fixture
def reported(app, make_idea, make_user, make_shout):
    """A reported reaction on an idea (by Tomasz) and a reported shout-out, each reported by Rita."""
    writer, reporter = make_user(name="Tomasz"), make_user(name="Rita")
    idea = make_idea("Een moestuin op het dak")
    shout = make_shout("Dank voor niets, jullie")
    with app.app_context():
        comment = IdeaComment(idea_id=idea.id, author_id=writer.id, text="Wat een dom plan")
        db.session.add(comment)
        db.session.flush()
        db.session.add(IdeaCommentReport(comment_id=comment.id, user_id=reporter.id))
        db.session.add(ShoutReport(shout_id=shout.id, user_id=reporter.id))
        db.session.commit()
        comment_id = comment.id
    return {"idea": idea, "comment_id": comment_id, "shout": shout, "reporter": reporter}


def open_reports(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(model.handled.is_(False)))


def test_the_one_queue_shows_reported_shouts_and_reactions_on_ideas(client, login_as, reported):
    """A coordinator finds both reported things on one page, each with hide and dismiss, and both waiting counts
    on the home page lead there."""
    login_as("coordinator")
    page = client.get(QUEUE).get_data(as_text=True)
    assert "Dank voor niets, jullie" in page and "Wat een dom plan" in page
    assert 'id="moderation-ideas"' in page and 'id="moderation-applause"' in page
    assert f'action="/ideeen/reacties/{reported["comment_id"]}/verbergen"' in page
    assert f'formaction="/ideeen/reacties/{reported["comment_id"]}/melding-afwijzen"' in page
    assert f'formaction="/applause/{reported["shout"].id}/dismiss"' in page
    assert (f'<a href="/ideeen/{reported["idea"].id}#comment-{reported["comment_id"]}">Bij het idee '
            '“Een moestuin op het dak”</a>') in page
    links = waiting_links(client.get("/").get_data(as_text=True))
    assert links["1 gemelde reactie op een idee wacht op een blik"] == QUEUE
    assert links["1 gemeld bedankje wacht op een blik"] == QUEUE


def test_hiding_a_reaction_from_the_queue_goes_back_to_it_and_logs_it_in_the_one_log(app, client, login_as,
                                                                                    reported):
    """Hide with a reason: back to the queue at the ideas part; the reaction is hidden, its report handled, and
    the one log names who hid which reaction, beside the shout-outs' lines."""
    coordinator = login_as("coordinator", name="Coco")
    comment_id = reported["comment_id"]
    response = client.post(f"/ideeen/reacties/{comment_id}/verbergen",
                           data={"reason": "Niet aardig", "next": f"{QUEUE}#moderation-ideas"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{QUEUE}#moderation-ideas")
    client.post(f"/applause/{reported['shout'].id}/hide", data={"reason": "Gemeen"})
    with app.app_context():
        assert db.session.get(IdeaComment, comment_id).hidden
        entry = db.session.scalars(select(IdeaModerationEntry)).one()
        assert (entry.action, entry.actor_id, entry.reason) == ("hide", coordinator.id, "Niet aardig")
    assert open_reports(app, IdeaCommentReport) == 0
    page = client.get(QUEUE).get_data(as_text=True)
    log = page[page.index('id="moderation-log"'):]
    log = log[:log.index("</ul>")]
    assert (f"verborg <a href=\"/ideeen/{reported['idea'].id}#comment-{comment_id}\">een reactie bij het idee "
            "“Een moestuin op het dak”") in log and "Niet aardig" in log and "Gemeen" in log and log.count("Coco") == 2
    hidden_part = page[page.index('id="moderation-ideas"'):page.index('id="moderation-log"')]
    assert "Wat een dom plan" in hidden_part and f"/ideeen/reacties/{comment_id}/tonen" in hidden_part
    assert "Bij het idee “Een moestuin op het dak”" in hidden_part and "Bij idee " not in hidden_part
    assert client.post(f"/ideeen/reacties/{comment_id}/tonen", data={"next": QUEUE}).status_code == 303
    with app.app_context():
        assert not db.session.get(IdeaComment, comment_id).hidden


@pytest.mark.parametrize("kind", ["ideas", "applause"])
def test_dismissing_a_report_keeps_the_words_and_logs_it(app, client, login_as, reported, kind):
    """"Dismiss the report": the words stay, the report is handled, the queue and the waiting count are empty,
    and the log says who dismissed it."""
    login_as("coordinator", name="Coco")
    path = (f"/ideeen/reacties/{reported['comment_id']}/melding-afwijzen" if kind == "ideas"
            else f"/applause/{reported['shout'].id}/dismiss")
    response = client.post(path, data={"reason": "Mag gezegd worden", "next": QUEUE})
    assert response.status_code == 303 and response.headers["Location"].endswith(QUEUE)
    model, log = (IdeaCommentReport, IdeaModerationEntry) if kind == "ideas" else (ShoutReport, ModerationEntry)
    assert open_reports(app, model) == 0
    with app.app_context():
        assert [(entry.action, entry.reason) for entry in db.session.scalars(select(log))] == [
            ("dismiss", "Mag gezegd worden")]
    page = client.get(QUEUE).get_data(as_text=True)
    assert "wees de melding af" in page
    words = client.get(f"/ideeen/{reported['idea'].id}" if kind == "ideas" else f"/applause/{reported['shout'].id}")
    assert ("Wat een dom plan" if kind == "ideas" else "Dank voor niets, jullie") in words.get_data(as_text=True)
    again = client.post(path, data={"next": QUEUE})
    assert again.status_code == 303
    assert "al afgehandeld" in client.get(QUEUE).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(log)) == 1  # the second dismissal logs nothing


def test_the_old_address_of_the_ideas_moderation_sends_to_the_queue(client, login_as):
    """/ideeen/moderatie answers coordinators with a redirect to the queue's ideas part; residents still 403."""
    assert "/login" in client.get("/ideeen/moderatie").headers["Location"]
    login_as()
    assert client.get("/ideeen/moderatie").status_code == 403
    client.post("/logout")
    login_as("coordinator")
    response = client.get("/ideeen/moderatie")
    assert response.status_code == 301 and response.headers["Location"].endswith(f"{QUEUE}#moderation-ideas")


@pytest.mark.parametrize("path", ["/ideeen/reacties/{id}/melding-afwijzen", "/applause/{shout}/dismiss"])
def test_residents_and_visitors_cannot_dismiss(app, client, login_as, reported, path):
    """A resident gets 403, a visitor the log-in page; the report stays open."""
    url = path.format(id=reported["comment_id"], shout=reported["shout"].id)
    assert "/login" in client.post(url).headers["Location"]
    login_as()
    assert client.post(url).status_code == 403
    assert open_reports(app, IdeaCommentReport) == 1 and open_reports(app, ShoutReport) == 1


def test_an_outsider_learns_nothing_of_a_reaction_on_a_members_only_idea(app, client, login_as, make_idea,
                                                                         make_group, make_user):
    """A reaction on an idea of a members-only initiative: 404 for a resident who is no member, on every action."""
    member = make_user()
    secret = make_group("Geheime Huurdersgroep", visibility="members", members=[member])
    idea = make_idea("Huurstaking", initiative=secret, proposer=member)
    with app.app_context():
        comment = IdeaComment(idea_id=idea.id, author_id=member.id, text="Wij doen mee")
        db.session.add(comment)
        db.session.commit()
        comment_id = comment.id
    login_as()
    for action in ("melden", "verbergen", "tonen", "melding-afwijzen"):
        assert client.post(f"/ideeen/reacties/{comment_id}/{action}").status_code == 404, action
    assert client.get(QUEUE).status_code == 403


@pytest.mark.parametrize("path", ["/ideeen/reacties/99999999999999999999/melding-afwijzen",
                                  "/ideeen/reacties/2147483648/melding-afwijzen", "/applause/2147483648/dismiss",
                                  "/applause/0/dismiss"])
def test_huge_ids_are_404(client, login_as, path):
    """Ids the database cannot hold answer 404, never a 500."""
    login_as("coordinator")
    assert client.post(path).status_code == 404


@pytest.mark.parametrize("reason", ["a\x00b", "a\r\nb", "x" * 5000])
def test_a_hostile_reason_never_breaks_the_log(app, client, login_as, reported, reason):
    """A NUL or CR/LF in the reason is cleaned; a reason too long changes nothing; never a 500."""
    login_as("coordinator")
    response = client.post(f"/ideeen/reacties/{reported['comment_id']}/melding-afwijzen",
                           data={"reason": reason, "next": QUEUE})
    assert response.status_code == 303
    with app.app_context():
        reasons = list(db.session.scalars(select(IdeaModerationEntry.reason)))
    assert reasons == ([] if len(reason) > 200 else ["ab"])
    assert client.get(QUEUE).status_code == 200


def test_two_coordinators_dismissing_at_once_log_it_once(app, reported, make_user):
    """Two dismissals at the same moment: one closes the report and writes the log, the other hears it was done."""
    from portal.accounts.models import User
    from portal.db import write_transaction
    from portal.ideas import services

    people = [make_user(role="coordinator") for _ in range(4)]
    results = []

    def dismiss(user_id: int):
        with app.test_request_context(method="POST"), write_transaction(db.session):  # as a POST runs it
            comment = db.session.get(IdeaComment, reported["comment_id"])
            results.append(services.dismiss_reports(comment, db.session.get(User, user_id)))

    threads = [threading.Thread(target=dismiss, args=(person.id,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IdeaModerationEntry)) == 1


def test_the_queue_page_with_htmx_and_boosted_is_the_whole_page(client, login_as, reported):
    """The queue is a page, not a fragment: htmx and boosted requests get it whole."""
    login_as("coordinator")
    assert "<html" in client.get(QUEUE, headers=HX).get_data(as_text=True)


def test_idea_titles_for_the_queue_follow_who_may_see_the_idea(app, make_idea, make_group, make_user):
    """The titles the queue and its log show come from the idea as it is now, and only for ideas the reader may
    see: a members-only idea's title stays with its members and coordinators."""
    from portal.ideas import services
    from portal.ideas.models import Idea

    member, outsider, coordinator = make_user(), make_user(), make_user(role="coordinator")
    secret = make_group("Geheime Huurdersgroep", visibility="members", members=[member])
    hidden = make_idea("Huurstaking", initiative=secret, proposer=member)
    open_idea = make_idea("Een moestuin op het dak")
    with app.app_context():
        db.session.get(Idea, open_idea.id).title = "Een moestuin op het dak van blok D"
        db.session.commit()
    with app.test_request_context("/"):
        ids = {hidden.id, open_idea.id}
        assert services.titles(ids, db.session.merge(outsider)) == {open_idea.id: "Een moestuin op het dak van blok D"}
        assert services.titles(ids, db.session.merge(member))[hidden.id] == "Huurstaking"
        assert len(services.titles(ids, db.session.merge(coordinator))) == 2
