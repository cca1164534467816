"""Receipts are cleaned as photos are (type from the bytes, no metadata, size limits), PDFs must be real PDFs, a
refused upload or spending saves nothing (no line, no file), and receipts download only as attachments."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageFile
from sqlalchemy import func, select

from portal.budget import ledger
from portal.budget.models import Application, Entry
from portal.extensions import db
from tests.applause.test_abuse import png
from tests.applause.test_views import image_bytes
from tests.budget.test_ledger import real_pdf, spend


@pytest.fixture
def receipts(app):
    """Return a function that lists the receipt files stored since the test began (the folder is shared)."""
    folder = Path(app.config["UPLOAD_FOLDER"]) / "receipts"
    before = set(folder.iterdir()) if folder.exists() else set()

    def stored() -> list[Path]:
        return sorted(set(folder.iterdir()) - before) if folder.exists() else []

    return stored


def spendings(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Entry).where(Entry.kind == "spending")) or 0


def the_receipt(app) -> Entry:
    with app.app_context():
        return db.session.scalar(select(Entry).where(Entry.kind == "spending"))


def test_a_photo_receipt_loses_its_gps_and_is_re_encoded(app, client, login_as, granted, receipts):
    """A JPEG with GPS in its EXIF is stored re-encoded, without any metadata, at most 2000 px and 600 KB, and
    downloads as a JPEG attachment with nosniff and a sandbox."""
    login_as("coordinator")
    upload = image_bytes(size=(3000, 2000), exif_gps=True)
    with Image.open(io.BytesIO(upload)) as original:
        assert original.getexif().get(0x8825)  # the test photo does carry a location
    assert spend(client, granted, receipt=(io.BytesIO(upload), "bon.jpg")).status_code == 303
    entry = the_receipt(app)
    assert entry.receipt_kind == "jpeg"
    [stored] = receipts()
    data = stored.read_bytes()
    assert data != upload and len(data) <= 600 * 1024
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and max(image.size) <= 2000
        assert not image.getexif() and "exif" not in image.info
    download = client.get(f"/budget/receipts/{entry.id}")
    assert download.status_code == 200 and download.data == data
    assert download.mimetype == "image/jpeg"
    assert download.headers["Content-Disposition"].startswith("attachment") and ".jpg" in download.headers[
        "Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]
    assert "no-store" in download.headers["Cache-Control"]


def test_a_png_receipt_with_transparency_becomes_a_clean_jpeg(app, client, login_as, granted, receipts):
    """A PNG (with an alpha channel) is accepted and kept as a JPEG on white."""
    login_as("coordinator")
    image = Image.new("RGBA", (600, 900), (0, 0, 0, 0))
    image.paste((20, 20, 20, 255), (50, 50, 550, 100))
    out = io.BytesIO()
    image.save(out, "PNG")
    assert spend(client, granted, receipt=(io.BytesIO(out.getvalue()), "bon.png")).status_code == 303
    assert the_receipt(app).receipt_kind == "jpeg"
    [stored] = receipts()
    with Image.open(stored) as kept:
        assert kept.format == "JPEG" and kept.mode == "RGB" and kept.getpixel((5, 5)) > (240, 240, 240)


def test_a_real_pdf_downloads_as_a_pdf_attachment(app, client, login_as, granted):
    """A real PDF is kept as sent and served as application/pdf, as an attachment, never inline."""
    login_as("coordinator")
    pdf = real_pdf()
    assert spend(client, granted, receipt=(io.BytesIO(pdf), "bon.pdf")).status_code == 303
    download = client.get(f"/budget/receipts/{the_receipt(app).id}")
    assert download.data == pdf and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]


HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize("payload, name, message", [
    (lambda: HTML, "bon.jpg", "Dit is geen bon die we kunnen gebruiken"),
    (lambda: b"GIF89a" + b"\x00" * 64, "bon.gif", "Dit is geen bon die we kunnen gebruiken"),
    (lambda: image_bytes(size=(1200, 800))[:9000], "bon.jpg", "Dit is geen bon die we kunnen gebruiken"),
    (lambda: png(8900, 8900), "bon.png", "24 megapixel"),
    (lambda: b"%PDF-1.4\n" + HTML, "bon.pdf", "Deze pdf is kapot of geen echte pdf"),
    (lambda: real_pdf()[:600], "bon.pdf", "Deze pdf is kapot of geen echte pdf"),
    (lambda: b"%PDF-1.4\n" + b"0" * (100 * 1024), "bon.pdf", "groter dan 5 MB"),  # the limit lowered, below
], ids=["html-named-jpg", "gif", "truncated-jpeg", "decompression-bomb", "html-after-pdf-header", "truncated-pdf",
        "over-5-mb"])
def test_a_bad_receipt_is_refused_at_the_field_and_nothing_is_saved(app, client, login_as, granted, payload, name,
                                                                     message, monkeypatch, receipts):
    """Each bad receipt gets its message at the receipt field, keeps what was typed, and saves no line, no total
    and no file; a huge image is refused from its header, its pixels never decoded."""
    def no_decoding(self):
        raise AssertionError("the pixels of a decompression bomb were decoded")

    data = payload()
    assert ledger.MAX_RECEIPT == 5 * 1024 * 1024
    # Over 5 MB the test client spools the body to a temporary file it never closes: the same check, on 64 KB.
    monkeypatch.setattr(ledger, "MAX_RECEIPT", 64 * 1024)
    if name == "bon.png":
        monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    login_as("coordinator")
    response = spend(client, granted, "12,50", receipt=(io.BytesIO(data), name))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="receipt-error"' in html and message in html
    assert 'value="12,50"' in html and "Zaden" in html  # what was typed stays
    assert spendings(app) == 0 and receipts() == []
    with app.app_context():
        assert db.session.get(Application, granted.id).spent_cents == 0


def test_a_refused_spending_keeps_no_receipt_file(app, client, login_as, granted, receipts, make_member):
    """A member's spending over the grant is refused: no line, no file, and the receipt field says to choose it
    again (a browser cannot keep a chosen file)."""
    from portal.initiatives.models import Initiative

    user = login_as("resident")
    with app.app_context():
        initiative = db.session.get(Initiative, granted.initiative_id)
    make_member(user, initiative)
    html = spend(client, granted, "1.000,01", receipt=(io.BytesIO(real_pdf()), "bon.pdf")).get_data(as_text=True)
    assert "over het toegekende geld" in html and 'id="receipt-error"' in html and "opnieuw" in html
    assert spendings(app) == 0 and receipts() == []


def test_a_member_of_the_initiative_downloads_its_receipt_and_a_member_of_another_does_not(
        app, client, login_as, auth, granted, make_member, make_initiative):
    """Receipts follow the ledger's rule: the initiative's members and coordinators, nobody else."""
    from portal.initiatives.models import Initiative

    login_as("coordinator")
    spend(client, granted, receipt=(io.BytesIO(real_pdf()), "bon.pdf"))
    entry_id = the_receipt(app).id
    auth.logout()
    member = login_as("resident")
    with app.app_context():
        initiative = db.session.get(Initiative, granted.initiative_id)
    make_member(member, initiative)
    assert client.get(f"/budget/receipts/{entry_id}").status_code == 200
    auth.logout()
    other = login_as("resident")
    make_member(other, make_initiative("Een andere groep"))
    assert client.get(f"/budget/receipts/{entry_id}").status_code == 403


def test_a_spending_after_the_budgets_end_needs_a_coordinators_reason(app, client, login_as, granted, monkeypatch):
    """A spending dated after the end of the budget's period (on a later day: never one ahead) is named as a
    problem; a coordinator's reason books it."""
    from portal.core import time

    monkeypatch.setattr(time, "today", lambda: date(2031, 1, 5))
    login_as("coordinator")
    late = {"day": "2031-01-02"}
    html = client.post(f"/budget/applications/{granted.id}/spendings", data={
        "amount": "10", "category": "materials", "description": "Zaden", **late}).get_data(as_text=True)
    assert "na 31 december 2030, het einde van de periode van dit budget" in html
    assert spendings(app) == 0
    assert client.post(f"/budget/applications/{granted.id}/spendings", data={
        "amount": "10", "category": "materials", "description": "Zaden", "override": "Bon kwam laat.",
        **late}).status_code == 303
    assert the_receipt(app).day == date(2031, 1, 2)


def test_amounts_above_the_whole_budget_are_refused_at_the_field(app, client, login_as, granted, make_member):
    """A spending, or an application, above the whole budget is refused at its field, even with a reason."""
    from tests.budget.test_views import apply_form

    login_as("coordinator")
    html = spend(client, granted, "25.000,01", override="Toch boeken.").get_data(as_text=True)
    assert 'id="amount-error"' in html and "meer dan het hele budget" in html
    assert spendings(app) == 0
    with app.app_context():
        from portal.initiatives.models import Initiative

        initiative = db.session.get(Initiative, granted.initiative_id)
    html = client.post(f"/budget/{granted.budget_id}/apply", data=apply_form(
        initiative, ("materials", "20.000"), ("food", "5.000,01"))).get_data(as_text=True)
    assert "meer dan het hele budget" in html and 'value="5.000,01"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == 1  # only the granted one
