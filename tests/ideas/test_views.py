"""Ideas box pages: list, filter and paging, proposing with and without an account, reacting (htmx and plain),
comments and their moderation, status, "turn into", the menu and the home page, queries and size."""

import gzip

import pytest
from sqlalchemy import func, select

from portal.applause.models import Shout
from portal.boards.models import Task
from portal.extensions import db
from portal.ideas.models import Idea, IdeaComment, IdeaCommentReport, IdeaModerationEntry, IdeaReaction
from portal.initiatives.models import Membership
from tests.conftest import HX


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_list_shows_ideas_newest_first_with_their_reaction_counts(client, app, make_idea, make_user):
    """The ideas box lists ideas newest first, each with its kind, status and count per reaction."""
    older = make_idea("Een repaircafé in het buurthuis")
    make_idea("Ik kan vertellen over diabetes", kind="offer")
    with app.app_context():
        for _ in range(3):
            db.session.add(IdeaReaction(idea_id=older.id, user_id=make_user().id, kind="come"))
        db.session.commit()
    page = client.get("/ideeen").get_data(as_text=True)
    assert page.index("Ik kan vertellen over diabetes") < page.index("Een repaircafé in het buurthuis")
    assert "Ik kan vertellen over" in page and "Nieuw" in page
    card = page[page.index(f'id="idea-{older.id}"'):]
    assert 'Ik kom <span class="react-count">3</span>' in card
    assert "Log in om te reageren" in card


def test_the_status_filter_shows_only_ideas_with_that_status(client, make_idea):
    """?status=not_now shows only ideas put aside, with their reason; a status that does not exist shows all."""
    make_idea("Zwembad op het dak", status="not_now", status_reason="Het dak draagt het niet.")
    make_idea("Repaircafé")
    page = client.get("/ideeen?status=not_now").get_data(as_text=True)
    assert "Zwembad op het dak" in page and "Repaircafé" not in page
    assert "Het dak draagt het niet." in page and 'aria-current="page">Nu niet' in page
    assert "Repaircafé" in client.get("/ideeen?status=bogus%00").get_data(as_text=True)


def test_older_ideas_come_a_page_at_a_time_as_a_fragment_for_htmx(client, make_idea):
    """Keyset paging: "Older ideas" loads the next ten, a fragment for htmx and a whole page otherwise."""
    ideas = [make_idea(f"Idee nummer {number}") for number in range(12)]
    first = client.get("/ideeen").get_data(as_text=True)
    assert "Idee nummer 11" in first and "Idee nummer 1<" not in first
    cursor = ideas[2].id
    assert f"/ideeen?before={cursor}" in first
    fragment = client.get(f"/ideeen?before={cursor}", headers=HX)
    assert "<html" not in fragment.get_data(as_text=True) and "HX-Request" in fragment.headers["Vary"]
    assert "Idee nummer 1<" in fragment.get_data(as_text=True) and "Idee nummer 0<" in fragment.get_data(as_text=True)
    assert "<html" in client.get(f"/ideeen?before={cursor}").get_data(as_text=True)


def test_the_english_address_leads_to_the_dutch_one(client, make_idea):
    """/ideas, /ideas/new and /ideas/3?x=1 redirect to /ideeen, /ideeen/nieuw and /ideeen/3?x=1."""
    idea = make_idea()
    assert client.get("/ideas").headers["Location"] == "/ideeen"
    assert client.get("/ideas/new").headers["Location"] == "/ideeen/nieuw"
    assert client.get(f"/ideas/{idea.id}?status=new").headers["Location"] == f"/ideeen/{idea.id}?status=new"
    assert client.get("/ideas/%09/evil.example").headers["Location"].startswith("/ideeen")


def test_a_resident_proposes_an_idea(client, app, login_as):
    """A resident puts an idea in the box; it shows with their name, nothing asked about name or phone."""
    login_as(name="Sanne")
    form = client.get("/ideeen/nieuw").get_data(as_text=True)
    assert "telefoonnummer" not in form
    response = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "Een repaircafé", "text": "Elke maand.",
                                                  "initiative": "0"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Een repaircafé" in page and "Van Sanne" in page and "Bedankt voor je idee!" in page


