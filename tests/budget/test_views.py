"""The leaflet, its edits and history, its print version, and applying: checks shown, sent, supported, decided."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from portal.budget.models import Application, Budget, Change, Condition, Example, Line, Phase, Support
from portal.extensions import db
from tests.conftest import PASSWORD


def test_leaflet_shows_each_budget_in_order_goal_first(client, make_budget):
    """The leaflet shows the goal, then what is possible, the conditions, the money, who decides, the phases."""
    make_budget(conditions=[("max_overhead_share", {"percent": 8})], name="Buurtbudget Bijlmer")
    make_budget(name="Feestenfonds")
    html = client.get("/budget").get_data(as_text=True)
    assert "Buurtbudget Bijlmer" in html and "Feestenfonds" in html
    order = [html.index(word) for word in ("Samen de buurt sterker maken.", "Wat kan er", "De voorwaarden",
                                           "Regel max_overhead_share", "25.000", "Wie beslist", "De fasen")]
    assert order == sorted(order)


def test_leaflet_shows_the_english_goal_to_english_readers(client, make_budget):
    """An English reader reads the English goal first, marked lang="en"."""
    make_budget()
    client.get("/language/en")
    html = client.get("/budget").get_data(as_text=True)
    assert 'lang="en">Make it stronger.' in html


def test_only_coordinators_edit(client, login_as, make_budget):
    """A resident gets 403 on the edit page and sees no edit link."""
    budget = make_budget()
    login_as("resident")
    assert client.get(f"/budget/{budget.id}/edit").status_code == 403
    assert client.post(f"/budget/{budget.id}/conditions", data={"condition-kind": "people",
                                                                 "condition-text": "x"}).status_code == 403
    assert f"/budget/{budget.id}/edit" not in client.get("/budget").get_data(as_text=True)


def test_an_edit_is_kept_in_the_history(app, client, login_as, make_budget):
    """Changing the goal keeps who changed it, when, and what it said before; the history page shows it."""
    budget = make_budget()
    login_as("coordinator", name="Fatima")
    form = {"name": budget.name, "goal_nl": "Buren leren elkaar kennen.", "goal_en": "", "possible": "Een feest.",
            "decides": "Vijf bewoners.", "amount": "25.000", "starts_on": "2026-01-01", "ends_on": "2030-12-31"}
    assert client.post(f"/budget/{budget.id}/edit", data=form).status_code == 303
    with app.app_context():
        changes = {change.part: change for change in db.session.scalars(select(Change))}
        assert changes["goal_nl"].before == "Samen de buurt sterker maken."
        assert changes["goal_nl"].after == "Buren leren elkaar kennen."
        assert changes["goal_en"].before == "Make it stronger."
        assert "amount_cents" not in changes
    html = client.get(f"/budget/{budget.id}/history").get_data(as_text=True)
    assert "Samen de buurt sterker maken." in html and "Fatima" in html


def test_a_name_another_budget_has_is_refused_at_the_name(app, client, login_as, make_budget):
    """A new budget, or a renamed one, with the name of another: the form again with the message at the name and
    what was typed, nothing stored (it gave a 500, and a rename was blamed on the amount)."""
    from portal.budget.models import Budget

    first, second = make_budget(name="Buurtbudget 2027"), make_budget(name="Feestenfonds")
    login_as("coordinator")
    form = {"name": first.name, "goal_nl": "Samen vieren.", "goal_en": "", "possible": "Een feest.",
            "decides": "Vijf bewoners.", "amount": "1.000", "starts_on": "2027-01-01", "ends_on": "2027-12-31"}
    for path in ("/budget/new", f"/budget/{second.id}/edit"):
        response = client.post(path, data=form)
        page = response.get_data(as_text=True)
        assert response.status_code != 303 and 'id="name-error"' in page, path
        assert "Er is al een budget met deze naam. Kies een andere naam." in page and 'id="amount-error"' not in page
        assert "Samen vieren.</textarea>" in page, path  # what was typed is kept
    with app.app_context():
        assert sorted(db.session.scalars(select(Budget.name))) == ["Buurtbudget 2027", "Feestenfonds"]
        assert db.session.get(Budget, second.id).goal_nl != "Samen vieren."


def test_the_history_shows_a_changed_amount_as_money_in_the_readers_language(app, client, login_as, make_budget):
    """A changed amount is kept as it was written, and the history shows it as money: Dutch, then English."""
    budget = make_budget()
    login_as("coordinator", name="Fatima")
    form = {"name": budget.name, "goal_nl": "Samen de buurt sterker maken.", "goal_en": "Make it stronger.",
            "possible": "Een feest.", "decides": "Vijf bewoners.", "amount": "26.000,50", "starts_on": "2026-01-01",
            "ends_on": "2030-12-31"}
    assert client.post(f"/budget/{budget.id}/edit", data=form).status_code == 303
    with app.app_context():
        change = db.session.scalars(select(Change).where(Change.part == "amount_cents")).one()
        assert (change.before, change.after) == ("25000,00", "26000,50")
    html = client.get(f"/budget/{budget.id}/history").get_data(as_text=True)
    assert "€\u00a025.000,00" in html and "€\u00a026.000,50" in html
    assert "25000,00" not in html and "26000,50" not in html
    client.get("/language/en")
    html = client.get(f"/budget/{budget.id}/history").get_data(as_text=True)
    assert "€25,000.00" in html and "€26,000.50" in html


def test_an_amount_below_what_is_granted_is_refused_at_the_field(app, client, login_as, granted):
    """The amount cannot drop below what was granted already: a message at the field, nothing saved."""
    login_as("coordinator")
    with app.app_context():
        budget = db.session.get(Budget, granted.budget_id)
        form = {"name": budget.name, "goal_nl": budget.goal_nl, "goal_en": "", "possible": "", "decides": "x",
                "amount": "500", "starts_on": "2026-01-01", "ends_on": "2030-12-31"}
    html = client.post(f"/budget/{granted.budget_id}/edit", data=form).get_data(as_text=True)
    assert 'id="amount-error"' in html and 'value="500"' in html
    with app.app_context():
        assert db.session.get(Budget, granted.budget_id).amount_cents == 2_500_000


def test_conditions_are_added_as_rules_with_numbers(app, client, login_as, make_budget):
    """A coordinator adds an 8% overhead rule; a kind without its number is refused at the field."""
    budget = make_budget()
    login_as("coordinator")
    response = client.post(f"/budget/{budget.id}/conditions", data={"condition-kind": "max_overhead_share",
                                                                     "condition-text": "8%"})
    assert "condition-percent-error" in response.get_data(as_text=True)
    overhead = {"condition-kind": "max_overhead_share", "condition-text": "Max 8% overhead", "condition-percent": "8"}
    assert client.post(f"/budget/{budget.id}/conditions", data=overhead).status_code == 303
    assert client.post(f"/budget/{budget.id}/conditions", data={
        "condition-kind": "categories_excluded", "condition-text": "Geen alcohol",
        "condition-categories": ["alcohol", "commercial"]}).status_code == 303
    with app.app_context():
        rows = {row.kind: row for row in db.session.scalars(select(Condition))}
        assert rows["max_overhead_share"].percent == 8
        assert rows["categories_excluded"].categories == "commercial,alcohol"
        assert db.session.scalar(select(func.count()).select_from(Change).where(Change.part == "condition")) == 2


@pytest.mark.parametrize("kind, field, dutch", [
    ("max_per_application", "amount", "Vul een bedrag in."),
    ("max_overhead_share", "percent", "Vul een percentage in."),
    ("min_residents", "number", "Vul een aantal in."), ("plan_needed", "number", "Vul een aantal in."),
    ("categories_allowed", "categories", "Kies een of meer categorieën."),
    ("spend_before", "day", "Vul een datum in."), ("apply_before", "day", "Vul een datum in.")])
def test_a_kind_without_its_number_says_what_is_missing(app, client, login_as, make_budget, kind, field, dutch):
    """A rule without the number, categories or date it needs is refused at that field, saying what to fill in."""
    budget = make_budget()
    login_as("coordinator")
    html = client.post(f"/budget/{budget.id}/conditions", data={"condition-kind": kind, "condition-text": "Regel"}
                       ).get_data(as_text=True)
    error = html.split(f'id="condition-{field}-error"')[1].split("</p>")[0]
    assert dutch in error and "heeft dit nodig" not in error
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Condition)) == 0


def test_the_result_of_adding_or_removing_shows_at_its_section(app, client, login_as, make_budget):
    """Adding or removing a condition, phase or example lands at its section, and says so there, not at the top
    of the page some 1,200 px above."""
    budget = make_budget()
    login_as("coordinator")
    posts = [("conditions", {"condition-kind": "people", "condition-text": "Open voor iedereen."},
              "Voorwaarde toegevoegd."),
             ("phases", {"phase-name": "Ideeën", "phase-starts_on": "2026-01-01", "phase-ends_on": "2026-02-01"},
              "Fase toegevoegd."),
             ("examples", {"example-text": "Een moestuin", "example-initiative": "0"}, "Voorbeeld toegevoegd.")]
    for part, form, said in posts:
        response = client.post(f"/budget/{budget.id}/{part}", data=form, follow_redirects=True)
        html = response.get_data(as_text=True)
        assert said in html.split(f'id="{part}"')[1], part
        assert said not in html.split('id="main"')[1].split(f'id="{part}"')[0], part
    with app.app_context():
        ids = {"conditions": db.session.scalar(select(Condition.id)), "phases": db.session.scalar(select(Phase.id)),
               "examples": db.session.scalar(select(Example.id))}
    for part, item_id in ids.items():
        html = client.post(f"/budget/{budget.id}/{part}/{item_id}/remove", follow_redirects=True).get_data(
            as_text=True)
        section = html.split(f'id="{part}"')[1].split("<h2")[0]
        assert "Weggehaald. In de wijzigingen blijft staan wat er stond." in section, part


def test_a_refused_condition_or_phase_leaves_the_leaflet_form_as_stored(app, client, login_as, make_budget):
    """A condition or phase sent back for a mistake shows its own values again, never in the leaflet's fields above
    it: saving the leaflet then changed the budget's amount to the condition's (the forms shared field names). No id
    is used twice on the page."""
    import collections
    import re

    budget = make_budget()
    login_as("coordinator")
    refused = client.post(f"/budget/{budget.id}/conditions", data={"condition-kind": "max_per_application",
                                                                    "condition-text": "", "condition-amount": "6000"})
    html = refused.get_data(as_text=True)
    assert re.search(r'name="amount"[^>]*value="25', html)
    assert re.search(r'name="condition-amount"[^>]*value="6000', html)
    phase = client.post(f"/budget/{budget.id}/phases", data={
        "phase-name": "Extra ronde", "phase-starts_on": "2026-12-20", "phase-ends_on": "2026-12-10"})
    html = phase.get_data(as_text=True)
    assert re.search(r'name="name"[^>]*value="Buurtbudget', html) and 'value="Extra ronde"' in html
    ids = collections.Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    with app.app_context():
        assert db.session.get(Budget, budget.id).amount_cents == 2_500_000


def test_phases_and_examples_are_added_and_removed_with_history(app, client, login_as, make_budget,
                                                                 make_initiative):
    """Phases and examples come and go; the history keeps what they said."""
    budget = make_budget()
    initiative = make_initiative("Groen in de buurt")
    login_as("coordinator")
    assert client.post(f"/budget/{budget.id}/phases", data={
        "phase-name": "Ideeën indienen", "phase-starts_on": "2026-01-15", "phase-ends_on": "2026-04-30"}
    ).status_code == 303
    assert client.post(f"/budget/{budget.id}/phases", data={
        "phase-name": "Omgekeerd", "phase-starts_on": "2026-05-01", "phase-ends_on": "2026-04-30"}).status_code == 200
    assert client.post(f"/budget/{budget.id}/examples", data={"example-text": "Een moestuin",
                                                               "example-initiative": initiative.id}).status_code == 303
    html = client.get("/budget").get_data(as_text=True)
    assert "Ideeën indienen" in html and f"/boards/{initiative.id}" in html
    with app.app_context():
        phase_id = db.session.scalar(select(Phase.id))
    assert client.post(f"/budget/{budget.id}/phases/{phase_id}/remove").status_code == 303
    assert "Ideeën indienen" not in client.get("/budget").get_data(as_text=True)
    assert "Ideeën indienen" in client.get(f"/budget/{budget.id}/history").get_data(as_text=True)


def test_print_version_has_a_qr_code_to_the_public_address(app, client, make_budget):
    """The A4 version carries a QR code and the address built from PUBLIC_URL."""
    budget = make_budget()
    html = client.get(f"/budget/{budget.id}/print").get_data(as_text=True)
    assert "/qr.svg?path=" in html and app.config["PUBLIC_URL"].rstrip("/") + "/budget" in html


def apply_form(initiative, *lines, residents: int = 5):
    data = {"initiative": initiative.id, "title": "Moestuin", "purpose": "Samen groente kweken.",
            "residents": residents, "plan": ""}
    for number, (category, amount) in enumerate(lines):
        data[f"lines-{number}-category"] = category
        data[f"lines-{number}-amount"] = amount
        data[f"lines-{number}-description"] = "iets"
    return data


def test_apply_see_every_check_then_send(app, client, login_as, make_budget, make_initiative, make_member):
    """A member saves a draft, sees each condition met or not with its reason, fixes it, and sends it."""
    budget = make_budget(conditions=[("max_overhead_share", {"percent": 8}), ("people", {})])
    initiative = make_initiative()
    user = login_as("resident")
    make_member(user, initiative)
    response = client.post(f"/budget/{budget.id}/apply",
                           data=apply_form(initiative, ("materials", "900"), ("overhead", "€ 100,00")))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Niet gehaald" in page and "Door mensen te beoordelen" in page
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert [line.cents for line in db.session.scalars(select(Line).order_by(Line.id))] == [90000, 10000]
    assert client.post(f"/budget/applications/{application.id}/send").status_code == 303
    with app.app_context():
        assert db.session.get(Application, application.id).status == "draft"
    client.post(f"/budget/applications/{application.id}/edit",
                data=apply_form(initiative, ("materials", "920"), ("overhead", "80")))
    page = client.get(f"/budget/applications/{application.id}").get_data(as_text=True)
    assert "Niet gehaald" not in page and "Aanvraag versturen" in page
    client.post(f"/budget/applications/{application.id}/send")
    with app.app_context():
        assert db.session.get(Application, application.id).status == "sent"


def test_hostile_amounts_are_refused_at_the_field(app, client, login_as, make_budget, make_initiative, make_member):
    """"1e9", negative and three decimals are refused at their field, keep what was typed, and save nothing."""
    budget = make_budget()
    initiative = make_initiative()
    make_member(login_as("resident"), initiative)
    for typed in ("1e9", "-50", "12,345", "99999999999"):
        response = client.post(f"/budget/{budget.id}/apply", data=apply_form(initiative, ("food", typed)))
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and 'id="lines-0-amount-error"' in html and f'value="{typed}"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Application)) == 0


def test_only_members_apply_for_their_initiative(client, login_as, make_budget, make_initiative):
    """Someone who is not a member cannot apply for an initiative (a message at the field)."""
    budget = make_budget()
    initiative = make_initiative()
    login_as("resident")
    html = client.post(f"/budget/{budget.id}/apply", data=apply_form(initiative, ("food", "10"))).get_data(
        as_text=True)
    assert 'id="initiative-error"' in html


def test_support_once_and_names_never_shown(app, client, login_as, make_budget, make_application):
    """"Ik steun dit" counts once per resident; the page shows the count, never who."""
    application = make_application(make_budget())
    login_as("resident", name="Zeldzame Naam")
    assert client.post(f"/budget/applications/{application.id}/support").status_code == 303
    assert client.post(f"/budget/applications/{application.id}/support").status_code == 303
    response = client.post(f"/budget/applications/{application.id}/support", headers={"HX-Request": "true"})
    assert "al" in response.get_data(as_text=True) and 'id="support-' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Application, application.id).supporters == 1
        assert db.session.scalar(select(func.count()).select_from(Support)) == 1
    client.post("/logout")
    html = client.get(f"/budget/applications/{application.id}").get_data(as_text=True)
    assert "1 buur steunt dit" in html and "Zeldzame Naam" not in html


def test_coordinator_grants_refuses_and_asks(app, client, login_as, make_budget, make_application):
    """A grant needs an amount within what is left and within what the application asks for (its lines, which
    the checks judged), and keeps the coordinator's note; a refusal needs a reason, shown on the page."""
    budget = make_budget(amount_cents=100_000)
    first = make_application(budget, lines=(("materials", 100_000), ("food", 50_000)))
    second = make_application(budget)
    login_as("coordinator")
    html = client.post(f"/budget/applications/{first.id}/decide",
                       data={"action": "grant", "amount": "1.000,01"}).get_data(as_text=True)
    assert "Er is niet genoeg over" in html
    html = client.post(f"/budget/applications/{second.id}/decide",
                       data={"action": "grant", "amount": "1.000,01", "reason": "Meer dan gevraagd"}
                       ).get_data(as_text=True)
    assert "Je kunt niet meer toekennen dan de aanvraag vraagt: €\xa01.000,00." in html
    assert 'value="1.000,01"' in html and "Meer dan gevraagd</textarea>" in html
    assert client.post(f"/budget/applications/{first.id}/decide",
                       data={"action": "grant", "amount": "€ 600", "reason": "Het eten betalen we niet."}
                       ).status_code == 303
    assert "Het eten betalen we niet." in client.get(f"/budget/applications/{first.id}").get_data(as_text=True)
    html = client.post(f"/budget/applications/{second.id}/decide", data={"action": "refuse"}).get_data(as_text=True)
    assert 'id="reason-error"' in html
    client.post(f"/budget/applications/{second.id}/decide", data={"action": "refuse", "reason": "Geen alcohol."})
    with app.app_context():
        assert db.session.get(Application, first.id).granted_cents == 60_000
        assert db.session.get(Budget, budget.id).granted_cents == 60_000
        assert db.session.get(Application, second.id).status == "refused"
    assert "Geen alcohol." in client.get(f"/budget/applications/{second.id}").get_data(as_text=True)


