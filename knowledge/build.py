"""Building the fact store from an articles folder, incrementally and atomically."""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import logging
import os
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .articles import (SOURCES_FILE, Article, ArticleError, IdRegistry, Skipped, article_files, metadata_for,
                       read_article, read_sources, skip)
from .facts import ArticleFacts, ArticleRecord
from .model import MODEL, require_model
from .serving_db import is_fresh
from .store import (FACT_TABLES, BuildError, StoreError, check_index, load_shard, previous_path, read_manifest,
                    read_meta, rewrite_index, shard_name, shard_path, shards_unchanged, write_index, write_manifest,
                    write_shard)

log = logging.getLogger(__name__)

#: modules outside knowledge/extract/ whose code decides the facts
_EXTRACTION_MODULES = ("articles.py", "dates.py", "numbers.py", "facts.py", "entities.py", "nicknames.py", "merge.py")
#: installed distributions whose version decides the parse
_EXTRACTION_PACKAGES = ("spacy", MODEL.replace("_", "-"))


def _extractor_version() -> str:
    """A fingerprint of the code that turns an article into facts: changing it re-extracts everything.

    Covers every module of the extraction package, the modules it reads, and the spaCy and model
    versions (read from the installed metadata, so answering never imports spaCy)."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    files = sorted((here / "extract").glob("*.py")) + [here / name for name in _EXTRACTION_MODULES]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for package in _EXTRACTION_PACKAGES:
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{package}=={version}".encode())
    return digest.hexdigest()[:10]


EXTRACTOR_VERSION = _extractor_version()

ProgressFn = Callable[[int, int], None]

#: what merge_entities reads of an article's facts (with ``article["id"]``); the rest is not kept in memory
MERGE_TABLES = ("mentions", "roles", "statements", "numbers", "aliases", "framings")
#: characters of an exception's message kept in the reason an article was skipped
ERROR_CHARS = 200
#: a file changed less than this long before it was looked at may change again within the same time stamp
#: tick unnoticed, so its size and times are not trusted next time (it is read and hashed again)
RACY_NS = 2_000_000_000
#: a build with nothing to do re-records the files' size and times in the index (in place; ``.prev``
#: untouched) when at least this many files had to be read again for want of them
RESTAT_MIN = 100


@dataclass
class BuildReport:
    """What a build changed, for people and for scripts."""

    articles: int = 0
    facts: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    facts_added: int = 0
    facts_removed: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    words: int = 0
    previous_store_problem: str = ""
    rules_changed: bool = False  # the extraction code changed since the last build

    def skip(self, path: str, reason: str) -> None:
        """List a file as not ingested, and say so in the log."""
        self.skipped.append({"path": path, "reason": reason})
        log.warning("skipped article file %s: %s", path, reason)

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """A few plain lines: what changed, what was skipped, how long it took."""
        lines = [
            f"{self.articles} articles, {self.facts} facts "
            f"({len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed, "
            f"{self.unchanged} unchanged; facts +{self.facts_added} -{self.facts_removed}) "
            f"in {self.seconds:.1f} s."
        ]
        for label, ids in (("Added", self.added), ("Changed", self.changed), ("Removed", self.removed)):
            if ids:
                shown = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
                lines.append(f"{label}: {shown}")
        for skipped in self.skipped:
            lines.append(f"Skipped {skipped['path']}: {skipped['reason']}")
        if self.rules_changed:
            lines.append("The extraction rules changed since the last build: articles were processed again.")
        if self.previous_store_problem:
            lines.append(f"Rebuilt from scratch: {self.previous_store_problem}")
        return "\n".join(lines)


def fact_count(facts: ArticleFacts) -> int:
    return sum(len(facts.get(table, [])) for table in FACT_TABLES)  # type: ignore[arg-type]


def build_store(articles_dir: str | os.PathLike[str], store_path: str | os.PathLike[str], *,
                progress: ProgressFn | None = None, n_process: int | None = None,
                verify: bool = False) -> BuildReport:
    """Re-extract new and changed articles, drop removed ones, then swap the index in.

    One build per store at a time, across processes (a terminal ``factbot build`` and a
    bot's ``/refresh`` cannot race): a second one raises :class:`BuildError`. When no article
    is new, changed or removed and the store is healthy (index readable, every shard file
    present), nothing is loaded or written and spaCy is not imported; the serving index (see
    :mod:`knowledge.serving`) is written whenever it does not match the index; ``verify=True`` loads every
    shard anyway and re-extracts the articles whose shard does not load.
    """
    store = Path(store_path)
    store.parent.mkdir(parents=True, exist_ok=True)
    with open(store.with_name(store.name + ".lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildError(f"another build of {store} is running; try again when it has finished") from exc
        report = _build_locked(articles_dir, store, progress=progress, n_process=n_process, verify=verify)
        if store.exists() and not is_fresh(store):
            from .serving import build_serving_index  # loads the search code: only with work

            build_serving_index(store)  # what answers read, derived from the index just written
        return report


@dataclass(slots=True)
class _Entry:
    """One article file of the folder, in load order."""

    id: str
    path: str  # relative to the articles folder, as Article.path
    content_hash: str
    stat: list[int] | None  # size, mtime, ctime, inode, device (None: racy or not a regular file)
    file: Path
    extra: dict[str, str]  # its sources.toml metadata
    article: Article | None  # None: known unchanged from the index row (same path, size, times, inode)

    def read(self) -> Article:
        if self.article is None:
            self.article = read_article(self.file, self.path, self.extra)
        return self.article


def _stat_key(st: os.stat_result | None, now_ns: int) -> list[int] | None:
    """What must stay equal for a file to be taken as unchanged without reading it; None when racy."""
    if st is None or not stat.S_ISREG(st.st_mode) or st.st_ctime_ns > now_ns - RACY_NS:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def scan_corpus(folder: str | os.PathLike[str], old_by_path: dict[str, dict[str, Any]] | None = None,
                old_sources: object = False) -> tuple[list[_Entry], list[Skipped], list[int] | None]:
    """:func:`knowledge.articles.load_corpus` for a build: a file whose index row (by path) records the
    same size, modification and change times, inode and device as now is not read again: its id and
    content hash are the row's. Returns the entries, the skipped files and the sources file's stat key.

    Nothing is trusted when ``sources.toml`` (metadata that goes into every content hash) differs from
    ``old_sources``, the key the index recorded for it.
    """
    root = Path(folder)
    skipped: list[Skipped] = []
    if not root.is_dir():
        skipped.append(Skipped(str(root), "articles folder does not exist"))
        return [], skipped, None
    now = time.time_ns()
    try:
        sources_key = _stat_key(os.stat(root / SOURCES_FILE), now)
    except OSError:
        sources_key = None
    sources_unchanged = sources_key == old_sources and (sources_key or not (root / SOURCES_FILE).exists())
    trusted = (old_by_path or {}) if sources_unchanged else {}
    sources = read_sources(root, skipped)
    ids = IdRegistry(skipped)
    entries: list[_Entry] = []
    for path, rel in article_files(root):
        try:
            key = _stat_key(os.stat(path), now)  # before reading: a later change shows in the times
        except OSError:
            key = None
        extra = metadata_for(sources, rel)
        old = trusted.get(rel)
        article: Article | None = None
        if key is not None and old is not None and old.get("stat") == key:
            article_id, content_hash = old["id"], old["content_hash"]
        else:
            try:
                article = read_article(path, rel, extra)
            except ArticleError as exc:
                skip(skipped, rel, str(exc))
                continue
            article_id, content_hash = article.id, article.content_hash
        if ids.claim(article_id, rel):
            entries.append(_Entry(article_id, rel, content_hash, key, path, extra, article))
    return entries, skipped, sources_key


def _slim(facts: ArticleFacts) -> ArticleFacts:
    """What merge_entities needs of one article: its record without text and sentences, and MERGE_TABLES."""
    record = {k: v for k, v in facts["article"].items() if k not in ("text", "sentences")}
    return {"article": record, **{table: facts.get(table, []) for table in MERGE_TABLES}}  # type: ignore[return-value]


@dataclass
class _Inputs:
    """Merge inputs by shard name (:mod:`knowledge.merge_inputs`): those read from the file beside the
    index, and those of the articles this build keeps (what the file holds next)."""

    cached: dict[str, Any]
    kept: dict[str, Any]
    renewed: bool = False  # some were made from facts (the file changes)


@dataclass
class _Previous:
    """What the last build left: its index (None when unreadable or absent), why it is not reused,
    and the index to compare against (``.prev``'s when the current one is unreadable)."""

    current: dict[str, Any] | None
    problem: str
    base: dict[str, Any] | None
    old_rows: dict[str, dict[str, Any]]  # the base's article rows by id


def _previous_build(store: Path) -> _Previous:
    """The previous build's index, or ``.prev``'s when the current one cannot be read."""
    current: dict[str, Any] | None = None
    problem = ""
    if store.exists():
        current, problem = check_index(store)
    if problem:
        log.warning("previous store not reused: %s", problem)
    base = current
    if base is None:  # an unreadable index: reuse what .prev still has
        try:
            base = read_meta(previous_path(store))
        except StoreError:
            base = None
    old_rows: dict[str, dict[str, Any]] = {row["id"]: row for row in base["articles"]} if base else {}
    return _Previous(current, problem, base, old_rows)


def _manifest_build(store: Path) -> _Previous | None:
    """The previous build from the index's manifest, without reading the index, when the store is
    healthy as far as that shows: manifest matching the index, every shard present and unchanged since,
    the serving index derived from this index. None: read the index (:func:`_previous_build`)."""
    manifest = read_manifest(store) if store.exists() else None
    if manifest is None or not shards_unchanged(store, manifest["articles"]) or not is_fresh(store):
        return None
    return _Previous(manifest, "", manifest, {row["id"]: row for row in manifest["articles"]})


def _scan(articles_dir: str | os.PathLike[str], prev: _Previous) -> tuple[list[_Entry], BuildReport, list[int] | None]:
    """The folder's articles, a report listing the skipped files, and the sources file's stat key;
    :class:`BuildError` when no article can be read where the store had some (or no folder)."""
    old_by_path = {row["path"]: row for row in prev.old_rows.values() if isinstance(row.get("path"), str)}
    old_sources = prev.base["meta"].get("sources_stat", False) if prev.base else False
    entries, skipped, sources_key = scan_corpus(articles_dir, old_by_path, old_sources)
    report = BuildReport(skipped=[{"path": s.path, "reason": s.reason} for s in skipped])
    report.previous_store_problem = prev.problem
    if not entries and (prev.old_rows or not Path(articles_dir).is_dir()):
        reasons = "; ".join(f"{s['path']}: {s['reason']}" for s in report.skipped[:3]) or "no article files"
        raise BuildError(f"no article could be read from {articles_dir} ({reasons}); the store was left as it is")
    return entries, report, sources_key


def _classify(entries: list[_Entry], old_rows: dict[str, dict[str, Any]],
              report: BuildReport) -> tuple[list[_Entry], list[_Entry]]:
    """The entries extracted before by the same rules, and those to extract; the report's added,
    changed and removed articles, and whether the rules changed."""
    unchanged: list[_Entry] = []
    todo: list[_Entry] = []
    for entry in entries:
        old = old_rows.get(entry.id)
        if old and old["content_hash"] == entry.content_hash and old.get("extractor") == EXTRACTOR_VERSION:
            unchanged.append(entry)
        else:
            todo.append(entry)
            (report.changed if old else report.added).append(entry.id)
    report.rules_changed = any(row.get("extractor") != EXTRACTOR_VERSION for row in old_rows.values())
    report.removed = sorted(set(old_rows) - {e.id for e in entries})
    return unchanged, todo


def _build_locked(articles_dir: str | os.PathLike[str], store: Path, *, progress: ProgressFn | None,
                  n_process: int | None, verify: bool) -> BuildReport:
    """The build, phase by phase: scan, reuse the unchanged shards, extract the rest, merge and write."""
    started = time.perf_counter()
    quick = None if verify else _manifest_build(store)
    if quick is not None:  # the index's rows from its manifest: enough to find there is nothing to do
        entries, report, sources_key = _scan(articles_dir, quick)
        unchanged, todo = _classify(entries, quick.old_rows, report)
        if not todo and not report.removed and not _needs_restat(quick.current, entries, sources_key):
            return _nothing_changed(store, quick.current, entries, report, sources_key, articles_dir, started)
    prev = _previous_build(store)
    if quick is None or prev.problem:  # else the manifest held this index's rows: the scan stands
        entries, report, sources_key = _scan(articles_dir, prev)
        unchanged, todo = _classify(entries, prev.old_rows, report)
    if prev.current is not None and not prev.problem and not todo and not report.removed and not verify:
        return _nothing_changed(store, prev.current, entries, report, sources_key, articles_dir, started)

    from .stories import group_articles, profile_version  # loads the search code: only with work

    rows: dict[str, dict[str, Any]] = {}
    words: dict[str, dict[str, int]] = {}  # each article's salient terms, for grouping stories
    profiles = profile_version()
    stored_words = prev.base is not None and prev.base["meta"].get("story_profile") == profiles
    from .merge_inputs import read_inputs, write_inputs

    # a damaged store or --verify reads every shard; else kept merge inputs stand in for the shards
    inputs = _Inputs({} if verify or prev.problem else read_inputs(store), {})
    reusable = _reuse_shards(store, unchanged, prev.old_rows, stored_words, todo, rows, words, report, inputs)
    extracted = _extract_new(store, todo, n_process, progress, rows, words, report, inputs)
    _count_changes(report, prev.old_rows, extracted)

    order = [e.id for e in entries if e.id in rows]
    ordered = [reusable.get(i) or extracted[i] for i in order]
    del reusable, extracted
    from .entity_index import index_entities, merge_keyed

    entities = merge_keyed(ordered)
    records = [facts["article"] for facts in ordered]
    del ordered
    moved = [i for i in order if prev.old_rows.get(i, {}).get("content_hash") != rows[i]["content_hash"]]
    stories = group_articles(records, entities, words, previous=prev.base["stories"] if prev.base else (),
                             moved=moved)
    index_rows = [rows[i] for i in order]
    meta = {**_meta(index_rows, report, entities, articles_dir, sources_key), "story_profile": profiles}
    if report.changed_anything or report.previous_store_problem or not store.exists():
        current = prev.current
        write_index(store, meta=meta, articles=index_rows, entities=index_entities(entities),  # type: ignore[arg-type]
                    skipped=report.skipped, current_problem=prev.problem,
                    current_rows=current["articles"] if current and not prev.problem else None, stories=stories)
    if inputs.renewed or inputs.kept.keys() != inputs.cached.keys():
        write_inputs(store, inputs.kept)
    report.seconds = round(time.perf_counter() - started, 3)
    log.info("build finished: %s", report.summary().splitlines()[0])
    return report


def _reuse_shards(store: Path, unchanged: list[_Entry], old_rows: dict[str, dict[str, Any]], stored_words: bool,
                  todo: list[_Entry], rows: dict[str, dict[str, Any]], words: dict[str, dict[str, int]],
                  report: BuildReport, inputs: _Inputs) -> dict[str, ArticleFacts]:
    """The unchanged articles' facts (slim), with their index rows and story terms (the index's when
    ``stored_words``): from their merge inputs when kept and the terms are stored, else from their shards;
    one whose shard does not load is added to ``todo``."""
    reusable: dict[str, ArticleFacts] = {}
    for entry in unchanged:
        old = old_rows[entry.id]
        kept = old.get("story_terms") if stored_words else None
        try:
            facts, counts, terms = _unchanged_facts(store, old, kept if isinstance(kept, dict) else None, inputs)
        except StoreError as exc:
            log.warning("re-extracting %s: %s", entry.id, exc)
            shard_path(store, old["shard"]).unlink(missing_ok=True)  # damaged: write_shard writes it anew
            todo.append(entry)
            report.changed.append(entry.id)
            continue
        words[entry.id] = terms
        rows[entry.id] = {**_index_row(facts["article"], *counts), "path": entry.path, "stat": entry.stat,
                          "story_terms": terms}
        reusable[entry.id] = facts
    report.unchanged = len(reusable)
    return reusable


def _unchanged_facts(store: Path, old: dict[str, Any], terms: dict[str, int] | None,
                     inputs: _Inputs) -> tuple[ArticleFacts, tuple[int, int], dict[str, int]]:
    """An unchanged article's slim facts, fact and word counts, and story terms (``terms`` when given);
    its shard is read only when its merge inputs are not kept or its terms are not stored."""
    from .merge_inputs import entry_of, facts_of
    from .stories import article_words

    cached = inputs.cached.get(old["shard"]) if terms is not None else None
    if cached is not None and cached[0][0] == old["id"] and cached[4] == old.get("facts", cached[4]):
        facts, fact_total, word_total = facts_of(cached)
        inputs.kept[old["shard"]] = cached
        return facts, (fact_total, word_total), terms  # type: ignore[return-value]
    full = load_shard(store, old["shard"], expected_facts=old.get("facts"))
    record = full["article"]
    counts = (fact_count(full), len(record["text"].split()))
    inputs.kept[old["shard"]] = entry_of(full, *counts)
    inputs.renewed = True
    return _slim(full), counts, terms if terms is not None else article_words(record["title"], record["text"])


def _extract_new(store: Path, todo: list[_Entry], n_process: int | None, progress: ProgressFn | None,
                 rows: dict[str, dict[str, Any]], words: dict[str, dict[str, int]],
                 report: BuildReport, inputs: _Inputs) -> dict[str, ArticleFacts]:
    """The new and changed articles extracted, each shard written as it comes; their facts (slim),
    index rows, story terms and merge inputs. Sets ``report.facts_added``."""
    from .merge_inputs import entry_of
    from .stories import article_words

    articles: list[Article] = []
    for entry in todo:
        try:
            articles.append(entry.read())
        except ArticleError as exc:  # changed or went away since the scan
            report.skip(entry.path, str(exc))
    by_path = {e.path: e for e in todo}
    extracted: dict[str, ArticleFacts] = {}
    facts_added = 0
    if articles:
        workers = n_process or (2 if len(articles) >= 50 and (os.cpu_count() or 1) > 1 else 1)
        for done, facts in enumerate(_extract(articles, workers, report), start=1):
            write_shard(store, facts, extractor=EXTRACTOR_VERSION)
            article_id = facts["article"]["id"]
            words[article_id] = article_words(facts["article"]["title"], facts["article"]["text"])
            counts = (fact_count(facts), len(facts["article"]["text"].split()))
            rows[article_id] = {**_index_row(facts["article"], *counts),
                                "stat": by_path[facts["article"]["path"]].stat, "story_terms": words[article_id]}
            inputs.kept[rows[article_id]["shard"]] = entry_of(facts, *counts)  # before merging changes the facts
            inputs.renewed = True
            facts_added += rows[article_id]["facts"]
            extracted[article_id] = _slim(facts)  # the text, sentences and dates are in the shard now
            del facts
            if progress:
                progress(done, len(articles))
    report.facts_added = facts_added
    return extracted


def _count_changes(report: BuildReport, old_rows: dict[str, dict[str, Any]],
                   extracted: dict[str, ArticleFacts]) -> None:
    """Added and changed as far as extracted (an article that failed counts as removed); facts removed."""
    report.removed = sorted({*report.removed, *(i for i in report.changed if i not in extracted)})
    report.added = [i for i in report.added if i in extracted]
    report.changed = [i for i in report.changed if i in extracted]
    for article_id in report.changed + report.removed:
        if article_id in old_rows:
            report.facts_removed += old_rows[article_id].get("facts", 0)


def _nothing_changed(store: Path, current: dict[str, Any], entries: list[_Entry], report: BuildReport,
                     sources_key: list[int] | None, articles_dir: str | os.PathLike[str],
                     started: float) -> BuildReport:
    """No article new, changed or removed and the store healthy: report its totals, load nothing.

    The index is rewritten in place (same content, ``.prev`` untouched) only to record the size and
    times of many files that had to be read again for want of them (a store from before they were
    recorded, files touched but not changed, another ``sources.toml``).
    """
    by_id = {row["id"]: row for row in current["articles"]}
    rows = [by_id[e.id] for e in entries]
    report.unchanged = report.articles = len(rows)
    report.facts = sum(row.get("facts", 0) for row in rows)
    report.words = sum(row.get("words", 0) for row in rows)
    if _needs_restat(current, entries, sources_key):
        new_rows = [{**row, "path": e.path, "stat": e.stat} for e, row in zip(entries, rows)]
        meta = {k: v for k, v in current["meta"].items() if k != "schema_version"}
        rewrite_index(store, meta={**meta, "sources_stat": sources_key}, articles=new_rows,
                      entities=current["entities"], skipped=report.skipped, stories=current["stories"])
    elif "entities" in current and read_manifest(store) is None:  # read the whole index: next time need not
        write_manifest(store, {k: v for k, v in current["meta"].items() if k != "schema_version"}, current["articles"])
    report.seconds = round(time.perf_counter() - started, 3)
    log.info("build finished, nothing changed: %s", report.summary().splitlines()[0])
    return report


def _needs_restat(current: dict[str, Any], entries: list[_Entry], sources_key: list[int] | None) -> bool:
    """Whether a build with nothing to do re-records the files' size and times (see RESTAT_MIN)."""
    by_id = {row["id"]: row for row in current["articles"]}
    restat = sum(1 for e in entries if e.stat is not None and e.stat != by_id[e.id].get("stat"))
    return restat >= RESTAT_MIN or bool(current["meta"].get("sources_stat", False) != sources_key and sources_key)


def _meta(rows: list[dict[str, Any]], report: BuildReport, entities: list[Any],
          articles_dir: str | os.PathLike[str], sources_key: list[int] | None) -> dict[str, Any]:
    report.articles = len(rows)
    report.facts = sum(r["facts"] for r in rows)
    report.words = sum(r["words"] for r in rows)
    return {
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "articles_dir": str(Path(articles_dir).resolve()),
        "corpus_fingerprint": hashlib.sha256(
            "".join(f"{r['id']}:{r['content_hash']};" for r in rows).encode()).hexdigest()[:16],
        "articles": report.articles,
        "facts": report.facts,
        "entities": len(entities),
        "sources_stat": sources_key,
    }


def _extract(todo: list[Article], workers: int, report: BuildReport) -> Iterator[ArticleFacts]:
    """Facts per article, in order; one that cannot be analysed is skipped with the reason, never fatal."""
    from .extract import extract_articles, load_nlp  # spaCy is imported only when there is work
    require_model()

    nlp = load_nlp()
    fits: list[Article] = []
    for article in todo:
        if len(article.text) > nlp.max_length:
            report.skip(article.path, f"too long to analyse ({len(article.text):,} characters; "
                                   f"limit {nlp.max_length:,})")
        else:
            fits.append(article)
    came_back: set[str] = set()
    failed: dict[str, Exception] = {}

    def note_failure(article: Article, exc: Exception) -> None:
        failed[article.path] = exc
        report.skip(article.path, _analysis_failure(exc))

    for facts in extract_articles(fits, n_process=workers, nlp=nlp, on_error=note_failure):
        came_back.add(facts["article"]["path"])
        yield facts
    lost = [a for a in fits if a.path not in came_back and a.path not in failed]
    if lost:  # a worker failed on their batch: one at a time, to find the article that broke it
        log.warning("%d article(s) lost with a failed batch; retrying one at a time", len(lost))
    for article in lost:
        try:
            [facts] = list(extract_articles([article], nlp=nlp))
        except Exception as exc:
            report.skip(article.path, _analysis_failure(exc))
            continue
        yield facts


def _analysis_failure(exc: Exception) -> str:
    """The skip reason of an article that could not be analysed."""
    return f"could not be analysed ({exc.__class__.__name__}: {str(exc)[:ERROR_CHARS]})"


def _index_row(record: ArticleRecord, facts: int, words: int) -> dict[str, Any]:
    return {
        "id": record["id"],
        "path": record["path"],
        "title": record["title"],
        "outlet": record["outlet"],
        "published": record["published"],
        "url": record["url"],
        "content_hash": record["content_hash"],
        "shard": shard_name(record["content_hash"], EXTRACTOR_VERSION),
        "extractor": EXTRACTOR_VERSION,
        "facts": facts,
        "words": words,
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m knowledge.build --articles DIR --store PATH``: JSON lines of progress, then the report.

    The bot runs refreshes through this entry point, in a child process, so spaCy never
    loads in the serving process and a crash or kill mid-build cannot touch it.
    """
    import argparse
    import json
    import sys

    parser = argparse.ArgumentParser(prog="python -m knowledge.build")
    parser.add_argument("--articles", required=True)
    parser.add_argument("--store", required=True)
    parser.add_argument("--verify", action="store_true", help="load every shard, re-extract what does not load")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

    def emit(done: int, total: int) -> None:
        print(json.dumps({"progress": done, "total": total}), flush=True)

    try:
        report = build_store(args.articles, args.store, progress=emit, verify=args.verify)
    except Exception as exc:  # the serving process shows this line to the admin who asked
        log.exception("build failed")
        print(json.dumps({"error": f"{exc.__class__.__name__}: {exc}"}), flush=True)
        return 1
    print(json.dumps({"report": report.to_json()}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
