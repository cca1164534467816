"""The shared answers to htmx: one action helper for POST views, one macro for button-only forms."""

from flask import get_flashed_messages, render_template_string

from portal.boards.services import load_task
from portal.htmx import action_response

FRAGMENT = "boards/_task.html"


def test_action_answers_htmx_with_the_fragment_and_the_message_out_of_band(app, make_task):
    """An htmx action gets the fragment, the message in the live region out of band, and Vary: HX-Request."""
    task_id = make_task(title="Paint the fence").id
    with app.test_request_context("/", method="POST", headers={"HX-Request": "true"}):
        response = action_response(FRAGMENT, "/back", "Could not", "error", task=load_task(task_id), claimed=set())
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "HX-Request" in response.vary
        assert html.startswith('<article class="card task task-open" id="task-') and "Paint the fence" in html
        assert 'id="messages"' in html and 'hx-swap-oob="true"' in html
        assert '<p class="message message-error"><strong>' in html and "Could not" in html
        assert get_flashed_messages() == []


def test_a_message_shown_at_the_action_is_only_announced_at_the_top(app, make_task):
    """A fragment that shows the message at the button keeps the live region for screen readers, visually hidden,
    so the page does not show the words twice; a fragment without it leaves the live region visible."""
    task_id = make_task(title="Paint the fence").id
    with app.test_request_context("/", method="POST", headers={"HX-Request": "true"}):
        shown = action_response(FRAGMENT, "/back", "Thanks & welcome", task=load_task(task_id), claimed=set())
        html = shown.get_data(as_text=True)
        assert html.count("Thanks &amp; welcome") == 2
        assert '<div id="messages" class="messages visually-hidden" aria-live="polite" role="status"' in html
        elsewhere = action_response("_partials/htmx.html", "/back", "Thanks & welcome")
        html = elsewhere.get_data(as_text=True)
        assert html.count("Thanks &amp; welcome") == 1
        assert '<div id="messages" class="messages" aria-live="polite" role="status"' in html


def test_action_redirects_others_with_the_message_flashed(app):
    """Without htmx (and for a boosted form) the action redirects with 303 and flashes the message."""
    for headers in ({}, {"HX-Request": "true", "HX-Boosted": "true"}):
        with app.test_request_context("/", method="POST", headers=headers):
            response = action_response(FRAGMENT, "/back#task-1", "Done", "ok", task=None)
            assert response.status_code == 303 and response.location == "/back#task-1"
            assert get_flashed_messages(with_categories=True) == [("ok", "Done")]


def test_post_button_carries_csrf_and_hidden_fields(app):
    """The button form posts with the CSRF token (no id, so many fit on a page), hidden fields and htmx."""
    template = ('{% from "_macros/forms.html" import post_button %}'
                '{{ post_button("/tasks/1/claim", "Take it", hidden={"next": "/boards"}, hx_target="#task-1") }}'
                '{{ post_button("/tasks/2/claim", "Take it too", class="button button-quiet") }}')
    with app.test_request_context("/"):
        html = render_template_string(template)
    assert html.count('<input type="hidden" name="csrf_token" value="') == 2 and 'id="csrf_token"' not in html
    assert '<form method="post" action="/tasks/1/claim" hx-post="/tasks/1/claim" hx-target="#task-1" ' \
           'hx-swap="outerHTML">' in html
    assert '<input type="hidden" name="next" value="/boards"><button class="button">Take it</button></form>' in html
    assert '<form method="post" action="/tasks/2/claim"><input type="hidden" name="csrf_token"' in html
    assert '<button class="button button-quiet">Take it too</button>' in html


def test_an_htmx_request_that_fails_gets_a_message_in_place_not_a_page(client):
    """A 404 (or any error) answering htmx swaps a message where the card or list was, and tells the live region;
    a whole page with its header inside a card would be no answer. A boosted navigation still gets the page."""
    response = client.get("/bestaat-niet", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "<html" not in html and "site-header" not in html
    assert 'class="message message-error"' in html and 'id="messages"' in html and "hx-swap-oob" in html
    assert "Pagina niet gevonden" in html or "Page not found" in html
    assert "HX-Request" in response.headers["Vary"]
    boosted = client.get("/bestaat-niet", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert boosted.status_code == 404 and "<html" in boosted.get_data(as_text=True)
