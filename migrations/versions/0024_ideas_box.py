"""ideas box: ideas and talks, reactions, comments and their moderation

Revision ID: 0024_ideas_box
Revises: 0023_budget
Create Date: 2026-11-28 23:25:41

"""
import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0024_ideas_box'
down_revision = '0023_budget'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('idea_moderation_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('hide', 'unhide')", name=op.f('ck_idea_moderation_log_action_known')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_idea_moderation_log_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_moderation_log'))
    )
    with op.batch_alter_table('idea_moderation_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_moderation_log_comment_id'), ['comment_id'], unique=False)

    op.create_table('ideas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=True),
    sa.Column('proposer_id', sa.Integer(), nullable=True),
    sa.Column('visitor_name', sa.String(length=80), nullable=True),
    sa.Column('visitor_phone', sa.String(length=40), nullable=True),
    sa.Column('show_visitor_name', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('status_reason', sa.String(length=300), nullable=False),
    sa.Column('status_changed_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('became_kind', sa.String(length=20), nullable=True),
    sa.Column('became_id', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('idea', 'offer', 'wish')", name=op.f('ck_ideas_kind_known')),
    sa.CheckConstraint("status != 'not_now' OR length(status_reason) > 0", name=op.f('ck_ideas_not_now_has_reason')),
    sa.CheckConstraint("status IN ('new', 'discussed', 'planned', 'done', 'not_now')", name=op.f('ck_ideas_status_known')),
    sa.CheckConstraint('(became_kind IS NULL) = (became_id IS NULL)', name=op.f('ck_ideas_became_whole')),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_ideas_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposer_id'], ['users.id'], name=op.f('fk_ideas_proposer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_ideas_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas'))
    )
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.create_index('ix_ideas_initiative_id', ['initiative_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_proposer_id'), ['proposer_id'], unique=False)
        batch_op.create_index('ix_ideas_status_id', ['status', 'id'], unique=False)

    op.create_table('idea_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_idea_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_idea_comments_idea_id_ideas'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_comments'))
    )
    with op.batch_alter_table('idea_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_comments_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_idea_comments_idea_hidden_id', ['idea_id', 'hidden', 'id'], unique=False)

    op.create_table('idea_reactions',
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('come', 'help', 'know')", name=op.f('ck_idea_reactions_kind_known')),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_idea_reactions_idea_id_ideas'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_idea_reactions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('idea_id', 'user_id', 'kind', name=op.f('pk_idea_reactions'))
    )
    with op.batch_alter_table('idea_reactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_reactions_user_id'), ['user_id'], unique=False)

    op.create_table('idea_comment_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('handled', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['idea_comments.id'], name=op.f('fk_idea_comment_reports_comment_id_idea_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_idea_comment_reports_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_comment_reports')),
    sa.UniqueConstraint('comment_id', 'user_id', name=op.f('uq_idea_comment_reports_comment_id_user_id'))
    )
    with op.batch_alter_table('idea_comment_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_comment_reports_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('idea_comment_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_comment_reports_user_id'))

    op.drop_table('idea_comment_reports')
    with op.batch_alter_table('idea_reactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_reactions_user_id'))

    op.drop_table('idea_reactions')
    with op.batch_alter_table('idea_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_idea_comments_idea_hidden_id')
        batch_op.drop_index(batch_op.f('ix_idea_comments_author_id'))

    op.drop_table('idea_comments')
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index('ix_ideas_status_id')
        batch_op.drop_index(batch_op.f('ix_ideas_proposer_id'))
        batch_op.drop_index('ix_ideas_initiative_id')

    op.drop_table('ideas')
    with op.batch_alter_table('idea_moderation_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_moderation_log_comment_id'))

    op.drop_table('idea_moderation_log')
