"""The last day to apply ("apply_before"): a condition the portal checks. After that day (Amsterdam's date) nothing
is sent and no new application is taken, the leaflet and the budget's page stop inviting, a draft is still kept;
on the day itself applying is open."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from babel.dates import format_date
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.budget import rules
from portal.budget.models import Application, Change, Condition, Phase
from portal.core.time import today
from portal.extensions import db
from portal.i18n import in_language
from tests.budget.test_views import apply_form

# 31 March 2027 is summer time in Amsterdam (UTC+2): 21:59 UTC is 23:59 there, 22:00 UTC already 1 April.
LAST_DAY = date(2027, 3, 31)
LAST_MINUTE = datetime(2027, 3, 31, 21, 59, tzinfo=UTC)
FIRST_MINUTE_AFTER = datetime(2027, 3, 31, 22, 0, tzinfo=UTC)


def closing(day: date):
    """Return the conditions of a budget whose last day to apply is `day`."""
    return [("apply_before", {"day": day}), ("people", {})]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def member(login_as, make_initiative, make_member):
    """Log in a member of an initiative and return the initiative."""
    initiative = make_initiative("Groen in de buurt")
    make_member(login_as("resident"), initiative)
    return initiative


# The rule ------------------------------------------------------------------------------------------------------


def test_the_rule_is_met_until_the_day_and_judges_a_sent_application_by_when_it_was_sent(app):
    """Before it was sent, today counts (the day itself still open); once sent, the day it was sent."""
    condition = SimpleNamespace(kind="apply_before", text="", day=LAST_DAY)
    with app.test_request_context("/"):
        assert rules.check(condition, rules.Facts(lines=[], today=LAST_DAY)).met is True
        late = rules.check(condition, rules.Facts(lines=[], today=LAST_DAY + timedelta(days=1)))
        assert late == rules.Verdict(False, "Aanvragen kon tot en met 31 maart 2027.")
        assert rules.check(condition, rules.Facts(lines=[], today=date(2027, 6, 1), sent_on=LAST_DAY)).met is True
        assert rules.check(condition, rules.Facts(lines=[], today=date(2027, 6, 1),
                                                  sent_on=date(2027, 4, 1))).met is False
        assert rules.describe(condition) == "Aanvragen kan tot en met 31 maart 2027."
        sent = rules.Facts(lines=[], today=LAST_DAY, sent_on=LAST_DAY - timedelta(days=5))
        assert rules.check(condition, sent).reason == ("Verstuurd op 26 maart 2027: op tijd. Aanvragen kan tot en met "
                                                      "31 maart 2027.")
        later = rules.Facts(lines=[], today=LAST_DAY + timedelta(days=1), sent_on=LAST_DAY - timedelta(days=5))
        assert rules.check(condition, later).reason == ("Verstuurd op 26 maart 2027: op tijd. Aanvragen kon tot en met "
                                                       "31 maart 2027.")
        assert rules.describe(SimpleNamespace(kind="apply_before", day=today() - timedelta(days=1))).startswith(
            "Aanvragen kon tot en met")
        with in_language("en"):
            assert rules.describe(condition) == "Applications until 31 March 2027."
            assert rules.closed_text(LAST_DAY) == "Applications could be sent until 31 March 2027."


def test_the_database_takes_the_kind_only_with_its_day(app, make_budget):
    """The migrated database knows the kind, and refuses it without a day (like spend_before)."""
    budget = make_budget()
    with app.app_context():
        db.session.add(Condition(budget_id=budget.id, kind="apply_before", text="Tot 1 april", day=LAST_DAY))
        db.session.commit()
        db.session.add(Condition(budget_id=budget.id, kind="apply_before", text="Zonder dag"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert count(Condition) == 1


# The coordinator's form ----------------------------------------------------------------------------------------


def test_a_coordinator_adds_the_last_day_to_apply_and_is_told_at_the_day_field(app, client, login_as, make_budget):
    """The form offers the kind with a clear label; a missing or impossible day is refused at the day's field with
    what was typed kept and nothing saved; a real day is saved, in the history and on the leaflet."""
    budget = make_budget()
    login_as("coordinator")
    page = client.get(f"/budget/{budget.id}/edit").get_data(as_text=True)
    assert re.search(r'id="(condition-kind-\d+)" name="condition-kind" type="radio" value="apply_before"> '
                     r'<label for="\1">Aanvragen kan tot en met een datum \(de laatste dag om te versturen\)', page)
    assert "Datum (voor: uitgegeven vóór, of aanvragen tot en met)" in page
    form = {"condition-kind": "apply_before", "condition-text": "Aanvragen kan tot het einde van de ideeënfase."}
    for typed, message in (("", "Vul een datum in."), ("2027-02-31", "Vul een datum in, zoals")):
        response = client.post(f"/budget/{budget.id}/conditions", data={**form, "condition-day": typed})
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and 'id="condition-day-error"' in html, typed
        assert message in html.split('id="condition-day-error"')[1].split("</p>")[0], typed
        assert 'value="Aanvragen kan tot het einde van de ideeënfase."' in html and f'value="{typed}"' in html
    with app.app_context():
        assert count(Condition) == 0 and count(Change) == 1  # only "budget made"
    assert client.post(f"/budget/{budget.id}/conditions", data={**form, "condition-day": "2027-03-31"}
                       ).status_code == 303
    with app.app_context():
        condition = db.session.scalar(select(Condition))
        assert (condition.kind, condition.day) == ("apply_before", LAST_DAY)
        assert "Aanvragen kan tot en met 31 maart 2027." in db.session.scalar(
            select(Change.after).where(Change.part == "condition"))
    assert "(Aanvragen kan tot en met 31 maart 2027.)" in client.get(f"/budget/{budget.id}/edit").get_data(
        as_text=True)


def test_a_second_last_day_to_apply_is_refused_at_the_kind_and_nothing_is_saved(app, client, login_as,
                                                                                 make_budget):
    """A budget has one last day to apply: a second one is refused at the kind of rule, naming the day it has, with
    what was typed kept; nothing is saved, not in the history either; other kinds of rule can still be added."""
    budget = make_budget(conditions=closing(LAST_DAY))
    login_as("coordinator")
    with app.app_context():
        before = (count(Condition), count(Change))
    form = {"condition-kind": "apply_before", "condition-text": "Tot eind april.", "condition-day": "2027-04-30"}
    response = client.post(f"/budget/{budget.id}/conditions", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="condition-kind-error"' in html
    assert ("Dit budget heeft al een laatste dag om aan te vragen: 31 maart 2027. Haal die eerst weg als je een "
            "andere dag wilt.") in html.split('id="condition-kind-error"')[1].split("</p>")[0]
    assert 'value="Tot eind april."' in html and 'value="2027-04-30"' in html
    with app.app_context():
        assert (count(Condition), count(Change)) == before
    assert client.post(f"/budget/{budget.id}/conditions", data={
        "condition-kind": "people", "condition-text": "Open voor iedereen."}).status_code == 303


def test_the_database_keeps_one_last_day_to_apply_per_budget(app, make_budget):
    """The unique index refuses a second "apply_before" of a budget (two coordinators at the same moment); another
    budget may have its own."""
    budget, other = make_budget(conditions=closing(LAST_DAY)), make_budget()
    with app.app_context():
        db.session.add(Condition(budget_id=budget.id, kind="apply_before", text="Ook", day=LAST_DAY))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.add(Condition(budget_id=other.id, kind="apply_before", text="Eigen dag", day=LAST_DAY))
        db.session.commit()
        assert count(Condition) == 3


# Pages after the day ---------------------------------------------------------------------------------------------


def test_after_the_day_the_leaflet_and_the_budget_page_stop_offering_to_apply(client, make_budget, member):
    """The leaflet and the budget's page say "Aanvragen kon tot en met <dag>" instead of offering "Geld aanvragen"
    (the list of applications stays); an open budget beside it still offers it and says until when."""
    yesterday = today() - timedelta(days=1)
    closed = make_budget(conditions=closing(yesterday), name="Buurtbudget Dicht")
    open_ = make_budget(conditions=closing(today()), name="Buurtbudget Open")
    leaflet = client.get("/budget").get_data(as_text=True)
    closed_card = leaflet.split(f'id="budget-{closed.id}"')[1].split("</article>")[0]
    open_card = leaflet.split(f'id="budget-{open_.id}"')[1].split("</article>")[0]
    assert "Aanvragen kon tot en met" in closed_card and f'href="/budget/{closed.id}">Alle aanvragen' in closed_card
    assert "Geld aanvragen" not in closed_card and f"/budget/{closed.id}/apply" not in closed_card
    assert "Aanvragen kon tot en met" not in open_card and "Aanvragen kan tot en met" in open_card
    assert f'<a class="button" href="/budget/{open_.id}/apply">Geld aanvragen</a>' in open_card
    page = client.get(f"/budget/{closed.id}").get_data(as_text=True)
    assert "Aanvragen kon tot en met" in page and "Geld aanvragen" not in page
    assert f"/budget/{closed.id}/apply" not in page
    page = client.get(f"/budget/{open_.id}").get_data(as_text=True)
    assert "Geld aanvragen" in page and "Aanvragen kan tot en met" in page and "Aanvragen kon" not in page
    client.get("/language/en")
    assert "Applications could be sent until" in client.get(f"/budget/{closed.id}").get_data(as_text=True)


def test_after_the_day_a_visitor_is_not_asked_to_log_in_to_apply(client, make_budget):
    """Not logged in: a closed budget's leaflet offers no "Log in om geld aan te vragen", an open one does."""
    closed = make_budget(conditions=closing(today() - timedelta(days=1)))
    open_ = make_budget(conditions=closing(today()))
    leaflet = client.get("/budget").get_data(as_text=True)
    closed_card = leaflet.split(f'id="budget-{closed.id}"')[1].split("</article>")[0]
    open_card = leaflet.split(f'id="budget-{open_.id}"')[1].split("</article>")[0]
    assert "Log in om geld aan te vragen" not in closed_card and "Aanvragen kon tot en met" in closed_card
    assert "Log in om geld aan te vragen" in open_card


