"""What partner feeds add to other pages: the agenda, the network page, the health check; the reasons shown."""

from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.core import time as clock
from portal.core.registry import health_detail, page_section
from portal.db import utcnow
from portal.feeds import bp, services
from portal.feeds.parse import safe_link
from portal.permissions import has_role

AGENDA_DAYS = 7
NETWORK_DAYS = 14

# Why an import failed, in words for the coordinators' page (codes from portal.feeds.fetch and .parse).
REASONS = {
    "bad_address": _l("The address is not a valid web address."),
    "bad_scheme": _l("Only http:// and https:// addresses can be read."),
    "no_host": _l("The website could not be found."),
    "private_address": _l("The address leads into a private network; that is not allowed."),
    "timeout": _l("The website took longer than 10 seconds."),
    "too_large": _l("The feed is larger than 2 MB."),
    "too_many_redirects": _l("The website sent us on to another address too often."),
    "redirect_loop": _l("The website sends us round in a circle."),
    "bad_status": _l("The website answered with an error."),
    "compressed": _l("The website sent a packed answer we do not read."),
    "tls": _l("The secure connection failed (certificate)."),
    "connection": _l("The connection failed."),
    "html": _l("This is a web page, not a feed. Look on the website for a link to its calendar (.ics) or RSS."),
    "not_a_feed": _l("This is no calendar or news feed we can read."),
    "unreadable": _l("The feed has errors and could not be read."),
    "hostile_xml": _l("The feed holds XML tricks (entities) we refuse."),
    "unexpected": _l("Something unexpected went wrong."),
}


def reason(code: str) -> str:
    """Return the words for a failure code."""
    return str(REASONS.get(code, REASONS["unexpected"]))


@page_section("agenda", order=50)
def partner_events_this_week():
    """Show the partners' events of the coming week below the buurthuis agenda, each with its origin."""
    first = clock.today()
    start = max(clock.to_utc(datetime.combine(first, time(0))), utcnow())
    end = clock.to_utc(datetime.combine(first + timedelta(days=AGENDA_DAYS), time(0)))
    events = services.events_between(current_user, start, end)
    manage = has_role(current_user, "coordinator")
    if not events and not manage:
        return None
    return "feeds/_agenda.html", {"events": events, "manage": manage}


@page_section("network", order=50)
def partners_in_the_network():
    """Offer the network page the partners' coming events and newest news, each with its origin."""
    now = utcnow()
    events = services.events_between(current_user, now, now + timedelta(days=NETWORK_DAYS), limit=6)
    news = services.newest_news(current_user, now - services.NEWS_BEHIND, limit=4)
    if not events and not news:
        return None
    return "feeds/_network.html", {"events": events, "news": news}


@health_detail
def failing_feeds() -> dict:
    """Tell the admins' deep health check how many partner feeds failed at their last import."""
    return {"partner_feeds_failing": services.failing_count()}


@bp.app_template_filter("partner_link")
def partner_link(value: str | None) -> bool:
    """Tell whether an imported link may be shown: an absolute http(s) address, nothing else, ever."""
    return safe_link(value) is not None
