"""On a phone, JavaScript on and off: a stopped initiative cannot be chosen for a new idea, also not by a changed
form, while an event it organised is still changed; and the budget leaflet's apply button opens the form."""

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from tests.browser.conftest import shoot
from tests.browser.test_applause_flow import log_in
from tests.conftest import PASSWORD, future_local


def test_a_stopped_initiative_is_refused_for_a_new_idea_and_kept_by_its_event(app, page, javascript, make_user,
                                                                                make_group):
    """The idea form leaves the stopped club out; a form changed to send its id anyway is refused at the field with
    the reason and the title kept; the club's event still opens with the club chosen, and saves."""
    from portal.core.time import to_utc
    from portal.events.models import Event
    from portal.initiatives.models import Initiative

    mode = "js" if javascript else "nojs"
    cook = make_user(name="Kees")
    stopped = make_group("Kookclub Gein", carriers=[cook])
    make_group("Keti Koti", members=[cook])
    with app.app_context():
        db.session.get(Initiative, stopped.id).status = "stopped"
        event = Event(initiative_id=stopped.id, title="Soepavond", start_at=to_utc(future_local(8, 18)),
                      end_at=to_utc(future_local(8, 21)), address="Bijlmerpark", public=True)
        db.session.add(event)
        db.session.commit()
        event_id = event.id
    log_in(page, cook)
    page.goto("/ideeen/nieuw")
    choice = page.locator("select[name=initiative]")
    expect(choice.locator("option", has_text="Kookclub Gein")).to_have_count(0)
    page.get_by_label("In een paar woorden").fill("Soep op zaterdag")
    # A hand-made request: the option for Keti Koti is made to send the stopped club's id.
    choice.locator("option", has_text="Keti Koti").evaluate("(option, id) => { option.value = id }", str(stopped.id))
    choice.select_option(label="Keti Koti")
    page.get_by_role("button", name="Stop mijn idee in de bus").click()
    expect(page.locator("#initiative-error")).to_contain_text("Dit initiatief is gestopt. Kies een ander initiatief.")
    expect(page.get_by_label("In een paar woorden")).to_have_value("Soep op zaterdag")
    shoot(page, f"stopped-choice-refused-{mode}")
    page.goto(f"/agenda/{event_id}/edit")
    expect(page.locator("select[name=initiative] option:checked")).to_have_text("Kookclub Gein")
    page.get_by_label("Naam van de activiteit").fill("Laatste soepavond")
    shoot(page, f"stopped-choice-kept-{mode}")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator("main h1")).to_have_text("Laatste soepavond")


def test_the_leaflet_apply_button_leads_a_visitor_to_the_form(app, page, javascript, make_user, make_group,
                                                              make_budget):
    """A visitor on /budget presses "Log in om geld aan te vragen", logs in, and lands on that budget's form."""
    budget = make_budget(name="Buurtbudget Bijlmer-Centrum")
    amira = make_user(name="Amira")
    make_group("Groen in de buurt", members=[amira])
    page.goto("/budget")
    shoot(page, f"budget-leaflet-visitor-{'js' if javascript else 'nojs'}")
    page.get_by_role("link", name="Log in om geld aan te vragen").click()
    page.get_by_label("E-mailadres").fill(amira.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{page.url.split('/budget')[0]}/budget/{budget.id}/apply")
    expect(page.locator("main h1")).to_have_text("Geld aanvragen bij Buurtbudget Bijlmer-Centrum")
    page.goto("/budget")
    expect(page.locator(".leaflet-links a").first).to_have_text("Geld aanvragen")
    shoot(page, f"budget-leaflet-resident-{'js' if javascript else 'nojs'}")
    page.locator(".leaflet-links a").first.click()
    expect(page.get_by_label("Naam van het plan")).to_be_visible()
    shoot(page, f"budget-apply-form-{'js' if javascript else 'nojs'}")


@pytest.mark.parametrize("javascript", [False], ids=["nojs"])
def test_a_stopped_board_shows_its_history_and_takes_no_new_work(app, page, javascript, make_user, make_group,
                                                                  make_task):
    """On a phone without JavaScript, the carrier of a stopped club opens its board: the note says why, the old task
    is there without "Ik doe het", and there is no button to add a task, join or invite."""
    from portal.initiatives.models import Initiative

    cook = make_user(name="Mehmet")
    stopped = make_group("Kookclub Gein", carriers=[cook])
    make_task(stopped, title="Soep koken", places_needed=2)
    with app.app_context():
        db.session.get(Initiative, stopped.id).status = "stopped"
        db.session.commit()
    log_in(page, cook)
    page.goto(f"/boards/{stopped.id}")
    expect(page.locator(".stopped-note")).to_contain_text("Dit initiatief is gestopt.")
    expect(page.locator(".stopped-note")).to_contain_text("er komt geen nieuw werk bij")
    expect(page.get_by_role("link", name="Soep koken")).to_be_visible()
    expect(page.locator("#main")).not_to_contain_text("mensen nodig")  # nobody is asked to help any more
    for name in ("Ik doe het", "Klus toevoegen", "Samen met anderen", "Doe mee met dit initiatief"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    shoot(page, "stopped-board-nojs")
