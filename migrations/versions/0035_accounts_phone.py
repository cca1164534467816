"""accounts without e-mail: a phone number (one stored form, unique) may stand in for the address, and
librarians print one-time reset codes for them at the desk (only a keyed hash kept, with who issued it)

Revision ID: 0035_accounts_phone
Revises: 0034_shout_people_count
Create Date: 2026-11-29 01:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0035_accounts_phone'
down_revision = '0034_shout_people_count'
branch_labels = None
depends_on = None

LOWER_TRIGGERS = (('insert', 'INSERT'), ('update', 'UPDATE OF email'))


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def _lower_triggers(create: bool) -> None:
    """SQLite keeps email = lower(email) as triggers (0015); rebuilding the table drops them, so they come back."""
    for name, event in LOWER_TRIGGERS:
        if create:
            op.execute(f"CREATE TRIGGER users_email_lower_{name} BEFORE {event} ON users "
                       "WHEN NEW.email <> lower(NEW.email) BEGIN SELECT RAISE(ABORT, 'ck_users_email_lower_case'); END")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS users_email_lower_{name}")


def _foreign_keys(on: bool) -> None:
    """SQLite rebuilds `users` to change a column: DROP TABLE would cascade to every row that points at it (its
    sessions, claims, ...), so foreign keys are off while it does (a pragma that works outside a transaction)."""
    bind = op.get_bind()
    if not on and bind.connection.dbapi_connection.in_transaction:
        bind.exec_driver_sql("COMMIT")  # what earlier steps wrote is kept; SQLite ignores the pragma inside one
    bind.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    if not on:
        assert bind.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0, "foreign keys stayed on"


def upgrade():
    if _sqlite():
        _foreign_keys(False)
        _lower_triggers(False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=True)
        batch_op.add_column(sa.Column('phone', sa.String(length=16), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_phone'), ['phone'])
        batch_op.create_check_constraint('email_or_phone', 'email IS NOT NULL OR phone IS NOT NULL')
        batch_op.create_check_constraint('phone_normal_form', "phone LIKE '+31%'")
    if _sqlite():
        _lower_triggers(True)
        _foreign_keys(True)
    op.create_table(
        'desk_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('issued_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_desk_codes_user_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_desk_codes_issued_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_codes')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_desk_codes_code_hash')),
    )
    with op.batch_alter_table('desk_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_codes_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_codes_issued_by_id'), ['issued_by_id'], unique=False)


def downgrade():
    op.drop_table('desk_codes')
    op.execute("DELETE FROM users WHERE email IS NULL")  # an account without an address cannot exist before
    if _sqlite():
        _foreign_keys(False)
        _lower_triggers(False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint('phone_normal_form', type_='check')
        batch_op.drop_constraint('email_or_phone', type_='check')
        batch_op.drop_constraint(batch_op.f('uq_users_phone'), type_='unique')
        batch_op.drop_column('phone')
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=False)
    if _sqlite():
        _lower_triggers(True)
        _foreign_keys(True)
