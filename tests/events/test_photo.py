"""An event's photo: cleaned and stored like every photo, shown on its page, served only to who may see the
event; a file that is no photo gets a message at the field and nothing is saved."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import func, select

from portal.extensions import db
from tests.events.test_views import _form


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def _plan(client, initiative, photo: bytes, visibility: str = "public"):
    data = _form(initiative, public=visibility)
    data["photo"] = (io.BytesIO(photo), "feest.png")
    return client.post("/agenda/new", data=data, content_type="multipart/form-data")


def test_an_event_photo_is_stored_shown_and_served(client, login_as, make_initiative, make_member, auth):
    """The organiser adds a photo; the event page shows it and its address answers a cleaned JPEG."""
    user = login_as()
    initiative = make_initiative()
    make_member(user, initiative, role="carrier")  # a carrier publishes; a plain member's event is a draft
    response = _plan(client, initiative, _png())
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    event_id = response.headers["Location"].rsplit("/", 1)[1]
    assert f"/agenda/{event_id}/photo.jpg" in page
    photo = client.get(f"/agenda/{event_id}/photo.jpg")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    assert "sandbox" in photo.headers["Content-Security-Policy"]
    auth.logout()
    visitor = client.get(f"/agenda/{event_id}/photo.jpg")
    assert visitor.status_code == 200 and "private" in visitor.headers["Cache-Control"]
    assert "public" not in visitor.headers["Cache-Control"]


def test_a_members_only_events_photo_is_a_404_for_outsiders(client, login_as, make_initiative, make_member, auth):
    """The photo of a members-only event is served to members, and is a 404 for everyone else."""
    user = login_as()
    initiative = make_initiative()
    make_member(user, initiative)
    location = _plan(client, initiative, _png(), visibility="members").headers["Location"]
    assert client.get(f"{location}/photo.jpg").status_code == 200
    auth.logout()
    assert client.get(f"{location}/photo.jpg").status_code == 404
    login_as()
    assert client.get(f"{location}/photo.jpg").status_code == 404


def test_a_file_that_is_no_photo_saves_nothing(client, login_as, make_initiative, make_member, app):
    """Text dressed as a PNG gets a message at the photo field; no event is made."""
    from portal.events.models import Event

    user = login_as(language="en")
    initiative = make_initiative()
    make_member(user, initiative)
    response = _plan(client, initiative, b"<svg onload=alert(1)>")
    assert response.status_code == 422 and "not a photo we can use" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def _add(client, event_id, photo: bytes):
    return client.post(f"/agenda/{event_id}/photos", data={"photo": (io.BytesIO(photo), "feest.png")},
                       content_type="multipart/form-data")


def test_residents_add_photos_once_the_event_began(client, login_as, make_event, app):
    """Before the event nobody adds photos (403); after it a resident does and the page shows it."""
    coming, over = make_event(days=3), make_event(title="Buurtborrel", days=-1, status="took_place")
    login_as(language="en")
    assert _add(client, coming.id, _png()).status_code == 403
    response = _add(client, over.id, _png())
    assert response.status_code == 303 and response.headers["Location"].endswith("#photos")
    page = client.get(f"/agenda/{over.id}").get_data(as_text=True)
    assert "Your photo is on the page" in page and f"/agenda/{over.id}/photos/" in page
    from portal.events.models import EventPhoto
    with app.app_context():
        photo_id = db.session.scalar(select(EventPhoto.id))
    small = client.get(f"/agenda/{over.id}/photos/{photo_id}.jpg")
    assert small.status_code == 200 and small.mimetype == "image/jpeg"
    assert client.get(f"/agenda/{coming.id}/photos/{photo_id}.jpg").status_code == 404  # not through another


def test_a_bad_photo_gets_a_message_beside_the_photos(client, login_as, make_event, app):
    """A file that is no photo is refused with a message at the photos; nothing is kept."""
    from portal.events.models import EventPhoto

    over = make_event(days=-1, status="took_place")
    login_as(language="en")
    _add(client, over.id, b"GIF89a not really")
    assert "not a photo we can use" in client.get(f"/agenda/{over.id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EventPhoto)) == 0


def test_only_the_adder_or_organisers_remove_a_photo(client, login_as, make_event, auth, app):
    """Another resident gets 403; the person who added it removes it."""
    from portal.events.models import EventPhoto

    over = make_event(days=-1, status="took_place")
    adder = login_as()
    _add(client, over.id, _png())
    with app.app_context():
        photo_id = db.session.scalar(select(EventPhoto.id))
    auth.logout()
    login_as()
    assert client.post(f"/agenda/{over.id}/photos/{photo_id}/remove").status_code == 403
    auth.logout()
    auth.login(adder)
    assert client.post(f"/agenda/{over.id}/photos/{photo_id}/remove").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EventPhoto)) == 0


def test_photos_of_a_members_only_event_are_404_for_outsiders(client, login_as, make_event, make_initiative,
                                                             make_member, auth, app):
    """A member adds a photo to a members-only event; visitors and other residents get 404 for it."""
    from portal.events.models import EventPhoto

    initiative = make_initiative()
    event = make_event(initiative, days=-1, status="took_place", public=False)
    member = login_as()
    make_member(member, initiative)
    assert _add(client, event.id, _png()).status_code == 303
    with app.app_context():
        photo_id = db.session.scalar(select(EventPhoto.id))
    auth.logout()
    assert client.get(f"/agenda/{event.id}/photos/{photo_id}.jpg").status_code == 404
    login_as()
    assert client.get(f"/agenda/{event.id}/photos/{photo_id}.jpg?size=large").status_code == 404
    assert client.post(f"/agenda/{event.id}/photos", data={}).status_code == 404
