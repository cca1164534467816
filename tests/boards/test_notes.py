"""Meeting notes to tasks: people, hours and dates read from each line, Dutch and English, and a preview."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.boards.models import Task
from portal.boards.notes import parse_day, read_line
from portal.core.time import today
from portal.extensions import db

SATURDAY = date(2026, 11, 28)


@pytest.mark.parametrize("line, title, places, hours, due", [
    ("Kramen opzetten, 4 mensen, 2 uur, za 5 dec", "Kramen opzetten", 4, Decimal("2"), date(2026, 12, 5)),
    ("Set up stalls, 2 people, 1.5 hours, Sat 5 Dec", "Set up stalls", 2, Decimal("1.5"), date(2026, 12, 5)),
    ("Bel de woningcorporatie morgen", "Bel de woningcorporatie", None, None, date(2026, 11, 29)),
    ("Springkussen huren volgende week dinsdag", "Springkussen huren", None, None, date(2026, 12, 1)),
    ("Hire a bouncy castle next Tuesday, 1 person", "Hire a bouncy castle", 1, None, date(2026, 12, 1)),
    ("Flyers (3 personen, 30 min)", "Flyers", 3, Decimal("0.50"), None),
    ("Koffie zetten op 12-12, 1,5 uur", "Koffie zetten", None, Decimal("1.5"), date(2026, 12, 12)),
    ("Kerstboom halen, 3 januari", "Kerstboom halen", None, None, date(2027, 1, 3)),
    ("Do the dishes", "Do the dishes", None, None, None),
    ("Maak een rooster", "Maak een rooster", None, None, None),
])
def test_a_line_gives_people_hours_and_a_date(line, title, places, hours, due):
    """What a line says about people, hours and the date is read, and taken out of the title."""
    read = read_line(line, SATURDAY)
    assert (read.title, read.places, read.hours, read.due) == (title, places, hours, due)


@pytest.mark.parametrize("typed, day", [("3 december 2026", date(2026, 12, 3)), ("2026-12-03", date(2026, 12, 3)),
                                        ("3-12-2026", date(2026, 12, 3)), ("morgen", date(2026, 11, 29)),
                                        ("31 februari", None), ("hallo", None), ("3 dec en meer", None)])
def test_a_typed_date_is_read_as_people_write_it(typed, day):
    """A date field accepts "3 december 2026" as well as what a date picker sends."""
    assert parse_day(typed, SATURDAY) == day


def rows(*lines):
    data = {}
    for number, (keep, title, hours, places, due) in enumerate(lines):
        data |= {f"rows-{number}-title": title, f"rows-{number}-hours": hours, f"rows-{number}-places": places,
                 f"rows-{number}-due": due}
        if keep:
            data[f"rows-{number}-keep"] = "y"
    return data


def test_notes_show_a_preview_and_save_nothing_yet(app, client, login_as, make_initiative):
    """Pasted notes give a preview with what was read; nothing is stored until it is confirmed."""
    board = make_initiative()
    login_as("coordinator")
    page = client.post(f"/boards/{board.id}/meeting", data={
        "lines": "- Kramen opzetten, 4 mensen, 2 uur, morgen\n- Flyers maken"}).get_data(as_text=True)
    assert 'value="Kramen opzetten"' in page and 'name="rows-0-places" type="number" value="4"' in page
    assert 'name="rows-0-hours" type="text" value="2"' in page
    tomorrow = today().fromordinal(today().toordinal() + 1).isoformat()
    assert f'value="{tomorrow}"' in page and 'value="Flyers maken"' in page
    with app.app_context():
        assert db.session.scalar(select(Task.id)) is None


def test_the_corrected_preview_becomes_tasks(app, client, login_as, make_initiative):
    """Corrections are saved; an unticked line is left out."""
    board = make_initiative()
    login_as("coordinator")
    due = today().replace(year=today().year + 1).isoformat()
    response = client.post(f"/boards/{board.id}/meeting", data=rows(
        (True, "Kramen opzetten", "2,5", "4", due), (False, "", "", "", ""), (True, "Flyers", "0.5", "1", "")))
    assert response.status_code == 303
    with app.app_context():
        saved = db.session.execute(select(Task.title, Task.estimate_minutes, Task.places_needed, Task.due_date)
                                   .order_by(Task.id)).all()
    assert [tuple(row) for row in saved] == [("Kramen opzetten", 150, 4, date.fromisoformat(due)),
                                             ("Flyers", 30, 1, None)]


def test_a_wrong_row_gets_a_message_and_keeps_what_was_typed(app, client, login_as, make_initiative):
    """A bad number or a past date in the preview: a message at the field, everything typed kept, nothing saved."""
    board = make_initiative()
    login_as("coordinator")
    response = client.post(f"/boards/{board.id}/meeting", data=rows(
        (True, "Kramen opzetten", "veel", "4", ""), (True, "Flyers", "1", "1", "2020-01-01")))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Vul een getal in" in page and "voorbij" in page
    assert 'value="veel"' in page and 'value="Flyers"' in page
    with app.app_context():
        assert db.session.scalar(select(Task.id)) is None


def test_a_point_longer_than_a_title_shows_whole_with_a_message(app, client, login_as, make_initiative):
    """A 300-character action point is not cut to 160 without a word: the preview shows all of it, and its row
    says it is too long, so the coordinator shortens it themselves; nothing is stored."""
    board = make_initiative()
    login_as("coordinator")
    long_point = "Met de woningcorporatie praten over " + "de bankjes bij de speeltuin en " * 9 + "de lampen"
    page = client.post(f"/boards/{board.id}/meeting", data={"lines": f"- {long_point}\n- Flyers maken"}
                       ).get_data(as_text=True)
    assert f'value="{long_point}"' in page and "Gebruik hoogstens 160 tekens" in page
    assert page.count('aria-invalid="true"') == 1  # only the long row
    with app.app_context():
        assert db.session.scalar(select(Task.id)) is None
