"""One-voice pages: responding and changing your mind (plain and htmx), closing, the coordinators' tools, names,
the print sheet, the kiosk desk, hostile input and a fixed number of queries."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal import pagecache
from portal.extensions import db
from portal.voice.models import FollowUp, Position, Response
from tests.conftest import HX


def count_rows(app, model=Response) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def stances(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Response.stance).order_by(Response.id)))


def test_list_home_and_menu_lead_to_the_questions(client, make_position, make_response):
    """The menu and the home page link to one voice; the list shows open questions with their counts."""
    position = make_position()
    make_response(position, "support")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/buurtstem"' in home and position.title in home
    page = client.get("/buurtstem").get_data(as_text=True)
    assert position.title in page and "1 voor" in page and "Geef je mening" in page
    assert position.title in client.get("/voice").get_data(as_text=True)  # the English address
    assert position.title in client.get(f"/voice/{position.id}").get_data(as_text=True)


def test_an_initiatives_page_shows_its_questions(client, make_initiative, make_position):
    """A question asked on behalf of an initiative shows on the initiative's own page."""
    initiative = make_initiative("Groen in de buurt")
    position = make_position(title="Meer bomen op het plein?", initiative=initiative)
    page = client.get(f"/initiatieven/{initiative.id}").get_data(as_text=True)
    assert 'id="initiative-voice"' in page and position.title in page


def test_readable_data_page_lists_my_answers(client, login_as, make_position, app):
    """"Download my data" as a page shows each answer in words: the question, "Voor" and the own words."""
    position = make_position()
    login_as()
    client.post(f"/buurtstem/{position.id}/respond", data={"stance": "support", "argument": "Meer groen"})
    page = client.get("/account/data").get_data(as_text=True)
    assert "Mijn antwoorden op vragen aan de buurt" in page and position.title in page
    assert "<dd>Voor</dd>" in page and "Meer groen" in page and "<dd>support</dd>" not in page


def test_respond_and_change_your_mind_without_javascript(client, login_as, make_position, app):
    """A resident answers with a plain form, is sent back to the page, and changes their mind: still one row."""
    position = make_position()
    login_as()
    answer = client.post(f"/buurtstem/{position.id}/respond", data={"stance": "support", "argument": "Meer bomen!"})
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/buurtstem/{position.id}#respond-"
                                                                             f"{position.id}")
    page = client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    assert "Bedankt! Je antwoord telt." in page and "Meer bomen!" in page and "Verander mijn antwoord" in page
    client.post(f"/buurtstem/{position.id}/respond", data={"stance": "oppose", "argument": ""})
    page = client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    assert "Je antwoord is veranderd." in page and "Meer bomen!" not in page
    assert stances(app) == ["oppose"]


