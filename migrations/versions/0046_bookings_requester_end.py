"""bookings: index (requester_id, end_at) for "my bookings still to come", in place of the index on requester_id
alone, which a person with many past bookings (a librarian booking for walk-ins) made the planner pass over: the
query then read every booking

Revision ID: 0046_bookings_requester_end
Revises: 0045_data_version
Create Date: 2026-11-29 06:00:00

"""
from alembic import op

revision = '0046_bookings_requester_end'
down_revision = '0045_data_version'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_bookings_requester_end", "bookings", ["requester_id", "end_at"])
    op.drop_index("ix_bookings_requester_id", table_name="bookings")


def downgrade() -> None:
    op.create_index("ix_bookings_requester_id", "bookings", ["requester_id"])
    op.drop_index("ix_bookings_requester_end", table_name="bookings")
