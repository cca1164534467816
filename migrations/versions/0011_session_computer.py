"""accounts: a session remembers the shared computer (kiosk) it lives on, so switching that off ends it

Revision ID: 0011_session_computer
Revises: 0010_mail_tokens
Create Date: 2026-11-28 21:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_session_computer'
down_revision = '0010_mail_tokens'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_computer_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_sessions_shared_computer_id'), ['shared_computer_id'], unique=False)


def downgrade():
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_shared_computer_id'))
        batch_op.drop_column('shared_computer_id')
