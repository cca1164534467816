"""The iCalendar feeds answer conditional requests: 304 without reading bookings when nothing changed, a new ETag
(and body) after every change of what they show, never a 500 on hostile validators, never a private title."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from portal import pagecache
from portal.accounts.models import User
from portal.extensions import db
from portal.venues import services
from portal.venues.models import Booking, Room, Venue
from tests.conftest import future_local


@pytest.fixture(autouse=True)
def _kept_feeds(app):
    """Start every test with the page cache on and empty: a feed is kept for as long as its version stays."""
    pagecache.clear()
    app.config["PAGE_CACHE_SECONDS"] = 60
    yield
    app.config["PAGE_CACHE_SECONDS"] = 0
    pagecache.clear()


def _paths(room) -> list[str]:
    return [f"/rooms/{room.id}/calendar.ics", f"/venues/{room.venue_id}/calendar.ics"]


def test_a_repeat_with_the_etag_gets_304_without_reading_bookings(client, make_room, make_booking, count_queries):
    """A calendar app that asks again with the ETag it has gets 304, an empty body, and no query for bookings."""
    room = make_room()
    start = future_local(4, 10)
    make_booking(room, start, start + timedelta(hours=1), title="Taalcafé")
    for path in _paths(room):
        first = client.get(path)
        etag = first.headers["ETag"]
        assert first.status_code == 200 and "Taalcafé" in first.get_data(as_text=True)
        assert first.headers["Cache-Control"] == "no-cache"  # kept, and asked again: what makes 304 worth it
        with count_queries() as statements:
            again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
        assert not [statement for statement in statements if "bookings" in statement], statements
        assert client.get(path, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_poll_reads_only_the_rooms_stamps_and_outlives_other_writes(client, make_room, make_booking, make_shout,
                                                                       count_queries):
    """A calendar app's conditional poll costs one statement, its rooms' change stamps (not the data version every
    page shares), and a write elsewhere in the portal (a shout-out) leaves the feed's ETag: still 304."""
    room = make_room()
    start = future_local(4, 10)
    make_booking(room, start, start + timedelta(hours=1), title="Taalcafé")
    for path in _paths(room):
        etag = client.get(path).headers["ETag"]
        with count_queries() as statements:
            again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and len(statements) == 1 and "rooms" in statements[0], statements
        assert "data_version" not in statements[0]
        make_shout("voor de soep")
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304


def test_a_plain_poll_gets_the_kept_feed_while_the_room_is_unchanged(client, make_room, make_booking,
                                                                   count_queries):
    """Without validators a poll gets the kept feed after one statement, however long ago it was made; a new
    booking makes it anew."""
    room = make_room()
    start = future_local(4, 10)
    make_booking(room, start, start + timedelta(hours=1), title="Taalcafé")
    path = f"/rooms/{room.id}/calendar.ics"
    first = client.get(path)
    for key, entry in list(pagecache._pages.items()):  # noqa: SLF001 - as if the page cache's seconds were long past
        pagecache._pages[key] = (0, *entry[1:])  # noqa: SLF001
    with count_queries() as statements:
        again = client.get(path)
    assert again.status_code == 200 and again.data == first.data and len(statements) == 1, statements
    assert again.headers["ETag"] == first.headers["ETag"]
    make_booking(room, start + timedelta(days=1), start + timedelta(days=1, hours=1), title="Nieuw")
    assert "Nieuw" in client.get(path).get_data(as_text=True)


