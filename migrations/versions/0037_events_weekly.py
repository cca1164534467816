"""events may come back every week (the language café every Tuesday), besides every month and every year

Revision ID: 0037_events_weekly
Revises: 0036_ideas_submit_token
Create Date: 2026-11-29 01:10:00

"""
from alembic import op

revision = '0037_events_weekly'
down_revision = '0036_ideas_submit_token'
branch_labels = None
depends_on = None


def _foreign_keys(on: bool) -> None:
    """SQLite rebuilds `events` to change a check: DROP TABLE would cascade to its RSVPs, shifts and photos, so
    foreign keys are off while it does (as in 0035; a pragma that works outside a transaction)."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    if not on and bind.connection.dbapi_connection.in_transaction:
        bind.exec_driver_sql("COMMIT")  # what earlier steps wrote is kept; SQLite ignores the pragma inside one
    bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    if not on:
        assert bind.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0, "foreign keys stayed on"


def _known(values: tuple[str, ...]) -> None:
    _foreign_keys(False)
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_events_repeats_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_events_repeats_known'),
                                         "repeats IN (" + ", ".join(f"'{value}'" for value in values) + ")")
    _foreign_keys(True)


def upgrade():
    _known(('none', 'weekly', 'monthly', 'yearly'))


def downgrade():
    op.execute("UPDATE events SET repeats = 'none' WHERE repeats = 'weekly'")
    _known(('none', 'monthly', 'yearly'))
