"""The weekly sheet "Buurtbericht": what the features' hooks give, nothing members-only, and its PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

PRIVATE = ("Geheim overleg", "Alleen leden", "Geheime dank", "Geheime klus", "Privé feest", "Verlegen Vera")


def pdf_text(data: bytes) -> tuple[int, str]:
    """Return the page count and the text of a PDF."""
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_sheet_shows_what_the_hooks_give(client, neighbourhood_week, week):
    """The print page has the week's public event and booking, the shout-outs and the task with most places left."""
    page = client.get(f"/buurtbericht?week={week}").get_data(as_text=True)
    for text in ("Buurtbericht", "Oogstfeest", "Taalcafé", "Buurthuis De Nelle", "Dank voor de soep!", "Fatima",
                 "Schoffelen", "Moestuin Gein", "Dank voor het vegen"):
        assert text in page, text


def test_a_duration_reads_the_same_on_the_sheet_the_board_and_the_share_text(client, neighbourhood_week, week,
                                                                              make_task):
    """A task of 120 minutes says "2 uur" on the weekly sheet, its board and its share text; under an hour it says
    minutes ("30 minuten") everywhere, never "120 minuten" on one and "2 uur" on another."""
    long = make_task(neighbourhood_week["garden"], "Kramen opzetten", estimate_minutes=120, places_needed=8)
    short = make_task(neighbourhood_week["garden"], "Flyers rondbrengen", estimate_minutes=30, places_needed=7)
    sheet = client.get(f"/buurtbericht?week={week}").get_data(as_text=True)
    board = client.get(f"/boards/{long.initiative_id}").get_data(as_text=True)
    for page in (sheet, board, client.get(f"/tasks/{long.id}").get_data(as_text=True)):
        assert "2 uur" in page and "120 minuten" not in page
    for page in (sheet, board, client.get(f"/tasks/{short.id}").get_data(as_text=True)):
        assert "30 minuten" in page and "0,5 uur" not in page
    english = client.get(f"/buurtbericht?week={week}&lang=en").get_data(as_text=True)
    assert "2 h" in english and "30 minutes" in english and "120 minutes" not in english


def test_sheet_shows_nothing_members_only(client, login_as, neighbourhood_week, week):
    """Paper is public: even a coordinator's sheet leaves out members-only things and hidden names, in HTML and PDF."""
    login_as("coordinator")
    for url in (f"/buurtbericht?week={week}", f"/buurtbericht?week={week}&lang=en",
                f"/buurtbericht?week={week}&large=1"):
        page = client.get(url).get_data(as_text=True)
        assert not [text for text in PRIVATE if text in page], url
    pages, text = pdf_text(client.get(f"/buurtbericht.pdf?week={week}").data)
    assert "Oogstfeest" in text and not [found for found in PRIVATE if found in text]


def test_pdf_is_one_a4_page_with_the_text(client, neighbourhood_week, week):
    """The PDF is a PDF of one A4 page whose text can be read back (title, event, shout-out, task)."""
    response = client.get(f"/buurtbericht.pdf?week={week}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    pages, text = pdf_text(response.data)
    assert pages == 1
    for expected in ("Buurtbericht", "Oogstfeest", "Taalcafé", "Dank voor de soep!", "Schoffelen"):
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(response.data))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)


def test_english_and_large_print(client, neighbourhood_week, week):
    """?lang=en gives the short English sheet; ?large=1 prints nothing smaller than 16 pt."""
    english = client.get(f"/buurtbericht?week={week}&lang=en").get_data(as_text=True)
    assert "On this week" in english and "Who can help?" in english
    pages, text = pdf_text(client.get(f"/buurtbericht.pdf?week={week}&lang=en").data)
    assert pages == 1 and "Week" in text and "Oogstfeest" in text
    large = client.get(f"/buurtbericht.pdf?week={week}&large=1").data
    reader = PdfReader(io.BytesIO(large))
    sizes: list[float] = []
    for page in reader.pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.append(size * tm[0]) if text.strip()
                          else None)
    assert len(reader.pages) == 1 and sizes and min(sizes) >= 16


def test_pdf_is_cached_until_something_changes(app, client, neighbourhood_week, week, paper_folder, make_shout):
    """The second download comes from the kept file; a new shout-out on the sheet makes a new one."""
    first = client.get(f"/buurtbericht.pdf?week={week}").data
    files = list(paper_folder.glob("*.pdf"))
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    assert client.get(f"/buurtbericht.pdf?week={week}").data == first
    assert files[0].stat().st_mtime_ns == stamp and list(paper_folder.glob("*.pdf")) == files
    make_shout("Dank voor de stoelen, Ahmed!", thanked_name="Ahmed")
    changed = client.get(f"/buurtbericht.pdf?week={week}").data
    assert changed != first and "Ahmed" in pdf_text(changed)[1]
    assert [path.name for path in paper_folder.glob("*.pdf")] != [files[0].name]
    assert len(list(paper_folder.glob("*.pdf"))) == 1  # the old version of the same sheet is gone


@pytest.mark.parametrize("query", ["week=2026-13-45", "week=%00", "week=99999-01-01", "week=1900-01-01",
                                   "week=" + "9" * 400, "week=2026-01-01%0D%0AX:1"])
