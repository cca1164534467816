"""claims: an optional phone number of a walk-in resident, kept until the task is done

A librarian who writes down a resident without an account can note a phone number, so someone can remind them.
purge-walk-ins deletes it once the task is done, as it does for the contact details of walk-in bookings.

Revision ID: 0014_claim_walkin_phone
Revises: 0013_photo_uploads_keep_log
Create Date: 2026-11-28 21:35:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0014_claim_walkin_phone'
down_revision = '0013_photo_uploads_keep_log'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('walkin_phone', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_column('walkin_phone')
