"""Personal data: "download my data" holds everything about a person, and deletion leaves nothing of them."""

from datetime import timedelta

import pytest
from sqlalchemy import String, Text, select

from portal.accounts.models import User
from portal.applause.models import ShoutReport
from portal.extensions import db
from portal.initiatives.models import Membership
from tests.conftest import PASSWORD, future_local

NAME, EMAIL, NOTE = "Zoë Uniekenaam", "zoe.uniek@example.org", "my phone 0612345678"


@pytest.fixture
def person(app, client, login_as, make_room, make_booking, make_shout, make_initiative, make_task, make_user):
    """Log in a person who has left traces in every feature, and return them."""
    user = login_as(name=NAME, email=EMAIL)
    room = make_room()
    for days, status in ((8, "approved"), (9, "cancelled"), (10, "pending"), (-3, "approved")):
        start = future_local(days=days, hour=10)
        make_booking(room, start, start + timedelta(hours=1), title=f"Club {days}", status=status, requester=user,
                     note=NOTE)
    shout = make_shout(thanked_user=user, thanked_name=NAME, text="Dank voor de koffie!")
    initiative = make_initiative(name="Groen in de buurt")
    task = make_task(initiative=initiative, title="Plant tulips")
    with app.app_context():
        db.session.add_all([Membership(initiative_id=initiative.id, user_id=user.id),
                            ShoutReport(shout_id=shout.id, user_id=user.id)])
        db.session.commit()
    assert client.post(f"/tasks/{task.id}/claim", data={}).status_code in (200, 303)
    client.post("/password/forgot", data={"email": EMAIL})  # a reset link waiting
    app.test_client().post("/login", data={"email": EMAIL, "password": "wrong password"})
    return user


def test_download_holds_everything_about_the_person(client, person):
    """The JSON has memberships, reports made, shout-outs thanking them, bookings with notes and claims."""
    data = client.get("/account/data.json").json
    assert data["account"]["email"] == EMAIL
    assert [m["initiative"] for m in data["memberships"]] == ["Groen in de buurt"]
    assert [s["text"] for s in data["applause"]["shouts_thanking_me"]] == ["Dank voor de koffie!"]
    assert len(data["applause"]["reports_made"]) == 1
    assert {b["note"] for b in data["bookings"]} == {NOTE} and len(data["bookings"]) == 4
    assert [t["title"] for t in data["tasks"]["tasks"]] == ["Plant tulips"]


def test_readable_page_beside_the_json(client, person):
    """The same data as a page a person can read, linked from the account page."""
    assert 'href="/account/data"' in client.get("/account").get_data(as_text=True)
    response = client.get("/account/data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    for text in (EMAIL, NOTE, "Groen in de buurt", "Dank voor de koffie!", "Plant tulips", "Boekingen"):
        assert text in page


def test_readable_page_speaks_the_residents_language(client, person):
    """The readable page names every field in Dutch and shows dates as dates, not JSON keys and ISO stamps."""
    import re

    page = client.get("/account/data").get_data(as_text=True)
    labels = re.findall(r"<dt>([^<]*)</dt>", page)
    for dutch in ("E-mailadres", "Rol", "Taal", "Mijn naam openbaar laten zien", "Lid sinds", "Hoe staat het"):
        assert dutch in labels
    assert not [label for label in labels if re.fullmatch(r"[a-z_ ]+", label)], labels  # no raw JSON keys
    values = " ".join(re.findall(r"<dd>([^<]*)</dd>", page))
    assert "Bewoner" in values and "Nederlands" in values and "Wacht op antwoord" in values
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", values)  # no ISO time stamps


def test_after_deletion_no_row_holds_the_persons_name_email_or_notes(app, client, person):
    """Deleting the account leaves no row anywhere with the person's name, address or booking notes."""
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 303
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text))
                       or isinstance(getattr(c.type, "impl", None), (String, Text))]
            for row in db.session.execute(select(*columns)) if columns else []:
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, str) and any(s.lower() in value.lower() for s in (NAME, EMAIL, NOTE)):
                        found.append(f"{table.name}.{column.name}")
        assert db.session.scalar(select(User).where(User.email == EMAIL)) is None
    assert found == []
