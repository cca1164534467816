"""No route ever answers a fragment as a whole page: without HX-Request every HTML answer is a page or a redirect."""

import pytest

from tests.conftest import future_local


def get_rules(app):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            yield rule


def build(rule) -> str:
    values = {arg: 1 if "int" in type(rule._converters[arg]).__name__.lower() else "x" for arg in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


@pytest.fixture
def some_of_everything(make_room, make_booking, make_task, make_shout):
    """Give ids 1 something to show: a room with a booking, a task, a shout-out."""
    room = make_room()
    make_booking(room, future_local(hour=10), future_local(hour=11))
    make_task()
    make_shout()


@pytest.mark.parametrize("role", [None, "admin"])
@pytest.mark.parametrize("kiosk", [False, True], ids=["site", "kiosk"])
def test_no_route_shows_a_fragment_as_a_page(app, client, login_as, some_of_everything, role, kiosk):
    """Every GET route without HX-Request answers a whole HTML page (with <html), a redirect, or not HTML."""
    if kiosk:
        login_as("librarian")
        assert client.post("/kiosk/devices", data={"name": "Balie"}).status_code == 303
    if role:
        login_as(role)
    bare = []
    rules = list(get_rules(app))
    assert len(rules) >= 30
    for rule in rules:
        path = build(rule)
        response = client.get(path)
        if response.status_code in (301, 302, 303, 307, 308) or response.mimetype != "text/html":
            continue
        if "<html" not in response.get_data(as_text=True):
            bare.append((path, response.status_code))
    assert bare == []
