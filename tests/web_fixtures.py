"""Fixtures of the tests that fetch pages and feeds: the local news site, private addresses allowed
for it, and a store of the seeds that a refresh may change. Imported by those test modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import fetch
from knowledge.refresh import Refresher
from knowledge.store import StoreHandle
from tests.conftest import refreshable_copy
from tests.fakes.news_site import NewsSite

Bot = tuple[StoreHandle, Refresher, Path]
SHORT_READ_TIMEOUT = 0.3  # seconds: the slow page and a silent feed fail fast


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    server = NewsSite().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def private_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' own server is on 127.0.0.1; a short read timeout keeps the slow paths fast."""
    monkeypatch.setenv(fetch.ALLOW_PRIVATE_VARIABLE, "1")
    monkeypatch.setattr(fetch, "READ_TIMEOUT", SHORT_READ_TIMEOUT)


@pytest.fixture
def bot(tmp_path: Path, seed_store_path: Path) -> Bot:
    return refreshable_copy(tmp_path, seed_store_path)
