"""Partner feeds (the library's, the stadsdeel's, a welfare organisation's) and the items imported from them.

Imported items are never ours: each keeps its origin (the feed) and its link back, and is shown with both.
A feed linked to a members-only initiative, and its items, are seen only by who may see that initiative.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import UTCDateTime, one_of, utcnow
from portal.extensions import db

STATUSES = ("ok", "failed")


class PartnerFeed(db.Model):
    __tablename__ = "partner_feeds"
    __table_args__ = (CheckConstraint(one_of("last_status", STATUSES), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(1000), unique=True)
    origin: Mapped[str] = mapped_column(String(120))  # who publishes it, shown with every item ("OBA Reigersbos")
    # The members of a members-only initiative see its feed; deleting the initiative deletes the feed, so its
    # items never turn public.
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"), index=True)
    site_url: Mapped[str | None] = mapped_column(String(1000))  # the partner's own page, from the feed
    kind: Mapped[str | None] = mapped_column(String(10))  # "ical", "atom" or "rss", as last read
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[str | None] = mapped_column(String(10))
    last_error: Mapped[str] = mapped_column(String(40), default="", server_default="")  # a reason code
    last_detail: Mapped[str] = mapped_column(String(300), default="", server_default="")
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    item_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    items = relationship("FeedItem", lazy="raise", back_populates="feed", cascade="all, delete-orphan",
                         passive_deletes=True)

    def __repr__(self) -> str:
        return f"<PartnerFeed {self.id} {self.origin!r}>"

    @property
    def dom_id(self) -> str:
        return f"feed-{self.id}"


class FeedItem(db.Model):
    __tablename__ = "feed_items"
    __table_args__ = (
        Index("ix_feed_items_event_start", "is_event", "sort_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("partner_feeds.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    link: Mapped[str | None] = mapped_column(String(1000))  # an absolute http(s) address, or none
    summary: Mapped[str] = mapped_column(String(300), default="", server_default="")
    is_event: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    all_day: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sort_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the start of an event, or when news was published

    feed = relationship("PartnerFeed", lazy="raise", back_populates="items")

    def __repr__(self) -> str:
        return f"<FeedItem {self.id} feed={self.feed_id}>"

    @property
    def dom_id(self) -> str:
        return f"feed-item-{self.id}"
