"""Building the fact store from an articles folder, incrementally and atomically."""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .articles import Article, load_corpus
from .facts import ArticleFacts
from .store import FACT_TABLES, StoreError, load_shard, read_meta, write_index, write_shard

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]


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
    """Re-extract new and changed articles, drop removed ones, then swap the index in."""
    started = time.perf_counter()
    store = Path(store_path)
    corpus = load_corpus(articles_dir)
    report = BuildReport(skipped=[{"path": s.path, "reason": s.reason} for s in corpus.skipped])

    old_rows: dict[str, dict[str, Any]] = {}
    try:
        old_rows = {row["id"]: row for row in read_meta(store)["articles"]}
    except StoreError as exc:
        if store.exists():
            report.previous_store_problem = str(exc)
            log.warning("previous store not reused: %s", exc)

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
        from .extract import extract_articles  # spaCy is imported only when there is work

        workers = n_process or (2 if len(todo) >= 50 and (os.cpu_count() or 1) > 1 else 1)
        for done, facts in enumerate(extract_articles(todo, n_process=workers), start=1):
            write_shard(store, facts)
            extracted[facts["article"]["id"]] = facts
            if progress:
                progress(done, len(todo))

    for article_id in report.changed + report.removed:
        report.facts_removed += old_rows[article_id].get("facts", 0)
    report.facts_added = sum(fact_count(f) for f in extracted.values())

    ordered = [reusable.get(a.id) or extracted[a.id] for a in corpus.articles]
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
        write_index(store, meta=meta, articles=rows, entities=entities, skipped=report.skipped)
    report.seconds = round(time.perf_counter() - started, 3)
    log.info("build finished: %s", report.summary().splitlines()[0])
    return report


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

    report = build_store(args.articles, args.store, progress=emit)
    print(json.dumps({"report": report.to_json()}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
