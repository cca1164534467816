"""takeover requests: the load guard asks a member to take over someone's place on a task

Revision ID: 0017_takeover_requests
Revises: 0016_outbox
Create Date: 2026-11-28 21:35:00

"""
import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0017_takeover_requests'
down_revision = '0016_outbox'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('takeover_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('from_user_id', sa.Integer(), nullable=False),
    sa.Column('to_user_id', sa.Integer(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('open', 'accepted', 'declined')", name=op.f('ck_takeover_requests_status_known')),
    sa.ForeignKeyConstraint(['asked_by_id'], ['users.id'], name=op.f('fk_takeover_requests_asked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['from_user_id'], ['users.id'], name=op.f('fk_takeover_requests_from_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_takeover_requests_task_id_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_user_id'], ['users.id'], name=op.f('fk_takeover_requests_to_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_takeover_requests'))
    )
    with op.batch_alter_table('takeover_requests', schema=None) as batch_op:
        batch_op.create_index('ix_takeover_requests_to_status', ['to_user_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_takeover_requests_task_id'), ['task_id'], unique=False)


def downgrade():
    with op.batch_alter_table('takeover_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_takeover_requests_task_id'))
        batch_op.drop_index('ix_takeover_requests_to_status')
    op.drop_table('takeover_requests')