def test_after_the_day_the_apply_form_takes_nothing_also_sent_by_hand(app, client, make_budget, member):
    """The apply form says applying closed instead of showing its fields; a hand-made POST saves nothing and gets
    the same words, no error page."""
    budget = make_budget(conditions=closing(today() - timedelta(days=1)))
    response = client.get(f"/budget/{budget.id}/apply")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="applying-closed"' in html and "Aanvragen kon tot en met" in html
    assert 'name="title"' not in html
    response = client.post(f"/budget/{budget.id}/apply", data=apply_form(member, ("food", "10")))
    assert response.status_code == 200 and 'id="applying-closed"' in response.get_data(as_text=True)
    with app.app_context():
        assert count(Application) == 0


def test_after_the_day_a_draft_is_kept_but_cannot_be_sent(app, client, make_budget, make_application, member):
    """A draft made before the day: its check reads "not met" with the reason, the button gives way to that reason,
    the page says applying closed; a hand-made POST to send leaves it a draft and says why; changing it still saves
    what was typed."""
    budget = make_budget(conditions=closing(today() - timedelta(days=1)))
    application = make_application(budget, member, status="draft")
    page = client.get(f"/budget/applications/{application.id}").get_data(as_text=True)
    checks = page.split('id="checks"')[1]
    assert "Niet gehaald" in checks and "Aanvragen kon tot en met" in checks
    assert "Aanvraag versturen" not in page and "Versturen kan niet meer." in checks
    assert 'id="applying-closed"' in page and "Wat je schreef, blijft bewaard." in page
    response = client.post(f"/budget/applications/{application.id}/send", follow_redirects=True)
    assert "Niet verstuurd: Aanvragen kon tot en met" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Application, application.id).status == "draft"
    edit = client.get(f"/budget/applications/{application.id}/edit").get_data(as_text=True)
    assert "Je kunt je concept nog bewaren, maar niet meer versturen." in edit and 'name="title"' in edit
    form = {**apply_form(member, ("food", "10")), "title": "Moestuin, nieuwe versie"}
    assert client.post(f"/budget/applications/{application.id}/edit", data=form).status_code == 303
    with app.app_context():
        saved = db.session.get(Application, application.id)
        assert (saved.title, saved.status) == ("Moestuin, nieuwe versie", "draft")


