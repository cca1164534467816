"""Accounts without e-mail: registration and log-in by phone, one stored form, no mail, desk codes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.accounts import services
from portal.accounts.models import DeskCode, User
from portal.accounts.phones import normal_phone
from portal.extensions import db
from portal.mail.models import OutboxMail
from tests.conftest import PASSWORD, future_local

NEW_PASSWORD = "lente in de bijlmer"


def register(client, contact: str, name: str = "Ruth Doelwijt", password: str = PASSWORD):
    return client.post("/register", data={"name": name, "email": contact, "password": password})


@pytest.mark.parametrize("typed", ["06-12345678", "06 1234 5678", "+31 6 12345678", "0031612345678",
                                   "+31 (0)6 1234 5678", "0612345678"])
def test_dutch_forms_are_stored_in_one_form(typed):
    """Every usual way of writing a Dutch mobile number becomes +31612345678."""
    assert normal_phone(typed) == "+31612345678"


@pytest.mark.parametrize("typed", ["12345678", "06-1234567", "06-123456789", "+32 6 12345678", "06-1234567a",
                                   "+31", "", "\x00", "06\r\n12345678x", "6" * 500])
def test_other_forms_are_refused(typed):
    """Too short, too long, foreign, letters, control characters: no phone number."""
    assert normal_phone(typed) is None


def test_register_with_phone_works_at_once_and_stores_one_form(app, client):
    """Registering with a phone makes the account at once, logged in, the phone stored as +31612345678."""
    response = register(client, "06 1234 5678")
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.phone, user.email) == ("+31612345678", None)
        assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0


def test_wrong_phone_is_refused_at_the_field_keeping_what_was_typed(app, client):
    """A wrong number gets a message at the field, keeps the text, and makes no account."""
    response = register(client, "06-123")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="06-123"' in page and 'aria-invalid="true"' in page
    assert "06 12345678" in page  # the hint shows the right form
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_same_phone_written_otherwise_is_refused(app, client, phone_user):
    """A phone that has an account, however written, gets a clear message and no second account."""
    phone_user("06-12345678")
    response = register(client, "+31 6 1234 5678", name="Someone Else")
    assert response.status_code == 422
    assert "heeft al een account" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_unique_phone_and_email_or_phone_are_database_rules(app, phone_user):
    """The database refuses a second account with the same phone, and an account with neither."""
    phone_user("06-12345678")
    with app.app_context():
        db.session.add(User(phone="+31612345678", name="Copy", password_hash="x"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.add(User(name="Nobody", password_hash="x"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_two_registrations_of_one_phone_at_once_make_one_account(app):
    """Two people registering the same phone at the same moment: one account, the other gets a message."""
    browsers = [app.test_client() for _ in range(2)]
    pairs = [(browser, browser.csrf_token()) for browser in browsers]
    barrier = threading.Barrier(2)
    statuses = []

    def go(pair, typed):
        browser, token = pair
        barrier.wait()
        statuses.append(browser.post("/register", data={"name": "Ruth", "email": typed, "password": PASSWORD,
                                                        "csrf_token": token}, csrf=False).status_code)

    threads = [threading.Thread(target=go, args=(pair, typed))
               for pair, typed in zip(pairs, ["06-12345678", "0031612345678"], strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [303, 422]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_log_in_with_phone_in_any_form(client, phone_user, auth):
    """The one log-in field takes a phone number too, written any usual way."""
    phone_user("06-12345678")
    assert auth.login("+31 6 1234 5678").status_code == 303
    auth.logout()
    assert client.post("/login", data={"email": "06 1234 5678", "password": "wrong one"}).status_code == 422
    assert auth.login("0612345678").status_code == 303


def test_log_in_refuses_nonsense_at_the_field(client):
    """Something that is neither an address nor a phone gets a message at the field."""
    response = client.post("/login", data={"email": "hello", "password": PASSWORD})
    assert response.status_code == 422
    assert "geen Nederlands telefoonnummer" in response.get_data(as_text=True)


def test_phone_resident_claims_books_and_gets_a_reply_without_mail(app, phone_user, make_task, make_room,
                                                                     make_user):
    """A resident with only a phone claims a task, books a room and gets a reply: nothing breaks, no mail."""
    from portal.boards import services as boards
    from portal.venues import services as venues
    from portal.venues.threads import post_message

    person = phone_user()
    task = make_task()
    room = make_room()
    librarian = make_user(role="librarian")
    from portal.core.time import to_utc
    start, end = to_utc(future_local(hour=10)), to_utc(future_local(hour=11))
    with app.app_context():
        person = db.session.get(User, person.id)
        boards.claim(task.id, person)
        db.session.commit()
        booking = venues.create_bookings(db.session.merge(room), person, "Huiswerkklas", [(start, end)])[0]
        db.session.commit()
        post_message(booking, db.session.get(User, librarian.id), "Welke tafels wilt u?")
        db.session.commit()
        recipients = set(db.session.scalars(select(OutboxMail.recipient)))
        assert None not in recipients and "" not in recipients
        assert services.mail_address_of(person) is None


def test_data_export_shows_the_phone_and_deletion_frees_it(app, client, phone_user, auth):
    """Download my data holds the phone; deleting the account removes it, so it can register again."""
    person = phone_user()
    auth.login("06-12345678")
    assert client.get("/account/data.json").get_json()["account"]["phone"] == "+31612345678"
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, person.id) is None
        assert db.session.scalar(select(User).where(User.phone == "+31612345678")) is None
    assert register(client, "06-12345678").status_code == 303


# --- reset codes from the desk ------------------------------------------------------------------

def issue(client, person, checked=True):
    data = {"checked": "y"} if checked else {}
    return client.post(f"/desk/password-codes/{person.id}", data=data)


def slip_code(client) -> str:
    page = client.get("/desk/password-codes/slip").get_data(as_text=True)
    code = page.split('class="desk-code"')[1].split(">")[1].split("<")[0]
    return code


def redeem(app, phone, code, password=NEW_PASSWORD):
    browser = app.test_client()
    return browser.post("/password/code", data={"phone": phone, "code": code, "password": password})


def test_desk_finds_people_by_phone_or_name(client, login_as, phone_user):
    """A librarian finds the resident by their phone, written otherwise, or by part of their name."""
    phone_user()
    login_as("librarian")
    assert "Ruth Doelwijt" in client.get("/desk/password-codes?q=0612345678").get_data(as_text=True)
    assert "Ruth Doelwijt" in client.get("/desk/password-codes?q=doelw").get_data(as_text=True)
    assert "Niemand gevonden" in client.get("/desk/password-codes?q=%25_").get_data(as_text=True)
    assert client.get("/desk/password-codes?q=\x00%0d%0a").status_code == 200


def test_residents_cannot_print_codes(client, login_as, phone_user):
    """The desk page and its button are for librarians and coordinators only."""
    person = phone_user()
    login_as("resident")
    assert client.get("/desk/password-codes").status_code == 403
    assert issue(client, person).status_code == 403


def test_desk_code_needs_the_check_and_works_once(app, client, login_as, phone_user):
    """Without the tick nothing is issued; with it, the code resets the password once and is logged hashed."""
    person = phone_user()
    librarian = login_as("librarian")
    response = issue(client, person, checked=False)
    assert response.status_code == 422 and "Controleer eerst wie dit is" in response.get_data(as_text=True)
    assert issue(client, person).status_code == 303
    code = slip_code(client)
    assert client.get("/desk/password-codes/slip").status_code == 303  # shown once
    with app.app_context():
        row = db.session.scalar(select(DeskCode))
        assert (row.user_id, row.issued_by_id, row.used_at) == (person.id, librarian.id, None)
        assert code.replace("-", "") not in row.code_hash
    assert redeem(app, "06 1234 5678", code).status_code == 303
    again = redeem(app, "06-12345678", code, password="another long sentence")
    assert again.status_code == 422 and "al gebruikt" in again.get_data(as_text=True)
    browser = app.test_client()
    assert browser.post("/login", data={"email": "06-12345678", "password": NEW_PASSWORD}).status_code == 303


def test_desk_code_late_other_account_or_forged_changes_nothing(app, client, login_as, phone_user, clock):
    """A code after 24 hours, for another phone, or made up: a clear message, the password stays."""
    person = phone_user()
    phone_user("06-87654321", name="Other Person")
    login_as("coordinator")
    issue(client, person)
    code = slip_code(client)
    other = redeem(app, "06-87654321", code)
    assert other.status_code == 422 and "hoort niet bij dit telefoonnummer" in other.get_data(as_text=True)
    forged = redeem(app, "06-12345678", "ABCDE-FGHJK")
    assert forged.status_code == 422 and "klopt niet" in forged.get_data(as_text=True)
    clock(datetime.now(UTC) + timedelta(hours=24, minutes=1))
    late = redeem(app, "06-12345678", code)
    assert late.status_code == 422 and "ouder dan 24 uur" in late.get_data(as_text=True)
    with app.app_context():
        assert services.check_password(db.session.get(User, person.id), PASSWORD)
        assert db.session.scalar(select(DeskCode.used_at)) is None


def test_a_new_code_voids_the_older_one(app, client, login_as, phone_user):
    """Printing a second slip makes the first code stop working."""
    person = phone_user()
    login_as("librarian")
    issue(client, person)
    first = slip_code(client)
    issue(client, person)
    second = slip_code(client)
    assert redeem(app, "06-12345678", first).status_code == 422
    assert redeem(app, "06-12345678", second).status_code == 303


def test_code_entry_is_throttled(app, phone_user):
    """Guessing codes for one phone stops after a few tries, even from fresh browsers."""
    phone_user()
    statuses = [redeem(app, "06-12345678", f"AAAAA-BBBB{n}").status_code for n in range(12)]
    assert statuses[-1] == 429
    assert 422 in statuses


def test_wrong_phone_on_the_reset_page_keeps_what_was_typed(app):
    """A phone in a wrong form gets a message at the field and keeps the text."""
    response = redeem(app, "12-34", "ABCDE-FGHJK")
    assert response.status_code == 422
    assert 'value="12-34"' in response.get_data(as_text=True)


def test_desk_page_runs_a_fixed_number_of_queries(client, login_as, phone_user, count_queries):
    """The desk's search costs the same number of queries for one person found as for many."""
    login_as("librarian")
    phone_user("06-11111111", name="Ruth One")
    with count_queries() as one:
        assert client.get("/desk/password-codes?q=Ruth").status_code == 200
    for number in range(2, 7):
        phone_user(f"06-1111111{number}", name=f"Ruth {number}")
    with count_queries() as many:
        page = client.get("/desk/password-codes?q=Ruth").get_data(as_text=True)
    assert page.count('class="card desk-person"') == 6
    assert len(many) == len(one)


def test_a_phone_only_account_is_not_told_about_thanks_by_e_mail(client, auth, phone_user, login_as):
    """With no thanks yet, an account without e-mail reads that nobody thanked them here yet, not "by your e-mail
    address"; an account with e-mail still reads how thanks reach it."""
    phone_user()
    auth.login("06-12345678")
    page = client.get("/account").get_data(as_text=True)
    assert "Nog niemand heeft je hier bedankt. Jouw beurt komt nog!" in page and "e-mailadres bedankt" not in page
    auth.logout()
    login_as()
    page = client.get("/account").get_data(as_text=True)
    assert "Nog niemand heeft je via je e-mailadres bedankt." in page
