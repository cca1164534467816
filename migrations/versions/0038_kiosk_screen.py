"""kiosk screen rotation: each kiosk device says which public pages its screen shows in turn, and for how long

Revision ID: 0038_kiosk_screen
Revises: 0037_events_weekly
Create Date: 2026-11-29 01:10:00

"""
from alembic import op

revision = '0038_kiosk_screen'
down_revision = '0037_events_weekly'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ... ADD COLUMN with a named CHECK works the same in SQLite and PostgreSQL, and SQLite need
    # not rebuild kiosk_devices (which user_sessions points at).
    op.execute("ALTER TABLE kiosk_devices ADD COLUMN screen_pages VARCHAR(60) DEFAULT 'applause,agenda,help' "
               "NOT NULL")
    op.execute("ALTER TABLE kiosk_devices ADD COLUMN screen_seconds INTEGER DEFAULT 30 NOT NULL "
               "CONSTRAINT ck_kiosk_devices_screen_seconds_range CHECK (screen_seconds BETWEEN 10 AND 600)")


def downgrade() -> None:
    op.execute("ALTER TABLE kiosk_devices DROP COLUMN screen_seconds")
    op.execute("ALTER TABLE kiosk_devices DROP COLUMN screen_pages")
