"""booking messages: a short thread of questions and answers on a booking request

Revision ID: 0018_booking_messages
Revises: 0017_takeover_requests
Create Date: 2026-11-28 23:40:00

"""
import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0018_booking_messages'
down_revision = '0017_takeover_requests'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('booking_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('from_staff', sa.Boolean(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(text) BETWEEN 1 AND 500', name=op.f('ck_booking_messages_text_length')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_booking_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_booking_messages_booking_id_bookings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_messages'))
    )
    with op.batch_alter_table('booking_messages', schema=None) as batch_op:
        batch_op.create_index('ix_booking_messages_booking_id', ['booking_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_messages_author_id'), ['author_id'], unique=False)


def downgrade():
    with op.batch_alter_table('booking_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_messages_author_id'))
        batch_op.drop_index('ix_booking_messages_booking_id')
    op.drop_table('booking_messages')
