"""The ledger: spendings checked against the grant and the conditions, receipts kept private, the CSV export,
keyset pages, and never more granted than the budget holds, even when twenty coordinators grant at once."""

from __future__ import annotations

import io
from datetime import date

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.budget import ledger, services
from portal.budget.models import Application, Budget, Entry
from portal.extensions import db
from tests.applause.test_services import run_at_once


def real_pdf() -> bytes:
    """Return a small real PDF, as a webshop or a scanner writes one."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out)
    sheet.drawString(72, 750, "Bouwmarkt, bon 2026-03-01: 98,45")
    sheet.save()
    return out.getvalue()


def real_png() -> bytes:
    """Return a small real PNG."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 200), (250, 250, 250)).save(out, "PNG")
    return out.getvalue()


PDF = real_pdf()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def spend(client, application, amount="100", category="materials", **extra):
    data = {"day": date.today().isoformat(), "amount": amount, "category": category, "description": "Zaden",
            **extra}
    return client.post(f"/budget/applications/{application.id}/spendings", data=data,
                       content_type="multipart/form-data")


def test_a_member_books_a_spending_with_a_pdf_receipt(app, client, login_as, granted, make_member, make_initiative):
    """A member books € 98,45 with a PDF; the totals match to the cent; the receipt downloads as an attachment."""
    from portal.initiatives.models import Initiative

    user = login_as("resident")
    with app.app_context():
        initiative = db.session.get(Initiative, granted.initiative_id)
    make_member(user, initiative)
    response = spend(client, granted, "98,45", receipt=(io.BytesIO(PDF), "bon.pdf"))
    assert response.status_code == 303
    with app.app_context():
        entry = db.session.scalar(select(Entry).where(Entry.kind == "spending"))
        assert entry.cents == 9845 and entry.receipt_kind == "pdf"
        assert db.session.get(Application, granted.id).spent_cents == 9845
    download = client.get(f"/budget/receipts/{entry.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.mimetype == "application/pdf" and download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]


def test_a_receipt_that_is_no_image_or_pdf_is_refused(app, client, login_as, granted):
    """An HTML file named .pdf is refused at the field, and nothing is booked."""
    login_as("coordinator")
    html = spend(client, granted, receipt=(io.BytesIO(b"<html><script>alert(1)</script>"), "bon.pdf")).get_data(
        as_text=True)
    assert 'id="receipt-error"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry).where(Entry.kind == "spending")) == 0


def test_receipt_kinds_are_read_from_the_bytes():
    """PDF, JPEG, PNG and WebP are known by their first bytes; anything else is not."""
    assert ledger.receipt_kind(PDF) == "pdf" and ledger.receipt_kind(PNG) == "png"
    assert ledger.receipt_kind(b"\xff\xd8\xff\xe0") == "jpeg"
    assert ledger.receipt_kind(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "webp"
    assert ledger.receipt_kind(b"<svg") is None and ledger.receipt_kind(b"") is None


def test_receipts_are_for_members_and_coordinators_only(app, client, login_as, granted):
    """Outsiders (and visitors) cannot fetch a receipt; the public ledger shows no receipt link."""
    login_as("coordinator")
    assert spend(client, granted, receipt=(io.BytesIO(real_png()), "bon.png")).status_code == 303
    client.post("/logout")
    with app.app_context():
        entry_id = db.session.scalar(select(Entry.id).where(Entry.kind == "spending"))
    assert "/login" in client.get(f"/budget/receipts/{entry_id}").headers["Location"]
    login_as("resident")
    assert client.get(f"/budget/receipts/{entry_id}").status_code == 403
    assert "/budget/receipts/" not in client.get(f"/budget/{granted.budget_id}/ledger").get_data(as_text=True)


def test_a_spending_over_the_grant_needs_a_coordinators_reason(app, client, login_as, granted, make_member):
    """Over the grant: refused for a member with the reason shown; a coordinator books it with a reason, logged."""
    login_as("coordinator")
    html = spend(client, granted, "1.000,01").get_data(as_text=True)
    assert "over het toegekende geld" in html
    with app.app_context():
        assert db.session.get(Application, granted.id).spent_cents == 0
    assert spend(client, granted, "1.000,01", override="Bon van de gemeente kwam later.").status_code == 303
    with app.app_context():
        entry = db.session.scalar(select(Entry).where(Entry.kind == "spending"))
        assert entry.override == "Bon van de gemeente kwam later." and entry.cents == 100001


def test_a_spending_dated_ahead_is_refused_at_its_date(app, client, login_as, granted):
    """A spending is booked on the day it was paid: tomorrow is refused at the date, with what was typed kept;
    nothing is booked."""
    from datetime import timedelta

    from portal.core.time import today

    login_as("coordinator")
    ahead = (today() + timedelta(days=1)).isoformat()
    response = spend(client, granted, "50", day=ahead)
    html = response.get_data(as_text=True)
    assert response.status_code != 303 and 'id="day-error"' in html
    assert "Deze datum ligt in de toekomst." in html and f'value="{ahead}"' in html
    with app.app_context():
        assert db.session.get(Application, granted.id).spent_cents == 0
    assert spend(client, granted, "50", day=today().isoformat()).status_code == 303


def test_a_coordinators_reason_is_logged_on_one_line(app, client, login_as, granted, caplog):
    """The reason to book against a condition is typed text: a line break in it never starts a log line of its own
    (which could pass for another event)."""
    login_as("coordinator")
    reason = "Bon kwam later.\r\n2026-11-29 budget: everything is fine"
    assert spend(client, granted, "1.000,01", override=reason).status_code == 303
    logged = [record.getMessage() for record in caplog.records if "booked against a condition" in record.getMessage()]
    assert len(logged) == 1 and "\n" not in logged[0] and "\r" not in logged[0] and "Bon kwam later." in logged[0]


def test_overhead_above_its_share_is_refused(app, client, login_as, granted):
    """With an 8% rule, € 80 overhead on a € 1.000 grant passes and one cent more does not."""
    login_as("coordinator")
    assert spend(client, granted, "80", "overhead").status_code == 303
    assert "8%" in spend(client, granted, "0,01", "overhead").get_data(as_text=True)


def test_no_spending_on_a_refused_application(app, client, login_as, make_budget, make_application):
    """A refused application has no spending form, and a forged post books nothing."""
    application = make_application(make_budget(), status="refused", reason="Nee.")
    login_as("coordinator")
    spend(client, application, override="toch")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Entry)) == 0


