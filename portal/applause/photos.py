"""Photos: check the real type, strip metadata (GPS!), scale and re-encode, store under a random name."""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_UPLOAD = 10 * 1024 * 1024
LARGE = (1280, 150 * 1024)  # longest side in px, most bytes
SMALL = (480, 30 * 1024)
MAX_PIXELS = 24_000_000  # the default limit; the app passes its setting (PHOTO_MAX_MEGAPIXELS)
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard: it warns above this, refuses above twice this


class PhotoError(ValueError):
    """The upload is not a photo we accept; the message says why, in the reader's language."""


@dataclass
class StoredPhoto:
    name: str
    width: int
    height: int


def folder() -> Path:
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


def store_photo(data: bytes, messages: dict[str, str], max_pixels: int = MAX_PIXELS) -> StoredPhoto:
    """Check, clean and store an uploaded photo in a large and a small version; raise PhotoError if refused."""
    if len(data) > MAX_UPLOAD:
        raise PhotoError(messages["too_large"])
    try:
        with _open(data, messages, max_pixels) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise PhotoError(messages["not_image"])
            probe.verify()
        image = _open(data, messages, max_pixels)
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as error:
        raise PhotoError(messages["not_image"]) from error
    image = ImageOps.exif_transpose(image)  # keep the orientation, then drop all metadata
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = background
    name = secrets.token_hex(16)
    large = _encode(image, *LARGE)
    small = _encode(image, *SMALL)
    (folder() / f"{name}.jpg").write_bytes(large)
    (folder() / f"{name}-s.jpg").write_bytes(small)
    with Image.open(io.BytesIO(small)) as shown:
        width, height = shown.size
    return StoredPhoto(name, width, height)


def photo_path(name: str, small: bool) -> Path:
    return folder() / f"{name}{'-s' if small else ''}.jpg"


def delete_photo(name: str) -> None:
    for small in (False, True):
        photo_path(name, small).unlink(missing_ok=True)
