"""The feed fetcher and reader against a local server: good feeds read, bad ones refused with a reason."""

import socket
import time
from datetime import UTC, datetime

import pytest

from portal.feeds import fetch as fetch_module
from portal.feeds.fetch import FetchError, Limits, address_allowed, check_url, fetch
from portal.feeds.parse import ParseFailure, parse, safe_link


def read(server, path, limits):
    """Fetch and parse one feed of the local server."""
    fetched = fetch(server.url(path), limits)
    return parse(fetched.body, fetched.content_type, fetched.url)


def test_a_good_icalendar_is_read(feed_server, local_limits):
    """Events of an iCalendar feed come with title, times, summary and link; an all-day event too."""
    parsed = read(feed_server, "/good.ics", local_limits)
    assert parsed.kind == "ical" and parsed.title == "Bibliotheek"
    by_title = {item.title: item for item in parsed.items}
    cafe = by_title["Taalcafé in de bieb"]
    assert cafe.link == "https://library.example/taalcafe" and cafe.summary == "Nederlands oefenen, gezellig."
    assert cafe.starts_at.tzinfo is not None and cafe.ends_at > cafe.starts_at
    assert by_title["Boekenmarkt"].all_day and by_title["Digicafé"].link is None


def test_a_good_atom_feed_is_read(feed_server, local_limits):
    """Entries of an Atom feed come with title, link, summary and date; the site link is the feed's own."""
    parsed = read(feed_server, "/good.atom", local_limits)
    assert parsed.kind == "atom" and parsed.site == "https://stadsdeel.example/"
    first = parsed.items[0]
    assert (first.title, first.link) == ("Nieuwe speeltuin open", "https://stadsdeel.example/speeltuin")
    assert first.published_at < datetime.now(UTC)


def test_an_rss_feed_is_read_with_markup_turned_to_text(feed_server, local_limits):
    """RSS descriptions lose their HTML; a relative link is made absolute against the feed's address."""
    parsed = read(feed_server, "/good.rss", local_limits)
    assert parsed.kind == "rss" and parsed.site == "https://welzijn.example/"
    assert parsed.items[0].summary == "Elke dinsdag hulp met rekeningen."
    assert parsed.items[1].link == feed_server.url("/mantelzorg")


@pytest.mark.parametrize("path", ["/page.html", "/page-as-xml"])
def test_an_html_page_is_no_feed(feed_server, local_limits, path):
    """A web page, also one sent as RSS, is refused as "html"."""
    with pytest.raises(ParseFailure) as refused:
        read(feed_server, path, local_limits)
    assert refused.value.code == "html"


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_ten_megabytes_stop_at_two(feed_server, local_limits, path):
    """A 10 MB body is refused: at once when declared, after 2 MB counted while streaming when not."""
    started = time.monotonic()
    with pytest.raises(FetchError) as refused:
        fetch(feed_server.url(path), local_limits)
    assert refused.value.code == "too_large" and time.monotonic() - started < 5


def test_a_slow_trickle_stops_at_the_time_limit(feed_server):
    """A server that sends a byte now and then is cut off at the overall time limit, not per read."""
    started = time.monotonic()
    with pytest.raises(FetchError) as refused:
        fetch(feed_server.url("/slow"), Limits(allow_private=True, timeout=1.0))
    assert refused.value.code == "timeout"
    assert 0.9 < time.monotonic() - started < 2.5


def test_a_redirect_loop_is_refused(feed_server, local_limits):
    """Two addresses that send to each other stop as a loop."""
    with pytest.raises(FetchError) as refused:
        fetch(feed_server.url("/loop-a"), local_limits)
    assert refused.value.code == "redirect_loop"


def test_three_redirects_are_followed_four_are_not(feed_server, local_limits):
    """At most three redirects: the third still leads to the feed, a fourth is refused."""
    assert fetch(feed_server.url("/hop/3"), local_limits).url == feed_server.url("/good.atom")
    with pytest.raises(FetchError) as refused:
        fetch(feed_server.url("/hop/4"), local_limits)
    assert refused.value.code == "too_many_redirects"


