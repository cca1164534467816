"""Headless Chromium (Debian's) driven by Playwright, with JavaScript on and off."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENS = Path(__file__).resolve().parents[2] / "instance" / "screens"
PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """Launch Debian's Chromium once for the session."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def javascript(request) -> bool:
    """Run the test with JavaScript on, then off."""
    return request.param


@pytest.fixture
def page(browser, app, live_server, javascript):
    """Return a phone-sized page on the live server, JavaScript on or off as parametrised."""
    context = browser.new_context(base_url=live_server, viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # "Failed to load resource" is how Chromium logs any 4xx answer (a refused form); real errors stay.
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource") else None)
    yield page
    context.close()
    assert errors == [], f"browser errors (CSP violations show here too): {errors}"


@pytest.fixture
def axe_page(browser, app, live_server):
    """Return a page for axe-core checks (CSP bypassed only so axe's own script can be injected)."""
    context = browser.new_context(base_url=live_server, viewport=PHONE, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


def serious_violations(axe, page) -> list[str]:
    """Return the serious and critical axe-core violations on the page, as readable lines."""
    results = axe.run(page)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def shoot(page, name: str) -> None:
    """Save screenshots at 360x640 and 1280x800 under instance/screens, to look at."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(PHONE)


def open_menu(page) -> None:
    """Open the header's menu when it is folded away (on a phone)."""
    summary = page.locator("header summary")
    if summary.is_visible() and summary.evaluate("e => !e.parentElement.open"):
        summary.click()


from tests.budget.conftest import granted, make_application, make_budget, make_member  # noqa: E402,F401 - fixtures
