"""Paper pages: the weekly sheet (print page and PDF) and posters and flyers of public things (print page and PDF)."""

from datetime import timedelta

from flask import Response, abort, render_template, request
from flask_babel import gettext as _

from portal import share
from portal.core.registry import PosterSource
from portal.core.urls import public_url_for
from portal.i18n import in_language, select_locale
from portal.pagecache import cacheable
from portal.paper import bp, services
from portal.params import arg_date
from portal.permissions import get_or_404_for

# How long browsers and proxies may keep the sheet's text and the PDFs (their 304s say the same).
KEPT_FIVE_MINUTES = "public, max-age=300"


def _sheet() -> services.Sheet:
    """Return the sheet the address asks for: ?week=<a day of it> (this week), ?lang=nl|en, ?large=1."""
    first, last = services.week_window()
    asked = arg_date("week", first, last + timedelta(days=6))
    if request.args.get("week") and asked is None:
        abort(404)  # not a loader: no such week on paper (a bad date, or too far away)
    # The reader's language, unless the address asks for one (the Dutch sheet for the notice board, say).
    lang = request.args.get("lang")
    lang = lang if lang in ("nl", "en") else select_locale()
    return services.build_sheet(services.pick_week(asked), lang, request.args.get("large") == "1")


def _pdf(data: bytes, name: str) -> Response:
    return Response(data, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}.pdf"'})


def _sheet_address(sheet: services.Sheet) -> str:
    return public_url_for("paper.show_sheet", week=sheet.week_start.isoformat(),
                          lang="en" if sheet.lang == "en" else None)


@bp.get("/buurtbericht")
@cacheable
def show_sheet():
    """Show the weekly neighbourhood sheet as an A4 print page (black and white, QR codes beside each item), with
    share links that send it as a message."""
    sheet = _sheet()
    address = _sheet_address(sheet)
    with in_language(sheet.lang):
        share_links = share.links(services.message_text(sheet, address), address,
                                  f"{_('Buurtbericht')} {_('week %(number)s', number=sheet.week_number)}")
        return render_template("paper/sheet.html", sheet=sheet, qr_src=services.qr_sources(), share=share_links,
                               short_url=services.short_url, timedelta_week=timedelta(weeks=1))


@bp.get("/buurtbericht.txt")
@cacheable(cache_control=KEPT_FIVE_MINUTES)
def sheet_text():
    """Return the weekly sheet as a short text for a WhatsApp or Telegram group (to copy, or to share)."""
    sheet = _sheet()
    return Response(services.message_text(sheet, _sheet_address(sheet)), mimetype="text/plain")


@bp.get("/buurtbericht.pdf")
@cacheable(cache_control=KEPT_FIVE_MINUTES)
def sheet_pdf():
    """Return the weekly sheet as a PDF made on the server, kept until something on it changes."""
    sheet = _sheet()
    size = "-groot" if sheet.large else ""
    return _pdf(services.cached_pdf(sheet), f"buurtbericht-{sheet.week_start.isoformat()}-{sheet.lang}{size}")


def _poster(kind: str, ident: int) -> PosterSource:
    """Load what a poster shows: 404 for anything missing or not public (paper is public)."""
    return get_or_404_for(PosterSource, ident, load=lambda found: services.poster(kind, found))


@bp.get("/poster/<kind>/<int:ident>")
@cacheable
def show_poster(kind: str, ident: int):
    """Show an A4 poster (or ?size=a5: two A5 flyers on one A4 with cut marks) of a public thing, to print."""
    source = _poster(kind, ident)
    size = "a5" if request.args.get("size") == "a5" else "a4"
    text = share.message([source.title, source.when, source.where], source.url)
    return render_template("paper/poster.html", source=source, size=size, kind=kind, ident=ident,
                           qr_path=services.local_of, short_url=services.short_url,
                           share=share.links(text, source.url, source.title))


@bp.get("/poster/<kind>/<int:ident>.pdf")
@cacheable(cache_control=KEPT_FIVE_MINUTES)
def poster_pdf(kind: str, ident: int):
    """Return the poster (or ?size=a5: the flyers) as a PDF made on the server."""
    from portal.paper import pdf

    source = _poster(kind, ident)
    size = "a5" if request.args.get("size") == "a5" else "a4"
    return _pdf(pdf.poster_pdf(source, size), f"{kind}-{ident}-{size}")
