"""Events I said I come to stand in "Mijn klussen, boekingen en activiteiten" on home and account, by date."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import delete

from portal.accounts.models import User
from portal.boards import services as boards
from portal.core.time import today
from portal.events import rsvp
from portal.extensions import db
from portal.initiatives.models import Membership


def _mine(page: str) -> list[str]:
    """Return the titles in "Mijn klussen, boekingen en activiteiten", in the order shown."""
    start = page.index("Mijn klussen, boekingen en activiteiten")
    section = page[start:page.index("</section>", start)]
    return re.findall(r'class="(?:task|booking|event)-title">(?:<a [^>]*>)?([^<]+)<', section)


def _come(app, event, user) -> None:
    with app.app_context():
        rsvp.rsvp(event.id, db.session.get(User, user.id), people=1)


def test_my_events_stand_in_my_list_soonest_first(app, client, login_as, make_user, make_event, make_task):
    """An event I come to and one I wait for interleave with my task by date, each saying where I stand."""
    me = login_as()
    _come(app, make_event(title="Buurtbarbecue", days=2), me)
    full = make_event(title="Kookworkshop", days=6, capacity=1)
    _come(app, full, make_user())
    _come(app, full, me)
    task = make_task(title="Stoelen zetten", places_needed=2, due_date=today() + timedelta(days=4))
    with app.app_context():
        boards.claim(task.id, db.session.get(User, me.id))
    for path in ("/", "/account"):
        page = client.get(path).get_data(as_text=True)
        assert _mine(page) == ["Buurtbarbecue", "Stoelen zetten", "Kookworkshop"]
        assert "Je komt" in page and "Je staat op de wachtlijst" in page and 'href="/agenda"' in page


def test_an_event_I_may_no_longer_see_or_that_is_over_leaves_my_list(app, client, login_as, make_event,
                                                                      private_initiative, make_member):
    """After leaving a members-only initiative its event is gone from my list; so is an event that is over."""
    me = login_as()
    make_member(me, private_initiative)
    secret = make_event(private_initiative, title="Geheim overleg", days=3, public=False)
    _come(app, secret, me)
    over = make_event(title="Al geweest", days=1)
    _come(app, over, me)
    assert _mine(client.get("/").get_data(as_text=True)) == ["Al geweest", "Geheim overleg"]
    with app.app_context():
        db.session.execute(delete(Membership).where(Membership.user_id == me.id))
        db.session.execute(type(over).__table__.update().where(type(over).__table__.c.id == over.id).values(
            end_at=over.start_at - timedelta(days=3), start_at=over.start_at - timedelta(days=4)))
        db.session.commit()
    page = client.get("/account").get_data(as_text=True)
    assert "Geheim overleg" not in page and "Al geweest" not in page


def test_i_am_not_coming_after_all_from_my_list(app, client, login_as, make_event, make_user):
    """Each event in my list has "Ik kom niet meer"; pressing it frees my place for the first one waiting, and
    the event leaves my list. A cancelled event is not in it."""
    me = login_as()
    full = make_event(title="Volle kookles", days=5, capacity=1)
    _come(app, full, me)
    waiting = make_user()
    _come(app, full, waiting)
    gone = make_event(title="Afgelast feest", days=3)
    _come(app, gone, me)
    with app.app_context():
        db.session.execute(type(gone).__table__.update().where(type(gone).__table__.c.id == gone.id)
                           .values(status="cancelled"))
        db.session.commit()
    page = client.get("/account").get_data(as_text=True)
    assert _mine(page) == ["Volle kookles"] and f'action="/agenda/{full.id}/rsvp/cancel"' in page
    assert "Ik kom niet meer" in page
    response = client.post(f"/agenda/{full.id}/rsvp/cancel")
    assert response.status_code == 303
    assert _mine(client.get("/account").get_data(as_text=True)) == []
    with app.app_context():
        assert rsvp.mine(full.id, db.session.get(User, waiting.id)).status == "confirmed"
