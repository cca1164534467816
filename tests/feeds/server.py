"""A local HTTP server that serves partner feeds, good and bad, for the feed tests (in a thread)."""

from __future__ import annotations

import html
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ical(now: datetime) -> str:
    """Return a calendar with two coming events, one long past, and one all-day event tomorrow."""
    soon, later, past = now + timedelta(hours=3), now + timedelta(days=2), now - timedelta(days=30)
    tomorrow = (now + timedelta(days=1)).strftime("%Y%m%d")
    return "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Library//NL", "X-WR-CALNAME:Bibliotheek",
        "BEGIN:VEVENT", "UID:1@test", f"DTSTAMP:{_stamp(now)}", f"DTSTART:{_stamp(soon)}",
        f"DTEND:{_stamp(soon + timedelta(hours=1))}", "SUMMARY:Taalcafé in de bieb",
        "DESCRIPTION:Nederlands oefenen\\, gezellig.", "URL:https://library.example/taalcafe", "END:VEVENT",
        "BEGIN:VEVENT", "UID:2@test", f"DTSTAMP:{_stamp(now)}", f"DTSTART:{_stamp(later)}",
        "SUMMARY:Digicafé", "END:VEVENT",
        "BEGIN:VEVENT", "UID:3@test", f"DTSTAMP:{_stamp(now)}", f"DTSTART:{_stamp(past)}",
        f"DTEND:{_stamp(past + timedelta(hours=1))}", "SUMMARY:Long ago", "END:VEVENT",
        "BEGIN:VEVENT", "UID:4@test", f"DTSTAMP:{_stamp(now)}", f"DTSTART;VALUE=DATE:{tomorrow}",
        "SUMMARY:Boekenmarkt", "END:VEVENT",
        "END:VCALENDAR", ""])


def atom(now: datetime, title: str = "Nieuwe speeltuin open", link: str = "https://stadsdeel.example/speeltuin",
         summary: str = "De speeltuin aan het plein is klaar.") -> str:
    """Return an Atom feed with one recent entry (the arguments are put in as given: they may be hostile)."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Stadsdeel nieuws</title><link href="https://stadsdeel.example/"/><id>urn:test</id>
  <updated>{now.isoformat()}</updated>
  <entry><title>{title}</title><link href="{link}"/><id>urn:1</id>
    <updated>{(now - timedelta(days=1)).isoformat()}</updated><summary>{summary}</summary></entry>
  <entry><title>Old news</title><link href="https://stadsdeel.example/old"/><id>urn:2</id>
    <updated>{(now - timedelta(days=400)).isoformat()}</updated></entry>
</feed>"""


def rss(now: datetime) -> str:
    """Return an RSS 2.0 feed with two recent items, one with HTML in its description."""
    return f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Welzijn Zuidoost</title><link>https://welzijn.example/</link>
<item><title>Inloopspreekuur geldzaken</title><link>https://welzijn.example/geld</link>
<description>&lt;p&gt;Elke &lt;b&gt;dinsdag&lt;/b&gt; hulp met rekeningen.&lt;/p&gt;</description>
<pubDate>{format_datetime(now - timedelta(hours=5))}</pubDate></item>
<item><title>Mantelzorgcafé</title><link>/mantelzorg</link>
<pubDate>{format_datetime(now - timedelta(days=3))}</pubDate></item>
</channel></rss>"""


HOSTILE_TITLE = "<script>alert('title')</script>Feest &amp; <b>bold</b>"
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""


def hostile(now: datetime) -> str:
    """Return an Atom feed whose entry tries script, a javascript: link and markup in its text."""
    return atom(now, title="&lt;script&gt;alert('title')&lt;/script&gt;Feest &amp;amp; &lt;b&gt;bold&lt;/b&gt;",
                link="javascript:alert(1)", summary="&lt;img src=x onerror=alert(2)&gt;Kom ook!")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    slow_seconds = 4.0

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def _send(self, body: str | bytes, content_type: str, status: int = 200, length: bool = True) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, target: str) -> None:
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        now = datetime.now(UTC)
        path = self.path.split("?")[0]
        self.server.hosts.append(self.headers.get("Host", ""))  # type: ignore[attr-defined]
        if path == "/good.ics":
            self._send(ical(now), "text/calendar; charset=utf-8")
        elif path == "/good.atom":
            self._send(atom(now), "application/atom+xml")
        elif path == "/good.rss":
            self._send(rss(now), "application/rss+xml")
        elif path == "/hostile.atom":
            self._send(hostile(now), "application/atom+xml")
        elif path == "/bomb.rss":
            self._send(BOMB, "application/rss+xml")
        elif path == "/page.html":
            self._send("<!doctype html><html><body><h1>Welkom</h1></body></html>", "text/html")
        elif path == "/page-as-xml":  # HTML sent with a feed's content type
            self._send("<html><body><p>Geen feed</p></body></html>", "application/rss+xml")
        elif path == "/missing.ics":
            self._send("not here", "text/plain", status=404)
        elif path in ("/huge", "/huge-declared"):
            self._huge(declared=path == "/huge-declared")
        elif path == "/slow":
            self._slow()
        elif path == "/loop-a":
            self._redirect("/loop-b")
        elif path == "/loop-b":
            self._redirect("/loop-a")
        elif path.startswith("/hop/"):  # /hop/3 redirects three times, then serves the Atom feed
            left = int(path.rsplit("/", 1)[1])
            self._redirect(f"/hop/{left - 1}" if left > 1 else "/good.atom")
        elif path == "/elsewhere":  # another website that frames two pages of the portal at ?portal=<address>
            portal = html.escape(parse_qs(urlsplit(self.path).query).get("portal", [""])[0])
            self._send(f'<!doctype html><html lang="nl"><title>Wijkkrant</title><h1>Wijkkrant</h1>'
                       f'<iframe id="ok" src="{portal}/embed/agenda" width="340" height="300" title="agenda"></iframe>'
                       f'<iframe id="no" src="{portal}/buurthuis/week" width="340" height="300" title="week"></iframe>'
                       f'</html>', "text/html")
        elif path == "/to-ftp":
            self._redirect("ftp://example.org/feed.ics")
        else:
            self._send("no", "text/plain", status=404)

    def _huge(self, declared: bool) -> None:
        size = 10 * 1024 * 1024
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if declared:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        block = b"<!-- " + b"x" * 65526 + b" -->"
        try:
            self.wfile.write(b"<?xml version='1.0'?><rss version='2.0'><channel>")
            for _ in range(size // len(block)):
                self.wfile.write(block)
        except OSError:
            pass  # the reader hung up, as it should

    def _slow(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.end_headers()
        try:
            self.wfile.write(b"BEGIN:VCALENDAR\r\n")
            self.wfile.flush()
            stop = time.monotonic() + self.slow_seconds
            while time.monotonic() < stop:  # a trickle: one byte every 0.1 s, each read on its own is quick
                self.wfile.write(b"X")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass


class FeedServer:
    """Serve the feeds above on 127.0.0.1 in a thread; `url(path)` gives an address, `hosts` the Host headers."""

    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.hosts = []  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def hosts(self) -> list[str]:
        return self.httpd.hosts  # type: ignore[attr-defined]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
