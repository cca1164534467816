"""Events in a real browser, JavaScript on and off: plan an event in a room, say "Ik kom", say "Ik kom niet
meer"; axe on every event page."""

from playwright.sync_api import expect

from portal.extensions import db
from tests.browser.conftest import serious_violations, shoot
from tests.browser.test_applause_flow import log_in
from tests.conftest import future_local


def _member(app, user, initiative):
    from portal.initiatives.models import Membership

    with app.app_context():
        db.session.add(Membership(initiative_id=initiative.id, user_id=user.id))
        db.session.commit()


def test_plan_an_event_in_a_room_then_rsvp_and_cancel(page, javascript, app, browser, live_server, make_user,
                                                      make_room, make_initiative):
    """A coordinator plans Sinterklaas in the grote zaal; a resident says she comes with her children, then not."""
    room = make_room(name="Grote zaal", venue_name="Buurthuis De Nelle")
    initiative = make_initiative("Sinterklaascomité")
    organiser, resident = make_user(role="coordinator", name="Fatima"), make_user(name="Sanne")
    _member(app, organiser, initiative)
    log_in(page, organiser)
    page.goto("/agenda")
    page.get_by_role("link", name="Plan een activiteit").click()
    page.get_by_label("Naam van de activiteit").fill("Sinterklaas in het buurthuis")
    page.get_by_label("Wat gaat er gebeuren? (niet verplicht)").fill("De Sint komt! Met pepernoten en chocolademelk.")
    page.get_by_label("Begin").fill(future_local(9, 14).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Einde").fill(future_local(9, 17).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Zaal", exact=True).select_option(str(room.id))
    page.get_by_label("Hoeveel plaatsen? (niet verplicht)").fill("5")
    page.get_by_role("button", name="Zet in de agenda").click()
    expect(page.locator("h1")).to_contain_text("Sinterklaas in het buurthuis")
    expect(page.locator(".event-facts")).to_contain_text("Grote zaal (Buurthuis De Nelle)")
    shoot(page, f"events-event-organiser-{'js' if javascript else 'nojs'}")

    other = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 640},
                                java_script_enabled=javascript).new_page()
    log_in(other, resident)
    other.goto("/agenda")
    shoot(other, f"events-agenda-{'js' if javascript else 'nojs'}")
    other.get_by_role("link", name="Sinterklaas in het buurthuis").click()
    other.get_by_label("Hoeveel kinderen?").fill("2")
    other.get_by_role("button", name="Ik kom").click()
    expect(other.locator("#rsvp")).to_contain_text("Tot dan! Je staat op de lijst.")
    expect(other.locator("#rsvp")).to_contain_text("3 van 5 plaatsen bezet")
    shoot(other, f"events-event-rsvp-{'js' if javascript else 'nojs'}")
    other.get_by_role("button", name="Ik kom niet meer").click()
    expect(other.locator("#rsvp")).to_contain_text("Je plaats is vrij voor iemand anders")
    expect(other.locator("#rsvp")).to_contain_text("0 van 5 plaatsen bezet")
    other.context.close()


def test_a_taken_room_says_which_hours_are_free(page, app, make_user, make_room, make_initiative, make_booking):
    """Planning in a taken room keeps what was typed and names the free hours of that day."""
    room = make_room(name="Keuken")
    make_booking(room, future_local(9, 13), future_local(9, 16), title="Samen koken")
    initiative = make_initiative("Taalcafé")
    organiser = make_user(role="coordinator")
    _member(app, organiser, initiative)
    log_in(page, organiser)
    page.goto("/agenda/new")
    page.get_by_label("Naam van de activiteit").fill("Taalcafé met taart")
    page.get_by_label("Begin").fill(future_local(9, 14).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Einde").fill(future_local(9, 15).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Zaal", exact=True).select_option(str(room.id))
    page.get_by_role("button", name="Zet in de agenda").click()
    expect(page.locator(".field-invalid").first).to_contain_text("Vrij op die dag: 08:00–13:00, 16:00–22:00")
    expect(page.get_by_label("Naam van de activiteit")).to_have_value("Taalcafé met taart")
    shoot(page, "events-form-taken")


