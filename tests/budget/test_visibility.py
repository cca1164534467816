"""Members-only initiatives' applications, examples and ledger lines stay unknown to outsiders everywhere."""

from __future__ import annotations

from datetime import date

import pytest

from portal.budget.models import Entry, Example
from portal.extensions import db


@pytest.fixture
def secret(app, make_budget, make_application, private_initiative):
    """Give a members-only initiative a granted application with a spending and an example on the leaflet."""
    budget = make_budget()
    application = make_application(budget, private_initiative, status="granted", granted=50_000,
                                   title="Geheim plan")
    with app.app_context():
        db.session.add(Example(budget_id=budget.id, text="Geheim voorbeeld", initiative_id=private_initiative.id))
        db.session.add(Entry(budget_id=budget.id, application_id=application.id, initiative_id=private_initiative.id,
                             kind="spending", day=date(2026, 3, 1), cents=1234, category="food",
                             description="Geheime uitgave"))
        db.session.commit()
        entry_id = db.session.scalar(db.select(Entry.id))
    return budget, application, entry_id


@pytest.mark.parametrize("role", [None, "resident"])
def test_outsiders_see_nothing_of_members_only_applications(client, login_as, secret, role):
    """Outsiders get 404 on the application and its actions, and no name, title or line anywhere."""
    budget, application, entry_id = secret
    if role:
        login_as(role)
    assert client.get(f"/budget/applications/{application.id}").status_code == 404
    if role:
        assert client.post(f"/budget/applications/{application.id}/support").status_code == 404
        assert client.post(f"/budget/applications/{application.id}/spendings", data={}).status_code == 404
        assert client.get(f"/budget/receipts/{entry_id}").status_code == 404
    for path in ("/budget", f"/budget/{budget.id}", f"/budget/{budget.id}/ledger", f"/budget/{budget.id}/report",
                 f"/budget/{budget.id}/progress",
                 f"/budget/{budget.id}/print", f"/budget/{budget.id}/ledger.csv", "/"):
        text = client.get(path).get_data(as_text=True)
        assert "Geheime club" not in text and "Geheim plan" not in text and "Geheime uitgave" not in text, path
        assert "Geheim voorbeeld" not in text, path


def test_members_see_their_own_application(client, login_as, secret, make_member, private_initiative):
    """A member of the initiative sees its application, its lines and the example."""
    budget, application, _entry = secret
    make_member(login_as("resident"), private_initiative)
    assert "Geheim plan" in client.get(f"/budget/applications/{application.id}").get_data(as_text=True)
    assert "Geheime uitgave" in client.get(f"/budget/{budget.id}/ledger").get_data(as_text=True)
    assert "Geheim voorbeeld" in client.get("/budget").get_data(as_text=True)


def test_drafts_are_only_for_the_initiative(client, login_as, make_budget, make_application):
    """A draft is not listed for others, and its page is refused to them."""
    budget = make_budget()
    application = make_application(budget, status="draft", title="Nog een concept")
    login_as("resident")
    assert "Nog een concept" not in client.get(f"/budget/{budget.id}").get_data(as_text=True)
    assert client.get(f"/budget/applications/{application.id}").status_code == 403


@pytest.mark.parametrize("path", ["/budget/99999999999", "/budget/applications/2147483648",
                                  "/budget/1/ledger?before=-1", "/budget/1/ledger?before=9999999999999",
                                  "/budget/1/ledger?before=%00",
                                  "/budget/receipts/0"])
def test_hostile_paths_never_give_a_500(client, login_as, make_budget, path):
    """Huge, negative and NUL values answer 404 or a page, never a 500."""
    make_budget()
    login_as("coordinator")
    assert client.get(path).status_code in (200, 404)


def test_huge_ids_in_forms_are_refused_not_a_500(client, login_as, make_budget):
    """An initiative id beyond the database's range in the apply and example forms gives a message, not a 500."""
    budget = make_budget()
    login_as("coordinator")
    data = {"initiative": str(10**30), "title": "x", "purpose": "x", "residents": "1", "lines-0-category": "food",
            "lines-0-amount": "10"}
    response = client.post(f"/budget/{budget.id}/apply", data=data)
    assert response.status_code == 200 and 'id="initiative-error"' in response.get_data(as_text=True)
    example = client.post(f"/budget/{budget.id}/examples", data={"example-text": "x",
                                                                 "example-initiative": str(2**40)})
    assert example.status_code == 200 and 'id="example-initiative-error"' in example.get_data(as_text=True)