def test_an_application_sent_in_time_may_answer_questions_after_the_day(app, client, make_budget, make_application,
                                                                        member):
    """Sent before the day and asked questions after it: its check is met (it came in time), it can be sent again,
    and it keeps the day it first came in."""
    budget = make_budget(conditions=closing(today() - timedelta(days=1)))
    application = make_application(budget, member, status="questions", reason="Hoeveel bakken?")
    first = datetime.now(UTC) - timedelta(days=3)
    with app.app_context():
        db.session.get(Application, application.id).sent_at = first
        db.session.commit()
    page = client.get(f"/budget/applications/{application.id}").get_data(as_text=True)
    assert "Niet gehaald" not in page and "op tijd" in page and "Aanvraag versturen" in page
    assert client.post(f"/budget/applications/{application.id}/send").status_code == 303
    with app.app_context():
        sent = db.session.get(Application, application.id)
        assert sent.status == "sent" and abs(sent.sent_at - first) < timedelta(seconds=1)


# The day boundary ------------------------------------------------------------------------------------------------


def test_on_the_last_day_applying_is_open_until_midnight_in_amsterdam(app, client, clock, make_budget,
                                                                      make_application, make_initiative, make_member,
                                                                      auth, make_user):
    """At 23:59 on the day in Amsterdam an application is sent and the budget's page offers "Geld aanvragen"; a
    minute later (still the same day in UTC) sending is refused and the form is closed."""
    clock(LAST_MINUTE)
    budget = make_budget(conditions=closing(LAST_DAY))
    initiative = make_initiative()
    user = make_user()
    make_member(user, initiative)
    assert auth.login(user).status_code == 303
    in_time, too_late = (make_application(budget, initiative, status="draft") for _ in range(2))
    assert "Geld aanvragen" in client.get(f"/budget/{budget.id}").get_data(as_text=True)
    assert 'name="title"' in client.get(f"/budget/{budget.id}/apply").get_data(as_text=True)
    assert client.post(f"/budget/applications/{in_time.id}/send").status_code == 303
    clock(FIRST_MINUTE_AFTER)
    client.post(f"/budget/applications/{too_late.id}/send")
    with app.app_context():
        assert db.session.get(Application, in_time.id).status == "sent"
        assert db.session.get(Application, too_late.id).status == "draft"
    assert "Geld aanvragen" not in client.get(f"/budget/{budget.id}").get_data(as_text=True)
    html = client.get(f"/budget/{budget.id}/apply").get_data(as_text=True)
    assert "Aanvragen kon tot en met 31 maart 2027." in html and 'name="title"' not in html
    page = client.get(f"/budget/applications/{in_time.id}").get_data(as_text=True)
    assert "Niet gehaald" not in page.split('id="checks"')[1]  # it came in on the day


