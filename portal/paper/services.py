"""The weekly sheet: which week, what is on it (only through the registry hooks), and its PDF, kept in a folder
under instance/ until something on it changes."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from portal.core.registry import PosterSource, SheetSection, poster_for, sheet_sections
from portal.core.time import today
from portal.core.urls import id_url
from portal.i18n import in_language

# How much fits on one A4 page: per section, in the normal sheet, the large-print one and the short English one.
LIMITS = {"normal": 8, "large": 2, "short": 3}
TEXT_LIMITS = {"normal": 140, "large": 90, "short": 90}  # characters of an item's line
LAYOUT = "3"  # raise when the drawing of the PDF changes, so kept sheets are drawn anew
KEEP_WEEKS = 8  # cached PDFs older than this many weeks are removed when a new one is written
POSTER_KINDS = ("event", "initiative", "task", "idea")
SIZES = ("a4", "a5")


@dataclass(frozen=True)
class Sheet:
    """One weekly sheet, ready to print: the week, its language and size, and the parts the features gave."""

    week_start: date
    lang: str  # "nl" or "en" (the short English version)
    large: bool  # large print: 16 pt and up
    sections: tuple[SheetSection, ...]

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def week_number(self) -> int:
        return self.week_start.isocalendar()[1]

    def cache_key(self) -> str:
        """Return a key that changes whenever anything printed on the sheet changes: the week, the language and
        size, the last-change stamps the features report, and the text itself (a name someone hid, a new title)."""
        parts = [LAYOUT, self.week_start.isoformat(), self.lang, "large" if self.large else "normal",
                 [(section.key, section.stamp) for section in self.sections],
                 [asdict(section) for section in self.sections]]
        return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()[:32]


def monday_of(day: date) -> date:
    """Return the Monday of the week of `day`."""
    return day - timedelta(days=day.weekday())


def week_window() -> tuple[date, date]:
    """Return the first and last Monday a sheet may be asked for: a year back, a quarter ahead."""
    this_week = monday_of(today())
    return this_week - timedelta(weeks=52), this_week + timedelta(weeks=13)


def pick_week(asked: date | None) -> date:
    """Return the Monday of the asked week (any day of it), or of this week when nothing was asked."""
    return monday_of(asked or today())


def build_sheet(week_start: date, lang: str = "nl", large: bool = False, full: bool = False) -> Sheet:
    """Gather the sheet of the week starting `week_start` from every feature's hook, in `lang` (the English one is
    short, unless `full`: the digest by e-mail), cut to what fits on one A4 page."""
    kind = "large" if large else "short" if lang == "en" and not full else "normal"
    limit, length = LIMITS[kind], TEXT_LIMITS[kind]
    with in_language(lang):
        sections = tuple(SheetSection(section.key, section.heading, tuple(
            replace(item, text=_cut(item.text, length)) for item in section.items[:limit]),
            _cut(section.line, length * 2), section.stamp)
            for section in sheet_sections(week_start))
    return Sheet(week_start, lang, large, sections)


def _cut(text: str, length: int) -> str:
    """Return `text` cut at a word to at most `length` characters, with "…" when cut."""
    return text if len(text) <= length else text[:length - 1].rsplit(" ", 1)[0] + "…"


def poster(kind: str, ident: int) -> PosterSource | None:
    """Return what a poster of this kind and id shows, or None when it is missing or not public (paper is public)."""
    return poster_for(kind, ident) if kind in POSTER_KINDS else None


# --- the PDF cache: one file per cache key, in PAPER_FOLDER (instance/paper) ---------------------------------------

def _folder() -> Path:
    folder = Path(current_app.config["PAPER_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached_pdf(sheet: Sheet) -> bytes:
    """Return the sheet's PDF: from the cache when nothing on it changed, else drawn now and kept."""
    from portal.paper import pdf  # ReportLab is loaded only when a PDF is asked for

    prefix = f"sheet-{sheet.week_start.isoformat()}-{sheet.lang}-{'large' if sheet.large else 'normal'}-"
    path = _folder() / f"{prefix}{sheet.cache_key()}.pdf"
    if path.exists():
        return path.read_bytes()
    data = pdf.sheet_pdf(sheet)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)  # atomic: a reader sees the whole file or none
    _clean_up(sheet.week_start, prefix, path)
    return data


def _clean_up(week_start: date, prefix: str, keep: Path) -> None:
    """Remove older versions of this week's sheet in the same language and size, and sheets of long-gone weeks."""
    oldest = (week_start - timedelta(weeks=KEEP_WEEKS)).isoformat()
    for path in _folder().glob("sheet-*.pdf"):
        if path != keep and (path.name.startswith(prefix) or path.name[6:16] < oldest):
            path.unlink(missing_ok=True)


def short_url(url: str) -> str:
    """Return an address as people type it: without "https://" and "www." ("buurtbouw.nl/agenda/12")."""
    for prefix in ("https://", "http://"):
        url = url.removeprefix(prefix)
    return url.removeprefix("www.").rstrip("/")


def local_of(url: str) -> str:
    """Return the path of a public address on this portal ("/agenda/12"), for the QR code images of print pages."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return url[len(base):] or "/" if url.startswith(base) else "/"


def qr_sources() -> Callable[[str], str]:
    """Return a function from a public address to the address of its QR code image ("/qr.svg?path=/agenda/12"):
    url_for once for a whole sheet, not once per item."""
    image = id_url("core.qr_code", "path", text=True)
    return lambda url: image(local_of(url))


# --- sharing without an app: plain prefilled links, and the sheet as a message for a WhatsApp group -------------

MESSAGE_ITEMS = 4  # per section, so the message fits on a phone screen or two


def message_text(sheet: Sheet, url: str) -> str:
    """Return the sheet as a short text for a WhatsApp or Telegram group: *bold* headings, one line per item, the
    address of the whole sheet at the end (in the sheet's language)."""
    with in_language(sheet.lang):
        lines = [f"*{_('Buurtbericht')}* · " + _("week %(number)s", number=sheet.week_number)]
        for section in sheet.sections:
            lines += ["", f"*{section.heading}*"]
            if section.line:
                lines.append(section.line)
            lines += [f"• {item.title}" + (f": {item.text}" if item.text else "")
                      for item in section.items[:MESSAGE_ITEMS]]
        lines += ["", _("Everything, and more, online: %(url)s", url=url)]
    return "\n".join(lines)
