"""The applause feed, shout-outs, claps, names, moderation, photos, wall, print and Atom."""

import io
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from portal.applause.models import Clap, ModerationEntry, Shout
from portal.extensions import db
from tests.conftest import HX, PASSWORD


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def image_bytes(fmt: str = "JPEG", size=(2400, 1600), exif_gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    for x in range(0, size[0], 40):  # some detail, so the encoder has work to do
        image.paste((x % 255, 80, 160), (x, 0, x + 20, size[1]))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (52.0, 18.0, 0.0)}  # GPSInfo
        exif[0x010F] = "PhoneMaker"
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


def test_feed_shows_newest_first_and_is_public(client, make_shout):
    """The feed lists visible shout-outs, newest first, for everyone."""
    make_shout("first thanks")
    make_shout("second thanks")
    page = client.get("/applause").get_data(as_text=True)
    assert page.index("second thanks") < page.index("first thanks")


def test_feed_pages_with_a_cursor_not_offset(client, make_shout, app):
    """The feed shows 10 at a time, and the next page continues after the last one shown."""
    for number in range(15):
        make_shout(f"thanks number {number:02d}")
    page = client.get("/applause").get_data(as_text=True)
    assert "thanks number 14" in page and "thanks number 05" in page and "thanks number 04" not in page
    cursor = re.search(r'href="/applause\?before=(\d+)"', page).group(1)
    second = client.get(f"/applause?before={cursor}").get_data(as_text=True)
    assert "thanks number 04" in second and "thanks number 00" in second and "thanks number 05" not in second
    assert "Oudere bedankjes" not in second  # the last page offers no further page
    fragment = client.get(f"/applause?before={cursor}", headers=HX)
    assert "<html" not in fragment.get_data(as_text=True) and "HX-Request" in fragment.headers["Vary"]
    boosted = client.get(f"/applause?before={cursor}", headers={**HX, "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)


def test_feed_filters_by_initiative(client, make_shout, make_initiative):
    """The feed can show one initiative's shout-outs."""
    garden = make_initiative("Groen")
    make_shout("garden thanks", initiative=garden)
    make_shout("other thanks")
    feed = client.get("/applause").get_data(as_text=True)
    assert f'href="/applause?initiative={garden.id}"' in feed
    page = client.get(f"/applause?initiative={garden.id}").get_data(as_text=True)
    assert "garden thanks" in page and "other thanks" not in page
    assert client.get("/applause?initiative=99999").status_code == 404


def test_post_a_shout_out(app, client, login_as, make_initiative):
    """A resident thanks someone; it is live at once on its own page."""
    login_as()
    garden = make_initiative("Groen in de buurt")
    response = client.post("/applause/new", data={"thanked_name": "Sanne", "initiative": garden.id,
                                                  "text": "Voor het water geven."})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bedankt, Sanne!" in page and "Groen in de buurt" in page
    assert "Voor het water geven." in client.get("/applause").get_data(as_text=True)


@pytest.mark.parametrize("data, field, message", [
    ({"thanked_name": "A", "text": ""}, "text", "Vul dit in."),
    ({"thanked_name": "A", "text": "x" * 1001}, "text", "hoogstens 1000 tekens"),
    ({"thanked_name": "", "text": "thanks"}, "thanked_name", "Zeg wie je bedankt"),
    ({"thanked_name": "A", "text": "thanks", "initiative": "999"}, "initiative", "Kies een initiatief uit de lijst."),
    ({"thanked_name": "A", "text": "thanks", "initiative": "abc"}, "initiative", ""),
])
def test_bad_shout_input_is_refused_at_the_field(app, client, login_as, data, field, message):
    """Empty or long text, nobody thanked, an unknown initiative: a message at the field, nothing stored."""
    login_as()
    response = client.post("/applause/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in page and message in page
    if data["text"]:
        assert data["text"][:50] in page  # what was typed is kept
    assert count(app, Shout) == 0


def test_photo_is_cleaned_scaled_and_small(app, client, login_as):
    """A photo loses its metadata, is re-encoded and scaled: at most 150 KB large and 30 KB small."""
    login_as()
    response = client.post("/applause/new", data={
        "thanked_name": "Kim", "text": "Met foto", "photo": (io.BytesIO(image_bytes(exif_gps=True)), "p.jpg")},
        content_type="multipart/form-data")
    assert response.status_code == 303
    with app.app_context():
        shout = db.session.scalar(select(Shout))
    page = client.get(f"/applause/{shout.id}").get_data(as_text=True)
    assert f'width="{shout.photo_width}" height="{shout.photo_height}"' in page and 'loading="lazy"' in page
    for name, budget, longest in ((shout.photo, 150 * 1024, 1280), (f"{shout.photo}-s", 30 * 1024, 480)):
        served = client.get(f"/applause/photos/{name}.jpg")
        assert served.status_code == 200 and served.mimetype == "image/jpeg"
        assert "sandbox" in served.headers["Content-Security-Policy"]
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        data = served.get_data()
        served.close()
        assert len(data) <= budget
        with Image.open(io.BytesIO(data)) as image:
            assert max(image.size) <= longest
            assert not image.getexif() and "exif" not in image.info


def test_a_photo_is_served_only_with_a_shout_out_the_viewer_may_see(app, client, login_as, auth, make_initiative):
    """A members-only group's shout-out photo is a 404 to outsiders and never publicly cached; a name alone (a
    photo another feature stored) opens nothing; a public shout-out's photo is public."""
    from portal.photos import messages, store_photo

    secret = make_initiative(name="Besloten groep")
    with app.app_context():
        from portal.initiatives.models import Initiative
        db.session.get(Initiative, secret.id).visibility = "members"
        db.session.commit()
    member = login_as()
    with app.app_context():
        from portal.accounts.models import User
        from portal.initiatives import services as initiatives
        initiatives.join(secret.id, db.session.get(User, member.id))
        db.session.commit()
    for initiative, text in ((secret.id, "Besloten"), (0, "Openbaar")):
        response = client.post("/applause/new", data={
            "thanked_name": "Kim", "text": text, "initiative": initiative,
            "photo": (io.BytesIO(image_bytes(size=(400, 300))), "p.jpg")}, content_type="multipart/form-data")
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
    with app.test_request_context():
        hidden_photo = db.session.scalar(select(Shout.photo).where(Shout.text == "Besloten"))
        open_photo = db.session.scalar(select(Shout.photo).where(Shout.text == "Openbaar"))
        stray = store_photo(image_bytes(size=(400, 300)), messages()).name  # as events or initiatives store theirs
    own = client.get(f"/applause/photos/{hidden_photo}-s.jpg")
    assert own.status_code == 200 and "public" not in own.headers["Cache-Control"]
    own.close()
    auth.logout()
    assert client.get(f"/applause/photos/{hidden_photo}.jpg").status_code == 404
    assert client.get(f"/applause/photos/{hidden_photo}-s.jpg").status_code == 404
    assert client.get(f"/applause/photos/{stray}.jpg").status_code == 404
    shown = client.get(f"/applause/photos/{open_photo}.jpg")
    assert shown.status_code == 200 and "public" in shown.headers["Cache-Control"]
    shown.close()


@pytest.mark.parametrize("payload, name", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "x.svg"),
    (b"%PDF-1.4 not an image", "photo.jpg"),
    (None, "x.gif"),
])
def test_non_photos_are_refused(app, client, login_as, payload, name):
    """Anything but a real JPEG, PNG or WebP is refused with a message, and nothing is stored."""
    login_as()
    if payload is None:
        out = io.BytesIO()
        Image.new("RGB", (10, 10)).save(out, "GIF")
        payload = out.getvalue()
    response = client.post("/applause/new", data={"thanked_name": "Kim", "text": "Met foto",
                                                  "photo": (io.BytesIO(payload), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Dit is geen foto die we kunnen gebruiken" in response.get_data(as_text=True)
    assert count(app, Shout) == 0


def test_photos_over_ten_megabytes_are_refused(app):
    """A photo over 10 MB is refused with its own message before it is even opened; bodies over 12 MB get 413."""
    from portal import photos
    big = b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024 + 10)
    with app.app_context(), pytest.raises(photos.PhotoError, match="too large"):
        photos.store_photo(big, {"too_large": "too large", "not_image": "not an image"})
    assert app.config["MAX_CONTENT_LENGTH"] == 12 * 1024 * 1024


def test_png_and_webp_are_accepted(client, login_as):
    """PNG and WebP photos are accepted too."""
    login_as()
    for fmt in ("PNG", "WEBP"):
        response = client.post("/applause/new", data={
            "thanked_name": "Kim", "text": fmt, "photo": (io.BytesIO(image_bytes(fmt, (800, 600))), "p")},
            content_type="multipart/form-data")
        assert response.status_code == 303, fmt


def test_clap_toggles_with_htmx_and_plain_forms(app, client, login_as, make_shout):
    """A clap counts once; a second clap takes it back; htmx gets the button, plain forms a redirect."""
    shout = make_shout()
    login_as()
    response = client.post(f"/applause/{shout.id}/clap", data={"next": "/applause"}, headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'aria-pressed="true"' in body
    assert '<span class="clap-count">1<' in body
    response = client.post(f"/applause/{shout.id}/clap", data={"next": "/applause"})
    assert response.status_code == 303 and response.headers["Location"] == f"/applause#shout-{shout.id}"
    assert count(app, Clap) == 0
    with app.app_context():
        assert db.session.get(Shout, shout.id).clap_count == 0


def test_anonymous_cannot_clap(app, client, make_shout):
    """Claps need a log-in."""
    shout = make_shout()
    response = client.post(f"/applause/{shout.id}/clap")
    assert response.status_code == 303 and "/login" in response.headers["Location"]
    assert count(app, Clap) == 0


def test_clap_on_hidden_or_missing_shout_is_refused(app, client, login_as, make_shout):
    """Clapping for a hidden or missing shout-out answers 404 and counts nothing."""
    hidden = make_shout(hidden=True)
    login_as()
    assert client.post(f"/applause/{hidden.id}/clap").status_code == 404
    assert client.post("/applause/99999/clap").status_code == 404
    assert count(app, Clap) == 0


def test_hidden_shout_is_gone_for_the_public(client, make_shout):
    """A hidden shout-out is on no public view."""
    shout = make_shout("secret text here", hidden=True)
    assert client.get(f"/applause/{shout.id}").status_code == 404
    for path in ("/applause", "/applause/feed.atom", "/kiosk/applause", "/applause/print", "/"):
        assert "secret text here" not in client.get(path).get_data(as_text=True), path


def test_report_and_moderation(app, client, login_as, make_shout, make_user):
    """Anyone logged in reports; a coordinator hides, it leaves the feed, and the log keeps who and when."""
    shout = make_shout("not nice words")
    login_as()
    assert client.post(f"/applause/{shout.id}/report").status_code == 303
    client.post("/logout")
    coordinator = login_as("coordinator", name="Coco")
    page = client.get("/applause/moderation").get_data(as_text=True)
    assert "not nice words" in page
    assert client.post(f"/applause/{shout.id}/hide", data={"reason": "rude"}).status_code == 303
    client.post("/logout")
    assert "not nice words" not in client.get("/applause").get_data(as_text=True)
    login_as("coordinator")
    assert client.post(f"/applause/{shout.id}/unhide").status_code == 303
    with app.app_context():
        log = db.session.scalars(select(ModerationEntry).order_by(ModerationEntry.id)).all()
        assert [(e.action, e.actor_id, e.reason) for e in log][0] == ("hide", coordinator.id, "rude")
        assert log[1].action == "unhide" and log[0].at is not None
    page = client.get("/applause/moderation").get_data(as_text=True)
    assert "Coco" in page and "rude" in page


@pytest.mark.parametrize("action", ["hide", "unhide"])
def test_residents_cannot_moderate(app, client, login_as, make_shout, action):
    """A resident cannot hide or unhide someone else's shout-out."""
    shout = make_shout()
    login_as()
    assert client.post(f"/applause/{shout.id}/{action}").status_code == 403
    assert client.get("/applause/moderation").status_code == 403
    assert count(app, ModerationEntry) == 0


def test_only_the_author_deletes(app, client, login_as, make_shout, make_user, auth):
    """A resident cannot delete someone else's shout-out, nor can a coordinator; the author can."""
    author = make_user()
    shout = make_shout(author=author)
    login_as()
    assert client.post(f"/applause/{shout.id}/delete").status_code == 403
    client.post("/logout")
    login_as("coordinator")
    assert client.post(f"/applause/{shout.id}/delete").status_code == 403
    client.post("/logout")
    auth.login(author)
    assert client.post(f"/applause/{shout.id}/delete").status_code == 303
    assert count(app, Shout) == 0


def test_there_is_no_edit(client, login_as, make_shout):
    """Nobody, not even a coordinator, can change the words of a shout-out."""
    shout = make_shout()
    login_as("admin")
    assert client.post(f"/applause/{shout.id}/edit", data={"text": "changed"}).status_code in (404, 405)


def test_opted_out_names_say_a_neighbour_in_public_views(client, make_shout, make_user, login_as):
    """A person who opted out is "a neighbour" on the wall, the Atom feed, the sheet and the public feed."""
    shy = make_user(name="Shy Person", show_name_in_public=False)
    make_shout("for the flowers", thanked_name="Shy Person", thanked_user=shy,
               author=make_user(name="Also Shy", show_name_in_public=False))
    for path in ("/applause", "/applause/feed.atom", "/applause/print", "/kiosk/applause"):
        body = client.get(path).get_data(as_text=True)
        assert "for the flowers" in body and "Shy Person" not in body and "Also Shy" not in body, path
        assert "een buurtbewoner" in body, path
    login_as()
    page = client.get("/applause").get_data(as_text=True)
    assert "Shy Person" in page and "Also Shy" in page  # neighbours who log in see names


def test_thanked_person_takes_their_name_off(app, client, make_shout, make_user, auth):
    """The thanked person can take their name off; every view then says "a neighbour"."""
    me = make_user(name="Modest Mo")
    shout = make_shout(thanked_name="Mo", thanked_user=me)
    auth.login(me)
    assert "Haal mijn naam weg" in client.get(f"/applause/{shout.id}").get_data(as_text=True)
    assert client.post(f"/applause/{shout.id}/remove-name").status_code == 303
    client.post("/logout")
    page = client.get(f"/applause/{shout.id}").get_data(as_text=True)
    assert "Bedankt, een buurtbewoner!" in page and "Modest Mo" not in page


def test_others_cannot_take_a_name_off(client, login_as, make_shout, make_user):
    """Only the thanked person removes their name."""
    shout = make_shout(thanked_user=make_user())
    login_as("coordinator")
    assert client.post(f"/applause/{shout.id}/remove-name").status_code == 403


def test_automatic_shout_is_marked(app, client, make_user, make_initiative):
    """Other features post through one function; the feed marks those shout-outs."""
    from portal.applause.services import post_automatic_shout
    from portal.boards.models import Task

    doer, initiative = make_user(name="Doer"), make_initiative()
    with app.app_context():
        task = Task(initiative_id=initiative.id, title="20 chairs to the square", status="done")
        db.session.add(task)
        db.session.flush()
        post_automatic_shout("task", task.id, [doer.id], 0, initiative.id)
        db.session.commit()
    page = client.get("/applause").get_data(as_text=True)
    assert "Klus geklaard: 20 chairs" in page and "Automatisch: een klus is klaar" in page and "Bedankt, Doer!" in page


def test_wall_refreshes_with_and_without_javascript(client, make_shout):
    """The wall needs no log-in, shows one shout-out large, and moves on every 30 s (htmx or meta refresh)."""
    make_shout("older one")
    make_shout("newest one")
    page = client.get("/kiosk/applause").get_data(as_text=True)
    assert "newest one" in page and 'hx-trigger="every 30s"' in page
    assert '<noscript><meta http-equiv="refresh" content="30;url=/kiosk/applause?i=1">' in page
    fragment = client.get("/kiosk/applause?i=1", headers=HX).get_data(as_text=True)
    assert "older one" in fragment and "<html" not in fragment and 'hx-get="/kiosk/applause?i=0"' in fragment


def test_print_sheet_has_this_week_and_a_qr_code(client, make_shout):
    """The notice-board sheet lists this week's shout-outs and a QR code to the feed."""
    make_shout("printed thanks")
    page = client.get("/applause/print").get_data(as_text=True)
    assert "printed thanks" in page and "/qr.svg?path=/applause" in page
    qr = client.get("/qr.svg?path=/applause")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data


def test_atom_feed(client, make_shout):
    """The Atom feed lists shout-outs with stable ids and links."""
    shout = make_shout("atom thanks")
    response = client.get("/applause/feed.atom")
    body = response.get_data(as_text=True)
    assert response.mimetype == "application/atom+xml"
    assert f"/applause/{shout.id}</id>" in body and "atom thanks" in body


def test_home_shows_newest_applause(client, make_shout):
    """The home page shows the newest shout-outs."""
    make_shout("home page thanks")
    assert "home page thanks" in client.get("/").get_data(as_text=True)


def test_account_deletion_keeps_thanks_without_names(app, client, make_shout, make_user, auth):
    """A deleted author's thanks stay as "a former neighbour"; thanks to them say "a neighbour"."""
    me = make_user(name="Leaving Lee")
    make_shout("thanks written by Lee", author=me)
    make_shout("thanks to Lee", thanked_name="Lee", thanked_user=me)
    auth.login(me)
    client.post("/account/delete", data={"password": PASSWORD})
    page = client.get("/applause").get_data(as_text=True)
    assert "een oud-buurtbewoner" in page and "Bedankt, een buurtbewoner!" in page and "Lee" not in page.replace(
        "thanks written by Lee", "").replace("thanks to Lee", "")
