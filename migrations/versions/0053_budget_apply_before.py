"""budget conditions may close applying: a condition of the kind "apply_before" names the last day an application
can be sent (the phases are free text with dates, so the portal could not know which one closes applying); like
"spend_before" it needs its day

Revision ID: 0053_budget_apply_before
Revises: 0052_tasks_needing_due
Create Date: 2026-11-29 12:00:00

"""
from alembic import op

revision = '0053_budget_apply_before'
down_revision = '0052_tasks_needing_due'
branch_labels = None
depends_on = None

KINDS = ('max_per_application', 'max_overhead_share', 'min_residents', 'categories_allowed', 'categories_excluded',
         'spend_before', 'plan_needed', 'max_share_per_initiative', 'people')


def _checks(kinds: tuple[str, ...], day_kinds: tuple[str, ...]) -> None:
    # Nothing points at budget_conditions, so SQLite may rebuild it with foreign keys on (as 0043 does).
    with op.batch_alter_table('budget_conditions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_budget_conditions_kind_known'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_budget_conditions_day_given'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_budget_conditions_kind_known'),
                                         "kind IN (" + ", ".join(f"'{kind}'" for kind in kinds) + ")")
        batch_op.create_check_constraint(batch_op.f('ck_budget_conditions_day_given'),
                                         "kind NOT IN (" + ", ".join(f"'{kind}'" for kind in day_kinds)
                                         + ") OR day IS NOT NULL")


def upgrade():
    _checks((*KINDS, 'apply_before'), ('spend_before', 'apply_before'))


def downgrade():
    op.execute("DELETE FROM budget_conditions WHERE kind = 'apply_before'")
    # 0023 wrote it as "kind <> 'spend_before' OR ..."; NOT IN with one value says the same.
    _checks(KINDS, ('spend_before',))
