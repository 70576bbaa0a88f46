"""Hardening of the knowledge side (issue 14): article files that are not articles, ids that are not
path segments, a disk that fills while the index is written, store files damaged or pointing outside.

Item numbers refer to issue 14. Builds run in this process with a cached spaCy model.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path

import pytest

import knowledge.articles as articles
import knowledge.extract as extract
from knowledge.articles import ArticleError, load_corpus, read_file_bytes
from knowledge.build import BuildReport, build_store
from knowledge.links import Links
from knowledge.store import load_store

#: the longest a build of a few small articles may take here before it counts as blocked
BUILD_TIMEOUT_S = 120

GOOD = {
    "good.txt": "Erin Black, a harbour pilot, said the ferry would sail again on Sunday.\n",
    "other.md": "---\ntitle: Library hours\n---\nFrank Green said the library would open late on Fridays.\n",
}

_cached_nlp = functools.cache(extract.load_nlp)


@pytest.fixture(autouse=True)
def fast_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "load_nlp", _cached_nlp)


def folder_with(root: Path, files: dict[str, str] = GOOD) -> Path:
    folder = root / "articles"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build_within_timeout(folder: Path, store: Path) -> BuildReport:
    """A build in a thread that must finish within BUILD_TIMEOUT_S (a blocked one fails the test)."""
    result: list[BuildReport | BaseException] = []

    def run() -> None:
        try:
            result.append(build_store(folder, store, n_process=1))
        except BaseException as exc:  # handed to the test below
            result.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(BUILD_TIMEOUT_S)
    assert result, f"the build did not finish within {BUILD_TIMEOUT_S} s"
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


def reasons(report: BuildReport) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in report.skipped}


# ---------------------------------------------------------------------- 1-3. files that are not articles


def test_1_a_fifo_named_like_an_article_is_skipped_and_the_build_finishes(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    os.mkfifo(folder / "x.txt")
    report = build_within_timeout(folder, tmp_path / "store" / "factstore.json")
    assert "not a regular file (FIFO)" in reasons(report)["x.txt"]
    assert "Skipped x.txt: not a regular file (FIFO)" in report.summary()
    assert sorted(load_store(tmp_path / "store" / "factstore.json").articles) == ["good", "other"]


def test_2_a_symlink_leaving_the_folder_is_not_followed_one_inside_is(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "sub").mkdir()
    (folder / "sub" / "real.txt").write_text("Gina Hall said the pool would close in August.\n", encoding="utf-8")
    (folder / "alias.txt").symlink_to("sub/real.txt")
    (folder / "up.txt").symlink_to("../articles/../outside.txt")
    (tmp_path / "outside.txt").write_text("Secret text outside the folder.\n", encoding="utf-8")
    report = build_within_timeout(folder, tmp_path / "store" / "factstore.json")
    assert reasons(report)["passwd.txt"] == "symlink to a file outside the articles folder"
    assert reasons(report)["up.txt"] == "symlink to a file outside the articles folder"
    served = load_store(tmp_path / "store" / "factstore.json").articles
    assert "passwd" not in served and "up" not in served
    assert served["alias"]["text"].startswith("Gina Hall said")  # a link inside the folder is followed


def test_3_a_symlink_to_a_device_is_refused_without_reading(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (folder / "z.txt").symlink_to("/dev/zero")
    corpus = load_corpus(folder)
    assert {s.path: s.reason for s in corpus.skipped}["z.txt"] == "symlink to a file outside the articles folder"
    with pytest.raises(ArticleError, match=r"not a regular file \(device or special file\)"):
        read_file_bytes(Path("/dev/zero"), Path("/dev"))  # a device inside the folder: refused before reading


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc (a file whose st_size is 0)")
def test_3_the_size_limit_counts_bytes_read_not_st_size(monkeypatch: pytest.MonkeyPatch) -> None:
    maps = Path("/proc/self/maps")
    assert maps.stat().st_size == 0 and len(maps.read_bytes()) > 100
    monkeypatch.setattr(articles, "MAX_ARTICLE_BYTES", 100)
    with pytest.raises(ArticleError, match="too large"):
        read_file_bytes(maps, Path("/proc/self"))


# ---------------------------------------------------------------------- 11. ids that are not path segments


@pytest.mark.parametrize("declared", ['".."', '"."', '"..."', '""', "'/'"])
def test_11_an_id_that_is_no_path_segment_falls_back_to_the_file_name(tmp_path: Path, declared: str) -> None:
    folder = folder_with(tmp_path, {"harbour.md": f"---\nid: {declared}\n---\n{GOOD['good.txt']}"})
    [article] = load_corpus(folder).articles
    assert article.id == "harbour"


def test_11_links_are_never_built_to_a_dot_segment() -> None:
    links = Links(public_url="https://bot.example/")
    assert links.article_page("..", 0) == "" and links.article_page(".", 0) == ""
    assert links.article_page("a b", 2) == "https://bot.example/articles/a%20b?s=2#s2"
