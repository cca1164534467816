"""The network page, "what can I do?", the printed map and the coordinators' overview."""

from __future__ import annotations

import gzip
from datetime import timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import insert

from portal.core.time import today
from portal.db import utcnow
from portal.extensions import db
from tests.conftest import HX
from tests.quality import steady_queries_for

SECRET = "Geheime Huurdersgroep"


def page_of(app, initiative_id: int) -> str:
    """Return the path of an initiative's own page, as the network links to it."""
    from portal.initiatives.network import initiative_url

    with app.test_request_context():
        return initiative_url(initiative_id)

SECRET_TASK = "Brief aan de verhuurder"


@pytest.fixture
def network(make_group, make_user, make_task, make_shout):
    """A public green initiative with a task and a thank-you, a public food one that meets on Tuesdays, and a
    members-only one with a member, a good first task and a thank-you."""
    member = make_user(name="Mira Member")
    green = make_group("Groen in de buurt", purpose="Geveltuinen en de moestuin.", theme="green",
                       members=[make_user()])
    food = make_group("Taalcafé", purpose="Nederlands oefenen met koffie.", theme="food",
                      meets_when="Elke dinsdag 10:00", meets_where="Buurthuis", how_to_join="visit")
    secret = make_group(SECRET, purpose="Samen tegen de huurverhoging.", theme="green", visibility="members",
                        members=[member], meets_when="Elke maandag 20:00")
    make_task(green, title="Boomspiegels schoffelen", estimate_minutes=60, due_date=today() + timedelta(days=3))
    make_task(secret, title=SECRET_TASK, estimate_minutes=30, good_first=True, due_date=today() + timedelta(days=1))
    make_shout("Dank voor de bloembakken", initiative=green)
    make_shout("Dank voor het stille overleg", initiative=secret)
    return {"green": green, "food": food, "secret": secret, "member": member}


def test_the_network_shows_every_public_initiative_as_a_card(client, network):
    """A visitor sees each public initiative with its purpose, theme, status, members, open tasks and thanks."""
    page = client.get("/netwerk").get_data(as_text=True)
    assert "Groen in de buurt" in page and "Geveltuinen en de moestuin." in page
    assert "Taalcafé" in page and "Eten & koken" in page and "Actief" in page
    assert "1 lid" in page and "1 klus heeft mensen nodig" in page
    assert "Dank voor de bloembakken" in page
    assert SECRET not in page and "huurverhoging" not in page and "stille overleg" not in page


def test_no_tasks_needing_people_is_a_sentence_not_a_link(client, network):
    """An initiative without tasks that need people says so in plain words, not as a link to its board."""
    page = client.get("/netwerk").get_data(as_text=True)
    assert "<li>Er zijn nu geen klussen die mensen nodig hebben.</li>" in page
    assert ">Er zijn nu geen klussen die mensen nodig hebben.</a>" not in page
    assert ">1 klus heeft mensen nodig</a>" in page


def test_the_english_address_shows_the_same_page(client, network):
    """/network is the English alias of /netwerk."""
    assert "Groen in de buurt" in client.get("/network").get_data(as_text=True)
    assert "Boomspiegels schoffelen" in client.get("/network/what-can-i-do").get_data(as_text=True)
    assert client.get("/network/print").status_code == 200


@pytest.mark.parametrize("who", ["visitor", "resident"])
def test_a_members_only_initiative_is_invisible_on_every_network_page(client, login_as, network, who):
    """Outsiders never see a members-only initiative: not on the page, its fragment, print, first steps, counts."""
    if who == "resident":
        login_as()
    for path in ("/netwerk", "/netwerk?theme=green", "/netwerk/print", "/netwerk/print?theme=green",
                 "/netwerk/wat-kan-ik-doen", "/netwerk/wat-kan-ik-doen?time=30", "/"):
        for headers in ({}, HX):
            page = client.get(path, headers=headers).get_data(as_text=True)
            assert SECRET not in page and SECRET_TASK not in page and "Elke maandag" not in page, (path, headers)
    cards = client.get("/netwerk?theme=green").get_data(as_text=True)
    assert cards.count('class="card network-card"') == 1


