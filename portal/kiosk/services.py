"""The kiosk device cookie: a signed, long-lived secret that the server can revoke."""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import timedelta

from flask import Response, current_app, g, has_request_context, request
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select

from portal.accounts.models import User, UserSession
from portal.applause import services as applause
from portal.boards import services as boards
from portal.core import time as clock
from portal.db import utcnow
from portal.events import services as events
from portal.extensions import db
from portal.kiosk.models import KioskDevice

COOKIE_LIFETIME = timedelta(days=365)
IDLE_SECONDS = 120
WARN_SECONDS = 30
VISITOR_STEP_SECONDS = 5  # a visitor's warning counts down in steps of this many seconds
SESSION_STEP_SECONDS = 5  # a logged-in kiosk page asks how long is left this often (kiosk/_session.html)


COOKIE_NAMES = ("__Host-kiosk", "kiosk")  # with HTTPS (SESSION_COOKIE_SECURE), and without


def cookie_name() -> str:
    return COOKIE_NAMES[0] if current_app.config.get("SESSION_COOKIE_SECURE") else COOKIE_NAMES[1]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kiosk-device")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_device(name: str, creator: User) -> tuple[KioskDevice, str]:
    """Register a kiosk device; return it and the signed cookie value for its browser. The caller commits."""
    secret = secrets.token_urlsafe(32)
    device = KioskDevice(name=name.strip(), token_hash=_digest(secret), created_by_id=creator.id)
    db.session.add(device)
    db.session.flush()
    return device, _serializer().dumps({"id": device.id, "secret": secret})


def device_list(limit: int = 50) -> list[KioskDevice]:
    """Return the kiosk computers for the librarians' list: those still on first, newest first."""
    return list(db.session.scalars(select(KioskDevice).order_by(KioskDevice.revoked_at.is_not(None),
                                                                KioskDevice.id.desc()).limit(limit)))


def set_cookie(response: Response, value: str) -> None:
    response.set_cookie(cookie_name(), value, max_age=int(COOKIE_LIFETIME.total_seconds()), httponly=True,
                        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")), samesite="Lax", path="/")


def current_device() -> KioskDevice | None:
    """Return this browser's kiosk device, or None: a forged, unknown or revoked cookie is no kiosk (cached)."""
    if "kiosk_device" in g:
        return g.kiosk_device
    device = None
    raw = request.cookies.get(cookie_name())
    if raw:
        try:
            data = _serializer().loads(raw)
        except BadSignature:
            data = None
        if isinstance(data, dict) and isinstance(data.get("secret"), str):
            device = db.session.scalar(select(KioskDevice).where(
                KioskDevice.id == data.get("id"), KioskDevice.token_hash == _digest(data["secret"]),
                KioskDevice.revoked_at.is_(None)))
    g.kiosk_device = device
    return device


def current_device_id() -> int | None:
    """Return the id of this browser's kiosk device, or None."""
    device = current_device()
    return device.id if device else None


def is_kiosk() -> bool:
    """Tell whether this request comes from a kiosk device; outside a request (a mail, the daily jobs) it does not."""
    return has_request_context() and current_device() is not None


def visitor_countdown(started: str | None) -> tuple[int, int]:
    """Return when a visitor's warning started (milliseconds since 1970) and the whole seconds left before the kiosk
    goes back to the start (WARN_SECONDS from then). `started` comes back from the page and is hostile: missing,
    unreadable or in the future, the warning starts now, so no value ever gives more than WARN_SECONDS."""
    now = int(utcnow().timestamp() * 1000)
    text = (started or "").strip()
    since = min(int(text), now) if text.isascii() and text.isdigit() and len(text) <= 15 else now
    return since, max(0, math.ceil((since + WARN_SECONDS * 1000 - now) / 1000))


def revoke(device: KioskDevice) -> None:
    """Switch a kiosk off: its cookie stops counting and every session on it ends. The caller commits."""
    device.revoked_at = utcnow()
    db.session.execute(delete(UserSession).where(UserSession.shared_computer_id == device.id))


# --- the screen in the buurthuis: public pages in turn ---------------------------------------------------------

SCREEN_PAGES = ("applause", "agenda", "help")
DEFAULT_SECONDS = 30


def screen_rotation(device: KioskDevice | None) -> tuple[list[str], int]:
    """Return the pages this screen shows in turn (in SCREEN_PAGES order) and the seconds per page; a computer
    that is no kiosk shows them all."""
    if device is None:
        return list(SCREEN_PAGES), DEFAULT_SECONDS
    chosen = set(device.screen_pages.split(","))
    return [page for page in SCREEN_PAGES if page in chosen] or list(SCREEN_PAGES), device.screen_seconds


def set_rotation(device: KioskDevice, pages: list[str], seconds: int) -> None:
    """Store what the device's screen shows; unknown pages are left out. The caller commits."""
    device.screen_pages = ",".join(page for page in SCREEN_PAGES if page in pages) or ",".join(SCREEN_PAGES)
    device.screen_seconds = min(max(seconds, 10), 600)


def screen_step(pages: list[str], asked: str | None) -> tuple[str, str]:
    """Return the page to show now (the one asked for when it is in the rotation, else the first) and the next."""
    current = asked if asked in pages else pages[0]
    return current, pages[(pages.index(current) + 1) % len(pages)]


def screen_content(page: str) -> dict:
    """Return what a screen page shows: only what a visitor without an account may see."""
    if page == "applause":
        shouts, _more = applause.feed_page(applause.PUBLIC, size=4)
        return {"shouts": shouts, "shout": shouts[0] if shouts else None, "index": 0,
                "next_index": 1 % max(len(shouts), 1)}
    if page == "agenda":
        return {"events": events.week_events(None, clock.today(), days=7, limit=6)}
    tasks, _next = boards.help_page(None, size=6)
    return {"tasks": tasks}
