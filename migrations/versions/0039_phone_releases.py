"""phone numbers freed at the desk: the log of which account a number was taken from, by whom, when, and whether
the account was closed (it had no e-mail); the number itself is not kept

Revision ID: 0039_phone_releases
Revises: 0038_kiosk_screen
Create Date: 2026-11-29 03:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0039_phone_releases'
down_revision = '0038_kiosk_screen'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'phone_releases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('freed_by_id', sa.Integer(), nullable=True),
        sa.Column('closed', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['freed_by_id'], ['users.id'], name=op.f('fk_phone_releases_freed_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_releases')),
    )
    with op.batch_alter_table('phone_releases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_releases_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_releases_freed_by_id'), ['freed_by_id'], unique=False)


def downgrade() -> None:
    op.drop_table('phone_releases')