def test_event_pages_have_no_serious_axe_violations(axe_page, axe, app, make_user, make_room, make_initiative):
    """axe-core finds no serious or critical problem on the event pages, in Dutch and English."""
    from portal.core.time import to_utc
    from portal.events import services
    from portal.events.models import Event

    initiative = make_initiative("Keti Koti")
    organiser = make_user(role="coordinator")
    _member(app, organiser, initiative)
    with app.test_request_context():
        event = Event(initiative_id=initiative.id, title="Keti Koti", start_at=to_utc(future_local(9, 14)),
                      end_at=to_utc(future_local(9, 22)), address="Bijlmerpark", capacity=80,
                      description="Herdenken en vieren.")
        db.session.add(event)
        db.session.commit()
        services.add_shift(event, "kitchen", 0, 120, 3, db.session.merge(organiser))
        event_id = event.id
    log_in(axe_page, organiser)
    for language in ("nl", "en"):
        axe_page.goto(f"/language/{language}")
        for path in ("/agenda", f"/agenda/{event_id}", "/agenda/new", f"/agenda/{event_id}/edit",
                     f"/agenda/{event_id}/cancel", f"/agenda/{event_id}/shifts/new", f"/agenda/{event_id}/people",
                     f"/agenda/{event_id}/sign-in", f"/agenda/{event_id}/poster", "/"):
            axe_page.goto(path)
            assert serious_violations(axe, axe_page) == [], path
            if language == "nl":
                shoot(axe_page, "events" + path.replace("/", "-"))


def event_with_shifts(app, make_user, make_initiative, initiative_name: str, title: str, address: str,
                      shifts: list[tuple[str, int, int]]) -> tuple[int, int, list[int], object]:
    """Make `initiative_name`'s event `title` at `address`, 9 days ahead from 14:00 to 17:00, planned by Fatima
    (a coordinator), with shifts of (kind, minutes from the start, minutes long) for 2 people each; return (event
    id, initiative id, the shifts' task ids, Sanne: a resident on none of them)."""
    from portal.core.time import to_utc
    from portal.events import services
    from portal.events.models import Event

    initiative = make_initiative(initiative_name)
    organiser, resident = make_user(role="coordinator", name="Fatima"), make_user(name="Sanne")
    with app.test_request_context():
        event = Event(initiative_id=initiative.id, title=title, address=address,
                      start_at=to_utc(future_local(9, 14)), end_at=to_utc(future_local(9, 17)))
        db.session.add(event)
        db.session.flush()
        who = db.session.merge(organiser)
        task_ids = [services.add_shift(event, kind, offset, minutes, 2, who).task_id
                    for kind, offset, minutes in shifts]
        return event.id, initiative.id, task_ids, resident


def _barbecue_with_a_setup_shift(app, make_user, make_initiative) -> tuple[int, int, object]:
    """Make Moestuin Zuid's barbecue, 9 days ahead, with a setting-up shift; return (event id, its task id, Sanne,
    a resident who is not on it)."""
    event_id, _initiative_id, (task_id,), resident = event_with_shifts(
        app, make_user, make_initiative, "Moestuin Zuid", "Buurtbarbecue bij de moestuin", "Moestuin",
        [("setup", -60, 60)])
    return event_id, task_id, resident


def test_take_a_shift_give_it_back_and_not_coming_asks_about_the_shift(page, javascript, app, make_user,
                                                                         make_initiative):
    """A resident takes a shift on the event's page and gives it back there; after taking it again and saying
    "Ik kom niet meer", the RSVP box says she still has the shift and gives it back from there."""
    event_id, task_id, resident = _barbecue_with_a_setup_shift(app, make_user, make_initiative)
    mode = "js" if javascript else "nojs"
    log_in(page, resident)
    page.goto(f"/agenda/{event_id}")
    row = page.locator(f"#task-{task_id}")
    row.get_by_role("button", name="Ik help mee").click()
    expect(row).to_contain_text("Je hebt deze dienst.")
    row.get_by_role("button", name="Geef terug").click()
    expect(row).to_contain_text("Teruggegeven")
    expect(row.get_by_role("button", name="Ik help mee")).to_be_visible()
    shoot(page, f"events-shift-handed-back-{mode}")

    row.get_by_role("button", name="Ik help mee").click()
    page.get_by_role("button", name="Ik kom", exact=True).click()
    expect(page.locator("#rsvp")).to_contain_text("Tot dan!")
    page.get_by_role("button", name="Ik kom niet meer").click()
    box = page.locator("#rsvp")
    expect(box).to_contain_text("Je plaats is vrij")
    expect(box).to_contain_text("Je hebt nog een dienst bij deze activiteit.")
    shoot(page, f"events-not-coming-kept-shift-{mode}")
    box.get_by_role("button", name="Geef terug").click()
    expect(row).to_contain_text("Teruggegeven")
    expect(row.get_by_role("button", name="Ik help mee")).to_be_visible()
    page.goto("/")  # the home page's list of my tasks has it no more
    expect(page.locator(f"form[action='/tasks/{task_id}/hand-back']")).to_have_count(0)


