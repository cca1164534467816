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