def test_respond_with_htmx_swaps_the_card_and_the_counts(client, login_as, make_position, make_response):
    """With htmx the answer card comes back with the counts and arguments out of band, and Vary: HX-Request."""
    position = make_position()
    make_response(position, "oppose")
    login_as()
    response = client.post(f"/buurtstem/{position.id}/respond", data={"stance": "support", "argument": "Ja"},
                           headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and "HX-Request" in response.headers["Vary"]
    assert f'id="respond-{position.id}"' in html and 'id="voice-counts" hx-swap-oob="true"' in html
    assert "2 antwoorden" in html and 'id="voice-arguments" hx-swap-oob="true"' in html


def test_a_bad_answer_says_so_at_the_form_and_keeps_the_words(client, login_as, make_position, app):
    """No stance chosen: 422, a message at the field, the typed words kept, nothing stored."""
    position = make_position()
    login_as()
    response = client.post(f"/buurtstem/{position.id}/respond", data={"stance": "maybe", "argument": "Mijn tekst"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Kies een van de drie antwoorden." in html and "Mijn tekst" in html
    assert count_rows(app) == 0
    too_long = client.post(f"/buurtstem/{position.id}/respond", data={"stance": "support", "argument": "x" * 501})
    assert too_long.status_code == 422 and count_rows(app) == 0


def test_after_closing_nobody_can_respond_and_the_page_says_so(client, login_as, make_position, app):
    """A closed position shows "closed" and no form; a POST anyway is refused with a clear message."""
    position = make_position(days=-2)
    login_as()
    page = client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    assert "Gesloten op" in page and "Verstuur mijn antwoord" not in page
    assert "Nog niets. Coördinatoren schrijven hier" in page and "Als de vraag sluit" not in page  # it has closed
    assert "Als de vraag sluit" in client.get(f"/buurtstem/{make_position().id}").get_data(as_text=True)
    response = client.post(f"/buurtstem/{position.id}/respond", data={"stance": "support"})
    assert response.status_code == 422 and "Deze vraag is gesloten" in response.get_data(as_text=True)
    htmx = client.post(f"/buurtstem/{position.id}/respond", data={"stance": "support"}, headers=HX)
    assert "Deze vraag is gesloten" in htmx.get_data(as_text=True)
    assert count_rows(app) == 0


def test_two_tabs_posting_at_once_make_one_row(app, make_user, make_position, auth):
    """Six requests of one person posted at the same moment (several tabs) leave one row and a count of one."""
    position = make_position()
    person = make_user()
    clients = []
    for _ in range(6):
        client = app.test_client()
        assert client.post("/login", data={"email": person.email, "password": "correct horse battery"}) \
            .status_code == 303
        clients.append((client, client.csrf_token()))
    barrier, statuses = threading.Barrier(len(clients)), []

    def post(pair):
        client, token = pair
        barrier.wait()
        statuses.append(client.post(f"/buurtstem/{position.id}/respond", csrf=False,
                                    data={"stance": "support", "argument": "Ja", "csrf_token": token}).status_code)

    threads = [threading.Thread(target=post, args=(pair,)) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303] * 6
    assert count_rows(app) == 1
    with app.app_context():
        from portal.voice.services import counts_for

        assert counts_for([position.id])[position.id] == {"support": 1, "oppose": 0, "neutral": 0}


@pytest.mark.parametrize("path", ["/buurtstem/new", "/buurtstem/{id}/edit", "/buurtstem/moderation"])
def test_coordinator_pages_are_closed_to_others(client, login_as, make_position, path):
    """Anonymous visitors go to the log-in page, residents get 403, coordinators get the page."""
    path = path.format(id=make_position().id)
    assert client.get(path).status_code == 303
    assert client.get(path, headers=HX).headers.get("HX-Redirect", "").startswith("/login")
    login_as("resident")
    assert client.get(path).status_code == 403
    client.post("/logout")
    login_as("coordinator")
    assert client.get(path).status_code == 200


def test_resident_sees_no_coordinator_buttons(client, login_as, make_position, make_response):
    """Only coordinators see change, close, hide and the follow-up form; residents see "report"."""
    position = make_position()
    make_response(position, argument="Mooi plan")
    login_as()
    page = client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    assert "Verander de vraag" not in page and "Nu sluiten" not in page and "Verberg deze woorden" not in page
    assert "Schrijf een stap" not in page and "Meld aan een coördinator" in page
    assert client.post(f"/buurtstem/{position.id}/close").status_code == 403


def test_coordinator_opens_edits_and_closes_a_position(client, login_as, app):
    """A coordinator opens a question, changes its closing day, closes it early; then nobody can respond."""
    login_as("coordinator")
    from portal.core.time import today

    day = (today() + timedelta(days=10)).isoformat()
    created = client.post("/buurtstem/new", data={"title": "Bankjes op het plein?", "text": "Uitleg\nregel 2",
                                                  "background_url": "https://example.org/plan", "last_day": day,
                                                  "initiative": "0"})
    assert created.status_code == 303
    position_id = int(created.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/buurtstem/{position_id}").get_data(as_text=True)
    assert "Bankjes op het plein?" in page and 'href="https://example.org/plan"' in page and "Open tot en met" in page
    later = (today() + timedelta(days=20)).isoformat()
    assert client.post(f"/buurtstem/{position_id}/edit", data={"title": "Bankjes?", "text": "Uitleg",
                                                               "last_day": later, "initiative": "0"}).status_code == 303
    assert client.post(f"/buurtstem/{position_id}/close").status_code == 303
    with app.app_context():
        assert not db.session.get(Position, position_id).is_open()
    assert "Gesloten op" in client.get(f"/buurtstem/{position_id}").get_data(as_text=True)


def test_closing_a_position_asks_first_as_a_page_and_as_a_fragment(client, login_as, app, make_position):
    """"Close now" is a link to "Are you sure?" (a page without JavaScript, the same part under the button with
    htmx); only "Yes, close the question now" closes it, and a closed question is not asked about again."""
    position = make_position()
    login_as("coordinator")
    shown = client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    close = f"/buurtstem/{position.id}/close"
    assert f'href="{close}" hx-get="{close}" hx-target="#close-position"' in shown and 'id="close-position"' in shown
    page = client.get(close)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in html and "<h1>De vraag sluiten?</h1>" in html
    assert "Weet je het zeker?" in html and "Ja, sluit de vraag nu" in html and "Nee, ga terug" in html
    with app.app_context():
        assert db.session.get(Position, position.id).is_open()  # asking closes nothing
    fragment = client.get(close, headers=HX)
    part = fragment.get_data(as_text=True)
    assert "<html" not in part and part.lstrip().startswith('<div class="card" id="close-position">')
    assert "Weet je het zeker?" in part and f'action="{close}"' in part and "HX-Request" in fragment.headers["Vary"]
    assert client.post(close).status_code == 303
    with app.app_context():
        assert not db.session.get(Position, position.id).is_open()
    again = client.get(close)
    assert again.status_code == 303 and again.headers["Location"].endswith(f"/buurtstem/{position.id}")
    assert "Nu sluiten" not in client.get(f"/buurtstem/{position.id}").get_data(as_text=True)


def test_only_coordinators_are_asked_to_close(client, login_as, make_position):
    """The question "close it?" is for coordinators: a visitor goes to log in, a resident gets 403."""
    close = f"/buurtstem/{make_position().id}/close"
    assert "/login" in client.get(close).headers["Location"]
    login_as()
    assert client.get(close).status_code == 403


@pytest.mark.parametrize(("field", "value", "message"), [
    ("last_day", "2026-02-30", "Kies een dag van vandaag tot een jaar vooruit."),
    ("last_day", "1999-01-01", "Deze datum is al voorbij. Kies vandaag of een latere datum."),
    ("last_day", "99999-01-01", "Kies een dag van vandaag tot een jaar vooruit."),
    ("background_url", "javascript:alert(1)", "Schrijf een webadres dat begint met https://"),
    ("initiative", "2147483647", "Kies een initiatief uit de lijst."),
    ("title", "", "Vul dit in."),
])
def test_a_bad_position_form_says_what_is_wrong_and_keeps_the_text(client, login_as, app, field, value, message):
    """Bad dates, a script link, an unknown initiative or no title: a message at the field, nothing stored."""
    login_as("coordinator")
    from portal.core.time import today

    data = {"title": "Een vraag", "text": "Mijn uitleg die blijft staan", "last_day":
            (today() + timedelta(days=3)).isoformat(), "initiative": "0", field: value}
    response = client.post("/buurtstem/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html and "Mijn uitleg die blijft staan" in html
    assert count_rows(app, Position) == 0


def test_follow_up_log_is_written_by_coordinators_and_shown_to_all(client, login_as, make_position, app):
    """A coordinator writes who carried the result where and what came back; everyone reads it."""
    position = make_position(days=-5)
    login_as("coordinator")
    response = client.post(f"/buurtstem/{position.id}/follow-up", data={
        "happened_on": (position.closes_at.date() + timedelta(days=3)).isoformat(),
        "carried_by": "De bewonerscommissie", "carried_to": "de stadsdeelcommissie",
        "what": "Aangeboden met de telling.", "answer": "Het stadsdeel doet een proef."})
    assert response.status_code == 303
    client.post("/logout")
    page = client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    assert "De bewonerscommissie bracht het naar de stadsdeelcommissie." in page
    assert "Het stadsdeel doet een proef." in page
    bad = login_as("coordinator") and client.post(f"/buurtstem/{position.id}/follow-up", data={
        "happened_on": "morgen\r\n", "carried_by": "x", "carried_to": "y"})
    assert bad.status_code == 422 and count_rows(app, FollowUp) == 1


def test_names_follow_each_persons_choice(client, login_as, make_position, make_response, make_user, app):
    """Arguments carry the account's name (or "een buurtbewoner" in public when opted out), walk-ins only if
    they agreed."""
    from portal.accounts.models import User
    from portal.voice import services

    position = make_position()
    make_response(position, argument="Goed plan", user=make_user(name="Sanne Bakker"))
    make_response(position, argument="Liever niet", user=make_user(name="Joyce Pinas", show_name_in_public=False))
    librarian = make_user(role="librarian")
    with app.app_context():
        me = db.session.get(User, librarian.id)
        services.record_walkin(position.id, "Ramesh", "0612345678", "support", "Bomen!", True, me)
        services.record_walkin(position.id, "Mevrouw Hooghart", "112", "oppose", "De bus", False, me)
    public = client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    assert "Sanne Bakker" in public and "Joyce Pinas" not in public and "Ramesh" in public
    assert "Hooghart" not in public and public.count("een buurtbewoner") == 2
    printed = client.get(f"/buurtstem/{position.id}/print").get_data(as_text=True)
    assert "Joyce Pinas" not in printed and "Hooghart" not in printed and "Sanne Bakker" in printed
    login_as()
    logged_in = client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    assert "Joyce Pinas" in logged_in and "Hooghart" not in logged_in
    assert "0612345678" not in public + printed + logged_in  # the detail that tells walk-ins apart is never shown


@pytest.mark.parametrize(("day", "message"), [
    (timedelta(days=400 * 5), "Deze datum ligt in de toekomst. Kies vandaag of een eerdere datum."),
    (timedelta(days=1), "Deze datum ligt in de toekomst."),
    (timedelta(days=-4 * 366), "Deze datum is te lang geleden. Kies een datum vanaf"),
])
def test_a_follow_up_step_cannot_lie_in_the_future(client, login_as, make_position, app, day, message):
    """A step "Wat we ermee deden" has happened: a day ahead is told it lies in the future, a day too far back that it
    is too long ago; nothing is written."""
    from portal.core.time import today

    position = make_position(days=-5)
    login_as("coordinator")
    response = client.post(f"/buurtstem/{position.id}/follow-up", data={
        "happened_on": (today() + day).isoformat(), "carried_by": "Wij", "carried_to": "het stadsdeel"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page and "drie jaar terug" not in page
    assert count_rows(app, FollowUp) == 0


def test_print_sheet_has_counts_words_follow_up_and_a_qr_code(client, make_position, make_response, app):
    """The A4 sheet shows the counts, the arguments, the follow-up and a QR code to the page on PUBLIC_URL."""
    position = make_position(days=-3)
    make_response(position, "support", "Speeltuin open!")
    with app.app_context():
        db.session.add(FollowUp(position_id=position.id, happened_on=position.closes_at.date(), carried_by="Wij",
                                carried_to="het stadsdeel", answer="Proef in de zomer."))
        db.session.commit()
    html = client.get(f"/buurtstem/{position.id}/print").get_data(as_text=True)
    assert "<dt>Voor</dt><dd><strong>1</strong>" in html and "Speeltuin open!" in html and "Proef in de zomer." in html
    assert f"/qr.svg?path=/buurtstem/{position.id}" in html
    assert app.config["PUBLIC_URL"].rstrip("/") + f"/buurtstem/{position.id}" in html


def test_report_hide_and_show_again(client, login_as, make_position, make_response, app):
    """A resident reports words; the coordinator sees it waiting, hides them (the answer still counts), shows them."""
    position = make_position()
    response = make_response(position, "oppose", "Gemene woorden")
    login_as()
    assert client.post(f"/buurtstem/arguments/{response.id}/report").status_code == 303
    client.post("/logout")
    login_as("coordinator")
    assert "1 gemeld argument wacht" in client.get("/").get_data(as_text=True)
    assert "Gemene woorden" in client.get("/buurtstem/moderation").get_data(as_text=True)
    client.post(f"/buurtstem/arguments/{response.id}/hide", data={"hidden": "1", "next": "https://evil.example/"})
    client.post("/logout")
    page = client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    assert "Gemene woorden" not in page and "1 tegen" in client.get("/buurtstem").get_data(as_text=True)
    login_as("coordinator")
    assert "Verborgen door een coördinator" in client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    client.post(f"/buurtstem/arguments/{response.id}/hide", data={"hidden": "0"})
    client.post("/logout")
    pagecache.clear()
    assert "Gemene woorden" in client.get(f"/buurtstem/{position.id}").get_data(as_text=True)


def test_arguments_page_with_a_cursor(client, make_position, make_response):
    """Arguments come 20 at a time; the next page continues after the last one shown; htmx gets the list only."""
    position = make_position()
    for number in range(25):
        make_response(position, argument=f"argument {number:02d}")
    page = client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    assert "argument 24" in page and "argument 05" in page and "argument 04" not in page
    cursor = re.search(r"before=(\d+)", page).group(1)
    second = client.get(f"/buurtstem/{position.id}?before={cursor}", headers=HX).get_data(as_text=True)
    assert "<html" not in second and "argument 04" in second and "argument 05" not in second


def test_kiosk_librarian_writes_down_a_walkin_once(client, login_as, make_position, app):
    """At the desk a librarian records a walk-in; the same name and house number again changes it, never adds."""
    position = make_position()
    from tests.kiosk.test_views import make_kiosk

    make_kiosk(client, login_as)
    assert "Buurtstem: schrijf" not in client.get("/kiosk").get_data(as_text=True)  # nobody logged in yet
    login_as("librarian")
    start = client.get("/kiosk").get_data(as_text=True)
    assert 'class="kiosk"' in start and 'href="/kiosk/voice"' in start
    listing = client.get("/kiosk/voice").get_data(as_text=True)
    assert position.title in listing
    data = {"walkin_name": "Mevrouw Hooghart", "walkin_detail": "112", "stance": "oppose", "argument": "De bus"}
    first = client.post(f"/kiosk/voice/{position.id}", data=data)
    assert first.status_code == 303
    desk = client.get(f"/kiosk/voice/{position.id}").get_data(as_text=True)
    assert "Opgeschreven: het antwoord van Mevrouw Hooghart telt." in desk
    client.post(f"/kiosk/voice/{position.id}", data={**data, "walkin_name": "mevrouw  HOOGHART", "stance": "neutral"})
    assert "niet dubbel geteld" in client.get(f"/kiosk/voice/{position.id}").get_data(as_text=True)
    assert stances(app) == ["neutral"]
    bad = client.post(f"/kiosk/voice/{position.id}", data={**data, "walkin_detail": "<script>"})
    assert bad.status_code == 422 and "huisnummer" in bad.get_data(as_text=True)


def test_kiosk_desk_is_for_librarians_and_refuses_closed_questions(client, login_as, make_position, app):
    """Residents get 403 at the desk page; a closed question cannot take a walk-in's answer."""
    position = make_position(days=-1)
    login_as()
    assert client.get(f"/kiosk/voice/{position.id}").status_code == 403
    client.post("/logout")
    login_as("librarian")
    response = client.post(f"/kiosk/voice/{position.id}", data={"walkin_name": "Anna", "walkin_detail": "3",
                                                                "stance": "support"})
    assert response.status_code == 409 and "Deze vraag is gesloten" in response.get_data(as_text=True)
    assert count_rows(app) == 0


@pytest.mark.parametrize("path", [
    "/buurtstem/2147483648", "/buurtstem/99999999999999999999", "/buurtstem/-1", "/buurtstem/0",
    "/buurtstem/2147483647/print", "/buurtstem?before=99999999999999999999", "/buurtstem?before=%00",
    "/buurtstem/{id}?before=-5", "/buurtstem/{id}?before=%0d%0a", "/kiosk/voice/2147483648",
    "/buurtstem/arguments/2147483648/report",
])
def test_hostile_addresses_never_give_a_500(client, login_as, make_position, path):
    """Huge, negative or odd ids and cursors give 404 or the page, never an error."""
    login_as("librarian")
    path = path.format(id=make_position().id)
    response = client.post(path) if path.endswith("/report") else client.get(path)
    assert response.status_code in (200, 404, 405)


def test_nul_and_line_breaks_in_answers_are_cleaned(client, login_as, make_position, app):
    """A NUL byte or CR/LF in the words never reaches the database as a control character (PostgreSQL too)."""
    position = make_position()
    login_as()
    response = client.post(f"/buurtstem/{position.id}/respond", data={"stance": "support",
                                                                      "argument": "Ja\x00 graag\r\nNu"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Response.argument)) == "Ja graag\r\nNu"


def test_pages_run_a_fixed_number_of_queries(client, login_as, make_position, make_user, app, count_queries):
    """The list, a position, its print and the home page run as many queries at 1,000 responses as at 10."""
    from portal.voice.models import Response as Row

    position = make_position()
    people = [make_user() for _ in range(3)]

    def add_walkins(start: int, end: int) -> None:
        with app.app_context():
            db.session.add_all(Row(position_id=position.id, kind="walkin", stance=("support", "oppose")[n % 2],
                                   argument=f"woorden {n}", walkin_key=f"k{n}") for n in range(start, end))
            db.session.commit()

    def measure() -> dict[str, int]:
        found = {}
        for path in ("/buurtstem", f"/buurtstem/{position.id}", f"/buurtstem/{position.id}/print", "/"):
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            found[path] = len(statements)
        return found

    with app.app_context():
        db.session.add_all(Row(position_id=position.id, kind="account", user_id=person.id, stance="neutral",
                               argument="ja") for person in people)
        db.session.commit()
    add_walkins(0, 7)
    login_as()
    at_ten = measure()
    add_walkins(7, 997)
    at_thousand = measure()
    assert count_rows(app) == 1000
    assert at_ten == at_thousand
    assert {path: at_ten[path] for path in ("/buurtstem", f"/buurtstem/{position.id}",
                                            f"/buurtstem/{position.id}/print")} == {
        "/buurtstem": 5, f"/buurtstem/{position.id}": 6, f"/buurtstem/{position.id}/print": 5}


def test_pages_stay_small_with_a_full_page_of_arguments(client, login_as, make_position, make_response):
    """A position with 20 long arguments, the list and the print sheet each stay under 15 KB gzipped."""
    from tests.quality import gzipped_size

    position = make_position()
    for number in range(25):
        make_response(position, ("support", "oppose", "neutral")[number % 3],
                      f"Argument {number}: " + "meer groen en een veilige oversteek voor de kinderen " * 9)
    login_as("coordinator")
    for path in ("/buurtstem", f"/buurtstem/{position.id}", f"/buurtstem/{position.id}/print"):
        html = client.get(path).get_data()
        assert gzipped_size(html) <= 15 * 1024, (path, gzipped_size(html))


def test_a_too_long_answer_opens_at_the_answer_with_the_field_focused(client, login_as, make_position):
    """An answer over 500 characters without JavaScript: the page opens at the answer card, its field marked,
    described and focused, the words kept."""
    position = make_position()
    login_as()
    page = client.get(f"/buurtstem/{position.id}").get_data(as_text=True)
    assert f'action="/buurtstem/{position.id}/respond#respond-{position.id}"' in page
    response = client.post(f"/buurtstem/{position.id}/respond", data={"stance": "support", "argument": "y" * 501})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<title>Fout: " in html
    field = re.search(r'<textarea\b[^>]*\bid="argument"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and "autofocus" in field and "argument-error" in field
    assert re.search(r'id="argument"[^>]*>\s*y{501}</textarea>', html)


def test_a_refused_question_comes_back_with_the_error_summary(client, login_as):
    """A coordinator's empty question: "Fout:" in the title and a focused summary that links to the title field."""
    login_as("coordinator")
    response = client.post("/buurtstem/new", data={"title": "", "text": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<title>Fout: " in html
    summary = re.search(r'<div class="error-summary"[^>]*>', html).group(0)
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    assert 'href="#title">' in html and "Er ging iets mis" in html