def test_bad_weeks_are_404(client, query):
    """A week that is no date, or far away, is a 404 and never a 500."""
    assert client.get(f"/buurtbericht?{query}").status_code in (400, 404)
    assert client.get(f"/buurtbericht.pdf?{query}").status_code in (400, 404)


def test_an_empty_week_still_prints(client):
    """A week with nothing planned gives a sheet that says so, and a one-page PDF."""
    assert "A quiet week" in client.get("/buurtbericht?lang=en").get_data(as_text=True) or \
        "rustige week" in client.get("/buurtbericht").get_data(as_text=True)
    assert pdf_text(client.get("/buurtbericht.pdf").data)[0] == 1


def test_home_links_to_the_sheet(client):
    """The home page offers the sheet to print, as PDF and in large print."""
    page = client.get("/").get_data(as_text=True)
    assert 'href="/buurtbericht"' in page and 'href="/buurtbericht.pdf"' in page


def test_budget_status_in_one_line(app, client, neighbourhood_week, week):
    """A running budget's status is one line on the sheet (what is left of what), in HTML and PDF."""
    from datetime import date, timedelta

    from portal.budget.services import create_budget
    from portal.extensions import db

    with app.app_context():
        create_budget(None, name="Buurtbudget Gein", amount_cents=500_000, starts_on=date(2026, 1, 1),
                      ends_on=date.fromisoformat(week) + timedelta(days=60))
        db.session.commit()
    page = client.get(f"/buurtbericht?week={week}").get_data(as_text=True)
    assert "Buurtbudget Gein" in page and "5.000" in page
    assert "Buurtbudget Gein" in pdf_text(client.get(f"/buurtbericht.pdf?week={week}").data)[1]


def test_share_links_and_the_group_message(client, neighbourhood_week, week):
    """The sheet offers WhatsApp, Telegram and e-mail links with the message filled in, and a short text version
    with the week's items and the address of the sheet, nothing members-only."""
    from urllib.parse import unquote

    page = client.get(f"/buurtbericht?week={week}").get_data(as_text=True)
    assert "https://wa.me/?text=" in page and "https://t.me/share/url?url=" in page and "mailto:?subject=" in page
    assert "Oogstfeest" in unquote(page.split("https://wa.me/?text=", 1)[1].split('"', 1)[0])
    response = client.get(f"/buurtbericht.txt?week={week}")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/plain" and text.startswith("*Buurtbericht*")
    assert "Oogstfeest" in text and "Schoffelen" in text and "/buurtbericht?week=" in text
    assert not [found for found in PRIVATE if found in text] and len(text) < 2500
    assert client.get("/buurtbericht.txt?week=nonsense").status_code == 404


def test_poster_share_links(client, neighbourhood_week):
    """A poster's page has share links with its title and address."""
    page = client.get(f"/poster/event/{neighbourhood_week['event'].id}").get_data(as_text=True)
    assert "https://wa.me/?text=Oogstfeest" in page and "t.me/share/url" in page


def test_sheet_costs_the_same_queries_and_stays_small(client, count_queries, neighbourhood_week, week, make_event,
                                                      make_shout, make_task):
    """The print page runs a fixed number of queries, however much the week holds, and is under 15 KB gzipped."""
    import gzip

    client.get(f"/buurtbericht?week={week}")
    with count_queries() as few:
        client.get(f"/buurtbericht?week={week}")
    garden = neighbourhood_week["garden"]
    for number in range(12):
        make_event(garden, f"Extra {number}", days=9)
        make_shout(f"Extra dank {number}", thanked_name="Ahmed")
        make_task(garden, f"Extra klus {number}", places_needed=2)
    with count_queries() as many:
        page = client.get(f"/buurtbericht?week={week}").data
    assert len(many) == len(few), (len(few), len(many))
    assert len(gzip.compress(page)) < 15_000


def test_a_full_week_still_fits_on_one_page(client, neighbourhood_week, week, make_event, make_shout, make_task):
    """With more than fits (long titles too), the normal and the large-print PDF stay one A4 page."""
    garden = neighbourhood_week["garden"]
    for number in range(12):
        make_event(garden, f"Een heel lange titel voor een buurtactiviteit nummer {number} in het park", days=9)
        make_shout("Heel erg bedankt voor alles wat je deze week voor de buurt hebt gedaan, echt geweldig! " * 2,
                   thanked_name=f"Buur {number}")
        make_task(garden, f"Een klus met een lange naam die over twee regels gaat, nummer {number}", places_needed=3)
    for query in ("", "&large=1", "&lang=en"):
        pages, text = pdf_text(client.get(f"/buurtbericht.pdf?week={week}{query}").data)
        assert pages == 1 and "Buurtbericht" in text, query


def test_a_sheet_in_the_other_language_has_its_dates_in_that_language(client, neighbourhood_week, week):
    """An English reader who asks for the Dutch sheet gets Dutch day and month names, and the reverse."""
    import re

    client.get("/language/en")
    dutch = client.get(f"/buurtbericht?week={week}&lang=nl").get_data(as_text=True)
    assert not re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|January|February|March|April|June|July|August|"
                         r"September|October|November|December)\b", dutch)
    client.get("/language/nl")
    english = client.get(f"/buurtbericht?week={week}&lang=en").get_data(as_text=True)
    assert not re.search(r"\b(ma|di|wo|do|vr|za|zo|januari|februari|maart|mei|juni|juli|augustus|oktober)\b",
                         english)
