"""Reading articles from a folder: metadata, body text, and files that cannot be read.

An article file is ``.txt`` or ``.md`` text, optionally with YAML front matter
(``---`` ... ``---``) carrying ``id``, ``title``, ``outlet``, ``published`` (or
``date``) and ``url``. A ``sources.toml`` beside the files may give the same
fields per file name. Plain scraped files are understood too: a leading
`` date 2023-09-20 `` prefix is the publication date, a short first line
without final punctuation is the title, and a trailing breadcrumb
(``Home / News / ...``) is dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .schema import is_safe_segment

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")  # saved pages: read with the web extraction (knowledge.webpage)
SOURCES_FILE = "sources.toml"
MAX_ARTICLE_BYTES = 5_000_000
READ_CHUNK_BYTES = 1 << 16
METADATA_FIELDS = ("title", "outlet", "published", "url")

_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+", re.IGNORECASE)
_BREADCRUMB = re.compile(r"\n\s*Home\s*/[^\n]*\s*$")
_RELATED_LINK = re.compile(r"\n[ \t]*(?:Also read|Read more|Read also|Related|See also)\s*:[^\n]*\s*$", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"^---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", re.DOTALL)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True, slots=True)
class Article:
    """One article's metadata and body (the text that facts point into)."""

    id: str
    path: str
    text: str
    title: str = ""
    outlet: str = ""
    published: str = ""
    url: str = ""
    content_hash: str = ""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file under the articles folder that was not ingested, and why."""

    path: str
    reason: str


@dataclass(slots=True)
class Corpus:
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


class ArticleError(ValueError):
    """A file that cannot be read as an article; the message says why."""


def load_corpus(folder: str | os.PathLike[str]) -> Corpus:
    """Read every article under ``folder``; unreadable files are listed, never fatal."""
    root = Path(folder)
    corpus = Corpus()
    if not root.is_dir():
        corpus.skipped.append(Skipped(str(root), "articles folder does not exist"))
        return corpus
    sources = read_sources(root, corpus.skipped)
    ids = IdRegistry(corpus.skipped)
    for path, rel in article_files(root):
        try:
            article = read_article(path, rel, metadata_for(sources, rel))
        except ArticleError as exc:
            skip(corpus.skipped, rel, str(exc))
            continue
        if ids.claim(article.id, rel):
            corpus.articles.append(article)
    return corpus


def article_files(root: Path) -> list[tuple[Path, str]]:
    """Every candidate article file under ``root`` with its relative path, in load order.

    Hidden files and folders (``.git``, editors' backups) are not articles.
    """
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.suffix.lower() in ARTICLE_SUFFIXES and not any(p.startswith(".") for p in rel.split("/")):
            found.append((path, rel))
    return found


def metadata_for(sources: dict[str, dict[str, str]], rel: str) -> dict[str, str]:
    """The ``sources.toml`` entry for a file, by relative path or by file name."""
    return sources.get(rel) or sources.get(Path(rel).name) or {}


def skip(skipped: list[Skipped], path: str, reason: str) -> None:
    """List a file as not ingested, and say so in the log."""
    skipped.append(Skipped(path, reason))
    log.warning("skipped article file %s: %s", path, reason)


class IdRegistry:
    """Article ids already taken in one load; a second file with the same id is skipped."""

    def __init__(self, skipped: list[Skipped]) -> None:
        self._skipped = skipped
        self._paths: dict[str, str] = {}

    def claim(self, article_id: str, rel: str) -> bool:
        if article_id in self._paths:
            skip(self._skipped, rel, f"duplicate id {article_id!r} (already used by {self._paths[article_id]})")
            return False
        self._paths[article_id] = rel
        return True


def read_article(path: Path, rel: str, extra: dict[str, str]) -> Article:
    """Parse one file into an :class:`Article`, or raise :class:`ArticleError`."""
    raw = read_file_bytes(path, _root_of(path, rel))
    if Path(rel).suffix.lower() in HTML_SUFFIXES:
        return html_article(raw, rel, extra)
    if b"\x00" in raw:
        raise ArticleError("binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not valid UTF-8 (byte {exc.start})") from exc
    meta, body = split_front_matter(text)
    meta = {**extra, **meta}
    parsed = parse_body(body)
    title = str(meta.get("title") or parsed.title).strip()
    published = normalise_date(meta.get("published") or meta.get("date") or parsed.published)
    if not parsed.text.strip():
        raise ArticleError("no text")
    article_id = article_id_of(str(meta.get("id") or ""), rel)
    return Article(
        id=article_id,
        path=rel,
        text=parsed.text,
        title=title,
        outlet=str(meta.get("outlet") or "").strip(),
        published=published,
        url=_safe_url(str(meta.get("url") or "")),
        content_hash=content_hash(raw, extra, article_id),
    )


def html_article(raw: bytes, rel: str, extra: dict[str, str]) -> Article:
    """A saved web page (``.html``/``.htm``) read with the extraction ``/add`` uses."""
    from .webpage import NotAnArticle, html_article_fields

    try:
        fields = {**html_article_fields(raw), **{k: v for k, v in extra.items() if v}}
    except NotAnArticle as exc:
        raise ArticleError(str(exc)) from exc
    article_id = article_id_of(fields.get("id", ""), rel)
    return Article(id=article_id, path=rel, text=fields["text"], title=fields["title"], outlet=fields["outlet"],
                   published=normalise_date(fields["published"]), url=_safe_url(fields["url"]),
                   content_hash=content_hash(raw, extra, article_id))


def _root_of(path: Path, rel: str) -> Path:
    """The articles folder ``path`` was found in (``path`` is ``root / rel``)."""
    return path.parents[len(Path(rel).parts) - 1]


def read_file_bytes(path: Path, root: Path) -> bytes:
    """The bytes of a regular file inside ``root``, at most :data:`MAX_ARTICLE_BYTES` of them.

    FIFOs, devices and sockets are refused after ``lstat`` and before any open (and again on the
    open descriptor, opened non-blocking); a symlink is followed only when its target stays inside
    ``root``; the size limit counts the bytes actually read, not ``st_size``.
    """
    target = _inside_target(path, root)
    try:
        mode = os.stat(target, follow_symlinks=False).st_mode
        _require_regular(mode)
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise ArticleError(f"cannot be read ({exc.strerror or exc})") from exc
    try:
        _require_regular(os.fstat(fd).st_mode)
        return _read_capped(fd)
    except OSError as exc:
        raise ArticleError(f"cannot be read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)


def _inside_target(path: Path, root: Path) -> Path:
    """``path`` itself, or for a symlink its resolved target when that stays inside ``root``."""
    try:
        if not stat.S_ISLNK(os.lstat(path).st_mode):
            return path
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise ArticleError(f"cannot be read (broken or looping symlink: {exc})") from exc
    if not target.is_relative_to(root.resolve()):
        raise ArticleError("symlink to a file outside the articles folder")
    return target


def _require_regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise ArticleError("is a directory")
    if not stat.S_ISREG(mode):
        kind = "FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device or special file"
        raise ArticleError(f"not a regular file ({kind})")


def _read_capped(fd: int) -> bytes:
    """Read to the end, refusing more than :data:`MAX_ARTICLE_BYTES` (counted as read)."""
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, READ_CHUNK_BYTES):
        total += len(chunk)
        if total > MAX_ARTICLE_BYTES:
            raise ArticleError(f"too large (more than {MAX_ARTICLE_BYTES:,} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def article_id_of(declared: str, rel: str) -> str:
    """The article's id: the declared one (else the file name's stem) as a safe path segment."""
    for candidate in (declared, Path(rel).stem):
        article_id = _ID_UNSAFE.sub("-", candidate).strip("-")
        if is_safe_segment(article_id):
            return article_id
    return "article"


def content_hash(raw: bytes, extra: dict[str, str], article_id: str) -> str:
    """What names an article's shard: its bytes, its ``sources.toml`` metadata and its id (two files
    with the same text are two articles, each with its own shard)."""
    return hashlib.sha256(raw + repr(sorted(extra.items())).encode() + b"\0" + article_id.encode()).hexdigest()[:16]


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Separate YAML front matter from the body; broken front matter raises ArticleError."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---\n") or text.startswith("---\r\n"):
            raise ArticleError("front matter is not closed with '---'")
        return {}, text
    import yaml  # only needed for files that have front matter

    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ArticleError(f"front matter is not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise ArticleError("front matter is not a mapping of keys to values")
    meta = {str(k).lower(): _scalar(v) for k, v in data.items() if v is not None}
    return meta, text[match.end():]


@dataclass(frozen=True, slots=True)
class ParsedBody:
    text: str
    title: str
    published: str


def parse_body(body: str) -> ParsedBody:
    """Apply the scraped-file conventions: date prefix, title line, trailing breadcrumb."""
    published = ""
    match = _DATE_PREFIX.match(body)
    if match:
        published = match.group(1)
        body = body[match.end():]
    body = _RELATED_LINK.sub("\n", _BREADCRUMB.sub("\n", body))
    body = body.strip("\n").rstrip()
    title = ""
    first, sep, rest = body.partition("\n")
    if sep and rest.strip() and _looks_like_title(first.strip()):
        title = first.strip()
        body = rest.lstrip("\n")
    return ParsedBody(text=body, title=title, published=published)


def _looks_like_title(line: str) -> bool:
    """A short line without final punctuation reads as a headline, not a sentence."""
    return 0 < len(line) <= 150 and len(line.split()) <= 20 \
        and not line.endswith((".", "!", "?", ":", ";", ",", "”", '"'))


def normalise_date(value: object) -> str:
    """An ISO ``YYYY-MM-DD`` string from metadata, or "" when it cannot be read."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value or "").strip()
    if not text:
        return ""
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        log.warning("unreadable date %r ignored", text)
        return ""


def read_sources(root: Path, skipped: list[Skipped]) -> dict[str, dict[str, str]]:
    """Per-file metadata from ``sources.toml`` (``["file.txt"]`` tables)."""
    path = root / SOURCES_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        skipped.append(Skipped(SOURCES_FILE, f"metadata file unreadable ({exc})"))
        log.warning("ignored %s: %s", path, exc)
        return {}
    return {
        str(name): {k: _scalar(v) for k, v in fields.items() if _scalar(v)}
        for name, fields in data.items()
        if isinstance(fields, dict)
    }


def _scalar(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return normalise_date(value)
    if isinstance(value, (list, dict)):
        return ""
    return str(value).strip()


def _safe_url(url: str) -> str:
    """Only absolute http(s) URLs are kept; anything else could be a forged link."""
    url = url.strip()
    return url if re.match(r"^https?://[^\s<>|\"]+$", url) else ""
