"""Partner feeds: adding and removing them, importing their items, and the items each person may see.

A page never fetches a feed: `import_all()` runs from cron (`flask --app portal import-feeds`), outside any
request, and holds no database transaction while it waits for the internet. Each successful import replaces
the feed's items in one transaction; a failed one keeps the last good items and records the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Executable, Integer, bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import Viewer
from portal.db import UTCDateTime, rows_changed, utcnow, write_transaction
from portal.extensions import db
from portal.feeds.fetch import FetchError, Limits, fetch
from portal.feeds.models import FeedItem, PartnerFeed
from portal.feeds.parse import Item, ParseFailure, parse, safe_link
from portal.initiatives import services as initiatives

log = logging.getLogger("portal.feeds")

MAX_ITEMS_PER_FEED = 40
EVENTS_AHEAD = timedelta(days=92)
EVENTS_BEHIND = timedelta(days=1)  # an event that ended yesterday is still "recent"
NEWS_BEHIND = timedelta(days=60)


@dataclass(frozen=True)
class Shown:
    """An imported item as a page shows it: with its origin named and linked."""

    item: FeedItem
    origin: str
    site_url: str | None


def normalise_url(url: str) -> str:
    """Return a feed address as typed, trimmed (the unique constraint compares this)."""
    return url.strip()


def find_by_url(url: str) -> PartnerFeed | None:
    """Return the feed with this address, if one was added."""
    return db.session.scalar(select(PartnerFeed).where(PartnerFeed.url == normalise_url(url)))


def add_feed(url: str, origin: str, initiative_id: int | None, user_id: int) -> PartnerFeed | None:
    """Add a partner feed (committed); None when the address was added already (also by someone at once)."""
    feed = PartnerFeed(url=normalise_url(url), origin=origin.strip(), initiative_id=initiative_id,
                       added_by_id=user_id)
    try:
        with write_transaction(db.session):
            db.session.add(feed)
    except IntegrityError:
        return None
    return feed


def remove_feed(feed_id: int) -> bool:
    """Remove a partner feed and its items (committed); False when it was gone already."""
    with write_transaction(db.session):
        db.session.execute(delete(FeedItem).where(FeedItem.feed_id == feed_id))
        return rows_changed(db.session, delete(PartnerFeed).where(PartnerFeed.id == feed_id)) > 0


def get_feed(feed_id: int) -> PartnerFeed | None:
    """Return a feed by id (for coordinators, who see every feed)."""
    return db.session.get(PartnerFeed, feed_id)


def all_feeds() -> list[tuple[PartnerFeed, str | None]]:
    """Return every feed with the name of its initiative, A to Z by origin (coordinators' page; two queries)."""
    feeds = list(db.session.scalars(select(PartnerFeed).order_by(PartnerFeed.origin, PartnerFeed.id)))
    names = initiatives.names_by_id({feed.initiative_id for feed in feeds if feed.initiative_id})
    return [(feed, names.get(feed.initiative_id) if feed.initiative_id else None) for feed in feeds]


def limits_from(config: dict) -> Limits:
    """Return the fetch limits from the app settings."""
    return Limits(timeout=float(config["FEEDS_TIMEOUT_SECONDS"]), max_bytes=int(config["FEEDS_MAX_BYTES"]),
                  max_redirects=int(config["FEEDS_MAX_REDIRECTS"]), allow_private=bool(config["FEEDS_ALLOW_PRIVATE"]),
                  user_agent=f"Buurtbouw feed reader (+{config['PUBLIC_URL']})")


def keep(items: list[Item], now: datetime) -> list[Item]:
    """Return the items worth showing: events not yet over (up to 3 months ahead), news of the last 2 months;
    at most MAX_ITEMS_PER_FEED, the soonest events and newest news first."""
    events = sorted((item for item in items if item.starts_at and (item.ends_at or item.starts_at) >=
                     now - EVENTS_BEHIND and item.starts_at <= now + EVENTS_AHEAD),
                    key=lambda item: item.sort_at or now)
    news = sorted((item for item in items if not item.starts_at and item.published_at
                   and now - NEWS_BEHIND <= item.published_at <= now + timedelta(days=1)),
                  key=lambda item: item.sort_at or now, reverse=True)
    return (events + news)[:MAX_ITEMS_PER_FEED]


def import_feed(feed_id: int, url: str, limits: Limits) -> tuple[bool, str]:
    """Fetch, read and store one feed; return (ok, a line for the log). Never raises for a bad feed."""
    now = utcnow()
    try:
        fetched = fetch(url, limits)
        parsed = parse(fetched.body, fetched.content_type, fetched.url)
    except (FetchError, ParseFailure) as error:
        _record_failure(feed_id, error.code, error.detail, now)
        return False, f"skipped: {error.code}{f' ({error.detail})' if error.detail else ''}"
    items = keep(parsed.items, now)
    with write_transaction(db.session):
        # The UPDATE first: it locks the feed's row, so two imports at once replace the items one after the other.
        if not rows_changed(db.session, update(PartnerFeed).where(PartnerFeed.id == feed_id).values(
                last_fetched_at=now, last_ok_at=now, last_status="ok", last_error="", last_detail="",
                kind=parsed.kind, site_url=parsed.site or safe_link(fetched.url), item_count=len(items))):
            return False, "skipped: the feed was removed meanwhile"
        db.session.execute(delete(FeedItem).where(FeedItem.feed_id == feed_id))
        db.session.add_all(FeedItem(
            feed_id=feed_id, title=item.title, link=item.link, summary=item.summary,
            is_event=item.starts_at is not None, starts_at=item.starts_at, ends_at=item.ends_at,
            all_day=item.all_day, published_at=item.published_at, sort_at=item.sort_at or now) for item in items)
    return True, f"ok: {len(items)} item(s) of {len(parsed.items)} kept ({parsed.kind})"


def _record_failure(feed_id: int, code: str, detail: str, now: datetime) -> None:
    with write_transaction(db.session):
        db.session.execute(update(PartnerFeed).where(PartnerFeed.id == feed_id).values(
            last_fetched_at=now, last_status="failed", last_error=code[:40], last_detail=detail[:300]))


def import_all(limits: Limits) -> tuple[int, int]:
    """Import every feed, one after the other; a broken one is logged and skipped. Return (ok, failed)."""
    feeds = db.session.execute(select(PartnerFeed.id, PartnerFeed.origin, PartnerFeed.url).order_by(
        PartnerFeed.id)).all()
    db.session.commit()  # no transaction stays open while we wait for the internet
    done = failed = 0
    for feed_id, origin, url in feeds:
        try:
            ok, line = import_feed(feed_id, url, limits)
        except Exception as error:  # noqa: BLE001 - one feed must never stop the others
            db.session.rollback()
            ok, line = False, f"skipped: unexpected {type(error).__name__}"
            log.exception("feed %s (%s) failed unexpectedly", feed_id, origin)
            _record_failure(feed_id, "unexpected", type(error).__name__, utcnow())
        (log.info if ok else log.warning)("feed %s (%s) %s: %s", feed_id, origin, url[:200], line)
        done, failed = (done + 1, failed) if ok else (done, failed + 1)
    return done, failed


def _visible(user: Viewer) -> ColumnElement[bool]:
    return initiatives.linked_visible(user, PartnerFeed.initiative_id, optional=True)


def _shown(rows: Iterable[Any]) -> list[Shown]:
    return [Shown(item, origin, site) for item, origin, site in rows]


# The agenda's and the network's statements are built once per role (`initiatives.run_visible`): building them, with
# the visibility rule, cost more than running them. Moments and limits are bound parameters.
def _events_statement(viewer: Viewer) -> Executable:
    start = bindparam("start", type_=UTCDateTime)
    return (select(FeedItem, PartnerFeed.origin, PartnerFeed.site_url)
            .join(PartnerFeed, PartnerFeed.id == FeedItem.feed_id)
            .where(FeedItem.is_event.is_(True), FeedItem.sort_at < bindparam("end", type_=UTCDateTime),
                   FeedItem.sort_at >= bindparam("earliest", type_=UTCDateTime),
                   func.coalesce(FeedItem.ends_at, FeedItem.starts_at) > start, _visible(viewer))
            .order_by(FeedItem.sort_at, FeedItem.id).limit(bindparam("limit", type_=Integer)))


def _news_statement(viewer: Viewer) -> Executable:
    return (select(FeedItem, PartnerFeed.origin, PartnerFeed.site_url)
            .join(PartnerFeed, PartnerFeed.id == FeedItem.feed_id)
            .where(FeedItem.is_event.is_(False), FeedItem.sort_at >= bindparam("since", type_=UTCDateTime),
                   _visible(viewer))
            .order_by(FeedItem.sort_at.desc(), FeedItem.id.desc()).limit(bindparam("limit", type_=Integer)))


def events_between(user: Viewer, start: datetime, end: datetime, limit: int = 60) -> list[Shown]:
    """Return imported events that overlap [start, end), soonest first, that `user` may see (one query)."""
    return _shown(initiatives.run_visible("feeds.events_between", user, (), _events_statement, {
        "start": start, "end": end, "earliest": start - timedelta(days=31), "limit": limit}))


def newest_news(user: Viewer, since: datetime, limit: int = 5) -> list[Shown]:
    """Return the newest imported news items since `since` that `user` may see (one query)."""
    return _shown(initiatives.run_visible("feeds.newest_news", user, (), _news_statement,
                                          {"since": since, "limit": limit}))


def failing_count() -> int:
    """Return how many feeds failed at their last import (for the health check)."""
    return db.session.scalar(select(func.count()).select_from(PartnerFeed).where(
        PartnerFeed.last_status == "failed")) or 0
