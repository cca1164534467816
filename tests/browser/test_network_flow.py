"""The network in a real browser, JavaScript on and off: the theme filter, "what can I do?", working together."""

from datetime import timedelta

from playwright.sync_api import expect

from portal.core.time import today
from portal.extensions import db
from tests.browser.conftest import open_menu, serious_violations, shoot
from tests.browser.test_applause_flow import log_in


def _neighbourhood(app, make_group, make_task, make_user, make_shout):
    """Four initiatives in three themes, one members-only, with tasks, a thank-you and a collaboration."""
    from portal.accounts.models import User
    from portal.initiatives import collaboration

    carrier = make_user(name="Fatima", role="resident")
    green = make_group("Groen in de buurt", purpose="Geveltuinen, boomspiegels en de buurtmoestuin.", theme="green",
                       carriers=[carrier], meets_when="Elke zaterdag 10:00", meets_where="Buurtmoestuin")
    food = make_group("Taalcafé", purpose="Elke dinsdag Nederlands oefenen met koffie.", theme="language",
                      meets_when="Dinsdag 10:00-12:00", meets_where="Bibliotheek Reigersbos", carriers=[carrier])
    party = make_group("Koningsdag 2027", purpose="Vrijmarkt, spelletjes en muziek op het plein.", theme="culture",
                       carriers=[carrier], status="starting")
    make_group("Geheime Huurdersgroep", purpose="Samen tegen de huurverhoging.", theme="green", visibility="members")
    task = make_task(party, title="Flyer vertalen naar het Engels", estimate_minutes=60, good_first=True,
                     due_date=today() + timedelta(days=5), places_needed=2)
    make_task(green, title="Boomspiegels schoffelen", estimate_minutes=120, due_date=today() + timedelta(days=9))
    make_shout("Dank voor de nieuwe geveltuinen!", initiative=green)
    with app.app_context():
        person = db.session.get(User, carrier.id)
        made = collaboration.invite(party.id, green.id, "task", task.id, person, "Helpen jullie met de bakken?")
        collaboration.answer(made.id, person, accept=True)
    return {"green": green, "food": food, "party": party, "carrier": carrier}


def test_filter_by_theme_and_find_something_to_do(page, javascript, app, make_group, make_task, make_user,
                                                   make_shout):
    """A visitor opens the network from the menu, filters by theme (the address follows) and asks what to do."""
    _neighbourhood(app, make_group, make_task, make_user, make_shout)
    page.goto("/")
    open_menu(page)
    page.locator("header").get_by_role("link", name="Netwerk").first.click()
    expect(page.locator(".network-card")).to_have_count(3)
    expect(page.locator("main")).not_to_contain_text("Geheime Huurdersgroep")
    expect(page.locator("#network-list")).to_contain_text("Samen met")
    shoot(page, f"network-{'js' if javascript else 'nojs'}")
    page.get_by_label("Thema").select_option("language")
    if not javascript:
        page.get_by_role("button", name="Toon").click()
    expect(page.locator(".network-card")).to_have_count(1)
    expect(page.locator(".network-card")).to_contain_text("Taalcafé")
    assert "theme=language" in page.url
    page.get_by_role("link", name="Wat kan ik doen?").first.click()
    steps = page.locator("#first-steps")
    expect(steps).to_contain_text("Flyer vertalen naar het Engels")
    expect(steps).to_contain_text("Dinsdag 10:00-12:00")
    if javascript:
        assert "theme=language" in page.url  # the steps opened in the page, the list stays
        expect(page.locator(".network-card")).to_have_count(1)
    steps.get_by_label("Een uur").check()
    steps.get_by_role("button", name="Laat zien wat past").click()
    expect(page.locator("#first-steps")).to_contain_text("Flyer vertalen naar het Engels")
    expect(page.locator("#first-steps")).not_to_contain_text("Boomspiegels schoffelen")
    assert "time=60" in page.url  # the choice is in the address, with JavaScript as without: reload or share it
    shoot(page, f"network-what-can-i-do-{'js' if javascript else 'nojs'}")
    page.locator("#first-steps").get_by_role("link", name="Flyer vertalen naar het Engels").click()
    expect(page.locator("main")).to_contain_text("Samen met Groen in de buurt")


def test_a_carrier_answers_an_invitation(page, javascript, app, make_group, make_task, make_user):
    """A member invites another group to a task; its carrier says yes on the home page; the task says "samen met"."""
    inviter, carrier = make_user(name="Ines"), make_user(name="Carla")
    host = make_group("Buurtkrant", purpose="Vier keer per jaar een krant.", members=[inviter])
    make_group("Taalcafé", purpose="Nederlands oefenen.", carriers=[carrier])
    make_task(host, title="Kranten rondbrengen in blok A")
    make_task(host, title="De winterkrant vouwen, nieten en in stapels van vijftig leggen voor de bezorgers")
    log_in(page, inviter)
    page.goto(f"/netwerk/samen/{host.id}")
    # a long task title in the list of choices never pushes the page sideways on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Welk initiatief nodig je uit?").select_option(label="Taalcafé")
    page.get_by_label("Waarvoor?").select_option(label="Een klus: Kranten rondbrengen in blok A")
    # a long link in the note, without a space, breaks inside its card instead of widening the page
    note = "Lopen jullie een rondje mee? https://voorbeeld.nl/route/" + "blokAblokBblokC" * 14
    page.get_by_label("Een kort woord voor hen (niet verplicht)").fill(note)
    page.get_by_role("button", name="Verstuur de uitnodiging").click()
    expect(page.locator("#invite")).to_contain_text("Uitnodiging verstuurd")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shoot(page, f"network-together-{'js' if javascript else 'nojs'}")
    page.context.clear_cookies()
    log_in(page, carrier)
    page.goto("/")
    invitation = page.locator(".together-item").first
    expect(invitation).to_contain_text("Lopen jullie een rondje mee?")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    invitation.get_by_role("button", name="Ja, we doen mee").click()
    expect(page.locator("main")).to_contain_text("Jullie werken nu samen")
    page.goto(f"/boards/{host.id}")
    expect(page.locator("article.task").first).to_contain_text("Samen met Taalcafé")
    page.goto(f"/netwerk/samen/{host.id}")
    expect(page.locator("main")).to_contain_text("blokAblokB")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_network_pages_have_no_serious_axe_violations(axe_page, axe, app, make_group, make_task, make_user,
                                                      make_shout):
    """axe-core finds no serious or critical problem on the network pages, in Dutch and English."""
    world = _neighbourhood(app, make_group, make_task, make_user, make_shout)
    coordinator = make_user(role="coordinator")
    log_in(axe_page, coordinator)
    paths = ("/netwerk", "/netwerk/wat-kan-ik-doen", "/netwerk/print", "/netwerk/overzicht",
             f"/netwerk/samen/{world['party'].id}")
    for language in ("nl", "en"):
        axe_page.goto(f"/language/{language}")
        for path in paths:
            axe_page.goto(path)
            assert serious_violations(axe, axe_page) == [], (language, path)
            if language == "nl":
                shoot(axe_page, "network" + path.replace("/netwerk", "").replace("/", "-"))
