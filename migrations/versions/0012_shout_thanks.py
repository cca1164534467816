"""shout_thanks: automatic shout-outs keep who they thank as rows and their subject, never names or Dutch prose

Revision ID: 0012_shout_thanks
Revises: 0011_session_computer
Create Date: 2026-11-28 20:40:00

Existing automatic shout-outs held a sentence ("Klus geklaard: <title>") and the names of the doers joined into
thanked_name. They now hold the subject (the title) and one thanks row per person: the account when exactly one
account has that name, else nobody ("a neighbour"). thanked_name and thanked_user_id of automatic ones are emptied.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_shout_thanks'
down_revision = '0011_session_computer'
branch_labels = None
depends_on = None

PREFIXES = ("Klus geklaard: ", "Klaar: ")


def upgrade():
    op.create_table('shout_thanks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shout_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['shout_id'], ['shouts.id'], name=op.f('fk_shout_thanks_shout_id_shouts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_shout_thanks_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shout_thanks'))
    )
    with op.batch_alter_table('shout_thanks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shout_thanks_shout_id'), ['shout_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shout_thanks_user_id'), ['user_id'], unique=False)

    connection = op.get_bind()
    shouts = connection.execute(sa.text(
        "SELECT id, thanked_user_id, thanked_name, name_removed, initiative_id, text FROM shouts "
        "WHERE automatic IS NOT NULL ORDER BY id")).all()
    for shout in shouts:
        if shout.thanked_user_id is not None:
            people = [shout.thanked_user_id]
        elif shout.thanked_name:
            people = []
            for name in shout.thanked_name.split(", "):
                found = connection.execute(sa.text("SELECT id FROM users WHERE name = :name"),
                                           {"name": name.strip()}).scalars().all()
                people.append(found[0] if len(found) == 1 else None)
        else:
            people = [None]  # the name was taken off, or the account deleted
        for user_id in people:
            connection.execute(sa.text("INSERT INTO shout_thanks (shout_id, user_id) VALUES (:shout, :user)"),
                               {"shout": shout.id, "user": user_id})
        subject = shout.text
        for prefix in PREFIXES:
            subject = subject.removeprefix(prefix)
        # The "thanks someone" check holds through the initiative; without one, name_removed keeps it true (the
        # shouts table is not rebuilt for a new check: on SQLite that would drop its claps through the cascade).
        connection.execute(sa.text(
            "UPDATE shouts SET thanked_user_id = NULL, thanked_name = NULL, text = :text, "
            "name_removed = :removed WHERE id = :id"),
            {"text": subject, "removed": shout.initiative_id is None, "id": shout.id})


def downgrade():
    connection = op.get_bind()
    shouts = connection.execute(sa.text("SELECT id, text FROM shouts WHERE automatic IS NOT NULL")).all()
    for shout in shouts:
        names = connection.execute(sa.text(
            "SELECT users.name FROM shout_thanks LEFT JOIN users ON users.id = shout_thanks.user_id "
            "WHERE shout_thanks.shout_id = :id ORDER BY shout_thanks.id"), {"id": shout.id}).scalars().all()
        joined = ", ".join(name or "een buurtbewoner" for name in names)[:80] or None
        connection.execute(sa.text("UPDATE shouts SET thanked_name = :names, text = :text WHERE id = :id"),
                           {"names": joined, "text": PREFIXES[0] + shout.text, "id": shout.id})
    with op.batch_alter_table('shout_thanks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shout_thanks_user_id'))
        batch_op.drop_index(batch_op.f('ix_shout_thanks_shout_id'))

    op.drop_table('shout_thanks')
