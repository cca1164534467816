"""Posters and flyers: an A4 poster and two A5 flyers for any public event, initiative or task; 404 otherwise."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """Return the text of every page of a PDF."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_posters_of_public_things(client, neighbourhood_week):
    """An event, an initiative and a task each get a print page and a one-page PDF with their title and address."""
    things = {"event": (neighbourhood_week["event"].id, "Oogstfeest", "/agenda/"),
              "initiative": (neighbourhood_week["garden"].id, "Moestuin Gein", "/initiatieven/"),
              "task": (neighbourhood_week["task"].id, "Schoffelen", "/boards/")}
    for kind, (ident, title, path) in things.items():
        for size in ("", "?size=a5"):
            page = client.get(f"/poster/{kind}/{ident}{size}")
            assert page.status_code == 200 and title in page.get_data(as_text=True)
            response = client.get(f"/poster/{kind}/{ident}.pdf{size}")
            assert response.status_code == 200 and response.data.startswith(b"%PDF")
            reader = PdfReader(io.BytesIO(response.data))
            assert len(reader.pages) == 1
            text = pdf_text(response.data)
            assert text.count(title) == (2 if size else 1), (kind, size)  # two flyers on one A4
            assert path in text  # the short address under the QR code


def test_posters_of_members_only_things_are_404(client, login_as, neighbourhood_week, hidden_initiative):
    """Paper is public: members-only initiatives, their events and tasks, and members-only events give 404, even to a
    coordinator who may see them online."""
    login_as("coordinator")
    for kind, ident in (("initiative", hidden_initiative.id), ("event", neighbourhood_week["hidden_event"].id),
                        ("event", neighbourhood_week["private_event"].id),
                        ("task", neighbourhood_week["hidden_task"].id)):
        assert client.get(f"/poster/{kind}/{ident}").status_code == 404, kind
        assert client.get(f"/poster/{kind}/{ident}.pdf?size=a5").status_code == 404, kind


@pytest.mark.parametrize("path", ["/poster/event/0", "/poster/event/99999999999999999999", "/poster/event/2147483648",
                                  "/poster/nothing/1", "/poster/%00/1", "/poster/event/-1", "/poster/event/1.pdf",
                                  "/poster/idea/1", "/poster/initiative/abc"])
def test_hostile_poster_addresses(client, path):
    """Huge ids, unknown kinds and NUL bytes are a 404 (or 400), never a 500."""
    assert client.get(path).status_code in (400, 404)


def test_hostile_text_is_escaped_in_the_pdf(app, client, make_initiative):
    """Markup in a title is printed as text, not read as ReportLab markup."""
    from portal.extensions import db
    from portal.initiatives.models import Initiative

    initiative = make_initiative("<b>Fout</b> & <font size=90>groot</font>")
    with app.app_context():
        db.session.get(Initiative, initiative.id).purpose = "Een <para> & \"quote\""
        db.session.commit()
    response = client.get(f"/poster/initiative/{initiative.id}.pdf")
    assert response.status_code == 200
    assert "<b>Fout</b> & <font size=90>groot</font>" in pdf_text(response.data).replace("\n", " ")
    assert "&lt;b&gt;Fout" in client.get(f"/poster/initiative/{initiative.id}").get_data(as_text=True)


def test_public_initiative_page_links_to_its_poster(client, neighbourhood_week, hidden_initiative, login_as):
    """A public initiative's page offers its poster; a members-only one's does not (its members see no link)."""
    garden = neighbourhood_week["garden"]
    assert f"/poster/initiative/{garden.id}" in client.get(f"/initiatieven/{garden.id}").get_data(as_text=True)
    login_as("coordinator")
    page = client.get(f"/initiatieven/{hidden_initiative.id}").get_data(as_text=True)
    assert "Geheime club" in page and "/poster/" not in page


def test_idea_posters_follow_the_ideas_rule(app, client, hidden_initiative):
    """An idea anyone may see gets a poster; an idea of a members-only initiative is a 404."""
    from portal.extensions import db
    from portal.ideas.services import propose

    with app.app_context():
        open_idea = propose("Een bankje bij de vijver", "Om uit te rusten.", "idea", None, None, "Ans", "0612345678")
        hidden_idea = propose("Geheim plan", "", "idea", hidden_initiative.id, None, "Ans", "0612345678")
        db.session.commit()
        open_id, hidden_id = open_idea.id, hidden_idea.id
    assert "Een bankje bij de vijver" in pdf_text(client.get(f"/poster/idea/{open_id}.pdf").data)
    assert client.get(f"/poster/idea/{hidden_id}").status_code == 404


def test_idea_page_links_to_its_poster(app, client):
    """An idea anyone may see offers its poster on its page."""
    from portal.extensions import db
    from portal.ideas.services import propose

    with app.app_context():
        idea = propose("Een bankje bij de vijver", "Om uit te rusten.", "idea", None, None, "Ans", "0612345678")
        db.session.commit()
        idea_id = idea.id
    assert f"/poster/idea/{idea_id}" in client.get(f"/ideeen/{idea_id}").get_data(as_text=True)


def test_the_sheet_is_kept_for_visitors(app, client, neighbourhood_week, week, monkeypatch, make_shout):
    """With the page micro-cache on, a burst of visitors gets the sheet from memory (the sheet is public)."""
    from portal import pagecache

    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)
    pagecache.clear()
    first = client.get(f"/buurtbericht?week={week}").data
    make_shout("Nieuwe dank", thanked_name="Ahmed")
    assert client.get(f"/buurtbericht?week={week}").data == first
    pagecache.clear()
