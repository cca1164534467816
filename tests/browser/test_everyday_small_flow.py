"""Small things residents ran into, in a real browser with JavaScript on and off."""

from playwright.sync_api import expect

from portal.accounts.models import User
from portal.boards import services
from portal.extensions import db
from tests.browser.conftest import shoot
from tests.browser.test_applause_flow import log_in

STYLE = """e => { const s = getComputedStyle(e), r = e.getBoundingClientRect();
    return [s.color, s.fontSize, s.fontWeight, s.textDecorationLine, s.paddingLeft, s.backgroundColor,
            Math.round(r.left), r.height >= 44] }"""


def test_log_out_in_the_phone_menu_looks_like_the_other_items(page, javascript, make_user):
    """In the open phone menu "Uitloggen" has the colour, size, weight, padding and left edge of the links."""
    log_in(page, make_user(name="Sanne"))
    page.goto("/applause")
    page.locator("header summary").click()
    menu = page.locator("header details nav")
    link = menu.get_by_role("link", name="Mijn account")
    log_out = menu.get_by_role("button", name="Uitloggen")
    expect(log_out).to_be_visible()
    assert log_out.evaluate(STYLE) == link.evaluate(STYLE)
    assert log_out.evaluate("e => e.closest('li') !== null && e.form.method") == "post"
    shoot(page, f"header-menu-log-out-{'js' if javascript else 'nojs'}")
    log_out.click()
    expect(page.locator("#messages")).to_contain_text("Je bent uitgelogd.")


def test_the_whole_or_part_question_page_has_a_heading(page, javascript, app, make_user, make_task):
    """The question "Is de hele klus klaar, of alleen jouw deel?" is the page's one h1 (a card in a page with JS)."""
    task = make_task(title="Kramen opzetten", places_needed=4)
    sanne = make_user(name="Sanne")
    with app.app_context():
        services.claim(task.id, db.session.get(User, sanne.id))
    log_in(page, sanne)
    page.goto(f"/boards/{task.initiative_id}")
    page.locator(f"#task-{task.id}").get_by_role("button", name="Het is klaar").click()
    expect(page.get_by_role("button", name="Alleen mijn deel is klaar")).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)
    if not javascript:
        expect(page.get_by_role("heading", level=1)).to_have_text("Is de hele klus klaar, of alleen jouw deel?")
        expect(page).to_have_title("Is de hele klus klaar, of alleen jouw deel? · Buurtbouw Nellestein")
    expect(page.get_by_text("Is de hele klus klaar, of alleen jouw deel?")).to_have_count(1)
    shoot(page, f"task-whole-or-part-page-{'js' if javascript else 'nojs'}")


def test_optional_fields_say_not_required(page, javascript, make_user, make_initiative):
    """The photo field of a thank-you says "(niet verplicht)", never "(mag)"."""
    make_initiative("Groen in de buurt")
    log_in(page, make_user())
    page.goto("/applause/new")
    expect(page.get_by_label("Foto (niet verplicht)")).to_be_attached()
    expect(page.locator("main")).not_to_contain_text("(mag)")


def test_a_checkbox_is_a_finger_sized_target(page, javascript, make_user, make_initiative):
    """The label beside a checkbox (it ticks the box) is at least 44 px high, on one line too, and ticks it."""
    board = make_initiative("Groen")
    log_in(page, make_user(role="coordinator"))
    page.goto(f"/boards/{board.id}/tasks/new")
    box = page.get_by_label("Goede eerste klus")
    label = page.locator(f"label[for='{box.get_attribute('id')}']")
    assert label.bounding_box()["height"] >= 44
    before = box.is_checked()
    label.click()
    assert box.is_checked() != before
