"""ideas and their comments keep the one-time token of the form that made them (a unique index), so a double tap
or a second tab sending the same form finds the first row instead of making a second

Revision ID: 0036_ideas_submit_token
Revises: 0035_accounts_phone
Create Date: 2026-11-29 01:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0036_ideas_submit_token'
down_revision = '0035_accounts_phone'
branch_labels = None
depends_on = None

# A unique index, not a table constraint: SQLite adds the column and the index in place, without rebuilding
# (and so dropping) the ideas table, whose drop would cascade to its reactions and comments.
TABLES = ('ideas', 'idea_comments')


def upgrade():
    for table in TABLES:
        op.add_column(table, sa.Column('submit_token', sa.String(length=43), nullable=True))
        op.create_index(op.f(f'ix_{table}_submit_token'), table, ['submit_token'], unique=True)


def downgrade():
    for table in TABLES:
        op.drop_index(op.f(f'ix_{table}_submit_token'), table_name=table)
        op.drop_column(table, 'submit_token')
