"""Home page, health check, language switch and accessibility statement."""

import io

import segno
from flask import Response, abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from portal.core import bp
from portal.core.registry import health_details, mine_links, my_items, page_section, page_sections, waiting_counts
from portal.core.signals import language_chosen
from portal.core.urls import public_address
from portal.extensions import db
from portal.i18n import LANGUAGE_NAMES
from portal.operations.checks import backup_age, migrations_pending, ping_database
from portal.pagecache import cacheable
from portal.permissions import has_role
from portal.web import local_path


@bp.get("/")
@cacheable
def home():
    """Show what is going on in the neighbourhood."""
    waiting = waiting_counts(current_user) if current_user.is_authenticated else []
    return render_template("core/home.html", sections=page_sections("home"), waiting=waiting)


@page_section("home", order=5)
def my_items_at_home():
    """Show my tasks and bookings as one list, soonest first, near the top of the home page (when I have any)."""
    if not current_user.is_authenticated:
        return None
    items = my_items(current_user)
    return ("core/_mine.html", {"items": items, "links": mine_links()}) if items else None


@page_section("account", order=15)
def my_items_on_account():
    """Show my tasks and bookings on my account page, also when there are none (with where to find some)."""
    return "core/_mine.html", {"items": my_items(current_user), "links": mine_links()}


@bp.get("/toegankelijkheid")
@cacheable
def accessibility():
    """Show the accessibility statement."""
    return render_template("core/accessibility.html")


@bp.get("/language/<language>")
def set_language(language: str):
    """Switch the language of the pages (and of the account: now when logged in, else on logging in next).

    A plain link, not a form: pages for visitors then carry no per-visitor token and can be cached whole.
    Switching someone's language is harmless, so this GET needs no CSRF protection.
    """
    if language in LANGUAGE_NAMES:
        session["lang"] = language
        language_chosen.send(None, language=language)
    return redirect(_page_at(local_path(request.args.get("next"), url_for("core.home"))), 303)


def _page_at(target: str) -> str:
    """Return `target` when it is a page (a GET answers there), else the nearest page above it: a form refused
    with a message is shown at the address it was sent to (/agenda/2/rsvp), which only takes a POST, so switching
    the language there leads to the page the form belongs to (/agenda/2), not to a 405."""
    adapter = current_app.create_url_adapter(request)
    path, mark, query = target.partition("?")
    first = True
    while path:
        try:
            adapter.match(path, method="GET")
        except MethodNotAllowed:
            path, first = path.rsplit("/", 1)[0], False
            continue
        except HTTPException:
            pass  # a slash added or taken away, or no page at all: as asked (a 404 says so there)
        return path + mark + query if first else path
    return url_for("core.home")


@bp.get("/healthz")
def healthz():
    """Answer 200 when the database answers, 503 with the reason when it does not.

    `?deep=1` for an admin adds the migrations not yet applied, the age of the newest backup and what the
    features report (the mail waiting to be sent, for one); it stays cheap for the load balancer without it.
    """
    try:
        ping_database()
    except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
        db.session.rollback()
        current_app.logger.warning("health check failed: %s", error)
        return {"status": "error", "reason": f"database: {type(error).__name__}"}, 503
    if request.args.get("deep") != "1" or not has_role(current_user, "admin"):
        return {"status": "ok"}
    age = backup_age(current_app)
    return {"status": "ok", "migrations_pending": migrations_pending(),
            "backup_age_hours": round(age.total_seconds() / 3600, 1) if age is not None else None,
            **health_details()}


@bp.get("/ping")
def ping():
    """Answer a tiny plain-text "ok" without touching the database: the floor the benchmark compares with."""
    return Response("ok", mimetype="text/plain")


@bp.get("/qr.svg")
def qr_code():
    """Return a QR code that leads to a page of this site on PUBLIC_URL (for printed sheets, slips, the wall)."""
    path = local_path(request.args.get("path"), "")
    if not path or len(path) > 200:
        abort(404)  # not a loader: no page of ours to point to
    out = io.BytesIO()
    segno.make(public_address(path), error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False)
    return Response(out.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})
