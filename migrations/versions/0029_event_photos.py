"""event photos: residents add photos to an event after it took place

Revision ID: 0029_event_photos
Revises: 0028_paper
Create Date: 2026-11-29 00:25:00

"""
import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0029_event_photos'
down_revision = '0028_paper'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('event_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_photos_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_photos_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_photos'))
    )
    with op.batch_alter_table('event_photos', schema=None) as batch_op:
        batch_op.create_index('ix_event_photos_event_id_id', ['event_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_photos_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('event_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_photos_user_id'))
        batch_op.drop_index('ix_event_photos_event_id_id')
    op.drop_table('event_photos')
