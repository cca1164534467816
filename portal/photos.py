"""Photos: check the real type, strip metadata (GPS!), scale and re-encode, store under a random name.

Feature-neutral, so every feature with photos (shout-outs, initiatives) stores, limits and serves them the same way:
`store_upload` counts the try against the hourly limit per person, then checks and stores; `send_photo` serves a
stored one, sandboxed. The feature keeps the name and size (`StoredPhoto`) on its own row.
"""

from __future__ import annotations

import io
import re
import secrets
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import Response, abort, current_app, send_file
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import ForeignKey, Index, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import FileStorage

from portal.db import UTCDateTime, not_on_pages, utcnow
from portal.extensions import db

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_UPLOAD = 10 * 1024 * 1024
LARGE = (1280, 150 * 1024)  # longest side in px, most bytes
SMALL = (480, 30 * 1024)
MAX_PIXELS = 24_000_000  # the default limit; the app passes its setting (PHOTO_MAX_MEGAPIXELS)
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard: it warns above this, refuses above twice this


NAME = re.compile(r"^[0-9a-f]{32}(-s)?$")  # a stored photo's name, "-s" for the small version


class PhotoError(ValueError):
    """The upload is not a photo we accept; the message says why, in the reader's language."""


@dataclass
class StoredPhoto:
    name: str
    width: int
    height: int


def folder() -> Path:
    """Return the folder the photos are stored in (made when missing)."""
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "photos"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _encode(image: Image.Image, longest: int, budget: int) -> bytes:
    """Scale to `longest` px and find the best JPEG quality that fits in `budget` bytes."""
    copy = image.copy()
    copy.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    while True:
        for quality in (80, 70, 60, 50, 40, 30):
            out = io.BytesIO()
            copy.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
            if out.tell() <= budget:
                return out.getvalue()
        copy.thumbnail((int(copy.width * 0.8), int(copy.height * 0.8)), Image.Resampling.LANCZOS)


def _open(data: bytes, messages: dict[str, str], max_pixels: int) -> Image.Image:
    """Open an image, reading only its header: refuse it when its size says it has more than `max_pixels`.

    A small PNG can unpack to gigabytes; its width and height are in the header, so the check costs nothing.
    """
    Image.MAX_IMAGE_PIXELS = max_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise PhotoError(messages["too_many_pixels"]) from error
    width, height = image.size
    if width * height > max_pixels:
        raise PhotoError(messages["too_many_pixels"])
    return image


def _decode(data: bytes, messages: dict[str, str], max_pixels: int) -> Image.Image:
    """Check an upload is a whole JPEG, PNG or WebP (by its bytes, not its name) within the size limits; return it
    decoded, turned upright, on a white background: ready to re-encode without its metadata."""
    if len(data) > MAX_UPLOAD:
        raise PhotoError(messages["too_large"])
    try:
        with _open(data, messages, max_pixels) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise PhotoError(messages["not_image"])
            probe.verify()
        image = _open(data, messages, max_pixels)
        image.load()  # a truncated file fails here, not half-way through the encoding
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise PhotoError(messages["not_image"]) from error
    image = ImageOps.exif_transpose(image)  # keep the orientation, then drop all metadata
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = background
    return image


def clean_image(data: bytes, messages: dict[str, str], max_pixels: int = MAX_PIXELS,
                size: tuple[int, int] = LARGE) -> bytes:
    """Return an uploaded image re-encoded as a JPEG without metadata (GPS!), at most `size` (longest side in px,
    most bytes); raise PhotoError if refused. For features that keep one private copy (the budget's receipts)."""
    return _encode(_decode(data, messages, max_pixels), *size)


def store_photo(data: bytes, messages: dict[str, str], max_pixels: int = MAX_PIXELS) -> StoredPhoto:
    """Check, clean and store an uploaded photo in a large and a small version; raise PhotoError if refused."""
    image = _decode(data, messages, max_pixels)
    name = secrets.token_hex(16)
    large = _encode(image, *LARGE)
    small = _encode(image, *SMALL)
    (folder() / f"{name}.jpg").write_bytes(large)
    (folder() / f"{name}-s.jpg").write_bytes(small)
    with Image.open(io.BytesIO(small)) as shown:
        width, height = shown.size
    return StoredPhoto(name, width, height)


def photo_path(name: str, small: bool) -> Path:
    """Return where the large or small version of a stored photo is."""
    return folder() / f"{name}{'-s' if small else ''}.jpg"


def delete_photo(name: str) -> None:
    """Delete both versions of a stored photo."""
    for small in (False, True):
        photo_path(name, small).unlink(missing_ok=True)


class PhotoUpload(db.Model):  # type: ignore[name-defined]
    """One photo someone tried to upload, kept for an hour: uploads per person per hour are counted here."""

    __tablename__ = "photo_uploads"
    __table_args__ = (Index("ix_photo_uploads_user_id_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


not_on_pages(PhotoUpload.__tablename__)  # an upload counter, shown nowhere: it leaves the data version alone


def count_upload(user_id: int, per_hour: int) -> bool:
    """Count one photo upload by a person; return False (and count nothing) when the past hour's limit is used up.

    Rows older than an hour are removed here, so the table stays as small as the last hour's uploads.
    """
    since = utcnow() - timedelta(hours=1)
    db.session.execute(delete(PhotoUpload).where(PhotoUpload.user_id == user_id, PhotoUpload.at < since))
    used = db.session.scalar(select(func.count()).select_from(PhotoUpload).where(PhotoUpload.user_id == user_id))
    if (used or 0) >= per_hour:
        return False
    db.session.add(PhotoUpload(user_id=user_id))
    return True


def messages() -> dict[str, str]:
    """Return why a photo is refused, in the reader's language."""
    return {"too_large": _("This photo is too large. Choose one of at most 10 MB."),
            "not_image": _("This is not a photo we can use. Choose a JPEG, PNG or WebP file."),
            "too_many_pixels": _("This photo has too many pixels: at most %(megapixels)s megapixels. Choose a "
                                 "smaller photo, or make it smaller on your phone first.",
                                 megapixels=current_app.config["PHOTO_MAX_MEGAPIXELS"])}


def store_upload(upload: FileStorage, user_id: int) -> StoredPhoto:
    """Count the upload against the hourly limit (committed: every try counts), then check and store it.

    Raise PhotoError, with the message for the field, when it is refused.
    """
    per_hour = current_app.config["PHOTOS_PER_HOUR"]
    if not count_upload(user_id, per_hour):
        raise PhotoError(_("You added %(count)s photos in the past hour. Wait a while before you add "
                           "another one.", count=per_hour))
    db.session.commit()  # the try counts, whatever becomes of the photo
    return store_photo(upload.read(MAX_UPLOAD + 1), messages(), current_app.config["PHOTO_MAX_MEGAPIXELS"] * 1_000_000)


def send_photo(name: str) -> Response:
    """Serve a cleaned photo by its name ("<name>" or "<name>-s"), sandboxed, cached long (names never change)."""
    if not NAME.match(name):
        abort(404)
    path = photo_path(name.removesuffix("-s"), name.endswith("-s"))
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=365 * 24 * 3600)
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
