"""Building the fact store from an articles folder, incrementally and atomically."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .articles import Article, load_corpus
from .facts import ArticleFacts
from .store import (FACT_TABLES, StoreError, index_problem, load_shard, previous_path, read_meta, write_index,
                    write_shard)

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]


class BuildError(Exception):
    """The build refused to replace the store (the message says why); nothing on disk changed."""


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
        for skip in self.skipped:
            lines.append(f"Skipped {skip['path']}: {skip['reason']}")
        if self.previous_store_problem:
            lines.append(f"Rebuilt from scratch: {self.previous_store_problem}")
        return "\n".join(lines)


def fact_count(facts: ArticleFacts) -> int:
    return sum(len(facts.get(table, [])) for table in FACT_TABLES)  # type: ignore[arg-type]


def build_store(articles_dir: str | os.PathLike[str], store_path: str | os.PathLike[str], *,
                progress: ProgressFn | None = None, n_process: int | None = None) -> BuildReport:
    """Re-extract new and changed articles, drop removed ones, then swap the index in.

    One build per store at a time, across processes (a terminal ``factbot build`` and a
    bot's ``/refresh`` cannot race): a second one raises :class:`BuildError`.
    """
    store = Path(store_path)
    store.parent.mkdir(parents=True, exist_ok=True)
    with open(store.with_name(store.name + ".lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildError(f"another build of {store} is running; try again when it has finished") from exc
        return _build_locked(articles_dir, store, progress=progress, n_process=n_process)


def _build_locked(articles_dir: str | os.PathLike[str], store: Path, *, progress: ProgressFn | None,
                  n_process: int | None) -> BuildReport:
    started = time.perf_counter()
    corpus = load_corpus(articles_dir)
    report = BuildReport(skipped=[{"path": s.path, "reason": s.reason} for s in corpus.skipped])

    old_rows: dict[str, dict[str, Any]] = {}
    problem = index_problem(store) if store.exists() else ""
    if problem:
        report.previous_store_problem = problem
        log.warning("previous store not reused: %s", problem)
    for base in (store, previous_path(store)):  # an unreadable index: reuse what .prev still has
        try:
            old_rows = {row["id"]: row for row in read_meta(base)["articles"]}
            break
        except StoreError:
            continue
    if not corpus.articles and (old_rows or not Path(articles_dir).is_dir()):
        reasons = "; ".join(f"{s['path']}: {s['reason']}" for s in report.skipped[:3]) or "no article files"
        raise BuildError(f"no article could be read from {articles_dir} ({reasons}); the store was left as it is")

    reusable: dict[str, ArticleFacts] = {}
    todo: list[Article] = []
    for article in corpus.articles:
        old = old_rows.get(article.id)
        if old and old["content_hash"] == article.content_hash:
            try:
                reusable[article.id] = load_shard(store, old["shard"])
                continue
            except StoreError as exc:
                log.warning("re-extracting %s: %s", article.id, exc)
        todo.append(article)
        (report.changed if old else report.added).append(article.id)

    current_ids = {a.id for a in corpus.articles}
    report.removed = sorted(set(old_rows) - current_ids)
    report.unchanged = len(reusable)

    extracted: dict[str, ArticleFacts] = {}
    if todo:
        workers = n_process or (2 if len(todo) >= 50 and (os.cpu_count() or 1) > 1 else 1)
        for done, facts in enumerate(_extract(todo, workers, report), start=1):
            write_shard(store, facts)
            extracted[facts["article"]["id"]] = facts
            if progress:
                progress(done, len(todo))
        report.removed = sorted({*report.removed, *(i for i in report.changed if i not in extracted)})
        report.added = [i for i in report.added if i in extracted]
        report.changed = [i for i in report.changed if i in extracted]

    for article_id in report.changed + report.removed:
        report.facts_removed += old_rows[article_id].get("facts", 0)
    report.facts_added = sum(fact_count(f) for f in extracted.values())

    ordered = [facts for a in corpus.articles if (facts := reusable.get(a.id) or extracted.get(a.id))]
    from .entities import merge_entities

    entities = merge_entities(ordered)
    rows = [_index_row(f) for f in ordered]
    report.articles = len(rows)
    report.facts = sum(r["facts"] for r in rows)
    report.words = sum(r["words"] for r in rows)
    meta = {
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "articles_dir": str(Path(articles_dir).resolve()),
        "corpus_fingerprint": hashlib.sha256(
            "".join(f"{r['id']}:{r['content_hash']};" for r in rows).encode()).hexdigest()[:16],
        "articles": report.articles,
        "facts": report.facts,
        "entities": len(entities),
    }
    if report.changed_anything or report.previous_store_problem or not store.exists():
        write_index(store, meta=meta, articles=rows, entities=entities, skipped=report.skipped,
                    current_problem=problem)
    report.seconds = round(time.perf_counter() - started, 3)
    log.info("build finished: %s", report.summary().splitlines()[0])
    return report


def _extract(todo: list[Article], workers: int, report: BuildReport) -> Iterator[ArticleFacts]:
    """Facts per article, in order; one that cannot be analysed is skipped with the reason, never fatal."""
    from .extract import extract_articles, load_nlp  # spaCy is imported only when there is work

    nlp = load_nlp()
    fits: list[Article] = []
    for article in todo:
        if len(article.text) > nlp.max_length:
            _skip(report, article, f"too long to analyse ({len(article.text):,} characters; "
                                   f"limit {nlp.max_length:,})")
        else:
            fits.append(article)
    done = 0
    try:
        for facts in extract_articles(fits, n_process=workers, nlp=nlp):
            done += 1
            yield facts
        return
    except Exception as exc:  # find the article that broke the batch; the others still go in
        log.warning("extraction failed (%s: %s); retrying one article at a time", exc.__class__.__name__, exc)
    for article in fits[done:]:
        try:
            [facts] = list(extract_articles([article], nlp=nlp))
        except Exception as exc:
            _skip(report, article, f"could not be analysed ({exc.__class__.__name__}: {str(exc)[:200]})")
            continue
        yield facts


def _skip(report: BuildReport, article: Article, reason: str) -> None:
    report.skipped.append({"path": article.path, "reason": reason})
    log.warning("skipped article file %s: %s", article.path, reason)


def _index_row(facts: ArticleFacts) -> dict[str, Any]:
    record = facts["article"]
    return {
        "id": record["id"],
        "path": record["path"],
        "title": record["title"],
        "outlet": record["outlet"],
        "published": record["published"],
        "url": record["url"],
        "content_hash": record["content_hash"],
        "shard": f"{record['content_hash']}.json",
        "facts": fact_count(facts),
        "words": len(record["text"].split()),
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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)

    def emit(done: int, total: int) -> None:
        print(json.dumps({"progress": done, "total": total}), flush=True)

    try:
        report = build_store(args.articles, args.store, progress=emit)
    except Exception as exc:  # the serving process shows this line to the admin who asked
        log.exception("build failed")
        print(json.dumps({"error": f"{exc.__class__.__name__}: {exc}"}), flush=True)
        return 1
    print(json.dumps({"report": report.to_json()}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
