"""The ledger: every grant and every spending against it, totals by SQL aggregates, a keyset-paged list, a CSV
export that streams in constant memory, and receipts (images or PDFs) kept private and served as attachments.

A receipt photo is cleaned as every photo is (portal/photos.py: type from the bytes, pixels counted from the header,
decoded whole, re-encoded as a JPEG without metadata such as GPS); a PDF must look like one from its first to its
last bytes and is never shown inline. Checked in memory first; the file is written in the spending's transaction,
so a refused spending leaves no file behind.

A spending raises its application's running total `spent_cents` in the transaction that books it. One that would
break a condition (over the grant, overhead above its share, after the end date, a category the budget does not
pay) is refused, unless a coordinator books it with a reason, which is kept on the line.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Executable, bindparam, func, select, update
from werkzeug.datastructures import FileStorage

from portal import photos
from portal.accounts.models import User, Viewer
from portal.budget import rules
from portal.budget.models import Application, Budget, CategoryTotal, Condition, Entry
from portal.db import rows_changed, write_transaction
from portal.extensions import db
from portal.initiatives import services as initiatives
from portal.permissions import has_role

MAX_RECEIPT = 5 * 1024 * 1024
PAGE_SIZE = 50
CSV_BATCH = 1000
MAGIC = (("pdf", b"%PDF-"), ("jpeg", b"\xff\xd8\xff"), ("png", b"\x89PNG\r\n\x1a\n"))
RECEIPT_SIZE = (2000, 600 * 1024)  # a receipt photo: longest side in px, most bytes (small print stays readable)
PDF_HEADER = re.compile(rb"%PDF-[12]\.[0-9]\s")
# How a stored receipt is served: the cleaned kinds by their type; receipts kept as uploaded before they were cleaned
# (PNG, WebP) as bytes only. Always as an attachment, never shown inline.
MIMETYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "application/octet-stream",
             "webp": "application/octet-stream"}


class ReceiptError(ValueError):
    """The upload is no receipt we accept; the message says why."""


@dataclass
class Totals:
    granted: int
    spent: int
    by_category: list[tuple[str, int]]
    by_initiative: list[tuple[int, str, int, int]]  # (id, name, granted, spent), visible initiatives only
    # What went to the initiatives the reader may not see, together and without names: with `by_initiative`, the
    # totals (every euro counts, and none is a hidden difference).
    members_only_granted: int = 0
    members_only_spent: int = 0


def receipt_kind(head: bytes) -> str | None:
    """Tell the kind of a receipt from its first bytes (never from its name or the browser's word)."""
    for kind, magic in MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def receipts_folder() -> Path:
    """Return the private folder receipts are kept in (outside static/; made when missing)."""
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "receipts"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Receipt:
    """A checked receipt, not stored yet: a cleaned JPEG, or a PDF as sent."""

    data: bytes
    kind: str  # "jpeg" or "pdf"


def looks_like_pdf(data: bytes) -> bool:
    """Tell whether the bytes are built as a PDF: a version header first, a cross-reference and the end-of-file
    mark at the end (a renamed web page, or a PDF cut off half-way, is not)."""
    return bool(PDF_HEADER.match(data[:16])) and b"startxref" in data[-2048:] and b"%%EOF" in data[-1024:]


def receipt_messages() -> dict[str, str]:
    """Return why a receipt is refused, in the reader's language."""
    return {"too_large": _("The receipt is larger than 5 MB."),
            "not_image": _("This is not a receipt we can use. Choose a photo (JPEG, PNG or WebP) or a PDF."),
            "not_pdf": _("This PDF is damaged or not a real PDF. Save it again as a PDF, or take a photo of the "
                         "receipt."),
            "too_many_pixels": _("This photo has too many pixels: at most %(megapixels)s megapixels. Choose a "
                                 "smaller photo, or make it smaller on your phone first.",
                                 megapixels=current_app.config["PHOTO_MAX_MEGAPIXELS"])}


def check_receipt(upload: FileStorage) -> Receipt:
    """Check a receipt (at most 5 MB; a photo or a PDF by its bytes, never by its name) and clean a photo as every
    photo is: decoded whole, re-encoded as a JPEG without metadata. Raise ReceiptError with the field's message."""
    messages = receipt_messages()
    data = upload.stream.read(MAX_RECEIPT + 1)
    if len(data) > MAX_RECEIPT:
        raise ReceiptError(messages["too_large"])
    kind = receipt_kind(data[:16])
    if kind == "pdf":
        if not looks_like_pdf(data):
            raise ReceiptError(messages["not_pdf"])
        return Receipt(data, "pdf")
    if kind is None:
        raise ReceiptError(messages["not_image"])
    try:
        cleaned = photos.clean_image(data, messages, current_app.config["PHOTO_MAX_MEGAPIXELS"] * 1_000_000,
                                     RECEIPT_SIZE)
    except photos.PhotoError as error:
        raise ReceiptError(str(error)) from error
    return Receipt(cleaned, "jpeg")


def receipt_path(entry: Entry) -> Path | None:
    """Return where a line's receipt is stored, or None."""
    if not entry.receipt or not entry.receipt.isalnum():
        return None
    path = receipts_folder() / entry.receipt
    return path if path.is_file() else None


def can_see_receipt(entry: Entry, user: Viewer) -> bool:
    """Receipts are for coordinators and the initiative's members only."""
    return has_role(user, "coordinator") or initiatives.is_member(entry.initiative_id, user)


def get_visible_entry(entry_id: int, user: Viewer) -> Entry | None:
    """Return a ledger line whose initiative `user` may see, else None."""
    return db.session.scalar(select(Entry).where(Entry.id == entry_id,
                                                 initiatives.linked_visible(user, Entry.initiative_id)))


def conditions_of(budget_id: int) -> list[Condition]:
    """Return a budget's conditions."""
    return list(db.session.scalars(select(Condition).where(Condition.budget_id == budget_id).order_by(Condition.id)))


def problems(application: Application, cents: int, category: str, day: date) -> list[str]:
    """Say which conditions a new spending on this grant would break (an empty list: none)."""
    if application.status != "granted":
        return [rules.spending_closed()]
    overhead = db.session.scalar(select(func.coalesce(func.sum(Entry.cents), 0)).where(
        Entry.application_id == application.id, Entry.kind == "spending", Entry.category == "overhead")) or 0
    budget = db.session.get(Budget, application.budget_id)  # the view loaded it already: no query
    ends_on = budget.ends_on if budget is not None else None
    return rules.spending_problems(conditions_of(application.budget_id), application.granted_cents or 0,
                                   application.spent_cents, int(overhead), cents, category, day, ends_on)


def add_spending(application: Application, user: User, day: date, cents: int, category: str, description: str,
                 receipt: Receipt | None = None, override: str = "") -> list[str]:
    """Book a spending on a grant, with its checked receipt; return the broken conditions instead when there are any
    and no coordinator's reason overrides them (never on a grant that is not "granted": refused or withdrawn money
    cannot be spent). The receipt's file is written only with its line, and removed when the line is not saved."""
    found = problems(application, cents, category, day)
    if application.status != "granted":
        return found
    if found and not (has_role(user, "coordinator") and override.strip()):
        return found
    name = secrets.token_hex(16) if receipt else None
    try:
        with write_transaction(db.session):
            raised = rows_changed(db.session, update(Application).where(
                Application.id == application.id, Application.status == "granted")
                .values(spent_cents=Application.spent_cents + cents))
            if not raised:
                return [rules.spending_closed()]
            if receipt and name:
                (receipts_folder() / name).write_bytes(receipt.data)
            db.session.add(Entry(budget_id=application.budget_id, application_id=application.id,
                                 initiative_id=application.initiative_id, kind="spending", day=day, cents=cents,
                                 category=category, description=description.strip(), receipt=name,
                                 receipt_kind=receipt.kind if receipt else None,
                                 override=override.strip() if found else "", created_by_id=user.id))
    except BaseException:
        if name:
            (receipts_folder() / name).unlink(missing_ok=True)
        raise
    if found:
        # %r: the reason is typed text over several lines; as written it could forge log lines of its own
        current_app.logger.warning("budget: spending on application %s booked against a condition by user %s: %r",
                                   application.id, user.id, override.strip())
    return []


# Built once per process (bindparams for the values; per role where the visibility rule applies).
_BY_CATEGORY = select(CategoryTotal.category, CategoryTotal.cents).where(
    CategoryTotal.budget_id == bindparam("budget_id"), CategoryTotal.cents != 0).order_by(
    CategoryTotal.cents.desc(), CategoryTotal.category)


def _per_initiative_statement(viewer: Viewer) -> Executable:
    # Every initiative's sums (the budget's totals count them all), each with whether `viewer` may see it (the
    # initiatives' rule as a column): the list per initiative shows only those, and the others as one line.
    return select(Application.initiative_id, func.sum(Application.granted_cents), func.sum(Application.spent_cents),
                  initiatives.linked_visible(viewer, Application.initiative_id)).where(
        Application.budget_id == bindparam("budget_id"), Application.status == "granted").group_by(
        Application.initiative_id)


def _page_statement(viewer: Viewer, after: bool = False) -> Executable:
    query = select(Entry.id, Entry.day, Entry.kind, Entry.initiative_id, Entry.category, Entry.description,
                   Entry.cents).where(Entry.budget_id == bindparam("budget_id"),
                                      initiatives.linked_visible(viewer, Entry.initiative_id))
    if after:
        query = query.where(Entry.id < bindparam("before"))
    return query.order_by(Entry.id.desc()).limit(bindparam("size"))


def totals(budget_id: int, user: Viewer) -> Totals:
    """Return what was granted and spent, per category and per (visible) initiative, in three queries."""
    return totals_and_names(budget_id, user, set())[0]


def totals_and_names(budget_id: int, user: Viewer, initiative_ids: set[int]) -> tuple[Totals, dict[int, str]]:
    """Return the totals (see `totals`) and the names of their initiatives and of `initiative_ids` (those of the
    ledger lines on the page: one lookup for both), in three queries.

    Granted and spent come from the applications' running totals, per category from the summary rows the ledger's
    triggers keep: a few rows per budget, however long the ledger."""
    values = {"budget_id": budget_id}
    by_category = [(row[0], int(row[1])) for row in db.session.execute(_BY_CATEGORY, values)]
    every = initiatives.run_visible("budget.totals", user, (), _per_initiative_statement, values).all()
    granted, spent = sum(row[1] or 0 for row in every), sum(row[2] or 0 for row in every)
    rows = [row for row in every if row[3]]
    names = initiatives.names_by_id({row[0] for row in rows} | initiative_ids)
    by_initiative = sorted(((row[0], names.get(row[0], ""), int(row[1] or 0), int(row[2] or 0)) for row in rows),
                           key=lambda item: item[1])
    unseen = [row for row in every if not row[3]]
    return Totals(int(granted), int(spent), by_category, by_initiative, sum(int(row[1] or 0) for row in unseen),
                  sum(int(row[2] or 0) for row in unseen)), names


def page(budget_id: int, user: Viewer, before: int | None = None, size: int = PAGE_SIZE
         ) -> tuple[list[Any], int | None]:
    """Return a page of the ledger, newest first (keyset on the id), and the id to continue before, or None.

    Rows of the columns the page shows, not ORM objects: a page of 50 costs a tenth of the loading."""
    entries = list(initiatives.run_visible(
        "budget.ledger_page", user, (bool(before),), lambda viewer: _page_statement(viewer, bool(before)),
        {"budget_id": budget_id, "before": before or None, "size": size + 1}))
    more = len(entries) > size
    entries = entries[:size]
    return entries, (entries[-1].id if more and entries else None)


def entries_of(application_id: int, limit: int = 50) -> list[Any]:
    """Return the newest spendings of one application (the ledger page has them all), as rows of what is shown."""
    return list(db.session.execute(_ENTRIES_OF, {"application_id": application_id, "limit": limit}))


_ENTRIES_OF = select(Entry.id, Entry.day, Entry.category, Entry.description, Entry.cents, Entry.override,
                     Entry.receipt).where(Entry.application_id == bindparam("application_id"),
                                          Entry.kind == "spending").order_by(Entry.id.desc()).limit(
    bindparam("limit"))


def csv_lines(budget_id: int, user: Viewer, labels: dict[str, str], kinds: dict[str, str]) -> Iterator[str]:
    """Yield the ledger as CSV text for Dutch spreadsheets (";", comma decimals, BOM first), a batch at a time,
    so 200,000 lines take the memory of a thousand."""

    def cell(value: str) -> str:
        value = value.replace('"', '""')
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):  # a spreadsheet would run it as a formula
            value = "'" + value
        return f'"{value}"'

    yield "\ufeff" + ";".join(cell(str(title)) for title in (
        labels["day"], labels["kind"], labels["initiative"], labels["category"], labels["description"],
        labels["amount"])) + "\r\n"
    last = 0
    names: dict[int, str] = {}
    while True:
        rows = db.session.execute(select(Entry.id, Entry.day, Entry.kind, Entry.initiative_id, Entry.category,
                                         Entry.description, Entry.cents).where(
            Entry.budget_id == budget_id, Entry.id > last, initiatives.linked_visible(user, Entry.initiative_id))
            .order_by(Entry.id).limit(CSV_BATCH)).all()
        if not rows:
            return
        missing = {row.initiative_id for row in rows} - set(names)
        names.update(initiatives.names_by_id(missing))
        chunk = []
        for row in rows:
            chunk.append(";".join((row.day.strftime("%d-%m-%Y"), cell(kinds[row.kind]),
                                   cell(names.get(row.initiative_id, "")), cell(labels.get(row.category, "")),
                                   cell(row.description), rules.euros(row.cents, plain=True))) + "\r\n")
        yield "".join(chunk)
        last = rows[-1].id
        db.session.expunge_all()
