"""The thanks for an idea that became something belong to where it became something; the idea's title is shown only
to whoever may see the idea (a members-only initiative's idea turned into a public task: the tester's repro_idea)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from tests.paper.test_sheet import pdf_text

SECRET = "Samen naar de rechter"


@pytest.fixture
def realised(client, app, auth, login_as, make_user, make_idea, make_initiative, make_group):
    """Let a member of a members-only initiative propose an idea for it, and a coordinator turn it into something of
    a public initiative; return (the target's kind, the public initiative, the proposer, the shout-out's id)."""
    from portal.applause.models import Shout

    def realise(kind: str):
        proposer = make_user(name="Marleen Voorsteller")
        secret = make_group("Huurders blok D", members=[proposer], visibility="members")
        public = make_initiative("Koningsdag 2027")
        idea = make_idea(SECRET, proposer=proposer, initiative=secret)
        login_as("coordinator")
        response = client.post(f"/ideeen/{idea.id}/omzetten", data={"target": kind, "title": "Stoelen regelen",
                                                                    "initiative": str(public.id)})
        assert response.status_code == 303
        auth.logout()
        with app.app_context():
            shout_id = db.session.scalar(select(Shout.id).where(Shout.automatic == "idea"))
        return public, proposer, shout_id

    return realise


def _public_pages(client, initiative_id: int, shout_id: int) -> dict[str, str]:
    paths = ["/", "/applause", f"/applause/{shout_id}", "/applause/feed.atom", "/applause/print", "/kiosk/applause",
             "/kiosk/scherm?p=applause", "/netwerk", f"/initiatives/{initiative_id}", "/buurtbericht",
             "/buurtbericht.txt", f"/applause?initiative={initiative_id}"]
    pages = {path: client.get(path).get_data(as_text=True) for path in paths}
    pages["/buurtbericht.pdf"] = pdf_text(client.get("/buurtbericht.pdf").data)[1]
    return pages


@pytest.mark.parametrize("kind", ["task", "talk"])
@pytest.mark.parametrize("who", ["visitor", "resident"])
def test_outsiders_read_the_thanks_without_the_title_of_a_members_only_idea(client, login_as, realised, kind, who):
    """A visitor and a resident who is no member read on every public surface that someone is thanked for an idea
    that is happening now, never the members-only idea's title (its own page is 404 to them)."""
    public, _proposer, shout_id = realised(kind)
    if who == "resident":
        login_as()
    pages = _public_pages(client, public.id, shout_id)
    for path, page in pages.items():
        assert SECRET not in page, (who, path)
    for path in ("/applause", f"/applause/{shout_id}", "/applause/feed.atom", "/applause/print", "/kiosk/applause",
                 "/buurtbericht.txt"):
        assert "Bedankt voor een idee: het gaat nu gebeuren." in pages[path], path


def test_who_may_see_the_idea_reads_its_title_in_the_thanks(client, auth, login_as, realised):
    """The proposer (a member of the idea's initiative) and a coordinator read the idea's title in the thanks, but
    the text its share links send to anyone names it as a visitor reads it; an English visitor reads the thanks in
    English, without it."""
    from urllib.parse import unquote

    public, proposer, shout_id = realised("task")
    auth.login(proposer)
    page = client.get(f"/applause/{shout_id}").get_data(as_text=True)
    assert f'Bedankt voor het idee &#34;{SECRET}&#34;' in page
    shared = unquote(page.split("wa.me/?text=")[1].split('"')[0])
    assert "Bedankt voor een idee" in shared and SECRET not in shared
    auth.logout()
    login_as("coordinator")
    assert SECRET in client.get("/applause").get_data(as_text=True)
    auth.logout()
    client.get("/language/en")
    page = client.get("/applause").get_data(as_text=True)
    assert "Thank you for an idea: it is happening now." in page and SECRET not in page
