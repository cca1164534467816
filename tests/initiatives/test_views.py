"""Initiative pages: the page, start and edit, join and leave, roles, a message to the contact, photos, and the
old /boards addresses."""

import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal.accounts.models import User
from portal.extensions import db
from portal.initiatives import services
from portal.initiatives.models import Initiative, Membership
from portal.mail.models import OutboxMail
from tests.applause.test_views import image_bytes
from tests.conftest import HX, mail_text, read_mails

FIELDS = {"name": "Buurtmoestuin Gein", "purpose": "Samen groente kweken achter blok C.",
          "story": "Het begon met één bak.\n\nNu zijn het er twaalf.", "theme": "green", "status": "starting",
          "meets_when": "Zaterdag 10:00-12:00", "meets_where": "Achter blok C", "how_to_join": "visit",
          "visibility": "public"}


def _initiative(app, creator, visibility="public", contact=False, **fields):
    """Start an initiative as `creator` (its carrier), optionally with them as contact; return its id."""
    with app.app_context():
        person = db.session.get(User, creator.id)
        initiative = services.create(fields.pop("name", "Buurtmoestuin"), "", visibility, person,
                                     purpose="Samen groente kweken.", **fields)
        db.session.commit()
        if contact:
            services.become_contact(initiative.id, person)
        return initiative.id


def _join(app, initiative_id, person, role="member"):
    with app.app_context():
        db.session.add(Membership(initiative_id=initiative_id, user_id=person.id, role=role))
        db.session.commit()


def test_the_page_shows_what_it_is_when_where_and_who(app, client, make_user, make_task, make_shout):
    """Purpose, story, theme, status, meeting time and place, contact, members and the board and applause."""
    carrier = make_user(name="Sanne Bakker")
    initiative_id = _initiative(app, carrier, contact=True, theme="green", meets_when="Zaterdag 10:00",
                                meets_where="Moestuin", story="Ons verhaal.")
    with app.app_context():
        initiative = db.session.get(Initiative, initiative_id)
        db.session.expunge(initiative)
    make_task(initiative, title="Schoffelen")
    make_shout("Dank voor de tomaten", initiative=initiative)
    page = client.get(f"/initiatieven/{initiative_id}").get_data(as_text=True)
    for text in ("Samen groente kweken.", "Ons verhaal.", "Groen &amp; tuin", "Actief", "Zaterdag 10:00", "Moestuin",
                 "Sanne Bakker", "1 lid", "Schoffelen", "Dank voor de tomaten", 'id="join"'):
        assert text in page, text
    assert client.get(f"/initiatives/{initiative_id}").status_code == 200


def test_a_contact_who_hides_their_name_is_a_neighbour_to_visitors(app, client, make_user):
    """The contact's name goes through shown_name: someone who keeps their name out of public pages is not named."""
    carrier = make_user(name="Joyce Pinas", show_name_in_public=False)
    initiative_id = _initiative(app, carrier, contact=True)
    page = client.get(f"/initiatieven/{initiative_id}").get_data(as_text=True)
    assert "Joyce" not in page and "een buur" in page


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_a_members_only_initiative_is_404_for_outsiders(app, client, make_user, auth, who):
    """Members-only: the page, its edit, members and message pages answer 404 to people outside it."""
    carrier = make_user()
    initiative_id = _initiative(app, carrier, "members", contact=True, name="Huurdersgroep")
    if who == "outsider":
        auth.login(make_user())
    for path in (f"/initiatieven/{initiative_id}", f"/initiatives/{initiative_id}",
                 f"/initiatieven/{initiative_id}/bericht", f"/initiatieven/{initiative_id}/leden",
                 f"/initiatieven/{initiative_id}/bewerken"):
        response = client.get(path)
        expected = {404} if who == "outsider" else {404, 303}  # anonymous: log-in first where it is needed
        assert response.status_code in expected, path
        assert "Huurdersgroep" not in response.get_data(as_text=True)


def test_members_and_coordinators_see_a_members_only_initiative(app, client, make_user, auth):
    """A member and a coordinator get the page."""
    carrier, coordinator = make_user(), make_user(role="coordinator")
    initiative_id = _initiative(app, carrier, "members")
    for person in (carrier, coordinator):
        auth.login(person)
        assert client.get(f"/initiatieven/{initiative_id}").status_code == 200
        auth.logout()


