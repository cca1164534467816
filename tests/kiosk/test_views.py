"""Kiosk mode: device cookie, start screen, short sessions, "done", capped roles, walk-ins, print."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from portal.accounts.models import User, UserSession
from portal.db import utcnow
from portal.extensions import db
from portal.kiosk.models import KioskDevice
from tests.conftest import HX, PASSWORD, future_local
from tests.quality import gzipped_size


def make_kiosk(client, login_as) -> str:
    """Let a librarian put this client's browser in kiosk mode, log out, and return the device cookie."""
    login_as("librarian")
    response = client.post("/kiosk/devices", data={"name": "Computer bij de balie"})
    assert response.status_code == 303 and response.headers["Location"] == "/kiosk"
    assert client.get("/account").status_code == 303  # making a kiosk logs the librarian out
    return client.get_cookie("kiosk").value


def test_device_cookie_unlocks_the_start_screen(client, login_as):
    """A kiosk computer shows the start screen with big buttons; other computers get the normal site."""
    make_kiosk(client, login_as)
    page = client.get("/kiosk").get_data(as_text=True)
    assert '<html lang="nl" class="kiosk">' in page and 'class="tiles"' in page and "Wat is er vandaag?" in page
    other = client.application.test_client()
    assert other.get("/kiosk").headers["Location"] == "/"


def test_forged_or_revoked_cookie_is_no_kiosk(app, client, login_as):
    """A forged or revoked kiosk cookie gets the normal site, never kiosk mode."""
    cookie = make_kiosk(client, login_as)
    forged = app.test_client()
    forged.set_cookie("kiosk", cookie[:-3] + "abc")
    assert forged.get("/kiosk").status_code == 303
    with app.app_context():
        device = db.session.scalar(select(KioskDevice))
        device.revoked_at = utcnow()
        db.session.commit()
    assert client.get("/kiosk").status_code == 303
    assert 'class="kiosk"' not in client.get("/").get_data(as_text=True).split("<body")[0]


def test_only_librarians_make_kiosks(client, login_as):
    """Residents cannot put a computer in kiosk mode or switch one off."""
    login_as()
    assert client.get("/kiosk/devices").status_code == 403
    assert client.post("/kiosk/devices", data={"name": "x"}).status_code == 403


@pytest.fixture
def kiosk_clock(monkeypatch):
    """Return a list holding the kiosk's idea of now; the test moves it (the visitor's countdown reads it)."""
    from portal.kiosk import services

    now = [datetime(2026, 12, 3, 11, 0, tzinfo=UTC)]
    monkeypatch.setattr(services, "utcnow", lambda: now[0])
    return now


def _seconds_shown(fragment: str) -> int:
    return int(re.search(r'<strong class="kiosk-countdown">(\d+)</strong>', fragment)[1])


def test_the_visitor_warning_counts_down_from_when_it_started(client, login_as, kiosk_clock):
    """The warning shows 30 seconds and asks again every 5 s with the moment it started; the server counts what is
    left from that moment (also when a step came late), says it out loud only at the start and at 10 s, and at 0
    sends the visitor to a Dutch start screen."""
    make_kiosk(client, login_as)
    client.get("/language/en?next=/kiosk")
    started = kiosk_clock[0]
    since = int(started.timestamp() * 1000)
    warning = client.get("/kiosk/idle/warning", headers=HX).get_data(as_text=True)
    assert f'hx-get="/kiosk/idle/warning?since={since}" hx-trigger="load delay:5s"' in warning
    assert _seconds_shown(warning) == 30 and "I am still here" in warning
    assert '<p id="kiosk-idle-say" hx-swap-oob="innerHTML">Nobody has touched this screen for a while. In 30 ' \
           "seconds it goes back to the start." in warning
    said = {}
    for passed in (5, 10, 15, 20, 27):
        kiosk_clock[0] = started + timedelta(seconds=passed, milliseconds=40)  # each step arrives a little late
        tick = client.get(f"/kiosk/idle/warning?since={since}", headers=HX)
        assert tick.status_code == 200 and "HX-Request" in tick.vary
        text = tick.get_data(as_text=True)
        assert text.startswith('<p id="kiosk-idle-left"') and "I am still here" not in text  # the count alone
        said[_seconds_shown(text)] = "kiosk-idle-say" in text
    assert said == {25: False, 20: False, 15: False, 10: True, 3: False}
    assert 'hx-trigger="load delay:3s"' in text  # the last step waits only for what is left
    kiosk_clock[0] = started + timedelta(seconds=30)
    end = client.get(f"/kiosk/idle/warning?since={since}", headers=HX)
    assert end.headers["HX-Redirect"] == "/kiosk"
    assert 'lang="nl"' in client.get("/kiosk").get_data(as_text=True)
    assert client.get(f"/kiosk/idle/warning?since={since}").headers["Location"] == "/kiosk"  # a page: the start


