"""budget conditions: one last day to apply per budget (a second "apply_before" put two dates on the leaflet)

Revision ID: 0054_budget_one_apply_before
Revises: 0053_budget_apply_before
Create Date: 2026-11-29 12:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0054_budget_one_apply_before'
down_revision = '0053_budget_apply_before'
branch_labels = None
depends_on = None


def upgrade():
    # a budget that got two keeps the earliest (the one the portal already applied), as it keeps the other's text
    op.execute(sa.text(
        "DELETE FROM budget_conditions WHERE kind = 'apply_before' AND id NOT IN (SELECT id FROM budget_conditions b "
        "WHERE b.kind = 'apply_before' AND NOT EXISTS (SELECT 1 FROM budget_conditions e WHERE e.kind = 'apply_before' "
        "AND e.budget_id = b.budget_id AND (e.day < b.day OR (e.day = b.day AND e.id < b.id))))"))
    op.create_index('uq_budget_conditions_one_apply_before', 'budget_conditions', ['budget_id'], unique=True,
                    sqlite_where=sa.text("kind = 'apply_before'"), postgresql_where=sa.text("kind = 'apply_before'"))


def downgrade():
    op.drop_index('uq_budget_conditions_one_apply_before', table_name='budget_conditions')
