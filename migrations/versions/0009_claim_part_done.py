"""claims: when each person's part of a task was done

A task for four people no longer closes when one of them says "done": each person's part is recorded, and the task
closes when the last part is done or a coordinator closes it. Places on tasks already done count as done then.

Revision ID: 0009_claim_part_done
Revises: 0008_merge_0007
Create Date: 2026-11-28 20:45:00

"""
import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0009_claim_part_done'
down_revision = '0008_merge_0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('part_done_at', portal.db.UTCDateTime(timezone=True), nullable=True))
    tasks = sa.table('tasks', sa.column('id', sa.Integer), sa.column('status', sa.String),
                     sa.column('done_at', portal.db.UTCDateTime(timezone=True)))
    claims = sa.table('claims', sa.column('task_id', sa.Integer),
                      sa.column('part_done_at', portal.db.UTCDateTime(timezone=True)))
    op.execute(claims.update().where(claims.c.task_id.in_(sa.select(tasks.c.id).where(tasks.c.status == 'done')))
               .values(part_done_at=sa.select(tasks.c.done_at).where(tasks.c.id == claims.c.task_id)
                       .scalar_subquery()))


def downgrade():
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_column('part_done_at')