def test_a_member_sees_their_members_only_initiative(client, auth, network):
    """The members-only initiative shows to its member on the network page and in first steps (not on the printed
    sheet: that goes on a notice board for anyone to read)."""
    auth.login(network["member"])
    assert SECRET in client.get("/netwerk").get_data(as_text=True)
    assert SECRET not in client.get("/netwerk/print").get_data(as_text=True)
    assert SECRET_TASK in client.get("/netwerk/wat-kan-ik-doen").get_data(as_text=True)


def test_the_theme_filter_works_as_a_page_and_as_a_fragment(client, network):
    """?theme= shows one theme; htmx gets only the list (with Vary), a plain request the whole page."""
    page = client.get("/netwerk?theme=food")
    text = page.get_data(as_text=True)
    assert "Taalcafé" in text and "Groen in de buurt" not in text and "<html" in text
    fragment = client.get("/netwerk?theme=food", headers=HX)
    assert "<html" not in fragment.get_data(as_text=True) and 'id="network-list"' in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]
    boosted = client.get("/netwerk?theme=food", headers={**HX, "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)


def test_a_filtered_list_names_its_theme_as_the_cards_and_the_choice_do(client, network):
    """The line above a filtered list, the card's tag and the theme choice show one label, as written ("&")."""
    for headers in ({}, HX):
        text = client.get("/netwerk?theme=green", headers=headers).get_data(as_text=True)
        assert "Thema: Groen & tuin · " in text and '<span class="tag">Groen & tuin</span>' in text
    assert '<option value="green" selected>Groen & tuin</option>' in client.get("/netwerk?theme=green").get_data(
        as_text=True)


@pytest.mark.parametrize("query", ["theme=nonsense", "theme=%00", "theme=" + "x" * 5000, "after=%00%0d%0a",
                                   "after=" + "z" * 5000, "time=99999999999999", "time=-1", "time=%00"])
def test_hostile_parameters_never_break_the_network(client, network, query):
    """Unknown themes, NUL, CR/LF, huge values: the page answers 200 and ignores what it cannot use."""
    for path in ("/netwerk", "/netwerk/print", "/netwerk/wat-kan-ik-doen"):
        assert client.get(f"{path}?{query}").status_code == 200, path


def test_the_network_pages_through_many_initiatives(app, client, make_group):
    """The cards come A to Z in pages of 12; "more" goes on after the last name, until the end."""
    for number in range(30):
        make_group(f"Groep {number:02d}")
    first = client.get("/netwerk").get_data(as_text=True)
    assert first.count('class="card network-card"') == 12 and "Groep 11" in first and "Groep 12" not in first
    assert "after=Groep+11" in first
    second = client.get("/netwerk?after=Groep+11").get_data(as_text=True)
    assert second.count('class="card network-card"') == 12 and "Groep 12" in second and "Groep 23" in second
    last = client.get("/netwerk?after=Groep+23").get_data(as_text=True)
    assert last.count('class="card network-card"') == 6 and "Groep 29" in last and "after=" not in last


def test_a_full_page_of_cards_stays_small(client, make_group, make_task, make_shout):
    """A page of cards with the longest purposes, open tasks and thank-yous stays under 15 KB gzipped."""
    for number in range(30):
        group = make_group(f"Groep {number:02d} van de Reigersbos-buurt", purpose="Samen " + "x" * 154,
                           meets_when="Elke tweede dinsdag van de maand", meets_where="Buurthuis Nellestein")
        make_task(group, title="Een klus met een lange titel die veel ruimte inneemt")
        make_shout("Bedankt voor alles wat jullie deze maand voor de buurt hebben gedaan, echt geweldig!",
                   initiative=group)
    page = client.get("/netwerk").get_data()
    assert page.count(b'class="card network-card"') == 12
    assert len(gzip.compress(page)) < 15 * 1024


def _many(app, count: int) -> None:
    """Add `count` initiatives, half of them members-only, each with a member, in a few statements."""
    from portal.accounts.services import create_user
    from portal.boards.models import Task
    from portal.initiatives.models import Collaboration, Initiative, Membership

    with app.app_context():
        person = create_user(f"bulk{count}@example.org", "Bulk", "correct horse battery")
        db.session.flush()
        start = db.session.scalar(db.select(db.func.coalesce(db.func.max(Initiative.id), 0)))
        db.session.execute(insert(Initiative), [
            {"name": f"Bulk {count} {number:04d}", "purpose": "Samen", "visibility": "members" if number % 2 else
             "public", "theme": "green", "created_at": utcnow()} for number in range(count)])
        ids = list(db.session.scalars(db.select(Initiative.id).where(Initiative.id > start).order_by(Initiative.id)))
        db.session.execute(insert(Membership), [{"initiative_id": initiative_id, "user_id": person.id,
                                                 "joined_at": utcnow()} for initiative_id in ids])
        db.session.execute(insert(Task), [{"initiative_id": initiative_id, "title": "Klus", "estimate_minutes": 60,
                                           "places_needed": 2, "places_taken": 0, "status": "open",
                                           "good_first": False, "with_buddy": False, "created_at": utcnow(),
                                           "description": "", "place": ""} for initiative_id in ids])
        # Every initiative shares its board with the next one and invites it to a task: shared work on each card.
        task_ids = {row[0]: row[1] for row in db.session.execute(
            db.select(Task.initiative_id, Task.id).where(Task.initiative_id.in_(ids)))}
        db.session.execute(insert(Collaboration), [
            {"initiative_id": one, "partner_id": other, "kind": kind, "subject_id": one if kind == "board" else
             task_ids[one], "status": "accepted", "note": "", "created_at": utcnow()}
            for one, other in zip(ids, ids[1:], strict=False) for kind in ("board", "task")])
        db.session.commit()


@pytest.mark.parametrize("role", [None, "resident", "coordinator"])
def test_the_network_pages_cost_the_same_queries_for_10_and_500_initiatives(app, client, login_as, count_queries,
                                                                            role):
    """The network page, its print, "what can I do?" and the overview run a fixed number of queries."""
    if role:
        login_as(role)
    paths = ["/netwerk", "/netwerk?theme=green", "/netwerk/print", "/netwerk/wat-kan-ik-doen"]
    if role == "coordinator":
        paths.append("/netwerk/overzicht")
    counts = {}
    for size in (10, 490):
        _many(app, size)
        for path in paths:
            counts.setdefault(path, []).append(steady_queries_for(client, count_queries, path))
    for path, (small, large) in counts.items():
        assert small == large, (path, small, large)
        assert small <= 14, (path, small)


def test_the_printed_map_names_purpose_meeting_joining_and_a_qr_code(app, client, network):
    """Each initiative on the A4 sheet has its purpose, when and where it meets, how to join, and a QR code to it."""
    page = client.get("/netwerk/print").get_data(as_text=True)
    assert "Nederlands oefenen met koffie." in page and "Elke dinsdag 10:00" in page and "Buurthuis" in page
    assert "Kom langs" in page
    path = page_of(app, network["food"].id)
    assert f"/qr.svg?path={quote(path, safe='/')}" in page
    assert f"{app.config['PUBLIC_URL'].rstrip('/')}{path}" in page
    assert 'class="print-page"' in page


def test_what_can_i_do_leads_to_a_short_task_a_meeting_or_an_event(client, network, make_task, make_group):
    """A newcomer gets the task that needs people, soon, short; a meeting to walk into; the time choice narrows."""
    page = client.get("/netwerk/wat-kan-ik-doen").get_data(as_text=True)
    assert "Boomspiegels schoffelen" in page and "Taalcafé" in page and "Elke dinsdag 10:00" in page
    short = client.get("/netwerk/wat-kan-ik-doen?time=30").get_data(as_text=True)
    assert "Boomspiegels schoffelen" not in short
    fragment = client.get("/netwerk/wat-kan-ik-doen", headers=HX).get_data(as_text=True)
    assert "<html" not in fragment and "Boomspiegels schoffelen" in fragment


def test_the_network_is_in_the_menu_and_one_tap_from_home(client, network):
    """The home page links to the network and to "what can I do?"; the menu has the network."""
    home = client.get("/").get_data(as_text=True)
    assert 'href="/netwerk"' in home and 'href="/netwerk/wat-kan-ik-doen"' in home
    assert home.count('href="/netwerk"') >= 2  # the menu and the home section


def test_the_overview_is_for_coordinators_only(client, login_as):
    """Visitors are sent to log in; residents get 403."""
    assert client.get("/netwerk/overzicht").status_code in (302, 303)
    login_as()
    assert client.get("/netwerk/overzicht").status_code == 403


def test_the_overview_names_initiatives_without_carrier_overloaded_or_silent(app, client, login_as, make_group,
                                                                             make_user, make_task):
    """No carrier left, a carrier over the load threshold, eight weeks without activity: each listed with a link."""
    from portal.boards import services as boards
    from portal.initiatives.models import Initiative

    busy = make_user(name="Bea Bezig")
    calm = make_user(name="Carl Kalm")
    orphan = make_group("Zonder drager", members=[make_user()])
    heavy = make_group("Te zwaar", carriers=[busy])
    fine = make_group("Gaat goed", carriers=[calm])
    quiet = make_group("Stille groep", carriers=[make_user()])
    over = app.config["LOAD_THRESHOLD_HOURS"] * 60 + 60
    task = make_task(heavy, title="Alles regelen", estimate_minutes=over, due_date=today() + timedelta(days=2))
    make_task(fine, title="Even bellen", estimate_minutes=30)
    with app.app_context():
        boards.claim(task.id, db.session.merge(busy))
        db.session.get(Initiative, quiet.id).created_at = utcnow() - timedelta(weeks=10)
        db.session.execute(db.update(db.metadata.tables["memberships"]).where(
            db.metadata.tables["memberships"].c.initiative_id == quiet.id).values(
            joined_at=utcnow() - timedelta(weeks=9)))
        db.session.commit()
    login_as("coordinator")
    page = client.get("/netwerk/overzicht").get_data(as_text=True)
    no_carrier, too_much, silent = (page.split('id="no-carrier"')[1].split("</section>")[0],
                                    page.split('id="too-much"')[1].split("</section>")[0],
                                    page.split('id="silent"')[1].split("</section>")[0])
    assert "Zonder drager" in no_carrier and "Te zwaar" not in no_carrier
    assert "Te zwaar" in too_much and "Bea Bezig" in too_much and "Gaat goed" not in too_much
    assert "Stille groep" in silent and "Gaat goed" not in silent and "Te zwaar" not in silent
    assert f'href="{page_of(app, orphan.id)}"' in no_carrier


def test_what_can_i_do_as_its_own_page_has_one_h1(client, network):
    """Reached on its own (JavaScript off, or a link from home), the page has its <h1>; the fragment has none."""
    page = client.get("/netwerk/wat-kan-ik-doen").get_data(as_text=True)
    assert page.count("<h1") == 1 and "<h1>Wat kan ik doen?</h1>" in page
    assert "<h1" not in client.get("/netwerk/wat-kan-ik-doen", headers=HX).get_data(as_text=True)


@pytest.mark.parametrize("who", ["member", "coordinator"])
def test_the_printed_sheet_for_the_notice_board_never_names_a_members_only_initiative(client, auth, login_as,
                                                                                      network, who):
    """Whoever prints "who does what" (a member, a coordinator), a members-only group stays off the paper."""
    if who == "member":
        auth.login(network["member"])
    else:
        login_as("coordinator")
    for path in ("/netwerk/print", "/netwerk/print?theme=green"):
        assert SECRET not in client.get(path).get_data(as_text=True)


def test_the_overview_lists_only_the_carriers_over_the_limit_with_their_hours(app, client, login_as, make_group,
                                                                              make_user, make_task):
    """Under "carry too much" only the carriers past the load threshold are named, each with the hours they carry;
    a second carrier of the same initiative with nothing (or little) to do is not."""
    from portal.boards import services as boards

    busy, idle, some = make_user(name="Bea Bezig"), make_user(name="Mo Niks"), make_user(name="Sam Beetje")
    group = make_group("Koningsdag", carriers=[busy, idle, some])
    minutes = app.config["LOAD_THRESHOLD_HOURS"] * 60 + 90
    heavy = make_task(group, title="Alles regelen", estimate_minutes=minutes, due_date=today() + timedelta(days=2))
    light = make_task(group, title="Even bellen", estimate_minutes=60)
    with app.app_context():
        boards.claim(heavy.id, db.session.merge(busy))
        boards.claim(light.id, db.session.merge(some))
        db.session.commit()
    login_as("coordinator")
    too_much = client.get("/netwerk/overzicht").get_data(as_text=True).split('id="too-much"')[1].split("</section>")[0]
    hours = f"{minutes / 60:.1f}".replace(".", ",")
    assert "Koningsdag" in too_much and f"Bea Bezig draagt {hours} uur" in too_much
    assert "Mo Niks" not in too_much and "Sam Beetje" not in too_much and "0 uur" not in too_much
