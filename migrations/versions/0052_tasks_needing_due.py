"""tasks: a partial index of the tasks that still need people, by due date, so "where can I help?" reads a page of
them from the soonest instead of every finished task before the first open one (with 12,400 finished tasks of the
past two years, dated and undated, the page cost 2.4 times as much); the index of all tasks by due date goes, as
SQLite took it instead whenever its statistics were missing or close

Revision ID: 0052_tasks_needing_due
Revises: 0051_tasks_initiative_needing
Create Date: 2026-11-29 08:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0052_tasks_needing_due'
down_revision = '0051_tasks_initiative_needing'
branch_labels = None
depends_on = None

NEEDING = sa.text("status <> 'done' AND places_taken < places_needed")


def upgrade() -> None:
    op.create_index("ix_tasks_needing_due", "tasks", ["due_date", "id"], postgresql_where=NEEDING,
                    sqlite_where=NEEDING)
    op.drop_index("ix_tasks_due_date_id", table_name="tasks")


def downgrade() -> None:
    op.create_index("ix_tasks_due_date_id", "tasks", ["due_date", "id"])
    op.drop_index("ix_tasks_needing_due", table_name="tasks")
