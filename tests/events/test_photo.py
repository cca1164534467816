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
    make_member(user, initiative)
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