def test_a_talk_offer_and_a_wish_are_thanked_for_what_they_are(client, app, login_as):
    """"Ik kan vertellen over" is thanked for the offer to tell, "Ik wil iets horen over" for the wish, not the idea."""
    login_as(name="Sanne")
    for kind, thanks in (("offer", "Bedankt dat je erover wilt vertellen!"), ("wish", "Bedankt voor je wens!")):
        response = client.post("/ideeen/nieuw", data={"kind": kind, "title": f"Over bijen {kind}", "text": "Ja.",
                                                      "initiative": "0"})
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert thanks in page and "Bedankt voor je idee!" not in page


def test_a_visitor_proposes_with_a_name_and_phone_and_bad_input_keeps_what_was_typed(client, app):
    """Without an account: name and phone are asked; a bad phone is refused at the field, keeping the text."""
    response = client.post("/ideeen/nieuw", data={"kind": "wish", "title": "Huurrecht", "visitor_name": "Gloria",
                                                  "visitor_phone": "bel me"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="visitor_phone-error"' in page and 'value="Huurrecht"' in page
    assert count(app, Idea) == 0
    response = client.post("/ideeen/nieuw", data={"kind": "wish", "title": "Huurrecht", "visitor_name": "Gloria",
                                                  "visitor_phone": "06 12345678"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Gloria" not in page and "06 12345678" not in page and "Van een buurtbewoner" in page
    with app.app_context():
        idea = db.session.scalars(select(Idea)).one()
        assert (idea.visitor_name, idea.visitor_phone, idea.proposer_id) == ("Gloria", "06 12345678", None)


def test_a_coordinator_sees_a_visitors_contact_to_call_back(client, make_idea, login_as):
    """The phone number of a visitor shows to coordinators on the idea page, to nobody else."""
    idea = make_idea(visitor_name="Gloria", visitor_phone="06 12345678")
    assert "06 12345678" not in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    login_as("resident")
    assert "06 12345678" not in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    client.post("/logout")
    login_as("coordinator")
    assert "Gloria 06 12345678" in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)


def test_proposals_without_an_account_are_rate_limited(client, app, monkeypatch):
    """Many proposals from one address without an account get 429; logged-in residents are not limited so."""
    monkeypatch.setitem(app.config, "IDEA_LIMIT_PER_ADDRESS", "2 per hour")
    data = {"kind": "idea", "title": "Spam", "visitor_name": "X", "visitor_phone": "0612345678"}
    assert [client.post("/ideeen/nieuw", data=data).status_code for _ in range(3)] == [303, 303, 429]
    assert count(app, Idea) == 2


def test_a_visitor_over_the_limit_keeps_what_they_typed_and_refused_forms_do_not_count(client, app, monkeypatch):
    """A form sent back for a missing field does not count towards the limit; past it, the form comes back filled in
    with the reason, not an error page that loses the text."""
    monkeypatch.setitem(app.config, "IDEA_LIMIT_PER_ADDRESS", "1 per hour")
    incomplete = {"kind": "idea", "title": "", "visitor_name": "Gloria", "visitor_phone": "0612345678"}
    assert [client.post("/ideeen/nieuw", data=incomplete).status_code for _ in range(3)] == [422, 422, 422]
    data = dict(incomplete, title="Een bankje bij de bushalte")
    assert client.post("/ideeen/nieuw", data=data).status_code == 303
    response = client.post("/ideeen/nieuw", data=dict(data, title="Nog een bankje", text="Bij de school."))
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert 'value="Nog een bankje"' in html and "Bij de school." in html and 'value="Gloria"' in html
    assert "Wacht even en stuur het dan opnieuw" in html
    assert count(app, Idea) == 1


def test_proposing_without_the_csrf_token_is_refused(client, app):
    """A proposal without the form's CSRF token is refused and stores nothing."""
    response = client.post("/ideeen/nieuw", csrf=False, data={"kind": "idea", "title": "X", "visitor_name": "X",
                                                               "visitor_phone": "0612345678"})
    assert response.status_code == 400 and count(app, Idea) == 0


def test_reacting_with_htmx_answers_the_reactions_with_the_new_counts(client, app, login_as, make_idea):
    """"Ik kom" with htmx answers the reaction buttons (pressed, count 1) and a message; taking back undoes it."""
    idea = make_idea()
    login_as()
    response = client.post(f"/ideeen/{idea.id}/reageer", data={"kind": "come", "on": "1"}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and f'id="reactions-{idea.id}"' in html
    assert 'aria-pressed="true"' in html and 'Ik kom <span class="react-count">1</span>' in html
    assert "Genoteerd: Ik kom." in html
    client.post(f"/ideeen/{idea.id}/reageer", data={"kind": "come", "on": "0"}, headers=HX)
    assert count(app, IdeaReaction) == 0


def test_reacting_without_javascript_goes_back_to_the_idea_with_the_message(client, app, login_as, make_idea):
    """A plain form post redirects back to the page it came from, at the idea, and counts the reaction."""
    idea = make_idea()
    login_as()
    response = client.post(f"/ideeen/{idea.id}/reageer", data={"kind": "help", "on": "1", "next": "/ideeen"})
    assert response.status_code == 303 and response.headers["Location"] == f"/ideeen#idea-{idea.id}"
    page = client.get("/ideeen").get_data(as_text=True)
    assert "Genoteerd: Ik help." in page and 'Ik help <span class="react-count">1</span>' in page


@pytest.mark.parametrize("data", [{"kind": "love", "on": "1"}, {"kind": "come", "on": "2"}, {"kind": "come"},
                                  {"kind": "come\x00x", "on": "1"}])
def test_a_reaction_of_a_kind_that_does_not_exist_is_refused(client, app, login_as, make_idea, data):
    """Kinds and states outside the three reactions get 400, never a 500, and store nothing."""
    idea = make_idea()
    login_as()
    assert client.post(f"/ideeen/{idea.id}/reageer", data=data).status_code == 400
    assert count(app, IdeaReaction) == 0


def test_reacting_needs_a_log_in(client, make_idea):
    """A visitor who is not logged in is sent to the log-in page (htmx: HX-Redirect)."""
    idea = make_idea()
    assert "/login" in client.post(f"/ideeen/{idea.id}/reageer", data={"kind": "come", "on": "1"}).headers["Location"]
    response = client.post(f"/ideeen/{idea.id}/reageer", data={"kind": "come", "on": "1"}, headers=HX)
    assert "/login" in response.headers["HX-Redirect"]


def test_comments_are_short_reported_and_hidden_by_a_coordinator(client, app, auth, make_user, make_idea):
    """A resident comments (too long is refused, kept), another reports it, a coordinator hides it; it is logged."""
    idea = make_idea()
    writer, reader, coordinator = make_user(name="Tomasz"), make_user(), make_user(role="coordinator")
    auth.login(writer)
    refused = client.post(f"/ideeen/{idea.id}/reacties", data={"text": "x" * 501})
    assert refused.status_code == 422 and 'id="text-error"' in refused.get_data(as_text=True)
    assert client.post(f"/ideeen/{idea.id}/reacties", data={"text": "Ik doe mee!"}).status_code == 303
    with app.app_context():
        comment_id = db.session.scalars(select(IdeaComment.id)).one()
    auth.logout()
    auth.login(reader)
    assert "Ik doe mee!" in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert client.post(f"/ideeen/reacties/{comment_id}/verbergen", data={}).status_code == 403
    client.post(f"/ideeen/reacties/{comment_id}/melden")
    client.post(f"/ideeen/reacties/{comment_id}/melden")
    assert count(app, IdeaCommentReport) == 1
    auth.logout()
    auth.login(coordinator)
    home = client.get("/").get_data(as_text=True)
    assert "1 gemelde reactie op een idee wacht op een blik" in home
    assert "Ik doe mee!" in client.get("/applause/moderation").get_data(as_text=True)  # the one queue
    client.post(f"/ideeen/reacties/{comment_id}/verbergen", data={"reason": "Niet aardig"})
    with app.app_context():
        assert db.session.get(IdeaComment, comment_id).hidden
        assert db.session.scalars(select(IdeaModerationEntry.reason)).one() == "Niet aardig"
    auth.logout()
    assert "Ik doe mee!" not in client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert client.post(f"/ideeen/reacties/{comment_id}/melden").status_code == 303  # to the log-in page
    auth.login(reader)
    assert client.post(f"/ideeen/reacties/{comment_id}/melden").status_code == 404


def test_the_moderation_page_is_for_coordinators_only(client, login_as):
    """Residents get 403 on the moderation page; visitors go to the log-in page."""
    assert "/login" in client.get("/ideeen/moderatie").headers["Location"]
    login_as("resident")
    assert client.get("/ideeen/moderatie").status_code == 403


def test_a_coordinator_puts_an_idea_aside_with_a_reason_everyone_sees(client, app, login_as, make_idea):
    """"Not now" without a reason is refused at the field; with one, the reason shows on the idea."""
    idea = make_idea("Zwembad op het dak")
    login_as("coordinator")
    refused = client.post(f"/ideeen/{idea.id}/status", data={"status": "not_now", "reason": ""})
    assert refused.status_code == 422 and 'id="reason-error"' in refused.get_data(as_text=True)
    response = client.post(f"/ideeen/{idea.id}/status", data={"status": "not_now", "reason": "Het dak is te zwak."})
    assert response.status_code == 303
    client.post("/logout")
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "Nu niet, omdat:" in page and "Het dak is te zwak." in page


def test_residents_may_not_change_the_status_or_turn_an_idea_into_something(client, login_as, make_idea):
    """Status and "turn into" are for coordinators: 403 for a resident, and no buttons on the page."""
    idea = make_idea()
    login_as("resident")
    assert client.post(f"/ideeen/{idea.id}/status", data={"status": "done"}).status_code == 403
    assert client.get(f"/ideeen/{idea.id}/omzetten").status_code == 403
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert "omzetten" not in page and "Status opslaan" not in page


def test_a_coordinator_turns_an_idea_into_a_task_in_one_step(client, app, login_as, make_idea, make_initiative):
    """The task lands on the board, the idea links to it ("Dit idee is nu ..."), and the proposer is thanked."""
    board = make_initiative("Groen in de buurt")
    idea = make_idea("Bomen planten langs de Bijlmerdreef")
    login_as("coordinator")
    form = client.get(f"/ideeen/{idea.id}/omzetten").get_data(as_text=True)
    assert "een taak op een bord" in form and "een nieuw initiatief" in form
    refused = client.post(f"/ideeen/{idea.id}/omzetten", data={"target": "task", "title": "Bomen", "initiative": "0"})
    assert refused.status_code == 422 and count(app, Task) == 0
    response = client.post(f"/ideeen/{idea.id}/omzetten", data={"target": "task", "title": "Tien plekken kiezen",
                                                                "initiative": str(board.id)})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dit idee is nu een taak op een bord:" in page and "Tien plekken kiezen" in page
    with app.app_context():
        task = db.session.scalars(select(Task)).one()
        assert f'href="/boards/{board.id}#task-{task.id}"' in page
        assert db.session.scalars(select(Shout.automatic)).one() == "idea"
    assert "Bedankt voor het idee" in client.get("/applause").get_data(as_text=True)
    again = client.post(f"/ideeen/{idea.id}/omzetten", data={"target": "task", "title": "Nog eens",
                                                             "initiative": str(board.id)})
    assert again.status_code == 303 and count(app, Task) == 1


def test_an_initiative_name_that_exists_is_refused_at_the_field(client, app, login_as, make_idea, make_initiative):
    """Turning an idea into an initiative with a name already taken says so at the name, making nothing."""
    make_initiative("Taalcafé")
    idea = make_idea("Taalcafé")
    login_as("coordinator")
    response = client.post(f"/ideeen/{idea.id}/omzetten", data={"target": "initiative", "title": "Taalcafé"})
    assert response.status_code == 422 and 'id="title-error"' in response.get_data(as_text=True)
    assert count(app, Shout) == 0


def test_the_ideas_box_is_in_the_menu_and_one_tap_from_home(client, make_idea):
    """The menu links to the ideas box, and the home page shows the newest ideas with "I have an idea"."""
    make_idea("Een repaircafé")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/ideeen">Ideeën</a>' in home
    assert 'href="/ideeen/nieuw"' in home and "Een repaircafé" in home


@pytest.mark.parametrize("path", ["/ideeen", "/ideeen/{id}"])
def test_a_page_of_ideas_costs_the_same_queries_for_10_and_1000_ideas(app, client, login_as, make_user, count_queries,
                                                                      path, make_initiative):
    """The list and an idea page run a fixed number of queries, whatever the number of ideas and reactions."""
    user = login_as("resident")
    people = [make_user() for _ in range(3)]
    board = make_initiative()
    counts = []
    for total in (10, 1000):
        with app.app_context():
            have = db.session.scalar(select(func.count()).select_from(Idea))
            ideas = [Idea(title=f"Idee {n}", proposer_id=people[n % 3].id, initiative_id=board.id if n % 2 else None)
                     for n in range(total - have)]
            db.session.add_all(ideas)
            db.session.flush()
            db.session.add_all(IdeaReaction(idea_id=idea.id, user_id=person.id, kind=kind) for idea in ideas
                               for person, kind in zip([*people, user], ("come", "help", "know", "come"), strict=True))
            db.session.add_all(IdeaComment(idea_id=idea.id, author_id=people[0].id, text="Goed!") for idea in ideas)
            db.session.commit()
            last = db.session.scalar(select(func.max(Idea.id)))
        with count_queries() as statements:
            assert client.get(path.format(id=last)).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_ideas_pages_stay_small(client, login_as, make_idea):
    """The list with ten ideas and an idea page stay well under 15 KB gzipped."""
    ideas = [make_idea(f"Een idee met een wat langere titel, nummer {n}") for n in range(12)]
    login_as("coordinator")
    for path in ("/ideeen", f"/ideeen/{ideas[0].id}", "/ideeen/nieuw"):
        assert len(gzip.compress(client.get(path).get_data())) < 15_000, path


def test_a_carrier_of_the_ideas_initiative_manages_it_on_their_own_board_only(client, app, auth, make_user,
                                                                               make_idea, make_initiative):
    """A carrier changes the status and makes a task on their own board (no other board, no new initiative);
    a plain member of the same initiative may do neither."""
    mine, other = make_initiative("Taalcafé"), make_initiative("Buurtkrant")
    carrier, member = make_user(), make_user()
    with app.app_context():
        db.session.add_all([Membership(initiative_id=mine.id, user_id=carrier.id, role="carrier"),
                            Membership(initiative_id=mine.id, user_id=member.id, role="member")])
        db.session.commit()
    idea = make_idea("Taalcafé op zaterdag", initiative=mine)
    auth.login(member)
    assert client.post(f"/ideeen/{idea.id}/status", data={"status": "planned"}).status_code == 403
    auth.logout()
    auth.login(carrier)
    assert client.post(f"/ideeen/{idea.id}/status", data={"status": "discussed"}).status_code == 303
    form = client.get(f"/ideeen/{idea.id}/omzetten").get_data(as_text=True)
    assert "een nieuw initiatief" not in form and "Buurtkrant" not in form
    refused = client.post(f"/ideeen/{idea.id}/omzetten", data={"target": "task", "title": "X",
                                                               "initiative": str(other.id)})
    assert refused.status_code == 422 and count(app, Task) == 0
    assert client.post(f"/ideeen/{idea.id}/omzetten", data={"target": "initiative", "title": "Y"}).status_code == 422
    done = client.post(f"/ideeen/{idea.id}/omzetten", data={"target": "task", "title": "Zaal regelen",
                                                            "initiative": str(mine.id)})
    assert done.status_code == 303
    with app.app_context():
        assert db.session.scalars(select(Task.initiative_id)).one() == mine.id


def test_an_initiative_page_shows_its_ideas_and_the_list_filters_by_initiative(client, make_idea, make_initiative):
    """The initiative's page shows its newest ideas and "I have an idea" for it; the list filters on it."""
    taalcafe = make_initiative("Taalcafé")
    make_idea("Taalcafé op zaterdag", initiative=taalcafe)
    make_idea("Een repaircafé")
    page = client.get(f"/initiatieven/{taalcafe.id}").get_data(as_text=True)
    assert "Taalcafé op zaterdag" in page and "Een repaircafé" not in page
    assert f'href="/ideeen/nieuw?initiative={taalcafe.id}"' in page
    listed = client.get(f"/ideeen?initiative={taalcafe.id}").get_data(as_text=True)
    assert "Taalcafé op zaterdag" in listed and "Een repaircafé" not in listed
    form = client.get(f"/ideeen/nieuw?initiative={taalcafe.id}").get_data(as_text=True)
    assert f'<option selected value="{taalcafe.id}">Taalcafé</option>' in form
    assert client.get("/ideeen?initiative=999").status_code == 404


def test_thanks_for_a_comment_or_a_report_stand_next_to_it(client, app, auth, make_user, make_idea):
    """Without JavaScript the page comes back at the comments: the thanks stand there, not at the top of the page."""
    idea = make_idea()
    auth.login(make_user())
    placed = client.post(f"/ideeen/{idea.id}/reacties", data={"text": "Ik doe mee!"})
    page = client.get(placed.headers["Location"]).get_data(as_text=True)
    comments = page[page.index('id="comments"'):]
    assert "Bedankt voor je reactie." in comments
    with app.app_context():
        comment = db.session.scalars(select(IdeaComment)).one()
        comment_id, anchor = comment.id, comment.dom_id
    reported = client.post(f"/ideeen/reacties/{comment_id}/melden")
    assert reported.headers["Location"].endswith(f"#{anchor}")
    page = client.get(reported.headers["Location"]).get_data(as_text=True)
    card = page[page.index(f'id="{anchor}"'):]
    assert "Een coördinator kijkt ernaar." in card[:card.index("</div>")]


@pytest.mark.parametrize("target", ["task", "talk"])
def test_a_carrier_of_a_stopped_initiative_puts_nothing_new_on_it(client, app, auth, make_user, make_idea,
                                                                  make_initiative, target):
    """The idea's own initiative stopped: its carrier's "turn into a task or a talk" is refused at the field, with
    what to do instead; the idea stays as it was and nothing is made."""
    from portal.initiatives.models import Initiative

    mine = make_initiative("Taalcafé")
    carrier = make_user()
    with app.app_context():
        db.session.add(Membership(initiative_id=mine.id, user_id=carrier.id, role="carrier"))
        db.session.get(Initiative, mine.id).status = "stopped"
        db.session.commit()
    idea = make_idea("Taalcafé op zaterdag", initiative=mine)
    auth.login(carrier)
    refused = client.post(f"/ideeen/{idea.id}/omzetten", data={"target": target, "title": "Zaal regelen",
                                                               "initiative": str(mine.id)})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Dit initiatief is gestopt. Er komt niets nieuws bij." in page and 'value="Zaal regelen"' in page
    assert count(app, Task) == 0
    with app.app_context():
        assert db.session.scalar(select(Idea.became_kind).where(Idea.id == idea.id)) is None
