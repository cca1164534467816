"""mail outbox; reminders record what they sent in it (reminders_sent goes)

Revision ID: 0016_outbox
Revises: 0015_one_way_layers_data
Create Date: 2026-11-28 20:30:00

"""
from alembic import op
import sqlalchemy as sa

import portal.db


revision = '0016_outbox'
down_revision = '0015_one_way_layers_data'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('message', sa.LargeBinary(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_try_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('waiting', 'sending', 'sent', 'failed')", name=op.f('ck_outbox_status_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('key', name=op.f('uq_outbox_key'))
    )
    op.create_index('ix_outbox_status_next_try', 'outbox', ['status', 'next_try_at'], unique=False)
    op.create_index('ix_outbox_status_id', 'outbox', ['status', 'id'], unique=False)
    # What send-reminders sent before keeps counting as sent: the outbox key says so from now on.
    op.execute("INSERT INTO outbox (key, recipient, subject, message, status, attempts, next_try_at, sent_at, "
               "last_error, created_at) SELECT kind || ':' || key || ':' || CAST(user_id AS VARCHAR(20)), '', '', "
               "NULL, 'sent', 1, sent_at, sent_at, '', sent_at FROM reminders_sent")
    op.drop_table('reminders_sent')


def downgrade():
    # Stepping back forgets which reminders went out: a reminder due in the next two days may be sent again.
    op.create_table('reminders_sent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('sent_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminders_sent_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders_sent')),
    sa.UniqueConstraint('kind', 'user_id', 'key', name=op.f('uq_reminders_sent_kind_user_id_key')),
    )
    op.drop_index('ix_outbox_status_id', table_name='outbox')
    op.drop_index('ix_outbox_status_next_try', table_name='outbox')
    op.drop_table('outbox')
