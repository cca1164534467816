"""Names are looked up when a page is shown, never copied into text: choices, deletion and walk-ins count."""

from __future__ import annotations

import re

from sqlalchemy import select, text

from portal.applause.models import Shout, ShoutThanks
from portal.extensions import db
from tests.conftest import PASSWORD

TITLE = "Tafels klaarzetten in de grote zaal"
PUBLIC_PATHS = ("/", "/applause", "/applause/feed.atom", "/applause/print", "/kiosk/applause")


def finish_with_three(app, make_user, make_task):
    """Let Anna (named), Shy (opted out) and a walk-in do a task, and a coordinator close it."""
    from portal.boards import services as boards

    anna = make_user(name="Anna Named")
    shy = make_user(name="Shy Optedout", show_name_in_public=False)
    librarian = make_user(role="librarian", name="Lib Rarian")
    task = make_task(title=TITLE, places_needed=3)
    coordinator = make_user(role="coordinator", name="Coco Ordinator")
    with app.test_request_context():
        boards.claim(task.id, db.session.merge(anna))
        boards.claim(task.id, db.session.merge(shy))
        boards.claim(task.id, None, walkin_name="Meneer Walkin", recorded_by=db.session.merge(librarian))
        boards.finish(task.id, db.session.merge(coordinator), whole=True)
    return anna, shy, librarian, task


def stored_shout(app) -> tuple[dict, list]:
    with app.app_context():
        row = db.session.execute(text("SELECT * FROM shouts WHERE automatic IS NOT NULL")).mappings().one()
        thanks = db.session.scalars(select(ShoutThanks.user_id).order_by(ShoutThanks.id)).all()
        return dict(row), list(thanks)


def test_a_finished_task_stores_people_not_names(app, make_user, make_task):
    """The automatic shout-out stores its kind, the task's id and who did it as rows: no name, no title, no
    sentence."""
    anna, shy, _librarian, task = finish_with_three(app, make_user, make_task)
    row, thanks = stored_shout(app)
    assert row["automatic"] == "task" and row["subject_id"] == task.id and row["text"] == ""
    assert TITLE not in " ".join(str(value) for value in row.values())
    assert row["thanked_name"] is None and row["thanked_user_id"] is None
    stored = " ".join(str(value) for value in row.values())
    assert "Anna" not in stored and "Shy" not in stored and "Walkin" not in stored and "Klus" not in stored
    assert thanks == [anna.id, shy.id, None]


def test_public_views_name_only_who_chose_to_be_named(app, client, make_user, make_task, login_as):
    """Everywhere public, the opted-out doer and the walk-in are "a neighbour"; a logged-in neighbour sees Shy."""
    finish_with_three(app, make_user, make_task)
    with app.app_context():
        shout_id = db.session.scalar(select(Shout.id))
    for path in (*PUBLIC_PATHS, f"/applause/{shout_id}"):
        page = client.get(path).get_data(as_text=True)
        assert "Anna Named" in page and TITLE in page, path
        assert "Shy Optedout" not in page and "Walkin" not in page, path
        assert "2 buurtbewoners" in page, path
    login_as()
    page = client.get(f"/applause/{shout_id}").get_data(as_text=True)
    assert "Anna Named" in page and "Shy Optedout" in page and "Walkin" not in page
    for path in ("/applause/feed.atom", "/applause/print", "/kiosk/applause"):  # public surfaces stay public
        assert "Shy Optedout" not in client.get(path).get_data(as_text=True), path


def test_the_sentence_is_written_in_the_readers_language(app, client, make_user, make_task):
    """The automatic shout-out reads "Klus geklaard" in Dutch and "Job done" in English, from the same row."""
    finish_with_three(app, make_user, make_task)
    assert f"Klus geklaard: {TITLE}" in client.get("/applause").get_data(as_text=True)
    client.get("/language/en")
    english = client.get("/applause").get_data(as_text=True)
    assert f"Job done: {TITLE}" in english and "Klus geklaard" not in english
    assert "Thank you, Anna Named and 2 neighbours!" in english
    assert f"Job done: {TITLE}" in client.get("/applause/feed.atom").get_data(as_text=True)


def test_a_changed_choice_and_a_deleted_account_count_at_once(app, client, make_user, make_task, auth):
    """Opting out later, or deleting the account, turns an old shout-out's name into "a neighbour"."""
    anna, _shy, _librarian, _task = finish_with_three(app, make_user, make_task)
    auth.login(anna)
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code in (200, 303)
    page = client.get("/applause").get_data(as_text=True)
    assert "Anna Named" not in page and "3 buurtbewoners" in page


