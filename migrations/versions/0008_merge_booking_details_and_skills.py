"""join the two migrations that both followed 0006: booking details and the repair of task skills

They touch different tables, so their order does not matter; this makes one head again.

Revision ID: 0008_merge_0007
Revises: 0007_booking_details, 0007_repair_task_skills
Create Date: 2026-11-28 21:35:00

"""

revision = '0008_merge_0007'
down_revision = ('0007_booking_details', '0007_repair_task_skills')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
