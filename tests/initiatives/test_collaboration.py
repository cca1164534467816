"""Working together across initiatives: invite, answer, "samen met ..." on both sides, and who sees it."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from tests.conftest import HX, mail_text, read_mails
from tests.initiatives.test_network import page_of


@pytest.fixture
def pair(make_group, make_user, make_task):
    """Koningsdag (with a member and a task) and Groen in de buurt (with a carrier and a plain member)."""
    inviter, carrier, plain = make_user(name="Ines"), make_user(name="Carla Drager"), make_user(name="Piet")
    host = make_group("Koningsdag 2027", members=[inviter])
    partner = make_group("Groen in de buurt", carriers=[carrier], members=[plain])
    task = make_task(host, title="Plantenbakken op het plein")
    return {"host": host, "partner": partner, "task": task, "inviter": inviter, "carrier": carrier, "plain": plain}


def invite(client, pair, subject: str | None = None, note: str = "Helpen jullie mee?"):
    """Post the invitation form of the host initiative."""
    return client.post(f"/netwerk/samen/{pair['host'].id}", data={
        "partner": str(pair["partner"].id), "subject": subject or f"task:{pair['task'].id}", "note": note})


def text_of(response) -> str:
    """Return a page's text without tags, its white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def section_titles(app, initiative_id: int, user_id: int) -> list[str]:
    """Return the shared work that the section on an initiative's own page lists, for this person."""
    from portal.accounts.models import User
    from portal.core.registry import initiative_sections
    from portal.initiatives.models import Initiative

    with app.test_request_context():
        sections = dict(initiative_sections(db.session.get(Initiative, initiative_id), db.session.get(User, user_id)))
        return [item.title for item in sections["initiatives/_together_section.html"]["work"]]


def only_collaboration_id(app) -> int:
    from portal.initiatives.collaboration import Collaboration

    with app.app_context():
        return db.session.scalar(select(Collaboration.id))


def test_a_member_invites_and_the_carrier_accepts(app, client, auth, pair):
    """The invitation waits on the carrier's home page; after "yes" both pages and the task say "samen met"."""
    auth.login(pair["inviter"])
    form = client.get(f"/netwerk/samen/{pair['host'].id}").get_data(as_text=True)
    assert "Plantenbakken op het plein" in form and "Groen in de buurt" in form
    response = invite(client, pair)
    assert response.status_code == 303
    assert "Uitnodiging verstuurd" in client.get(response.headers["Location"]).get_data(as_text=True)
    mails = read_mails(app)
    assert [mail["To"] for mail in mails] == [pair["carrier"].email]  # the carrier, not the plain member
    assert "Koningsdag 2027 nodigt Groen in de buurt uit" in mails[0]["Subject"]
    body = mail_text(mails[0])
    assert "Helpen jullie mee?" in body and f"/netwerk/samen/{pair['partner'].id}#collaboration-" in body
    auth.logout()
    auth.login(pair["carrier"])
    home = client.get("/").get_data(as_text=True)
    assert "Koningsdag 2027 nodigt Groen in de buurt uit" in home and "Helpen jullie mee?" in home
    answer = client.post(f"/netwerk/samen/uitnodiging/{only_collaboration_id(app)}",
                         data={"answer": "yes", "next": "/"})
    assert answer.status_code == 303
    assert "Jullie werken nu samen" in client.get("/").get_data(as_text=True)
    assert "Samen met Groen in de buurt" in text_of(client.get(f"/boards/{pair['host'].id}"))
    for initiative, other in ((pair["host"], "Groen in de buurt"), (pair["partner"], "Koningsdag 2027")):
        page = text_of(client.get(f"/netwerk/samen/{initiative.id}"))
        assert "Plantenbakken op het plein" in page and other in page and "Samen bezig" in page, initiative.name
        assert section_titles(app, initiative.id, pair["carrier"].id) == ["Plantenbakken op het plein"]
        own_page = text_of(client.get(page_of(app, initiative.id)))
        assert "Samen met anderen" in own_page and "Plantenbakken op het plein" in own_page, initiative.name
    cards = client.get("/netwerk").get_data(as_text=True)
    assert cards.count("Samen met") >= 2


def test_a_shared_board_shows_the_partner_on_every_task(app, client, auth, pair, make_task):
    """Sharing the whole board puts "samen met" on the board and on each of its tasks."""
    make_task(pair["host"], title="Muziek regelen")
    auth.login(pair["inviter"])
    invite(client, pair, subject=f"board:{pair['host'].id}")
    auth.logout()
    auth.login(pair["carrier"])
    client.post(f"/netwerk/samen/uitnodiging/{only_collaboration_id(app)}", data={"answer": "yes"})
    board = text_of(client.get(f"/boards/{pair['host'].id}"))
    assert board.count("Samen met Groen in de buurt") == 3  # the board and its two tasks


