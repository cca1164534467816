"""A stopped initiative is never chosen for something new, also not by a hand-made request, in every form that
chooses an initiative; a thing that belongs to one already keeps it when it is changed. A members-only initiative
the person is no member of is refused the same way (and its name never shown)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from tests.budget.conftest import make_budget  # noqa: F401 - shared fixture
from tests.conftest import future_local, saved

STOPPED_MESSAGE = "Dit initiatief is gestopt. Kies een ander initiatief."


@pytest.fixture
def town(app, make_group, make_user, make_task, make_budget):  # noqa: F811 - the imported fixture
    """Kees carries "Kookclub Gein" (stopped) and is a member of "Keti Koti"; "Groep Geheim" is members-only
    without him; "Taalcafé" is public; a budget, an idea of the stopped club, and a task on Keti Koti's board."""
    from portal.ideas.services import propose
    from portal.initiatives.models import Initiative

    cook, insider = make_user(name="Kees"), make_user(name="Ida")
    stopped = make_group("Kookclub Gein", carriers=[cook])
    running = make_group("Keti Koti", members=[cook])
    secret = make_group("Groep Geheim", visibility="members", members=[insider])
    with app.app_context():
        db.session.get(Initiative, stopped.id).status = "stopped"
        db.session.commit()
        idea = saved(propose("Soep op zaterdag", "", "idea", stopped.id, None, "Mo", "0612345678", False))
    make_task(running, title="Vlaggen ophangen")
    return {"cook": cook, "stopped": stopped, "running": running, "other": make_group("Taalcafé"), "secret": secret,
            "budget": make_budget(), "idea": idea}


@dataclass
class Kind:
    """One form that chooses an initiative for something new: who sends it, where, what, and what it would store."""

    name: str
    coordinator: bool  # sent by a coordinator (who sees members-only initiatives), else by Kees
    path: Any  # town -> the address the form is posted to
    data: Any  # (town, initiative id) -> the fields
    model: str  # "module:Class" of what would be stored
    field: str = "initiative"
    valid: str = "running"  # the initiative the same post is saved with


def _day(days: int = 10) -> str:
    from portal.core.time import today

    return (today() + timedelta(days=days)).isoformat()


def _event(_town, initiative_id) -> dict:
    moment = "%Y-%m-%dT%H:%M"
    return {"title": "Soepavond", "initiative": str(initiative_id), "description": "",
            "start": future_local(9, 18).strftime(moment), "end": future_local(9, 21).strftime(moment),
            "where": "address", "room": "0", "address": "Bijlmerpark", "public": "public", "capacity": "",
            "repeats": "none"}


def _application(_town, initiative_id) -> dict:
    return {"initiative": str(initiative_id), "title": "Soepavond", "purpose": "Samen koken.", "residents": "8",
            "plan": "", "lines-0-category": "materials", "lines-0-amount": "250", "lines-0-description": "pannen"}


KINDS = [
    Kind("idea", False, lambda town: "/ideeen/nieuw",
         lambda town, ident: {"kind": "idea", "title": "Soepavond", "initiative": str(ident)}, "ideas.models:Idea"),
    Kind("shout", False, lambda town: "/applause/new",
         lambda town, ident: {"thanked_name": "", "initiative": str(ident), "text": "Soepavond, dank!"},
         "applause.models:Shout"),
    Kind("event", False, lambda town: "/agenda/new", _event, "events.models:Event"),
    Kind("application", False, lambda town: f"/budget/{town['budget'].id}/apply", _application,
         "budget.models:Application"),
    Kind("invitation", False, lambda town: f"/netwerk/samen/{town['running'].id}",
         lambda town, ident: {"partner": str(ident), "subject": f"board:{town['running'].id}", "note": "Soepavond"},
         "initiatives.models:Collaboration", field="partner", valid="other"),
    Kind("idea made a task", True, lambda town: f"/ideeen/{town['idea'].id}/omzetten",
         lambda town, ident: {"target": "task", "title": "Soepavond", "initiative": str(ident)},
         "ideas.models:Idea"),  # counted below by what it became
    Kind("position", True, lambda town: "/buurtstem/new",
         lambda town, ident: {"title": "Soepavond", "text": "Wat vinden jullie?", "last_day": _day(),
                              "initiative": str(ident)}, "voice.models:Position"),
    Kind("distribution point", True, lambda town: "/buurtbericht/punten",
         lambda town, ident: {"name": "Soepavond", "address": "Ganzenhoef 20", "copies": "20",
                              "initiative": str(ident), "active": "y"}, "paper.models:DistributionPoint"),
    Kind("partner feed", True, lambda town: "/partner-feeds",
         lambda town, ident: {"url": "https://soepavond.example.org/agenda.ics", "origin": "Soepavond",
                              "initiative": str(ident)}, "feeds.models:PartnerFeed"),
    Kind("budget example", True, lambda town: f"/budget/{town['budget'].id}/examples",
         lambda town, ident: {"example-text": "Soepavond", "example-initiative": str(ident)}, "budget.models:Example",
         field="example-initiative"),
]


