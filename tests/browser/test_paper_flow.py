"""Paper in a real browser: the weekly sheet's print page and a poster, JavaScript on and off; axe; screens."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serious_violations, shoot
from tests.browser.test_applause_flow import log_in


def test_sheet_print_page_from_the_home_page(page, javascript, app):
    """A visitor finds the Buurtbericht on the home page and gets the print page with this week's parts."""
    from portal.demo import seed_demo

    with app.app_context():
        seed_demo()
    page.goto("/")
    page.get_by_role("link", name="Print het Buurtbericht").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Buurtbericht"
    assert page.get_by_role("heading", name="Deze week").is_visible()
    assert page.get_by_role("link", name="Download als PDF").is_visible()
    shoot(page, f"paper-sheet-{'js' if javascript else 'nojs'}")
    page.get_by_role("link", name="Grote letters").click()
    assert "paper-large" in page.locator("body").get_attribute("class")
    shoot(page, f"paper-sheet-large-{'js' if javascript else 'nojs'}")


def test_paper_pages_have_no_serious_axe_violations(axe_page, axe, app):
    """axe-core finds no serious or critical problem on the sheet (normal, large, English) and a poster."""
    from sqlalchemy import select

    from portal.demo import seed_demo
    from portal.extensions import db
    from portal.initiatives.models import Initiative

    with app.app_context():
        seed_demo()
        initiative_id = db.session.scalar(select(Initiative.id).where(Initiative.visibility == "public").limit(1))
    for path in ("/buurtbericht", "/buurtbericht?large=1", "/buurtbericht?lang=en",
                 f"/poster/initiative/{initiative_id}", f"/poster/initiative/{initiative_id}?size=a5"):
        axe_page.goto(path)
        assert serious_violations(axe, axe_page) == [], path
        shoot(axe_page, "paper" + path.replace("/", "-").replace("?", "-").replace("=", "-"))


def test_coordinator_adds_a_point_and_puts_the_tasks_on_the_boards(page, javascript, make_user, make_initiative):
    """A coordinator adds a distribution point, puts this week's tasks on the boards (once), and sees the list."""
    make_initiative("Buurtkrant")
    log_in(page, make_user(role="coordinator", name="Mehmet"))
    page.goto("/buurtbericht/punten")
    page.get_by_label("Naam van de plek").fill("OBA Reigersbos")
    page.get_by_label("Adres").fill("Reigersbos 100")
    page.get_by_label("Bord voor de taak van elke week").select_option(label="Buurtkrant")
    page.get_by_role("button", name="Voeg deze plek toe").click()
    expect(page.locator("#paper-points")).to_contain_text("OBA Reigersbos is nu een verspreidpunt.")
    page.get_by_role("button", name="Zet de taken van deze week op de borden").click()
    expect(page.locator("#paper-week")).to_contain_text("1 verspreidtaak op de borden gezet.")
    expect(page.locator("#paper-week")).to_contain_text("Nog niet gebracht")
    page.get_by_role("button", name="Zet de taken van deze week op de borden").click()
    expect(page.locator("#paper-week")).to_contain_text("staan al op de borden")
    shoot(page, f"paper-points-{'js' if javascript else 'nojs'}")


def test_points_page_has_no_serious_axe_violations(axe_page, axe, app, make_user):
    """axe-core finds no serious or critical problem on the distribution points (demo data) and a point's form."""
    from portal.demo import seed_demo

    with app.app_context():
        seed_demo()
    log_in(axe_page, make_user(role="coordinator", name="Mehmet"))
    for path in ("/buurtbericht/punten", "/buurtbericht/punten/1"):
        axe_page.goto(path)
        assert serious_violations(axe, axe_page) == [], path
        shoot(axe_page, "paper" + path.replace("/", "-"))


def test_the_sheet_and_the_leaflet_print_on_one_a4_page(page, javascript, app):
    """What the browser prints (Ctrl+P) of the demo's weekly sheet and of a budget's leaflet fits on one A4 page,
    as the page promises, not only the PDF the server makes."""
    from sqlalchemy import select

    from portal.budget.models import Budget
    from portal.demo import seed_demo
    from portal.extensions import db
    from tests.paper.test_sheet import pdf_text

    if not javascript:
        pytest.skip("the print is the same without JavaScript; one run is enough")
    with app.app_context():
        seed_demo()
        budgets = list(db.session.scalars(select(Budget.id)))
    for path in ("/buurtbericht", *(f"/budget/{budget}/print" for budget in budgets)):
        page.goto(path)
        pages, _text = pdf_text(page.pdf(format="A4", prefer_css_page_size=True))
        assert pages == 1, (path, pages)
