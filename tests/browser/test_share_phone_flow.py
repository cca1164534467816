"""Share a task and a shout-out without an app; add a phone number to your account; free a number at the desk.
JavaScript on and off, on a phone; axe-core in Dutch and English."""

from urllib.parse import quote

from playwright.sync_api import expect

from tests.browser.conftest import open_menu, serious_violations, shoot
from tests.conftest import PASSWORD


def log_in(page, name: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("E-mailadres of telefoonnummer").fill(name)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator("#messages")).to_contain_text("Welkom")


def test_a_visitor_shares_a_task_and_a_shout_out(page, javascript, make_task, make_initiative, make_shout,
                                                  live_server, app):
    """From a board the task's title opens its page with WhatsApp, Telegram and e-mail links and a text to copy;
    on the feed "Delen" opens the shout-out's share links."""
    task = make_task(make_initiative("Buurtmoestuin"), title="Schoffelen", places_needed=2)
    shout = make_shout("Dank voor de soep!", thanked_name="Fatima")
    public = app.config["PUBLIC_URL"].rstrip("/")
    page.goto(f"/boards/{task.initiative_id}")
    page.get_by_role("link", name="Schoffelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schoffelen")
    share = page.get_by_role("navigation", name="Delen")
    text = f"Wie helpt? Schoffelen\nnog 2 mensen nodig · 1 uur\nBuurtmoestuin\n{public}/tasks/{task.id}"
    expect(share.get_by_role("link", name="WhatsApp")).to_have_attribute("href",
                                                                         "https://wa.me/?text=" + quote(text, safe=""))
    expect(share.get_by_role("link", name="Telegram")).to_have_attribute(
        "href", "https://t.me/share/url?url=" + quote(f"{public}/tasks/{task.id}", safe="") + "&text="
                + quote(text.rsplit("\n", 1)[0], safe=""))
    share.get_by_text("Als tekst voor een groepsapp").click()
    copy = share.get_by_label("Kopieer deze tekst naar je groepsapp:")
    expect(copy).to_be_visible()
    expect(copy).to_have_value(text)
    shoot(page, f"share-task-{'js' if javascript else 'nojs'}")
    page.goto("/applause")
    page.locator(f"#shout-{shout.id}").get_by_role("link", name="Delen").click()
    expect(page).to_have_url(f"{live_server}/applause/{shout.id}#share")
    body = f"Bedankt, Fatima!\nDank voor de soep!\n{public}/applause/{shout.id}"
    expect(page.get_by_role("navigation", name="Delen").get_by_role("link", name="E-mail")).to_have_attribute(
        "href", "mailto:?subject=" + quote("Bedankt, Fatima!", safe="") + "&body=" + quote(body, safe=""))
    shoot(page, f"share-shout-{'js' if javascript else 'nojs'}")


def test_a_resident_adds_a_phone_number(page, javascript, make_user):
    """On the account page a resident adds a number: a wrong one first (message at the field, what was typed
    stays), then a right one with the password; then logs in with it."""
    resident = make_user(name="Amira Haddou")
    log_in(page, resident.email)
    open_menu(page)
    page.get_by_role("link", name="Mijn account").click()
    page.get_by_role("link", name="Zet er een telefoonnummer bij").click()
    page.get_by_label("Telefoonnummer").fill("06-1234")
    page.get_by_label("Je wachtwoord, om zeker te weten dat jij het bent").fill(PASSWORD)
    page.get_by_role("button", name="Bewaar mijn telefoonnummer").click()
    expect(page.locator("#phone-error")).to_contain_text("geen Nederlands telefoonnummer")
    expect(page.get_by_label("Telefoonnummer")).to_have_value("06-1234")
    shoot(page, f"phone-change-error-{'js' if javascript else 'nojs'}")
    page.get_by_label("Telefoonnummer").fill("+31 6 12345678")
    page.get_by_label("Je wachtwoord, om zeker te weten dat jij het bent").fill(PASSWORD)
    page.get_by_role("button", name="Bewaar mijn telefoonnummer").click()
    expect(page.locator("#messages")).to_contain_text("Je telefoonnummer is bewaard.")
    expect(page.locator("#phone")).to_contain_text("+31612345678")
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "06-12345678")


def test_the_desk_frees_a_number_someone_else_registered(page, javascript, make_user, app):
    """The librarian finds the number, ticks that it is the owner's, and frees it; the owner registers with it."""
    from portal.accounts import services
    from portal.extensions import db

    with app.app_context():
        services.create_user("henk@example.org", "Henk Houder", PASSWORD, phone="06-12345678")
        db.session.commit()
    librarian = make_user(role="librarian")
    log_in(page, librarian.email)
    page.goto("/desk/password-codes")
    page.get_by_label("Telefoonnummer of naam").fill("06 1234 5678")
    page.get_by_role("button", name="Zoeken").click()
    person = page.locator(".desk-person", has_text="Henk Houder")
    person.get_by_text("Is dit nummer van iemand anders?").click()
    person.get_by_role("button", name="Maak dit nummer vrij").click()
    expect(page.locator("#owner_checked-error")).to_contain_text("Kijk eerst van wie het nummer is")
    shoot(page, f"desk-free-phone-error-{'js' if javascript else 'nojs'}")
    page.get_by_label("Dit nummer is van de persoon voor mij").check()
    page.get_by_role("button", name="Maak dit nummer vrij").click()
    expect(page.locator("#messages")).to_contain_text("Het nummer is vrij.")
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.goto("/register")
    page.get_by_label("Je naam").fill("Olga Eigenaar")
    page.get_by_label("E-mailadres of telefoonnummer").fill("06-12345678")
    page.get_by_label("Wachtwoord").fill("tulips in the park")
    page.get_by_role("button", name="Maak mijn account").click()
    expect(page.locator("#messages")).to_contain_text("Welkom in de buurt, Olga Eigenaar!")


def test_share_and_phone_pages_have_no_serious_axe_violations(axe_page, axe, make_user, make_task, make_shout,
                                                               app):
    """axe-core finds no serious or critical problem on the task page, a shout-out's page with its text open, the
    phone page and the desk with its free-a-number form open, in Dutch and English."""
    from portal.accounts import services
    from portal.extensions import db

    task = make_task(title="Stoelen zetten")
    shout = make_shout("Voor de koffie.", thanked_name="Sanne")
    with app.app_context():
        services.create_user(None, "Ruth Doelwijt", PASSWORD, phone="06-87654321")
        db.session.commit()
    coordinator = make_user(role="coordinator")
    axe_page.goto("/login")
    axe_page.get_by_label("E-mailadres of telefoonnummer").fill(coordinator.email)
    axe_page.get_by_label("Wachtwoord").fill(PASSWORD)
    axe_page.get_by_role("button", name="Inloggen").click()
    for language in ("nl", "en"):
        axe_page.goto(f"/language/{language}?next=/")
        for path in (f"/tasks/{task.id}", f"/applause/{shout.id}", "/applause", "/account/phone",
                     "/desk/password-codes?q=0687654321"):
            axe_page.goto(path)
            for summary in axe_page.locator("main details:not([open]) > summary").all():
                summary.click()
            assert serious_violations(axe, axe_page) == [], (language, path)
    axe_page.goto("/language/nl?next=/")
