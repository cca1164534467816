"""One language per page: no Dutch catalogue text on English pages, no translated English text on Dutch pages."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.test_whole_pages import build, get_rules

ROOT = Path(__file__).resolve().parents[2]
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


def catalogue() -> tuple[list[re.Pattern], list[re.Pattern]]:
    """Return patterns for the English and the Dutch texts of the catalogue, leaving out the ones both share."""
    with (ROOT / "portal/translations/nl/LC_MESSAGES/messages.po").open("rb") as source:
        pairs = []
        for message in read_po(source):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            pairs += [(english, dutch) for english in ids for dutch in strings if english and dutch]
    english, dutch = {e for e, _d in pairs}, {d for _e, d in pairs}
    both = english & dutch  # "Menu", "Kiosk": the same word in both languages

    def pattern(text: str) -> re.Pattern:
        parts = re.split(r"%\(\w+\)[sd]|%[sd]", " ".join(text.split()))
        return re.compile("^" + ".+?".join(re.escape(part) for part in parts) + "$", re.S)

    def telling(text: str) -> bool:  # "Plan %(name)s" would match any sentence that starts with "Plan"
        return len(re.sub(r"%\(\w+\)[sd]|%[sd]", "", text).strip()) >= 8 or "%" not in text

    return ([pattern(e) for e in english - both if telling(e)],
            [pattern(d) for d in dutch - both if telling(d)])


def text_of(value: str) -> str:
    return " ".join(value.split())


class Texts(HTMLParser):
    """Collect the texts a reader sees: text between tags and readable attributes."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        self.texts += [text_of(value) for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(text_of(data))


def page_texts(html: str) -> list[str]:
    parser = Texts()
    parser.feed(html)
    return parser.texts


def mixed(client, paths, foreign: list[re.Pattern]) -> list[tuple[str, str]]:
    found = []
    for path in paths:
        response = client.get(path)
        if response.status_code >= 300 or response.mimetype != "text/html":
            continue
        found += [(path, text) for text in page_texts(response.get_data(as_text=True))
                  if len(text) > 3 and any(p.match(text) for p in foreign)]
    return found


@pytest.fixture
def pages(app, make_room, make_booking, make_task, make_shout, make_user):
    """Return every GET page with something on it (user content in neither language: names and numbers)."""
    from tests.conftest import future_local
    room = make_room(name="Zaal 1", venue_name="Huis 2")
    make_booking(room, future_local(hour=10), future_local(hour=11), title="Anouk 40")
    make_task(title="Kees 12")
    make_shout(text="Fatima 7!", thanked_name="Fatima")
    return [build(rule) for rule in get_rules(app)]


@pytest.mark.parametrize("role", [None, "admin"])
def test_no_page_mixes_languages(client, login_as, pages, role):
    """English pages carry no Dutch text of the catalogue; Dutch pages no English text that has a translation."""
    english, dutch = catalogue()
    if role:
        login_as(role)
    assert mixed(client, pages, english) == []
    client.get("/")  # a message left by the last Dutch redirect is shown here, in Dutch, where it belongs
    client.get("/language/en")
    if role:
        login_as(role, language="en")
    assert mixed(client, pages, dutch) == []


def test_neighbourhood_description_is_a_setting_per_language(app, client):
    """The home page describes the neighbourhood in the reader's language, each a setting of its own."""
    assert app.config["NEIGHBOURHOOD_DESCRIPTION"] in client.get("/").get_data(as_text=True)
    client.get("/language/en")
    english = client.get("/").get_data(as_text=True)
    assert app.config["NEIGHBOURHOOD_DESCRIPTION_EN"] in english
    assert app.config["NEIGHBOURHOOD_DESCRIPTION"] not in english


