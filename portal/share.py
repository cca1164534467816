"""Share without an app: plain links that open WhatsApp, Telegram or a mail program with a text filled in.

No API, no tracking, no request to anyone until the resident taps a link: the addresses are only
https://wa.me/?text=..., https://t.me/share/url?... and mailto:. The address in the text is the page's public one
(`portal.core.urls.public_url_for`, passed in by the caller: this module knows no feature and no request).
Every feature that shares (events, tasks, shout-outs, the weekly sheet, posters) builds its links here.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from portal.params import CONTROL_LINE, CONTROL_TEXT

# A group message that fits on one phone screen: long texts are cut (the address always stays whole).
MESSAGE_LIMIT = 600


@dataclass(frozen=True)
class Share:
    """The prefilled links, and the text itself (to show and copy for a group chat)."""

    text: str
    whatsapp: str
    telegram: str
    mail: str


def _clip(line: str, room: int) -> str:
    return line if len(line) <= room else line[:max(room - 1, 0)].rstrip() + "…"


def message(lines: list[str], url: str, limit: int = MESSAGE_LIMIT) -> str:
    """Return `lines` (empty ones left out) and `url` as one short message; the lines are cut to stay within
    `limit` characters, the address never is."""
    room = max(limit - len(url) - 1, 0)
    kept: list[str] = []
    for line in (CONTROL_TEXT.sub("", line).strip() for line in lines):
        if not line or room <= 0:
            continue
        line = _clip(line, room)
        kept.append(line)
        room -= len(line) + 1
    return "\n".join([*kept, url])


def links(text: str, url: str, subject: str) -> Share:
    """Return the WhatsApp, Telegram and e-mail links for `text` (which holds `url`), and the text."""
    subject = CONTROL_LINE.sub(" ", subject).strip()
    # Telegram puts the address above the text itself: the text leaves it out, so it does not show twice.
    beside = text.removesuffix(url).rstrip()
    return Share(text=text,
                 whatsapp="https://wa.me/?text=" + quote(text, safe=""),
                 telegram=f"https://t.me/share/url?url={quote(url, safe='')}&text={quote(beside, safe='')}",
                 mail=f"mailto:?subject={quote(subject, safe='')}&body={quote(text, safe='')}")
