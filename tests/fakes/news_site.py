"""A small news site on 127.0.0.1 for the web-article tests: pages shaped like real outlets' (navigation,
cookie banners, related links, comments, JSON-LD and ``og:`` metadata), feeds, and misbehaving paths.

Every text here is written for these tests.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 2.0  # longer than the read timeout the tests set
HUGE_BYTES = 6_000_000

RESERVOIR_PARAGRAPHS = (
    "The Calder Valley water board approved a plan for a new reservoir on Tuesday, ending two years of debate "
    "over the region's summer shortages.",
    "Board chair Tomas Lindqvist said the reservoir would hold enough water for forty thousand homes. "
    "“We cannot keep trucking water in every August,” Lindqvist said at the meeting.",
    "Construction is expected to begin next spring and to cost about 120 million euros, according to the "
    "board's own estimate.",
    "Farmers in the lower valley had opposed an earlier version of the plan, which would have flooded three "
    "farms near the river.",
)
FERRY_PARAGRAPHS = (
    "Ferry crossings between Port Ellery and the Skarra islands were suspended on Friday after a storm damaged "
    "the main pier.",
    "Harbour master Ines Duarte told reporters that repairs would take at least ten days. About 600 "
    "islanders use the ferry each morning to reach schools and clinics on the mainland.",
    "The island council has asked the regional government for an emergency helicopter service until the "
    "pier reopens.",
)
CAFE_PARAGRAPHS = (
    "Le café de la gare a rouvert ses portes à Valmont après des travaux qui ont duré près d'un an, a annoncé "
    "la mairie.",
    "Selon le maire adjoint Benoît Carrère, l'établissement emploie désormais douze personnes et accueille "
    "les voyageurs dès six heures du matin.",
    "Les habitants réclamaient sa réouverture depuis l'été dernier, quand une fuite avait endommagé la cuisine.",
)

COOKIE_BANNER = ('<div class="cookie-consent" role="dialog"><p>We use cookies to personalise content and ads. '
                 'By continuing you accept our cookie policy.</p><button>Accept all</button></div>')
NAVIGATION = ('<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>'
              '<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>')
RELATED = ('<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Drought hits valley orchards</a>'
           '</li><li><a href="/b">Council debates new water prices</a></li></ul></aside>')
COMMENTS = ('<section id="comments" class="comments"><h3>Comments (2)</h3><div class="comment"><p>Reader Gustav '
            'wrote: what a waste of public money this scheme is.</p></div><div class="comment"><p>Reader Maud '
            'wrote: finally some good sense from the board.</p></div></section>')
FOOTER = '<footer><p>© Valley Courier Media. All rights reserved.</p><a href="/privacy">Privacy</a></footer>'
BOILERPLATE_WORDS = ("cookie", "Accept all", "Related stories", "Drought hits", "waste of public money",
                     "All rights reserved", "Weather")


def news_page(*, headline: str, paragraphs: tuple[str, ...], head: str = "", byline: str = "",
              lang: str = "en") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{headline} | Site</title>'
            f"{head}</head><body>{COOKIE_BANNER}{NAVIGATION}<main><article><h1>{headline}</h1>"
            f'<p class="byline">{byline}</p>{body}</article>{RELATED}{COMMENTS}</main>{FOOTER}</body></html>')


def reservoir_page(base: str) -> str:
    """JSON-LD NewsArticle (headline, date, author, publisher) and a canonical link on the same site."""
    json_ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
               '"headline": "Water board approves Calder reservoir plan", "datePublished": '
               '"2025-03-04T09:30:00Z", "author": {"@type": "Person", "name": "Nadia Okafor"}, '
               '"publisher": {"@type": "Organization", "name": "Valley Courier"}}</script>')
    head = f'<link rel="canonical" href="{base}/news/reservoir-plan">{json_ld}'
    return news_page(headline="Water board approves Calder reservoir plan", paragraphs=RESERVOIR_PARAGRAPHS,
                     head=head, byline="By Nadia Okafor")


def ferry_page() -> str:
    """``og:`` and ``article:`` meta tags only, no JSON-LD and no canonical link."""
    head = ('<meta property="og:title" content="Storm halts island ferries for ten days">'
            '<meta property="og:site_name" content="Harbour Herald"><meta property="og:type" content="article">'
            '<meta property="article:published_time" content="2025-01-17T06:00:00+00:00">'
            '<meta name="author" content="Pavel Ruzicka">')
    return news_page(headline="Storm halts island ferries for ten days", paragraphs=FERRY_PARAGRAPHS, head=head)


def cafe_page() -> bytes:
    """A Latin-1 page whose charset is only in the Content-Type header."""
    head = '<meta property="og:site_name" content="Le Petit Valmontais">'
    html = news_page(headline="Le café de la gare rouvre", paragraphs=CAFE_PARAGRAPHS, head=head, lang="fr")
    return html.replace('<meta charset="utf-8">', "").encode("latin-1")


def login_wall() -> str:
    return (f"<!DOCTYPE html><html><head><title>Subscribe | Valley Courier</title></head><body>{NAVIGATION}"
            "<main><h1>This article is for subscribers</h1><p>Log in to keep reading.</p>"
            '<form action="/login" method="post"><input name="user"><input type="password" name="pw">'
            f"<button>Log in</button></form></main>{FOOTER}</body></html>")


def video_page() -> str:
    head = ('<meta property="og:type" content="video.other"><meta property="og:title" content="Watch: the pier '
            'after the storm"><meta property="og:video" content="/media/pier.mp4">')
    return (f"<!DOCTYPE html><html><head><title>Video</title>{head}</head><body>{NAVIGATION}<main>"
            '<h1>Watch: the pier after the storm</h1><video src="/media/pier.mp4" controls></video>'
            f"<p>Drone footage of the damaged pier at Port Ellery on Friday morning.</p></main>{FOOTER}</body></html>")


def rss_feed(base: str) -> str:
    items = "".join(f"<item><title>{t}</title><link>{base}{p}</link><guid>{base}{p}</guid></item>"
                    for t, p in (("Water board approves Calder reservoir plan", "/news/reservoir.html"),
                                 ("Storm halts island ferries", "/local/ferry.html")))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Valley Courier</title>'
            f"<link>{base}/</link><description>News</description>{items}</channel></rss>")


def entries_feed(base: str, *paths: str) -> str:
    """An RSS feed whose entries link to ``paths`` on the site."""
    items = "".join(f"<item><title>Entry {n}</title><link>{base}{p}</link></item>" for n, p in enumerate(paths))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Entries</title>'
            f"<link>{base}/</link><description>News</description>{items}</channel></rss>")


def atom_feed(base: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Le Petit '
            f'Valmontais</title><id>{base}/atom</id><updated>2025-02-01T08:00:00Z</updated><entry><title>Le café '
            f'rouvre</title><link href="{base}/fr/cafe.html"/><id>{base}/fr/cafe.html</id>'
            "<updated>2025-02-01T08:00:00Z</updated></entry></feed>")


Response = tuple[int, dict[str, str], bytes]


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up early (the size cap, a timeout) is expected here: socketserver would
    print its BrokenPipeError to stderr, where a later test reading its own stderr finds it."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass
class NewsSite:
    """The server and what it serves; ``routes`` may be changed by a test; ``hits`` counts requests."""

    base: str = ""
    routes: dict[str, Callable[[], Response]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    server: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> NewsSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server name)
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                status, headers, body = site.routes.get(self.path, lambda: not_found())()
                self.send_response(status)
                for key, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return None

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.routes = default_routes(self.base)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def html(text: str) -> Callable[[], Response]:
    return lambda: (200, {"Content-Type": "text/html; charset=utf-8"}, text.encode("utf-8"))


def not_found() -> Response:
    return 404, {"Content-Type": "text/html"}, b"<html><body><h1>Not found</h1></body></html>"


def redirect(to: str) -> Callable[[], Response]:
    return lambda: (302, {"Location": to}, b"")


def slow() -> Response:
    time.sleep(SLOW_SECONDS)
    return 200, {"Content-Type": "text/html"}, b"<html><body><p>Late.</p></body></html>"


def feed(text: str) -> Callable[[], Response]:
    return lambda: (200, {"Content-Type": "application/rss+xml"}, text.encode("utf-8"))


def slowly(serve: Callable[[], Response]) -> Callable[[], Response]:
    def late() -> Response:
        time.sleep(SLOW_SECONDS)
        return serve()

    return late


def huge() -> Response:
    filler = b"<p>" + b"Filler text for a very long page. " * 100 + b"</p>"
    return 200, {"Content-Type": "text/html"}, b"<html><body>" + filler * (HUGE_BYTES // len(filler) + 1)


def default_routes(base: str) -> dict[str, Callable[[], Response]]:
    return {
        "/news/reservoir.html": html(reservoir_page(base)),
        "/news/reservoir-plan": html(reservoir_page(base)),
        "/mirror/reservoir.html": html(reservoir_page(base).replace(f'<link rel="canonical" href="{base}'
                                                                     '/news/reservoir-plan">', "")),
        "/local/ferry.html": html(ferry_page()),
        "/fr/cafe.html": lambda: (200, {"Content-Type": "text/html; charset=iso-8859-1"}, cafe_page()),
        "/login.html": html(login_wall()),
        "/video.html": html(video_page()),
        "/slow.html": slow,
        "/huge.html": huge,
        "/report.pdf": lambda: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 not a page"),
        "/loop/a": redirect("/loop/b"),
        "/loop/b": redirect("/loop/a"),
        "/moved": redirect("/local/ferry.html"),
        "/to-file": redirect("file:///etc/passwd"),
        "/feed.rss": feed(rss_feed(base)),
        "/feed.atom": lambda: (200, {"Content-Type": "application/atom+xml"}, atom_feed(base).encode()),
        "/broken.xml": lambda: (200, {"Content-Type": "application/rss+xml"}, b"<rss><channel><item><title>"),
        "/slow.rss": slowly(feed(rss_feed(base))),
        "/slow-entry.rss": feed(entries_feed(base, "/slow.html")),
    }
