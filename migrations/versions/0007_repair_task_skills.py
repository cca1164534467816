"""repair task skills that an edit form saved as "[]" or as the text of a list of rows

The task form used to show a task's skills as the text of a Python list ("[]", "[<TaskSkill 1, tillen>]", or
"[<portal.boards.models.TaskSkill object at 0x7f...>]"); saving it unchanged split that text on its commas and
stored the pieces as skills. This keeps the real skill names hidden in the pieces ("tillen>]" becomes "tillen")
and removes the rest.

Revision ID: 0007_repair_task_skills
Revises: 0006_kiosk
Create Date: 2026-11-28 20:30:00

"""
import re

import sqlalchemy as sa
from alembic import op

revision = '0007_repair_task_skills'
down_revision = '0006_kiosk'
branch_labels = None
depends_on = None

# What the text of a row looks like, also when cut off at 40 characters.
ROW_TEXT = re.compile(r"(portal\.boards\.models\.)?taskskill( object( at( 0x[0-9a-f]*)?)?| \d+)?")


def repaired(skill: str) -> str:
    """Return the real skill hidden in a piece of a list's text, or "" when there is none."""
    text = re.sub(r"[\[\]<>]", " ", skill.lower())
    text = ROW_TEXT.sub(" ", text)
    return " ".join(text.replace(",", " ").split())[:40]


def upgrade():
    skills = sa.table("task_skills", sa.column("task_id", sa.Integer), sa.column("skill", sa.String))
    bind = op.get_bind()
    broken = bind.execute(sa.select(skills.c.task_id, skills.c.skill).where(sa.or_(
        *(skills.c.skill.contains(mark) for mark in "[]<>")))).all()
    for task_id, skill in broken:
        bind.execute(skills.delete().where(skills.c.task_id == task_id, skills.c.skill == skill))
    kept = {(task_id, skill) for task_id, skill in bind.execute(sa.select(skills.c.task_id, skills.c.skill))}
    for task_id, skill in broken:
        name = repaired(skill)
        if name and (task_id, name) not in kept:
            bind.execute(skills.insert().values(task_id=task_id, skill=name))
            kept.add((task_id, name))


def downgrade():
    pass  # the broken pieces are not worth bringing back
