"""The ideas box in a real browser, JavaScript on and off: propose, react, turn into a task; axe on its pages."""

from playwright.sync_api import expect

from portal.extensions import db
from portal.ideas.services import add_comment, propose, set_status
from tests.browser.conftest import open_menu, serious_violations, shoot
from tests.browser.test_applause_flow import log_in
from tests.browser.test_kiosk_flow import make_kiosk
from tests.conftest import PASSWORD


def log_out(page):
    open_menu(page)
    page.locator("header form[action='/logout'] button").locator("visible=true").first.click()
    expect(page.locator("header form[action='/logout']")).to_have_count(0)


def test_propose_react_and_turn_into_a_task(page, javascript, make_user, make_initiative):
    """A resident proposes from the home page, a neighbour says "ik kom", a coordinator makes it a task."""
    make_initiative("Groen in de buurt")
    log_in(page, make_user(name="Joyce"))
    page.goto("/")
    page.get_by_role("link", name="Ik heb een idee").first.click()
    page.get_by_role("button", name="Stop mijn idee in de bus").click()
    expect(page.locator("#title-error")).to_contain_text("Vul dit in.")
    page.get_by_label("In een paar woorden").fill("Bomen planten langs de Bijlmerdreef")
    page.get_by_label("Vertel er iets meer over (niet verplicht)").fill("Tien bomen in maart, met de buurt.")
    page.get_by_label("Voor een initiatief (niet verplicht)").select_option(label="Groen in de buurt")
    page.get_by_role("button", name="Stop mijn idee in de bus").click()
    expect(page.locator("#messages")).to_contain_text("Bedankt voor je idee!")
    idea_url = page.url
    log_out(page)

    log_in(page, make_user(name="Sanne"))
    page.goto("/ideeen")
    card = page.locator("article.idea").first
    card_id = card.get_attribute("id")
    card.get_by_role("button", name="Ik kom").click()
    pressed = page.locator("article.idea").first.get_by_role("button", name="Ik kom")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    expect(pressed.locator(".react-count")).to_have_text("1")
    expect(page.locator(f"#{card_id} .reactions .message")).to_contain_text("Genoteerd: Ik kom.")
    shoot(page, f"ideas-list-{'js' if javascript else 'nojs'}")
    page.goto(idea_url)
    page.get_by_label("Je reactie").fill("Ik neem een schep mee!")
    page.get_by_role("button", name="Plaats mijn reactie").click()
    expect(page.locator("#comments")).to_contain_text("Ik neem een schep mee!")
    log_out(page)

    log_in(page, make_user(role="coordinator", name="Fatima"))
    page.goto(idea_url)
    page.get_by_role("link", name="Zet het idee om: een taak, een spreekbeurt of een initiatief").click()
    page.get_by_label("een taak op een bord").check()
    page.get_by_label("Naam").fill("Tien plekken voor bomen kiezen")
    page.get_by_label("Op het bord van").select_option(label="Groen in de buurt")
    page.get_by_role("button", name="Laat het gebeuren").click()
    expect(page.locator(".idea-became")).to_contain_text("Dit idee is nu een taak op een bord:")
    page.locator(".idea-became a").click()
    expect(page.locator("main")).to_contain_text("Tien plekken voor bomen kiezen")
    page.goto("/applause")
    expect(page.locator("article.shout").first).to_contain_text("Bedankt voor het idee")
    expect(page.locator("article.shout").first).to_contain_text("Bedankt, Joyce!")


def test_a_visitor_proposes_a_talk_without_an_account(page, javascript):
    """Someone without an account offers a talk with a name and phone; the name shows only when agreed."""
    page.goto("/ideeen")
    page.get_by_role("link", name="Ik kan vertellen over…").click()
    expect(page.get_by_label("Ik kan vertellen over")).to_be_checked()
    page.get_by_label("In een paar woorden").fill("Leven met diabetes")
    page.get_by_label("Je naam").fill("Kwame")
    page.get_by_label("Je telefoonnummer").fill("bel me")
    page.get_by_role("button", name="Stop mijn idee in de bus").click()
    expect(page.locator("#visitor_phone-error")).to_be_visible()
    expect(page.get_by_label("In een paar woorden")).to_have_value("Leven met diabetes")
    page.get_by_label("Je telefoonnummer").fill("06 12345678")
    page.get_by_label("Mijn naam mag bij het idee staan").check()
    page.get_by_role("button", name="Stop mijn idee in de bus").click()
    expect(page.locator("main")).to_contain_text("Van Kwame")
    expect(page.locator("main")).not_to_contain_text("06 12345678")
    shoot(page, f"ideas-idea-visitor-{'js' if javascript else 'nojs'}")


def test_ideas_pages_have_no_serious_axe_violations(axe_page, axe, make_user, app):
    """axe-core finds no serious or critical problem on the ideas pages, Dutch and English."""
    coordinator = make_user(role="coordinator", name="Fatima")
    with app.app_context():
        idea = propose("Een repaircafé in het buurthuis", "Eén zaterdag per maand samen repareren.", "idea", None,
                       db.session.merge(coordinator))
        add_comment(idea, db.session.merge(coordinator), "Ik heb een soldeerbout!")
        set_status(propose("Zwembad op het dak", "", "idea", None, None, "Gloria", "0612345678"), "not_now",
                   "Het dak is te zwak.")
        db.session.commit()
        idea_id = idea.id
    for language in ("nl", "en"):
        axe_page.goto("/ideeen")
        if language == "en":
            axe_page.get_by_role("link", name="English").click()
        for path in ("/ideeen", "/ideeen/nieuw", f"/ideeen/{idea_id}"):
            axe_page.goto(path)
            assert serious_violations(axe, axe_page) == [], (language, path, "visitor")
    axe_page.get_by_role("link", name="Nederlands").click()
    log_in(axe_page, coordinator)
    for language in ("nl", "en"):
        if language == "en":
            axe_page.get_by_role("link", name="English").click()
        for path in ("/ideeen", f"/ideeen/{idea_id}", f"/ideeen/{idea_id}/omzetten", "/ideeen/moderatie", "/"):
            axe_page.goto(path)
            assert serious_violations(axe, axe_page) == [], (language, path)
            if language == "nl":
                shoot(axe_page, "ideas" + path.replace("/", "-"))


def test_a_librarian_writes_down_a_walk_ins_idea_at_the_kiosk(page, javascript, make_user):
    """At the kiosk a librarian taps "Ik heb een idee", writes down a walk-in's talk with name and phone."""
    librarian = make_user(role="librarian", name="Priya")
    make_kiosk(page, librarian)
    page.get_by_role("link", name="Inloggen").click()
    page.get_by_label("E-mailadres").fill(librarian.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto("/kiosk")
    page.get_by_role("link", name="Ik heb een idee").click()
    page.get_by_label("Ik kan vertellen over").check()
    page.get_by_label("In een paar woorden").fill("Koken uit Suriname")
    page.get_by_label("Naam van de bewoner").fill("Gloria")
    page.get_by_label("Hun telefoonnummer").fill("06 12345678")
    shoot(page, f"ideas-kiosk-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Stop het idee in de bus").click()
    expect(page.locator("#messages")).to_contain_text("Het idee zit in de bus.")
    expect(page.locator(".idea-contact")).to_contain_text("Gloria 06 12345678")
