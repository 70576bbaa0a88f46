"""Shared fixtures: a store built once from the seeds, and a `testbot` that asks it things."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from handlers import Context, Reply, User, run_line
from knowledge.refresh import Refresher
from knowledge.store import FactStore, StoreHandle, load_store
from tests.fakes.discord import FakeDiscord

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
OTHER_STORY = Path(__file__).resolve().parent / "corpora" / "other_story"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def build_into(articles: Path, store: Path) -> Path:
    from knowledge.build import build_store

    build_store(articles, store, n_process=1)
    return store


@pytest.fixture(scope="session")
def nlp():
    """The build's spaCy pipeline, loaded once for every extraction test."""
    pytest.importorskip("spacy")
    from knowledge.extract import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_into(SEEDS, tmp_path_factory.mktemp("seedstore") / "factstore.json")


@pytest.fixture(scope="session")
def seed_store(seed_store_path: Path) -> FactStore:
    return load_store(seed_store_path)


@pytest.fixture(scope="session")
def other_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_into(OTHER_STORY, tmp_path_factory.mktemp("otherstore") / "factstore.json")


def refreshable_copy(tmp_path: Path, seed_store_path: Path) -> tuple[StoreHandle, Refresher, Path]:
    """The seeds and their built store copied into tmp, and a Refresher over them.

    Change the returned articles folder to give the next refresh something to do.
    """
    from knowledge.store import shard_dir

    articles = tmp_path / "articles"
    shutil.copytree(SEEDS, articles)
    store = tmp_path / "store" / seed_store_path.name
    store.parent.mkdir()
    shutil.copyfile(seed_store_path, store)
    shutil.copytree(shard_dir(seed_store_path), shard_dir(store))
    handle = StoreHandle(load_store(store))
    return handle, Refresher(handle, articles_dir=articles, store_path=store), articles


@dataclass
class TestBot:
    """Errbot-style fixture: ask a command line, get the Reply the front ends would render."""

    handle: StoreHandle
    user: User = field(default_factory=lambda: User(id="U-test", name="tester"))
    refresher: Refresher | None = None

    __test__ = False  # not a test class

    def context(self) -> Context:
        return Context(handle=self.handle, user=self.user, platform="test", refresher=self.refresher)

    def ask(self, line: str) -> Reply:
        return asyncio.run(run_line(self.context(), line))

    def article_text(self, article: str) -> str:
        return self.handle.current.articles[article]["text"]

    def assert_quotes_verbatim(self, reply: Reply) -> None:
        for cite in reply.citations:
            assert cite.quote in self.article_text(cite.article), cite


def bot_over(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> TestBot:
    """A TestBot over a store freshly built from ``articles``."""
    store = build_into(articles, tmp_path_factory.mktemp(articles.name) / "factstore.json")
    return TestBot(handle=StoreHandle(load_store(store)))


@pytest.fixture(scope="session")
def events_bot(tmp_path_factory: pytest.TempPathFactory) -> TestBot:
    """A veto overridden by two chambers, a planned library (three outlets each), and a frost story."""
    return bot_over(FIXTURES / "events", tmp_path_factory)


@pytest.fixture
def testbot(seed_store: FactStore) -> TestBot:
    return TestBot(handle=StoreHandle(seed_store))


@pytest.fixture
def other_testbot(other_store_path: Path) -> TestBot:
    return TestBot(handle=StoreHandle(load_store(other_store_path)))


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    """A fake Discord (REST + gateway) on 127.0.0.1 that discord.py is pointed at."""
    server = FakeDiscord()
    await server.start()
    server.patch(monkeypatch)
    yield server
    await server.close()