def test_english_times_are_24_hours_and_dates_day_month(app):
    """English dates and times read "3 Dec 2026, 17:00", never "Dec 3, 2026, 5:00 PM"."""
    from datetime import UTC, datetime

    from flask import g

    from portal.i18n import format_date, format_datetime, format_time
    moment = datetime(2026, 12, 3, 16, 0, tzinfo=UTC)
    with app.test_request_context():
        g._locale_and_zone = None
        from flask_babel import force_locale
        with force_locale("en"):
            g.pop("_locale_and_zone")
            assert format_time(moment) == "17:00"
            assert format_date(moment) == "3 Dec 2026"
            assert "PM" not in format_datetime(moment, "short") and "17:00" in format_datetime(moment, "short")


def test_optional_fields_say_niet_verplicht_everywhere():
    """Every "(optional)" field says "(niet verplicht)" in Dutch: never "(mag)", "(mag leeg)", "(mag leeg blijven)"."""
    with (ROOT / "portal/translations/nl/LC_MESSAGES/messages.po").open("rb") as file:
        catalog = read_po(file)
    wrong = [(message.id, message.string) for message in catalog if isinstance(message.id, str)
             and message.id.endswith("(optional)") and not message.string.endswith("(niet verplicht)")]
    assert wrong == []


def test_template_gettext_keeps_jinjas_new_style_rules(app):
    """`_()` in templates, called directly for speed, still escapes its variables (not the catalogue's text),
    formats even without variables ("%%" is "%"), and serves {% trans %} blocks and the reader's language."""
    from flask import render_template_string

    source = ("{{ _('Welcome to %(name)s', name='<b>Bijlmer</b>') }}|{{ _('100%% sure') }}|"
              "{% trans count=2 %}{{ count }} open{% endtrans %}|{{ _('Log out') }}")
    with app.test_request_context("/"):
        app.preprocess_request()
        assert render_template_string(source) == "Welkom in &lt;b&gt;Bijlmer&lt;/b&gt;|100% sure|2 open|Uitloggen"
    with app.test_request_context("/", headers={"Cookie": ""}):
        from flask import session
        session["lang"] = "en"
        app.preprocess_request()
        assert render_template_string(source).endswith("|Log out")


def test_each_day_is_written_once_a_request_format_and_language(app, monkeypatch):
    """format_date asks Babel once per day, format and language in a request; a moment is its Amsterdam day."""
    from datetime import UTC, date, datetime

    from babel import dates

    from portal.i18n import format_date, in_language

    asked = []
    babel_format_date = dates.format_date
    monkeypatch.setattr(dates, "format_date", lambda *args, **kwargs: asked.append(args) or babel_format_date(
        *args, **kwargs))
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        late = datetime(2027, 6, 30, 23, 30, tzinfo=UTC)  # 1 July in Amsterdam
        first = [format_date(late, "EEE d MMM"), format_date(date(2027, 7, 1), "EEE d MMM"),
                 format_date(late, "d MMMM y")]
        with in_language("en"):
            english = format_date(late, "EEE d MMM")
        again = format_date(late, "EEE d MMM")
    assert (first, english, again) == (["do 1 jul", "do 1 jul", "1 juli 2027"], "Thu 1 Jul", "do 1 jul")
    assert len(asked) == 3


@pytest.mark.parametrize(("asked", "landed"), [
    ("/agenda/2/rsvp", "/agenda/2"),  # a refused form is shown at its POST address
    ("/budget/applications/5/spendings", "/budget/applications/5"),
    ("/ideeen?status=planned", "/ideeen?status=planned"),
    ("/bestaat/niet", "/bestaat/niet"),  # no page at all: as asked, and a 404 there says so
    ("/", "/"),
])
def test_switching_the_language_on_a_refused_forms_page_leads_to_its_page(client, asked, landed):
    """The language link on a page that a refused form showed (its address only takes a POST) leads to the page
    the form belongs to, never to a 405; other addresses are kept as asked, with their query."""
    response = client.get("/language/en", query_string={"next": asked})
    assert response.status_code == 303 and response.headers["Location"] == landed
