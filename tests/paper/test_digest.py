"""The weekly digest by e-mail: the sheet's content, the ask budget, one-click unsubscribe, once per person a week."""

from __future__ import annotations

import email
import email.policy
import time
from datetime import date

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from portal.extensions import db
from portal.mail.models import OutboxMail
from portal.paper import digest
from portal.paper.models import DigestSubscription, HelpAsk
from portal.paper.services import monday_of
from tests.conftest import future_local
from tests.paper.conftest import DAYS
from tests.paper.test_sheet import PRIVATE


@pytest.fixture
def monday() -> date:
    """Return the Monday of the week the things of `neighbourhood_week` happen in."""
    return monday_of(future_local(DAYS).date())


def subscribe(app, user) -> None:
    with app.app_context():
        digest.set_subscribed(user.id, True)


def mails(app) -> dict[str, email.message.EmailMessage]:
    """Return the queued digests by outbox key, parsed."""
    with app.app_context():
        rows = db.session.execute(select(OutboxMail.key, OutboxMail.message).where(OutboxMail.key.like("digest:%")))
        return {key: email.message_from_bytes(message, policy=email.policy.default) for key, message in rows}


def keys(app) -> list[str]:
    """Return the outbox keys of the digests queued (sent or not), sorted."""
    with app.app_context():
        return sorted(db.session.scalars(select(OutboxMail.key).where(OutboxMail.key.like("digest:%"))))


def bodies(mail) -> tuple[str, str]:
    return mail.get_body(("plain",)).get_content(), mail.get_body(("html",)).get_content()


def run(app, monday, **options) -> int:
    with app.app_context():
        return digest.queue_digests(monday, **options)


def test_digest_has_the_sheet_and_nothing_members_only(app, make_user, neighbourhood_week, monday):
    """The digest has the week's public things in text and HTML, nothing members-only and no hidden names."""
    reader = make_user(role="coordinator")
    subscribe(app, reader)
    assert run(app, monday) == 1
    [mail] = mails(app).values()
    for body in bodies(mail):
        for text in ("Oogstfeest", "Taalcafé", "Dank voor de soep!", "Schoffelen", "Moestuin Gein"):
            assert text in body, text
        assert not [text for text in PRIVATE if text in body]
    assert mail["To"] == reader.email and mail["Subject"] == f"Buurtbericht, week {monday.isocalendar()[1]}"


def test_digest_is_small_and_links_go_to_the_public_address(app, make_user, neighbourhood_week, monday, make_task):
    """A full week stays under 50 KB; every link starts with PUBLIC_URL; the HTML escapes what people typed."""
    for number in range(12):
        make_task(neighbourhood_week["garden"], f"Klus {number} <b>vet</b> & meer " + "x" * 120, places_needed=3)
    subscribe(app, make_user())
    run(app, monday)
    [mail] = mails(app).values()
    assert len(bytes(mail)) < 50_000
    text, html = bodies(mail)
    base = app.config["PUBLIC_URL"].rstrip("/")
    assert "<b>vet</b>" not in html and "&lt;b&gt;vet&lt;/b&gt;" in html
    links = [part.split('"')[0] for part in html.split('href="')[1:]]
    assert links and all(link.startswith(base + "/") for link in links)
    assert base + "/buurtbericht?week=" in text


def test_unsubscribe_headers(app, client, make_user, neighbourhood_week, monday):
    """The mail has List-Unsubscribe (the https link) and List-Unsubscribe-Post; a bare POST there ends it."""
    reader = make_user()
    subscribe(app, reader)
    run(app, monday)
    [mail] = mails(app).values()
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = mail["List-Unsubscribe"].strip("<>")
    assert link.startswith(app.config["PUBLIC_URL"].rstrip("/") + "/buurtbericht/afmelden/")
    assert link in bodies(mail)[0]
    path = link.removeprefix(app.config["PUBLIC_URL"].rstrip("/"))
    response = client.post(path, data={"List-Unsubscribe": "One-Click"}, csrf=False)
    assert response.status_code == 200
    with app.app_context():
        assert not digest.is_subscribed(reader.id)


