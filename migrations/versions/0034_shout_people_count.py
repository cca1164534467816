"""shouts: an automatic thank-you for an event keeps how many people came, written into its sentence when shown

Revision ID: 0034_shout_people_count
Revises: 0033_digest
Create Date: 2026-11-29 01:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0034_shout_people_count'
down_revision = '0033_digest'
branch_labels = None
depends_on = None


def upgrade():
    # Not batch mode: on SQLite that copies and drops the table, and the drop would cascade to shout_thanks.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE shouts ADD COLUMN people_count INTEGER CONSTRAINT ck_shouts_people_count_not_negative '
                   'CHECK (people_count IS NULL OR people_count >= 0)')
    else:
        op.add_column('shouts', sa.Column('people_count', sa.Integer(), nullable=True))
        op.create_check_constraint('ck_shouts_people_count_not_negative', 'shouts',
                                   'people_count IS NULL OR people_count >= 0')
    # Older thanks keep their sentence without the number: which event a shout-out was for is not stored.


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint('ck_shouts_people_count_not_negative', 'shouts', type_='check')
    op.drop_column('shouts', 'people_count')
