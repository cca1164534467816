"""The page frame in a real browser: the phone header, its menu without JavaScript, and printing."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, SCREENS, serious_violations, shoot
from tests.browser.test_applause_flow import log_in


def header_height(page) -> float:
    return page.evaluate("() => document.querySelector('header').getBoundingClientRect().height")


def test_phone_header_is_one_row_with_a_menu(page, javascript, make_user):
    """On a 360x640 phone the header is one row of at most 56 px; its menu opens by touch and keyboard."""
    log_in(page, make_user(role="admin", name="Anouk"))
    page.goto("/applause")
    assert header_height(page) <= 56
    menu = page.locator("header").get_by_text("Menu", exact=True)
    expect(menu).to_be_visible()
    expect(page.locator("header").get_by_role("link", name="Mijn account")).to_be_hidden()
    menu.click()
    links = page.locator("header").get_by_role("link", name="Mijn account")
    expect(links).to_be_visible()
    small = page.evaluate("""() => [...document.querySelectorAll('header a, header button, header summary')]
        .filter(e => e.offsetParent !== null).filter(e => { const r = e.getBoundingClientRect();
        return r.height < 44 || r.width < 44 }).map(e => e.outerHTML.slice(0, 80))""")
    assert small == []
    shoot(page, f"header-menu-open-{'js' if javascript else 'nojs'}")
    links.click()
    expect(page.locator("h1")).to_contain_text("Mijn account")
    assert header_height(page) <= 56
    # The keyboard: Tab to the menu, Enter opens it, the links follow in order.
    page.goto("/applause")
    page.locator("header summary").focus()
    page.keyboard.press("Enter")
    expect(page.locator("header").get_by_role("link", name="Applaus", exact=True)).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('header') !== null")
    shoot(page, f"header-{'js' if javascript else 'nojs'}")


def test_desktop_header_shows_the_menu_links(page, make_user):
    """At 1280x800 the first links stand in one header row; "Menu" holds every link, "Mijn account" included."""
    page.set_viewport_size(DESKTOP)
    log_in(page, make_user(role="admin"))
    expect(page.locator("header .nav-wide").get_by_role("link", name="Applaus")).to_be_visible()
    assert header_height(page) <= 72
    page.locator("header summary").click()
    expect(page.locator("header .nav-menu").get_by_role("link", name="Mijn account")).to_be_visible()


def test_header_is_accessible(axe_page, axe, make_user):
    """The header, its menu closed and open, has no serious axe violation."""
    log_in(axe_page, make_user(role="admin"))
    assert serious_violations(axe, axe_page) == []
    axe_page.locator("header summary").click()
    assert serious_violations(axe, axe_page) == []


def test_printing_shows_only_the_content(page, javascript, make_user):
    """Printed, any page shows its content black on white: no header, menu, "Logged in as", footer or buttons."""
    from tests.browser.test_kiosk_flow import kiosk_log_in, make_kiosk
    log_in(page, make_user(role="admin"))
    page.goto("/account")
    page.emulate_media(media="print")
    expect(page.locator("main h1")).to_be_visible()
    for selector in ("header", ".site-footer", "main button"):
        expect(page.locator(selector).first).to_be_hidden()
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    page.emulate_media(media="screen")
    page.context.clear_cookies()
    make_kiosk(page, make_user(role="librarian"))
    kiosk_log_in(page, make_user(name="Kwame Mensah"))
    page.goto("/kiosk/today")
    expect(page.locator("#kiosk-session")).to_contain_text("Ingelogd als Kwame Mensah")
    page.emulate_media(media="print")
    expect(page.locator("main h1").first).to_be_visible()
    for selector in ("header", "#kiosk-session", ".site-footer"):
        expect(page.locator(selector)).to_be_hidden()
    shoot(page, f"kiosk-today-print-{'js' if javascript else 'nojs'}")


@pytest.mark.parametrize("size", [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}],
                         ids=["1080p", "720p"])
def test_wall_fills_the_screen(browser, live_server, axe, make_shout, size):
    """The applause wall fills a 1080p or 720p screen without scrolling, in type large enough for 3 metres."""
    for number, name in enumerate(("Fatima", "Kees", "Anouk", "Tomasz", "Priya", "Sanne")):
        make_shout(f"Voor de soep op zaterdag, de {number + 2} tafels en het opruimen daarna.", thanked_name=name)
    context = browser.new_context(base_url=live_server, viewport=size, bypass_csp=True)
    page = context.new_page()
    page.goto("/kiosk/applause")
    box = page.evaluate("""() => { const r = document.querySelector('.wall-grid').getBoundingClientRect();
        return {left: r.left, right: r.right, bottom: r.bottom, scroll: document.documentElement.scrollHeight,
                text: parseFloat(getComputedStyle(document.querySelector('.wall-text')).fontSize),
                other: parseFloat(getComputedStyle(document.querySelector('.wall-other-text')).fontSize)} }""")
    assert box["right"] - box["left"] >= 0.9 * size["width"], box
    assert box["bottom"] >= 0.9 * size["height"] and box["scroll"] <= size["height"], box
    assert box["text"] >= 0.04 * size["height"] and box["other"] >= 0.025 * size["height"], box
    expect(page.locator(".wall-other")).to_have_count(3)
    clipped = page.evaluate("""() => [...document.querySelectorAll(".wall-other .wall-meta, .wall-slide .wall-meta")]
        .filter(e => e.getBoundingClientRect().bottom > e.closest("li, section").getBoundingClientRect().bottom)
        .length""")
    assert clipped == 0
    assert serious_violations(axe, page) == []
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"wall-{size['width']}x{size['height']}.png"))
    if size["width"] == 1920:
        shoot(page, "wall")
    context.close()


def test_long_forms_fit_a_phone(page, app, make_user, make_room, make_initiative, make_budget, make_member):
    """At 360 px the long forms (plan and change an event, book a room, change a budget) never scroll sideways,
    also with a long room name in a choice inside a fieldset."""
    from portal.core.time import to_utc
    from portal.events.models import Event
    from portal.extensions import db
    from tests.conftest import future_local, saved

    room = make_room(name="Grote zaal met keuken en podium voor voorstellingen",
                     venue_name="Buurthuis De Nellestein aan het Bijlmerplein")
    initiative = make_initiative("Sinterklaascomité Nellestein en omstreken")
    fatima = make_user(role="coordinator", name="Fatima El Amrani")
    make_member(fatima, initiative)
    budget = make_budget(name="Buurtbudget Bijlmer-Centrum 2026")
    with app.app_context():
        event = Event(initiative_id=initiative.id, title="Sinterklaasfeest", address="Bijlmerpark",
                      start_at=to_utc(future_local(9, 14)), end_at=to_utc(future_local(9, 17)), public=True)
        db.session.add(event)
        saved(event)
    log_in(page, fatima)
    wide = {}
    for path in ("/agenda/new", f"/agenda/{event.id}/edit", f"/rooms/{room.id}/book", f"/budget/{budget.id}/edit"):
        page.goto(path)
        expect(page.locator("main form").first).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide[path] = width
        shoot(page, "long-form" + path.replace("/", "-"))
    assert wide == {}