def test_the_page_costs_the_same_queries_with_one_or_many_tasks_and_thanks(app, client, make_user, make_task,
                                                                           make_shout, login_as, count_queries):
    """A fixed number of queries, whatever the board and the applause hold."""
    viewer = login_as()
    initiative_id = _initiative(app, make_user(), contact=True)
    _join(app, initiative_id, viewer)
    with app.app_context():
        initiative = db.session.get(Initiative, initiative_id)
        db.session.expunge(initiative)
    make_task(initiative)
    make_shout(initiative=initiative)
    client.get(f"/initiatieven/{initiative_id}")
    with count_queries() as few:
        assert client.get(f"/initiatieven/{initiative_id}").status_code == 200
    for number in range(6):
        make_task(initiative, title=f"Klus {number}")
        make_shout(f"Dank {number}", initiative=initiative)
    with count_queries() as many:
        client.get(f"/initiatieven/{initiative_id}")
    assert len(few) == len(many) <= 16


def test_a_coordinator_starts_an_initiative_with_every_field(app, client, login_as):
    """The new-initiative form keeps every field; the coordinator carries it and is its contact when asked."""
    coordinator = login_as("coordinator")
    response = client.post("/initiatieven/nieuw", data={**FIELDS, "how_to_join": "message", "be_contact": "y"})
    assert response.status_code == 303
    with app.app_context():
        initiative = db.session.scalar(select(Initiative).where(Initiative.name == FIELDS["name"]))
        assert (initiative.purpose, initiative.theme, initiative.status, initiative.meets_where,
                initiative.how_to_join) == (FIELDS["purpose"], "green", "starting", "Achter blok C", "message")
        assert services.contact_of(initiative.id).id == coordinator.id
    assert response.headers["Location"].endswith(f"/initiatieven/{initiative.id}")


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"purpose": ""}, "purpose", "Vul dit in"),
    ({"purpose": "Wij tuinieren. Wij koken ook graag samen."}, "purpose", "één zin"),
    ({"purpose": "x" * 161}, "purpose", "160"),
    ({"how_to_join": "message"}, "how_to_join", "aanspreekpunt"),
    ({"name": ""}, "name", "Vul dit in"),
])
def test_bad_input_is_named_at_the_field_and_kept(app, client, login_as, change, field, message):
    """A wrong field gets a Dutch message beside it, what was typed stays, and nothing is stored."""
    login_as("coordinator")
    response = client.post("/initiatieven/nieuw", data={**FIELDS, **change})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in page and message in page
    assert "Achter blok C" in page
    with app.app_context():
        assert db.session.scalar(select(Initiative.id)) is None


def test_a_name_in_use_is_refused_at_the_field(app, client, login_as, make_user):
    """Two initiatives never share a name."""
    _initiative(app, make_user(), name=FIELDS["name"])
    login_as("coordinator")
    response = client.post("/initiatieven/nieuw", data=FIELDS)
    assert response.status_code == 422 and 'id="name-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["resident", "librarian"])
def test_only_coordinators_start_initiatives(client, login_as, role):
    """Residents and librarians get 403 on the new-initiative form."""
    login_as(role)
    assert client.get("/initiatieven/nieuw").status_code == 403
    assert client.post("/initiatieven/nieuw", data=FIELDS).status_code == 403


def test_a_carrier_edits_every_field_but_not_who_sees_it(app, client, auth, make_user):
    """A carrier saves the edit form; the visibility field is not theirs (a posted one is ignored)."""
    carrier = make_user()
    initiative_id = _initiative(app, carrier)
    auth.login(carrier)
    page = client.get(f"/initiatieven/{initiative_id}/bewerken").get_data(as_text=True)
    assert 'name="visibility"' not in page and 'name="story"' in page
    response = client.post(f"/initiatieven/{initiative_id}/bewerken",
                           data={**FIELDS, "status": "resting", "visibility": "members"})
    assert response.status_code == 303
    with app.app_context():
        initiative = db.session.get(Initiative, initiative_id)
        assert (initiative.name, initiative.status, initiative.visibility) == (FIELDS["name"], "resting", "public")


def test_members_may_not_edit(app, client, auth, make_user):
    """An ordinary member gets 403 on edit and role pages, and sees no edit link."""
    carrier, member = make_user(), make_user()
    initiative_id = _initiative(app, carrier)
    _join(app, initiative_id, member)
    auth.login(member)
    assert "/bewerken" not in client.get(f"/initiatieven/{initiative_id}").get_data(as_text=True)
    for path in (f"/initiatieven/{initiative_id}/bewerken", f"/initiatieven/{initiative_id}/leden"):
        assert client.get(path).status_code == 403
    assert client.post(f"/initiatieven/{initiative_id}/leden/{member.id}", data={"role": "carrier"}).status_code == 403


