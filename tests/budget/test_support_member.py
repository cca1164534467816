""""Ik steun dit" is offered only to people it counts for: a member of the applying initiative counts already."""

from __future__ import annotations

from tests.conftest import HX


def _support_box(html: str, application_id: int) -> str:
    return html.split(f'id="support-{application_id}"')[1].split("</div>")[0]


def test_a_member_sees_they_count_already_not_the_button(client, login_as, make_budget, make_application,
                                                        make_initiative, make_member):
    """A member of the applying initiative gets no "Ik steun dit", but a short line saying they count already; a
    neighbour who is not a member gets the button."""
    initiative = make_initiative()
    application = make_application(make_budget(), initiative)
    make_member(login_as(), initiative)
    box = _support_box(client.get(f"/budget/applications/{application.id}").get_data(as_text=True), application.id)
    assert "Je bent lid: je telt al mee." in box and "/support" not in box and "Ik steun dit" not in box
    client.post("/logout")
    login_as()
    box = _support_box(client.get(f"/budget/applications/{application.id}").get_data(as_text=True), application.id)
    assert f'action="/budget/applications/{application.id}/support"' in box and "je telt al mee" not in box


def test_a_member_posting_anyway_gets_the_reason_once_and_no_button(client, login_as, make_budget,
                                                                   make_application, make_initiative, make_member):
    """A member who posts "Ik steun dit" from an old page is told why (once) and gets no button back, htmx or not."""
    initiative = make_initiative()
    application = make_application(make_budget(), initiative)
    make_member(login_as(), initiative)
    fragment = client.post(f"/budget/applications/{application.id}/support", headers=HX).get_data(as_text=True)
    box = _support_box(fragment, application.id)
    assert box.count("je telt al mee") == 1 and "/support" not in box
    page = client.post(f"/budget/applications/{application.id}/support", follow_redirects=True).get_data(as_text=True)
    box = _support_box(page, application.id)
    assert box.count("je telt al mee") == 1 and "/support" not in box


def test_the_support_button_speaks_the_readers_language(client, login_as, make_budget, make_application,
                                                        make_initiative):
    """The button and the count's words are "I support this" on an English page, "Ik steun dit" on a Dutch one."""
    application = make_application(make_budget(), make_initiative())
    login_as(language="en")
    html = client.get(f"/budget/applications/{application.id}").get_data(as_text=True)
    assert "I support this" in _support_box(html, application.id) and "Ik steun dit" not in html
    client.post("/logout")
    login_as()
    html = client.get(f"/budget/applications/{application.id}").get_data(as_text=True)
    assert "Ik steun dit" in _support_box(html, application.id)
