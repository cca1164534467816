"""`flask --app portal seed-demo`: fill an empty database with a believable neighbourhood."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.accounts.services import create_user
from portal.extensions import db

DEMO_PASSWORD = "buurt-demo-2026"  # noqa: S105 - development only: seed-demo refuses to run in production
DEMO_PEOPLE = [
    ("fatima@demo.buurtbouw.nl", "Fatima El Amrani", "coordinator", "nl"),
    ("henk@demo.buurtbouw.nl", "Henk de Vries", "admin", "nl"),
    ("priya@demo.buurtbouw.nl", "Priya Ramdin", "librarian", "nl"),
    ("kwame@demo.buurtbouw.nl", "Kwame Mensah", "resident", "en"),
    ("sanne@demo.buurtbouw.nl", "Sanne Bakker", "resident", "nl"),
    ("joyce@demo.buurtbouw.nl", "Joyce Pinas", "resident", "nl"),
    ("tomasz@demo.buurtbouw.nl", "Tomasz Nowak", "resident", "en"),
    ("mehmet@demo.buurtbouw.nl", "Mehmet Yilmaz", "coordinator", "nl"),
]
# A resident without e-mail: she logs in with her phone; the desk prints her a code when she forgets her password.
DEMO_PHONE_PEOPLE = [("06-14253647", "Ruth Doelwijt", "resident", "nl")]

def seed_demo() -> list[tuple[str, str, str]]:
    """Create the demo neighbourhood when the database is empty; return the demo log-ins."""
    logins = [(login, DEMO_PASSWORD, role) for login, _, role, _ in DEMO_PEOPLE + DEMO_PHONE_PEOPLE]
    if db.session.scalar(select(func.count()).select_from(User)):
        return []
    people = {}
    for email, name, role, language in DEMO_PEOPLE:
        people[email] = create_user(email, name, DEMO_PASSWORD, role=role, language=language)
    for phone, name, role, language in DEMO_PHONE_PEOPLE:
        people[phone] = create_user(None, name, DEMO_PASSWORD, role=role, language=language, phone=phone)
    people["joyce@demo.buurtbouw.nl"].show_name_in_public = False
    db.session.flush()
    seed_features(people)
    db.session.commit()
    return logins


def seed_features(people: dict) -> None:
    """Add each feature's demo data, in the order they depend on each other."""
    from portal.applause.demo import seed_applause
    from portal.boards.demo import seed_boards
    from portal.budget.demo import seed_budget
    from portal.events.demo import seed_events
    from portal.feeds.demo import seed_feeds
    from portal.ideas.demo import seed_ideas
    from portal.initiatives.demo import seed_initiatives
    from portal.paper.demo import seed_paper
    from portal.venues.demo import seed_venues
    from portal.voice.demo import seed_voice

    initiatives = seed_initiatives(people)
    seed_applause(people, initiatives)
    seed_venues(people)
    seed_boards(people, initiatives)
    seed_the_network(people, initiatives)
    seed_feeds(people)
    seed_events(people)
    seed_voice(people)
    seed_budget(people, initiatives)
    seed_ideas(people, initiatives)
    seed_paper(people, initiatives)


def seed_the_network(people: dict, initiatives: dict) -> None:
    """Add the network's demo: shared work between groups, an invitation that waits, a group gone silent."""
    from portal.boards.models import Task
    from portal.initiatives.network_demo import seed_network

    tasks = {title: task_id for task_id, title in db.session.execute(select(Task.id, Task.title))}
    seed_network(people, initiatives, tasks)


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Fill an empty database with a demo neighbourhood (development only)."""
    if not current_app.config.get("DEMO_LOGINS"):
        raise click.ClickException("seed-demo runs only in development (BUURTBOUW_CONFIG=development)")
    logins = seed_demo()
    if not logins:
        click.echo("The database has people already; nothing added.")
        return
    click.echo("Demo neighbourhood ready. Log in with (development only):")
    for email, password, role in logins:
        click.echo(f"  {email:32} {password}  ({role})")