def test_one_pair_is_invited_once(app, client, auth, pair):
    """A second invitation to the same thing shows a message at the field, keeps the note and stores nothing."""
    from portal.initiatives.collaboration import Collaboration

    auth.login(pair["inviter"])
    invite(client, pair)
    again = invite(client, pair, note="Nog een keer")
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and "al uitgenodigd" in page and 'value="Nog een keer"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Collaboration)) == 1


def test_the_database_refuses_a_second_invitation_of_the_same_pair(app, pair):
    """The unique constraint holds even when the Python check is skipped."""
    from portal.initiatives.collaboration import Collaboration

    with app.app_context():
        row = {"initiative_id": pair["host"].id, "partner_id": pair["partner"].id, "kind": "task",
               "subject_id": pair["task"].id, "note": "", "status": "open"}
        db.session.add(Collaboration(**row))
        db.session.commit()
        db.session.add(Collaboration(**row))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_two_invitations_at_once_make_one(app, pair):
    """Many simultaneous invitations of one pair to one thing store exactly one row."""
    from portal.accounts.models import User
    from portal.initiatives import collaboration

    results = []

    def send():
        with app.app_context():
            try:
                collaboration.invite(pair["host"].id, pair["partner"].id, "task", pair["task"].id,
                                     db.session.get(User, pair["inviter"].id))
                results.append("made")
            except collaboration.AlreadyInvited:
                results.append("already")

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["already"] * 7 + ["made"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(collaboration.Collaboration)) == 1


def test_only_the_carrier_or_a_coordinator_answers(app, client, auth, login_as, pair):
    """A plain member of the invited initiative gets 403; a second answer says it was answered already."""
    auth.login(pair["inviter"])
    invite(client, pair)
    auth.logout()
    collaboration_id = only_collaboration_id(app)
    auth.login(pair["plain"])
    assert client.post(f"/netwerk/samen/uitnodiging/{collaboration_id}", data={"answer": "yes"}).status_code == 403
    assert "nodigt" not in client.get("/").get_data(as_text=True)
    auth.logout()
    login_as("coordinator")
    first = client.post(f"/netwerk/samen/uitnodiging/{collaboration_id}", data={"answer": "no"}, headers=HX)
    assert "<html" not in first.get_data(as_text=True) and "Nu niet" in first.get_data(as_text=True)
    second = client.post(f"/netwerk/samen/uitnodiging/{collaboration_id}", data={"answer": "yes"}, headers=HX)
    assert "al beantwoord" in second.get_data(as_text=True)


def test_outsiders_cannot_invite_and_visitors_must_log_in(client, login_as, pair):
    """A resident who is not a member sees no form and gets 403; a visitor is sent to log in."""
    assert client.get(f"/netwerk/samen/{pair['host'].id}").status_code in (302, 303)
    login_as()
    assert "<form method=\"post\" action=\"/netwerk/samen" not in client.get(
        f"/netwerk/samen/{pair['host'].id}").get_data(as_text=True)
    assert invite(client, pair).status_code == 403


def test_a_members_only_partner_never_shows_to_outsiders(app, client, auth, login_as, make_group, make_user,
                                                         make_task):
    """A public initiative working with a members-only one shows no partner to outsiders; members see it."""
    from portal.accounts.models import User
    from portal.initiatives import collaboration

    member = make_user(name="Mira")
    public = make_group("Open Buurttuin", members=[member])
    secret = make_group("Geheime Huurdersgroep", visibility="members", carriers=[member])
    task = make_task(public, title="Schuur opruimen")
    with app.app_context():
        person = db.session.get(User, member.id)
        made = collaboration.invite(public.id, secret.id, "task", task.id, person)
        assert collaboration.answer(made.id, person, accept=True) == "accepted"
        collaboration_id = made.id
    for who in ("visitor", "resident"):
        if who == "resident":
            login_as()
        for path in ("/netwerk", f"/boards/{public.id}", page_of(app, public.id), "/netwerk/print",
                     f"/netwerk/samen/{public.id}"):
            page = client.get(path).get_data(as_text=True)
            assert "Geheime Huurdersgroep" not in page, (who, path)
        assert client.post(f"/netwerk/samen/uitnodiging/{collaboration_id}",
                           data={"answer": "no"}).status_code in (302, 303, 404)
    auth.logout()
    auth.login(member)
    assert "Geheime Huurdersgroep" in client.get(f"/boards/{public.id}").get_data(as_text=True)


