"""Every GET route, fed hostile values in each path and query parameter, answers without a 500."""

from __future__ import annotations

import re

import pytest
from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing.converters import NumberConverter

from portal.core.time import to_utc
from portal.events.models import Event
from portal.extensions import db
from portal.ideas.services import add_comment, propose
from tests.conftest import future_local

HUGE = [str(2**31), str(2**63), str(10**30)]
NUMBERS = [*HUGE, "-1", "-" + str(10**30), "0"]
DATES = ["9999-99-99", "2026-02-30", "0001-01-01", "9999-12-31", "9999-99-99_1", "9999-12-31_" + str(2**64)]
TEXTS = ["a%00b", "x%0D%0Ay", "%09/evil.example", "%C3%A9%F0%9F%91%8F%E2%80%AE", "%FF%FE", "x" * 5000]
VALUES = NUMBERS + DATES + TEXTS
# The query parameters views read (grep request.args); the walk also finds any other a view asks for.
KNOWN_PARAMS = ("before", "after", "initiative", "week", "day", "skill", "page", "next", "q", "date", "time",
                "start", "end", "i", "path", "v", "status", "kind")
PATH_VALUES = {"int": [*HUGE, "0", "-1", "1" * 400], "default": [*TEXTS, "..", "nl%00"]}
PLACEHOLDER = re.compile(r"<(?:[^:>]+:)?([^>]+)>")
ROLES = ("anonymous", "resident", "coordinator", "admin")


class _ReadKeys(ImmutableMultiDict):
    """Query arguments that remember which names the view asked for, so each one gets its own hostile walk."""

    asked: set[str] = set()

    def get(self, key, *args, **kwargs):
        self.asked.add(key)
        return super().get(key, *args, **kwargs)

    def getlist(self, key, *args, **kwargs):
        self.asked.add(key)
        return super().getlist(key, *args, **kwargs)

    def __getitem__(self, key):
        self.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.asked.add(key)
        return super().__contains__(key)


class _RecordingRequest(Request):
    parameter_storage_class = _ReadKeys


@pytest.fixture
def world(app, make_user, make_room, make_booking, make_task, make_shout):
    """Make one of everything, so each route has a real object to start from."""
    room = make_room()
    owner = make_user()
    booking = make_booking(room, future_local(3, 10), future_local(3, 11), requester=owner)
    task = make_task(skills=("cooking",))
    shout = make_shout()
    with app.app_context():
        event = Event(initiative_id=task.initiative_id, title="Buurtfeest", start_at=to_utc(future_local(4, 14)),
                      end_at=to_utc(future_local(4, 17)), address="Bijlmerpark", capacity=10)
        db.session.add(event)
        db.session.commit()
        event_id = event.id
        idea = propose("Een repaircafé", "", "idea", task.initiative_id, None, "Gloria", "06 12345678")
        comment = add_comment(idea, db.session.merge(owner), "Goed idee")
        db.session.commit()
        idea_id, comment_id = idea.id, comment.id
    return {"room_id": room.id, "venue_id": room.venue_id, "booking_id": booking.id, "task_id": task.id,
            "initiative_id": task.initiative_id, "shout_id": shout.id, "event_id": event_id,
            "idea_id": idea_id, "comment_id": comment_id}


def _routes(app) -> list:
    return sorted((rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and rule.endpoint != "static"),
                  key=lambda rule: rule.rule)


def _path(rule, values: dict[str, str]) -> str:
    """Fill the rule's placeholders with `values` (raw, already URL-encoded), or a harmless default."""
    defaults = {"language": "nl", "token": "abc", "name": "0" * 32}
    return PLACEHOLDER.sub(lambda match: values.get(match[1]) or defaults.get(match[1], "1"), rule.rule)


def _walk(app, client, world) -> list[tuple[str, int | str]]:
    """Request every hostile variant of every GET route; return the ones that failed."""
    failures = []
    ids = {name: str(value) for name, value in world.items()}

    def fetch(url) -> int | None:
        try:
            response = client.get(url)
        except Exception as error:  # noqa: BLE001 - a raised error is what this walk looks for
            failures.append((url[:160], f"{type(error).__name__}: {str(error)[:120]}"))
            return None
        if response.status_code >= 500:
            failures.append((url[:160], response.status_code))
        return response.status_code if "/login" not in response.headers.get("Location", "") else 401

    for rule in _routes(app):
        base = _path(rule, ids)
        _ReadKeys.asked = set()
        if fetch(base) in (401, 403):
            continue  # the view is not reached in this role; another role walks it
        asked = set(_ReadKeys.asked)
        for name in rule.arguments:
            kind = "int" if isinstance(rule._converters[name], NumberConverter) else "default"
            for value in PATH_VALUES[kind]:
                fetch(_path(rule, {**ids, name: value}))
        for name in sorted(asked):
            for value in VALUES:
                fetch(f"{base}?{name}={value}")
        for value in (str(2**64), "9999-99-99_1", "%0D%0A" + "x" * 5000):
            fetch(f"{base}?" + "&".join(f"{name}={value}" for name in KNOWN_PARAMS if name not in asked))
    return failures


@pytest.mark.parametrize("role", ROLES)
def test_no_get_route_answers_500_to_hostile_values(app, client, login_as, world, monkeypatch, role):
    """Huge and negative numbers, bad dates, NUL, CR/LF and long text in any path or query parameter never give 500."""
    monkeypatch.setattr(app, "request_class", _RecordingRequest)
    if role != "anonymous":
        login_as(role)
    failures = _walk(app, client, world)
    assert not failures, f"{len(failures)} hostile requests failed, for example: {failures[:15]}"

