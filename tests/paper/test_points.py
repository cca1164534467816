"""Distribution points: coordinators manage them; each week's sheet makes one task per point on a board, once."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from portal.extensions import db


def _point(app, initiative, name="Albert Heijn Ganzenhoef", copies=20, **fields):
    from portal.paper import points

    with app.app_context():
        point = points.save_point(None, name=name, address=fields.pop("address", "Ganzenhoef 20"), copies=copies,
                                  initiative_id=initiative.id if initiative else None, **fields)
        return point.id


def _tasks(app) -> list[tuple[str, str]]:
    from portal.boards.models import Task

    with app.app_context():
        return [(row.title, row.place) for row in db.session.execute(select(Task.title, Task.place).order_by(Task.id))]


def test_a_coordinator_adds_a_point(client, login_as, make_initiative):
    """A coordinator adds a place with its address, opening times, copies and board; it shows in the list."""
    board = make_initiative("Buurtteam Ganzenhoef")
    login_as("coordinator")
    response = client.post("/buurtbericht/punten", data={
        "name": "OBA Reigersbos", "address": "Reigersbos 100", "opening_times": "ma-za 10:00-18:00",
        "brought_by": "Joyce", "copies": "30", "initiative": str(board.id), "active": "y"})
    assert response.status_code == 303
    page = client.get("/buurtbericht/punten").get_data(as_text=True)
    assert "OBA Reigersbos" in page and "Reigersbos 100" in page and "30" in page and "is nu een verspreidpunt" in page


def test_a_point_without_an_address_is_refused(app, client, login_as):
    """No address: a clear message at the field, what was typed stays, nothing stored."""
    from portal.paper.models import DistributionPoint

    login_as("coordinator")
    response = client.post("/buurtbericht/punten", data={"name": "Moskee Taibah", "address": "  ", "copies": "9999",
                                                         "initiative": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Moskee Taibah" in page and "Vul dit in" in page and "1 tot 500" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DistributionPoint)) == 0


def test_the_database_refuses_an_empty_address(app):
    """The rule "a point has an address" is a database check, whatever the form does."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from portal.paper.models import DistributionPoint

    with app.app_context():
        db.session.add(DistributionPoint(name="Leeg", address="   ", copies=5))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_only_coordinators_manage_points(client, login_as):
    """Residents get 403; visitors are sent to log in."""
    assert client.get("/buurtbericht/punten").status_code in (302, 303)
    login_as("resident")
    assert client.get("/buurtbericht/punten").status_code == 403
    assert client.post("/buurtbericht/punten/taken").status_code == 403


def test_week_tasks_once_per_point(app, client, login_as, make_initiative):
    """Pressing the button twice makes one task per point with a board ("Breng 20 Buurtberichten naar ..."), and
    the overview shows which points got their paper once a task is done."""
    board = make_initiative("Buurtteam Ganzenhoef")
    _point(app, board)
    _point(app, board, "OBA Reigersbos", copies=30, address="Reigersbos 100")
    _point(app, None, "Bijlmerkerk", address="Bijlmerdreef 1")  # no board: no task
    _point(app, board, "Oude plek", active=False, address="Weg 1")  # not now: no task
    login_as("coordinator")
    first = client.post("/buurtbericht/punten/taken", follow_redirects=True).get_data(as_text=True)
    assert "2 verspreidtaken" in first
    again = client.post("/buurtbericht/punten/taken", follow_redirects=True).get_data(as_text=True)
    assert "staan al" in again
    assert _tasks(app) == [("Breng 20 Buurtberichten naar Albert Heijn Ganzenhoef", "Ganzenhoef 20"),
                           ("Breng 30 Buurtberichten naar OBA Reigersbos", "Reigersbos 100")]
    from portal.boards.models import Task

    with app.app_context():
        db.session.execute(Task.__table__.update().where(Task.title.like("%OBA%")).values(status="done"))
        db.session.commit()
    page = client.get("/buurtbericht/punten").get_data(as_text=True)
    assert page.count("Gebracht") == 1 and "Nog niet gebracht" in page and "Geen bord gekozen" in page


def test_week_tasks_run_twice_at_once(app, make_initiative):
    """Two runs at the same moment still make one task per point (the unique key decides)."""
    from portal.paper import points, services

    board = make_initiative("Buurtteam")
    for number in range(5):
        _point(app, board, f"Plek {number}", address=f"Straat {number}")
    barrier = threading.Barrier(2)
    made: list[int] = []
    errors: list[BaseException] = []

    def run():
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                made.append(points.make_week_tasks(services.monday_of(services.today())))
            except BaseException as error:  # noqa: BLE001  (reported below)
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and sorted(made) == [0, 5]
    assert len(_tasks(app)) == 5


def test_hostile_point_addresses(client, login_as):
    """Huge or odd ids are 404, never a 500."""
    login_as("coordinator")
    for path in ("/buurtbericht/punten/0", "/buurtbericht/punten/99999999999999999999",
                 "/buurtbericht/punten/2147483648", "/buurtbericht/punten/1"):
        assert client.get(path).status_code == 404, path