def _stored(app, kind: Kind) -> int:
    """Count what the form would have stored (for an idea made a task: the ideas that became something)."""
    import importlib

    module, name = kind.model.split(":")
    model = getattr(importlib.import_module(f"portal.{module}"), name)
    with app.app_context():
        if kind.name == "idea made a task":
            return db.session.scalar(select(func.count()).select_from(model).where(model.became_kind.is_not(None)))
        return db.session.scalar(select(func.count()).select_from(model))


def _send(client, auth, login_as, town, kind: Kind, initiative_id: int):
    if kind.coordinator:
        login_as("coordinator")
    else:
        auth.login(town["cook"])
    return client.post(kind.path(town), data=kind.data(town, initiative_id))


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_a_stopped_initiative_is_refused_for_something_new(app, client, auth, login_as, town, kind):
    """A hand-made post with a stopped initiative's id is refused at its field with the reason, keeps what was
    typed, and stores nothing; the same post with a running initiative is saved."""
    before = _stored(app, kind)
    refused = _send(client, auth, login_as, town, kind, town["stopped"].id)
    page = refused.get_data(as_text=True)
    assert refused.status_code in (200, 422), page[:300]
    assert f'id="{kind.field}-error"' in page and STOPPED_MESSAGE in page
    assert "Soepavond" in page and _stored(app, kind) == before
    saved_now = client.post(kind.path(town), data=kind.data(town, town[kind.valid].id))
    assert saved_now.status_code == 303, saved_now.get_data(as_text=True)[:300]
    assert _stored(app, kind) == before + 1


@pytest.mark.parametrize("kind", [kind for kind in KINDS if not kind.coordinator],
                         ids=[kind.name for kind in KINDS if not kind.coordinator])
def test_a_members_only_initiative_of_others_is_refused(app, client, auth, login_as, town, kind):
    """A hand-made post with the id of a members-only initiative Kees is no member of is refused at the field,
    without its name or the word that it stopped, and stores nothing."""
    before = _stored(app, kind)
    refused = _send(client, auth, login_as, town, kind, town["secret"].id)
    page = refused.get_data(as_text=True)
    assert refused.status_code in (200, 422) and f'id="{kind.field}-error"' in page
    assert "Groep Geheim" not in page and STOPPED_MESSAGE not in page and _stored(app, kind) == before


def test_the_forms_leave_a_stopped_initiative_out(client, auth, town):
    """Neither the idea form nor the form to turn an idea of the stopped club into a task offers the club."""
    auth.login(town["cook"])
    assert "Kookclub Gein" not in client.get("/ideeen/nieuw").get_data(as_text=True)
    assert "Keti Koti" in client.get("/agenda/new").get_data(as_text=True)
    assert "Kookclub Gein" not in client.get("/agenda/new").get_data(as_text=True)


def _selected(page: str, ident: int) -> bool:
    return f'selected value="{ident}"' in page


