"""A refused idea or reaction comes back where it was, says so in the title, and marks each refused field."""

import re

from sqlalchemy import func, select

from portal.extensions import db
from portal.ideas.models import Idea, IdeaComment
from tests.conftest import HX


def tag(html: str, element: str, field_id: str) -> str:
    """Return the opening tag of the `element` with id `field_id` in `html`."""
    found = re.search(rf'<{element}\b[^>]*\bid="{field_id}"[^>]*>', html)
    assert found, f"no <{element} id={field_id}>"
    return found.group(0)


def kept(html: str, field_id: str, typed: str) -> bool:
    """Tell whether the textarea `field_id` holds exactly `typed` again."""
    return re.search(rf'<textarea\b[^>]*\bid="{field_id}"[^>]*>\s*{re.escape(typed)}</textarea>', html) is not None


def stored(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_an_empty_idea_comes_back_with_a_summary_the_field_marked_and_the_title_saying_error(client, app, login_as):
    """An idea without a title: "Fout:" in the title, a focused summary linking to the field, the field marked red
    (aria-invalid) and described by its message, what was typed kept, nothing stored."""
    login_as()
    response = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "", "text": "Koffie op zaterdag"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r"<title>Fout: Ik heb een idee · ", html)
    summary = tag(html, "div", "errors")
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    assert "Er ging iets mis" in html and '<a href="#title">In een paar woorden: Vul dit in.</a>' in html
    title = tag(html, "input", "title")
    assert 'aria-invalid="true"' in title and 'aria-describedby="title-hint title-error"' in title
    assert "autofocus" not in title  # the summary has the focus
    assert '<p class="error" id="title-error"><strong>Let op:</strong> Vul dit in.</p>' in html
    assert kept(html, "text", "Koffie op zaterdag")
    assert 'aria-invalid' not in tag(html, "textarea", "text")
    assert stored(app, Idea) == 0


def test_an_empty_idea_by_htmx_swaps_the_form_with_its_first_refused_field_focused(client, app, login_as):
    """With htmx the refused form alone comes back, in place, with focus on its first refused field."""
    login_as()
    response = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "", "text": "Koffie"}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "HX-Request" in response.vary
    assert html.startswith("<form") and "<title>" not in html
    assert "autofocus" not in tag(html, "div", "errors")
    assert "autofocus" in tag(html, "input", "title")
    assert stored(app, Idea) == 0
    placed = client.post("/ideeen/nieuw", data={"kind": "idea", "title": "Repaircafé"}, headers=HX)
    assert placed.status_code == 200 and placed.headers["HX-Redirect"].startswith("/ideeen/")


def test_a_page_without_a_refused_form_has_no_error_title_and_no_autofocus(client, login_as, make_idea):
    """An untouched form is no error: no "Fout:" and nothing takes the focus."""
    login_as()
    for path in ("/ideeen/nieuw", f"/ideeen/{make_idea().id}"):
        html = client.get(path).get_data(as_text=True)
        assert "<title>Fout:" not in html and "autofocus" not in html and 'aria-invalid' not in html


def test_a_refused_reaction_opens_at_its_form_with_the_field_focused(client, app, login_as, make_idea):
    """An empty or too long reaction: the page opens at the form (the action's #comment-form), the field focused,
    marked and described by its message, the words kept, nothing stored."""
    idea = make_idea()
    login_as()
    page = client.get(f"/ideeen/{idea.id}").get_data(as_text=True)
    assert f'action="/ideeen/{idea.id}/reacties#comment-form"' in page
    for typed, message in (("", "Vul dit in."), ("x" * 501, "Gebruik hoogstens 500 tekens.")):
        response = client.post(f"/ideeen/{idea.id}/reacties", data={"text": typed})
        html = response.get_data(as_text=True)
        assert response.status_code == 422 and "<title>Fout: " in html
        field = tag(html, "textarea", "text")
        assert 'aria-invalid="true"' in field and "autofocus" in field and "text-error" in field
        assert f"{message}</p>" in html and kept(html, "text", typed)
    assert stored(app, IdeaComment) == 0


def test_a_reaction_by_htmx_swaps_the_reactions_in_place(client, app, login_as, make_idea):
    """With htmx a refused reaction swaps the reactions section with the field focused; a placed one shows in it,
    with thanks and an empty form."""
    idea = make_idea()
    login_as()
    refused = client.post(f"/ideeen/{idea.id}/reacties", data={"text": ""}, headers=HX)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and html.startswith('<section id="comments"')
    assert "autofocus" in tag(html, "textarea", "text")
    placed = client.post(f"/ideeen/{idea.id}/reacties", data={"text": "Ik kom helpen"}, headers=HX)
    html = placed.get_data(as_text=True)
    assert placed.status_code == 200 and html.startswith('<section id="comments"')
    assert "Ik kom helpen</p>" in html and "Bedankt voor je reactie." in html
    assert 'aria-invalid' not in html and kept(html, "text", "")
    assert stored(app, IdeaComment) == 1
    plain = client.post(f"/ideeen/{idea.id}/reacties", data={"text": "Nog een"})
    assert plain.status_code == 303 and plain.headers["Location"].endswith(f"/ideeen/{idea.id}#comments")

