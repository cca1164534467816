"""The budget in a real browser: apply, see every condition checked, fix, send; JavaScript on and off; axe on
the budget pages, with screenshots at 360x640 and 1280x800."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serious_violations, shoot
from tests.browser.test_applause_flow import log_in


def test_apply_see_the_checks_and_send(page, javascript, make_user, make_budget, make_initiative, make_member):
    """A member applies with too much overhead, sees it marked not met with the reason, fixes it and sends it."""
    budget = make_budget(conditions=[("max_overhead_share", {"percent": 8}), ("people", {})],
                         name="Buurtbudget Bijlmer-Centrum")
    initiative = make_initiative("Groen in de buurt")
    user = make_user(name="Amira")
    make_member(user, initiative)
    log_in(page, user)
    page.goto("/budget")
    expect(page.locator("main")).to_contain_text("Samen de buurt sterker maken.")
    page.goto(f"/budget/{budget.id}")
    page.get_by_role("link", name="Geld aanvragen").click()
    page.get_by_label("Naam van het plan").fill("Moestuin aan de Bijlmerdreef")
    page.get_by_label("Wat wil je doen, en waarom?").fill("Samen groente kweken, met les voor kinderen.")
    page.get_by_label("Hoeveel bewoners doen mee?").fill("12")
    page.locator("#lines-0-category").select_option("materials")
    page.locator("#lines-0-amount").fill("€ 1.000,50")
    page.locator("#lines-1-category").select_option("overhead")
    page.locator("#lines-1-amount").fill("200")
    page.get_by_role("button", name="Bewaren en de controle zien").click()
    checks = page.locator("#checks")
    expect(checks).to_contain_text("Niet gehaald")
    expect(checks).to_contain_text("Door mensen te beoordelen")
    expect(page.get_by_role("button", name="Aanvraag versturen")).to_have_count(0)
    shoot(page, f"budget-checks-{'js' if javascript else 'nojs'}")
    page.get_by_role("link", name="Wijzig", exact=True).click()
    page.locator("#lines-1-amount").fill("80")
    page.get_by_role("button", name="Bewaren en de controle zien").click()
    expect(page.locator("#checks")).not_to_contain_text("Niet gehaald")
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.locator("main")).to_contain_text("Verstuurd, wacht op een besluit")


def test_apply_with_a_line_missing_its_amount_then_read_the_page(page, javascript, make_user, make_budget,
                                                                  make_initiative, make_member):
    """A member forgets one line's amount: told at that field, the words kept; then the page says who takes part in
    two clearly different ways and links the plan; the initiative choice has no empty group."""
    budget = make_budget(conditions=[("min_residents", {"number": 5})])
    initiative = make_initiative("Groen in de buurt")
    user = make_user(name="Amira")
    make_member(user, initiative)
    mode = "js" if javascript else "nojs"
    log_in(page, user)
    page.goto(f"/budget/{budget.id}/apply")
    expect(page.locator("select[name=initiative] optgroup")).to_have_count(1)
    page.get_by_label("Naam van het plan").fill("Repaircafé De Nelle")
    page.get_by_label("Wat wil je doen, en waarom?").fill("Een repaircafé, elke maand.")
    page.get_by_label("Hoeveel bewoners doen mee?").fill("6")
    page.get_by_label("Waar staat je plan?").fill(f"/initiatives/{initiative.id}")
    page.locator("#lines-0-category").select_option("materials")
    page.locator("#lines-0-description").fill("Gereedschap")
    page.locator("#lines-0-amount").fill("250")
    page.locator("#lines-1-category").select_option("rent")
    page.locator("#lines-1-description").fill("Zaalhuur")
    page.get_by_role("button", name="Bewaren en de controle zien").click()
    expect(page.locator("#lines-1-amount-error")).to_contain_text("Vul het bedrag voor deze regel in.")
    expect(page.locator("#lines-1-description")).to_have_value("Zaalhuur")
    shoot(page, f"budget-apply-line-without-amount-{mode}")
    page.locator("#lines-1-amount").fill("1.000,50")
    page.get_by_role("button", name="Bewaren en de controle zien").click()
    main = page.locator("main")
    expect(main).to_contain_text("De aanvragers zeggen: 6 bewoners doen mee.")
    expect(page.locator("#checks")).to_contain_text("Het portaal telt leden van het initiatief: 1")
    expect(main.get_by_role("link", name=f"/initiatives/{initiative.id}")).to_have_attribute(
        "href", f"/initiatives/{initiative.id}")
    shoot(page, f"budget-application-residents-plan-{mode}")


def test_support_with_and_without_javascript(page, javascript, make_user, make_budget, make_application):
    """"Ik steun dit" counts once and says thank you beside the button, JavaScript on or off."""
    application = make_application(make_budget())
    log_in(page, make_user())
    page.goto(f"/budget/applications/{application.id}")
    page.get_by_role("button", name="Ik steun dit").click()
    support = page.locator(f"#support-{application.id}")
    expect(support).to_contain_text("Dank je wel voor je steun!")
    expect(support).to_contain_text("1 buur steunt dit.")


def test_a_member_is_not_offered_support(page, javascript, make_user, make_budget, make_application,
                                        make_initiative, make_member):
    """A member of the applying initiative reads that they count already, and gets no "Ik steun dit" to press."""
    initiative = make_initiative("Groen in de buurt")
    application = make_application(make_budget(), initiative)
    member = make_user(name="Amira")
    make_member(member, initiative)
    log_in(page, member)
    page.goto(f"/budget/applications/{application.id}")
    support = page.locator(f"#support-{application.id}")
    expect(support).to_contain_text("Je bent lid: je telt al mee.")
    expect(support.get_by_role("button")).to_have_count(0)
    shoot(page, f"budget-support-member-{'js' if javascript else 'nojs'}")


def test_budget_pages_have_no_serious_axe_violations(axe_page, axe, make_user, granted):
    """axe-core finds no serious or critical problem on the budget pages, in Dutch and in English."""
    log_in(axe_page, make_user(role="coordinator"))
    paths = ["/budget", f"/budget/{granted.budget_id}", f"/budget/applications/{granted.id}",
             f"/budget/{granted.budget_id}/ledger", f"/budget/{granted.budget_id}/print",
             f"/budget/{granted.budget_id}/report", f"/budget/{granted.budget_id}/history",
             f"/budget/{granted.budget_id}/edit", f"/budget/{granted.budget_id}/apply",
             f"/budget/{granted.budget_id}/progress"]
    for language in ("nl", "en"):
        axe_page.goto(f"/language/{language}")
        for path in paths:
            axe_page.goto(path)
            assert serious_violations(axe, axe_page) == [], (language, path)
            if language == "nl":
                shoot(axe_page, "budget" + path.replace("/", "-"))


def fill_spending(page, amount: str, name: str, data: bytes, mime: str) -> None:
    """Fill the spending form on an application page and choose a receipt."""
    form = page.locator("#spendings form")
    form.locator("#day").fill(date.today().isoformat())
    form.locator("#amount").fill(amount)
    form.locator("#category").select_option("materials")
    form.locator("#description").fill("Zaden en potgrond")
    form.locator("#receipt").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])
    form.get_by_role("button", name="Boek hem").click()


def test_book_a_spending_with_a_receipt(page, javascript, make_user, granted):
    """A web page named .jpg is refused at the receipt field with the amount kept; a real photo is booked, cleaned,
    and its receipt linked, JavaScript on or off."""
    from tests.applause.test_views import image_bytes
    from tests.budget.test_receipts import HTML

    log_in(page, make_user(role="coordinator"))
    page.goto(f"/budget/applications/{granted.id}")
    fill_spending(page, "12,50", "bon.jpg", HTML, "image/jpeg")
    expect(page.locator("#receipt-error")).to_contain_text("Dit is geen bon die we kunnen gebruiken")
    expect(page.locator("#amount")).to_have_value("12,50")
    shoot(page, f"budget-receipt-refused-{'js' if javascript else 'nojs'}")
    fill_spending(page, "12,50", "bon.jpg", image_bytes(size=(1600, 1200), exif_gps=True), "image/jpeg")
    spendings = page.locator("#spendings")
    expect(spendings).to_contain_text("Geboekt: € 12,50.")
    expect(spendings.get_by_role("link", name="bon")).to_have_count(1)


def test_the_receipt_message_has_no_serious_axe_violations(axe_page, axe, make_user, granted):
    """axe-core finds no serious problem on the spending form with a refused receipt, in Dutch and in English."""
    from tests.budget.test_receipts import HTML

    log_in(axe_page, make_user(role="coordinator"))
    for language, button in (("nl", "Boek hem"), ("en", "Book it")):
        axe_page.goto(f"/language/{language}")
        axe_page.goto(f"/budget/applications/{granted.id}")
        form = axe_page.locator("#spendings form")
        form.locator("#day").fill(date.today().isoformat())
        form.locator("#amount").fill("12,50")
        form.locator("#description").fill("Zaden")
        form.locator("#receipt").set_input_files(files=[{"name": "bon.jpg", "mimeType": "image/jpeg",
                                                          "buffer": HTML}])
        form.get_by_role("button", name=button).click()
        expect(axe_page.locator("#receipt-error")).to_be_visible()
        assert serious_violations(axe, axe_page) == [], language


@pytest.mark.parametrize("javascript", [False], ids=["nojs"])
def test_the_leaflet_says_applying_closed_after_the_last_day(page, javascript, make_user, make_budget,
                                                             make_initiative, make_member):
    """With JavaScript off, a member reads on the leaflet that applying closed on the last day, finds no "Geld
    aanvragen" on the budget's page, and the apply address says the same instead of a form."""
    from portal.core.time import today

    last_day = today() - timedelta(days=1)
    budget = make_budget(conditions=[("apply_before", {"day": last_day})], name="Buurtbudget Bijlmer-Centrum")
    user = make_user(name="Amira")
    make_member(user, make_initiative("Groen in de buurt"))
    log_in(page, user)
    page.goto("/budget")
    card = page.locator(f"#budget-{budget.id}")
    expect(card.locator(".leaflet-closed")).to_have_text(f"Aanvragen kon tot en met {last_day.day} "
                                                         f"{DUTCH_MONTHS[last_day.month - 1]} {last_day.year}.")
    shoot(page, "budget-leaflet-closed-nojs")
    expect(card.get_by_role("link", name="Geld aanvragen")).to_have_count(0)
    card.get_by_role("link", name="Alle aanvragen").click()
    expect(page.locator("#applying-closed")).to_contain_text("Aanvragen kon tot en met")
    expect(page.get_by_role("link", name="Geld aanvragen")).to_have_count(0)
    page.goto(f"/budget/{budget.id}/apply")
    expect(page.locator("#applying-closed")).to_contain_text("geen nieuwe aanvraag meer")
    expect(page.get_by_label("Naam van het plan")).to_have_count(0)


DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
                "november", "december")


# Fields past the screen's edge, and fields too narrow for their words: a select for its longest choice (with its
# arrow), a date for "12/31/2030" (with its calendar button), as measured in the field's own font.
FIELDS_CUT_OFF = """() => {
    const ctx = document.createElement('canvas').getContext('2d');
    const wide = (e, text) => { ctx.font = getComputedStyle(e).font; return ctx.measureText(text).width; };
    const room = e => e.clientWidth - parseFloat(getComputedStyle(e).paddingLeft)
        - parseFloat(getComputedStyle(e).paddingRight);
    return [...document.querySelectorAll('main select, main input:not([type=hidden]), main textarea')]
        .filter(e => e.checkVisibility())
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5
            || (e.tagName === 'SELECT' && Math.max(...[...e.options].map(o => wide(e, o.text))) + 16 > room(e))
            || (e.type === 'date' && wide(e, '12/31/2030') + 20 > room(e)))
        .map(e => `${e.id} ${Math.round(e.getBoundingClientRect().width)}`);
}"""


def test_the_condition_form_fits_a_phone_and_says_what_is_missing(page, javascript, make_user, make_budget):
    """At 360 px the coordinator's condition form (the kind, the categories, the date) fits the screen; a last day
    to apply without a date is refused at the date, saying to fill one in, with the text kept."""
    budget = make_budget(name="Feestenfonds Zuidoost")
    log_in(page, make_user(role="coordinator"))
    page.goto(f"/budget/{budget.id}/edit")
    assert page.evaluate(FIELDS_CUT_OFF) == []
    page.get_by_label("Aanvragen kan tot en met een datum").check()
    page.locator("#condition-text").fill("Aanvragen kan tot het einde van de ideeënfase.")
    page.get_by_role("button", name="Voorwaarde toevoegen").click()
    expect(page.locator("#condition-day-error")).to_contain_text("Vul een datum in.")
    expect(page.locator("#condition-text")).to_have_value("Aanvragen kan tot het einde van de ideeënfase.")
    assert page.evaluate(FIELDS_CUT_OFF) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.locator("#condition-day").scroll_into_view_if_needed()
    shoot(page, f"budget-condition-error-{'js' if javascript else 'nojs'}")


def test_the_error_summary_links_are_finger_sized(page, javascript, make_user, make_budget, make_initiative,
                                                   make_member):
    """An application sent empty opens with the summary of what is missing; each of its links to a field is at
    least 44 px high (the shared error summary of every whole-page form)."""
    budget = make_budget()
    user = make_user(name="Amira")
    make_member(user, make_initiative("Groen in de buurt"))
    log_in(page, user)
    page.goto(f"/budget/{budget.id}/apply")
    page.get_by_role("button", name="Bewaren en de controle zien").click()
    links = page.locator(".error-summary a")
    expect(links.first).to_be_visible()
    heights = [links.nth(number).bounding_box()["height"] for number in range(links.count())]
    assert heights and min(heights) >= 44, heights
