"""`flask --app portal import-feeds`: good feeds are stored, bad ones skipped with a logged reason."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from portal.extensions import db
from portal.feeds import services
from portal.feeds.models import FeedItem, PartnerFeed
from portal.feeds.parse import Item

BAD = {"/page.html": "html", "/huge": "too_large", "/slow": "timeout", "/loop-a": "redirect_loop",
       "/hop/4": "too_many_redirects", "/bomb.rss": "hostile_xml", "/missing.ics": "bad_status"}
GOOD = ["/good.ics", "/good.atom", "/good.rss", "/hostile.atom", "/hop/3"]


def add(app, url: str, origin: str = "Partner", initiative_id=None) -> int:
    """Add a feed directly and return its id."""
    with app.app_context():
        feed = PartnerFeed(url=url, origin=origin, initiative_id=initiative_id)
        db.session.add(feed)
        db.session.commit()
        return feed.id


def run_import(app):
    """Run the command and return its result."""
    return app.test_cli_runner().invoke(args=["import-feeds"])


def feeds(app) -> dict[str, PartnerFeed]:
    with app.app_context():
        rows = db.session.scalars(select(PartnerFeed)).all()
        db.session.expunge_all()
        return {feed.url.split(":", 2)[2].split("/", 1)[1]: feed for feed in rows}


def item_count(app, feed_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(FeedItem).where(FeedItem.feed_id == feed_id))


def test_good_feeds_are_read_and_bad_ones_skipped_with_a_reason(app, feed_server, allow_local, caplog):
    """One run reads every good feed and skips each bad one with its reason logged and stored; none blocks."""
    for path in [*GOOD, *BAD]:
        add(app, feed_server.url(path), origin=f"Origin {path}")
    started = datetime.now(UTC)
    with caplog.at_level("INFO", logger="portal.feeds"):
        result = run_import(app)
    assert result.exit_code == 0, result.output
    assert f"{len(GOOD)} read, {len(BAD)} skipped" in result.output
    assert datetime.now(UTC) - started < timedelta(seconds=8)  # the slow one stopped at its 1 s limit
    stored = feeds(app)
    for path, code in BAD.items():
        feed = stored[path.lstrip("/")]
        assert (feed.last_status, feed.last_error) == ("failed", code)
        assert any(f"Origin {path}" in line and f"skipped: {code}" in line for line in caplog.messages)
    assert all(stored[path.lstrip("/")].last_status == "ok" for path in GOOD)
    calendar = stored["good.ics"]
    assert calendar.kind == "ical" and calendar.item_count == 3  # the event of a month ago is not kept
    assert stored["good.atom"].item_count == 1 and stored["good.atom"].site_url == "https://stadsdeel.example/"


def test_private_addresses_are_refused_without_the_setting(app, feed_server):
    """Without FEEDS_ALLOW_PRIVATE the local server is not even asked: the feed fails as a private address."""
    add(app, feed_server.url("/good.atom"))
    before = len(feed_server.hosts)
    assert "0 read, 1 skipped" in run_import(app).output
    feed = feeds(app)["good.atom"]
    assert (feed.last_status, feed.last_error) == ("failed", "private_address")
    assert len(feed_server.hosts) == before


def test_each_import_replaces_the_items_and_a_failure_keeps_them(app, feed_server, allow_local):
    """Importing twice keeps one copy of each item; when the feed breaks, its last good items stay shown."""
    feed_id = add(app, feed_server.url("/good.ics"))
    run_import(app)
    run_import(app)
    assert item_count(app, feed_id) == 3
    with app.app_context():
        db.session.execute(update(PartnerFeed).values(url=feed_server.url("/page.html")))
        db.session.commit()
    run_import(app)
    feed = feeds(app)["page.html"]
    assert feed.last_status == "failed" and feed.last_ok_at is not None and item_count(app, feed_id) == 3


def test_an_import_gives_the_public_pages_a_new_etag(app, feed_server, allow_local):
    """Imported partner events show on public pages: after an import, a reload with the old ETag gets the new page."""
    add(app, feed_server.url("/good.ics"))
    visitor = app.test_client()
    before = visitor.get("/embed/agenda").headers["ETag"]
    assert visitor.get("/embed/agenda", headers={"If-None-Match": before}).status_code == 304
    assert run_import(app).exit_code == 0
    after = visitor.get("/embed/agenda", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


def test_a_removed_feed_takes_its_items(app, feed_server, allow_local):
    """Removing a feed removes what was imported from it."""
    feed_id = add(app, feed_server.url("/good.rss"))
    run_import(app)
    assert item_count(app, feed_id) == 2
    with app.app_context():
        assert services.remove_feed(feed_id) and not services.remove_feed(feed_id)
    assert item_count(app, feed_id) == 0


def test_only_coming_and_recent_items_are_kept_and_bounded():
    """Events not over a day ago and news of the last two months are kept, at most MAX_ITEMS_PER_FEED per feed."""
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    events = [Item(f"Event {day}", None, "", starts_at=now + timedelta(days=day)) for day in range(-3, 120)]
    news = [Item("Old", None, "", published_at=now - timedelta(days=90)),
            Item("Undated", None, ""), Item("New", None, "", published_at=now - timedelta(days=2))]
    kept = services.keep(events + news, now)
    assert len(kept) == services.MAX_ITEMS_PER_FEED
    assert kept[0].title == "Event -1" and all(item.title not in ("Old", "Undated") for item in kept)
    few = services.keep(events[:10] + news, now)
    assert [item.title for item in few][-1] == "New" and "Event -2" not in [item.title for item in few]


@pytest.mark.parametrize("fail", ["private_address", "unexpected"])
def test_the_health_check_counts_failing_feeds(app, feed_server, fail, login_as, client, monkeypatch):
    """An admin's deep health check says how many partner feeds failed at their last import."""
    add(app, feed_server.url("/good.atom"))
    if fail == "unexpected":  # a bug in reading one feed must not stop the run: it is logged and counted
        monkeypatch.setitem(app.config, "FEEDS_ALLOW_PRIVATE", True)
        monkeypatch.setattr(services, "parse", lambda *args: 1 / 0)
    assert "0 read, 1 skipped" in run_import(app).output
    assert feeds(app)["good.atom"].last_error == fail
    login_as("admin")
    assert client.get("/healthz?deep=1").get_json()["partner_feeds_failing"] == 1