def test_a_compressed_feed_is_recognised_by_its_etag(client, make_room, make_booking):
    """The ETag of a gzip or brotli body (the encoding added to it) gives 304 as well."""
    room = make_room()
    start = future_local(4, 10)
    for hour in range(8):
        make_booking(room, start + timedelta(days=hour), start + timedelta(days=hour, hours=1), title=f"Les {hour}")
    for encoding in ("gzip", "br"):
        first = client.get(f"/rooms/{room.id}/calendar.ics", headers={"Accept-Encoding": encoding})
        assert first.headers["Content-Encoding"] == encoding and first.headers["ETag"].endswith(f'-{encoding}"')
        again = client.get(f"/rooms/{room.id}/calendar.ics", headers={"Accept-Encoding": encoding,
                                                                      "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.headers["ETag"] == first.headers["ETag"]


def test_if_modified_since_gets_304_until_the_room_changes(app, client, make_room, make_booking):
    """Last-Modified is the room's last change (once it is two seconds old); If-Modified-Since then gets 304,
    until a booking changes."""
    room = make_room()
    start = future_local(4, 10)
    make_booking(room, start, start + timedelta(hours=1))
    path = f"/rooms/{room.id}/calendar.ics"
    assert "Last-Modified" not in client.get(path).headers  # the change is under two seconds old
    with app.app_context():  # as if that change was ten seconds ago
        stored = db.session.get(Room, room.id)
        stored.changed_at -= timedelta(seconds=10)
        db.session.commit()
    first = client.get(path)
    modified = first.headers["Last-Modified"]
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"}).status_code == 200
    assert client.get(path, headers={"If-Modified-Since": modified,  # If-None-Match decides when it is sent
                                     "If-None-Match": '"other"'}).status_code == 200
    make_booking(room, start + timedelta(days=1), start + timedelta(days=1, hours=1), title="Nieuw")
    changed = client.get(path, headers={"If-Modified-Since": modified})
    assert changed.status_code == 200 and "Nieuw" in changed.get_data(as_text=True)


def _etags(client, room) -> list[str]:
    return [client.get(path).headers["ETag"] for path in _paths(room)]


def test_every_change_of_what_the_feed_shows_changes_its_etag_and_body(app, client, make_room, make_booking):
    """A new booking, a cancelled one, a deleted one, a renamed room and a renamed venue each give a new ETag, and
    the body that goes with it (the kept body of the old version is never served again)."""
    room = make_room(name="Zaal", venue_name="Buurthuis")
    start = future_local(4, 10)
    seen = [_etags(client, room)]
    booking = make_booking(room, start, start + timedelta(hours=1), title="Koken")
    seen.append(_etags(client, room))
    assert "Koken" in client.get(f"/rooms/{room.id}/calendar.ics").get_data(as_text=True)
    with app.app_context():
        services.cancel([db.session.get(Booking, booking.id)])
        db.session.commit()
    seen.append(_etags(client, room))
    assert "Koken" not in client.get(f"/rooms/{room.id}/calendar.ics").get_data(as_text=True)
    other = make_booking(room, start + timedelta(hours=2), start + timedelta(hours=3), title="Yoga")
    seen.append(_etags(client, room))
    with app.app_context():
        db.session.delete(db.session.get(Booking, other.id))
        db.session.commit()
    seen.append(_etags(client, room))
    with app.app_context():
        db.session.get(Room, room.id).name = "Grote zaal"
        db.session.commit()
    seen.append(_etags(client, room))
    assert "Grote zaal" in client.get(f"/rooms/{room.id}/calendar.ics").get_data(as_text=True)
    with app.app_context():
        db.session.get(Venue, room.venue_id).name = "Buurthuis De Nelle"
        db.session.commit()
    seen.append(_etags(client, room))
    assert "Buurthuis De Nelle" in client.get(f"/rooms/{room.id}/calendar.ics").get_data(as_text=True)
    for path_index in range(2):
        etags = [pair[path_index] for pair in seen]
        assert len(set(etags)) == len(etags), etags


def test_a_request_waiting_for_an_answer_shows_once_approved(app, client, make_room, make_booking, make_user):
    """A request is not in the feed; approving it changes the ETag and puts it in."""
    room = make_room()
    start = future_local(5, 14)
    request = make_booking(room, start, start + timedelta(hours=1), title="Verjaardag", status="pending")
    before = client.get(f"/rooms/{room.id}/calendar.ics")
    assert "Verjaardag" not in before.get_data(as_text=True)
    librarian = make_user(role="librarian")
    with app.app_context():
        services.approve(db.session.get(Booking, request.id), db.session.get(User, librarian.id))
    after = client.get(f"/rooms/{room.id}/calendar.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "Verjaardag" in after.get_data(as_text=True)


def test_a_switch_to_members_only_changes_the_etag_and_hides_the_title(app, client, make_room, make_booking):
    """When an event's booking turns members-only (a bulk update from another feature), the feed's ETag changes
    and an outsider reads only "taken", in their language; the kept public body is never served again."""
    room = make_room()
    start = future_local(6, 19)
    booking = make_booking(room, start, start + timedelta(hours=2), title="Ledenvergadering", public=True)
    path = f"/rooms/{room.id}/calendar.ics"
    public = client.get(path)
    assert "Ledenvergadering" in public.get_data(as_text=True)
    with app.app_context():
        services.set_public_in_transaction([booking.id], False)
        db.session.commit()
    hidden = client.get(path, headers={"If-None-Match": public.headers["ETag"]})
    body = hidden.get_data(as_text=True)
    assert hidden.status_code == 200 and "Ledenvergadering" not in body and "SUMMARY:bezet" in body
    client.get("/language/en")
    english = client.get(path, headers={"If-None-Match": hidden.headers["ETag"]})
    assert english.status_code == 200 and "SUMMARY:taken" in english.get_data(as_text=True)
    with app.app_context():  # a write that skips the services is counted by the database all the same
        db.session.execute(update(Booking).where(Booking.id == booking.id).values(public=True))
        db.session.commit()
    assert "Ledenvergadering" in client.get(path, headers={"If-None-Match": english.headers["ETag"]}).get_data(
        as_text=True)


HOSTILE = ["garbage", '"unterminated', 'W/"', ",,,,", "x" * 8000, '"a", W/"b", *', "\x00\x01", "\u00e9\u00e9",
           "Thu, 01 Jan 99999999999999999999 00:00:00 GMT", "Thu, 31 Feb 2026 25:61:61 +9999", "-1", "0" * 5000]


@pytest.mark.parametrize("header", ["If-None-Match", "If-Modified-Since"])
def test_hostile_validators_never_give_a_500(client, make_room, make_booking, header):
    """Garbage, huge values, NUL, CR/LF, impossible dates in If-None-Match or If-Modified-Since: 200 or 304."""
    room = make_room()
    start = future_local(3, 9)
    make_booking(room, start, start + timedelta(hours=1))
    variable = "HTTP_" + header.upper().replace("-", "_")
    for path in _paths(room):
        for value in [*HOSTILE, "a\r\nX-Injected: 1", "Thu, 01 Jan 2026 00:00:00 GMT\r\n"]:
            response = client.get(path, environ_overrides={variable: value})
            assert response.status_code in (200, 304), (value, response.status_code)
            assert "X-Injected" not in response.headers
        assert client.get(path, headers={"If-None-Match": "*"}).status_code == 304  # any version: it exists


def test_kept_feeds_stay_bounded(client, monkeypatch, make_room, make_booking):
    """A feed's new version takes the place of its old one, and the kept feeds never pass the page cache's count:
    the oldest go first."""
    monkeypatch.setattr(pagecache, "MAX_ENTRIES", 3)
    room = make_room()
    start = future_local(3, 9)
    for number in range(6):
        make_booking(room, start + timedelta(days=number), start + timedelta(days=number, hours=1))
        assert client.get(f"/rooms/{room.id}/calendar.ics").status_code == 200
    assert len(pagecache._pages) == 1  # noqa: SLF001 - the bound is what this test is about
    for _ in range(6):
        assert client.get(f"/rooms/{make_room().id}/calendar.ics").status_code == 200
    assert len(pagecache._pages) == 3  # noqa: SLF001
