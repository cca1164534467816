"""event shifts: how many people a shift needs is kept on the shift, so a draft's shifts wait off the task board
until the event is published

Revision ID: 0032_shift_places
Revises: 0031_event_booking_titles
Create Date: 2026-11-29 00:55:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0032_shift_places'
down_revision = '0031_event_booking_titles'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event_shifts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('places', sa.Integer(), server_default='1', nullable=False))
    op.execute("UPDATE event_shifts SET places = COALESCE((SELECT CASE WHEN tasks.places_needed > 50 THEN 50 "
               "WHEN tasks.places_needed < 1 THEN 1 ELSE tasks.places_needed END FROM tasks "
               "WHERE tasks.id = event_shifts.task_id), 1)")
    with op.batch_alter_table('event_shifts', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_event_shifts_places_sane'), 'places >= 1 AND places <= 50')


def downgrade():
    with op.batch_alter_table('event_shifts', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_event_shifts_places_sane'), type_='check')
        batch_op.drop_column('places')
