"""Drawing paper as PDF with ReportLab: the weekly sheet (one A4 page; large print in 16 pt and up), an A4 poster
and two A5 flyers on one A4 sheet with cut marks. Black on white, a QR code beside every item."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from flask import current_app
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from portal.core.registry import PosterSource
from portal.core.urls import public_url_for
from portal.i18n import format_date, in_language
from portal.paper.services import Sheet, short_url

WIDTH, HEIGHT = A4
MARGIN = 14 * mm
# A font with the letters of every neighbour's name (ğ, ş, ł ...) when the system has one; else PDF's own Helvetica.
_FONTS = "/usr/share/fonts/truetype/dejavu"
_FONT_FILES = (f"{_FONTS}/DejaVuSans.ttf", f"{_FONTS}/DejaVuSans-Bold.ttf")


def _fonts() -> tuple[str, str]:
    """Return the regular and bold font names, registering DejaVu Sans once when it is installed."""
    if "PaperSans" in pdfmetrics.getRegisteredFontNames():
        return "PaperSans", "PaperSans-Bold"
    if all(Path(path).is_file() for path in _FONT_FILES):
        pdfmetrics.registerFont(TTFont("PaperSans", _FONT_FILES[0]))
        pdfmetrics.registerFont(TTFont("PaperSans-Bold", _FONT_FILES[1]))
        registerFontFamily("PaperSans", normal="PaperSans", bold="PaperSans-Bold", italic="PaperSans",
                           boldItalic="PaperSans-Bold")
        return "PaperSans", "PaperSans-Bold"
    return "Helvetica", "Helvetica-Bold"


class QrCode(Flowable):
    """A QR code of `url`, `size` points square with a quiet zone, drawn as one filled path (segno makes the matrix;
    joining each row's dark modules into bars keeps the PDF small and fast to draw)."""

    QUIET = 2  # modules of white around the code

    def __init__(self, url: str, size: float):
        super().__init__()
        self.matrix = segno.make(url, error="m").matrix
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_qr(self.canv, self.matrix, 0, 0, self.width, self.QUIET)


def draw_qr(canvas: Canvas, matrix: tuple, left: float, bottom: float, size: float, quiet: int = 2) -> None:
    """Draw a QR matrix (rows of 0/1, the top row first) with its bottom-left corner at (left, bottom)."""
    cell = size / (len(matrix) + 2 * quiet)
    path = canvas.beginPath()
    for row_number, row in enumerate(matrix):
        y = bottom + size - (quiet + row_number + 1) * cell
        column = 0
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                path.rect(left + (quiet + start) * cell, y, (column - start) * cell, cell)
            else:
                column += 1
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def qr_drawing(url: str, size: float) -> QrCode:
    """Return a QR code of `url`, `size` points square, as a flowable."""
    return QrCode(url, size)


def _text(value: str) -> str:
    """Escape text for ReportLab's paragraph markup (names and titles are typed by residents)."""
    return escape(value).replace("\n", "<br/>")


def _info(canvas: Canvas, title: str) -> None:
    canvas.setTitle(title)
    canvas.setAuthor(f"Buurtbouw {current_app.config['NEIGHBOURHOOD_NAME']}".strip())
    canvas.setCreator("Buurtbouw")


# --- the weekly sheet ---------------------------------------------------------------------------------------------

def sheet_pdf(sheet: Sheet) -> bytes:
    """Draw the weekly sheet on one A4 page: when the parts do not fit, the last item of the longest part goes,
    until they do (or nothing is left to leave out)."""
    for _attempt in range(30):
        data, pages = _draw_sheet(sheet)
        longest = max(sheet.sections, key=lambda section: len(section.items), default=None)
        if pages == 1 or longest is None or len(longest.items) <= 1:
            return data
        sheet = replace(sheet, sections=tuple(replace(section, items=section.items[:-1]) if section is longest
                                              else section for section in sheet.sections))
    return data


def _draw_sheet(sheet: Sheet) -> tuple[bytes, int]:
    """Draw the weekly sheet: a header with the week, the features' parts in two columns (one in large print), a
    QR code beside each item, and the address of the portal at the foot. Return the PDF and its page count."""
    regular, bold = _fonts()
    body = 16 if sheet.large else 9.5
    item_style = ParagraphStyle("item", fontName=regular, fontSize=body, leading=body * 1.25)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=24 if sheet.large else 14,
                             leading=(24 if sheet.large else 14) * 1.2, spaceBefore=6, spaceAfter=4)
    qr_size = (22 if sheet.large else 17) * mm
    columns = 1 if sheet.large else 2
    gap = 8 * mm
    column_width = (WIDTH - 2 * MARGIN - gap * (columns - 1)) / columns
    head_height = (38 if sheet.large else 30) * mm
    foot_height = 14 * mm
    frames = [Frame(MARGIN + index * (column_width + gap), MARGIN + foot_height, column_width,
                    HEIGHT - 2 * MARGIN - head_height - foot_height, leftPadding=0, rightPadding=0, topPadding=0,
                    bottomPadding=0) for index in range(columns)]
    with in_language(sheet.lang):
        title = _("Buurtbericht")
        week = _("Week %(number)s · %(first)s to %(last)s", number=sheet.week_number,
                 first=format_date(sheet.week_start, "d MMMM"), last=format_date(sheet.week_end, "d MMMM y"))
        home = public_url_for("core.home")
        more = _("Everything, and more, online: %(url)s", url=short_url(home))
        story: list = []
        for section in sheet.sections:
            parts: list = [Paragraph(_text(section.heading), heading)]
            if section.line:
                parts.append(Paragraph(_text(section.line), item_style))
            story.append(KeepTogether(parts + ([_item(section.items[0], item_style, column_width, qr_size)]
                                               if section.items else [])))
            story += [_item(item, item_style, column_width, qr_size) for item in section.items[1:]]
        if not sheet.sections:
            story.append(Paragraph(_text(_("A quiet week: nothing planned yet. Have an idea? Tell us at the "
                                           "buurthuis or online.")), item_style))
    neighbourhood = current_app.config["NEIGHBOURHOOD_NAME"]

    def page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        top = HEIGHT - MARGIN
        canvas.setFont(bold, 34 if sheet.large else 28)
        canvas.drawString(MARGIN, top - 30, title)
        canvas.setFont(regular, 18 if sheet.large else 11)
        if sheet.large:
            canvas.drawString(MARGIN, top - 56, week)
            canvas.drawString(MARGIN, top - 78, f"Buurtbouw {neighbourhood}".strip())
        else:
            canvas.drawString(MARGIN, top - 48, f"{week} · Buurtbouw {neighbourhood}".strip())
        if not sheet.large:  # in large print the week's line needs the width; the address is at the foot
            qr_drawing(home, head_height - 10 * mm).drawOn(canvas, WIDTH - MARGIN - head_height + 10 * mm,
                                                          top - head_height + 8 * mm)
        canvas.setLineWidth(1.5)
        canvas.line(MARGIN, top - head_height + 4 * mm, WIDTH - MARGIN, top - head_height + 4 * mm)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN + foot_height - 3 * mm, WIDTH - MARGIN, MARGIN + foot_height - 3 * mm)
        canvas.setFont(regular, 16 if sheet.large else 10)
        canvas.drawString(MARGIN, MARGIN + 2 * mm, more)
        canvas.restoreState()

    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN, title=f"{title} {sheet.week_start.isoformat()}", author="Buurtbouw",
                          creator="Buurtbouw", lang=sheet.lang)
    doc.addPageTemplates([PageTemplate("sheet", frames=frames, onPage=page)])
    doc.build(story)
    return out.getvalue(), doc.page