def test_two_answers_at_once_count_once(app, pair, make_user):
    """A carrier says yes while a coordinator says no at the same moment: one answer counts, the other hears
    it was answered already."""
    from portal.accounts.models import User
    from portal.initiatives import collaboration

    coordinator = make_user(role="coordinator")
    with app.app_context():
        made = collaboration.invite(pair["host"].id, pair["partner"].id, "task", pair["task"].id,
                                    db.session.get(User, pair["inviter"].id))
        collaboration_id = made.id
    results = []

    def answer(user_id: int, accept: bool):
        with app.test_request_context():  # a role check asks whether the request comes from a kiosk
            results.append(collaboration.answer(collaboration_id, db.session.get(User, user_id), accept))

    threads = [threading.Thread(target=answer, args=(person.id, accept))
               for person, accept in ((pair["carrier"], True), (coordinator, False)) * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("gone") == 5 and len(results) == 6
    with app.app_context():
        row = db.session.get(collaboration.Collaboration, collaboration_id)
        assert [result for result in results if result != "gone"] == [row.status]


def test_a_members_only_initiative_inviting_an_outsider_group_stays_unknown_to_its_carrier(
        app, client, auth, make_group, make_user, make_task):
    """The public group's carrier, no member of the members-only one, gets no mail and sees no invitation; a
    carrier who is a member of both does."""
    from portal.accounts.models import User
    from portal.initiatives import collaboration

    secret_member, outsider, both = make_user(name="Mira"), make_user(name="Otto"), make_user(name="Bo")
    secret = make_group("Geheime Huurdersgroep", visibility="members", members=[secret_member, both])
    public = make_group("Open Buurttuin", carriers=[outsider, both])
    make_task(secret, title="Brief aan de verhuurder")
    with app.app_context():
        collaboration.invite(secret.id, public.id, "board", secret.id, db.session.get(User, secret_member.id),
                             "Helpen jullie met de brief?")
        from portal.mail.models import OutboxMail

        assert list(db.session.scalars(select(OutboxMail.recipient))) == [both.email]  # queued, sent later
    auth.login(outsider)
    assert "Geheime Huurdersgroep" not in client.get("/").get_data(as_text=True)
    assert "Geheime Huurdersgroep" not in client.get(f"/netwerk/samen/{public.id}").get_data(as_text=True)
    auth.logout()
    auth.login(both)
    assert "Geheime Huurdersgroep nodigt Open Buurttuin uit" in client.get("/").get_data(as_text=True)


def test_the_contact_person_who_carries_alone_answers_the_invitation(app, client, auth, pair):
    """A carrier who became the contact person still carries: they see the invitation at home and answer it."""
    from portal.initiatives import services

    auth.login(pair["inviter"])
    invite(client, pair)
    auth.logout()
    with app.app_context():
        assert services.become_contact(pair["partner"].id, pair["carrier"])
    collaboration_id = only_collaboration_id(app)
    auth.login(pair["carrier"])
    assert "Plantenbakken op het plein" in client.get("/").get_data(as_text=True)
    answered = client.post(f"/netwerk/samen/uitnodiging/{collaboration_id}", data={"answer": "yes"})
    assert answered.status_code == 303
    assert "Plantenbakken op het plein" in section_titles(app, pair["partner"].id, pair["carrier"].id)


def test_a_members_only_initiative_cannot_invite_a_group_none_of_whose_carriers_may_see_it(
        app, client, auth, make_group, make_user, make_task):
    """Nobody who answers for the public group may see the members-only one: the invitation would wait for ever,
    so it is refused at the field with what to do, what was typed is kept, and nothing is stored or mailed."""
    from portal.initiatives.collaboration import Collaboration
    from portal.mail.models import OutboxMail

    secret_member, outsider = make_user(name="Mira"), make_user(name="Otto")
    secret = make_group("Geheime Huurdersgroep", visibility="members", members=[secret_member])
    public = make_group("Open Buurttuin", carriers=[outsider])
    make_task(secret, title="Brief aan de verhuurder")
    auth.login(secret_member)
    response = client.post(f"/netwerk/samen/{secret.id}", data={
        "partner": str(public.id), "subject": f"board:{secret.id}", "note": "Helpen jullie met de brief?"})
    page = response.get_data(as_text=True)
    assert response.status_code != 303 and 'id="partner-error"' in page
    assert "niemand daar kan je uitnodiging zien" in page and 'value="Helpen jullie met de brief?"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Collaboration)) == 0
        assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0