def test_a_position_of_a_stopped_initiative_is_still_changed(app, client, login_as, town, make_group):
    """Its edit form shows the stopped initiative chosen and saves; another stopped one is refused there."""
    from portal.accounts.models import User
    from portal.initiatives.models import Initiative
    from portal.voice import services
    from portal.voice.models import Position

    coordinator = login_as("coordinator")
    other = make_group("Oud Buurtkoor")
    with app.app_context():
        db.session.get(Initiative, other.id).status = "stopped"
        position = services.create_position("Soep?", "Uitleg", None, (future_local(10)).date(), town["stopped"].id,
                                            db.session.get(User, coordinator.id))
        db.session.commit()
        position_id = position.id
    assert _selected(client.get(f"/buurtstem/{position_id}/edit").get_data(as_text=True), town["stopped"].id)
    data = {"title": "Soep op zaterdag?", "text": "Uitleg", "last_day": _day(20), "initiative": str(town["stopped"].id)}
    assert client.post(f"/buurtstem/{position_id}/edit", data=data).status_code == 303
    refused = client.post(f"/buurtstem/{position_id}/edit", data={**data, "title": "Koor?",
                                                                   "initiative": str(other.id)})
    assert refused.status_code == 422 and STOPPED_MESSAGE in refused.get_data(as_text=True)
    with app.app_context():
        position = db.session.get(Position, position_id)
        assert (position.title, position.initiative_id) == ("Soep op zaterdag?", town["stopped"].id)


def test_a_distribution_point_of_a_stopped_board_is_still_changed(app, client, login_as, town):
    """Its edit form shows the stopped board chosen (not silently the first option) and saves with it."""
    from portal.paper import points
    from portal.paper.models import DistributionPoint

    login_as("coordinator")
    with app.app_context():
        point_id = points.save_point(None, name="OBA Reigersbos", address="Reigersbos 100", copies=20,
                                     initiative_id=town["stopped"].id).id
    assert _selected(client.get(f"/buurtbericht/punten/{point_id}").get_data(as_text=True), town["stopped"].id)
    response = client.post(f"/buurtbericht/punten/{point_id}", data={
        "name": "OBA Reigersbos", "address": "Reigersbos 102", "copies": "25",
        "initiative": str(town["stopped"].id), "active": "y"})
    assert response.status_code == 303
    with app.app_context():
        point = db.session.get(DistributionPoint, point_id)
        assert (point.address, point.initiative_id) == ("Reigersbos 102", town["stopped"].id)


def test_an_event_of_a_stopped_initiative_is_still_changed(app, client, auth, town):
    """Its carrier changes the event (the organiser stays the stopped club); the edit form shows it chosen."""
    from portal.core.time import to_utc
    from portal.events.models import Event

    with app.app_context():
        event = Event(initiative_id=town["stopped"].id, title="Soepavond", start_at=to_utc(future_local(8, 18)),
                      end_at=to_utc(future_local(8, 21)), address="Bijlmerpark", public=True)
        db.session.add(event)
        db.session.commit()
        event_id = event.id
    auth.login(town["cook"])
    assert _selected(client.get(f"/agenda/{event_id}/edit").get_data(as_text=True), town["stopped"].id)
    response = client.post(f"/agenda/{event_id}/edit", data={**_event(town, town["stopped"].id),
                                                              "title": "Laatste soepavond"})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.title, event.initiative_id) == ("Laatste soepavond", town["stopped"].id)


def test_an_application_of_a_stopped_initiative_is_still_changed(app, client, auth, town):
    """A draft made before the club stopped is changed and saved, still for the club."""
    from portal.budget.models import Application

    with app.app_context():
        application = Application(budget_id=town["budget"].id, initiative_id=town["stopped"].id, title="Pannen",
                                  purpose="Samen koken.", residents=5, status="draft")
        db.session.add(application)
        db.session.commit()
        application_id = application.id
    auth.login(town["cook"])
    page = client.get(f"/budget/applications/{application_id}/edit").get_data(as_text=True)
    assert "Kookclub Gein" in page
    response = client.post(f"/budget/applications/{application_id}/edit",
                           data={**_application(town, town["stopped"].id), "title": "Nieuwe pannen"})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert (application.title, application.initiative_id) == ("Nieuwe pannen", town["stopped"].id)


def test_the_live_search_keeps_the_kept_initiative_only(client, auth, town):
    """The htmx list keeps a stopped initiative only as the one kept (the thing's own), not as the value sent."""
    from tests.conftest import HX

    auth.login(town["cook"])
    stopped = str(town["stopped"].id)
    sent = client.get("/netwerk/keuze", query_string={"field": "initiative", "initiative": stopped}, headers=HX)
    assert "Kookclub Gein" not in sent.get_data(as_text=True)
    kept = client.get("/netwerk/keuze", query_string={"field": "initiative", "initiative": stopped, "kept": stopped},
                      headers=HX)
    assert f'selected value="{stopped}"' in kept.get_data(as_text=True)
