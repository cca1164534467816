"""Photos cannot exhaust the server (pixel limit read from the header, uploads per hour), and the log outlives."""

import io
from datetime import timedelta

from PIL import Image, ImageFile
from sqlalchemy import func, select

from portal.applause.models import ModerationEntry, Shout
from portal.db import utcnow
from portal.extensions import db
from portal.photos import PhotoUpload
from tests.conftest import Auth


def png(width: int, height: int) -> bytes:
    """Return a PNG of one colour: huge in pixels, small in bytes (1 bit per pixel, compressed)."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def post_photo(client, data: bytes):
    return client.post("/applause/new", data={"thanked_name": "Kim", "text": "Met foto",
                                              "photo": (io.BytesIO(data), "p.png")})


def test_a_photo_of_79_megapixels_is_refused_from_its_header(app, client, login_as, monkeypatch):
    """An 8,900 x 8,900 PNG (a few hundred KB) is refused at the field, without decoding its pixels."""
    bomb = png(8900, 8900)
    assert len(bomb) < 1024 * 1024

    def no_decoding(self):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    login_as()
    response = post_photo(client, bomb)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="photo-error"' in page and "24 megapixel" in page
    assert count(app, Shout) == 0


def test_the_pixel_limit_is_a_setting(app, client, login_as, monkeypatch):
    """Below the limit a photo is taken; above it, refused; the limit is PHOTO_MAX_MEGAPIXELS."""
    monkeypatch.setitem(app.config, "PHOTO_MAX_MEGAPIXELS", 1)
    login_as()
    assert post_photo(client, png(1100, 1000)).status_code == 422
    assert post_photo(client, png(1000, 1000)).status_code == 303
    assert count(app, Shout) == 1


def test_uploads_per_hour_are_limited(app, client, login_as, monkeypatch):
    """Each try counts, refused ones too; above PHOTOS_PER_HOUR the photo is refused with a message."""
    monkeypatch.setitem(app.config, "PHOTOS_PER_HOUR", 2)
    user = login_as()
    assert post_photo(client, b"not a photo").status_code == 422
    assert post_photo(client, png(100, 100)).status_code == 303
    response = post_photo(client, png(100, 100))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="photo-error"' in page and "afgelopen uur" in page
    assert count(app, Shout) == 1
    with app.app_context():  # an hour later the tries no longer count, and their rows are gone
        for row in db.session.scalars(select(PhotoUpload).where(PhotoUpload.user_id == user.id)):
            row.at = utcnow() - timedelta(minutes=61)
        db.session.commit()
    assert post_photo(client, png(100, 100)).status_code == 303
    assert count(app, PhotoUpload) == 1


def test_deleting_a_hidden_shout_keeps_its_moderation_log(app, client, login_as, make_shout, make_user):
    """The author deletes their own hidden shout-out; the log still says who hid it, when and why."""
    author = make_user()
    shout = make_shout(author=author)
    coordinator = login_as("coordinator")
    assert client.post(f"/applause/{shout.id}/hide", data={"reason": "rude"}).status_code == 303
    client.post("/logout")
    Auth(client).login(author)
    assert client.post(f"/applause/{shout.id}/delete").status_code == 303
    assert count(app, Shout) == 0
    with app.app_context():
        entries = db.session.scalars(select(ModerationEntry)).all()
        assert [(e.shout_id, e.actor_id, e.action, e.reason) for e in entries] == [
            (shout.id, coordinator.id, "hide", "rude")]
    client.post("/logout")
    login_as("coordinator")
    assert "rude" in client.get("/applause/moderation").get_data(as_text=True)
