"""A refused form on a phone, JavaScript on and off: the message shows where the resident is, what they typed stays."""

from datetime import timedelta

from playwright.sync_api import expect

from portal.extensions import db
from tests.browser.conftest import SCREENS, shoot
from tests.browser.test_applause_flow import log_in
from tests.conftest import saved


def as_landed(page, name: str) -> None:
    """Save the screen as the resident first sees it after the answer (360x640, not the whole page)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}-as-landed.png"), caret="initial")  # hiding it needs a <style>


def long_idea(app, make_user):
    """Return an idea with enough reactions in words that its form is screens below the top."""
    from portal.ideas.services import add_comment, propose

    with app.app_context():
        author = db.session.merge(make_user(name="Tomasz Nowak"))
        idea = propose("Een taalcafé op zaterdagochtend", "Het taalcafé op dinsdag is vol. Zelfde koffie, "
                       "zaterdag om 10 uur.", "idea", None, author)
        for number in range(6):
            add_comment(idea, author, f"Reactie {number}: goed plan, ik neem koekjes mee en vertel het door.")
        db.session.commit()
        return saved(idea)


def long_position(app):
    """Return an open question whose answer card is below a long text."""
    from portal.core.time import today
    from portal.voice.models import Position
    from portal.voice.services import closes_at_for

    text = ("Het stadsdeel wil het Nellesteinplein opnieuw inrichten: minder parkeerplaatsen, meer bomen, een "
            "waterspeelplek en een vaste plek voor de markt op zaterdag.\n") * 3
    with app.app_context():
        position = Position(title="Wat vinden we van het plan voor het Nellesteinplein?", text=text,
                            closes_at=closes_at_for(today() + timedelta(days=10)))
        db.session.add(position)
        return saved(position)


def test_an_empty_idea_shows_what_is_wrong_on_the_first_screen(page, javascript, make_user):
    """An idea without a title: the summary and the field's message are on screen, the red field and the text
    typed below it kept."""
    log_in(page, make_user(name="Sanne"))
    page.goto("/ideeen/nieuw")
    page.get_by_label("Vertel er iets meer over (niet verplicht)").fill("Koffie en taal op zaterdag")
    page.get_by_role("button", name="Stop mijn idee in de bus").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Er ging iets mis")
    expect(page.locator("#title-error")).to_contain_text("Vul dit in.")
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Vertel er iets meer over (niet verplicht)")).to_have_value("Koffie en taal op zaterdag")
    if javascript:  # swapped in place: the first refused field has the focus, the message below it is on screen
        expect(page.locator("#title")).to_be_focused()
        expect(page.locator("#title-error")).to_be_in_viewport()
    else:  # a new page: it opens at the summary, which has the focus; "Fout:" in the title
        expect(summary).to_be_focused()
        expect(summary).to_be_in_viewport()
        assert page.title().startswith("Fout: Ik heb een idee")
    border = page.locator("#title").evaluate("element => getComputedStyle(element).borderTopColor")
    assert border == "rgb(179, 38, 30)", border  # the error red, as the textarea gets
    as_landed(page, f"refused-idea-{'js' if javascript else 'nojs'}")
    summary.get_by_role("link", name="In een paar woorden: Vul dit in.").click()
    expect(page.locator("#title")).to_be_focused()
    shoot(page, f"refused-idea-{'js' if javascript else 'nojs'}")


def test_a_refused_reaction_shows_its_message_at_the_form(page, javascript, app, make_user):
    """An empty or too long reaction below six others: the message is on screen at the form, the words kept."""
    idea = long_idea(app, make_user)
    log_in(page, make_user(name="Sanne"))
    mode = "js" if javascript else "nojs"
    for typed, message in (("", "Vul dit in."), ("x" * 501, "Gebruik hoogstens 500 tekens.")):
        page.goto(f"/ideeen/{idea.id}")
        page.get_by_label("Je reactie").evaluate("field => field.removeAttribute('maxlength')")  # as a paste can
        page.get_by_label("Je reactie").fill(typed)
        page.get_by_role("button", name="Plaats mijn reactie").click()
        expect(page.locator("#text-error")).to_contain_text(message)
        expect(page.locator("#text-error")).to_be_in_viewport()
        if javascript:  # a new page opens at the form's anchor instead, where browsers skip autofocus
            expect(page.get_by_label("Je reactie")).to_be_focused()
        expect(page.get_by_label("Je reactie")).to_have_value(typed)
        expect(page.get_by_role("button", name="Plaats mijn reactie")).to_be_in_viewport()
        as_landed(page, f"refused-reaction-{'long' if typed else 'empty'}-{mode}")
    page.get_by_label("Je reactie").fill("Ik kom helpen met de koffie.")
    page.get_by_role("button", name="Plaats mijn reactie").click()
    expect(page.locator("#comments")).to_contain_text("Ik kom helpen met de koffie.")
    expect(page.locator("#comments .message-ok")).to_contain_text("Bedankt voor je reactie.")
    expect(page.locator("#comments .message-ok")).to_be_in_viewport()  # htmx: above the form; else: at #comments
    as_landed(page, f"placed-reaction-{mode}")


def test_a_too_long_answer_shows_its_message_at_the_answer(page, javascript, app, make_user):
    """An answer over 500 characters below a long question: the message is on screen, the words kept."""
    position = long_position(app)
    log_in(page, make_user(name="Sanne"))
    page.goto(f"/buurtstem/{position.id}")
    card = page.locator(f"#respond-{position.id}")
    card.get_by_label("Ik ben ervoor").check()
    field = page.get_by_label("Waarom? In je eigen woorden (niet verplicht)")
    field.evaluate("field => field.removeAttribute('maxlength')")  # as a paste can
    field.fill("y" * 501)
    card.get_by_role("button", name="Verstuur mijn antwoord").click()
    expect(page.locator("#argument-error")).to_contain_text("Gebruik hoogstens 500 tekens.")
    expect(page.locator("#argument-error")).to_be_in_viewport()
    if javascript:
        expect(field).to_be_focused()
    expect(field).to_have_value("y" * 501)
    as_landed(page, f"refused-answer-{'js' if javascript else 'nojs'}")
