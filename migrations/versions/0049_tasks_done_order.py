"""tasks: an index for a board's "done" column (initiative, status, done_at, id), read backwards; through the index
on (initiative, done_at) alone a board with thousands of unfinished tasks and few done ones read them all

Revision ID: 0049_tasks_done_order
Revises: 0048_tasks_board_order
Create Date: 2026-11-29 06:40:00

"""
from alembic import op

revision = '0049_tasks_done_order'
down_revision = '0048_tasks_board_order'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tasks_done_order", "tasks", ["initiative_id", "status", "done_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_tasks_done_order", table_name="tasks")