def test_ten_seconds_left_is_said_in_dutch_too(client, login_as, kiosk_clock):
    """At 10 s the live region says how long is left, in the visitor's language."""
    make_kiosk(client, login_as)
    since = int((kiosk_clock[0] - timedelta(seconds=20)).timestamp() * 1000)
    tick = client.get(f"/kiosk/idle/warning?since={since}", headers=HX).get_data(as_text=True)
    assert "Over <strong class=\"kiosk-countdown\">10</strong> seconden gaat het terug" in tick
    assert "Nog 10 seconden, dan gaat dit scherm terug naar het begin." in tick


@pytest.mark.parametrize("since", ["", "abc", "-5", "1e12", "12.5", "9" * 5000, "a\x00b", "\x00", str(10**30),
                                   "１２３", " ", "+1", "0x10", "future"])
def test_a_made_up_start_never_breaks_or_lengthens_the_warning(client, login_as, kiosk_clock, since):
    """A missing, unreadable, huge or future `since` starts the count now: 30 seconds at most, never a 500."""
    make_kiosk(client, login_as)
    if since == "future":
        since = str(int(kiosk_clock[0].timestamp() * 1000) + 3_600_000)
    response = client.get("/kiosk/idle/warning", query_string={"since": since}, headers=HX)
    assert response.status_code == 200
    assert _seconds_shown(response.get_data(as_text=True)) == 30


def test_a_start_long_ago_goes_to_the_start_at_once(client, login_as, kiosk_clock):
    """A `since` from long ago (or the year 1970) has no time left: straight to the start screen."""
    make_kiosk(client, login_as)
    for since in ("0", "1", str(int(kiosk_clock[0].timestamp() * 1000) - 31_000)):
        assert client.get(f"/kiosk/idle/warning?since={since}", headers=HX).headers["HX-Redirect"] == "/kiosk"


def test_still_here_empties_what_is_read_out(client, login_as):
    """A fresh wait (a tap, "I am still here") empties the live region; a page's own wait leaves it alone."""
    make_kiosk(client, login_as)
    wait = client.get("/kiosk/idle/wait", headers=HX).get_data(as_text=True)
    assert '<p id="kiosk-idle-say" hx-swap-oob="innerHTML"></p>' in wait
    client.get("/language/en?next=/kiosk")
    page = client.get("/kiosk/today").get_data(as_text=True)
    assert page.count('id="kiosk-idle-say"') == 1
    assert '<p id="kiosk-idle-say" class="visually-hidden" role="status" aria-live="polite"></p>' in page


def test_kiosk_login_is_a_short_session(app, client, login_as, make_user, auth):
    """A log-in on a kiosk ends after 2 minutes without input; the log-in form offers no autocomplete."""
    make_kiosk(client, login_as)
    assert 'autocomplete="off"' in client.get("/login").get_data(as_text=True)
    resident = make_user()
    auth.login(resident)
    assert client.get("/account").status_code == 200
    with app.app_context():
        row = db.session.scalar(select(UserSession).where(UserSession.user_id == resident.id))
        assert row.kiosk
        row.last_seen = utcnow() - timedelta(seconds=121)
        db.session.commit()
    response = client.get("/account")
    assert response.status_code == 303
    assert client.get("/kiosk").headers.get("Clear-Site-Data") is None  # only once, when the session ended