def test_residents_cannot_decide(client, login_as, make_budget, make_application):
    """Deciding is for coordinators: 403 for a resident."""
    application = make_application(make_budget())
    login_as("resident")
    assert client.post(f"/budget/applications/{application.id}/decide",
                       data={"action": "grant", "amount": "10"}).status_code == 403


def test_home_and_menu_show_the_budget(client, make_budget):
    """The home page has a budget section and the menu a link to the leaflet."""
    make_budget(name="Buurtbudget Bijlmer-Centrum")
    html = client.get("/").get_data(as_text=True)
    assert 'href="/budget"' in html and "Buurtbudget Bijlmer-Centrum" in html


def test_budget_pages_stay_within_weight(client, login_as, granted):
    """Every budget page, the coordinator's edit page too, is at most 15 KB gzipped (50 KB on a first visit)."""
    from tests.quality import assert_within_budget

    login_as("coordinator")
    budget_id = granted.budget_id
    assert_within_budget(client, ["/budget", f"/budget/{budget_id}", f"/budget/{budget_id}/edit",
                                  f"/budget/{budget_id}/ledger", f"/budget/{budget_id}/print",
                                  f"/budget/{budget_id}/history", f"/budget/{budget_id}/progress",
                                  f"/budget/{budget_id}/apply", f"/budget/applications/{granted.id}"])


