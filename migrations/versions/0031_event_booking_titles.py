"""event bookings: a room booking of an event outsiders may not see (members-only, or of a members-only
initiative) hides its title, as new ones do since the events feature keeps it in line

Revision ID: 0031_event_booking_titles
Revises: 0030_one_open_takeover
Create Date: 2026-11-29 00:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0031_event_booking_titles'
down_revision = '0030_one_open_takeover'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE bookings SET public = false WHERE id IN (SELECT events.booking_id FROM events "
               "JOIN initiatives ON initiatives.id = events.initiative_id WHERE events.booking_id IS NOT NULL "
               "AND (events.public = false OR initiatives.visibility != 'public'))")


def downgrade():
    pass  # a title that was shown by mistake is not shown again
