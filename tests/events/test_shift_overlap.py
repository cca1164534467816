"""Shifts are tasks at a set time: taking one at the same time as a shift you have asks first (with JavaScript and
without), cards and the walk-in slip show a shift's time instead of a due date, and the load guard's question names
the task and says what to do about sharing it."""

from __future__ import annotations

from babel.dates import format_date

from portal.extensions import db
from tests.conftest import HX

CLASH = "Je hebt dan al een dienst: Buurtbarbecue: Keuken"


def _shift(app, event, organiser, kind: str, offset: int, minutes: int, places: int = 2) -> int:
    """Add a shift to `event` (`offset` minutes after its start) and return its task's id."""
    from portal.accounts.models import User
    from portal.events import services
    from portal.events.models import Event

    with app.test_request_context():
        return services.add_shift(db.session.get(Event, event.id), kind, offset, minutes, places,
                                  db.session.get(User, organiser.id)).task_id


def _day(event, locale: str = "nl") -> str:
    """Return the event's day as a card writes it ("za 5 dec")."""
    from portal.core.time import local

    return format_date(local(event.start_at).date(), "EEE d MMM", locale=locale)


def _on(app, task_id: int, user_id: int) -> bool:
    from portal.boards.models import Claim

    with app.app_context():
        return db.session.query(Claim).filter_by(task_id=task_id, user_id=user_id).count() == 1


def _sanne_on_kitchen(app, client, login_as, make_user, make_event):
    """Sanne has the kitchen shift 14:00–17:00; return (event, kitchen, music 14:00–16:00, later 17:00–18:00, her)."""
    event = make_event()
    organiser = make_user(role="coordinator")
    kitchen = _shift(app, event, organiser, "kitchen", 0, 180)
    music = _shift(app, event, organiser, "music", 0, 120)
    later = _shift(app, event, organiser, "cleanup", 180, 60)
    sanne = login_as(name="Sanne")
    assert client.post(f"/tasks/{kitchen}/claim").status_code in (200, 303)
    assert _on(app, kitchen, sanne.id)
    return event, kitchen, music, later, sanne


def test_a_shift_at_the_same_time_asks_first_without_javascript(client, app, login_as, make_user, make_event):
    """Without JavaScript the question is a page naming the shift she has and its time, with a way back; only
    "yes" takes the place. A shift right after hers (17:00–18:00) is taken at once."""
    event, kitchen, music, later, sanne = _sanne_on_kitchen(app, client, login_as, make_user, make_event)
    asked = client.post(f"/tasks/{music}/claim")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "<html" in page
    assert f"{CLASH}, {_day(event)} 14:00–17:00." in page
    assert "Wil je „Buurtbarbecue: Muziek” er toch bij nemen?" in page
    assert f'href="/boards/{event.initiative_id}#task-{music}"' in page  # the way back, to the card
    assert 'name="overlap" value="1"' in page
    assert not _on(app, music, sanne.id)
    assert client.post(f"/tasks/{music}/claim", data={"overlap": "1"}).status_code in (200, 303)
    assert _on(app, music, sanne.id)
    assert client.post(f"/tasks/{later}/claim").status_code in (200, 303)  # touching, not overlapping
    assert _on(app, later, sanne.id)


def test_a_shift_at_the_same_time_asks_in_the_cards_place_with_htmx(client, app, login_as, make_user, make_event):
    """With htmx the question comes in the card's place (one element with the card's id), in English too."""
    event, kitchen, music, _later, sanne = _sanne_on_kitchen(app, client, login_as, make_user, make_event)
    fragment = client.post(f"/tasks/{music}/claim", headers=HX).get_data(as_text=True)
    assert "<html" not in fragment and fragment.lstrip().startswith(f'<article class="card task load-warning" '
                                                                    f'id="task-{music}"')
    assert CLASH in fragment and f'hx-target="#task-{music}"' in fragment
    assert not _on(app, music, sanne.id)


def test_a_done_or_handed_back_shift_does_not_clash(client, app, login_as, make_user, make_event):
    """Only shifts she still has count: after handing the kitchen back, music is taken at once."""
    _event, kitchen, music, _later, sanne = _sanne_on_kitchen(app, client, login_as, make_user, make_event)
    assert client.post(f"/tasks/{kitchen}/hand-back").status_code in (200, 303)
    assert client.post(f"/tasks/{music}/claim").status_code in (200, 303)
    assert _on(app, music, sanne.id)