def test_withdraw_before_a_decision_only(app, client, login_as, make_budget, make_application, make_member,
                                         make_initiative):
    """A member withdraws a sent application; a granted one cannot be withdrawn."""
    initiative = make_initiative()
    budget = make_budget()
    sent = make_application(budget, initiative)
    done = make_application(budget, initiative, status="granted", granted=1000)
    make_member(login_as("resident"), initiative)
    client.post(f"/budget/applications/{sent.id}/withdraw")
    client.post(f"/budget/applications/{done.id}/withdraw")
    with app.app_context():
        assert db.session.get(Application, sent.id).status == "withdrawn"
        assert db.session.get(Application, done.id).status == "granted"


def test_outsiders_cannot_withdraw_or_edit(client, login_as, make_budget, make_application):
    """Someone who is not a member gets 403 on withdrawing or changing another initiative's application."""
    application = make_application(make_budget(), status="questions")
    login_as("resident")
    assert client.post(f"/budget/applications/{application.id}/withdraw").status_code == 403
    assert client.get(f"/budget/applications/{application.id}/edit").status_code == 403


def test_a_plan_with_an_event_meets_the_plan_rule(app, client, login_as, make_budget, make_initiative, make_member):
    """With no tasks, the plan rule is not met; once the initiative plans an event in the period (the events
    feature answers through the registry), it is."""
    from portal.core.time import to_utc
    from portal.events.models import Event
    from tests.conftest import future_local

    budget = make_budget(conditions=[("plan_needed", {"number": 3})])
    initiative = make_initiative()
    make_member(login_as("resident"), initiative)
    response = client.post(f"/budget/{budget.id}/apply", data=apply_form(initiative, ("food", "100")))
    page = response.headers["Location"]
    assert "Niet gehaald" in client.get(page).get_data(as_text=True)
    with app.app_context():
        db.session.add(Event(initiative_id=initiative.id, title="Buurtbarbecue", address="Bijlmerpark",
                             start_at=to_utc(future_local(5, 15)), end_at=to_utc(future_local(5, 18))))
        db.session.commit()
    html = client.get(page).get_data(as_text=True)
    assert "Niet gehaald" not in html and "0 taken en 1 activiteit." in html


