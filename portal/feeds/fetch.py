"""Fetch a partner's feed over the internet, refusing what could hurt us or hang the import.

Every address a feed's host name resolves to is checked (private, loopback, link-local, reserved, multicast
and shared ranges are refused unless `allow_private`), and the connection goes to the address that was checked,
so a second DNS answer (DNS rebinding) cannot swap it for an inside address. Each redirect is checked again, at
most `max_redirects` are followed, only http and https, and the whole fetch stops at `timeout` seconds and
`max_bytes` bytes, counted while the body streams in.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 16 * 1024
MAX_URL = 2000


class FetchError(Exception):
    """A feed could not be fetched: `code` names the reason (for the coordinators' page), `detail` adds facts."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Fetched:
    url: str  # where the body came from, after redirects
    content_type: str
    body: bytes


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0
    max_bytes: int = 2 * 1024 * 1024
    max_redirects: int = 3
    allow_private: bool = False
    user_agent: str = "Buurtbouw feed reader"


def check_url(url: str) -> tuple[str, str, int, str]:
    """Return (scheme, host, port, path with query) of an http(s) URL, or raise FetchError("bad_address")."""
    if len(url) > MAX_URL or any(ord(char) < 0x21 or ord(char) == 0x7F for char in url):
        raise FetchError("bad_address", "spaces, control characters or too long")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchError("bad_address", str(error)) from None
    if parts.scheme not in ("http", "https"):
        raise FetchError("bad_scheme", parts.scheme or "none")
    if not parts.hostname or parts.username is not None or parts.password is not None:
        raise FetchError("bad_address", "no host, or a user name in the address")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def address_allowed(address: str) -> bool:
    """Tell whether `address` is a public internet address (not private, loopback, link-local, reserved, ...)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not address_allowed(str(embedded)):
            return False
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                                 or ip.is_multicast or ip.is_unspecified)


def _resolve(host: str, port: int, timeout: float) -> list[str]:
    """Return every address `host` resolves to, within `timeout` seconds (getaddrinfo itself has no timeout)."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        infos = pool.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM).result(timeout=timeout)
    except FutureTimeout:
        raise FetchError("timeout", "looking up the host name") from None
    except (OSError, UnicodeError) as error:
        raise FetchError("no_host", str(error)[:120]) from None
    finally:
        pool.shutdown(wait=False)
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise FetchError("no_host", host)
    return addresses


def checked_address(host: str, port: int, limits: Limits, timeout: float) -> str:
    """Resolve `host` and return the address to connect to, when EVERY address it resolves to is allowed."""
    addresses = _resolve(host, port, timeout)
    if not limits.allow_private:
        refused = [address for address in addresses if not address_allowed(address)]
        if refused:
            raise FetchError("private_address", f"{host} -> {', '.join(refused[:3])}")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to a fixed, already checked address (the Host header keeps the name)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address
        self.pinned: socket.socket

    def connect(self) -> None:
        self.sock = self.pinned = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to a fixed, already checked address; the certificate is checked against the name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address
        self.pinned: socket.socket

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.pinned = self._context.wrap_socket(  # type: ignore[attr-defined]
            sock, server_hostname=self.host)


def fetch(url: str, limits: Limits) -> Fetched:
    """Fetch `url` within `limits` and return its body, or raise FetchError with the reason."""
    deadline = time.monotonic() + limits.timeout
    seen: set[str] = set()
    for _hop in range(limits.max_redirects + 1):
        seen.add(url)
        location = _fetch_once(url, limits, deadline)
        if isinstance(location, Fetched):
            return location
        url = location
        if url in seen:
            raise FetchError("redirect_loop", url[:200])
    raise FetchError("too_many_redirects", str(limits.max_redirects))


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError("timeout")
    return left


def _fetch_once(url: str, limits: Limits, deadline: float) -> Fetched | str:
    """Fetch one hop: return the body, or the (absolute, unchecked) address a redirect points to."""
    scheme, host, port, path = check_url(url)
    address = checked_address(host, port, limits, _remaining(deadline))
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = kind(host, port, address, _remaining(deadline))
    response = None
    try:
        connection.request("GET", path, headers={
            "User-Agent": limits.user_agent, "Accept-Encoding": "identity",
            "Accept": "text/calendar, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.1"})
        response = connection.getresponse()
        if response.status in REDIRECTS:
            target = response.getheader("Location") or ""
            if not target:
                raise FetchError("bad_status", f"{response.status} without Location")
            return urljoin(url, target.strip())
        if response.status != 200:
            raise FetchError("bad_status", str(response.status))
        encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
        if encoding != "identity":
            raise FetchError("compressed", encoding[:40])
        declared = response.getheader("Content-Length") or ""
        if declared.isdigit() and int(declared) > limits.max_bytes:
            raise FetchError("too_large", declared)
        body = _read_body(connection, response, limits.max_bytes, deadline)
        return Fetched(url, (response.getheader("Content-Type") or "").lower(), body)
    except FetchError:
        raise
    except ssl.SSLError as error:
        raise FetchError("tls", str(error)[:160]) from None
    except TimeoutError:
        raise FetchError("timeout") from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError("connection", f"{type(error).__name__}: {str(error)[:160]}") from None
    finally:
        if response is not None:
            response.close()  # an HTTP/1.0 or "Connection: close" answer owns the socket now
        connection.close()


def _read_body(connection: _PinnedHTTP | _PinnedHTTPS, response: http.client.HTTPResponse, max_bytes: int,
               deadline: float) -> bytes:
    """Read the body chunk by chunk, counting bytes and time: a slow trickle or a huge body stops early."""
    chunks: list[bytes] = []
    size = 0
    while True:
        connection.pinned.settimeout(_remaining(deadline))  # .sock is gone when the response took it over
        chunk = response.read1(CHUNK)  # at most one read from the socket, so the deadline is checked often
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError("too_large", f"more than {max_bytes} bytes")
        chunks.append(chunk)
        _remaining(deadline)