def test_a_doer_takes_their_name_off_an_automatic_shout(app, client, make_user, make_task, auth):
    """A person thanked by a finished task can take their own name off it, like any thanked person."""
    anna, _shy, _librarian, _task = finish_with_three(app, make_user, make_task)
    with app.app_context():
        shout_id = db.session.scalar(select(Shout.id))
    auth.login(anna)
    assert "Haal mijn naam weg" in client.get(f"/applause/{shout_id}").get_data(as_text=True)
    assert "Anna Named" in client.get("/account").get_data(as_text=True)  # the thanks show on her account page
    assert client.post(f"/applause/{shout_id}/remove-name").status_code == 303
    client.post("/logout")
    assert "Anna Named" not in client.get(f"/applause/{shout_id}").get_data(as_text=True)


def test_task_cards_name_people_through_the_same_rule(app, client, make_user, make_task, login_as):
    """"On it:" shows opted-out people as "a neighbour" to visitors, and walk-in names only to librarians."""
    from portal.boards import services as boards

    anna = make_user(name="Anna Named")
    shy = make_user(name="Shy Optedout", show_name_in_public=False)
    task = make_task(title="Soep koken", places_needed=4)
    with app.app_context():
        boards.claim(task.id, db.session.merge(anna))
        boards.claim(task.id, db.session.merge(shy))
        boards.claim(task.id, None, walkin_name="Meneer Walkin")
        db.session.commit()
    for path in (f"/boards/{task.initiative_id}", "/boards/help", "/kiosk/help", "/"):
        page = client.get(path).get_data(as_text=True)
        assert "Anna Named" in page and "Shy Optedout" not in page and "Walkin" not in page, path
    login_as()
    page = client.get(f"/boards/{task.initiative_id}").get_data(as_text=True)
    assert "Shy Optedout" in page and "Walkin" not in page
    client.post("/logout")
    login_as("librarian")
    assert "Meneer Walkin" in client.get(f"/boards/{task.initiative_id}").get_data(as_text=True)
    assert "Shy Optedout" not in client.get("/kiosk/help").get_data(as_text=True)  # a page for everyone


def test_thanking_by_e_mail_never_tells_who_owns_the_address(app, client, make_user, make_initiative, login_as):
    """With an empty name, an e-mail address and an initiative, nobody learns the account's name from the page."""
    make_user(name="Gerrit Geheim", email="gerrit@example.org", show_name_in_public=False)
    initiative = make_initiative("Buurtmoestuin")
    login_as()
    pages = []
    for email in ("gerrit@example.org", "nobody@example.org"):
        response = client.post("/applause/new", data={"thanked_name": "", "thanked_email": email,
                                                      "initiative": str(initiative.id), "text": "Voor de sla"})
        assert response.status_code == 303
        pages.append(client.get(response.headers["Location"]).get_data(as_text=True))
    for page in pages:
        assert "Gerrit" not in page and "Bedankt, Buurtmoestuin!" in page
    # The page for a known address and for an unknown one look the same: the address stays a secret.
    known, unknown = (re.search(r'<h\d class="shout-title">(.*?)</p>', page, re.S).group(1) for page in pages)
    assert known == unknown, (known, unknown)
    client.post("/logout")
    for path in ("/applause", "/applause/feed.atom", "/kiosk/applause", "/applause/print"):
        assert "Gerrit" not in client.get(path).get_data(as_text=True), path


def test_at_the_kiosk_every_page_names_people_as_for_anyone(app, client, make_user, make_task, login_as, auth):
    """The kiosk's screen stands in the buurthuis: whoever is logged in there, the applause, the home page, an
    initiative's page and the task cards say "a neighbour" for the opted-out doer, as for a visitor."""
    from tests.kiosk.test_views import make_kiosk

    _anna, _shy, _librarian, task = finish_with_three(app, make_user, make_task)
    with app.app_context():
        shout_id = db.session.scalar(select(Shout.id))
    make_kiosk(client, login_as)
    auth.login(make_user(name="Kwame Kiosk"))
    for path in ("/applause", f"/applause/{shout_id}", "/", f"/initiatieven/{task.initiative_id}",
                 f"/boards/{task.initiative_id}"):
        page = client.get(path).get_data(as_text=True)
        assert "Shy Optedout" not in page, path
    assert "Anna Named" in client.get(f"/applause/{shout_id}").get_data(as_text=True)
