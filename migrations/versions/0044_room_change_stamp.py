"""rooms carry a change stamp that the database bumps on every change of what their iCalendar feed shows

`rooms.version` counts changes and `rooms.changed_at` says when the last one was; triggers bump both in the same
transaction as the change: a booking added, changed (status, time, title, public or not, room) or deleted, the
room renamed, its venue renamed. Every writer is covered, bulk updates and other features included, so the feed
can answer a conditional request (ETag, Last-Modified) and keep its rendered body without reading the bookings.

Revision ID: 0044_room_change_stamp
Revises: 0043_moderation_dismiss
Create Date: 2026-11-29 03:10:00

"""
import sqlalchemy as sa
from alembic import op

import portal.db

revision = '0044_room_change_stamp'
down_revision = '0043_moderation_dismiss'
branch_labels = None
depends_on = None

BOOKING_COLUMNS = "room_id, status, start_at, end_at, title, public"
# SQLite stores timestamps as '2026-11-29 10:00:00.000000' (what SQLAlchemy writes); its clock gives milliseconds.
SQLITE_TOUCH = "version = version + 1, changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'"
SQLITE_TRIGGERS = {
    "bookings_touch_room_insert": f"AFTER INSERT ON bookings BEGIN UPDATE rooms SET {SQLITE_TOUCH} "
                                  "WHERE id = NEW.room_id; END",
    "bookings_touch_room_update": f"AFTER UPDATE OF {BOOKING_COLUMNS} ON bookings BEGIN UPDATE rooms SET "
                                  f"{SQLITE_TOUCH} WHERE id IN (OLD.room_id, NEW.room_id); END",
    "bookings_touch_room_delete": f"AFTER DELETE ON bookings BEGIN UPDATE rooms SET {SQLITE_TOUCH} "
                                  "WHERE id = OLD.room_id; END",
    "rooms_touch_on_rename": "AFTER UPDATE OF name ON rooms WHEN NEW.name IS NOT OLD.name BEGIN UPDATE rooms SET "
                             f"{SQLITE_TOUCH} WHERE id = NEW.id; END",
    "venues_touch_rooms_on_rename": "AFTER UPDATE OF name ON venues WHEN NEW.name IS NOT OLD.name BEGIN "
                                    f"UPDATE rooms SET {SQLITE_TOUCH} WHERE venue_id = NEW.id; END",
}
# PostgreSQL: clock_timestamp(), not now() (the transaction's start), so a later change never looks older.
PG_TOUCH = "version = version + 1, changed_at = clock_timestamp()"
PG_FUNCTIONS = {
    "bookings_touch_room": f"""
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                UPDATE rooms SET {PG_TOUCH} WHERE id = OLD.room_id;
            END IF;
            IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.room_id <> OLD.room_id) THEN
                UPDATE rooms SET {PG_TOUCH} WHERE id = NEW.room_id;
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END""",
    "rooms_touch": """
        BEGIN
            NEW.version := OLD.version + 1;
            NEW.changed_at := clock_timestamp();
            RETURN NEW;
        END""",
    "venues_touch_rooms": f"""
        BEGIN
            UPDATE rooms SET {PG_TOUCH} WHERE venue_id = NEW.id;
            RETURN NULL;
        END""",
}
# The bookings' trigger runs BEFORE the row is written, so a transaction holds its room's row before the no-overlap
# constraint can make it wait for another transaction's booking. The other order deadlocks: a weekly series holding
# the room from its first date while it waits at its second for a booking whose transaction waits for the room.
# Now one transaction at a time writes bookings of a room; the others wait their turn, then meet the constraint.
PG_TRIGGERS = {
    "bookings_touch_room": ("bookings", f"BEFORE INSERT OR DELETE OR UPDATE OF {BOOKING_COLUMNS} ON bookings "
                                        "FOR EACH ROW EXECUTE FUNCTION bookings_touch_room()"),
    "rooms_touch_on_rename": ("rooms", "BEFORE UPDATE OF name ON rooms FOR EACH ROW "
                                       "WHEN (NEW.name IS DISTINCT FROM OLD.name) EXECUTE FUNCTION rooms_touch()"),
    "venues_touch_rooms_on_rename": ("venues", "AFTER UPDATE OF name ON venues FOR EACH ROW "
                                               "WHEN (NEW.name IS DISTINCT FROM OLD.name) "
                                               "EXECUTE FUNCTION venues_touch_rooms()"),
}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    op.add_column("rooms", sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("rooms", sa.Column("changed_at", portal.db.UTCDateTime(timezone=True), nullable=True))
    if _sqlite():
        op.execute(f"UPDATE rooms SET {SQLITE_TOUCH}")
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        op.execute(f"UPDATE rooms SET {PG_TOUCH}")
        for name, body in PG_FUNCTIONS.items():
            op.execute(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $${body}\n$$")
        for name, (_table, body) in PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade():
    if _sqlite():
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    else:
        for name, (table, _body) in PG_TRIGGERS.items():
            op.execute(f"DROP TRIGGER {name} ON {table}")
        for name in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}()")
    # Not batch mode: rebuilding `rooms` on SQLite would cascade into its bookings. SQLite drops a column itself
    # since 3.35.
    op.drop_column("rooms", "changed_at")
    op.drop_column("rooms", "version")
