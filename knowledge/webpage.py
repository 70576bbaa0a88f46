"""A web page as an article: trafilatura's main text and metadata, saved as a front-matter ``.md``.

Extraction keeps the article body (no navigation, related links, comments or cookie banners) and
reads title, author, date, site name and canonical URL from JSON-LD, ``og:`` and ``<meta>`` tags.
A page without an article (a login wall, a video or index page) is refused with the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

MIN_ARTICLE_WORDS = 60
NON_ARTICLE_TYPES = ("video", "video.movie", "video.episode", "video.other", "music.song")
ID_PREFIX = "web"
SLUG_WORDS = 8
HASH_CHARS = 10

_SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")


class NotAnArticle(ValueError):
    """The page has no article to extract; the message says why (nothing was written)."""


class AlreadyThere(ValueError):
    """The article is in the folder already (same canonical URL or the same text)."""

    def __init__(self, message: str, article_id: str) -> None:
        super().__init__(message)
        self.article_id = article_id


@dataclass(frozen=True, slots=True)
class WebArticle:
    title: str
    text: str
    url: str
    outlet: str = ""
    author: str = ""
    published: str = ""


def extract(html: str, url: str = "") -> WebArticle:
    """The article in ``html`` (fetched from ``url``), or :class:`NotAnArticle`."""
    import trafilatura  # only building and adding need it

    doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        raise NotAnArticle("no article text found on the page (a login wall, a video or an index page?)")
    kind = (doc.pagetype or "").lower()
    if kind in NON_ARTICLE_TYPES:
        raise NotAnArticle(f"the page is a {kind} page, not an article")
    words = len(doc.text.split())
    if words < MIN_ARTICLE_WORDS:
        raise NotAnArticle(f"too little article text ({words} words; a login wall or a video page?)")
    canonical = doc.url if _same_site(doc.url, url) else url
    title = (doc.title or "").strip()
    return WebArticle(title=title, text=body_text(doc.text, title), url=canonical or "",
                      outlet=(doc.sitename or doc.hostname or urlsplit(canonical or "").hostname or "").strip(),
                      author=(doc.author or "").strip(), published=(doc.date or "")[:10])


def body_text(text: str, title: str) -> str:
    """Paragraphs separated by blank lines, without a first line that repeats the headline."""
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def _same_site(canonical: str | None, fetched: str) -> bool:
    """A page's canonical URL is believed only on its own site (no page can claim another outlet's link);
    a saved page (no fetched URL) keeps any http(s) one."""
    if not canonical or urlsplit(canonical).scheme not in ("http", "https") or not urlsplit(canonical).hostname:
        return False
    return not fetched or _site(canonical) == _site(fetched)


def _site(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def text_key(text: str) -> str:
    """What makes two articles the same text: their words, case and spacing aside."""
    return hashlib.sha256(" ".join(text.lower().split()).encode()).hexdigest()


def url_key(url: str) -> str:
    """A URL compared without scheme, ``www.``, query-free trailing slash or fragment."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def already_there(article: WebArticle, folder: Path, fetched_url: str) -> None:
    """Raise :class:`AlreadyThere` when an article of the folder has this URL or this text."""
    from .articles import load_corpus

    urls = {url_key(u) for u in (article.url, fetched_url) if u}
    key = text_key(article.text)
    for known in load_corpus(folder).articles:
        if known.url and url_key(known.url) in urls:
            raise AlreadyThere(f"already there: {known.title or known.id} has the same URL", known.id)
        if text_key(known.text) == key:
            raise AlreadyThere(f"already there: {known.title or known.id} has the same text", known.id)


def article_id_for(article: WebArticle) -> str:
    """A readable, stable id: a few title words and a hash of the canonical URL."""
    slug = "-".join(_SLUG_UNSAFE.sub(" ", article.title.lower()).split()[:SLUG_WORDS])
    digest = hashlib.sha256(url_key(article.url or article.text).encode()).hexdigest()[:HASH_CHARS]
    return "-".join(p for p in (ID_PREFIX, slug, digest) if p)


def save(article: WebArticle, folder: Path, fetched_url: str, *, now: dt.datetime | None = None) -> str:
    """Write the article into ``folder`` as ``<id>.md`` (atomically); its id. Raises :class:`AlreadyThere`."""
    import yaml

    already_there(article, folder, fetched_url)
    article_id = article_id_for(article)
    meta = {"id": article_id, "title": article.title, "outlet": article.outlet, "published": article.published,
            "url": article.url or fetched_url, "author": article.author,
            "fetched": (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0).isoformat()}
    body = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + article.text + "\n"
    write_atomic(folder / f"{article_id}.md", body)
    return article_id


def write_atomic(path: Path, text: str) -> None:
    """Write through a hidden temporary file in the same folder, synced, then renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_url(url: str, folder: Path) -> tuple[str, WebArticle]:
    """Fetch ``url``, extract its article and save it into ``folder``: its id and the article.

    Raises :class:`~knowledge.fetch.FetchError`, :class:`NotAnArticle` or :class:`AlreadyThere`;
    nothing is written then.
    """
    from .fetch import fetch_page

    page = fetch_page(url)
    article = extract(page.text, page.url)
    return save(article, folder, page.url), article


def html_article_fields(raw: bytes) -> dict[str, str]:
    """A saved page's article as front-matter fields plus ``text`` (for :mod:`knowledge.articles`)."""
    from .fetch import decode

    article = extract(decode(raw, None))
    return {"title": article.title, "outlet": article.outlet, "published": article.published,
            "url": article.url, "author": article.author, "text": article.text}
