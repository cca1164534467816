"""Reading ids, dates, cursors and text from hostile requests: one parser per kind of value."""

from datetime import date

import pytest

from portal.params import MAX_ID, clean_line, clean_text, date_window, parse_cursor, parse_date, parse_id


@pytest.mark.parametrize("value, expected", [
    ("7", 7), (" 42 ", 42), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), (str(2**63), None), ("0", None),
    ("-1", None), ("1e3", None), ("٣", None), ("", None), (None, None), ("1" * 400, None)])
def test_parse_id_accepts_only_ids_the_database_holds(value, expected):
    """An id is a whole number from 1 to 2^31-1; anything else reads as None."""
    assert parse_id(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("2026-12-03", date(2026, 12, 3)), ("2026-02-30", None), ("9999-99-99", None), ("", None), (None, None)])
def test_parse_date_reads_iso_dates(value, expected):
    """Only real ISO dates parse."""
    assert parse_date(value) == expected


def test_parse_date_keeps_to_a_window():
    """A date outside the window reads as None, so date arithmetic on it cannot overflow."""
    earliest, latest = date_window(date(2026, 6, 1))
    assert parse_date("0001-01-01", earliest, latest) is None
    assert parse_date("9999-12-31", earliest, latest) is None
    assert parse_date("2027-06-01", earliest, latest) == date(2027, 6, 1)


@pytest.mark.parametrize("value, expected", [
    ("2026-12-03_42", (date(2026, 12, 3), 42)), ("none_7", (None, 7)), ("9999-99-99_1", None),
    ("2026-02-30_5", None), (f"2026-12-03_{2**31}", None), ("none_0", None), ("none", None), (None, None)])
def test_parse_cursor(value, expected):
    """A keyset cursor is "<date or none>_<id>"; anything else reads as None."""
    assert parse_cursor(value) == expected


def test_control_characters_are_removed():
    """One-line text loses every control character; multi-line text keeps tabs and line ends."""
    assert clean_line("a\x00b\r\nc\td\x7f") == "abcd"
    assert clean_text("a\x00b\r\nc\td\x1b") == "ab\r\nc\td"
