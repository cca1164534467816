"""Progress, not only money: per granted plan its tasks and applause, and together the residents who did a task
and the hours of volunteer work, for those who may see them."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.boards.models import Claim
from portal.extensions import db


def finish(app, task, *people, walkins: int = 0):
    """Mark a task done with these people (and walk-ins) on it."""
    from portal.boards.models import Task

    with app.app_context():
        row = db.session.get(Task, task.id)
        row.status, row.done_at = "done", datetime(2026, 6, 1, 12, tzinfo=UTC)
        for person in people:
            db.session.add(Claim(task_id=task.id, user_id=person.id))
        for number in range(walkins):
            db.session.add(Claim(task_id=task.id, walkin_name=f"Buur {number}"))
        db.session.commit()


def test_progress_counts_people_once_and_hours_per_place(app, client, make_budget, make_application,
                                                          make_initiative, make_task, make_user, make_shout):
    """A 90-minute task done by a resident and a walk-in, a 30-minute one by the same resident: 2 residents and
    3,5 hours of work (each place counts the estimate)."""
    initiative = make_initiative("Groen in de buurt")
    application = make_application(make_budget(), initiative, status="granted", granted=50_000, title="Moestuin")
    amira = make_user(name="Amira")
    finish(app, make_task(initiative, estimate_minutes=90), amira, walkins=1)
    finish(app, make_task(initiative, estimate_minutes=30), amira)
    make_task(initiative)
    make_shout("Dank voor de compostbak!", initiative=initiative)
    html = client.get(f"/budget/{application.budget_id}/progress").get_data(as_text=True)
    assert "Moestuin" in html and "2 van 3 taken klaar" in html and "Dank voor de compostbak!" in html
    facts = html.split('class="leaflet-facts progress-facts"')[1].split("</dl>")[0]
    assert "<dd>2</dd>" in facts and "<dd>3,5</dd>" in facts


def test_progress_hides_members_only_plans(app, client, make_budget, make_application, private_initiative,
                                           make_task, make_user):
    """A members-only initiative's plan, tasks and hours are not on the progress page for outsiders."""
    application = make_application(make_budget(), private_initiative, status="granted", granted=50_000,
                                   title="Geheim plan")
    finish(app, make_task(private_initiative, estimate_minutes=600), make_user())
    html = client.get(f"/budget/{application.budget_id}/progress").get_data(as_text=True)
    assert "Geheim plan" not in html and "Geheime club" not in html
    assert "<dd>10</dd>" not in html


def test_a_public_initiatives_members_only_work_moves_no_count_outsiders_read(
        app, client, make_budget, make_application, make_initiative, make_task, make_user, login_as):
    """A public initiative keeps a task (a members-only event's shift) and an event for its members: the plan's
    "N tasks and N events" on its application and the progress page's tasks, people and hours stay as they were
    for a visitor; the plain work still counts."""
    from portal.boards.models import Task
    from portal.core.time import to_utc, today
    from portal.events.models import Event

    initiative = make_initiative("Buurtkrant")
    budget = make_budget(conditions=[("plan_needed", {"number": 1})])
    application = make_application(budget, initiative, status="granted", granted=50_000, title="Krant")
    finish(app, make_task(initiative, estimate_minutes=60), make_user())

    def shown() -> tuple[str, str]:
        plan = client.get(f"/budget/applications/{application.id}").get_data(as_text=True)
        progress = client.get(f"/budget/{budget.id}/progress").get_data(as_text=True)
        return (plan.split("Je plan heeft", 1)[1].split("<", 1)[0],
                progress.split('class="leaflet-facts progress-facts"')[1].split("</dl>")[0])

    before = shown()
    assert "1 taak" in before[0]
    secret = make_task(initiative, title="Redactie: geheime planning", estimate_minutes=600)
    with app.app_context():
        db.session.get(Task, secret.id).members_only = True
        start = datetime.combine(today(), datetime.min.time()).replace(hour=19)
        db.session.add(Event(initiative_id=initiative.id, title="Redactievergadering", public=False,
                             start_at=to_utc(start), end_at=to_utc(start.replace(hour=21)), address="Bij Ans"))
        db.session.commit()
    finish(app, secret, make_user())
    assert shown() == before


def test_progress_costs_the_same_for_one_and_five_plans(app, client, make_budget, make_application, make_initiative,
                                                        count_queries):
    """The progress page's queries do not grow with the number of granted plans."""
    budget = make_budget()
    make_application(budget, status="granted", granted=1000)
    client.get(f"/budget/{budget.id}/progress")
    with count_queries() as one:
        client.get(f"/budget/{budget.id}/progress")
    for _ in range(4):
        make_application(budget, status="granted", granted=1000)
    with count_queries() as five:
        client.get(f"/budget/{budget.id}/progress")
    assert len(one) == len(five)


def test_network_cards_show_what_an_initiative_was_granted(app, client, make_budget, make_application,
                                                            make_initiative, private_initiative):
    """The network page's cards say what a public initiative was granted; a members-only one shows nothing."""
    budget = make_budget()
    make_application(budget, make_initiative("Groen in de buurt"), status="granted", granted=255_000)
    make_application(budget, private_initiative, status="granted", granted=77_700)
    html = client.get("/netwerk").get_data(as_text=True)
    assert "2.550,00 toegekend uit het buurtbudget" in html
    assert "777,00" not in html
