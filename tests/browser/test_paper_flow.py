"""Paper in a real browser: the weekly sheet's print page and a poster, JavaScript on and off; axe; screens."""

from tests.browser.conftest import serious_violations, shoot


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
