"""A phone number on your own account (add, change, remove, with your password), and a number someone else
registered, freed at the buurthuis desk after a check (logged; the other account goes on by e-mail, or is closed)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from portal.accounts.models import PhoneRelease, User
from portal.extensions import db
from portal.mail.models import OutboxMail
from tests.conftest import PASSWORD


def stored(app, user_id: int) -> User | None:
    with app.app_context():
        user = db.session.get(User, user_id)
        if user is not None:
            db.session.expunge(user)
        return user


def change(client, phone: str, password: str = PASSWORD):
    return client.post("/account/phone", data={"phone": phone, "current_password": password})


# --- your own number ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["06-12345678", "+31 6 12345678"])
def test_add_a_phone_in_a_dutch_form_stores_one_form_and_logs_in_with_it(app, client, login_as, typed):
    """A resident with e-mail adds 06-12345678 or +31 6 12345678: stored as +31612345678, and it logs in."""
    user = login_as()
    assert "Zet er een telefoonnummer bij" in client.get("/account").get_data(as_text=True)
    response = change(client, typed)
    assert response.status_code == 303 and response.headers["Location"] == "/account#phone"
    assert stored(app, user.id).phone == "+31612345678"
    page = client.get("/account").get_data(as_text=True)
    assert "Je telefoonnummer is bewaard." in page and "+31612345678" in page
    client.post("/logout")
    assert client.post("/login", data={"email": "06 1234 5678", "password": PASSWORD}).status_code == 303


def test_the_form_shows_the_current_number(client, phone_user, auth):
    """The phone page opens with the number the account has now, for changing it."""
    person = phone_user()
    auth.login("06-12345678")
    page = client.get("/account/phone").get_data(as_text=True)
    assert 'value="+31612345678"' in page and 'type="tel"' in page and "Mijn telefoonnummer" in page
    assert person.phone == "+31612345678"


def test_a_wrong_password_changes_nothing(app, client, login_as):
    """Without the right password the number is not saved; the message is at the field, the number typed stays."""
    user = login_as()
    response = change(client, "06-12345678", password="not my password at all")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Dit is niet je wachtwoord." in page and 'value="06-12345678"' in page
    assert stored(app, user.id).phone is None


@pytest.mark.parametrize("typed", ["06-1234", "12345678", "+32 6 12345678", "06\r\n12345678x", "06\x00x2345678",
                                   "6" * 5000])
def test_a_wrong_number_gets_a_message_at_the_field(app, client, login_as, typed):
    """A number in a wrong form, with NUL or CR/LF and letters, or far too long: a message at the field, nothing
    saved."""
    user = login_as()
    response = change(client, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="phone-error"' in page and 'aria-invalid="true"' in page
    assert stored(app, user.id).phone is None


@pytest.mark.parametrize("typed", ["06\x0012345678", "06\r\n12345678"])
def test_control_characters_never_reach_the_database(app, client, login_as, typed):
    """NUL, CR and LF are dropped as every one-line field drops them; what is left is a good number, stored in
    its one form."""
    user = login_as()
    assert change(client, typed).status_code == 303
    assert stored(app, user.id).phone == "+31612345678"


def test_a_number_of_another_account_is_refused_without_saying_whose(app, client, login_as, phone_user):
    """A number another account has, however written: a clear message at the field that points to the desk and
    names nobody; nothing changes."""
    phone_user(name="Ruth Doelwijt")
    user = login_as()
    response = change(client, "+31 (0)6 1234 5678")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="phone-error"' in page
    assert "Een ander account heeft dit nummer al" in page and "balie" in page and "Ruth" not in page
    assert stored(app, user.id).phone is None


def test_an_account_keeps_an_e_mail_or_a_phone(app, client, phone_user, auth, login_as):
    """Without e-mail the number cannot be removed (a message at the field); with e-mail it can."""
    person = phone_user()
    auth.login("06-12345678")
    response = change(client, "")
    assert response.status_code == 422 and "heeft je account een nummer nodig" in response.get_data(as_text=True)
    assert stored(app, person.id).phone == "+31612345678"
    auth.logout()
    user = login_as(phone="+31687654321")
    assert change(client, "").status_code == 303
    assert stored(app, user.id).phone is None


def test_the_phone_page_is_for_logged_in_people_only(client):
    """A visitor is sent to the log-in page; a POST without log-in changes nothing."""
    assert client.get("/account/phone").status_code in (302, 303)
    assert change(client, "06-12345678").status_code in (302, 303)


def test_two_people_adding_one_number_at_once_get_it_once(app, make_user):
    """Two residents adding the same number at the same moment: one has it, the other gets the message."""
    people = [make_user(), make_user()]
    browsers = [app.test_client() for _ in people]
    for browser, person in zip(browsers, people, strict=True):
        browser.post("/login", data={"email": person.email, "password": PASSWORD})
    barrier = threading.Barrier(2)
    statuses = []

    def go(browser, typed):
        barrier.wait()
        statuses.append(browser.post("/account/phone", data={"phone": typed, "current_password": PASSWORD})
                        .status_code)

    threads = [threading.Thread(target=go, args=(browser, typed))
               for browser, typed in zip(browsers, ["06-12345678", "0031612345678"], strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [303, 422]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.phone == "+31612345678")) == 1


# --- a number someone else registered, freed at the desk ----------------------------------------------------------

def free(client, person, owner_checked=True, close=False):
    data = {"owner_checked": "y"} if owner_checked else {}
    if close:
        data["close"] = "y"
    return client.post(f"/desk/password-codes/{person.id}/free-phone", data=data)


def test_desk_frees_a_number_from_an_account_with_e_mail(app, client, login_as, phone_user):
    """After the check the number is off the other account, which goes on with its e-mail (and gets a mail);
    who did it is logged; the owner can now register with the number."""
    holder = phone_user(email="holder@example.org", name="Henk Houder")
    librarian = login_as("librarian")
    page = client.get("/desk/password-codes?q=0612345678").get_data(as_text=True)
    assert "Is dit nummer van iemand anders?" in page and "Maak dit nummer vrij" in page
    response = free(client, holder)
    assert response.status_code == 303
    assert "Het nummer is vrij" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert stored(app, holder.id).phone is None and stored(app, holder.id).email == "holder@example.org"
    with app.app_context():
        log = db.session.scalar(select(PhoneRelease))
        assert (log.account_id, log.freed_by_id, log.closed) == (holder.id, librarian.id, False)
        mail = db.session.scalar(select(OutboxMail))
        assert mail.recipient == "holder@example.org" and "Je telefoonnummer" in mail.subject
    client.post("/logout")
    assert client.post("/login", data={"email": "holder@example.org", "password": PASSWORD}).status_code == 303
    assert len(client.get("/account/data.json").json["phone_freed"]) == 1  # in their own data too
    client.post("/logout")
    owner = client.post("/register", data={"name": "Olga Eigenaar", "email": "06 1234 5678",
                                           "password": "tulips in the park"})
    assert owner.status_code == 303


def test_desk_needs_the_check_first(app, client, login_as, phone_user):
    """Without the tick nothing changes, and the message is at the box."""
    holder = phone_user(email="holder@example.org")
    login_as("coordinator")
    response = free(client, holder, owner_checked=False)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Kijk eerst van wie het nummer is" in page
    assert 'id="owner_checked-error"' in page and "<details class=\"desk-free-phone\" open>" in page
    assert stored(app, holder.id).phone == "+31612345678"


def test_an_account_without_e_mail_is_closed_only_when_the_desk_agrees(app, client, login_as, phone_user,
                                                                         make_shout):
    """Without e-mail, freeing the number would leave nothing to log in with: first a message asking to agree
    (nothing changes), then the account is closed like "delete my account" (its shout-out stays, unnamed)."""
    holder = phone_user(name="Henk Houder")
    shout = make_shout("Dank voor de soep", author=holder)
    librarian = login_as("librarian")
    response = free(client, holder)
    assert response.status_code == 422 and "Zet een vinkje als dat goed is" in response.get_data(as_text=True)
    assert stored(app, holder.id) is not None
    assert free(client, holder, close=True).status_code == 303
    assert stored(app, holder.id) is None
    with app.app_context():
        log = db.session.scalar(select(PhoneRelease))
        assert (log.account_id, log.freed_by_id, log.closed) == (holder.id, librarian.id, True)
    page = client.get(f"/applause/{shout.id}").get_data(as_text=True)
    assert "Dank voor de soep" in page and "Henk" not in page


def test_a_staff_account_without_e_mail_is_not_closed_at_the_desk(app, client, login_as, phone_user):
    """A librarian's own-number account without e-mail is never closed from the desk: an administrator decides."""
    colleague = phone_user(role="librarian", name="Collega")
    login_as("coordinator")
    response = free(client, colleague, close=True)
    assert response.status_code == 422 and "Vraag het aan een beheerder" in response.get_data(as_text=True)
    assert stored(app, colleague.id).phone == "+31612345678"


