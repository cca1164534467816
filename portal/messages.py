"""Messages shown beside what they are about: the result of an action on a card appears at that card.

`flash_at("task-7", ...)` keeps a message for the element with id "task-7" across the redirect of a plain form;
the element's template shows it with `messages_at("task-7")`. The live region at the top of the page leaves these
out, and whatever no element showed (the card left the page) is shown at the top of the page
(where the redirect lands when the anchor is missing), so nothing is lost.
"""

from flask import flash, g, get_flashed_messages

SEPARATOR = "@"


def flash_at(anchor: str, message: str, category: str = "ok", link: str | None = None) -> None:
    """Keep `message` (and a link to what came of it) for the element with id `anchor`, after a redirect."""
    flash(message, f"{category}{SEPARATOR}{anchor}")
    if link:
        flash(link, f"link{SEPARATOR}{anchor}")


def _anchored() -> list[tuple[str, str, str]]:
    """Return this request's messages kept for an element as (category, anchor, text), worked out once a request:
    a page asks at every card, and an event page has fifty."""
    anchored = g.get("_messages_anchored")
    if anchored is None:
        anchored = g._messages_anchored = [
            (*category.split(SEPARATOR, 1), message)
            for category, message in get_flashed_messages(with_categories=True) if SEPARATOR in category]
    return anchored


# What messages_at answers when the request keeps no message for any element: most pages, asked at every card.
_NOTHING_KEPT: dict = {"messages": (), "link": None}


def messages_at(anchor: str) -> dict:
    """Return {"messages": [(category, text)], "link": path or None} kept for `anchor`, marking them shown."""
    anchored = _anchored()
    if not anchored:
        return _NOTHING_KEPT
    found = [(category, message) for category, at, message in anchored if at == anchor]
    if found:
        g.setdefault("_messages_shown", set()).add(anchor)
    return {"messages": [(category, message) for category, message in found if category != "link"],
            "link": next((message for category, message in found if category == "link"), None)}


def messages_left() -> list[tuple[str, str]]:
    """Return the anchored messages no element showed (its card is not on this page)."""
    shown = g.get("_messages_shown", set())
    return [(category, message) for category, at, message in _anchored()
            if at not in shown and category != "link"]


def init_app(app) -> None:
    """Let templates show messages where they belong."""
    app.jinja_env.globals.update(messages_at=messages_at, messages_left=messages_left)
