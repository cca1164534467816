"""tasks: a partial index of the tasks that still need people, per initiative, so the network's cards and the boards
list count them from the index alone (the count read every unfinished task's row: 8 ms for a page of cards at
1,000,000 tasks)

Revision ID: 0051_tasks_initiative_needing
Revises: 0050_shouts_created_at
Create Date: 2026-11-29 06:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0051_tasks_initiative_needing'
down_revision = '0050_shouts_created_at'
branch_labels = None
depends_on = None

NEEDING = sa.text("status <> 'done' AND places_taken < places_needed")


def upgrade() -> None:
    op.create_index("ix_tasks_initiative_needing", "tasks", ["initiative_id"], postgresql_where=NEEDING,
                    sqlite_where=NEEDING)


def downgrade() -> None:
    op.drop_index("ix_tasks_initiative_needing", table_name="tasks")