def test_countdown_warns_and_does_not_extend(app, client, login_as, make_user, auth):
    """The countdown asks how long is left without extending it, and warns in the last 30 seconds."""
    make_kiosk(client, login_as)
    auth.login(make_user())
    with app.app_context():
        row = db.session.scalar(select(UserSession).where(UserSession.kiosk.is_(True)))
        row.last_seen = utcnow() - timedelta(seconds=100)
        db.session.commit()
        before = row.last_seen
    body = client.get("/kiosk/session", headers=HX).get_data(as_text=True)
    assert "Ik ben er nog" in body and 'role="alert"' not in body  # the line comes every 5 s: no live region
    with app.app_context():
        assert db.session.scalar(select(UserSession.last_seen)) == before
    client.post("/kiosk/extend", headers=HX)
    with app.app_context():
        assert db.session.scalar(select(UserSession.last_seen)) > before


def test_the_applause_wall_keeps_nobody_logged_in(app, client, login_as, make_user, auth):
    """The applause wall reloads itself every 30 seconds: its reloads are no sign of a person, so whoever leaves the
    kiosk on it is logged out after 2 minutes as anywhere else; the start screen's tile leads to the applause page,
    which has the kiosk's header and count-down."""
    make_kiosk(client, login_as)
    start = client.get("/kiosk").get_data(as_text=True)
    assert 'href="/applause"' in start and 'href="/kiosk/applause"' not in start
    resident = make_user()
    auth.login(resident)
    with app.app_context():
        row = db.session.scalar(select(UserSession).where(UserSession.user_id == resident.id))
        row.last_seen = utcnow() - timedelta(seconds=100)
        db.session.commit()
        before = row.last_seen
    client.get("/kiosk/applause?i=1", headers=HX)
    client.get("/kiosk/applause?i=2")
    with app.app_context():
        assert db.session.scalar(select(UserSession.last_seen).where(UserSession.user_id == resident.id)) == before
        db.session.execute(update(UserSession).where(UserSession.user_id == resident.id)
                           .values(last_seen=utcnow() - timedelta(seconds=121)))
        db.session.commit()
    client.get("/kiosk/applause?i=3")
    assert client.get("/account").status_code == 303


def test_done_logs_out_and_clears_the_browser(app, client, login_as, make_user, auth):
    """"Done" ends the session, clears cache and storage but keeps the kiosk, and shows the start screen."""
    make_kiosk(client, login_as)
    auth.login(make_user())
    response = client.post("/kiosk/done")
    assert response.headers["Location"] == "/kiosk" and response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/account").status_code == 303
    assert client.get("/kiosk").status_code == 200  # still a kiosk


def test_pages_return_to_the_start_screen(client, login_as, make_user, auth):
    """Kiosk pages go back to the start screen after 2 minutes: htmx waits from the last activity and warns 30 s
    ahead, or a meta refresh with JavaScript off, with a note saying so."""
    make_kiosk(client, login_as)
    page = client.get("/kiosk/today").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="125;url=/kiosk/idle"></noscript>' in page
    assert 'id="kiosk-idle" hidden hx-get="/kiosk/idle/warning" hx-trigger="load delay:95s"' in page
    assert 'hx-get="/kiosk/idle/wait" hx-trigger="input from:document throttle:10s' in page
    assert "<script" not in page.replace('<script src="/static/vendor/htmx', "")  # htmx alone, no script of ours
    assert "Dit scherm gaat na 2 minuten terug naar het begin" in page
    warning = client.get("/kiosk/idle/warning", headers=HX).get_data(as_text=True)
    assert "Ik ben er nog" in warning and 'hx-get="/kiosk/idle/warning?since=' in warning
    assert 'hx-get="/kiosk/idle/wait"' in warning and "<html" not in warning
    wait = client.get("/kiosk/idle/wait", headers=HX).get_data(as_text=True)
    assert 'hx-trigger="load delay:95s"' in wait and "Ik ben er nog" not in wait
    assert client.get("/kiosk/idle/warning").headers["Location"] == "/kiosk"  # never a bare fragment as a page
    assert client.get("/kiosk/idle", headers=HX).headers["HX-Redirect"] == "/kiosk"
    auth.login(make_user())
    page = client.get("/kiosk/today").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="125;url=/kiosk"></noscript>' in page
    assert 'hx-trigger="every 5s"' in page and "Klaar" in page and "/kiosk/idle/wait" not in page
    assert 'hx-get="/kiosk/active" hx-trigger="input from:document throttle:10s' in page