# The demo --------------------------------------------------------------------------------------------------------


def test_the_demo_has_a_closed_budget_and_an_open_one(app, client):
    """seed-demo closes applying at the end of each budget's "Ideeën indienen": the Buurtbudget's ended weeks ago
    (its applications came in time), the fund's is weeks ahead."""
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        ends = dict(db.session.execute(select(Phase.budget_id, Phase.ends_on).where(
            Phase.name == "Ideeën indienen")).all())
        days = dict(db.session.execute(select(Condition.budget_id, Condition.day).where(
            Condition.kind == "apply_before")).all())
        sent = db.session.scalars(select(Application.sent_at).where(Application.sent_at.is_not(None))).all()
        ids = dict(db.session.execute(select(Application.id, Application.budget_id)).all())
    assert days == ends and len(days) == 2
    assert sorted(day < today() for day in days.values()) == [False, True]
    assert all(moment.date() <= max(days.values()) for moment in sent)
    leaflet = client.get("/budget").get_data(as_text=True)
    assert leaflet.count("Aanvragen kon tot en met") == 1 and "Aanvragen kan tot en met" in leaflet
    assert "Je kunt geld aanvragen" not in leaflet  # the closed budget's own text does not invite any more
    closed = min(days.values())
    assert f"Laatste dag om aan te vragen: {format_date(closed, 'd MMMM y', locale='nl')}" in leaflet
    for application_id, budget_id in ids.items():
        checks = client.get(f"/budget/applications/{application_id}").get_data(as_text=True).split('id="checks"')[1]
        # "could" only once the day has passed: the open fund's application is answered in the present tense
        tense = "kon" if days[budget_id] < today() else "kan"
        assert f"op tijd. Aanvragen {tense} tot en met" in checks, application_id