def test_a_redirect_is_checked_again(feed_server, local_limits):
    """A redirect to another scheme (ftp) is refused like a first address would be."""
    with pytest.raises(FetchError) as refused:
        fetch(feed_server.url("/to-ftp"), local_limits)
    assert refused.value.code == "bad_scheme"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_a_private_address_is_refused_without_the_setting(feed_server, host):
    """Loopback (by number or by name) is refused before any connection when private addresses are not allowed."""
    before = len(feed_server.hosts)
    with pytest.raises(FetchError) as refused:
        fetch(f"http://{host}:{feed_server.port}/good.atom", Limits())
    assert refused.value.code == "private_address" and len(feed_server.hosts) == before


def test_every_resolved_address_is_checked(monkeypatch, feed_server):
    """A name that resolves to a public AND a private address is refused: every answer is checked."""
    answers = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 80)),
               (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", 80))]
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", lambda *args, **kwargs: answers)
    with pytest.raises(FetchError) as refused:
        fetch("http://partner.example/feed.ics", Limits())
    assert refused.value.code == "private_address" and "10.0.0.5" in refused.value.detail


def test_the_connection_goes_to_the_checked_address(monkeypatch, feed_server, local_limits):
    """The name is resolved once and the connection goes to that address, with the name in the Host header."""
    calls = []

    def resolve(host, port, *args, **kwargs):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", resolve)
    fetched = fetch(f"http://partner.example:{feed_server.port}/good.atom", local_limits)
    # The name is looked up once; the connection is made to the checked number (which needs no lookup).
    assert fetched.body.startswith(b"<?xml") and calls == ["partner.example", "127.0.0.1"]
    assert feed_server.hosts[-1] == f"partner.example:{feed_server.port}"


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "240.0.0.1", "224.0.0.1", "::1", "fe80::1", "fc00::1",  # noqa: S104
                                     "::ffff:127.0.0.1", "2002:7f00:1::1", "::"])
def test_inside_addresses_are_not_allowed(address):
    """Private, loopback, link-local (cloud metadata), shared, reserved and multicast addresses are refused."""
    assert not address_allowed(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_are_allowed(address):
    """Ordinary internet addresses pass."""
    assert address_allowed(address)


@pytest.mark.parametrize("url", ["ftp://example.org/a.ics", "file:///etc/passwd", "javascript:alert(1)",
                                 "http://user:pw@example.org/", "http:///nohost", "https://exa mple.org/",
                                 "http://example.org/\r\nX: y", "http://example.org:99999/"])
def test_odd_addresses_are_refused(url):
    """Only plain http(s) addresses with a host pass; no credentials, spaces, control characters or bad ports."""
    with pytest.raises(FetchError):
        check_url(url)


def test_hostile_text_stays_text(feed_server, local_limits):
    """Markup in a feed stays plain text to be escaped, and a javascript: link is dropped."""
    item = read(feed_server, "/hostile.atom", local_limits).items[0]
    assert item.title == "<script>alert('title')</script>Feest &amp; <b>bold</b>"
    assert item.link is None and "onerror" in item.summary


def test_an_entity_bomb_is_refused(feed_server, local_limits):
    """An XML document with a DTD and nested entities is refused before anything expands."""
    with pytest.raises(ParseFailure) as refused:
        read(feed_server, "/bomb.rss", local_limits)
    assert refused.value.code == "hostile_xml"


@pytest.mark.parametrize(("link", "shown"), [
    ("https://ok.example/a", "https://ok.example/a"), ("javascript:alert(1)", None), ("JaVaScRiPt:alert(1)", None),
    (" javascript:alert(1)", None), ("data:text/html,<b>", None), ("//evil.example/x", "https://evil.example/x"),
    ("mailto:a@b.example", None), ("https://ok.example/\nx", None), ("", None)])
def test_only_http_links_pass(link, shown):
    """Links are absolute http(s) addresses or nothing (a protocol-relative one takes the feed's scheme)."""
    assert safe_link(link, "https://feed.example/feed.atom") == shown
