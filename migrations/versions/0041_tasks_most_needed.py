"""tasks: an index in the weekly sheet's order ("most places left, then soonest"), so it reads five tasks, not all

Revision ID: 0041_tasks_most_needed
Revises: 0040_booking_length_bound
Create Date: 2026-11-29 03:15:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0041_tasks_most_needed'
down_revision = '0040_booking_length_bound'
branch_labels = None
depends_on = None

ORDER = [sa.text("(places_needed - places_taken) DESC"), sa.text("(due_date IS NULL)"), sa.text("due_date"),
         sa.text("id")]
UNFINISHED = sa.text("status <> 'done'")


def upgrade():
    op.create_index("ix_tasks_most_needed", "tasks", ORDER, postgresql_where=UNFINISHED, sqlite_where=UNFINISHED)


def downgrade():
    op.drop_index("ix_tasks_most_needed", table_name="tasks")
