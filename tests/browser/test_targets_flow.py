"""Targets for a finger: on a 360x640 phone and at 1280x800 every link, button, field and fold-out of the key pages
is at least 44x44 px and reachable in all of it, and the weekly sheet fits the phone's screen."""

from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, shoot

SMALL = """selector => [...document.querySelectorAll(selector)].filter(e => e.offsetParent !== null)
    .filter(e => e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 80))"""
# Per page: the targets a resident named, found by their place in the design (not one page's ids).
TARGETS = {
    "/": ".section-head > a, main .actions > a",
    "/ideeen": "main .actions > a",
    "/netwerk": ".partner-item a",
    "/budget": ".leaflet-part summary",
    "/buurtbericht": ".share a, .share summary, .paper-versions a",
}


def test_everyday_links_and_fold_outs_are_finger_sized(axe_page, app):
    """The home page's "Waar kan ik helpen?" and "Al mijn boekingen", the idea box's "Ik kan vertellen over…",
    partners' links, the budget's "In het Engels" and the sheet's share links are all 44 px high; the sheet, in
    Dutch and English, is no wider than the phone."""
    from portal.demo import DEMO_PASSWORD, seed_demo

    with app.app_context():
        seed_demo()
    axe_page.goto("/login")
    axe_page.get_by_label("E-mailadres").fill("sanne@demo.buurtbouw.nl")
    axe_page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    axe_page.get_by_role("button", name="Inloggen").click()
    expect(axe_page.locator("header form[action='/logout']").first).to_be_attached()
    for path, selector in TARGETS.items():
        axe_page.goto(path)
        assert axe_page.locator(selector).count() > 0, path
        assert axe_page.evaluate(SMALL, selector) == [], path
    for path in ("/buurtbericht", "/buurtbericht?lang=en", "/buurtbericht?large=1"):
        axe_page.goto(path)
        assert axe_page.evaluate("() => document.documentElement.scrollWidth") <= 360, path
        assert axe_page.locator(".paper-head img").bounding_box()["x"] + 96 <= 360, path
    shoot(axe_page, "paper-sheet-phone-fits")


# Every visible link, button, field and fold-out, measured; a checkbox or radio by its label (which ticks it). Left
# out: links inside a sentence of running text (a <p> with words around the link, not a line of facts) and the skip
# link, which stays off screen until it has focus. A box of 44 px counts only when a finger reaches the target in all
# of it: a tap in its middle and near each edge (of each line of a wrapped link) lands on it, not on a neighbour.
OFFENDERS = """() => {
    const name = e => (e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + [...e.classList].map(c => '.' + c).join('') + ' in ' + e.parentElement.tagName.toLowerCase()
        + [...e.parentElement.classList].map(c => '.' + c).join('') + ' "'
        + (e.innerText || e.value || e.name || e.getAttribute('aria-label') || '').trim().slice(0, 30) + '"');
    const words = p => [...p.childNodes].filter(n => n.nodeType === 3 || !n.matches('a')).map(n => n.textContent)
        .join(' ').match(/\\p{L}+/gu) || [];
    const prose = e => { const p = e.tagName === 'A' && e.closest('p');
        return p && !p.className && getComputedStyle(e).display === 'inline' && words(p).length > 2; };
    const box = e => (e.type === 'checkbox' || e.type === 'radio') && e.labels.length ? e.labels[0] : e;
    const targets = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea,'
        + 'summary')].filter(e => e.checkVisibility({visibilityProperty: true}) && !prose(e)
            && box(e).getBoundingClientRect().right > 0);
    const found = targets.map(e => [e, box(e).getBoundingClientRect()])
        .filter(([e, r]) => r.height < 43.99 || r.width < 43.99)
        .map(([e, r]) => `${name(e)} ${Math.round(r.width)}x${Math.round(r.height)}`);
    const todo = new Set(targets), screen = innerHeight;
    for (let top = 0; todo.size && top < document.documentElement.scrollHeight; top += screen / 2) {
        scrollTo(0, top);
        for (const e of [...todo]) {
            const rects = [...box(e).getClientRects()];
            if (!rects.every(r => r.top >= 0 && r.bottom <= screen)) continue;
            todo.delete(e);
            const taps = rects.flatMap(r => { const x = r.left + r.width / 2, y = r.top + r.height / 2;
                return [[x, y], [x, r.top + 2], [x, r.bottom - 2], [r.left + 2, y], [r.right - 2, y]]; });
            const other = taps.map(([x, y]) => document.elementFromPoint(x, y))
                .find(hit => hit && !box(e).contains(hit) && !e.contains(hit));
            if (other) found.push(`${name(e)}: a tap near its edge reaches ${name(other)}`);
        }
    }
    scrollTo(0, 0);
    return found;
}"""


