"""A two-process build where one article breaks: the build finishes, the article is skipped with its
reason, the others are in the store. spaCy's multi-process pipe used to wait for ever on workers
blocked on a full pipe once the pass stopped early, so each build runs in a child with a timeout."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("spacy")

ROOT = Path(__file__).resolve().parent.parent
#: a two-process build of these articles takes well under this on two busy cores
BUILD_TIMEOUT_S = 300
ARTICLES = 24
BROKEN = 2  # index of the article that breaks (early: the workers are far ahead of it)

CHILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import knowledge.extract as api
    from knowledge.build import build_store

    articles, store, where = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    if where == "rules":
        real = api.extract_doc
        def extract_doc(article, doc):
            if "BREAKS" in article.text:
                raise RuntimeError("a rule failed")
            return real(article, doc)
        api.extract_doc = extract_doc
    else:
        real_load = api.load_nlp
        def load_nlp():
            nlp = real_load()
            def breaker(doc):
                if "BREAKS" in doc.text:
                    raise RuntimeError("a component failed")
                return doc
            from spacy.language import Language
            Language.component("test_breaker", func=breaker)
            nlp.add_pipe("test_breaker", last=True)
            return nlp
        api.load_nlp = load_nlp
        import knowledge.build  # noqa: F401  (looks load_nlp up on the package)
    report = build_store(articles, store, n_process=2)
    print(json.dumps({"added": len(report.added), "skipped": [[s["path"], s["reason"]] for s in report.skipped]}))
""")


def _write_articles(folder: Path) -> None:
    """Long articles (so each worker's output fills a pipe), one of them marked to break."""
    folder.mkdir()
    for i in range(ARTICLES):
        marker = " It BREAKS here." if i == BROKEN else ""
        body = " ".join(f"Mayor Ana Ruiz{i} said on Tuesday that the bridge number {k} in Town{i} would "
                        f"reopen after {k + 3} weeks of repairs costing {k + 1} million dollars."
                        for k in range(120))
        (folder / f"{i:02d}.md").write_text(
            f"---\ntitle: Bridge story {i}\npublished: 2024-05-0{1 + i % 9}\n---\n{body}{marker}\n",
            encoding="utf-8")


def _build(tmp_path: Path, where: str) -> dict:
    articles = tmp_path / "articles"
    _write_articles(articles)
    done = subprocess.run([sys.executable, "-c", CHILD, str(articles), str(tmp_path / "store" / "factstore.json"),
                           where], cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("where", ["rules", "worker"])
def test_one_broken_article_is_skipped_and_the_build_finishes(tmp_path: Path, where: str) -> None:
    result = _build(tmp_path, where)
    assert result["added"] == ARTICLES - 1
    [(path, reason)] = result["skipped"]
    assert path.endswith(f"{BROKEN:02d}.md")
    assert "could not be analysed" in reason and "failed" in reason