def test_in_the_persons_language(app, make_user, neighbourhood_week, monday):
    """Each person gets the digest in their own language, with the whole English sheet, not the short one."""
    dutch, english = make_user(language="nl"), make_user(language="en")
    subscribe(app, dutch)
    subscribe(app, english)
    run(app, monday)
    found = mails(app)
    dutch_text = bodies(found[digest.digest_key(monday, dutch.id)])[0]
    english_text, english_html = bodies(found[digest.digest_key(monday, english.id)])
    assert "Hallo" in dutch_text and "WIE HELPT MEE?" in dutch_text and "lang=nl" in dutch_text
    assert "Hello" in english_text and "WHO CAN HELP?" in english_text and "lang=en" in english_text
    assert '<html lang="en">' in english_html and "Stop this e-mail" in english_html


def test_send_digest_twice_queues_once(app, make_user):
    """Running the command twice in a week queues one mail per subscriber, under digest:<week>:<user>."""
    people = [make_user() for _ in range(3)]
    for person in people:
        subscribe(app, person)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-digest"])
    second = runner.invoke(args=["send-digest"])
    assert "digests queued: 3" in first.output and "digests queued: 0" in second.output
    week = monday_of(date.today()).isoformat()
    assert keys(app) == sorted(f"digest:{week}:{person.id}" for person in people)


def test_an_interrupted_run_is_finished_by_the_next(app, make_user, neighbourhood_week, monday, monkeypatch):
    """A run killed half-way keeps its committed batches; the next run queues only the rest, each person once."""
    people = [make_user() for _ in range(5)]
    for person in people:
        subscribe(app, person)
    real, calls = digest.build_digest, []

    def dies_at_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(digest, "build_digest", dies_at_the_third)
    with pytest.raises(KeyboardInterrupt):
        run(app, monday, batch=2)
    assert len(mails(app)) == 2  # the first batch; the half batch was rolled back
    monkeypatch.setattr(digest, "build_digest", real)
    assert run(app, monday, batch=2) == 3
    assert sorted(mails(app)) == sorted(digest.digest_key(monday, person.id) for person in people)
    with app.app_context():
        per_person = db.session.execute(select(HelpAsk.user_id, func.count()).group_by(HelpAsk.user_id)).all()
    assert per_person and all(count <= app.config["ASK_BUDGET_PER_WEEK"] for _user, count in per_person)


def test_the_ask_budget(app, make_user, make_task, neighbourhood_week, monday, monkeypatch):
    """Nobody gets more "can you help?" items a week than ASK_BUDGET_PER_WEEK, counting other asks of that week."""
    monkeypatch.setitem(app.config, "ASK_BUDGET_PER_WEEK", 2)
    for number in range(4):
        make_task(neighbourhood_week["garden"], f"Klus {number}", places_needed=5)
    fresh, asked_before, on_break = make_user(), make_user(), make_user(paused_until=date(2099, 1, 1))
    for person in (fresh, asked_before, on_break):
        subscribe(app, person)
    with app.app_context():
        assert digest.take_asks(asked_before.id, monday, [digest.ask_ref("elsewhere")]) == [digest.ask_ref("elsewhere")]
        db.session.commit()
    run(app, monday)
    found = mails(app)

    def asks(person) -> int:
        return bodies(found[digest.digest_key(monday, person.id)])[0].count("mensen nodig")

    assert (asks(fresh), asks(asked_before), asks(on_break)) == (2, 1, 0)
    with app.app_context():
        assert digest.asks_left(fresh.id, monday) == digest.asks_left(asked_before.id, monday) == 0
        assert digest.take_asks(fresh.id, monday, [digest.ask_ref("another")]) == []
        assert digest.asks_left(on_break.id, monday) == 2


def test_the_ask_budget_counts_each_ask_once(app, make_user, monday):
    """Asking the same thing again in a week costs nothing; the unique key keeps one row."""
    person = make_user()
    with app.app_context():
        ref = digest.ask_ref("https://example.org/boards/1#task-1")
        assert digest.take_asks(person.id, monday, [ref, ref]) == [ref]
        assert digest.take_asks(person.id, monday, [ref]) == [ref]
        db.session.commit()
        assert digest.asks_left(person.id, monday) == app.config["ASK_BUDGET_PER_WEEK"] - 1


