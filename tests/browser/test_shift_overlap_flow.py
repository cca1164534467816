"""Sanne on a 360 px phone, JavaScript on and off: taking a shift at the same time as the one she has asks first,
names her shift and its time, and lets her go back or take both; the board's cards show a shift's time."""

from playwright.sync_api import expect

from tests.browser.conftest import shoot
from tests.browser.test_applause_flow import log_in
from tests.browser.test_events_flow import event_with_shifts


def _feast(app, make_user, make_initiative) -> tuple[int, int, int, int, int, object]:
    """Make a neighbourhood feast 9 days ahead, 14:00-17:00, with a kitchen shift 14:00-17:00 and music and
    clearing-up shifts 14:00-16:00; return (event id, initiative id, kitchen, music, cleanup task ids, Sanne)."""
    event_id, initiative_id, (kitchen, music, cleanup), sanne = event_with_shifts(
        app, make_user, make_initiative, "Buurtfeest Zuid", "Buurtfeest", "Plein",
        [("kitchen", 0, 180), ("music", 0, 120), ("cleanup", 0, 120)])
    return event_id, initiative_id, kitchen, music, cleanup, sanne


def test_a_second_shift_at_the_same_time_asks_first(page, javascript, app, make_user, make_initiative):
    """On the event's page Sanne takes the kitchen, then music at the same time: she is asked, goes back, and
    takes it after all; on the board (htmx swaps the question into the card) she is asked again for a third."""
    event_id, initiative_id, kitchen, music, cleanup, sanne = _feast(app, make_user, make_initiative)
    mode = "js" if javascript else "nojs"
    log_in(page, sanne)
    page.goto(f"/agenda/{event_id}")
    page.locator(f"#task-{kitchen}").get_by_role("button", name="Ik help mee").click()
    expect(page.locator(f"#task-{kitchen}")).to_contain_text("Je hebt deze dienst.")
    page.locator(f"#task-{music}").get_by_role("button", name="Ik help mee").click()
    main = page.locator("main")
    expect(main).to_contain_text("Je hebt dan al een dienst: Buurtfeest: Keuken")
    expect(main).to_contain_text("14:00–17:00")
    expect(main).to_contain_text("Wil je „Buurtfeest: Muziek” er toch bij nemen?")
    shoot(page, f"shift-overlap-question-event-{mode}")
    page.get_by_role("link", name="Nee, ga terug").click()
    expect(page).to_have_url(f"{page.url.split('/agenda')[0]}/agenda/{event_id}#task-{music}")
    expect(page.locator(f"#task-{music}")).not_to_contain_text("Je hebt deze dienst.")
    page.locator(f"#task-{music}").get_by_role("button", name="Ik help mee").click()
    page.get_by_role("button", name="Ja, ik doe ze allebei").click()
    page.goto(f"/agenda/{event_id}")
    expect(page.locator(f"#task-{music}")).to_contain_text("Je hebt deze dienst.")

    page.goto(f"/boards/{initiative_id}")
    card = page.locator(f"#task-{cleanup}")
    expect(card).to_contain_text("14:00–16:00")  # the shift's time, not "klaar op"
    expect(card).not_to_contain_text("klaar op")
    card.get_by_role("button", name="Ik doe het").click()
    question = page.locator(f"#task-{cleanup}") if javascript else page.locator("main")
    expect(question).to_contain_text("Je hebt dan al een dienst: Buurtfeest: Keuken")
    expect(question).to_contain_text("Je hebt dan al een dienst: Buurtfeest: Muziek")
    shoot(page, f"shift-overlap-question-board-{mode}")
    page.get_by_role("button", name="Ja, ik doe ze allebei").click()
    # 5 hours already and 2 more: the load guard asks next, naming the task
    expect(question).to_contain_text("Met „Buurtfeest: Opruimen” komen er 2 uur bij.")
    page.get_by_role("button", name="Ja, ik doe het toch").click()
    expect(page.locator(f"#task-{cleanup}")).to_contain_text("Dankjewel! Je doet mee: Buurtfeest: Opruimen.")
    shoot(page, f"shift-overlap-taken-board-{mode}")
