"""Members-only initiatives stay with their members: every public surface walked as an outsider shows nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal import pagecache
from portal.extensions import db
from tests.conftest import HX, future_local

SECRET_NAME = "Geheime Huurdersgroep"
SECRET_TASK = "Brief aan verhuurder opstellen"
SECRET_DONE = "Handtekeningen ophalen bij buren"
SECRET_SHOUT = "Dank voor het stille overleg met de advocaat"
SECRET_SKILL = "juridischadvies"
SECRETS = (SECRET_NAME, SECRET_TASK, SECRET_DONE, SECRET_SHOUT, SECRET_SKILL)
PUBLIC_SHOUT = "Bedankt voor de bloembakken"


@pytest.fixture
def world(app, make_user, make_initiative, make_task, make_shout, make_room, make_booking):
    """Build a members-only initiative with an open task, a finished task (an automatic shout-out) and a manual
    shout-out, next to public things, and return their ids."""
    from portal.boards import services as boards
    from portal.boards.models import Task
    from portal.initiatives.models import Initiative, Membership

    member = make_user(name="Mira Member")
    secret = make_initiative(SECRET_NAME)
    public = make_initiative("Groen op het plein")
    with app.app_context():
        db.session.get(Initiative, secret.id).visibility = "members"
        db.session.add(Membership(initiative_id=secret.id, user_id=member.id))
        db.session.commit()
    make_task(secret, title=SECRET_TASK, skills=(SECRET_SKILL,), due_date=future_local(3).date())
    done = make_task(secret, title=SECRET_DONE)
    make_task(public, title="Plantjes water geven", skills=("tuinieren",))
    with app.app_context():
        boards.claim(done.id, db.session.merge(member))
        boards.finish(done.id, db.session.merge(member), whole=True)
    manual = make_shout(SECRET_SHOUT, author=member, thanked_name="Mira", initiative=secret)
    make_shout(PUBLIC_SHOUT, initiative=public)
    room = make_room()
    make_booking(room, future_local(0, 10) + timedelta(hours=0), future_local(0, 11), title="Koffieochtend")
    with app.app_context():
        from sqlalchemy import select

        from portal.applause.models import Shout
        automatic = db.session.scalar(select(Shout.id).where(Shout.automatic == "task"))
        assert db.session.get(Task, done.id).status == "done"
    return {"member": member, "secret": secret.id, "public": public.id, "manual": manual.id,
            "automatic": automatic, "room": room}


def public_paths(world) -> list[str]:
    room = world["room"]
    return ["/", "/applause", f"/applause?initiative={world['public']}", "/applause/feed.atom", "/applause/print",
            "/kiosk/applause", "/kiosk/applause?i=1", "/kiosk/applause?i=2", "/kiosk/today", "/kiosk/help",
            "/boards", "/boards/help", "/venues", "/venues/today", "/netwerk", "/netwerk/print",
            "/netwerk/wat-kan-ik-doen",
            f"/rooms/{room.id}", f"/rooms/{room.id}/calendar.ics", f"/venues/{room.venue_id}/calendar.ics"]


def hidden_paths(world) -> list[str]:
    return [f"/applause/{world['manual']}", f"/applause/{world['automatic']}",
            f"/applause?initiative={world['secret']}", f"/boards/{world['secret']}",
            f"/boards/help?initiative={world['secret']}", f"/boards/help?skill={SECRET_SKILL}",
            f"/initiatieven/{world['secret']}", f"/initiatives/{world['secret']}"]


def assert_nothing_leaks(client, world, label: str) -> None:
    for path in public_paths(world):
        for headers in ({}, HX):
            response = client.get(path, headers=headers)
            page = response.get_data(as_text=True)
            assert response.status_code == 200, (label, path, response.status_code)
            for secret in SECRETS:
                assert secret not in page, (label, path, headers, secret)
    for path in hidden_paths(world):
        response = client.get(path)
        page = response.get_data(as_text=True)
        if path.startswith("/boards/help"):  # a filter answers an empty list (the page repeats what was asked)
            assert response.status_code == 200 and "geen klussen" in page, (label, path)
            page = page.replace(SECRET_SKILL, "")
        else:
            assert response.status_code == 404, (label, path, response.status_code)
        assert not any(secret in page for secret in SECRETS), (label, path)
    feed = client.get("/applause").get_data(as_text=True)
    assert feed.count('class="card shout') == 1 and PUBLIC_SHOUT in feed, label  # no count gives them away
    wall = client.get("/kiosk/applause").get_data(as_text=True)
    assert wall.count('class="dot') == 1, label


def test_a_member_sees_the_members_only_things(client, auth, world):
    """The members-only shout-outs and tasks exist and are shown to a member (so the walks below can fail)."""
    auth.login(world["member"])
    assert SECRET_SHOUT in client.get("/applause").get_data(as_text=True)
    assert SECRET_DONE in client.get(f"/applause/{world['automatic']}").get_data(as_text=True)
    assert SECRET_SKILL in client.get("/boards/help").get_data(as_text=True)
    assert SECRET_NAME in client.get("/applause/new").get_data(as_text=True)
    assert client.get(f"/applause?initiative={world['secret']}").status_code == 200


def test_an_anonymous_visitor_sees_nothing_of_members_only_initiatives(client, world):
    """Pages, fragments, Atom, iCal, print, wall and kiosk pages show a visitor nothing members-only."""
    assert_nothing_leaks(client, world, "anonymous")


def test_a_resident_who_is_not_a_member_sees_nothing_either(client, login_as, world):
    """A logged-in resident outside the group sees nothing of it, and cannot thank it through the form."""
    login_as()
    assert_nothing_leaks(client, world, "resident")
    form = client.get("/applause/new").get_data(as_text=True)
    assert SECRET_NAME not in form and f'value="{world["secret"]}"' not in form
    response = client.post("/applause/new", data={"thanked_name": "", "initiative": str(world["secret"]),
                                                  "text": "Sneaky thanks"})
    assert response.status_code == 422
    assert re.search(r"Kies een initiatief uit de lijst", response.get_data(as_text=True))


def test_public_surfaces_stay_public_for_members_too(client, auth, world):
    """The Atom feed, the wall and the printed sheet are public: they never show members-only things, whoever asks."""
    auth.login(world["member"])
    for path in ("/applause/feed.atom", "/applause/print", "/kiosk/applause", "/kiosk/applause?i=1"):
        page = client.get(path).get_data(as_text=True)
        assert not any(secret in page for secret in SECRETS), path


def test_the_page_cache_never_hands_members_only_pages_to_outsiders(app, client, auth, world):
    """With the page cache on, what a member saw is never served to a visitor, and visitors get clean pages."""
    pagecache.clear()
    app.config["PAGE_CACHE_SECONDS"] = 60
    try:
        member = app.test_client()
        member.post("/login", data={"email": world["member"].email, "password": "correct horse battery"})
        for path in public_paths(world):
            member.get(path)
        for _round in range(2):  # the second round comes from the cache
            assert_nothing_leaks(client, world, "cached")
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0
        pagecache.clear()


def test_switching_an_existing_initiative_to_members_only_hides_it_everywhere(app, client, auth, make_user, world):
    """A coordinator makes the (then public) initiative members-only on its edit form: from then on an outsider
    sees nothing of it anywhere, even pages the cache kept while it was public."""
    from portal.initiatives.models import Initiative

    with app.app_context():
        db.session.get(Initiative, world["secret"]).visibility = "public"
        db.session.commit()
    pagecache.clear()
    app.config["PAGE_CACHE_SECONDS"] = 60
    try:
        assert SECRET_NAME in client.get(f"/initiatieven/{world['secret']}").get_data(as_text=True)  # now cached
        assert SECRET_SHOUT in client.get("/applause").get_data(as_text=True)
        auth.login(make_user(role="coordinator"))
        form = client.get(f"/initiatieven/{world['secret']}/bewerken").get_data(as_text=True)
        assert 'name="visibility"' in form
        response = client.post(f"/initiatieven/{world['secret']}/bewerken", data={
            "name": SECRET_NAME, "purpose": "Samen tegen schimmel.", "theme": "living", "status": "active",
            "how_to_join": "visit", "visibility": "members"})
        assert response.status_code == 303
        auth.logout()
        assert_nothing_leaks(client, world, "after the switch")
        login = app.test_client()
        outsider = make_user()
        login.post("/login", data={"email": outsider.email, "password": "correct horse battery"})
        assert login.get(f"/initiatieven/{world['secret']}").status_code == 404
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0
        pagecache.clear()