def test_both_questions_are_asked_when_both_apply(client, app, login_as, make_user, make_event):
    """Past the load threshold too: answering the overlap question leads to the load question, which keeps the
    first answer, and names the task."""
    app.config["LOAD_THRESHOLD_HOURS"] = 3
    try:
        _event, _kitchen, music, _later, sanne = _sanne_on_kitchen(app, client, login_as, make_user, make_event)
        page = client.post(f"/tasks/{music}/claim", data={"overlap": "1"}).get_data(as_text=True)
        assert "Met „Buurtbarbecue: Muziek” komen er 2 uur bij." in page
        assert 'name="overlap" value="1"' in page and 'name="confirm" value="1"' in page
        assert not _on(app, music, sanne.id)
        client.post(f"/tasks/{music}/claim", data={"overlap": "1", "confirm": "1"})
        assert _on(app, music, sanne.id)
    finally:
        app.config["LOAD_THRESHOLD_HOURS"] = 6


def test_the_load_question_names_the_task_and_says_how_to_share(client, app, login_as, make_user,
                                                                 make_initiative):
    """"Met deze klus komen er 2 uur bij… Deel hem misschien met Joyce" named no task and offered nothing to do:
    now the task is named and the sentence says what to do."""
    from portal.boards.models import Task
    from portal.initiatives.models import Membership

    initiative = make_initiative()
    joyce = make_user(name="Joyce Pinas")
    with app.app_context():
        db.session.add(Membership(initiative_id=initiative.id, user_id=joyce.id))
        task = Task(initiative_id=initiative.id, title="Flyers rondbrengen", estimate_minutes=420, places_needed=1)
        db.session.add(task)
        db.session.commit()
        task_id = task.id
    login_as()
    page = client.post(f"/tasks/{task_id}/claim").get_data(as_text=True)
    assert "Met „Flyers rondbrengen” komen er 7 uur bij." in page
    assert "Joyce Pinas heeft nu meer ruimte. Vraag of Joyce Pinas hem met je wil delen." in page
    assert "Deel hem misschien" not in page


def test_cards_and_the_slip_show_a_shifts_time_not_a_due_date(client, app, login_as, make_user, make_event):
    """On the board, "where can I help", home (my tasks) and the card after taking it, a shift reads
    "za 5 dec 14:00–17:00", in English "Sat 5 Dec 14:00–17:00"; never "klaar op". The walk-in slip too."""
    event = make_event()
    organiser = make_user(role="coordinator")
    kitchen = _shift(app, event, organiser, "kitchen", 0, 180)
    music = _shift(app, event, organiser, "music", 0, 120, places=3)
    for language in ("nl", "en"):
        login_as(language=language)
        when = f"{_day(event, language)} 14:00–16:00"
        card = client.post(f"/tasks/{music}/claim", headers=HX).get_data(as_text=True)
        assert when in card, language
        for path in (f"/boards/{event.initiative_id}", "/boards/help", "/"):
            page = client.get(path).get_data(as_text=True)
            article = page.split(f'id="task-{music}"')[1].split("</article>")[0]
            assert when in article and "klaar op" not in article and "by " not in article, (language, path)
        client.post("/logout")
    login_as(role="librarian")
    slip = client.post(f"/tasks/{kitchen}/walk-in", data={"walkin_name": "Mevrouw Ait"}, follow_redirects=True)
    text = slip.get_data(as_text=True)
    assert f"{_day(event)} 14:00–17:00 · 3 uur" in text and "Klaar op" not in text


def test_the_time_costs_no_query_on_the_board(client, app, login_as, make_user, make_event, count_queries):
    """The shift's time comes with its title, in the same one query a list: a board with a shift and a board with
    five cost the same."""
    event = make_event()
    organiser = make_user(role="coordinator")
    _shift(app, event, organiser, "kitchen", 0, 180)
    login_as()
    path = f"/boards/{event.initiative_id}"
    client.get(path)
    with count_queries() as one:
        client.get(path)
    for offset in range(60, 300, 60):
        _shift(app, event, organiser, "music", offset, 60)
    client.get(path)
    with count_queries() as five:
        client.get(path)
    assert len(five) == len(one)