def demo_pages(app) -> list[str]:
    """Return the key pages of the demo neighbourhood, with the ids of its richest shout-out, board, event..."""
    from sqlalchemy import func, select

    from portal.applause.models import Shout
    from portal.boards.models import Task
    from portal.budget.models import Application, Budget
    from portal.db import utcnow
    from portal.demo import seed_demo
    from portal.events.models import Event
    from portal.extensions import db
    from portal.ideas.models import Idea
    from portal.initiatives.models import Initiative
    from portal.venues.models import Room
    from portal.voice.models import Position

    with app.app_context():
        seed_demo()
        one = db.session.scalar
        shout = one(select(func.max(Shout.id)))
        room = one(select(func.min(Room.id)))
        board = one(select(Task.initiative_id).group_by(Task.initiative_id).order_by(func.count().desc()).limit(1))
        initiative = one(select(Initiative.id).where(Initiative.visibility == "public").order_by(Initiative.id))
        event = one(select(Event.id).where(Event.status == "published", Event.end_at > utcnow())
                    .order_by(Event.start_at))
        idea = one(select(func.max(Idea.id)))
        position = one(select(Position.id).order_by(Position.closes_at.desc()))
        application = one(select(func.min(Application.id)))
        budget = one(select(func.min(Budget.id)))
    return ["/", "/applause", f"/applause/{shout}", f"/rooms/{room}", f"/boards/{board}", "/boards/help",
            "/netwerk", f"/initiatieven/{initiative}", "/agenda", f"/agenda/{event}", "/ideeen", f"/ideeen/{idea}",
            "/budget", f"/budget/applications/{application}", f"/budget/{budget}/edit",  # the edit page: coordinators
            "/buurtbericht", "/buurtstem", f"/buurtstem/{position}"]


def test_every_target_on_the_key_pages_is_44_px(axe_page, app):
    """On a 360x640 phone and at 1280x800, every link, button, field and fold-out a visitor, a resident and a
    coordinator see on the key pages of the demo neighbourhood is a target of at least 44x44 px that a finger reaches
    in all of it: tags, timestamps, titles, the sheet's links and the agenda's feeds too."""
    from portal.demo import DEMO_PASSWORD

    pages = demo_pages(app)
    small = {}
    for person in (None, "sanne@demo.buurtbouw.nl", "fatima@demo.buurtbouw.nl"):
        if person:
            axe_page.context.clear_cookies()
            axe_page.goto("/login")
            axe_page.get_by_label("E-mailadres").fill(person)
            axe_page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
            axe_page.get_by_role("button", name="Inloggen").click()
            expect(axe_page.locator("header form[action='/logout']").first).to_be_attached()
        for size in (PHONE, DESKTOP):
            axe_page.set_viewport_size(size)
            for path in pages:
                axe_page.goto(path)
                offenders = axe_page.evaluate(OFFENDERS)
                if offenders:
                    small[f"{path} at {size['width']}px for {person or 'a visitor'}"] = offenders
    report = "\n".join(f"{where}: {', '.join(found)}" for where, found in small.items())
    assert not small, f"targets under 44x44 px or covered by a neighbour:\n{report}"