def token_for(app, user) -> str:
    with app.app_context():
        subscription = db.session.scalar(select(DigestSubscription).where(DigestSubscription.user_id == user.id))
        return digest.unsubscribe_token(user.id, subscription.id)


def test_unsubscribe_asks_first_then_stops(app, client, make_user):
    """GET shows one button and changes nothing; POST (no login, no form token) stops the e-mail."""
    reader = make_user()
    subscribe(app, reader)
    url = f"/buurtbericht/afmelden/{token_for(app, reader)}"
    page = client.get(url)
    assert page.status_code == 200 and "Ja, stop de e-mail" in page.get_data(as_text=True)
    with app.app_context():
        assert digest.is_subscribed(reader.id)
    done = client.post(url, csrf=False)
    assert done.status_code == 200 and "niet meer per e-mail" in done.get_data(as_text=True)
    again = client.post(url, csrf=False)
    assert again.status_code == 200 and "niets veranderd" in again.get_data(as_text=True)
    with app.app_context():
        assert not digest.is_subscribed(reader.id)


def test_a_forged_or_old_token_changes_nothing(app, client, make_user, monkeypatch):
    """A forged, damaged, too old or earlier sign-up's link says so clearly and leaves the sign-up alone."""
    reader, other = make_user(), make_user()
    subscribe(app, reader)
    subscribe(app, other)
    token = token_for(app, reader)
    earlier = token_for(app, other)
    with app.app_context():
        digest.set_subscribed(other.id, False)
        digest.set_subscribed(other.id, True)  # a new sign-up: the earlier link is not for it
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp",
                        lambda self: int(time.time()) - (digest.LINK_DAYS + 1) * 86400)
    old = token_for(app, reader)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    cases = [(forged, 400, "klopt niet"), (old, 400, "te oud"), (earlier, 200, "eerdere aanmelding"),
             ("x%00y", 400, ""), ("." * 200, 400, "klopt niet")]  # a NUL byte: refused before the view
    for bad, status, message in cases:
        for response in (client.get(f"/buurtbericht/afmelden/{bad}"),
                         client.post(f"/buurtbericht/afmelden/{bad}", csrf=False)):
            assert response.status_code == status and message in response.get_data(as_text=True), bad
            assert not message or "niets veranderd" in response.get_data(as_text=True)
    assert client.get("/buurtbericht/afmelden/" + "a" * 400).status_code == 404
    with app.app_context():
        assert digest.is_subscribed(reader.id) and digest.is_subscribed(other.id)


def test_sign_up_on_the_account_page(app, client, login_as):
    """The account page offers the digest; signing up and off works with a plain form (no JavaScript)."""
    person = login_as("resident")
    page = client.get("/account").get_data(as_text=True)
    assert "Stuur mij het Buurtbericht" in page and "hooguit 2 keer per week" in page
    response = client.post("/account/buurtbericht", data={"want": "1"})
    assert response.status_code == 303 and response.location.endswith("/account#digest")
    with app.app_context():
        assert digest.is_subscribed(person.id)
    assert "Stop de e-mail" in client.get("/account").get_data(as_text=True)
    client.post("/account/buurtbericht", data={"want": "0"})
    with app.app_context():
        assert not digest.is_subscribed(person.id)
    assert client.post("/account/buurtbericht", data={"want": "1"}, csrf=False).status_code == 400


def test_sign_up_needs_a_login(app, client):
    """Nobody signs someone else up: the account form needs a login."""
    response = client.post("/account/buurtbericht", data={"want": "1"})
    assert response.status_code in (302, 303) and "/login" in response.location


def test_unsubscribe_page_is_small_and_cheap(app, client, make_user, count_queries):
    """The unsubscribe page runs one query and is far under 15 KB gzipped."""
    import gzip

    reader = make_user()
    subscribe(app, reader)
    url = f"/buurtbericht/afmelden/{token_for(app, reader)}"
    with count_queries() as statements:
        page = client.get(url)
    assert len(statements) == 1 and len(gzip.compress(page.data)) < 15_000
