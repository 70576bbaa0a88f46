"""Reading article folders: metadata, seed conventions, and files that must be skipped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge.articles import load_corpus
from tests.conftest import SEEDS


def test_seed_conventions_date_prefix_title_and_breadcrumb() -> None:
    corpus = load_corpus(SEEDS)
    by_id = {a.id: a for a in corpus.articles}
    assert len(by_id) == 5 and not corpus.skipped
    first = by_id["000_8ce34da8cebbd308"]
    assert first.published == "2023-09-20"
    assert first.text.startswith("Azerbaijan’s president said")  # the date prefix is not content
    third = by_id["003_bc241506b953dc3f"]
    assert third.title.startswith("Azerbaijan Launches")
    assert not third.text.startswith("Azerbaijan Launches")  # title line is not a sentence
    last = by_id["004_4194e74dd7139e14"]
    assert "Home / News" not in last.text
    assert last.published == ""  # never invented
    assert "Also read" not in by_id["002_df3712f0bc0a3c7b"].text
    assert all(a.url == "" for a in corpus.articles)


def test_front_matter_and_sources_toml(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\nid: storm-1\ntitle: Storm hits\noutlet: Gulf Herald\ndate: 2024-03-14\n"
        "url: https://example.org/storm\nunknown: ignored\n---\nThe storm hit on Tuesday.\n",
        encoding="utf-8")
    (tmp_path / "b.txt").write_text("Plain body text here.\n", encoding="utf-8")
    (tmp_path / "sources.toml").write_text('["b.txt"]\noutlet = "Wire"\npublished = "2024-03-15"\n',
                                           encoding="utf-8")
    corpus = load_corpus(tmp_path)
    a, b = sorted(corpus.articles, key=lambda x: x.path)
    assert (a.id, a.title, a.outlet, a.published, a.url) == (
        "storm-1", "Storm hits", "Gulf Herald", "2024-03-14", "https://example.org/storm")
    assert a.text.strip() == "The storm hit on Tuesday."
    assert (b.id, b.outlet, b.published) == ("b", "Wire", "2024-03-15")


def test_unsafe_url_is_dropped(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text("---\nurl: javascript:alert(1)\n---\nBody.\n", encoding="utf-8")
    assert load_corpus(tmp_path).articles[0].url == ""


def test_bad_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A good article. It has text.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "unclosed.md").write_text("---\ntitle: x\nBody without end.\n", encoding="utf-8")
    (tmp_path / "zdup.md").write_text("---\nid: good\n---\nSame id as good.txt.\n", encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "huge.txt").write_bytes(b"word " * 4_200_000)
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["good"]
    reasons = {s.path: s.reason for s in corpus.skipped}
    assert "no text" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "YAML" in reasons["broken.md"]
    assert "not closed" in reasons["unclosed.md"]
    assert "duplicate id" in reasons["zdup.md"]
    assert "directory" in reasons["folder.txt"]
    assert "too large" in reasons["huge.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text", encoding="utf-8")
    path.chmod(0)
    assert "cannot be read" in load_corpus(tmp_path).skipped[0].reason


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    corpus = load_corpus(tmp_path / "nope")
    assert not corpus.articles and "does not exist" in corpus.skipped[0].reason


def test_dotenv_strips_inline_comments_and_keeps_set_variables(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.config import Settings, load_dotenv

    env = tmp_path / ".env"
    env.write_text("FACTBOT_RATE_LIMIT=7   # per minute\nFACTBOT_PUBLIC_URL=\n"
                   "FACTBOT_LINK_SECRET='s3cret # kept'\nFACTBOT_ADMINS=U1\n", encoding="utf-8")
    for key in ("FACTBOT_RATE_LIMIT", "FACTBOT_PUBLIC_URL", "FACTBOT_LINK_SECRET"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("FACTBOT_ADMINS", "U2")
    load_dotenv(env)
    settings = Settings.from_env()
    assert settings.rate_limit_per_minute == 7
    assert settings.public_url == ""
    assert settings.link_secret == "s3cret # kept"
    assert settings.admins == frozenset({"U2"})
    assert "s3cret" not in repr(settings)


def test_hidden_folders_are_not_articles(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("Not an article.", encoding="utf-8")
    (tmp_path / "real.txt").write_text("A real article.", encoding="utf-8")
    assert [a.id for a in load_corpus(tmp_path).articles] == ["real"]
