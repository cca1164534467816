"""collaborations: one initiative invites another to its board or a task ("samen met ...")

Revision ID: 0025_collaborations
Revises: 0024_ideas_box
Create Date: 2026-11-28 23:50:00

"""
import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0025_collaborations'
down_revision = '0024_ideas_box'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('collaborations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('open', 'accepted', 'declined')", name=op.f('ck_collaborations_status_known')),
    sa.CheckConstraint('subject_id >= 1', name=op.f('ck_collaborations_subject_known')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_collaborations_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_collaborations_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_collaborations_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['initiatives.id'], name=op.f('fk_collaborations_partner_id_initiatives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collaborations')),
    sa.UniqueConstraint('initiative_id', 'partner_id', 'kind', 'subject_id', name=op.f('uq_collaborations_initiative_id_partner_id_kind_subject_id'))
    )
    with op.batch_alter_table('collaborations', schema=None) as batch_op:
        batch_op.create_index('ix_collaborations_partner_status', ['partner_id', 'status'], unique=False)


def downgrade():
    with op.batch_alter_table('collaborations', schema=None) as batch_op:
        batch_op.drop_index('ix_collaborations_partner_status')
    op.drop_table('collaborations')
