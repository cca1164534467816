"""paper: distribution points and the weekly deliveries of the Buurtbericht (one per point per week)

Revision ID: 0028_paper
Revises: 0027_budget_category_sums
Create Date: 2026-11-29 00:20:00

"""
import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0028_paper'
down_revision = '0027_budget_category_sums'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('distribution_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('opening_times', sa.String(length=200), nullable=False),
    sa.Column('brought_by', sa.String(length=120), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(trim(address)) > 0', name=op.f('ck_distribution_points_has_address')),
    sa.CheckConstraint('copies BETWEEN 1 AND 500', name=op.f('ck_distribution_points_copies_sensible')),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_distribution_points_initiative_id_initiatives'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distribution_points')),
    sa.UniqueConstraint('name', name=op.f('uq_distribution_points_name'))
    )
    op.create_table('paper_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('point_id', sa.Integer(), nullable=False),
    sa.Column('week_start', sa.Date(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['point_id'], ['distribution_points.id'], name=op.f('fk_paper_deliveries_point_id_distribution_points'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_paper_deliveries_task_id_tasks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_deliveries')),
    sa.UniqueConstraint('point_id', 'week_start', name=op.f('uq_paper_deliveries_point_id_week_start'))
    )


def downgrade():
    op.drop_table('paper_deliveries')
    op.drop_table('distribution_points')