def _item(item, style: ParagraphStyle, width: float, qr_size: float) -> Table:
    """Return one item of the sheet: its title in bold and its line, with the QR code to it on the right."""
    text = f"<b>{_text(item.title)}</b>" + (f"<br/>{_text(item.text)}" if item.text else "")
    cells = [[Paragraph(text, style), qr_drawing(item.url, qr_size) if item.url else ""]]
    table = Table(cells, colWidths=[width - qr_size - 3 * mm, qr_size + 3 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 5), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    return table


# --- posters and flyers -------------------------------------------------------------------------------------------

def _poster_block(canvas: Canvas, source: PosterSource, left: float, bottom: float, width: float, height: float,
                  scale: float) -> None:
    """Draw one poster in the box (left, bottom, width, height): title, when, where, text, QR code, short URL."""
    regular, bold = _fonts()
    pad = 12 * mm * scale
    qr_size = min(72 * mm * scale, height * 0.42, width * 0.4)
    styles = {
        "title": ParagraphStyle("t", fontName=bold, fontSize=40 * scale, leading=46 * scale),
        "when": ParagraphStyle("w", fontName=bold, fontSize=22 * scale, leading=28 * scale),
        "text": ParagraphStyle("x", fontName=regular, fontSize=16 * scale, leading=22 * scale),
    }
    inner = width - 2 * pad
    y = bottom + height - pad
    lines = [("title", source.title), ("when", source.when), ("when", source.where)]
    for style, value in lines:
        if value:
            paragraph = Paragraph(_text(value), styles[style])
            _w, used = paragraph.wrap(inner, height)
            y -= used
            paragraph.drawOn(canvas, left + pad, y)
            y -= 4 * mm * scale
    room = y - (bottom + pad + qr_size + 4 * mm)
    if source.text and room > 20:
        text = source.text if len(source.text) <= 600 else source.text[:599] + "…"
        paragraph = Paragraph(_text(text), styles["text"])
        _w, used = paragraph.wrap(inner, room)
        while used > room and len(text) > 40:  # cut at a word until it fits above the QR code
            text = text[: int(len(text) * 0.8)].rsplit(" ", 1)[0] + "…"
            paragraph = Paragraph(_text(text), styles["text"])
            _w, used = paragraph.wrap(inner, room)
        if used <= room:
            paragraph.drawOn(canvas, left + pad, y - used)
    qr_left = left + width - pad - qr_size
    qr_drawing(source.url, qr_size).drawOn(canvas, qr_left, bottom + pad + 8 * mm * scale)
    canvas.setFont(bold, 14 * scale)
    canvas.drawRightString(left + width - pad, bottom + pad, short_url(source.url))
    canvas.setFont(regular, 14 * scale)
    canvas.drawString(left + pad, bottom + pad + 8 * mm * scale + qr_size / 2, _("Scan for more:"))
    canvas.drawString(left + pad, bottom + pad,
                      f"Buurtbouw {current_app.config['NEIGHBOURHOOD_NAME']}".strip())


def poster_pdf(source: PosterSource, size: str) -> bytes:
    """Draw an A4 poster, or (size "a5") two A5 flyers on one A4 sheet with cut marks between them."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    _info(canvas, source.title)
    if size == "a5":
        half = HEIGHT / 2
        for bottom in (0, half):
            _poster_block(canvas, source, 0, bottom, WIDTH, half, 0.62)
        canvas.setLineWidth(0.5)
        for x in (0, WIDTH - 8 * mm):  # cut marks at both edges, where the sheet is cut in two
            canvas.line(x, half, x + 8 * mm, half)
        canvas.setDash(2, 4)
        canvas.line(12 * mm, half, WIDTH - 12 * mm, half)
    else:
        _poster_block(canvas, source, 0, 0, WIDTH, HEIGHT, 1.0)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