def test_twenty_coordinators_granting_the_last_5000_euro_at_once(app, make_budget, make_application, make_user):
    """Twenty grants of € 5.000 at the same moment on a budget with € 5.000 left: exactly one succeeds."""
    budget = make_budget(amount_cents=1_000_000)
    first = make_application(budget, lines=(("materials", 500_000),))
    coordinator = make_user("coordinator")
    with app.app_context():
        assert services.grant(first.id, 500_000, db.session.get(User, coordinator.id)) == "ok"
    applications = [make_application(budget, lines=(("materials", 500_000),)) for _ in range(20)]
    outcomes: list[str] = []
    errors = run_at_once(app, lambda application: outcomes.append(
        services.grant(application.id, 500_000, db.session.get(User, coordinator.id))), applications)
    assert errors == []
    assert sorted(outcomes) == ["left"] * 19 + ["ok"]
    with app.app_context():
        assert db.session.get(Budget, budget.id).granted_cents == 1_000_000
        assert db.session.scalar(select(func.sum(Entry.cents)).where(Entry.kind == "grant")) == 1_000_000
        assert db.session.scalar(select(func.count()).select_from(Application).where(
            Application.status == "granted")) == 2


def test_the_database_refuses_a_total_above_the_budget(app, make_budget):
    """Even written by hand, a granted total above the budget is refused by the database's check."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    budget = make_budget(amount_cents=100)
    with app.app_context():
        db.session.get(Budget, budget.id).granted_cents = 101
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def add_lines(app, application, count: int) -> None:
    with app.app_context():
        db.session.add_all(Entry(budget_id=application.budget_id, application_id=application.id,
                                 initiative_id=application.initiative_id, kind="spending", day=date(2026, 3, 1),
                                 cents=150 + number, category="food", description=f"=Regel {number};\"x\"")
                           for number in range(count))
        db.session.commit()


def test_csv_is_for_dutch_spreadsheets(app, client, granted):
    """The CSV starts with a BOM, uses ";" and comma decimals, quotes text and defuses formulas."""
    add_lines(app, granted, 3)
    response = client.get(f"/budget/{granted.budget_id}/ledger.csv")
    text = response.data.decode("utf-8")
    assert response.mimetype == "text/csv" and text.startswith("\ufeff")
    assert text.splitlines()[0].count(";") == 5
    assert ";1000,00\r\n" in text and ";1,50\r\n" in text
    assert "\"'=Regel 0;\"\"x\"\"\"" in text


def test_csv_streams_in_batches(app, client, granted, monkeypatch):
    """The export reads the ledger a batch at a time: more lines than a batch come out, all of them."""
    monkeypatch.setattr(ledger, "CSV_BATCH", 7)
    add_lines(app, granted, 30)
    response = client.get(f"/budget/{granted.budget_id}/ledger.csv", buffered=False)
    chunks = list(response.response)
    response.close()
    assert len(chunks) == 1 + 5  # the header, then 31 lines in batches of 7
    assert len(b"".join(chunks).decode("utf-8").splitlines()) == 1 + 1 + 30


def test_ledger_pages_by_keyset(app, client, granted):
    """The ledger shows 50 lines a page and links to the older ones by id."""
    add_lines(app, granted, 60)
    html = client.get(f"/budget/{granted.budget_id}/ledger").get_data(as_text=True)
    assert html.count("ledger-line") == 50 and "before=" in html
    before = html.split("before=")[1].split('"')[0]
    older = client.get(f"/budget/{granted.budget_id}/ledger?before={before}").get_data(as_text=True)
    assert older.count("ledger-line") == 11 and "before=" not in older


def test_totals_match_to_the_cent(app, granted, make_user):
    """Spendings booked through the service keep the running totals equal to the ledger's sum, to the cent."""
    coordinator = make_user("coordinator")
    with app.app_context():
        user = db.session.get(User, coordinator.id)
        for number in range(10):
            application = db.session.get(Application, granted.id)
            assert ledger.add_spending(application, user, date.today(), 1999 + number, "food", "Brood") == []
        totals = ledger.totals(granted.budget_id, None)
        in_ledger = db.session.scalar(select(func.sum(Entry.cents)).where(Entry.kind == "spending"))
        assert totals.spent == in_ledger == sum(1999 + n for n in range(10))
        assert totals.granted == 100_000
        assert totals.by_category == [("food", in_ledger)]
        assert totals.by_initiative[0][2:] == (100_000, in_ledger)


def test_category_totals_follow_every_line_however_it_comes_or_goes(app, granted, make_user):
    """The summary rows per category move with lines added by hand, changed, and removed with their application
    (the database's triggers), so the page's totals always equal the ledger's sum."""
    add_lines(app, granted, 4)  # food: 150 + 151 + 152 + 153
    with app.app_context():
        assert ledger.totals(granted.budget_id, None).by_category == [("food", 606)]
        entry = db.session.scalar(select(Entry).where(Entry.kind == "spending").order_by(Entry.id))
        entry.category = "materials"
        db.session.commit()
        assert ledger.totals(granted.budget_id, None).by_category == [("food", 456), ("materials", 150)]
        db.session.delete(db.session.get(Application, granted.id))
        db.session.commit()
        assert ledger.totals(granted.budget_id, None).by_category == []