def _leaflet_buttons(html: str, budget) -> list[tuple[str, str]]:
    """Return (address, label) of the buttons under a budget's leaflet."""
    start = html.index('class="actions leaflet-links"', html.index(f'id="{budget.dom_id}"'))
    links = html[start:html.index("</p>", start)]
    return [(unescape(address), label) for address, label in re.findall(r'href="([^"]*)">([^<]*)</a>', links)]


def test_the_leaflet_apply_button_opens_the_form_for_a_new_application(client, login_as, make_budget,
                                                                        make_initiative, make_member):
    """A member of an initiative sees "Geld aanvragen" under each budget, leading to that budget's form for a new
    application (not to the list of applications, which is "Alle aanvragen"); following it shows the form."""
    budget, other = make_budget(name="Buurtbudget Bijlmer"), make_budget(name="Feestenfonds")
    initiative = make_initiative("Moestuin Gein")
    make_member(login_as("resident"), initiative)
    html = client.get("/budget").get_data(as_text=True)
    buttons = _leaflet_buttons(html, budget)
    assert buttons[0] == (f"/budget/{budget.id}/apply", "Geld aanvragen")
    assert (f"/budget/{budget.id}", "Alle aanvragen") in buttons
    assert ("Aanvragen" not in dict(buttons).values()) and _leaflet_buttons(html, other)[0][0] == \
        f"/budget/{other.id}/apply"
    form = client.get(buttons[0][0])
    page = form.get_data(as_text=True)
    assert form.status_code == 200 and "Geld aanvragen bij Buurtbudget Bijlmer" in page
    assert '<select name="initiative"' in page and "Moestuin Gein" in page and 'name="title"' in page


