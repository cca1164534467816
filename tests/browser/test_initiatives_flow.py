"""Initiatives in a real browser, JavaScript on and off: a coordinator starts one (a mistake first), a neighbour
joins and leaves it; axe-core on every initiative page, in Dutch and English."""

from playwright.sync_api import expect

from portal.extensions import db
from portal.initiatives import services
from tests.browser.conftest import serious_violations, shoot
from tests.browser.test_applause_flow import log_in


def test_start_an_initiative_then_a_neighbour_joins(page, javascript, app, make_user, browser, live_server):
    """The form names a missing purpose at the field and keeps the name; then the page shows it; a resident joins."""
    log_in(page, make_user(role="coordinator", name="Fatima"))
    page.goto("/initiatieven/nieuw")
    page.get_by_label("Naam", exact=True).fill("Buurtmoestuin Gein")
    page.get_by_label("Wanneer komen jullie samen? (niet verplicht)").fill("Zaterdag 10:00-12:00")
    page.get_by_role("button", name="Begin").click()
    expect(page.locator("#purpose-error")).to_contain_text("Vul dit in")
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Buurtmoestuin Gein")
    page.get_by_label("Wat doen jullie, in één zin?").fill("Samen groente kweken achter blok C.")
    page.get_by_label("Thema").select_option("green")
    page.get_by_label("Stuur een bericht").check()
    page.get_by_label("Laat mij zien als aanspreekpunt", exact=False).check()
    page.get_by_role("button", name="Begin").click()
    expect(page.locator("h1")).to_have_text("Buurtmoestuin Gein")
    expect(page.locator(".initiative-facts")).to_contain_text("Fatima")
    expect(page.locator("#join")).not_to_contain_text("Stuur een bericht")  # the contact writes no message to herself

    neighbour = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 640},
                                    java_script_enabled=javascript).new_page()
    log_in(neighbour, make_user(name="Kwame"))
    neighbour.goto(page.url)
    expect(neighbour.locator("#join")).to_contain_text("Stuur een bericht")
    neighbour.get_by_role("button", name="Doe mee met dit initiatief").click()
    expect(neighbour.locator("#join")).to_contain_text("Welkom bij Buurtmoestuin Gein!")
    expect(neighbour.get_by_role("button", name="Ik doe niet meer mee")).to_be_visible()
    shoot(neighbour, f"initiatives-joined-{'js' if javascript else 'nojs'}")
    neighbour.get_by_role("button", name="Ik doe niet meer mee").click()
    expect(neighbour.locator("#join")).to_contain_text("Je bent gestopt met Buurtmoestuin Gein.")
    expect(neighbour.get_by_role("button", name="Doe mee met dit initiatief")).to_be_visible()
    neighbour.context.close()


def test_initiative_pages_have_no_serious_axe_violations(axe_page, axe, app, make_user, make_task):
    """axe-core finds no serious or critical problem on the page, the form, the members and the message page."""
    carrier = make_user(role="coordinator", name="Sanne")
    member = make_user(name="Bas")
    with app.app_context():
        from portal.accounts.models import User

        initiative = services.create("Groen in de buurt", "", "public", db.session.get(User, carrier.id),
                                     purpose="Samen houden we de geveltuinen groen.", theme="green",
                                     meets_when="Zaterdag 10:00", meets_where="Moestuin blok C",
                                     story="Het begon met één bak.\n\nNu zijn het er twaalf.")
        db.session.commit()
        services.join(initiative.id, db.session.get(User, member.id))
        services.become_contact(initiative.id, db.session.get(User, carrier.id))
        initiative_id = initiative.id
        db.session.expunge(initiative)
    make_task(initiative, "Boomspiegels schoffelen")
    log_in(axe_page, carrier)
    for language in ("nl", "en"):
        axe_page.goto(f"/language/{language}")
        for path in (f"/initiatieven/{initiative_id}", f"/initiatieven/{initiative_id}/bewerken",
                     f"/initiatieven/{initiative_id}/leden", f"/initiatieven/{initiative_id}/bericht",
                     "/initiatieven/nieuw"):
            axe_page.goto(path)
            assert serious_violations(axe, axe_page) == [], (language, path)
            if language == "nl":
                shoot(axe_page, "initiatives" + path.replace("/", "-"))
