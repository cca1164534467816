"""partner feeds: other organisations' calendars and news, and the items imported from them

Revision ID: 0021_partner_feeds
Revises: 0020_events
Create Date: 2026-11-28 23:50:00

"""
import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0021_partner_feeds'
down_revision = '0020_events'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partner_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('origin', sa.String(length=120), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=True),
    sa.Column('site_url', sa.String(length=1000), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=True),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_fetched_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_status', sa.String(length=10), nullable=True),
    sa.Column('last_error', sa.String(length=40), server_default='', nullable=False),
    sa.Column('last_detail', sa.String(length=300), server_default='', nullable=False),
    sa.Column('last_ok_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('item_count', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint("last_status IN ('ok', 'failed')", name=op.f('ck_partner_feeds_status_known')),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_partner_feeds_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_partner_feeds_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_feeds')),
    sa.UniqueConstraint('url', name=op.f('uq_partner_feeds_url'))
    )
    with op.batch_alter_table('partner_feeds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_feeds_initiative_id'), ['initiative_id'], unique=False)

    op.create_table('feed_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('link', sa.String(length=1000), nullable=True),
    sa.Column('summary', sa.String(length=300), server_default='', nullable=False),
    sa.Column('is_event', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('starts_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ends_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('all_day', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('published_at', portal.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sort_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['feed_id'], ['partner_feeds.id'], name=op.f('fk_feed_items_feed_id_partner_feeds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_items'))
    )
    with op.batch_alter_table('feed_items', schema=None) as batch_op:
        batch_op.create_index('ix_feed_items_event_start', ['is_event', 'sort_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_items_feed_id'), ['feed_id'], unique=False)


def downgrade():
    with op.batch_alter_table('feed_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_items_feed_id'))
        batch_op.drop_index('ix_feed_items_event_start')
    op.drop_table('feed_items')
    with op.batch_alter_table('partner_feeds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_feeds_initiative_id'))
    op.drop_table('partner_feeds')
