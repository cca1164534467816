"""a coordinator may dismiss a report (the words stay): the moderation logs of shout-outs and of reactions on ideas
record "dismiss" besides "hide" and "unhide"

Revision ID: 0043_moderation_dismiss
Revises: 0042_budget_category_totals
Create Date: 2026-11-29 03:00:00

"""
from alembic import op

revision = '0043_moderation_dismiss'
down_revision = '0042_budget_category_totals'
branch_labels = None
depends_on = None

TABLES = ('moderation_log', 'idea_moderation_log')


def _known(values: tuple[str, ...]) -> None:
    # Nothing points at these log tables, so SQLite may rebuild them with foreign keys on.
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'ck_{table}_action_known'), type_='check')
            batch_op.create_check_constraint(batch_op.f(f'ck_{table}_action_known'),
                                             "action IN (" + ", ".join(f"'{value}'" for value in values) + ")")


def upgrade():
    _known(('hide', 'unhide', 'dismiss'))


def downgrade():
    for table in TABLES:
        op.execute(f"DELETE FROM {table} WHERE action = 'dismiss'")
    _known(('hide', 'unhide'))
