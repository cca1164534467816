"""Account flows in a real browser, with JavaScript on and off."""

from playwright.sync_api import expect

from tests.accounts.test_views import mailed_link
from tests.browser.conftest import open_menu, serious_violations, shoot
from tests.conftest import PASSWORD

PAGES = ["/", "/login", "/register", "/register/sent", "/password/forgot", "/toegankelijkheid", "/no/such/page"]
LOGGED_IN_PAGES = ["/account", "/account/data", "/account/password", "/account/delete", "/admin/users"]


def test_register_log_out_and_in(app, page, javascript):
    """A resident joins, confirms the address from the mail, logs out and logs in again, JavaScript on or off."""
    page.goto("/")
    page.get_by_role("link", name="Doe mee").first.click()
    page.get_by_label("Je naam").fill("Amira")
    page.get_by_label("E-mailadres").fill("amira@example.org")
    page.get_by_label("Wachtwoord").fill("short")
    page.get_by_role("button", name="Maak mijn account").click()
    expect(page.locator("#password-error")).to_contain_text("Gebruik 8 tot 128 tekens")
    expect(page.get_by_label("Je naam")).to_have_value("Amira")
    page.get_by_label("Wachtwoord").fill("tulips in the park")
    page.get_by_role("button", name="Maak mijn account").click()
    expect(page.get_by_role("heading", name="Kijk in je mailbox")).to_be_visible()
    page.goto(mailed_link(app, "/register/confirm/"))
    expect(page.get_by_text("amira@example.org")).to_be_visible()
    page.get_by_role("button", name="Bevestig mijn account").click()
    expect(page.locator("#messages")).to_contain_text("Welkom in de buurt, Amira!")
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.locator("#messages")).to_contain_text("Je bent uitgelogd.")
    open_menu(page)
    page.locator("header").get_by_role("link", name="Inloggen").click()
    page.get_by_label("E-mailadres").fill("amira@example.org")
    page.get_by_label("Wachtwoord").fill("tulips in the park")
    page.get_by_role("button", name="Inloggen").click()
    open_menu(page)
    expect(page.get_by_role("link", name="Mijn account")).to_be_visible()


def test_language_switch(page):
    """The language switch turns the page English and back."""
    page.goto("/login")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Nederlands").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


def test_skip_link_is_first_and_works(page, javascript):
    """The first Tab reaches the skip link, which moves focus to the content."""
    page.goto("/login")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()


def test_public_pages_have_no_serious_axe_violations(axe_page, axe, live_server):
    """axe-core finds no serious or critical problem on public pages, Dutch and English."""
    for language in ("nl", "en"):
        if language == "en":
            axe_page.goto("/login")
            axe_page.get_by_role("link", name="English").click()
        for path in PAGES:
            axe_page.goto(path)
            assert serious_violations(axe, axe_page) == [], (language, path)
            if language == "nl":
                shoot(axe_page, "public" + path.replace("/", "-").rstrip("-"))


def test_logged_in_pages_have_no_serious_axe_violations(axe_page, axe, make_user):
    """axe-core finds no serious or critical problem on account and admin pages."""
    admin = make_user(role="admin", name="Henk")
    axe_page.goto("/login")
    axe_page.get_by_label("E-mailadres").fill(admin.email)
    axe_page.get_by_label("Wachtwoord").fill(PASSWORD)
    axe_page.get_by_role("button", name="Inloggen").click()
    for path in LOGGED_IN_PAGES:
        axe_page.goto(path)
        assert serious_violations(axe, axe_page) == [], path
        shoot(axe_page, "admin" + path.replace("/", "-"))


def test_touch_targets_are_large_enough(axe_page):
    """Buttons, form fields and navigation links (the menu open) are at least 44 px tall."""
    axe_page.goto("/login")
    open_menu(axe_page)
    small = axe_page.evaluate("""() => [...document.querySelectorAll(
        'button, input:not([type=hidden]):not([type=checkbox]), select, nav a, a.button, summary')]
        .filter(e => e.offsetParent !== null).filter(e => e.getBoundingClientRect().height < 44)
        .map(e => e.outerHTML.slice(0, 80))""")
    assert small == []