def test_an_english_reader_takes_a_shift_and_reads_its_name_in_english(page, javascript, app, make_user,
                                                                        make_initiative):
    """In English the confirmation after "I will help" and the home page's list of my tasks name the shift
    "Setting up", as its row does, with JavaScript on and off."""
    event_id, task_id, resident = _barbecue_with_a_setup_shift(app, make_user, make_initiative)
    mode = "js" if javascript else "nojs"
    log_in(page, resident)
    page.goto("/language/en")
    page.goto(f"/agenda/{event_id}")
    row = page.locator(f"#task-{task_id}")
    expect(row).to_contain_text("Setting up")
    row.get_by_role("button", name="I will help").click()
    expect(row).to_contain_text("Thank you! You are on: Buurtbarbecue bij de moestuin: Setting up.")
    shoot(page, f"events-shift-taken-english-{mode}")
    page.goto("/")
    expect(page.locator("main")).to_contain_text("Buurtbarbecue bij de moestuin: Setting up")
    expect(page.locator("main")).not_to_contain_text("Opbouwen")
    shoot(page, f"events-home-my-shift-english-{mode}")


def test_an_english_reader_finds_a_renamed_shift_by_its_new_name(page, javascript, app, make_user, make_initiative):
    """After the barbecue is renamed, its shift's own page, the task board, "where can I help" and the weekly sheet
    name it "Buurtbarbecue in het park: Setting up" in English, with JavaScript on and off: never the old name, and
    never the Dutch "Opbouwen" its stored title keeps."""
    from datetime import timedelta

    from sqlalchemy import update

    from portal.core.time import local
    from portal.events.models import Event

    event_id, task_id, resident = _barbecue_with_a_setup_shift(app, make_user, make_initiative)
    with app.app_context():
        db.session.execute(update(Event).where(Event.id == event_id).values(title="Buurtbarbecue in het park"))
        db.session.commit()
        day = local(db.session.get(Event, event_id).start_at).date()
    mode = "js" if javascript else "nojs"
    log_in(page, resident)
    page.goto("/language/en")
    page.goto(f"/tasks/{task_id}")
    expect(page.locator("h1")).to_have_text("Buurtbarbecue in het park: Setting up")
    page.get_by_role("link", name="Board: Moestuin Zuid").click()
    expect(page.locator(f"#task-{task_id}")).to_contain_text("Buurtbarbecue in het park: Setting up")
    shoot(page, f"board-renamed-shift-english-{mode}")
    for path in ("/boards/help", f"/buurtbericht?week={day - timedelta(days=day.weekday())}"):
        page.goto(path)
        expect(page.locator("body")).to_contain_text("Buurtbarbecue in het park: Setting up")
        shoot(page, f"{'help' if 'help' in path else 'sheet'}-renamed-shift-english-{mode}")
    for path in (f"/tasks/{task_id}", "/boards/help"):
        page.goto(path)
        expect(page.locator("body")).not_to_contain_text("bij de moestuin")
        expect(page.locator("body")).not_to_contain_text("Opbouwen")


def test_the_event_form_shows_the_room_or_the_address_whichever_is_chosen(page, javascript, app, make_user,
                                                                          make_room, make_initiative):
    """"In een zaal" shows the room list and not the address field; "Ergens anders" the other way round, with
    JavaScript on and off (the page's style sheet does it)."""
    make_room(name="Grote zaal", venue_name="Buurthuis De Nelle")
    initiative = make_initiative("Buurtfeestcomité")
    organiser = make_user(role="coordinator", name="Fatima")
    _member(app, organiser, initiative)
    log_in(page, organiser)
    page.goto("/agenda")
    page.get_by_role("link", name="Plan een activiteit").click()
    expect(page.get_by_label("Zaal", exact=True)).to_be_visible()
    expect(page.get_by_label("Adres")).to_be_hidden()
    page.get_by_label("Ergens anders").check()
    expect(page.get_by_label("Adres")).to_be_visible()
    expect(page.get_by_label("Zaal", exact=True)).to_be_hidden()
    shoot(page, f"events-form-address-{'js' if javascript else 'nojs'}")
    page.get_by_label("In een zaal van het buurthuis").check()
    expect(page.get_by_label("Zaal", exact=True)).to_be_visible()
