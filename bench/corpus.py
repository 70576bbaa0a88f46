"""Turning the shared jsonl.gz corpus into article folders (front matter + body) in a temp dir."""

from __future__ import annotations

import gzip
import json
import random
import shutil
from pathlib import Path
from typing import Any

SHUFFLE_SEED = 8  # fixed: tiers are nested prefixes of one deterministic shuffle


def read_corpus(path: Path) -> list[dict[str, Any]]:
    """All records, in one fixed shuffled order (so 200 is a prefix of 2,000, and so on)."""
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                records.append(json.loads(line))
    random.Random(SHUFFLE_SEED).shuffle(records)
    return records


def _yaml_str(value: Any) -> str:
    # A JSON string with every non-ASCII character escaped is a valid YAML double-quoted scalar (raw C1
    # controls or U+2028 in a title are not).
    return json.dumps(str(value or ""), ensure_ascii=True)


def write_article(folder: Path, index: int, record: dict[str, Any]) -> Path:
    path = folder / f"{index:05d}_{record['id']}.md"
    front = "\n".join(
        f"{key}: {_yaml_str(record.get(src))}"
        for key, src in (("id", "id"), ("title", "title"), ("outlet", "outlet"),
                         ("published", "date"), ("url", "url"))
    )
    path.write_text(f"---\n{front}\n---\n{record.get('text') or ''}\n", encoding="utf-8")
    return path


def write_tier(records: list[dict[str, Any]], n: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, record in enumerate(records[:n]):
        write_article(folder, i, record)
    return folder


def copy_seeds(seeds: Path, folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(seeds, folder)
    return folder
