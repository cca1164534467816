"""The micro-cache of public pages: only for visitors who are not logged in, never anything personal."""

import gzip
from datetime import timedelta

import pytest

from portal import pagecache
from tests.conftest import HX, future_local


@pytest.fixture
def cached(app):
    """Switch the page cache on for one test, empty."""
    pagecache.clear()
    app.config["PAGE_CACHE_SECONDS"] = 60
    yield
    app.config["PAGE_CACHE_SECONDS"] = 0
    pagecache.clear()


def test_a_public_page_is_served_from_memory(cached, client, make_shout, count_queries):
    """The second visitor of the feed gets the same page without a single query."""
    make_shout("first thanks")
    first = client.get("/applause", headers={"Accept-Encoding": "gzip"})
    with count_queries() as statements:
        second = client.get("/applause", headers={"Accept-Encoding": "gzip"})
    assert statements == [] and second.data == first.data
    assert second.headers["Content-Encoding"] == "gzip"
    assert "default-src 'none'" in second.headers["Content-Security-Policy"]


def test_logged_in_people_always_get_fresh_pages(cached, app, client, make_shout, login_as):
    """A cached page is a few seconds old for visitors; logged-in people see a new shout-out at once."""
    make_shout("old thanks")
    client.get("/applause")
    make_shout("brand new thanks")
    visitor = app.test_client()
    assert "brand new thanks" not in visitor.get("/applause").get_data(as_text=True)
    login_as()
    assert "brand new thanks" in client.get("/applause").get_data(as_text=True)


def test_languages_and_fragments_are_kept_apart(cached, client, make_shout):
    """Dutch and English pages, and htmx fragments, are cached separately."""
    make_shout()
    assert "Applaus" in client.get("/applause").get_data(as_text=True)
    client.get("/language/en?next=/applause")
    english = client.get("/applause").get_data(as_text=True)
    assert '<html lang="en">' in english
    fragment = client.get("/applause", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment


def test_messages_and_kiosks_bypass_the_cache(cached, app, client, login_as):
    """A page with a message for this visitor, or on a kiosk computer, is never taken from or put in the cache."""
    client.get("/")
    login_as()
    client.post("/logout")
    assert "Je bent uitgelogd." in client.get("/").get_data(as_text=True)
    assert "Je bent uitgelogd." not in app.test_client().get("/").get_data(as_text=True)
    for cookie in ("kiosk=anything", "__Host-kiosk=anything"):
        with app.test_request_context("/", headers={"Cookie": cookie}):
            app.preprocess_request()
            assert pagecache._key() is None
    with app.test_request_context("/", headers={"Cookie": "notakiosk=1"}):
        app.preprocess_request()
        assert pagecache._key() is not None


@pytest.mark.parametrize("path", ["/", "/applause", "/kiosk/applause", "/boards", "/boards/help", "/venues",
                                  "/venues/today", "/toegankelijkheid"])
def test_public_pages_set_no_cookie_for_visitors(client, path):
    """Public pages give a visitor who is not logged in no cookie and no token, so they can be cached."""
    response = client.get(path)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers, path
    assert "csrf_token" not in response.get_data(as_text=True)


def test_board_and_shout_pages_set_no_cookie(client, make_task, make_shout, make_room):
    """Boards, shout-outs and rooms are cacheable for visitors too."""
    task = make_task()
    shout = make_shout()
    room = make_room()
    for path in (f"/boards/{task.initiative_id}", f"/applause/{shout.id}", f"/rooms/{room.id}"):
        assert "Set-Cookie" not in client.get(path).headers, path


def test_a_strange_host_header_never_poisons_the_cache(cached, client, make_shout, make_room, make_booking):
    """Requests with Host: evil.example fill only their own entries: the next normal visitor never sees evil links."""
    make_shout("thanks for the soup")
    room = make_room()
    start = future_local(2, 10)
    make_booking(room, start, start + timedelta(hours=1), title="Soup lunch")
    paths = ["/applause/feed.atom", f"/rooms/{room.id}/calendar.ics", f"/venues/{room.venue_id}/calendar.ics",
             "/kiosk/applause", "/applause/print", "/kiosk/today", "/kiosk/help"]
    for path in paths:
        for _ in range(3):
            poisoned = client.get(path, headers={"Host": "evil.example"})
            assert poisoned.status_code in (200, 400), path  # refused outright once trusted hosts are set
    for path in paths:
        for headers in ({}, {"Accept-Encoding": "gzip"}, HX):
            response = client.get(path, headers=headers)
            body = response.get_data()
            if response.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            assert response.status_code == 200 and b"evil.example" not in body, (path, headers)



def test_what_a_worker_keeps_is_bounded_in_bytes_and_the_newest_pages_stay(cached, client, make_shout,
                                                                           monkeypatch):
    """Pages are kept up to a byte budget, the oldest out first, so a large page (a room's feed sent uncompressed,
    430 KB) can be kept without many of them filling a worker's memory."""
    make_shout("a shout-out for the feed")
    size = len(client.get("/applause?first=1").data)  # sent uncompressed: the larger body
    pagecache.clear()
    monkeypatch.setattr(pagecache, "MAX_BYTES", 2 * size + size // 2)
    for path in ("/applause?first=1", "/applause?second=1", "/applause?third=1"):
        client.get(path)
    assert [key[2] for key in pagecache._pages] == ["/applause?second=1", "/applause?third=1"]
    assert pagecache._kept_bytes == sum(len(entry[2]) for entry in pagecache._pages.values()) <= 2 * size + size // 2
