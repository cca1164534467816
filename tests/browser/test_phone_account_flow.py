"""A resident without e-mail: register with a phone, log out, the desk prints a code, a new password with it."""

from playwright.sync_api import expect

from tests.browser.conftest import open_menu, serious_violations, shoot
from tests.conftest import PASSWORD


def log_in(page, name: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mailadres of telefoonnummer").fill(name)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    # logged in once the page after it is there: a menu opened before would open on the log-in page
    expect(page.locator("header form[action='/logout']").first).to_be_attached()


def log_out(page) -> None:
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.locator("#messages")).to_contain_text("Je bent uitgelogd.")


def test_phone_registration_desk_code_and_reset(page, javascript, make_user):
    """Register with a phone (a wrong one first), log out; the librarian prints a code; the resident resets."""
    librarian = make_user(role="librarian", name="Priya Ramdin")
    page.goto("/register")
    page.get_by_label("Je naam").fill("Ruth Doelwijt")
    page.get_by_label("E-mailadres of telefoonnummer").fill("06-1234")
    page.get_by_label("Wachtwoord").fill("tulips in the park")
    page.get_by_role("button", name="Maak mijn account").click()
    expect(page.locator("#email-error")).to_contain_text("geen Nederlands telefoonnummer")
    expect(page.get_by_label("E-mailadres of telefoonnummer")).to_have_value("06-1234")
    if javascript:
        shoot(page, "phone-register-error")
    page.get_by_label("E-mailadres of telefoonnummer").fill("06 1234 5678")
    page.get_by_label("Wachtwoord").fill("tulips in the park")
    page.get_by_role("button", name="Maak mijn account").click()
    expect(page.locator("#messages")).to_contain_text("Welkom in de buurt, Ruth Doelwijt!")
    log_out(page)

    log_in(page, librarian.email, PASSWORD)
    page.goto("/desk/password-codes")
    page.get_by_label("Telefoonnummer of naam").fill("+31 6 12345678")
    page.get_by_role("button", name="Zoeken").click()
    person = page.locator(".desk-person", has_text="Ruth Doelwijt")
    person.get_by_role("button", name="Print een code").click()
    expect(person.locator(".error")).to_contain_text("Controleer eerst wie dit is")
    if javascript:
        shoot(page, "phone-desk-search")
    page.locator(".desk-person", has_text="Ruth Doelwijt").get_by_label("Ik heb gecontroleerd").check()
    page.locator(".desk-person", has_text="Ruth Doelwijt").get_by_role("button", name="Print een code").click()
    code = page.locator(".desk-code").inner_text()
    if javascript:
        shoot(page, "phone-desk-slip")
    page.goto("/")  # the slip is a print page: no menu
    log_out(page)

    page.goto("/password/forgot")
    page.get_by_role("link", name="kies een nieuw wachtwoord met de code").click()
    page.get_by_label("Telefoonnummer").fill("0612345678")
    page.get_by_label("Code van het briefje").fill("AAAAA-BBBBB")
    page.get_by_label("Nieuw wachtwoord").fill("a new spring sentence")
    page.get_by_role("button", name="Bewaar mijn nieuwe wachtwoord").click()
    expect(page.locator("#code-error")).to_contain_text("klopt niet")
    expect(page.get_by_label("Telefoonnummer")).to_have_value("0612345678")
    if javascript:
        shoot(page, "phone-code-reset-error")
    page.get_by_label("Code van het briefje").fill(code)
    page.get_by_label("Nieuw wachtwoord").fill("a new spring sentence")
    page.get_by_role("button", name="Bewaar mijn nieuwe wachtwoord").click()
    expect(page.locator("#messages")).to_contain_text("Je nieuwe wachtwoord is opgeslagen")
    log_in(page, "06-12345678", "a new spring sentence")
    open_menu(page)
    expect(page.get_by_role("link", name="Mijn account")).to_be_visible()


def test_phone_pages_have_no_serious_axe_violations(axe_page, axe, make_user):
    """axe-core finds no serious or critical problem on the code reset page and the desk page."""
    axe_page.goto("/password/code")
    assert serious_violations(axe, axe_page) == []
    librarian = make_user(role="librarian")
    axe_page.goto("/login")
    axe_page.get_by_label("E-mailadres of telefoonnummer").fill(librarian.email)
    axe_page.get_by_label("Wachtwoord").fill(PASSWORD)
    axe_page.get_by_role("button", name="Inloggen").click()
    axe_page.goto("/desk/password-codes?q=Person")
    assert serious_violations(axe, axe_page) == []
