"""The load guard acts: a coordinator asks a member to take over a task; accepting moves the place, once."""

import re
from datetime import date

from sqlalchemy import select, update

from portal.accounts.models import User
from portal.boards import services
from portal.boards.models import Claim, TakeoverRequest, Task
from portal.db import write_transaction
from portal.extensions import db
from portal.mail.models import OutboxMail
from tests.applause.test_services import run_at_once
from tests.conftest import mail_text, read_mails


def ask_rosa(app, overloaded_member) -> int:
    """Ask Rosa to take Fatima's task over (Fatima asks for herself here) and return the question's id."""
    task, fatima, rosa = overloaded_member
    with app.app_context():
        request = services.ask_takeover(task, fatima, db.session.get(User, rosa.id), db.session.get(User, fatima.id))
        db.session.commit()
        return request.id


def test_names_on_the_load_guard_lead_to_their_tasks_and_a_question(app, client, login_as, auth, overloaded_member):
    """The load page links each name to their tasks; asking offers the task to the suggested member, who accepts."""
    task, fatima, rosa = overloaded_member
    login_as("coordinator")
    load = client.get("/boards/load").get_data(as_text=True)
    assert f'href="/boards/people/{fatima.id}/tasks"' in load and "vraag of iemand wil overnemen" in load
    page = client.get(f"/boards/people/{fatima.id}/tasks").get_data(as_text=True)
    assert "Subsidie schrijven" in page and "Vraag of Rosa het wil overnemen" in page
    client.post(f"/boards/people/{fatima.id}/tasks/{task.id}/ask")
    auth.logout()
    auth.login(rosa)
    home = client.get("/").get_data(as_text=True)
    assert "Wil jij dit overnemen?" in home and "Subsidie schrijven" in home
    request_id = re.search(r"/takeovers/(\d+)/accept", home).group(1)
    client.post(f"/takeovers/{request_id}/accept")
    with app.app_context():
        assert db.session.scalars(select(Claim.user_id)).all() == [rosa.id]
    assert "Mijn klussen" in client.get("/").get_data(as_text=True)


def test_declining_leaves_the_task_where_it_was(app, client, auth, overloaded_member):
    """"No, rather not" closes the question; the place stays with the first person."""
    task, fatima, rosa = overloaded_member
    request_id = ask_rosa(app, overloaded_member)
    auth.login(rosa)
    client.post(f"/takeovers/{request_id}/decline")
    with app.app_context():
        assert db.session.scalars(select(Claim.user_id)).all() == [fatima.id]
        assert db.session.get(TakeoverRequest, request_id).status == "declined"
    assert "Wil jij dit overnemen?" not in client.get("/").get_data(as_text=True)


def test_only_the_person_asked_can_answer_and_residents_cannot_ask(app, client, login_as, overloaded_member):
    """Someone else's accept changes nothing; the people pages are for coordinators only."""
    task, fatima, rosa = overloaded_member
    request_id = ask_rosa(app, overloaded_member)
    login_as()
    client.post(f"/takeovers/{request_id}/accept")
    assert client.get(f"/boards/people/{fatima.id}/tasks").status_code == 403
    assert client.post(f"/boards/people/{fatima.id}/tasks/{task.id}/ask").status_code == 403
    with app.app_context():
        assert db.session.scalars(select(Claim.user_id)).all() == [fatima.id]


def test_accepting_while_the_place_is_handed_back_moves_nothing_twice(app, overloaded_member):
    """Many accepts at once, and the first person handing back at the same time: at most one move, no lost place."""
    task, fatima, rosa = overloaded_member
    request_id = ask_rosa(app, overloaded_member)
    results = []

    def act(number):
        if number == 0:
            results.append(("hand back", services.hand_back(task.id, db.session.get(User, fatima.id))))
        else:
            results.append(("accept", services.answer_takeover(request_id, db.session.get(User, rosa.id), True)))

    assert run_at_once(app, act, range(8)) == []
    accepted = [result for kind, result in results if kind == "accept" and result == "accepted"]
    handed_back = [result for kind, result in results if kind == "hand back" and result]
    assert len(accepted) <= 1 and len(accepted) + len(handed_back) == 1
    with app.app_context():
        claims = db.session.scalars(select(Claim.user_id)).all()
        taken = db.session.get(type(task), task.id).places_taken
    assert claims == ([rosa.id] if accepted else []) and taken == len(claims)


def test_the_member_asked_gets_a_mail_with_a_link_to_say_yes(app, client, make_user, auth, overloaded_member):
    """Asking queues a mail in the member's language; its link opens the question for her, for nobody else."""
    task, fatima, rosa = overloaded_member
    with app.app_context():
        db.session.execute(update(User).where(User.id == rosa.id).values(language="en"))
        db.session.commit()
    auth.login(make_user(role="coordinator"))
    page = client.post(f"/boards/people/{fatima.id}/tasks/{task.id}/ask", follow_redirects=True)
    assert "Die krijgt een e-mail" in page.get_data(as_text=True)
    [mail] = read_mails(app)
    assert mail["To"] == rosa.email and mail["Subject"] == "Will you take this over? Subsidie schrijven"
    with app.app_context():
        request_id = db.session.scalar(select(TakeoverRequest.id))
    link = f"{app.config['PUBLIC_URL'].rstrip('/')}/takeovers/{request_id}"
    assert link in mail_text(mail) and "Fatima" in mail_text(mail)
    assert client.get(f"/takeovers/{request_id}").status_code == 404  # the coordinator is not the one asked
    auth.logout()
    assert client.get(f"/takeovers/{request_id}").status_code in (302, 303)
    auth.login(rosa)
    page = client.get(f"/takeovers/{request_id}").get_data(as_text=True)
    assert "<h1>" in page and "Subsidie schrijven" in page and f"/takeovers/{request_id}/accept" in page
    client.post(f"/takeovers/{request_id}/accept", data={"next": "/"})
    assert "/accept" not in client.get(f"/takeovers/{request_id}").get_data(as_text=True)
    assert client.get("/takeovers/99999999999").status_code == 404


