"""The dev answer set (``shared/eval/dev``), scored the way ``shared/eval/score.py`` scores it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
FACTBOT = REPO / ".venv" / "bin" / "factbot"
#: longest an ``ask`` run over the dev articles may take, seconds
ASK_TIMEOUT = 600
#: the gold's command groups, in table order; cases with ``ok: false`` form their own group
GROUPS = ("/who", "/when", "/sources", "/compare")
NOT_FOUND = "not found"
_MARKER = re.compile(r"\[\d+\]")
_DOUBLE_QUOTES = {ord(c): '"' for c in "“”„«»"}
_SINGLE_QUOTES = {ord(c): "'" for c in "‘’`"}


def shared_dir() -> Path:
    """``../shared`` beside the checkout, or ``$FACTBOT_SHARED``."""
    return Path(os.environ.get("FACTBOT_SHARED") or REPO.parent / "shared")


def norm(text: str) -> str:
    """Quote, dash and space folding as score.py does it, lower-cased."""
    text = unicodedata.normalize("NFKC", text).translate(_DOUBLE_QUOTES | _SINGLE_QUOTES)
    text = text.replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class DevResult:
    """Pass counts per group and the verbatim-quote tally."""

    passed: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    quotes: int = 0
    verbatim: int = 0
    failures: list[str] = field(default_factory=list)


def group_of(case: dict[str, Any]) -> str:
    """The table row a gold case counts in."""
    if case.get("ok", True) is False:
        return NOT_FOUND
    return case["q"].split()[0]


def _cited(cited: set[str], article: str) -> bool:
    return any(x == article or x.startswith(article) for x in cited)


def _article_text(texts: dict[str, str], article: str) -> str | None:
    return next((t for k, t in texts.items() if k == article or k.startswith(article)), None)


def case_problems(case: dict[str, Any], reply: dict[str, Any]) -> list[str]:
    """Why a reply fails its gold case (quotes aside); empty when it passes."""
    if case.get("ok", True) is False:
        return [] if reply.get("ok", True) is False else ["expected ok=false"]
    why = [] if reply.get("ok") is True else ["ok is not true"]
    text = _MARKER.sub(" ", reply.get("text", ""))
    why += [f"text lacks /{pat}/" for pat in case.get("text", []) if not re.search(pat, text, re.I)]
    cites = reply.get("citations", [])
    cited = {str(c.get("article", "")) for c in cites}
    why += [f"no citation of {a}" for a in case.get("cite", []) if not _cited(cited, a)]
    why += [f"wrongly cites {a}" for a in case.get("nocite", []) if _cited(cited, a)]
    return why + ([] if cites else ["no citations"])


def score_replies(cases: list[dict[str, Any]], replies: list[dict[str, Any]],
                  texts: dict[str, str]) -> DevResult:
    """Score replies (in case order) against the gold; ``texts`` are the normalised articles by file stem."""
    result = DevResult()
    for case, reply in zip(cases, replies):
        why = case_problems(case, reply)
        for cite in reply.get("citations", []):
            result.quotes += 1
            article = _article_text(texts, str(cite.get("article")))
            quote = norm(str(cite.get("quote", "")))
            if article is not None and quote and quote in article:
                result.verbatim += 1
            else:
                why.append(f"quote not verbatim in {cite.get('article')}: {quote[:60]!r}")
        group = group_of(case)
        result.total[group] += 1
        if why:
            result.failures.append(f"{case['q']}: {'; '.join(why)}")
        else:
            result.passed[group] += 1
    return result


def run_dev(shared: Path, factbot: Path = FACTBOT) -> DevResult:
    """Ask every gold question once against a fresh store and score the replies."""
    gold, articles = shared / "eval" / "dev" / "gold.json", shared / "eval" / "dev" / "articles"
    cases = json.loads(gold.read_text(encoding="utf-8"))["cases"]
    texts = {p.stem: norm(p.read_text(encoding="utf-8", errors="replace"))
             for p in articles.rglob("*") if p.is_file()}
    with tempfile.TemporaryDirectory(prefix="quality-dev-") as tmp:
        proc = subprocess.run([str(factbot), "ask", "--json", "--articles", str(articles),
                               "--store", str(Path(tmp) / "factstore.json"), *[c["q"] for c in cases]],
                              capture_output=True, text=True, timeout=ASK_TIMEOUT)
    lines = [line for line in proc.stdout.splitlines() if line.strip().startswith("{")]
    if len(lines) != len(cases):
        raise RuntimeError(f"expected {len(cases)} JSON lines from factbot ask, got {len(lines)} "
                           f"(exit {proc.returncode}): {proc.stderr[-500:]}")
    return score_replies(cases, [json.loads(line) for line in lines], texts)