def test_the_leaflet_sends_a_visitor_to_log_in_and_back_to_the_form(client, make_budget, make_user,
                                                                    make_initiative, make_member):
    """Not logged in: "Log in om geld aan te vragen" leads to the log-in page, whose `next` is that budget's form;
    logging in there brings the resident to the form."""
    budget = make_budget()
    resident = make_user()
    make_member(resident, make_initiative())
    buttons = _leaflet_buttons(client.get("/budget").get_data(as_text=True), budget)
    address, label = buttons[0]
    assert label == "Log in om geld aan te vragen"
    assert address == f"/login?next=/budget/{budget.id}/apply"
    assert client.get(address).status_code == 200
    logged_in = client.post(address, data={"email": resident.email, "password": PASSWORD})
    assert logged_in.status_code == 303 and logged_in.headers["Location"] == f"/budget/{budget.id}/apply"
    assert "Geld aanvragen bij" in client.get(logged_in.headers["Location"]).get_data(as_text=True)


def test_the_leaflet_offers_no_apply_button_without_an_initiative(client, login_as, make_budget, make_initiative,
                                                                  make_member, app):
    """A resident who is a member of no initiative, or only of one that stopped, gets no apply button (the
    application page says the same); the list of applications stays."""
    from portal.initiatives.models import Initiative

    budget = make_budget()
    resident = login_as("resident")
    assert [label for _address, label in _leaflet_buttons(client.get("/budget").get_data(as_text=True), budget)][0] \
        == "Alle aanvragen"
    stopped = make_initiative("Kookclub Gein")
    make_member(resident, stopped)
    with app.app_context():
        db.session.get(Initiative, stopped.id).status = "stopped"
        db.session.commit()
    buttons = _leaflet_buttons(client.get("/budget").get_data(as_text=True), budget)
    assert f"/budget/{budget.id}/apply" not in dict(buttons)
    assert "Geld aanvragen" not in client.get(f"/budget/{budget.id}").get_data(as_text=True)


@pytest.mark.parametrize("status", ["sent", "granted", "refused", "withdrawn"])
def test_a_sent_or_decided_application_says_it_cannot_be_changed_instead_of_no_access(
        client, login_as, make_budget, make_initiative, make_member, make_application, status):
    """A member who opens the edit address of an application that was sent (or decided, or withdrawn) lands on the
    application with the reason at it, not on "your account has no access"; nothing changes."""
    initiative = make_initiative("Buurtmoestuin")
    extra = {"granted": {"granted": 1000}, "refused": {"reason": "Past niet bij het doel."}}.get(status, {})
    application = make_application(make_budget(), initiative, status=status, **extra)
    make_member(login_as("resident"), initiative)
    response = client.get(f"/budget/applications/{application.id}/edit")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/budget/applications/{application.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Deze aanvraag kun je niet meer wijzigen" in page
    posted = client.post(f"/budget/applications/{application.id}/edit", data={"title": "Iets anders"})
    assert posted.status_code == 303
    assert "Iets anders" not in client.get(f"/budget/applications/{application.id}").get_data(as_text=True)
