"""Read a partner's feed (iCalendar, Atom, RSS 2.0 or RSS 1.0) into plain items: text only, links http(s) only.

Nothing from a feed is trusted: markup in titles and summaries becomes plain text (the pages escape it again),
control characters go, lengths are cut, a link that is not an absolute http(s) address is dropped, and the XML
parser refuses DTDs and entities (defusedxml), so an entity bomb or an external entity never expands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from icalendar import Calendar

from portal.core.time import LOCAL

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
TITLE_LENGTH = 200
SUMMARY_LENGTH = 300
LINK_LENGTH = 1000
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
SPACES = re.compile(r"\s+")


class ParseFailure(Exception):
    """The body is no feed we can read: `code` names why ("html", "not_a_feed", "unreadable")."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass
class Item:
    title: str
    link: str | None
    summary: str
    starts_at: datetime | None = None  # events (iCalendar)
    ends_at: datetime | None = None
    all_day: bool = False
    published_at: datetime | None = None  # news (Atom, RSS)

    @property
    def sort_at(self) -> datetime | None:
        return self.starts_at or self.published_at


@dataclass
class Parsed:
    kind: str  # "ical", "atom", "rss"
    title: str
    site: str | None
    items: list[Item]


class _TextOnly(HTMLParser):
    """Collect the text of an HTML fragment, dropping every tag, script and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("br", "p", "li", "div"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def plain(value: str | None, limit: int, markup: bool = False) -> str:
    """Return `value` as one line of plain text of at most `limit` characters (tags dropped when `markup`)."""
    text = value or ""
    if markup:
        stripper = _TextOnly()
        stripper.feed(text)
        stripper.close()
        text = "".join(stripper.parts)
    text = SPACES.sub(" ", CONTROL.sub(" ", text)).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def safe_link(value: str | None, base: str | None = None) -> str | None:
    """Return an absolute http(s) address, or None (a `javascript:`, `data:` or odd link never passes)."""
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > LINK_LENGTH or any(ord(char) < 0x21 or ord(char) == 0x7F for char in text):
        return None  # checked before joining too: urljoin quietly drops tabs and line breaks
    if base:
        try:
            text = urljoin(base, text)
        except ValueError:
            return None
    if len(text) > LINK_LENGTH or any(ord(char) < 0x21 or ord(char) == 0x7F for char in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


def parse(body: bytes, content_type: str, url: str) -> Parsed:
    """Read `body` as iCalendar, Atom or RSS, whichever it is; refuse HTML and anything else."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "text/html" in content_type or head.startswith((b"<!doctype html", b"<html")):
        raise ParseFailure("html")
    if head.startswith(b"begin:vcalendar"):
        return parse_ical(body, url)
    if head.startswith(b"<"):
        return parse_xml(body, url)
    raise ParseFailure("not_a_feed")


def _moment(value: date | datetime) -> tuple[datetime, bool]:
    """Return an iCalendar DTSTART/DTEND as an aware UTC moment, and whether it was a whole day."""
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=LOCAL)  # floating time: the neighbourhood's
        return aware.astimezone(UTC), False
    return datetime.combine(value, time(0), tzinfo=LOCAL).astimezone(UTC), True


def parse_ical(body: bytes, url: str) -> Parsed:
    """Read the events of an iCalendar document (each event once; repeating events are not expanded)."""
    try:
        calendar = Calendar.from_ical(body.decode("utf-8", errors="replace"))
        items = []
        for event in calendar.walk("VEVENT"):
            start = event.get("DTSTART")
            if start is None:
                continue
            starts_at, all_day = _moment(start.dt)
            end = event.get("DTEND")
            ends_at = _moment(end.dt)[0] if end is not None else (
                starts_at + timedelta(days=1) if all_day else None)
            title = plain(str(event.get("SUMMARY") or ""), TITLE_LENGTH)
            if not title:
                continue
            items.append(Item(title=title, link=safe_link(str(event.get("URL") or "")),
                              summary=plain(str(event.get("DESCRIPTION") or ""), SUMMARY_LENGTH),
                              starts_at=starts_at, ends_at=ends_at if ends_at and ends_at > starts_at else None,
                              all_day=all_day))
        name = plain(str(calendar.get("X-WR-CALNAME") or ""), TITLE_LENGTH)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
        raise ParseFailure("unreadable", f"iCalendar: {str(error)[:120]}") from None
    return Parsed("ical", name, None, items)


def _text(element: Element | None, markup: bool = False, limit: int = TITLE_LENGTH) -> str:
    if element is None:
        return ""
    if markup or element.get("type") in ("html", "xhtml"):
        inner = "".join(element.itertext()) if element.get("type") == "xhtml" else (element.text or "")
        return plain(inner, limit, markup=True)
    return plain("".join(element.itertext()), limit)


def _date(value: str | None, rfc822: bool) -> datetime | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text) if rfc822 else datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, TypeError, IndexError, OverflowError):
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def parse_xml(body: bytes, url: str) -> Parsed:
    """Read an Atom, RSS 2.0 or RSS 1.0 document, with DTDs and entities refused."""
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ParseFailure("hostile_xml") from None
    except (ParseError, ValueError) as error:
        if body.lstrip()[:200].lower().find(b"<html") >= 0:
            raise ParseFailure("html") from None
        raise ParseFailure("unreadable", f"XML: {str(error)[:120]}") from None
    if root.tag == f"{ATOM}feed":
        return _atom(root, url)
    if root.tag == "rss":
        return _rss(root.find("channel"), "", url)
    if root.tag == f"{RDF}RDF":
        return _rss(root.find(f"{RSS1}channel"), RSS1, url, root)
    if root.tag.lower() == "html" or root.tag.endswith("}html"):
        raise ParseFailure("html")
    raise ParseFailure("not_a_feed", root.tag[:60])


def _atom_link(element: Element, base: str) -> str | None:
    links = element.findall(f"{ATOM}link")
    chosen = next((link for link in links if link.get("rel", "alternate") == "alternate"), None)
    return safe_link(chosen.get("href") if chosen is not None else None, base)


def _atom(root: Element, url: str) -> Parsed:
    items = []
    for entry in root.findall(f"{ATOM}entry"):
        title = _text(entry.find(f"{ATOM}title"))
        if not title:
            continue
        summary = entry.find(f"{ATOM}summary")
        if summary is None:
            summary = entry.find(f"{ATOM}content")
        published = _date((entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated")), False)
        items.append(Item(title=title, link=_atom_link(entry, url), summary=_text(summary, limit=SUMMARY_LENGTH),
                          published_at=published))
    return Parsed("atom", _text(root.find(f"{ATOM}title")), _atom_link(root, url), items)


def _rss(channel: Element | None, ns: str, url: str, root: Element | None = None) -> Parsed:
    if channel is None:
        raise ParseFailure("not_a_feed", "RSS without a channel")
    holder = root if root is not None else channel
    items = []
    for entry in holder.findall(f"{ns}item"):
        title = _text(entry.find(f"{ns}title"), markup=True)
        if not title:
            continue
        description = entry.find(f"{ns}description")
        published = _date(entry.findtext("pubDate"), True) if not ns else None
        published = published or _date(entry.findtext(f"{DC}date"), False)
        items.append(Item(title=title, link=safe_link(entry.findtext(f"{ns}link"), url),
                          summary=_text(description, markup=True, limit=SUMMARY_LENGTH), published_at=published))
    return Parsed("rss", _text(channel.find(f"{ns}title"), markup=True), safe_link(channel.findtext(f"{ns}link"),
                                                                                  url), items)
