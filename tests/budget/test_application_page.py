"""An application's page says one clear thing about who takes part, links its plan, and its form says what is
missing at the field."""

from __future__ import annotations

from tests.budget.test_views import apply_form


def test_the_residents_typed_and_the_residents_counted_are_told_apart(client, login_as, make_budget,
                                                                      make_initiative, make_member):
    """The number the applicants typed is shown as theirs; the condition's check says what the portal counts
    (members and neighbours who support it), so "6" and "1" no longer read as one number twice."""
    budget = make_budget(conditions=[("min_residents", {"number": 5})])
    initiative = make_initiative()
    make_member(login_as(), initiative)
    form = apply_form(initiative, ("food", "10"), residents=6)
    html = client.post(f"/budget/{budget.id}/apply", data=form, follow_redirects=True).get_data(as_text=True)
    assert "De aanvragers zeggen: 6 bewoners doen mee." in html
    assert ("Het portaal telt leden van het initiatief: 1, en buren die &#34;Ik steun dit&#34; zeiden: 0. Samen 1. "
            "Er zijn er minstens 5 nodig.") in html
    assert "steunbetuigingen:" not in html


def test_the_plan_is_a_link_only_when_it_is_a_safe_address(app, client, login_as, make_budget, make_initiative,
                                                            make_member):
    """"The plan:" links a path on this site or an http(s) address, escaped; anything else (javascript:, data:,
    //host, plain words) stays text."""
    budget = make_budget()
    initiative = make_initiative()
    make_member(login_as(), initiative)
    cases = {"/initiatieven/2": '<a href="/initiatieven/2">/initiatieven/2</a>',
             "https://example.org/plan?a=1&b=2": '<a href="https://example.org/plan?a=1&amp;b=2" rel="nofollow ugc">',
             "javascript:alert(1)": "The plan:",
             "//evil.example/x": "The plan:",
             "data:text/html,<b>x</b>": "The plan:",
             'https://example.org/"><script>': '<a href="https://example.org/%22%3E%3Cscript%3E" rel="nofollow ugc">',
             "ons bord": "The plan:"}
    client.get("/language/en")
    for plan, expected in cases.items():
        form = apply_form(initiative, ("food", "10"))
        form["plan"] = plan
        html = client.post(f"/budget/{budget.id}/apply", data=form, follow_redirects=True).get_data(as_text=True)
        line = html.split("The plan:")[1].split("</p>")[0]
        assert expected in html, plan
        if expected == "The plan:":
            assert "<a" not in line, plan
        assert "<script>" not in line and 'href="javascript' not in html and 'href="//' not in html, plan


def test_link_target_accepts_only_local_paths_and_web_addresses():
    """link_target: a path here or an http(s) address with a host; never another scheme or a protocol-relative
    address, also when browsers would drop a tab or a newline in it."""
    from portal.web import link_target

    assert link_target("/agenda/4") == "/agenda/4"
    assert link_target("http://example.org") == "http://example.org"
    for text in ("javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "//evil.example",
                 "/\\evil.example", "/\t/evil.example", "https://", "mailto:a@b.nl", "ftp://x.nl", "", None,
                 "https://exa mple.org"):
        assert link_target(text) is None, text


def test_a_line_with_words_but_no_amount_is_told_at_its_amount(client, login_as, make_budget, make_initiative,
                                                                make_member):
    """A budget line with a description and no amount is not dropped silently: nothing is saved, the amount field
    says what is missing (in the reader's language) and the typed words stay."""
    budget = make_budget()
    initiative = make_initiative()
    make_member(login_as(), initiative)
    form = apply_form(initiative, ("food", "10"))
    form.update({"lines-1-category": "rent", "lines-1-description": "Zaalhuur in de Nelle", "lines-1-amount": ""})
    response = client.post(f"/budget/{budget.id}/apply", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Bewaard als concept" not in html
    assert 'value="Zaalhuur in de Nelle"' in html
    assert 'id="lines-1-amount-error"><strong>Let op:</strong> Vul het bedrag voor deze regel in.</p>' in html
    assert "lines-0-amount-error" not in html and "lines-1-description-error" not in html
    client.get("/language/en")
    html = client.post(f"/budget/{budget.id}/apply", data=form).get_data(as_text=True)
    assert "Fill in the amount for this line." in html


def test_the_initiative_choice_leaves_out_an_empty_group(client, login_as, make_budget, make_initiative,
                                                         make_member):
    """A member of one initiative (the only ones they may apply for) sees it without an empty "Andere
    initiatieven" group below it."""
    budget = make_budget()
    initiative = make_initiative("Groen in de buurt")
    make_member(login_as(), initiative)
    html = client.get(f"/budget/{budget.id}/apply").get_data(as_text=True)
    select = html.split('name="initiative"')[1].split("</select>")[0]
    assert "Groen in de buurt" in select and "Andere initiatieven" not in select and "<optgroup" in select
