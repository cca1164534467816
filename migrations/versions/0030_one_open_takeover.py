"""takeover requests: one open question per place on a task (a second tap on "ask" asked the same person twice)

Revision ID: 0030_one_open_takeover
Revises: 0029_event_photos
Create Date: 2026-11-29 00:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0030_one_open_takeover'
down_revision = '0029_event_photos'
branch_labels = None
depends_on = None


def upgrade():
    # questions asked twice: the first one stays open, the copies close as if declined
    op.execute(sa.text(
        "UPDATE takeover_requests SET status = 'declined', answered_at = created_at "
        "WHERE status = 'open' AND id NOT IN (SELECT min(id) FROM takeover_requests WHERE status = 'open' "
        "GROUP BY task_id, from_user_id)"))
    op.create_index('uq_takeover_requests_one_open', 'takeover_requests', ['task_id', 'from_user_id'], unique=True,
                    sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))


def downgrade():
    op.drop_index('uq_takeover_requests_one_open', table_name='takeover_requests')
