"""Messages shown beside what they are about: each element shows its own, the rest go to the top of the page."""

from flask import flash

from portal.messages import flash_at, messages_at, messages_left


def test_each_element_shows_only_its_own_messages(app):
    """An element gets the messages kept for it and their link; what no element showed is left for the top."""
    with app.test_request_context("/"):
        flash("Opgeslagen.")
        flash_at("task-1", "Dankjewel!", link="/applause/3")
        flash_at("task-2", "Dat ging mis.", "error")
        assert messages_at("task-1") == {"messages": [("ok", "Dankjewel!")], "link": "/applause/3"}
        assert messages_at("task-1")["messages"] == [("ok", "Dankjewel!")]  # asked again: the same
        assert [list(kept["messages"]) for kept in map(messages_at, ["task-3", "applause"])] == [[], []]
        assert messages_left() == [("error", "Dat ging mis.")]


def test_without_messages_for_elements_every_element_gets_none(app):
    """A page with only a plain message (or none) gives each of its cards nothing to show, and leaves nothing."""
    for flashed in ([], ["Je bent uitgelogd."]):
        with app.test_request_context("/"):
            for text in flashed:
                flash(text)
            answers = [messages_at(f"task-{number}") for number in range(3)]
            assert all(list(kept["messages"]) == [] and kept["link"] is None for kept in answers), flashed
            assert messages_left() == []
