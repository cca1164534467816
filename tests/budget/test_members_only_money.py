"""Public money adds up: the totals count every euro, and where a reader may not see an initiative (members-only),
what went to it is one line without names, so the rows they see plus that line are the totals."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from portal.extensions import db

LINE = "Naar initiatieven die alleen leden zien"


@pytest.fixture
def money(app, make_budget, make_application, make_initiative, make_user, private_initiative):
    """Grant 1.000 euro to a public initiative (200 spent) and 314,15 euro to a members-only one (12,34 spent)."""
    from portal.accounts.models import User
    from portal.budget import services
    from portal.budget.models import Application

    budget = make_budget()
    public = make_application(budget, make_initiative("Moestuin Gein"), title="Groente")
    secret = make_application(budget, private_initiative, title="Geheim plan")
    coordinator = make_user(role="coordinator")
    with app.app_context():
        for application, cents, spent in ((public, 100_000, 20_000), (secret, 31_415, 1_234)):
            assert services.grant(application.id, cents, db.session.get(User, coordinator.id)) == "ok"
            db.session.execute(update(Application).where(Application.id == application.id)
                               .values(spent_cents=spent))
        db.session.commit()
    return budget


def _pages(client, budget_id: int) -> dict[str, str]:
    """Return the pages that show a budget's totals, amounts written with a plain space ("€ 314,15")."""
    return {path: client.get(path).get_data(as_text=True).replace("\xa0", " ") for path in (
        f"/budget/{budget_id}/ledger", f"/budget/{budget_id}/report", "/budget", f"/budget/{budget_id}/print",
        "/buurtbericht", "/buurtbericht.txt")}


@pytest.mark.parametrize("role", [None, "resident"])
def test_outsiders_read_what_went_to_members_only_initiatives_as_one_line(client, login_as, money, role):
    """On the ledger, its report, the leaflet, its print and the weekly sheet an outsider reads how much was granted
    to and spent by initiatives only members see, without their names: the rows plus the line are the totals."""
    if role:
        login_as(role)
    pages = _pages(client, money.id)
    for path, page in pages.items():
        assert LINE in page and "€ 314,15" in page and "€ 12,34" in page, path
        assert "Geheime club" not in page and "Geheim plan" not in page, path
    ledger = pages[f"/budget/{money.id}/ledger"]
    # Granted 1.314,15 = 1.000 (Moestuin Gein) + 314,15 (the line); spent 212,34 = 200 + 12,34.
    assert "€ 1.314,15" in ledger and "€ 212,34" in ledger
    table = ledger.split('<caption>Per initiatief</caption>')[1].split("</table>")[0]
    assert "Moestuin Gein" in table and "€ 1.000,00" in table and "€ 200,00" in table and LINE in table


def test_who_sees_every_initiative_reads_no_such_line(client, login_as, money, make_member, private_initiative):
    """A member of the members-only initiative sees it by name on the ledger, so no line stands for it; nor for a
    coordinator."""
    make_member(login_as(), private_initiative)
    page = client.get(f"/budget/{money.id}/ledger").get_data(as_text=True)
    assert "Geheime club" in page and LINE not in page
    client.post("/logout")
    login_as("coordinator")
    assert LINE not in client.get(f"/budget/{money.id}/ledger").get_data(as_text=True)


def test_without_members_only_grants_there_is_no_line(client, app, make_budget, make_application, make_user):
    """A budget whose money all went to public initiatives says nothing of members-only ones."""
    from portal.accounts.models import User
    from portal.budget import services

    budget = make_budget()
    application = make_application(budget)
    with app.app_context():
        coordinator = db.session.get(User, make_user(role="coordinator").id)
        assert services.grant(application.id, 50_000, coordinator) == "ok"
    for path, page in _pages(client, budget.id).items():
        assert LINE not in page, path


def test_the_line_reads_in_english(client, money):
    """An English reader reads "To initiatives only members see", on the ledger and on the weekly sheet."""
    client.get("/language/en")
    pages = _pages(client, money.id)
    assert "To initiatives only members see" in pages[f"/budget/{money.id}/ledger"]
    assert "To initiatives only members see: €314.15 granted, €12.34 spent." in pages["/buurtbericht.txt"]