def test_activity_keeps_a_kiosk_session(client, login_as, make_user, auth, app):
    """Typing or tapping on a kiosk page keeps the session (the warning goes); after the end it answers nothing."""
    make_kiosk(client, login_as)
    auth.login(make_user(name="Kwame"))
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen=utcnow() - timedelta(seconds=100)))
        db.session.commit()
    assert "seconden uitgelogd" in client.get("/kiosk/session", headers=HX).get_data(as_text=True)
    answer = client.get("/kiosk/active", headers=HX)
    assert answer.status_code == 200 and "Ingelogd als Kwame" in answer.get_data(as_text=True)
    assert "Ingelogd als Kwame" in client.get("/kiosk/session", headers=HX).get_data(as_text=True)
    client.post("/kiosk/done")
    answer = client.get("/kiosk/active", headers=HX)
    assert answer.status_code == 204 and "HX-Redirect" not in answer.headers
    assert client.get("/kiosk/active").headers["Location"] == "/kiosk"


def test_no_admin_powers_on_a_kiosk(client, login_as, make_user, auth):
    """An admin or coordinator logged in on a kiosk cannot reach admin or coordinator pages; kiosk pages work."""
    make_kiosk(client, login_as)
    admin = make_user(role="admin")
    auth.login(admin)
    assert client.get("/admin/users").status_code == 403
    assert client.get("/boards/load").status_code == 403
    assert client.get("/applause/moderation").status_code == 403
    assert client.get("/kiosk/devices").status_code == 200
    other = client.application.test_client()
    other.post("/login", data={"email": admin.email, "password": PASSWORD})
    assert other.get("/admin/users").status_code == 200  # the same admin elsewhere keeps their role


