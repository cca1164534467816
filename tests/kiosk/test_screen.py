"""The screen in the buurthuis: a rotation per kiosk device, moved on by a meta refresh, public content only."""

import re

import pytest
from sqlalchemy import select

from portal.core.time import to_utc
from portal.events.models import Event
from portal.extensions import db
from portal.initiatives.models import Initiative
from portal.kiosk.models import KioskDevice
from tests.conftest import future_local, saved
from tests.kiosk.test_views import make_kiosk
from tests.quality import gzipped_size

REFRESH = re.compile(r'<meta http-equiv="refresh" content="(\d+);url=([^"]+)">')


def refresh(page: str) -> tuple[int, str]:
    """Return the seconds and the next address of a screen page's meta refresh."""
    (found,) = REFRESH.findall(page)
    return int(found[0]), found[1]


@pytest.fixture
def secret_club(app, make_initiative):
    """Return a members-only initiative."""
    initiative = make_initiative("Geheime club")
    with app.app_context():
        row = db.session.get(Initiative, initiative.id)
        row.visibility = "members"
        return saved(row)


def make_event(app, initiative, title: str, days: int = 2, public: bool = True):
    """Make a published event `days` ahead at an address."""
    with app.app_context():
        event = Event(initiative_id=initiative.id, title=title, start_at=to_utc(future_local(days, 14)),
                      end_at=to_utc(future_local(days, 16)), address="Bijlmerplein", public=public)
        db.session.add(event)
        return saved(event)


def test_a_screen_without_a_device_turns_through_every_page(client):
    """Another computer's screen shows the wall, then the agenda, then the tasks, 30 seconds each, and around."""
    seconds, url = refresh(client.get("/kiosk/scherm").get_data(as_text=True))
    assert (seconds, url) == (30, "/kiosk/scherm?p=agenda")
    assert refresh(client.get(url).get_data(as_text=True))[1] == "/kiosk/scherm?p=help"
    assert refresh(client.get("/kiosk/scherm?p=help").get_data(as_text=True))[1] == "/kiosk/scherm?p=applause"


def test_the_device_setting_chooses_the_pages_and_seconds(app, client, login_as):
    """A librarian sets a kiosk's screen to tasks and the wall, 45 s: the screen turns through those two only."""
    make_kiosk(client, login_as)
    with app.app_context():
        device_id = db.session.scalar(select(KioskDevice.id))
    login_as("librarian")
    form = client.get(f"/kiosk/devices/{device_id}/screen").get_data(as_text=True)
    assert 'name="show_agenda"' in form and 'value="30"' in form
    response = client.post(f"/kiosk/devices/{device_id}/screen",
                           data={"show_help": "y", "show_applause": "y", "seconds": "45"})
    assert response.status_code == 303
    with app.app_context():
        device = db.session.get(KioskDevice, device_id)
        assert (device.screen_pages, device.screen_seconds) == ("applause,help", 45)
    assert refresh(client.get("/kiosk/scherm").get_data(as_text=True)) == (45, "/kiosk/scherm?p=help")
    assert refresh(client.get("/kiosk/scherm?p=help").get_data(as_text=True)) == (45, "/kiosk/scherm?p=applause")
    # a page left out of the rotation is not shown: the screen starts again at the first
    assert refresh(client.get("/kiosk/scherm?p=agenda").get_data(as_text=True))[1] == "/kiosk/scherm?p=help"


@pytest.mark.parametrize("data", [{"seconds": "30"}, {"show_help": "y", "seconds": "3"},
                                  {"show_help": "y", "seconds": "99999999999999999999"},
                                  {"show_help": "y", "seconds": "tien"}])
def test_a_bad_setting_is_refused_at_the_field_and_stores_nothing(app, client, login_as, data):
    """No page ticked, too few seconds, a huge or a wordy number: a message at the field, nothing changes."""
    make_kiosk(client, login_as)
    with app.app_context():
        device_id = db.session.scalar(select(KioskDevice.id))
    login_as("librarian")
    response = client.post(f"/kiosk/devices/{device_id}/screen", data=data)
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    with app.app_context():
        device = db.session.get(KioskDevice, device_id)
        assert (device.screen_pages, device.screen_seconds) == ("applause,agenda,help", 30)


def test_the_seconds_are_a_database_rule(app, client, login_as):
    """The database itself refuses a screen page of under 10 seconds."""
    from sqlalchemy.exc import IntegrityError
    make_kiosk(client, login_as)
    with app.app_context():
        device = db.session.scalar(select(KioskDevice))
        device.screen_seconds = 2
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_only_librarians_set_a_screen_and_a_huge_id_is_a_404(client, login_as):
    """Residents may not change a screen; an id no device has is a 404, never a 500."""
    login_as()
    assert client.get("/kiosk/devices/1/screen").status_code == 403
    login_as("librarian")
    assert client.get("/kiosk/devices/99999999999999999999/screen").status_code == 404
    assert client.get("/kiosk/scherm?p=%00%0d%0a").status_code == 200


def test_the_screen_shows_public_things_and_never_members_only_ones(app, client, make_initiative, make_task,
                                                                      make_shout, secret_club, login_as):
    """Public shout-outs, events and tasks appear; a members-only club's never, not even to a member's kiosk."""
    open_house = make_initiative("Buurttuin Gaasperdam")
    make_shout("Dank voor de soep!", initiative=open_house)
    make_shout("Geheim bedankje", initiative=secret_club)
    make_event(app, open_house, "Plantjesmarkt")
    make_event(app, secret_club, "Geheim overleg")
    make_event(app, open_house, "Bestuursvergadering", public=False)
    make_task(open_house, title="Schoffelen in de tuin")
    make_task(secret_club, title="Geheime klus")
    login_as("coordinator")  # someone who may see it all is logged in: the screen still shows only public things
    pages = {page: client.get(f"/kiosk/scherm?p={page}").get_data(as_text=True)
             for page in ("applause", "agenda", "help")}
    assert "Dank voor de soep!" in pages["applause"]
    assert "Plantjesmarkt" in pages["agenda"] and "Bijlmerplein" in pages["agenda"]
    assert "Schoffelen in de tuin" in pages["help"] and "Buurttuin Gaasperdam" in pages["help"]
    for page in pages.values():
        for secret in ("Geheim", "Bestuursvergadering"):
            assert secret not in page


def test_a_screen_page_is_small_and_its_queries_fixed(app, client, make_task, make_shout, make_initiative,
                                                      count_queries):
    """Each screen page stays small and runs the same number of queries for 1 or 6 things to show."""
    counts = {}
    for round_ in (1, 6):
        for number in range(round_ if round_ == 1 else 5):
            initiative = make_initiative()
            make_task(initiative, title=f"Taak {round_}-{number}")
            make_shout(f"Dank {round_}-{number}", initiative=initiative)
            make_event(app, initiative, f"Activiteit {round_}-{number}")
        for page in ("applause", "agenda", "help"):
            with count_queries() as queries:
                response = client.get(f"/kiosk/scherm?p={page}")
            assert response.status_code == 200 and gzipped_size(response.get_data()) < 15_000
            counts.setdefault(page, set()).add(len(queries))
    assert all(len(found) == 1 for found in counts.values()), counts
