"""Ending a collaboration ("samen met ..."): either side's carrier or a coordinator, after a confirmation; it leaves
both pages, the other side hears it in their language, and the pair may be invited again."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from tests.conftest import HX, mail_text, read_mails
from tests.initiatives.test_collaboration import text_of


@pytest.fixture
def together(app, make_group, make_user, make_task):
    """Koningsdag (carrier Hanna, member Ines who invited) works with Groen in de buurt (carrier Carla, who reads
    English, and member Piet) on a task; the invitation was accepted."""
    from portal.accounts.models import User
    from portal.initiatives import collaboration

    host_carrier, inviter = make_user(name="Hanna Drager"), make_user(name="Ines")
    carrier, plain = make_user(name="Carla Drager", language="en"), make_user(name="Piet")
    host = make_group("Koningsdag 2027", carriers=[host_carrier], members=[inviter])
    partner = make_group("Groen in de buurt", carriers=[carrier], members=[plain])
    task = make_task(host, title="Plantenbakken op het plein")
    with app.app_context():
        made = collaboration.invite(host.id, partner.id, "task", task.id, db.session.get(User, inviter.id))
        assert collaboration.answer(made.id, db.session.get(User, carrier.id), accept=True) == "accepted"
        collaboration_id = made.id
        from portal.mail.models import OutboxMail

        db.session.execute(OutboxMail.__table__.delete())  # the invitation's mail: not what these tests read
        db.session.commit()
    return {"host": host, "partner": partner, "task": task, "host_carrier": host_carrier, "inviter": inviter,
            "carrier": carrier, "plain": plain, "id": collaboration_id}


def stop_url(world, side=None) -> str:
    return f"/netwerk/samen/uitnodiging/{world['id']}/stoppen" + (f"?side={side}" if side else "")


def rows(app) -> int:
    from portal.initiatives.models import Collaboration

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Collaboration))


def outbox(app) -> list[tuple[str, str]]:
    """Return (recipient, subject) of the mails waiting in the outbox, in order."""
    from portal.mail.models import OutboxMail

    with app.app_context():
        return [(row.recipient, row.subject) for row in db.session.scalars(select(OutboxMail).order_by(OutboxMail.id))]


def test_the_host_carrier_confirms_and_it_leaves_both_pages(app, client, auth, together):
    """A confirmation page first (nothing changes on GET); after "yes" the work is gone from both initiatives'
    pages and the board, and the partner's carrier is told in English."""
    auth.login(together["host_carrier"])
    page = client.get(f"/netwerk/samen/{together['host'].id}").get_data(as_text=True)
    assert f"{stop_url(together)}?side={together['host'].id}" in page
    confirm = client.get(stop_url(together, together["host"].id))
    text = text_of(confirm)
    assert confirm.status_code == 200 and "Stoppen met samenwerken?" in text and "Groen in de buurt" in text
    assert confirm.get_data(as_text=True).split("<main", 1)[1].count("Stoppen met samenwerken?") == 1  # asked once
    fragment = client.get(stop_url(together, together["host"].id), headers={"HX-Request": "true"})
    assert "Stoppen met samenwerken?" in fragment.get_data(as_text=True)  # in the card: the question itself
    assert 'name="csrf_token"' in confirm.get_data(as_text=True) and rows(app) == 1
    response = client.post(stop_url(together), data={"side": str(together["host"].id)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/netwerk/samen/{together['host'].id}#work-title")
    assert "Jullie werken niet meer samen" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert rows(app) == 0
    for initiative in (together["host"], together["partner"]):
        shared = client.get(f"/netwerk/samen/{initiative.id}").get_data(as_text=True).split('id="invite"')[0]
        assert "Plantenbakken op het plein" not in shared and "Nog geen gedeeld werk" in shared
    assert "Samen met Groen in de buurt" not in text_of(client.get(f"/boards/{together['host'].id}"))
    assert outbox(app) == [(together["carrier"].email,
                            "Groen in de buurt and Koningsdag 2027 no longer work together")]
    (mail,) = read_mails(app)
    body = mail_text(mail)
    assert mail["To"] == together["carrier"].email
    assert "stopped working together on: A task: Plantenbakken op het plein" in body
    assert f"/netwerk/samen/{together['partner'].id}" in body


def test_the_partner_carrier_ends_it_and_the_host_side_hears_in_dutch(app, client, auth, together):
    """The invited side may end it too: the host's carrier and the member who invited are told, in Dutch."""
    auth.login(together["carrier"])
    assert client.post(stop_url(together), data={"side": str(together["partner"].id)}).status_code == 303
    assert sorted(outbox(app)) == sorted(
        (person.email, "Koningsdag 2027 en Groen in de buurt werken niet meer samen")
        for person in (together["host_carrier"], together["inviter"]))


def test_an_open_invitation_can_be_taken_back_and_sent_again(app, client, auth, together, make_task):
    """An invitation not answered yet can be withdrawn; the same pair may be invited to the same thing later
    (the unique rule of migration 0025 counts only rows that exist)."""
    from portal.initiatives.models import Collaboration

    with app.app_context():
        db.session.execute(Collaboration.__table__.update().values(status="open"))
        db.session.commit()
    auth.login(together["host_carrier"])
    assert client.post(stop_url(together)).status_code == 303 and rows(app) == 0
    again = client.post(f"/netwerk/samen/{together['host'].id}", data={
        "partner": str(together["partner"].id), "subject": f"task:{together['task'].id}", "note": "Toch wel?"})
    assert again.status_code == 303 and rows(app) == 1
    # the new invitation's mail goes out, even when SQLite gives the new row the old one's id
    assert [recipient for recipient, _subject in outbox(app)][-1] == together["carrier"].email


def test_with_htmx_the_question_and_the_answer_replace_the_card(app, client, auth, together):
    """htmx gets the confirmation as a card fragment, and after "yes" an empty card plus the message."""
    auth.login(together["host_carrier"])
    question = client.get(stop_url(together, together["host"].id), headers=HX)
    html = question.get_data(as_text=True)
    assert "<html" not in html and f'id="collaboration-{together["id"]}"' in html and "hx-post" in html
    assert "HX-Request" in question.headers["Vary"]
    answer = client.post(stop_url(together), data={"side": str(together["host"].id)}, headers=HX)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "<li" not in html and "Jullie werken niet meer samen" in html


@pytest.mark.parametrize("who", ["inviter", "plain", "outsider", "declined"])
def test_people_who_may_not_end_it_get_404(app, client, auth, make_user, together, who):
    """A plain member on either side, an outsider, and anyone once it was declined get 404, on the question and
    on the POST; nothing changes and no button shows."""
    from portal.initiatives.models import Collaboration

    person = make_user() if who == "outsider" else together["carrier"] if who == "declined" else together[who]
    if who == "declined":
        with app.app_context():
            db.session.execute(Collaboration.__table__.update().values(status="declined"))
            db.session.commit()
    auth.login(person)
    assert client.get(stop_url(together)).status_code == 404
    assert client.post(stop_url(together)).status_code == 404
    assert "/stoppen" not in client.get(f"/netwerk/samen/{together['host'].id}").get_data(as_text=True)
    assert rows(app) == 1 and outbox(app) == []


def test_visitors_log_in_and_a_coordinator_may(app, client, login_as, together):
    """A visitor is sent to log in; a coordinator who carries neither side ends it, and both sides hear it."""
    assert "/login" in client.get(stop_url(together)).headers["Location"]
    assert "/login" in client.post(stop_url(together)).headers["Location"] and rows(app) == 1
    login_as("coordinator")
    assert client.post(stop_url(together)).status_code == 303 and rows(app) == 0
    told = {recipient for recipient, _subject in outbox(app)}
    assert told == {together["carrier"].email, together["host_carrier"].email, together["inviter"].email}


def test_a_carrier_who_cannot_see_a_members_only_host_gets_404(app, client, auth, make_group, make_user, make_task):
    """The carrier of a public group invited by a members-only one they are no member of learns nothing: 404
    (the group's other carrier, a member of both, is the one who may answer)."""
    from portal.accounts.models import User
    from portal.initiatives import collaboration

    member, outsider, both = make_user(name="Mira"), make_user(name="Otto"), make_user(name="Bo")
    secret = make_group("Geheime Huurdersgroep", visibility="members", carriers=[member], members=[both])
    public = make_group("Open Buurttuin", carriers=[outsider, both])
    make_task(secret, title="Brief aan de verhuurder")
    with app.app_context():
        made = collaboration.invite(secret.id, public.id, "board", secret.id, db.session.get(User, member.id))
        collaboration_id = made.id
    auth.login(outsider)
    path = f"/netwerk/samen/uitnodiging/{collaboration_id}/stoppen"
    assert client.get(path).status_code == 404 and client.post(path).status_code == 404
    assert "Geheime" not in client.get(path).get_data(as_text=True)


def test_only_carriers_who_may_see_the_other_side_hear_of_it(app, make_group, make_user, make_task):
    """A members-only group works with a public one (a coordinator said yes for it): neither the invitation nor its
    end is mailed to the public group's carrier who is no member of the secret one; a carrier who is, hears both."""
    from portal.accounts.models import User
    from portal.initiatives import collaboration

    member, outsider, insider = make_user(name="Mira"), make_user(name="Otto"), make_user(name="Ilse")
    coordinator = make_user(name="Co", role="coordinator")
    secret = make_group("Geheime Huurdersgroep", visibility="members", carriers=[member], members=[insider])
    public = make_group("Open Buurttuin", carriers=[outsider, insider])
    make_task(secret, title="Brief aan de verhuurder")
    with app.test_request_context():
        made = collaboration.invite(secret.id, public.id, "board", secret.id, db.session.get(User, member.id))
        assert collaboration.answer(made.id, db.session.get(User, coordinator.id), accept=True) == "accepted"
        assert collaboration.withdraw(made.id, db.session.get(User, member.id))
    told = [recipient for recipient, _subject in outbox(app)]
    assert told == [insider.email, insider.email]


@pytest.mark.parametrize("path", ["/netwerk/samen/uitnodiging/99999999999999999999/stoppen",
                                  "/netwerk/samen/uitnodiging/2147483648/stoppen",
                                  "/netwerk/samen/uitnodiging/0/stoppen",
                                  "/netwerk/samen/uitnodiging/-1/stoppen"])
def test_huge_and_odd_ids_are_404(client, auth, together, path):
    """Ids the database cannot hold answer 404, never a 500."""
    auth.login(together["host_carrier"])
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404


@pytest.mark.parametrize("side", ["\x00", "1\r\nX-Evil: 1", "99999999999999999999", "abc", "-3"])
def test_a_hostile_side_is_ignored(app, client, auth, together, side):
    """A NUL, CR/LF or a huge number as the page to go back to is ignored: the host's page, never a 500."""
    auth.login(together["host_carrier"])
    assert client.get(stop_url(together), query_string={"side": side}).status_code == 200
    response = client.post(stop_url(together), data={"side": side})
    assert response.status_code == 303 and "X-Evil" not in response.headers
    assert response.headers["Location"].endswith(f"/netwerk/samen/{together['host'].id}#work-title")


def test_without_a_csrf_token_nothing_ends(app, client, auth, together):
    """The POST needs the form's token: without it, 400 and the collaboration stays."""
    auth.login(together["host_carrier"])
    assert client.post(stop_url(together), csrf=False).status_code == 400
    assert rows(app) == 1


def test_two_withdrawals_at_once_end_it_once(app, together, make_user):
    """Both carriers and a coordinator press "yes" at the same moment: one ends it, one set of mails goes out."""
    from portal.accounts.models import User
    from portal.initiatives import collaboration

    coordinator = make_user(role="coordinator")
    results = []

    def withdraw(user_id: int):
        with app.test_request_context():
            results.append(collaboration.withdraw(together["id"], db.session.get(User, user_id)))

    people = (together["host_carrier"], together["carrier"], coordinator) * 2
    threads = [threading.Thread(target=withdraw, args=(person.id,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True]
    assert rows(app) == 0
    recipients = [recipient for recipient, _subject in outbox(app)]
    assert len(recipients) == len(set(recipients)) >= 1


def test_a_second_tab_ending_it_again_gets_a_message_in_the_card(app, client, auth, together):
    """With htmx, "yes" in a second tab after the first ended it answers with the message in the card, not a whole
    404 page swapped into it; without htmx a gone collaboration stays a 404 like any unknown one."""
    auth.login(together["host_carrier"])
    form = {"side": str(together["host"].id)}
    assert client.post(stop_url(together), data=form, headers=HX).status_code == 200 and rows(app) == 0
    again = client.post(stop_url(together), data=form, headers=HX)
    html = again.get_data(as_text=True)
    assert again.status_code == 200 and "<html" not in html and "<header" not in html
    assert "Deze samenwerking is al gestopt." in html
    assert client.post(stop_url(together), data=form).status_code == 404
    assert client.post("/netwerk/samen/uitnodiging/99999999999/stoppen", data=form, headers=HX).status_code == 404


def test_the_confirmation_reads_only_the_collaboration_it_asks_about(app, client, auth, together, make_group,
                                                                     make_user, count_queries):
    """The confirmation page costs as many statements when the initiative shares a board and events with three
    more initiatives as when it shares this one task: it reads and describes only the collaboration asked about."""
    from datetime import timedelta

    from portal.accounts.models import User
    from portal.db import utcnow
    from portal.events.models import Event
    from portal.initiatives import collaboration

    auth.login(together["host_carrier"])
    path = stop_url(together, together["host"].id)

    def measure() -> int:
        client.get(path)  # warm up
        with count_queries() as statements:
            assert "Plantenbakken op het plein" in text_of(client.get(path))
        return len(statements)

    alone = measure()
    with app.app_context():
        start = utcnow() + timedelta(days=3)
        event = Event(initiative_id=together["host"].id, title="Straatfeest", start_at=start,
                      end_at=start + timedelta(hours=2), address="Bijlmerplein")
        db.session.add(event)
        db.session.commit()
        event_id = event.id
    for number in range(3):
        other = make_group(f"Buren {number}", carriers=[make_user()])
        with app.app_context():
            inviter = db.session.get(User, together["inviter"].id)
            collaboration.invite(together["host"].id, other.id, "board", together["host"].id, inviter)
            collaboration.invite(together["host"].id, other.id, "event", event_id, inviter)
    assert measure() == alone


def test_ending_a_hidden_collaboration_answers_as_for_one_that_is_gone(app, client, auth, make_group, make_user,
                                                                       make_task):
    """With htmx, "stop working together" on a collaboration of a members-only group the person may not see answers
    exactly as for an id that never existed ("ended already"), so the answer never counts hidden ones; nothing
    changes."""
    from portal.accounts.models import User
    from portal.initiatives import collaboration
    from portal.initiatives.collaboration import Collaboration

    member, both, outsider = make_user(name="Mira"), make_user(name="Bo"), make_user(name="Otto")
    secret = make_group("Geheime Huurdersgroep", visibility="members", carriers=[member], members=[both])
    public = make_group("Open Buurttuin", carriers=[both])
    make_task(secret, title="Brief aan de verhuurder")
    with app.app_context():
        made = collaboration.invite(secret.id, public.id, "board", secret.id, db.session.get(User, member.id))
        hidden_id = made.id
    auth.login(outsider)
    hx = {"HX-Request": "true"}
    hidden = client.post(f"/netwerk/samen/uitnodiging/{hidden_id}/stoppen", headers=hx)
    missing = client.post("/netwerk/samen/uitnodiging/99999/stoppen", headers=hx)
    assert hidden.status_code == missing.status_code == 200
    assert hidden.get_data(as_text=True) == missing.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Collaboration, hidden_id) is not None