def test_walkin_booking_and_slip(app, client, login_as, make_room):
    """A librarian books for a walk-in resident and prints a slip with the details and a QR code."""
    room = make_room(name="Keuken")
    login_as("librarian")
    start = future_local(hour=10)
    response = client.post(f"/rooms/{room.id}/book", data={
        "title": "Verjaardag", "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "walkin_name": "Mevrouw Pinas", "walkin_contact": "06-12345678"})
    from portal.venues.models import Booking
    with app.app_context():
        booking = db.session.scalar(select(Booking))
        assert booking.walkin_name == "Mevrouw Pinas"
    assert response.headers["Location"] == f"/bookings/{booking.id}/slip"  # the slip, ready to print
    slip = client.get(f"/bookings/{booking.id}/slip").get_data(as_text=True)
    assert "Verjaardag" in slip and "Keuken" in slip and "Mevrouw Pinas" in slip and "/qr.svg?path=" in slip
    client.post("/logout")
    login_as("resident")  # another resident learns nothing from the number: the same 404 as a missing one
    assert client.get(f"/bookings/{booking.id}/slip").status_code == 404
    assert client.get(f"/bookings/{booking.id + 1000}/slip").status_code == 404


def test_print_layouts_have_a_qr_code(client):
    """Kiosk screens with information print on A4 with a QR code to the same page online."""
    for path in ("/kiosk/today", "/kiosk/help"):
        page = client.get(path).get_data(as_text=True)
        assert f"/qr.svg?path={path}" in page
    qr = client.get("/qr.svg?path=/kiosk/today")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    assert client.get("/qr.svg?path=//evil.example").status_code == 404


def test_kiosk_start_first_visit_is_small(client, login_as):
    """The kiosk start screen's first visit is at most 30 KB gzipped."""
    from tests.quality import ASSET_RE
    make_kiosk(client, login_as)
    html = client.get("/kiosk").get_data()
    total = gzipped_size(html)
    for asset in set(ASSET_RE.findall(html.decode())):
        with client.get(asset) as response:
            total += gzipped_size(response.get_data())
    assert "htmx-2.0.11" not in html.decode() and total <= 30 * 1024, total


def test_walkin_claim_names_are_purged(app, client, login_as, make_task):
    """A walk-in's name and phone on a claim are deleted once the task is done, not before."""
    task = make_task()
    login_as("librarian")
    client.post(f"/tasks/{task.id}/walk-in", data={"walkin_name": "Meneer Nowak", "walkin_phone": "06 12345678"})
    from portal.boards.models import Claim
    app.test_cli_runner().invoke(args=["purge-walk-ins"])
    with app.app_context():
        assert db.session.execute(select(Claim.walkin_name, Claim.walkin_phone)).one() == (
            "Meneer Nowak", "06 12345678")
    client.post(f"/tasks/{task.id}/done")
    result = app.test_cli_runner().invoke(args=["purge-walk-ins"])
    assert "deleted from 1 claim" in result.output
    with app.app_context():
        assert db.session.execute(select(Claim.walkin_name, Claim.walkin_phone)).one() == ("—", None)
    assert "deleted from 0 claim" in app.test_cli_runner().invoke(args=["purge-walk-ins"]).output


def test_walkin_claim_lands_on_a_slip(app, client, login_as, make_task):
    """Writing down a walk-in lands on a slip with the task, where, when, who to ask and a QR code; residents
    cannot open it; a phone number that is no phone number is refused at the card."""
    task = make_task(title="Soep koken", place="Keuken van het buurthuis")
    login_as("librarian", name="Priya")
    refused = client.post(f"/tasks/{task.id}/walk-in", data={"walkin_name": "Mevrouw Pinas", "walkin_phone": "bel me"},
                          follow_redirects=True)
    assert "in cijfers, zoals 06 12345678" in refused.get_data(as_text=True)
    response = client.post(f"/tasks/{task.id}/walk-in", data={"walkin_name": "Mevrouw Pinas",
                                                               "walkin_phone": "06-12345678"})
    from portal.boards.models import Claim
    with app.app_context():
        claim_id = db.session.scalar(select(Claim.id))
    assert response.headers["Location"] == f"/claims/{claim_id}/slip"
    assert client.post(f"/tasks/{task.id}/walk-in", headers=HX,
                       data={"walkin_name": "Meneer Nowak"}).status_code in (200, 422)
    slip = client.get(f"/claims/{claim_id}/slip").get_data(as_text=True)
    for text in ("Soep koken", "Keuken van het buurthuis", "Mevrouw Pinas", "06-12345678", "Priya, bij de balie",
                 "/qr.svg?path=", "<html"):
        assert text in slip, text
    assert client.get("/claims/99999/slip").status_code == 404
    client.post("/logout")
    login_as()
    assert client.get(f"/claims/{claim_id}/slip").status_code == 403


def test_ended_session_goes_to_the_start_screen_not_the_log_in(client, login_as):
    """The countdown of a session that ended sends the kiosk to its start screen; without htmx it is a redirect."""
    make_kiosk(client, login_as)
    response = client.get("/kiosk/session", headers=HX)
    assert response.headers["HX-Redirect"] == "/kiosk"
    assert client.get("/kiosk/session").headers["Location"] == "/kiosk"


def test_log_in_asked_by_a_fragment_leads_back_to_the_page(client):
    """A fragment that needs a log-in sends htmx to the log-in page with the page, not the fragment, as next."""
    response = client.get("/account", headers={**HX, "HX-Current-URL": "http://localhost/kiosk/today?x=1"})
    assert response.headers["HX-Redirect"] == "/login?next=/kiosk/today?x%3D1"
    response = client.get("/account", headers={**HX, "HX-Current-URL": "javascript:alert(1)"})
    assert response.headers["HX-Redirect"] == "/login?next=/"


def test_switching_a_kiosk_off_ends_the_sessions_on_it(app, client, login_as, make_user, auth):
    """Switching a kiosk off logs out whoever is logged in on it, and only there."""
    make_kiosk(client, login_as)
    resident = make_user()
    auth.login(resident)
    assert client.get("/account").status_code == 200
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": resident.email, "password": PASSWORD})
    librarian = app.test_client()
    boss = make_user("librarian")
    librarian.post("/login", data={"email": boss.email, "password": PASSWORD})
    with app.app_context():
        device_id = db.session.scalar(select(KioskDevice.id))
        assert db.session.scalar(select(UserSession.shared_computer_id).where(UserSession.kiosk)) == device_id
    assert librarian.post(f"/kiosk/devices/{device_id}/revoke").status_code == 303
    assert client.get("/account").status_code == 303  # the session on the kiosk is over
    assert elsewhere.get("/account").status_code == 200  # the same person's phone is not
    with app.app_context():
        assert db.session.scalar(select(UserSession).where(UserSession.kiosk)) is None


def test_countdown_at_zero_ends_the_session_so_the_start_screen_cannot_renew_it(app, client, login_as, make_user,
                                                                                 auth):
    """When the countdown reaches 0 (less than a second left), the session ends there: the start screen it sends
    the kiosk to must not find the person still logged in and give them two more minutes."""
    make_kiosk(client, login_as)
    auth.login(make_user(name="Kwame Mensah"))
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen=utcnow() - timedelta(seconds=119, milliseconds=500)))
        db.session.commit()
    response = client.get("/kiosk/session", headers=HX)
    assert response.headers["HX-Redirect"] == "/kiosk"
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    start = client.get("/kiosk").get_data(as_text=True)
    assert "Kwame" not in start and "Inloggen" in start
    with app.app_context():
        assert db.session.scalar(select(UserSession).where(UserSession.kiosk)) is None


