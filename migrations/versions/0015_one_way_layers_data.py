"""data model tidy-up: one account per e-mail address whatever its case; two indexes that repeated others go

`email_lower_case` keeps addresses in lower case, so the unique address refuses "Ann@x.nl" beside "ann@x.nl". `ix_claims_task_id` and
`ix_shout_reports_shout_id` repeated the first column of the unique (task_id, user_id) and (shout_id, user_id)
indexes, which serve the same lookups.

Revision ID: 0015_one_way_layers_data
Revises: 0014_claim_walkin_phone
Create Date: 2026-11-28 21:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0015_one_way_layers_data'
down_revision = '0014_claim_walkin_phone'
branch_labels = None
depends_on = None


def upgrade():
    users = sa.table('users', sa.column('email', sa.String))
    op.execute(users.update().values(email=sa.func.lower(users.c.email)))
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite adds a check only by rebuilding the table, which would cascade into every session: triggers
        # refuse the same rows.
        for name, event in (('insert', 'INSERT'), ('update', 'UPDATE OF email')):
            op.execute(f"CREATE TRIGGER users_email_lower_{name} BEFORE {event} ON users "
                       "WHEN NEW.email <> lower(NEW.email) BEGIN SELECT RAISE(ABORT, 'ck_users_email_lower_case'); END")
    else:
        op.create_check_constraint(op.f('ck_users_email_lower_case'), 'users', 'email = lower(email)')
    op.drop_index('ix_claims_task_id', table_name='claims')
    op.drop_index('ix_shout_reports_shout_id', table_name='shout_reports')


def downgrade():
    op.create_index('ix_shout_reports_shout_id', 'shout_reports', ['shout_id'], unique=False)
    op.create_index('ix_claims_task_id', 'claims', ['task_id'], unique=False)
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TRIGGER users_email_lower_insert")
        op.execute("DROP TRIGGER users_email_lower_update")
    else:
        op.drop_constraint(op.f('ck_users_email_lower_case'), 'users', type_='check')
