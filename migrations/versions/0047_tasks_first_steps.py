"""Indexes that keep "what can I do?" and the coordinators' overview from growing with the data

tasks: one in the order of "what can I do?" (good first, with a buddy, soonest, shortest), so the first steps read
a few open tasks, not every one of them (40 ms at 50,000 tasks). Shouts, tasks, events, memberships: (initiative,
moment) pairs, so "when was each initiative last active" takes one step down an index per initiative instead of
grouping whole tables (the overview: 120 ms in-process at 100,000 shout-outs); memberships (initiative, role): the
overview's carriers without reading every member.

Revision ID: 0047_tasks_first_steps
Revises: 0046_bookings_requester_end
Create Date: 2026-11-29 06:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0047_tasks_first_steps'
down_revision = '0046_bookings_requester_end'
branch_labels = None
depends_on = None

ORDER = [sa.text("good_first DESC"), sa.text("with_buddy DESC"), sa.text("(due_date IS NULL)"), sa.text("due_date"),
         sa.text("estimate_minutes"), sa.text("id")]
UNFINISHED = sa.text("status <> 'done'")
PAIRS = [("ix_shouts_initiative_created", "shouts", ["initiative_id", "created_at"]),
         ("ix_events_initiative_created", "events", ["initiative_id", "created_at"]),
         ("ix_tasks_initiative_created", "tasks", ["initiative_id", "created_at"]),
         ("ix_tasks_initiative_done", "tasks", ["initiative_id", "done_at"]),
         ("ix_memberships_initiative_role", "memberships", ["initiative_id", "role", "user_id"]),
         ("ix_memberships_initiative_joined", "memberships", ["initiative_id", "joined_at"])]


def upgrade():
    op.create_index("ix_tasks_first_steps", "tasks", ORDER, postgresql_where=UNFINISHED, sqlite_where=UNFINISHED)
    for name, table, columns in PAIRS:
        op.create_index(name, table, columns)


def downgrade():
    for name, table, _columns in reversed(PAIRS):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_tasks_first_steps", table_name="tasks")