def test_a_visitor_who_chose_english_leaves_a_dutch_kiosk_behind(client, login_as):
    """Without logging in, English on the kiosk lasts 2 minutes: every page, the start screen too, then goes to the
    idle address (htmx, or a meta refresh without JavaScript), which puts the kiosk back in Dutch."""
    make_kiosk(client, login_as)
    start = client.get("/kiosk").get_data(as_text=True)
    assert 'lang="nl"' in start and "http-equiv" not in start  # a Dutch start screen waits as it is
    client.get("/language/en?next=/kiosk")
    for path in ("/kiosk", "/kiosk/today"):
        page = client.get(path).get_data(as_text=True)
        assert 'lang="en"' in page and 'content="125;url=/kiosk/idle"' in page
        assert 'hx-get="/kiosk/idle/warning"' in page
    assert client.get("/kiosk/idle").headers["Location"] == "/kiosk"
    page = client.get("/kiosk").get_data(as_text=True)
    assert 'lang="nl"' in page and "Welkom in het buurthuis" in page and "http-equiv" not in page


def test_english_chosen_at_the_kiosk_stays_after_logging_in(app, client, login_as, make_user, auth):
    """Someone taps English on the kiosk's start screen and logs in to a Dutch account: the pages stay English for
    their session (the account keeps its own Dutch: on a shared computer a choice is for the session, whoever made
    it); after "Done" the kiosk is Dutch."""
    make_kiosk(client, login_as)
    resident = make_user(name="Kwame Mensah", language="nl")
    client.get("/language/en?next=/kiosk")
    auth.login(resident)
    for path in ("/kiosk", "/kiosk/help", "/account"):
        page = client.get(path).get_data(as_text=True)
        assert 'lang="en"' in page and "Logged in as Kwame Mensah" in page, path
    with app.app_context():
        assert db.session.get(User, resident.id).language == "nl"
    client.post("/kiosk/done")
    assert 'lang="nl"' in client.get("/kiosk").get_data(as_text=True)
    auth.login(make_user(name="Amira", language="nl"))  # the next person chose nothing: their account's Dutch
    assert "Ingelogd als Amira" in client.get("/kiosk").get_data(as_text=True)


