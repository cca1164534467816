"""photo uploads counted per person per hour; the moderation log outlives the shout-outs it logs

Deleting a shout-out deleted its moderation log rows through the foreign key's cascade. The log keeps the shout-out's
id without a foreign key now. Photo uploads are counted in a small table (rows older than an hour are removed as
new ones come in), so one person cannot make the server decode hundreds of photos an hour.

Revision ID: 0013_photo_uploads_keep_log
Revises: 0012_shout_thanks
Create Date: 2026-11-28 21:00:00

"""
import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0013_photo_uploads_keep_log'
down_revision = '0012_shout_thanks'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('moderation_log', schema=None) as batch_op:
        batch_op.drop_constraint('fk_moderation_log_shout_id_shouts', type_='foreignkey')
    op.create_table('photo_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', portal.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_photo_uploads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_photo_uploads'))
    )
    with op.batch_alter_table('photo_uploads', schema=None) as batch_op:
        batch_op.create_index('ix_photo_uploads_user_id_at', ['user_id', 'at'], unique=False)


def downgrade():
    with op.batch_alter_table('photo_uploads', schema=None) as batch_op:
        batch_op.drop_index('ix_photo_uploads_user_id_at')
    op.drop_table('photo_uploads')
    op.execute("DELETE FROM moderation_log WHERE shout_id NOT IN (SELECT id FROM shouts)")
    with op.batch_alter_table('moderation_log', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_moderation_log_shout_id_shouts', 'shouts', ['shout_id'], ['id'],
                                    ondelete='CASCADE')