def test_join_and_leave_with_and_without_htmx(app, client, login_as, make_user):
    """Joining answers the join box with the message to htmx, a redirect back to the box to a plain form."""
    person = login_as()
    initiative_id = _initiative(app, make_user())
    response = client.post(f"/initiatieven/{initiative_id}/meedoen")
    assert response.status_code == 303 and response.headers["Location"].endswith("#join")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Welkom bij Buurtmoestuin" in page and "Ik doe niet meer mee" in page and "2 leden" in page
    response = client.post(f"/initiatieven/{initiative_id}/verlaten", headers=HX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and fragment.lstrip().startswith('<section class="card join-box" id="join"')
    assert "Doe mee met dit initiatief" in fragment and "1 lid" in fragment  # the count follows, too
    with app.app_context():
        assert services.role_of(initiative_id, db.session.get(User, person.id)) is None


def test_the_old_board_addresses_lead_to_the_new_pages(app, client, login_as, make_user):
    """/boards/new and /boards/<id>/join|leave answer 308 to their new address (a POST stays a POST)."""
    login_as("coordinator")
    initiative_id = _initiative(app, make_user())
    assert client.get("/boards/new").headers["Location"].endswith("/initiatieven/nieuw")
    response = client.post(f"/boards/{initiative_id}/join")
    assert response.status_code == 308
    assert response.headers["Location"].endswith(f"/initiatieven/{initiative_id}/meedoen")
    assert client.post(f"/boards/{initiative_id}/leave").headers["Location"].endswith("/verlaten")


def test_a_message_reaches_the_contact_through_the_outbox_without_showing_their_address(app, client, login_as,
                                                                                       make_user):
    """The form never shows the contact's address; the mail goes to them with the sender's address to answer."""
    contact = make_user(name="Kwame Mensah", email="kwame@example.org")
    initiative_id = _initiative(app, contact, contact=True, how_to_join="message")
    sender = login_as(name="Tomasz", email="tomasz@example.org")
    page = client.get(f"/initiatieven/{initiative_id}/bericht").get_data(as_text=True)
    assert "Kwame Mensah" in page and "kwame@example.org" not in page
    response = client.post(f"/initiatieven/{initiative_id}/bericht", data={"text": "Mag ik meeschrijven?"})
    assert response.status_code == 303
    for _tap in range(2):  # a double tap queues the same message once
        client.post(f"/initiatieven/{initiative_id}/bericht", data={"text": "Mag ik meeschrijven?"})
    with app.app_context():
        (mail,) = db.session.scalars(select(OutboxMail)).all()
    assert mail.recipient == "kwame@example.org"
    (sent,) = read_mails(app)
    body = mail_text(sent)
    assert sent["To"] == "kwame@example.org" and "Mag ik meeschrijven?" in body and sender.email in body
    assert "onderweg naar Kwame Mensah" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_no_contact_no_message_form(app, client, login_as, make_user):
    """Without a contact person the message page is 404, and the page offers no message button."""
    initiative_id = _initiative(app, make_user())
    login_as()
    assert client.get(f"/initiatieven/{initiative_id}/bericht").status_code == 404
    assert "/bericht" not in client.get(f"/initiatieven/{initiative_id}").get_data(as_text=True)


def test_a_carrier_hands_out_roles_and_becomes_the_contact(app, client, auth, make_user):
    """A carrier makes a member carrier; a carrier makes themselves contact; a member cannot."""
    carrier, member = make_user(), make_user(name="Bas")
    initiative_id = _initiative(app, carrier)
    _join(app, initiative_id, member)
    auth.login(member)
    assert client.post(f"/initiatieven/{initiative_id}/aanspreekpunt").status_code == 403
    auth.logout()
    auth.login(carrier)
    page = client.get(f"/initiatieven/{initiative_id}/leden").get_data(as_text=True)
    assert "Bas" in page and "Maak drager" in page
    response = client.post(f"/initiatieven/{initiative_id}/leden/{member.id}", data={"role": "carrier"})
    assert response.status_code == 303 and "De rol is veranderd" in client.get(response.headers["Location"]).get_data(
        as_text=True)
    assert client.post(f"/initiatieven/{initiative_id}/leden/{member.id}", data={"role": "contact"}).status_code == 400
    assert client.post(f"/initiatieven/{initiative_id}/leden/999999", data={"role": "carrier"}).status_code == 404
    client.post(f"/initiatieven/{initiative_id}/aanspreekpunt")
    with app.app_context():
        assert services.role_of(initiative_id, db.session.get(User, member.id)) == "carrier"
        assert services.contact_of(initiative_id).id == carrier.id


def test_a_photo_is_cleaned_stored_and_served(app, client, auth, make_user):
    """A photo on the edit form is re-encoded and served from the initiative's own address; a non-photo is named."""
    carrier = make_user()
    initiative_id = _initiative(app, carrier)
    auth.login(carrier)
    bad = client.post(f"/initiatieven/{initiative_id}/bewerken", content_type="multipart/form-data",
                      data={**FIELDS, "photo": (io.BytesIO(b"%PDF-1.4"), "x.jpg")})
    assert bad.status_code == 422 and 'id="photo-error"' in bad.get_data(as_text=True)
    response = client.post(f"/initiatieven/{initiative_id}/bewerken", content_type="multipart/form-data",
                           data={**FIELDS, "photo": (io.BytesIO(image_bytes(size=(900, 600))), "p.jpg")})
    assert response.status_code == 303
    with app.app_context():
        photo = db.session.get(Initiative, initiative_id).photo
    assert photo and f"/initiatieven/fotos/{photo}-s.jpg" in client.get(f"/initiatieven/{initiative_id}").get_data(
        as_text=True)
    served = client.get(f"/initiatieven/fotos/{photo}-s.jpg")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert client.get("/initiatieven/fotos/..%2Fsecret.jpg").status_code == 404
    client.post(f"/initiatieven/{initiative_id}/bewerken", data={**FIELDS, "remove_photo": "y"})
    assert client.get(f"/initiatieven/fotos/{photo}-s.jpg").status_code == 404


@pytest.mark.parametrize("path", ["/initiatieven/99999999999999999999", "/initiatieven/0", "/initiatives/-1",
                                  "/initiatieven/1%00", "/initiatieven/nieuw%0d%0a"])
def test_hostile_addresses_are_404(client, path):
    """Huge, zero, negative ids answer 404, control characters 400 or 404: never 500."""
    assert client.get(path).status_code in (400, 404)


def test_nul_and_line_breaks_in_the_form_give_no_500(app, client, login_as):
    """NUL bytes and CR/LF in one-line fields are cleaned or refused, never a server error."""
    login_as("coordinator")
    response = client.post("/initiatieven/nieuw", data={**FIELDS, "name": "Tuin\x00\r\nX", "meets_when": "a\x00b"})
    assert response.status_code in (303, 400, 422)


def test_an_older_initiatives_text_starts_its_story(app, client, login_as, make_initiative):
    """An initiative from before the story field offers its old description as the story to edit."""
    initiative = make_initiative("Buurtkrant")
    with app.app_context():
        db.session.get(Initiative, initiative.id).description = "Vier keer per jaar een krant."
        db.session.commit()
    login_as("coordinator")
    form = client.get(f"/initiatieven/{initiative.id}/bewerken").get_data(as_text=True)
    assert "Vier keer per jaar een krant.</textarea>" in form and 'name="be_contact"' not in form


def test_joining_from_the_board_goes_back_to_the_board(app, client, login_as, make_user):
    """The board's join button comes back to the board, with the welcome on it; a foreign `next` is ignored."""
    initiative_id = _initiative(app, make_user())
    login_as()
    response = client.post(f"/initiatieven/{initiative_id}/meedoen", data={"next": f"/boards/{initiative_id}"})
    assert response.headers["Location"].endswith(f"/boards/{initiative_id}#join")
    assert "Welkom bij Buurtmoestuin" in client.get(f"/boards/{initiative_id}").get_data(as_text=True)
    response = client.post(f"/initiatieven/{initiative_id}/verlaten", data={"next": "https://evil.example/"})
    assert response.headers["Location"].endswith(f"/initiatieven/{initiative_id}#join")


def test_a_photo_is_served_only_to_who_may_see_its_initiative(app, client, auth, login_as, make_user):
    """Members-only, the group's photo is 404 for visitors and outsiders (and private for members); the photo
    address serves no other feature's photo by its name."""
    from portal import photos
    from portal.extensions import db as database

    carrier = make_user()
    initiative_id = _initiative(app, carrier)
    auth.login(carrier)
    client.post(f"/initiatieven/{initiative_id}/bewerken", content_type="multipart/form-data",
                data={**FIELDS, "photo": (io.BytesIO(image_bytes(size=(900, 600))), "p.jpg")})
    with app.test_request_context():
        initiative = database.session.get(Initiative, initiative_id)
        photo = initiative.photo
        initiative.visibility = "members"
        other = photos.store_upload(FileStorage(io.BytesIO(image_bytes()), "x.jpg", content_type="image/jpeg"),
                                    carrier.id)
        database.session.commit()
    served = client.get(f"/initiatieven/fotos/{photo}-s.jpg")
    assert served.status_code == 200 and "public" not in served.headers["Cache-Control"]
    assert client.get(f"/initiatieven/fotos/{other.name}.jpg").status_code == 404
    auth.logout()
    assert client.get(f"/initiatieven/fotos/{photo}-s.jpg").status_code == 404
    login_as()
    assert client.get(f"/initiatieven/fotos/{photo}.jpg").status_code == 404
