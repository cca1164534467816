"""Pages cost a fixed number of queries, whatever the number of ledger lines or budgets."""

from __future__ import annotations

from datetime import date

from portal.budget.models import Entry
from portal.extensions import db


def add_lines(app, application, count: int) -> None:
    with app.app_context():
        db.session.execute(db.insert(Entry), [
            {"budget_id": application.budget_id, "application_id": application.id,
             "initiative_id": application.initiative_id, "kind": "spending", "day": date(2026, 3, 1), "cents": 100,
             "category": "food", "description": "Brood"} for _ in range(count)])
        db.session.commit()


def queries_for(client, count_queries, path: str) -> int:
    client.get(path)  # warm: the session and translations
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_ledger_and_application_pages_cost_the_same_at_10_and_1000_lines(app, client, login_as, granted,
                                                                          count_queries):
    """The ledger page, the application page and the report run as many queries with 1,000 lines as with 10."""
    login_as("coordinator")
    add_lines(app, granted, 10)
    paths = [f"/budget/{granted.budget_id}/ledger", f"/budget/applications/{granted.id}",
             f"/budget/{granted.budget_id}/report", "/budget"]
    few = [queries_for(client, count_queries, path) for path in paths]
    add_lines(app, granted, 990)
    many = [queries_for(client, count_queries, path) for path in paths]
    assert few == many
    assert max(many) <= 16


def test_leaflet_costs_the_same_for_one_and_five_budgets(app, client, make_budget, count_queries):
    """The leaflet's queries do not grow with the number of budgets, open or closed for applying."""
    make_budget(conditions=[("people", {})])
    one = queries_for(client, count_queries, "/budget")
    for number in range(4):
        make_budget(conditions=[("max_overhead_share", {"percent": 8}),
                                ("apply_before", {"day": date(2026, 1, 1) if number % 2 else date(2099, 1, 1)})])
    assert queries_for(client, count_queries, "/budget") == one


def test_a_last_day_to_apply_costs_no_query_of_its_own(app, client, login_as, make_budget, make_application,
                                                       count_queries):
    """The budget's page and an application's page cost as many queries for a budget that closed applying as for
    one without such a day."""
    login_as("coordinator")
    costs = []
    for conditions in ([("people", {})], [("people", {}), ("apply_before", {"day": date(2026, 1, 1)})]):
        budget = make_budget(conditions=conditions)
        application = make_application(budget, status="draft")
        costs.append([queries_for(client, count_queries, path) for path in (
            f"/budget/{budget.id}", f"/budget/applications/{application.id}")])
    assert costs[0] == costs[1]