def test_print_pages_at_the_kiosk_return_to_the_start_screen(app, client, login_as, make_user, auth):
    """Print pages at the kiosk go back to the start screen like every kiosk page, and offer the start screen; the
    return is hidden on paper. Elsewhere a print page stays as it was."""
    from portal.core.time import today
    from portal.ideas.services import propose
    from portal.voice.models import Position
    from portal.voice.services import closes_at_for

    with app.app_context():
        idea = propose("Een bankje bij de vijver", "Om uit te rusten.", "idea", None, None, "Ans", "0612345678")
        position = Position(title="Het plein", text="Het stadsdeel wil het plein opnieuw inrichten.",
                            closes_at=closes_at_for(today() + timedelta(days=7)))
        db.session.add(position)
        db.session.commit()
        paths = (f"/poster/idea/{idea.id}", "/buurtbericht", f"/buurtstem/{position.id}/print")
    outside = app.test_client()
    for path in paths:
        page = outside.get(path).get_data(as_text=True)
        assert "http-equiv" not in page and "kiosk-idle" not in page and "/kiosk" not in page, path
    make_kiosk(client, login_as)
    client.get("/language/en?next=/kiosk")
    for path in paths:
        page = client.get(path).get_data(as_text=True)
        assert '<noscript><meta http-equiv="refresh" content="125;url=/kiosk/idle"></noscript>' in page, path
        assert 'id="kiosk-idle" hidden hx-get="/kiosk/idle/warning"' in page and "/_partials" not in page, path
        assert '<a class="button" href="/kiosk">Start screen</a>' in page, path
    assert '<a class="back" href="/kiosk">' in client.get(f"/poster/idea/{idea.id}").get_data(as_text=True)
    auth.login(make_user(name="Kwame"))
    page = client.get("/buurtbericht").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="125;url=/kiosk"></noscript>' in page
    # English, chosen before logging in, stays for the session
    assert 'hx-trigger="every 5s"' in page and "Logged in as Kwame" in page and "/htmx" in page



@pytest.mark.parametrize(("idle", "spoken"), [
    (30, None), (91, "seconden uitgelogd, zodat"), (96, None), (101, None), (111, "seconden, dan word je uitgelogd"),
    (115, None)])
def test_the_logged_in_warning_is_read_out_when_it_comes_and_at_ten_seconds(app, client, login_as, make_user, auth,
                                                                           idle, spoken):
    """Screen readers hear the session's warning when it first shows and once at 10 s, not at every ask (every
    5 s); typing or "I am still here" empties what they would read."""
    make_kiosk(client, login_as)
    auth.login(make_user(name="Kwame"))
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen=utcnow() - timedelta(seconds=idle, milliseconds=500)))
        db.session.commit()
    body = client.get("/kiosk/session", headers=HX).get_data(as_text=True)
    said = re.search(r'<p id="kiosk-session-say" hx-swap-oob="innerHTML">(.*?)</p>', body)
    if spoken is None:
        assert said is None, body
    else:
        assert said is not None and spoken in said.group(1), body
    emptied = client.get("/kiosk/active", headers=HX).get_data(as_text=True)
    assert '<p id="kiosk-session-say" hx-swap-oob="innerHTML"></p>' in emptied
    page = client.get("/kiosk/today").get_data(as_text=True)
    assert '<p id="kiosk-session-say" class="visually-hidden" role="status" aria-live="polite"></p>' in page


def test_a_language_chosen_at_the_kiosk_is_for_this_session_not_the_account(app, client, login_as, make_user, auth):
    """The librarian, logged in at the kiosk, taps English for a walk-in: her pages turn English for this session,
    her account stays Dutch (elsewhere she reads Dutch), and after "Done" the kiosk is Dutch again. Away from a
    kiosk, choosing a language still keeps it on the account."""
    make_kiosk(client, login_as)
    librarian = make_user(role="librarian", language="nl")
    auth.login(librarian)
    client.get("/language/en")
    assert '<html lang="en" class="kiosk">' in client.get("/kiosk").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, librarian.id).language == "nl"
    client.post("/kiosk/done")
    assert '<html lang="nl" class="kiosk">' in client.get("/kiosk").get_data(as_text=True)
    elsewhere = app.test_client()
    assert elsewhere.post("/login", data={"email": librarian.email, "password": PASSWORD}).status_code == 303
    elsewhere.get("/language/en")
    with app.app_context():
        assert db.session.get(User, librarian.id).language == "en"
