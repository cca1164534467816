"""The task form: skills shown as words and kept as they are, hours with the reader's decimal mark, repairs."""

import importlib.util
import re
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import insert, select

from portal.boards.models import Task, TaskSkill
from portal.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def field_value(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else ""


def form_data(page: str) -> dict:
    """Return what a browser would send back for the task form, untouched."""
    data = {name: field_value(page, name) for name in ("title", "estimate_hours", "places_needed", "due_date",
                                                        "place", "skills")}
    data["description"] = re.search(r'<textarea[^>]*name="description"[^>]*>\s*([^<]*)</textarea>', page).group(1)
    return data


def skills_of(app, task_id) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(TaskSkill.skill).where(TaskSkill.task_id == task_id)
                                       .order_by(TaskSkill.skill)))


@pytest.mark.parametrize("skills, shown", [(["tillen", "tuinieren"], "tillen, tuinieren"), ([], "")])
def test_edit_form_shows_skills_as_words_and_saving_keeps_them(app, client, login_as, make_task, skills, shown):
    """The skills field reads "tillen, tuinieren" (empty when none); saving untouched keeps the skills as they are."""
    task = make_task(title="Stoelen", skills=skills, estimate_minutes=90)
    login_as("coordinator")
    page = client.get(f"/tasks/{task.id}/edit").get_data(as_text=True)
    assert field_value(page, "skills") == shown
    assert client.post(f"/tasks/{task.id}/edit", data=form_data(page)).status_code == 303
    assert skills_of(app, task.id) == skills
    with app.app_context():
        assert db.session.get(Task, task.id).estimate_minutes == 90


@pytest.mark.parametrize("language, shown", [("nl", "1,5"), ("en", "1.5")])
def test_hours_use_the_readers_decimal_mark(client, login_as, make_task, language, shown):
    """The hours field shows 1,5 in Dutch and 1.5 in English, never 1.50."""
    task = make_task(estimate_minutes=90)
    login_as("coordinator", language=language)
    assert field_value(client.get(f"/tasks/{task.id}/edit").get_data(as_text=True), "estimate_hours") == shown


@pytest.mark.parametrize("typed, minutes", [("0,5", 30), ("0.5", 30), (" 1,25 ", 75), ("2", 120)])
def test_hours_accept_comma_and_dot(app, client, login_as, make_initiative, typed, minutes):
    """Half an hour is "0,5" or "0.5", whatever the language."""
    board = make_initiative()
    login_as("coordinator")
    response = client.post(f"/boards/{board.id}/tasks/new", data={"title": "Koffie", "estimate_hours": typed,
                                                                  "places_needed": "1"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Task.estimate_minutes)) == minutes


@pytest.mark.parametrize("typed", ["1,5,5", "1.000,5", "een", "1e3"])
def test_hours_that_are_no_number_get_a_message(app, client, login_as, make_initiative, typed):
    """Something that is not one number gets a message at the field, and what was typed stays."""
    board = make_initiative()
    login_as("coordinator")
    response = client.post(f"/boards/{board.id}/tasks/new", data={"title": "Koffie", "estimate_hours": typed,
                                                                  "places_needed": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Vul een getal in" in page
    assert field_value(page, "estimate_hours") == typed.replace("&", "&amp;")


@pytest.mark.parametrize(("field", "typed", "said"), [
    ("places_needed", "0", "Gebruik een getal van 1 tot 50."),
    ("estimate_hours", "0", "Gebruik een aantal uren van 0,25 tot 100."),
    ("places_needed", "", "Vul dit in."),
])
def test_a_zero_is_told_its_range_not_to_fill_it_in(app, client, login_as, make_initiative, field, typed, said):
    """0 people or 0 hours is a number, out of range: the message says the range (it said "fill this in" while the
    field held 0); an empty field is asked to be filled in."""
    board = make_initiative()
    login_as("coordinator")
    data = {"title": "Koffie", "estimate_hours": "1", "places_needed": "1", field: typed}
    page = client.post(f"/boards/{board.id}/tasks/new", data=data).get_data(as_text=True)
    error = page.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert said in error


def test_migration_repairs_skills_saved_from_a_list_text(app, make_task):
    """Skills saved as "[]" or as pieces of a list's text are removed, or become the skill they hide."""
    spec = importlib.util.spec_from_file_location(
        "repair", ROOT / "migrations" / "versions" / "0007_repair_task_skills.py")
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    lifting = make_task(title="Tillen")
    empty = make_task(title="Uit notulen")
    objects = make_task(title="Objecten", skills=["koken"])
    with app.app_context():
        db.session.execute(insert(TaskSkill), [
            {"task_id": lifting.id, "skill": "[<taskskill 1"}, {"task_id": lifting.id, "skill": "tillen>"},
            {"task_id": lifting.id, "skill": "<taskskill 1"}, {"task_id": lifting.id, "skill": "tuinieren>]"},
            {"task_id": empty.id, "skill": "[]"},
            {"task_id": objects.id, "skill": "[<portal.boards.models.taskskill object "},
            {"task_id": objects.id, "skill": "koken>]"}])
        db.session.commit()
        with db.engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
            migration.upgrade()
    assert skills_of(app, lifting.id) == ["tillen", "tuinieren"]
    assert skills_of(app, empty.id) == []
    assert skills_of(app, objects.id) == ["koken"]
