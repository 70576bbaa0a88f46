"""The read-only article pages citations link to: ``/articles/<id>``, ``/articles``; ``/healthz`` and
``/readyz`` come from :mod:`bot.health`.

Articles are untrusted input: every piece of their text is HTML-escaped, only ``http(s)`` original
urls become links, and a strict Content-Security-Policy forbids scripts. Pages use inline CSS only.

With ``FACTBOT_LINK_SECRET`` set, an article page opens only with the ``sig`` the bot put in its link
(403 otherwise) and the ``/articles`` list is not served at all (403): it would hand out the corpus
that the secret keeps private.
"""

from __future__ import annotations

import asyncio
import logging
from html import escape
from urllib.parse import urlsplit

from aiohttp import web

from knowledge.facts import ArticleRecord
from knowledge.links import Links
from knowledge.store import StoreHandle

from .config import Settings
from .health import health_routes

log = logging.getLogger(__name__)

_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",  # signed links must not leak to the sites articles link to
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "private, max-age=60",
}

_CSS = """
:root{color-scheme:light dark;--mark:#ffe680;--muted:#666;--rule:#ddd}
@media (prefers-color-scheme:dark){:root{--mark:#6b5a00;--muted:#aaa;--rule:#444}}
body{margin:0;font:1.0625rem/1.65 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:42rem;margin:0 auto;padding:1rem 1.1rem 4rem}
h1{font-size:1.45rem;line-height:1.3;margin:.4rem 0}
nav,.meta,.note{color:var(--muted);font-size:.92rem}
a{overflow-wrap:anywhere}
.text{white-space:pre-line;overflow-wrap:break-word;border-top:1px solid var(--rule);padding-top:.6rem}
mark{background:var(--mark);color:inherit;padding:.1em 0;border-radius:2px;scroll-margin-top:30vh}
span:target{background:var(--mark)}
ul{list-style:none;padding:0}li{padding:.55rem 0;border-bottom:1px solid var(--rule)}
"""


def _page(title: str, body: str, *, status: int = 200) -> web.Response:
    html = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · factbot</title><style>{_CSS}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8",
                        headers=_HEADERS)


def _error(status: int, message: str) -> web.Response:
    title = {403: "Not allowed", 404: "Not found"}.get(status, "Error")
    return _page(title, f"<h1>{title}</h1><p>{escape(message)}</p>", status=status)


def _label(record: ArticleRecord) -> str:
    return record["title"] or f"Article {record['id']}"


def _date(record: ArticleRecord) -> str:
    if record["published"]:
        return record["published"]
    if record["published_inferred"]:
        return f"{record['published_inferred']} (inferred from the text)"
    return "date unknown"


def _original(url: str) -> str:
    """A link to the article's own url; only http(s) urls become links."""
    if urlsplit(url).scheme.lower() in ("http", "https"):
        return f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(url)}</a>'
    return escape(url)


def _sentence_param(value: str, count: int) -> int:
    return int(value) if value.isascii() and value.isdigit() and int(value) < count else -1


def render_text(record: ArticleRecord, highlight: int = -1) -> str:
    """The article body with sentence ``n`` wrapped in ``id="s<n>"``; ``highlight`` as ``<mark>``."""
    text, pos, parts = record["text"], 0, []
    for n, (start, end) in enumerate(record["sentences"]):
        if start < pos or end < start or end > len(text):
            continue  # a malformed span stays plain text rather than breaking the page
        tag = "mark" if n == highlight else "span"
        parts.append(f'{escape(text[pos:start])}<{tag} id="s{n}">{escape(text[start:end])}</{tag}>')
        pos = end
    parts.append(escape(text[pos:]))
    return "".join(parts)


def render_article(record: ArticleRecord, highlight: int = -1, *, list_link: bool = True) -> web.Response:
    """An article page: title, outlet, date, original url, then the anchored text."""
    meta = [escape(p) for p in (record["outlet"], _date(record)) if p]
    if record["url"]:
        meta.append(f"original: {_original(record['url'])}")
    parts = []
    if list_link:
        parts.append('<nav><a href="/articles">All articles</a></nav>')
    parts.append(f"<h1>{escape(_label(record))}</h1><p class=\"meta\">{' · '.join(meta)}</p>")
    if highlight >= 0:
        parts.append(f'<p class="note">The highlighted sentence is the one quoted. '
                     f'<a href="#s{highlight}">Jump to it</a>.</p>')
    parts.append(f'<div class="text">{render_text(record, highlight)}</div>')
    return _page(_label(record), "".join(parts))


def render_list(records: list[ArticleRecord], links: Links) -> web.Response:
    """All articles, newest first, each with its date and outlet."""
    ordered = sorted(records, key=lambda r: (r["published"] or r["published_inferred"], _label(r)),
                     reverse=True)
    items = "".join(
        f'<li><a href="{escape(links.path(r["id"]))}">{escape(_label(r))}</a><br>'
        f'<span class="meta">{" · ".join(escape(p) for p in (r["outlet"], _date(r)) if p)}</span></li>'
        for r in ordered
    )
    count = f'<p class="meta">{len(ordered)} articles</p>'
    return _page("Articles", f"<h1>Articles</h1>{count}<ul>{items}</ul>")


def page_routes(handle: StoreHandle, links: Links) -> list[web.RouteDef]:
    """The page routes, to serve alone or mount on another aiohttp app (Slack HTTP mode)."""

    async def article(request: web.Request) -> web.Response:
        article_id = request.match_info["id"]
        if not links.verify(article_id, request.query.get("sig", "")):
            return _error(403, "This link is not valid. Open articles from the links the bot posts.")
        record = handle.current.articles.get(article_id)
        if record is None:
            return _error(404, "There is no such article (it may have been removed since the link was made).")
        highlight = _sentence_param(request.query.get("s", ""), len(record["sentences"]))
        return render_article(record, highlight, list_link=not links.secret)

    async def article_list(_: web.Request) -> web.Response:
        if links.secret:
            return _error(403, "The article list is private. Open articles from the links the bot posts.")
        return render_list(list(handle.current.articles.values()), links)

    return [web.get("/articles/{id}", article), web.get("/articles", article_list), *health_routes(handle)]


def add_page_routes(app: web.Application, handle: StoreHandle, links: Links) -> None:
    """Mount the pages on an existing app."""
    app.add_routes(page_routes(handle, links))


async def start_pages(handle: StoreHandle, links: Links, *, host: str = "0.0.0.0",
                      port: int = 8080) -> tuple[web.AppRunner, int]:
    """Start serving the pages alone; returns the runner (to ``cleanup()``) and the bound port."""
    app = web.Application()
    add_page_routes(app, handle, links)
    runner = web.AppRunner(app, access_log=None)  # request lines would log link signatures
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner, runner.addresses[0][1]


async def serve_pages(settings: Settings, handle: StoreHandle, *, host: str = "0.0.0.0") -> None:
    """Serve the pages on ``settings.http_port`` until cancelled."""
    runner, port = await start_pages(handle, settings.links, host=host, port=settings.http_port)
    if settings.public_url:
        log.info("article pages on %s:%d, linked as %s", host, port, settings.public_url)
    else:
        log.warning("article pages on %s:%d, but FACTBOT_PUBLIC_URL is not set: replies will not "
                    "link to them", host, port)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
