"""accounts: opaque single-use tokens sent by e-mail (reset, registration); failed log-ins purged by time

Revision ID: 0010_mail_tokens
Revises: 0009_claim_part_done
Create Date: 2026-11-28 20:30:00

"""
from alembic import op
import sqlalchemy as sa

import portal.db


# revision identifiers, used by Alembic.
revision = '0010_mail_tokens'
down_revision = '0009_claim_part_done'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("purpose IN ('reset', 'register')", name=op.f('ck_mail_tokens_purpose_known')),
    sa.CheckConstraint("purpose <> 'reset' OR user_id IS NOT NULL", name=op.f('ck_mail_tokens_reset_has_user')),
    sa.CheckConstraint("purpose <> 'register' OR (email IS NOT NULL AND name IS NOT NULL "
                       "AND password_hash IS NOT NULL)", name=op.f('ck_mail_tokens_register_has_details')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_mail_tokens_token_hash'))
    )
    with op.batch_alter_table('mail_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_tokens_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_tokens_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_tokens_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index('ix_login_failures_at', ['at'], unique=False)
    # Old identifiers were unsalted sha256 of the address: they count for nothing now, so drop them.
    op.execute("DELETE FROM login_failures")


def downgrade():
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index('ix_login_failures_at')
    with op.batch_alter_table('mail_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_tokens_user_id'))
        batch_op.drop_index(batch_op.f('ix_mail_tokens_expires_at'))
        batch_op.drop_index(batch_op.f('ix_mail_tokens_email'))
    op.drop_table('mail_tokens')
