"""budget: the ledger's category index covers the amounts, so totals per category read the index alone

Revision ID: 0027_budget_category_sums
Revises: 0026_event_photo
Create Date: 2026-11-29 00:25:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0027_budget_category_sums'
down_revision = '0026_event_photo'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_ledger', schema=None) as batch_op:
        batch_op.drop_index('ix_budget_ledger_budget_category')
        batch_op.create_index('ix_budget_ledger_budget_category', ['budget_id', 'kind', 'category', 'cents'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('budget_ledger', schema=None) as batch_op:
        batch_op.drop_index('ix_budget_ledger_budget_category')
        batch_op.create_index('ix_budget_ledger_budget_category', ['budget_id', 'kind', 'category'], unique=False)
