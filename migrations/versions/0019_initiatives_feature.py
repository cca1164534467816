"""initiatives as their own feature: purpose, story, theme, status, meetings, how to join, photo; member roles

Every initiative, membership, board and task stays. Existing initiatives become "active", theme "wonen & buurt",
"kom langs"; every membership becomes "member", and the first member of each initiative (its creator, where
known) its carrier. The contact person is the one member with the role "contact" (a partial unique index), so
nobody is shown as contact before they say so themselves. SQLite adds each column with its check in the column
itself, so no table is rebuilt (a rebuild of `initiatives` would cascade into every board, task and shout-out).

Revision ID: 0019_initiatives_feature
Revises: 0018_booking_messages
Create Date: 2026-11-28 23:40:00

"""
import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0019_initiatives_feature'
down_revision = '0018_booking_messages'
branch_labels = None
depends_on = None

# Copied, not imported: a migration keeps the values of its own day.
THEMES = ("green", "food", "youth", "elderly", "culture", "language", "clean_safe", "sport", "living")
STATUSES = ("starting", "active", "resting", "stopped")
JOIN_WAYS = ("visit", "message", "task")
ROLES = ("member", "carrier", "contact")


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _checked(name, length, values, default, table='initiatives'):
    return sa.Column(name, sa.String(length=length), sa.CheckConstraint(
        _one_of(name, values), name=op.f(f'ck_{table}_{name}_known')), nullable=False, server_default=default)


def upgrade():
    op.add_column('initiatives', sa.Column('purpose', sa.String(length=160), nullable=False, server_default=''))
    op.add_column('initiatives', sa.Column('story', sa.Text(), nullable=False, server_default=''))
    op.add_column('initiatives', _checked('theme', 12, THEMES, 'living'))
    op.add_column('initiatives', _checked('status', 10, STATUSES, 'active'))
    op.add_column('initiatives', sa.Column('meets_when', sa.String(length=120), nullable=False, server_default=''))
    op.add_column('initiatives', sa.Column('meets_where', sa.String(length=120), nullable=False, server_default=''))
    op.add_column('initiatives', _checked('how_to_join', 10, JOIN_WAYS, 'visit'))
    op.add_column('initiatives', sa.Column('photo', sa.String(length=40), nullable=True))
    op.add_column('initiatives', sa.Column('photo_width', sa.Integer(), nullable=True))
    op.add_column('initiatives', sa.Column('photo_height', sa.Integer(), nullable=True))
    op.add_column('initiatives', sa.Column('updated_at', portal.db.UTCDateTime(timezone=True), nullable=True))
    initiatives = sa.table('initiatives', sa.column('updated_at'), sa.column('created_at'))
    op.execute(initiatives.update().values(updated_at=initiatives.c.created_at))
    if op.get_bind().dialect.name != 'sqlite':  # SQLite would rebuild the table; the model always fills it
        op.alter_column('initiatives', 'updated_at', nullable=False)
    op.create_index('ix_initiatives_theme_name', 'initiatives', ['theme', 'name'], unique=False)

    op.add_column('memberships', _checked('role', 10, ROLES, 'member', table='memberships'))
    # The first member of each initiative (the one who started it, where the portal made it) carries it.
    op.execute("UPDATE memberships SET role = 'carrier' WHERE NOT EXISTS (SELECT 1 FROM memberships AS earlier "
               "WHERE earlier.initiative_id = memberships.initiative_id AND (earlier.joined_at < memberships.joined_at "
               "OR (earlier.joined_at = memberships.joined_at AND earlier.user_id < memberships.user_id)))")
    # The contact person is the member with the role "contact": one at most per initiative.
    op.create_index('uq_memberships_one_contact', 'memberships', ['initiative_id'], unique=True,
                    sqlite_where=sa.text("role = 'contact'"), postgresql_where=sa.text("role = 'contact'"))


def downgrade():
    # A plain DROP COLUMN on both (SQLite 3.35+ too), so `initiatives` is never rebuilt on SQLite; a column's own
    # check and foreign key go with it.
    op.drop_index('uq_memberships_one_contact', table_name='memberships')
    op.execute("ALTER TABLE memberships DROP COLUMN role")
    op.drop_index('ix_initiatives_theme_name', table_name='initiatives')
    for column in ('updated_at', 'photo_height', 'photo_width', 'photo', 'how_to_join',
                   'meets_where', 'meets_when', 'status', 'theme', 'story', 'purpose'):
        op.execute(f"ALTER TABLE initiatives DROP COLUMN {column}")
