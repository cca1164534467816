"""budget: spent per budget and category as summary rows the database keeps, so the ledger page and the report read
a few rows instead of summing every spending line

Revision ID: 0042_budget_category_totals
Revises: 0041_tasks_most_needed
Create Date: 2026-11-29 03:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0042_budget_category_totals'
down_revision = '0041_tasks_most_needed'
branch_labels = None
depends_on = None

# Triggers, not the service, keep the rows: every way a spending line comes or goes (the service, the demo, a bulk
# load, a cascade when an initiative is deleted) moves its category's total with it, in the same transaction.
SQLITE = [
    """CREATE TRIGGER budget_ledger_total_insert AFTER INSERT ON budget_ledger WHEN NEW.kind = 'spending'
    BEGIN
        INSERT INTO budget_category_totals (budget_id, category, cents) VALUES (NEW.budget_id, NEW.category, NEW.cents)
        ON CONFLICT (budget_id, category) DO UPDATE SET cents = cents + excluded.cents;
    END""",
    """CREATE TRIGGER budget_ledger_total_delete AFTER DELETE ON budget_ledger WHEN OLD.kind = 'spending'
    BEGIN
        UPDATE budget_category_totals SET cents = cents - OLD.cents
        WHERE budget_id = OLD.budget_id AND category = OLD.category;
    END""",
    """CREATE TRIGGER budget_ledger_total_update AFTER UPDATE OF budget_id, kind, category, cents ON budget_ledger
    BEGIN
        UPDATE budget_category_totals SET cents = cents - OLD.cents
        WHERE OLD.kind = 'spending' AND budget_id = OLD.budget_id AND category = OLD.category;
        INSERT INTO budget_category_totals (budget_id, category, cents)
        SELECT NEW.budget_id, NEW.category, NEW.cents WHERE NEW.kind = 'spending'
        ON CONFLICT (budget_id, category) DO UPDATE SET cents = cents + excluded.cents;
    END""",
]
POSTGRESQL = [
    """CREATE FUNCTION budget_ledger_total() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.kind = 'spending' THEN
            UPDATE budget_category_totals SET cents = cents - OLD.cents
            WHERE budget_id = OLD.budget_id AND category = OLD.category;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind = 'spending' THEN
            INSERT INTO budget_category_totals (budget_id, category, cents)
            VALUES (NEW.budget_id, NEW.category, NEW.cents)
            ON CONFLICT (budget_id, category) DO UPDATE SET cents = budget_category_totals.cents + EXCLUDED.cents;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER budget_ledger_total AFTER INSERT OR DELETE OR UPDATE OF budget_id, kind, category, cents
    ON budget_ledger FOR EACH ROW EXECUTE FUNCTION budget_ledger_total()""",
]


def upgrade() -> None:
    op.create_table(
        'budget_category_totals',
        sa.Column('budget_id', sa.Integer(), nullable=False),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('cents', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['budget_id'], ['budgets.id'], name=op.f('fk_budget_category_totals_budget_id_budgets'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('budget_id', 'category', name=op.f('pk_budget_category_totals')),
    )
    op.execute("INSERT INTO budget_category_totals (budget_id, category, cents) SELECT budget_id, category, SUM(cents) "
               "FROM budget_ledger WHERE kind = 'spending' GROUP BY budget_id, category")
    for statement in (POSTGRESQL if op.get_bind().dialect.name == "postgresql" else SQLITE):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER budget_ledger_total ON budget_ledger")
        op.execute("DROP FUNCTION budget_ledger_total()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER budget_ledger_total_{name}")
    op.drop_table('budget_category_totals')
