"""A list's links built once (portal/core/urls.id_url): the same addresses url_for and public_url_for give."""

import pytest
from flask import url_for

from portal.core.urls import id_url, public_url_for

TEXTS = ["/agenda/12", "/boards/help?skill=koken&page=2", "a b+c#d%20e", "~!$&'()*,/:;=?@[]{}|\\^`\"<>", "\x00\x1f\x7f",
         "café/één", "", "918273645546372819"]


def test_an_id_link_is_url_fors(app):
    """Each id gives the address url_for gives, with other arguments, an anchor, or on the public address."""
    with app.test_request_context():
        for endpoint, name, values in (("events.show_event", "event_id", {}),
                                       ("ideas.show_idea", "idea_id", {"_anchor": "comments"}),
                                       ("boards.claim_task", "task_id", {})):
            link = id_url(endpoint, name, **values)
            assert [link(ident) for ident in (1, 42, 2**31 - 1)] == [
                url_for(endpoint, **{name: ident}, **values) for ident in (1, 42, 2**31 - 1)]
        public = id_url("events.show_event", "event_id", public=True)
        assert public(7) == public_url_for("events.show_event", event_id=7)
        assert public(7).startswith(app.config["PUBLIC_URL"].rstrip("/"))


def test_an_id_inside_a_value_is_url_fors(app):
    """A log-in link whose `next` is the page of an id is url_for's, for each id."""
    with app.test_request_context():
        login = id_url("accounts.login", "next", inside=id_url("ideas.show_idea", "idea_id"))
        assert login(5) == url_for("accounts.login", next=url_for("ideas.show_idea", idea_id=5))


@pytest.mark.parametrize(("endpoint", "name"), [("core.qr_code", "path"), ("boards.where_can_i_help", "skill"),
                                                 ("applause.photo", "name")])
def test_text_is_escaped_as_url_for_escapes_it(app, endpoint, name):
    """Text in a query value or in a path comes out as url_for writes it: every sign, and text beyond ASCII."""
    with app.test_request_context():
        link = id_url(endpoint, name, text=True)
        for text in TEXTS:
            assert link(text) == url_for(endpoint, **{name: text}), text


def test_templates_build_links_with_it(app):
    """Templates reach the same helper as a global."""
    with app.test_request_context():
        template = app.jinja_env.from_string("{% set link = id_url('events.show_event', 'event_id') %}{{ link(3) }}")
        assert template.render() == url_for("events.show_event", event_id=3)
