"""data model tidy-up: one account per e-mail address whatever its case; two indexes that repeated others go

`ix_users_email_lower` makes the database refuse "Ann@x.nl" beside "ann@x.nl". `ix_claims_task_id` and
`ix_shout_reports_shout_id` repeated the first column of the unique (task_id, user_id) and (shout_id, user_id)
indexes, which serve the same lookups.

Revision ID: 0012_one_way_layers_data
Revises: 0011_session_computer
Create Date: 2026-11-28 21:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0012_one_way_layers_data'
down_revision = '0011_session_computer'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_users_email_lower', 'users', [sa.text('lower(email)')], unique=True)
    op.drop_index('ix_claims_task_id', table_name='claims')
    op.drop_index('ix_shout_reports_shout_id', table_name='shout_reports')


def downgrade():
    op.create_index('ix_shout_reports_shout_id', 'shout_reports', ['shout_id'], unique=False)
    op.create_index('ix_claims_task_id', 'claims', ['task_id'], unique=False)
    op.drop_index('ix_users_email_lower', table_name='users')
