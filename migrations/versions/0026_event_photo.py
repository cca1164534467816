"""event photo: an event may carry a photo, cleaned and stored like every photo (portal.photos)

Revision ID: 0026_event_photo
Revises: 0025_collaborations
Create Date: 2026-11-29 00:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0026_event_photo'
down_revision = '0025_collaborations'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('events', sa.Column('photo', sa.String(length=40), nullable=True))
    op.add_column('events', sa.Column('photo_width', sa.Integer(), nullable=True))
    op.add_column('events', sa.Column('photo_height', sa.Integer(), nullable=True))


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a batch: a batch copies and drops the events table, and
    # on SQLite dropping it would delete its RSVPs and shifts through their ON DELETE CASCADE.
    for column in ('photo_height', 'photo_width', 'photo'):
        op.drop_column('events', column)
