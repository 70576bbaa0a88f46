"""A large store without running spaCy on it: a built store's shards cloned under new article ids.

Copy ``k`` of article ``ID`` becomes ``ID-cK``: its file is written to ``cK/<path>`` with that id in
its front matter (so a refresh sees it as an ordinary article, unchanged), and its shard is the
source shard with the article record renamed; the facts stay as they were extracted. Shard names
follow the clone's content hash. Entities keep their ids and name keys (the clones' shards hold their mentions); each story
is cloned per copy (``STORY-cK``) with its articles renamed. The result is written with the store's
own :func:`~knowledge.store.write_index`; the serving index is then built by whatever builds it.
Metadata from a ``sources.toml`` is not cloned into the files (the bench's tiers have none; the
shards keep it).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from knowledge.articles import read_article
from knowledge.store import read_meta, shard_dir, shard_name, write_index

FRONT = "---"


def clone_id(article_id: str, copy: int | None) -> str:
    """Copy ``copy``'s id of an article (``None``: the article itself, re-keyed)."""
    return article_id if copy is None else f"{article_id}-c{copy}"


def _with_id(raw: str, new_id: str) -> str:
    """The article file's text with its front matter ``id`` set to ``new_id`` (front matter added if absent)."""
    line = f"id: {json.dumps(new_id, ensure_ascii=True)}"
    lines = raw.split("\n")
    if lines and lines[0].strip() == FRONT and FRONT in (l.strip() for l in lines[1:]):
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT)
        body = [l for l in lines[1:end] if not l.startswith("id:")]
        return "\n".join([FRONT, line, *body, *lines[end:]])
    return "\n".join([FRONT, line, FRONT, raw])


def _clone_article(src_articles: Path, dst_articles: Path, row: dict[str, Any], copy: int | None) -> tuple[str, str]:
    """Write copy ``copy`` of an article file; its (relative path, content hash) as the build reads it."""
    rel = row["path"] if copy is None else f"c{copy}/{row['path']}"
    new_id = clone_id(row["id"], copy)
    target = dst_articles / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if copy is None:
        shutil.copyfile(src_articles / row["path"], target)
    else:
        raw = (src_articles / row["path"]).read_text(encoding="utf-8")
        target.write_text(_with_id(raw, new_id), encoding="utf-8")
    article = read_article(target, rel, {})
    if article.id != new_id:
        raise ValueError(f"{rel}: the clone reads back as {article.id!r}, not {new_id!r}")
    return rel, article.content_hash


def _clone_rows(src: Path, src_articles: Path, dst: Path, dst_articles: Path, rows: list[dict[str, Any]],
                copies: list[int | None], extractor: str | None) -> list[dict[str, Any]]:
    """Every article file and shard cloned once per copy; the index rows of the clones, copy by copy."""
    out: list[list[dict[str, Any]]] = [[] for _ in copies]
    shards = shard_dir(dst)
    shards.mkdir(parents=True, exist_ok=True)
    for row in rows:
        data = json.loads((shard_dir(src) / row["shard"]).read_text(encoding="utf-8"))
        record = data["article"]["1"]
        stamp = extractor or row["extractor"]
        for i, copy in enumerate(copies):
            rel, content_hash = _clone_article(src_articles, dst_articles, row, copy)
            new_id = clone_id(row["id"], copy)
            name = shard_name(content_hash, stamp)
            data["article"]["1"] = {**record, "id": new_id, "path": rel, "content_hash": content_hash}
            (shards / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            out[i].append({**row, "id": new_id, "path": rel, "content_hash": content_hash, "shard": name,
                           "extractor": stamp, "stat": None})
    return [r for per_copy in out for r in per_copy]


def _clone_entities(entities: list[dict[str, Any]], copies: list[int | None]) -> list[dict[str, Any]]:
    """Entities with name keys stay as they are (the clones' shards hold the mentions); an older index's
    mentions are cloned."""
    return [e if "mentions" not in e else
            {**e, "mentions": [{**m, "article": clone_id(m["article"], copy)} for copy in copies for m in e["mentions"]]}
            for e in entities]


def _clone_stories(stories: list[dict[str, Any]], copies: list[int | None]) -> list[dict[str, Any]]:
    return [{**s, "id": clone_id(s["id"], copy), "articles": [clone_id(a, copy) for a in s["articles"]],
             "central": clone_id(s["central"], copy) if s.get("central") else s.get("central", "")}
            for copy in copies for s in stories]


def _write_clone(src: Path, src_articles: Path, dst: Path, dst_articles: Path, copies: list[int | None],
                 extractor: str | None) -> dict[str, Any]:
    index = read_meta(src)
    rows = _clone_rows(src, src_articles, dst, dst_articles, index["articles"], copies, extractor)
    entities = _clone_entities(index["entities"], copies)
    meta = {k: v for k, v in index["meta"].items() if k != "schema_version"}
    meta.update(articles=len(rows), facts=sum(r.get("facts", 0) for r in rows), entities=len(entities),
                articles_dir=str(dst_articles.resolve()), sources_stat=None, cloned_from=str(src),
                clone_copies=len(copies))
    meta.pop("corpus_fingerprint", None)  # the source's; a clone's corpus has none
    write_index(dst, meta=meta, articles=rows, entities=entities, skipped=[],
                stories=_clone_stories(index["stories"], copies))
    return {"source_articles": len(index["articles"]), "copies": len(copies), "articles": len(rows),
            "entities": len(entities), "stories": len(index["stories"]) * len(copies),
            "source_extractors": sorted({r.get("extractor", "") for r in index["articles"]})}


def clone_store(src: Path, src_articles: Path, dst: Path, dst_articles: Path, copies: int) -> dict[str, Any]:
    """Write ``dst`` (an index and its shards) and ``dst_articles``: ``copies`` clones of every article of ``src``."""
    return _write_clone(src, src_articles, dst, dst_articles, list(range(copies)), None)


def rekey_store(src: Path, src_articles: Path, dst: Path, dst_articles: Path, extractor: str) -> dict[str, Any]:
    """A copy of ``src`` and its articles under the same ids, its shards keyed as the current code keys them
    (content hash as :func:`read_article` computes it, stamped ``extractor``): a store built by an
    earlier version whose rules extract the same facts, reused without a rebuild."""
    return _write_clone(src, src_articles, dst, dst_articles, [None], extractor)