def test_only_the_desk_frees_numbers(app, client, login_as, phone_user):
    """A resident gets 403; a visitor is sent to log in; nothing changes."""
    holder = phone_user(email="holder@example.org")
    assert free(client, holder).status_code in (302, 303)
    login_as("resident")
    assert free(client, holder).status_code == 403
    assert stored(app, holder.id).phone == "+31612345678"


@pytest.mark.parametrize("path", ["/desk/password-codes/99999999999999999999/free-phone",
                                  "/desk/password-codes/0/free-phone", "/desk/password-codes/12345/free-phone",
                                  "/desk/password-codes/1%00/free-phone", "/desk/password-codes/1%0D%0A/free-phone"])
def test_bad_ids_at_the_desk_are_404(client, login_as, path):
    """Huge, unknown, NUL and CR/LF ids are not found (or refused as a bad request), never a 500."""
    login_as("librarian")
    assert client.post(path, data={"owner_checked": "y"}).status_code in (400, 404)


def test_freeing_twice_says_the_number_is_free_already(app, client, login_as, phone_user):
    """A second try (a colleague was quicker, a double tap) changes nothing more and says why."""
    holder = phone_user(email="holder@example.org")
    login_as("librarian")
    free(client, holder)
    again = free(client, holder)
    assert again.status_code == 303
    assert "Dit account heeft geen telefoonnummer." in client.get(again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PhoneRelease)) == 1
