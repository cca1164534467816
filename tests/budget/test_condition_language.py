"""A budget's conditions read in the reader's language: rules the portal checks come from the catalogue."""

from __future__ import annotations

CONDITIONS = [("max_overhead_share", {"percent": 8}), ("min_residents", {"number": 5}), ("people", {})]


def test_english_readers_get_the_checked_rules_in_english(client, make_budget, make_application):
    """On English pages the leaflet and an application's checks word the checked rules from the catalogue; a
    condition only people judge keeps the coordinator's (Dutch) words, marked as Dutch."""
    budget = make_budget(conditions=CONDITIONS)
    application = make_application(budget)
    client.get("/language/en")
    for path in ("/budget", f"/budget/{budget.id}/print", f"/budget/applications/{application.id}"):
        html = client.get(path).get_data(as_text=True)
        assert "At most 8% of an application for overhead." in html, path
        assert "At least 5 residents involved (members or supporters)." in html, path
        assert "Regel max_overhead_share" not in html and "Regel min_residents" not in html, path
        assert '<span lang="nl">Regel people</span>' in html, path


def test_dutch_readers_keep_the_coordinators_words(client, make_budget, make_application):
    """On Dutch pages every condition shows the text the coordinator wrote, as before."""
    budget = make_budget(conditions=CONDITIONS)
    application = make_application(budget)
    for path in ("/budget", f"/budget/{budget.id}/print", f"/budget/applications/{application.id}"):
        html = client.get(path).get_data(as_text=True)
        assert "Regel max_overhead_share" in html and "Regel people" in html and 'lang="nl">Regel' not in html
