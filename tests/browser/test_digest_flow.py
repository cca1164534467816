"""The weekly digest by e-mail in a real browser, with JavaScript on and off: sign up, then stop it from the mail."""

from playwright.sync_api import expect

from portal.paper import digest
from tests.browser.conftest import serious_violations, shoot
from tests.browser.test_applause_flow import log_in
from tests.paper.test_digest import mails, token_for


def test_sign_up_then_stop_from_the_mail(app, page, javascript, make_user):
    """A resident signs up on the account page, then stops the e-mail with the link from it, without logging in."""
    person = make_user(name="Sanne")
    log_in(page, person)
    page.goto("/account")
    page.get_by_role("button", name="Stuur mij het Buurtbericht").click()
    said = page.locator("#digest").get_by_text("Vanaf maandag krijg je het Buurtbericht per e-mail.")
    expect(said).to_be_in_viewport()  # in the button's own box, in view, not at the top of the account page
    expect(page.get_by_role("button", name="Stop de e-mail")).to_be_visible()
    with app.app_context():
        assert digest.queue_digests() == 1
        [mail] = mails(app).values()
    link = mail["List-Unsubscribe"].strip("<>").removeprefix(app.config["PUBLIC_URL"].rstrip("/"))
    page.context.clear_cookies()
    page.goto(link)
    page.get_by_role("button", name="Ja, stop de e-mail").click()
    expect(page.get_by_text("Klaar: je krijgt het Buurtbericht niet meer per e-mail.")).to_be_visible()
    with app.app_context():
        assert not digest.is_subscribed(person.id)


def test_digest_pages_have_no_serious_violations(app, axe_page, axe, make_user):
    """The unsubscribe page (asking, and a bad link) and the account section pass axe-core, in Dutch and English."""
    person = make_user(name="Kwame")
    with app.app_context():
        digest.set_subscribed(person.id, True)
    token = token_for(app, person)
    for language in ("nl", "en"):
        axe_page.goto(f"/language/{language}")
        for path in (f"/buurtbericht/afmelden/{token}", f"/buurtbericht/afmelden/{token}x"):
            axe_page.goto(path)
            assert serious_violations(axe, axe_page) == [], (language, path)
    shoot(axe_page, "paper-digest-unsubscribe")
    axe_page.goto("/language/nl")
    log_in(axe_page, person)
    axe_page.goto("/account")
    assert serious_violations(axe, axe_page) == []
