"""event photo: an event may carry a photo, cleaned and stored like every photo (portal.photos)

Revision ID: 0024_event_photo
Revises: 0023_budget
Create Date: 2026-11-29 00:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0024_event_photo'
down_revision = '0023_budget'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('photo_width', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('photo_height', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('photo_height')
        batch_op.drop_column('photo_width')
        batch_op.drop_column('photo')
