"""data version: one number every change to what a page shows raises, for the ETags of anonymous pages

Revision ID: 0045_data_version
Revises: 0044_room_change_stamp
Create Date: 2026-11-29 03:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0045_data_version'
down_revision = '0044_room_change_stamp'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No row yet: the first write makes it (an upsert), so a fresh database stays empty for a restore.
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )


def downgrade() -> None:
    op.drop_table("data_version")
