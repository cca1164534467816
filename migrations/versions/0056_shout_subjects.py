"""shouts: an automatic thank-you keeps the id of what it thanks for (a task, an event, an idea), never its title,
and whether its initiative keeps it for its members (a members-only event's)

Revision ID: 0056_shout_subjects
Revises: 0055_tasks_members_only
Create Date: 2026-11-29 13:00:00

The title used to be copied into `text` once: a members-only initiative's idea turned into a public task put the
idea's title on the public applause wall, and a members-only event's thanks showed to everyone once its initiative
was opened. Existing automatic thank-yous are linked to their subject where it can be found (the same initiative
and title; of several, the one done, held or realised nearest the moment of the thanks) and take its members-only
choice; their copied titles are emptied, whether found or not, so no copy stays visible (one not found reads a
thank-you that names nothing of what for, as for a subject gone). The features name the subject when shown.
"""
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = '0056_shout_subjects'
down_revision = '0055_tasks_members_only'
branch_labels = None
depends_on = None

# Per kind: the candidates (initiative, title, moment, id, kept for members) a thank-you of that kind may be for.
CANDIDATES = {
    "task": "SELECT initiative_id, title, done_at, id, members_only FROM tasks WHERE status = 'done'",
    "event": "SELECT initiative_id, title, start_at, id, NOT public FROM events WHERE status = 'took_place'",
    # The thanks for an idea belong to the initiative of what it became, not to the idea's: matched by title only.
    "idea": "SELECT NULL, title, status_changed_at, id, false FROM ideas WHERE became_kind IS NOT NULL",
}


def _moment(value):
    """Return a moment as a naive datetime, from SQLite's text or PostgreSQL's aware datetime (None: unknown)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=None)


def _nearest(candidates, moment):
    """Return the candidate (moment, id, kept) nearest to `moment`; without moments, the newest by id."""
    def distance(candidate):
        return abs((candidate[0] - moment).total_seconds()) if candidate[0] and moment else float("inf")
    return min(candidates, key=lambda candidate: (distance(candidate), -candidate[1]))


def upgrade():
    op.add_column("shouts", sa.Column("subject_id", sa.Integer(), nullable=True))
    op.add_column("shouts", sa.Column("members_only", sa.Boolean(), nullable=False, server_default=sa.false()))
    # Keeping the thanks in line with their subject (an event opened up) finds them along this index.
    op.create_index("ix_shouts_automatic_subject", "shouts", ["automatic", "subject_id"])
    connection = op.get_bind()
    shouts = connection.execute(sa.text("SELECT id, automatic, initiative_id, text, created_at FROM shouts "
                                        "WHERE automatic IS NOT NULL ORDER BY id")).all()
    kinds = {shout.automatic for shout in shouts}
    found = {}
    for kind in kinds & set(CANDIDATES):
        for initiative_id, title, moment, ident, kept in connection.execute(sa.text(CANDIDATES[kind])):
            found.setdefault((kind, initiative_id, title), []).append((_moment(moment), ident, bool(kept)))
    changes = []
    for shout in shouts:
        home = None if shout.automatic == "idea" else shout.initiative_id
        candidates = found.get((shout.automatic, home, shout.text))
        subject, kept = (None, False)
        if candidates:
            _when, subject, kept = _nearest(candidates, _moment(shout.created_at))
        changes.append({"id": shout.id, "subject": subject, "kept": kept})
    if changes:
        connection.execute(sa.text("UPDATE shouts SET subject_id = :subject, members_only = :kept, text = '' "
                                   "WHERE id = :id"), changes)


def downgrade():
    connection = op.get_bind()
    for kind, table in (("task", "tasks"), ("event", "events"), ("idea", "ideas")):
        connection.execute(sa.text(
            f"UPDATE shouts SET text = (SELECT title FROM {table} WHERE {table}.id = shouts.subject_id) "  # noqa: S608
            "WHERE automatic = :kind AND subject_id IS NOT NULL AND EXISTS "
            f"(SELECT 1 FROM {table} WHERE {table}.id = shouts.subject_id)"), {"kind": kind})  # noqa: S608
    op.drop_index("ix_shouts_automatic_subject", table_name="shouts")
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a batch: a batch copies and drops the shouts table, and
    # on SQLite dropping it would delete its claps and thanks through their ON DELETE CASCADE.
    op.drop_column("shouts", "members_only")
    op.drop_column("shouts", "subject_id")
