"""venues: what a booking is for (people expected, a short description) and whether others see its title

Revision ID: 0007_booking_details
Revises: 0006_kiosk
Create Date: 2026-11-28 20:30:00

Bookings made before this were told "everyone can see this title", so they stay public.
On SQLite the columns are added with ALTER TABLE, never by copying the table: a copy would lose the triggers
that refuse double bookings.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_booking_details'
down_revision = '0006_kiosk'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('bookings', sa.Column('description', sa.String(length=300), nullable=False, server_default=''))
    op.add_column('bookings', sa.Column('public', sa.Boolean(), nullable=False, server_default=sa.true()))
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE bookings ADD COLUMN attendees INTEGER '
                   'CONSTRAINT ck_bookings_attendees_positive CHECK (attendees > 0)')
    else:
        op.add_column('bookings', sa.Column('attendees', sa.Integer(), nullable=True))
        op.create_check_constraint('ck_bookings_attendees_positive', 'bookings', 'attendees > 0')


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint('ck_bookings_attendees_positive', 'bookings', type_='check')
    op.drop_column('bookings', 'attendees')
    op.drop_column('bookings', 'public')
    op.drop_column('bookings', 'description')
