"""tasks: a task the initiative keeps for its members (the shift of a members-only event) says so itself, so every
list, count, print and poster of tasks asks one rule (`task_visible`) instead of the event's guards at the moment a
shift is added; the events feature keeps it in line with the event from now on, and existing shifts of members-only
events get it here. The per-initiative count of tasks that need people holds it too, to stay an index-only count.

Revision ID: 0055_tasks_members_only
Revises: 0054_budget_one_apply_before
Create Date: 2026-11-29 12:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0055_tasks_members_only'
down_revision = '0054_budget_one_apply_before'
branch_labels = None
depends_on = None

NEEDING = sa.text("status <> 'done' AND places_taken < places_needed")


def upgrade() -> None:
    op.add_column("tasks", sa.Column("members_only", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE tasks SET members_only = true WHERE id IN (SELECT event_shifts.task_id FROM event_shifts "
               "JOIN events ON events.id = event_shifts.event_id WHERE event_shifts.task_id IS NOT NULL "
               "AND events.public = false)")
    op.drop_index("ix_tasks_initiative_needing", table_name="tasks")
    op.create_index("ix_tasks_initiative_needing", "tasks", ["initiative_id", "members_only"],
                    postgresql_where=NEEDING, sqlite_where=NEEDING)


def downgrade() -> None:
    op.drop_index("ix_tasks_initiative_needing", table_name="tasks")
    op.create_index("ix_tasks_initiative_needing", "tasks", ["initiative_id"], postgresql_where=NEEDING,
                    sqlite_where=NEEDING)
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a batch: a batch copies and drops the tasks table, losing
    # its expression indexes, and on SQLite dropping it would delete its claims through their ON DELETE CASCADE.
    op.drop_column("tasks", "members_only")
