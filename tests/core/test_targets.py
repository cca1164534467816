"""Targets of at least 44 px: a "← back" link on its own line is a whole target, like a button."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
BACK_LINK = re.compile(r"<a\b([^>]*)>\s*←")


def test_every_back_link_is_a_44_pixel_target():
    """Every link that starts with an arrow back carries the `back` class (44 px high) or is a button."""
    loose = [f"{path.relative_to(TEMPLATES)}:{number}"
             for path in TEMPLATES.rglob("*.html")
             for number, line in enumerate(path.read_text().splitlines(), 1)
             for attributes in BACK_LINK.findall(line)
             if not re.search(r'class="[^"]*\b(back|button)\b', attributes)]
    assert loose == []
    css = (TEMPLATES.parent / "static/css/portal.css").read_text()
    assert re.search(r"\.back[ ,][^{}]*\{[^}]*min-height: 44px", css)  # its own rule or one of a list