def test_asking_twice_asks_once_and_the_page_says_who_was_asked(app, client, login_as, overloaded_member):
    """A second tap on "ask" queues no second question or mail; the page says whom we wait for instead."""
    task, fatima, rosa = overloaded_member
    login_as("coordinator")
    client.post(f"/boards/people/{fatima.id}/tasks/{task.id}/ask")
    page = client.post(f"/boards/people/{fatima.id}/tasks/{task.id}/ask", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Er is al iemand gevraagd" in text and "Rosa is gevraagd om het over te nemen" in text
    assert "Vraag of Rosa het wil overnemen" not in text
    assert len(read_mails(app)) == 1
    with app.app_context():
        assert db.session.scalars(select(TakeoverRequest.status)).all() == ["open"]


def test_the_database_keeps_one_open_question_per_place(app, overloaded_member):
    """Many coordinators asking at the same moment: one open question, one mail (the unique index decides)."""
    task, fatima, rosa = overloaded_member

    def act(_number):
        with write_transaction(db.session):  # as a POST runs: one serialised transaction on SQLite
            services.ask_takeover(db.session.get(type(task), task.id), db.session.get(User, fatima.id),
                                  db.session.get(User, rosa.id), db.session.get(User, fatima.id))

    assert run_at_once(app, act, range(6)) == []
    with app.app_context():
        assert db.session.scalars(select(TakeoverRequest.status)).all() == ["open"]
        asked = select(OutboxMail.key).where(OutboxMail.key.startswith("takeover-asked:"))
        assert len(db.session.scalars(asked).all()) == 1


def test_someone_who_said_no_is_not_suggested_again(app, client, login_as, auth, overloaded_member, make_user):
    """After Rosa declines, the page offers the next member, not Rosa again (or says nobody has room)."""
    task, fatima, rosa = overloaded_member
    request_id = ask_rosa(app, overloaded_member)
    auth.login(rosa)
    client.post(f"/takeovers/{request_id}/decline")
    auth.logout()
    login_as("coordinator")
    page = client.get(f"/boards/people/{fatima.id}/tasks").get_data(as_text=True)
    assert "Vraag of Rosa het wil overnemen" not in page and "Niemand in dit initiatief heeft nu tijd." in page


def test_the_question_says_when_the_task_is_due_in_a_sentence(app, client, auth, overloaded_member):
    """The question reads "... overnemen? Het moet klaar zijn op dinsdag 15 december.", not "? klaar op di"."""
    task, fatima, rosa = overloaded_member
    with app.app_context():
        db.session.execute(update(Task).where(Task.id == task.id).values(due_date=date(2026, 12, 15)))
        db.session.commit()
    request_id = ask_rosa(app, overloaded_member)
    auth.login(rosa)
    for path in ("/", f"/takeovers/{request_id}"):
        page = client.get(path).get_data(as_text=True)
        assert "overnemen? Het moet klaar zijn op dinsdag 15 december." in page, path


def test_whoever_asked_hears_the_answer(app, client, make_user, auth, overloaded_member):
    """A coordinator asks Rosa to take Fatima's task over: after "no" the coordinator gets a mail with the way to
    ask someone else; after "yes" the coordinator and Fatima (whose task it was) each get one, in their language;
    Rosa, who answered, gets none."""
    task, fatima, rosa = overloaded_member
    coordinator = make_user(role="coordinator", name="Mehmet", language="en")
    with app.app_context():
        asked = services.ask_takeover(task, fatima, db.session.get(User, rosa.id), db.session.get(User, coordinator.id))
        db.session.commit()
        first = asked.id
    auth.login(rosa)
    assert "zodat die iemand anders kan vragen" in client.post(f"/takeovers/{first}/decline",
                                                              follow_redirects=True).get_data(as_text=True)
    mails = [mail for mail in read_mails(app) if "Will you take" not in mail["Subject"]
             and "Wil jij" not in mail["Subject"]]
    assert [(mail["To"], mail["Subject"]) for mail in mails] == [(coordinator.email, "No: Subsidie schrijven")]
    assert "Rosa cannot take over" in mail_text(mails[0]) and "/boards/load" in mail_text(mails[0])
    with app.app_context():
        again = services.ask_takeover(task, fatima, db.session.get(User, rosa.id),
                                      db.session.get(User, coordinator.id))
        db.session.commit()
        second = again.id
    client.post(f"/takeovers/{second}/accept")
    answers = sorted((mail["To"], mail["Subject"]) for mail in read_mails(app) if mail["Subject"].startswith(
        ("Yes", "Ja")))
    assert answers == sorted([(coordinator.email, "Yes: Subsidie schrijven"), (fatima.email, "Ja: Subsidie schrijven")])
    assert all(mail["To"] != rosa.email for mail in read_mails(app) if mail["Subject"].startswith(("Yes", "Ja", "No")))
