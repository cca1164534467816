"""An event's "3 van 30 plaatsen bezet": free places are good news (calm green), a full event is the warning
(accent): the opposite of a task, where places still open are what asks for attention."""

from __future__ import annotations

import re
from pathlib import Path

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").read_text()


def _colour(selector: str) -> str:
    """Return the colour the style sheet gives a class (the last rule wins, as in the browser)."""
    found = re.findall(r"(?m)^" + re.escape(selector) + r"\s*\{[^}]*?color:\s*([^;]+);", CSS)
    assert found, selector
    return found[-1].strip()


def _places_classes(page: str) -> list[str]:
    return re.findall(r'<p class="([^"]*)">\s*\d+ van \d+ plaatsen bezet', page)


def test_free_places_are_calm_and_a_full_event_warns(client, make_event):
    """The event page and the agenda show free places in green and a full event in the accent colour."""
    free = make_event(title="Taalcafé", capacity=30, places_taken=3)
    full = make_event(title="Kookavond", capacity=30, places_taken=30, days=9)
    for path in (f"/agenda/{free.id}", "/agenda"):
        page = client.get(path).get_data(as_text=True)
        assert "3 van 30 plaatsen bezet" in page
    free_class = _places_classes(client.get(f"/agenda/{free.id}").get_data(as_text=True))[0].split()
    full_class = _places_classes(client.get(f"/agenda/{full.id}").get_data(as_text=True))[0].split()
    assert _colour("." + free_class[-1]) == "var(--ok)"
    assert _colour("." + full_class[-1]) == "var(--accent)"
    agenda = _places_classes(client.get("/agenda").get_data(as_text=True))
    assert [_colour("." + classes.split()[-1]) for classes in agenda] == ["var(--ok)", "var(--accent)"]
