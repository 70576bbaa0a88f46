"""Fetching a web page that a user named, safely.

Only ``http``/``https``; every redirect hop is checked again (at most :data:`MAX_REDIRECTS`); connect
and read timeouts and an overall deadline; at most :data:`MAX_BYTES` read from a stream; HTML or
XHTML only; the charset from the header, else the page's ``<meta>``, else UTF-8. Hosts resolving to
loopback, private, link-local (cloud metadata) or other non-public addresses are refused unless
``FACTBOT_ALLOW_PRIVATE_URLS=1``; the connection goes to the address that was checked (no second
lookup an attacker's DNS could answer differently).
"""

from __future__ import annotations

import codecs
import ipaddress
import os
import re
import socket
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:  # httpx (and the CLI it loads) is imported by the first fetch: answering never needs it
    import httpx

MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
TOTAL_SECONDS = 30.0
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml")  # what feedparser reads (RSS, Atom, RDF); it reads no JSON Feed
ALLOW_PRIVATE_VARIABLE = "FACTBOT_ALLOW_PRIVATE_URLS"
USER_AGENT = "factbot/0.1 (+news fact bot)"
REDIRECT_CODES = (301, 302, 303, 307, 308)
SNIFF_BYTES = 4096

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class FetchError(ValueError):
    """A URL that was not fetched; the message says why (nothing was written)."""


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched document: the URL it was finally served from, its text and content type, and its bytes
    (a feed parser reads the encoding its XML declares)."""

    url: str
    text: str
    content_type: str
    raw: bytes = field(default=b"", repr=False)


def allow_private() -> bool:
    return os.environ.get(ALLOW_PRIVATE_VARIABLE, "").strip() == "1"


def fetch_page(url: str) -> Page:
    """An HTML or XHTML page, or :class:`FetchError` saying why not."""
    return fetch(url, HTML_TYPES, "an HTML page")


def fetch_feed(url: str) -> Page:
    """An RSS or Atom feed, with the same checks as a page, or :class:`FetchError` saying why not."""
    return fetch(url, FEED_TYPES, "an RSS or Atom feed")


def fetch(url: str, types: tuple[str, ...], wanted: str) -> Page:
    """Follow at most :data:`MAX_REDIRECTS` checked hops to a document of one of ``types``."""
    import httpx

    deadline = time.monotonic() + TOTAL_SECONDS
    seen: set[str] = set()
    timeout = httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                      headers={"User-Agent": USER_AGENT, "Accept": ", ".join(types)}) as client:
        for _ in range(MAX_REDIRECTS + 1):
            if url in seen:
                raise FetchError(f"redirect loop at {url}")
            seen.add(url)
            next_url = _hop(client, url, types, wanted, deadline)
            if isinstance(next_url, Page):
                return next_url
            url = next_url
    raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})")


def _hop(client: httpx.Client, url: str, types: tuple[str, ...], wanted: str, deadline: float) -> Page | str:
    """One request: the page, or the checked URL a redirect points to."""
    import httpx

    host, address = checked_address(url)
    target = httpx.URL(url).copy_with(host=address)
    extensions = {"sni_hostname": host} if target.scheme == "https" else {}
    try:
        with client.stream("GET", target, headers={"Host": _host_header(url)}, extensions=extensions) as resp:
            if resp.status_code in REDIRECT_CODES and resp.headers.get("location"):
                return urljoin(url, resp.headers["location"])
            if resp.status_code != 200:
                raise FetchError(f"the server answered {resp.status_code} {resp.reason_phrase}".rstrip())
            kind = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind not in types:
                raise FetchError(f"not {wanted} (content type {kind or 'missing'})")
            raw = _read_capped(resp, deadline)
            return Page(url=url, text=decode(raw, resp.charset_encoding), content_type=kind, raw=raw)
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out ({exc.__class__.__name__.replace('Timeout', ' timeout').lower()})") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot fetch {url} ({exc.__class__.__name__}: {exc})") from exc


def _read_capped(resp: httpx.Response, deadline: float) -> bytes:
    chunks: list[bytes] = []
    total = 0
    for chunk in resp.iter_bytes():
        total += len(chunk)
        if total > MAX_BYTES:
            raise FetchError(f"too large (more than {MAX_BYTES // 1_000_000} MB)")
        if time.monotonic() > deadline:
            raise FetchError(f"timed out (took more than {TOTAL_SECONDS:.0f} s)")
        chunks.append(chunk)
    return b"".join(chunks)


def checked_address(url: str) -> tuple[str, str]:
    """The URL's host and the public address to connect to, or :class:`FetchError`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http and https links can be fetched (not {parts.scheme or 'a relative link'!r})")
    host = parts.hostname or ""
    if not host:
        raise FetchError("the link has no host")
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host} ({exc})") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not allow_private():
        for address in addresses:
            if not _public(address):
                raise FetchError(f"{host} resolves to a private or local address ({address}); such links are "
                                 f"refused (set {ALLOW_PRIVATE_VARIABLE}=1 to allow them)")
    return host, str(addresses[0])


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable: not loopback, private, link-local (metadata), shared, reserved or multicast."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not address.is_multicast


def _host_header(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2]


def decode(raw: bytes, header_charset: str | None) -> str:
    """The text: the header's charset, else the page's ``<meta charset>``, else UTF-8 (bad bytes replaced)."""
    match = _META_CHARSET.search(raw[:SNIFF_BYTES])
    for name in (header_charset, match.group(1).decode("ascii") if match else None):
        if name:
            try:
                codecs.lookup(name)
            except LookupError:
                continue
            return raw.decode(name, errors="replace")
    return raw.decode("utf-8-sig", errors="replace")
