"""the weekly digest by e-mail: who wants it, and the asks for help each person got per week (the ask budget)

Revision ID: 0033_digest
Revises: 0032_shift_places
Create Date: 2026-11-29 00:50:00

"""
import sqlalchemy as sa
from alembic import op

import portal.db

# revision identifiers, used by Alembic.
revision = '0033_digest'
down_revision = '0032_shift_places'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "digest_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_digest_subscriptions_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_subscriptions")),
        sa.UniqueConstraint("user_id", name=op.f("uq_digest_subscriptions_user_id")),
        sqlite_autoincrement=True,  # ids never come back, so neither do old unsubscribe links
    )
    op.create_table(
        "help_asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("ref", sa.String(64), nullable=False),
        sa.Column("created_at", portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_help_asks_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_asks")),
        sa.UniqueConstraint("user_id", "week_start", "ref", name=op.f("uq_help_asks_user_id_week_start_ref")),
    )
    op.create_index(op.f("ix_help_asks_user_id"), "help_asks", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_help_asks_user_id"), table_name="help_asks")
    op.drop_table("help_asks")
    op.drop_table("digest_subscriptions")
