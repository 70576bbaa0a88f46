"""Opening the store for a front end: load it, or build it when missing or unusable."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from handlers import Context, User
from handlers.guard import Guard
from knowledge.refresh import Refresher
from knowledge.store import FactStore, StoreError, StoreHandle, load_previous, load_store, settle_heap

from .config import Settings

log = logging.getLogger(__name__)
BAR_INTERVAL = 0.5  # seconds between redraws of the build's progress bar


def build(settings: Settings, *, out: TextIO = sys.stderr, verify: bool = False) -> None:
    """Run an incremental build in this process, with a progress bar (rate, ETA) on a terminal.

    ``verify``: load every shard even when no article changed (the store did not load).
    """
    from tqdm import tqdm  # only a build draws a bar

    from knowledge.build import build_store

    bar: tqdm | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="article", file=out, dynamic_ncols=True, mininterval=BAR_INTERVAL)
        bar.update(done - bar.n)

    try:
        report = build_store(settings.articles_dir, settings.store_path,
                             progress=progress if out.isatty() else None, verify=verify)
    finally:
        if bar is not None:
            bar.close()
    out.write(report.summary() + "\n")


def open_store(settings: Settings, *, out: TextIO = sys.stderr) -> StoreHandle:
    """Open the store's serving index (written by the build, so no answer builds an index); build the
    store first if it is missing, rebuild it if it is unusable.

    An unusable index is moved aside (never deleted) by the rebuild. If the rebuild fails too,
    the previous store (``.prev``) answers when it loads; otherwise a :class:`StoreError` says why.
    """
    try:
        return _serving(load_store(settings.store_path))
    except StoreError as exc:
        if settings.store_path.exists():
            log.error("fact store unusable, rebuilding: %s", exc)
            out.write(f"The fact store cannot be used ({exc}).\nRebuilding it from {settings.articles_dir}…\n")
        else:
            out.write(f"No fact store yet; building it from {settings.articles_dir}…\n")
    try:
        build(settings, out=out, verify=True)
        return _serving(load_store(settings.store_path))
    except Exception as exc:
        problem = f"{exc.__class__.__name__}: {exc}"
    try:
        store = load_previous(settings.store_path)
    except StoreError as exc:
        raise StoreError(f"cannot build the fact store from {settings.articles_dir} ({problem}) and there is "
                         f"no usable previous store ({exc})") from exc
    log.error("rebuild failed (%s); answering from the previous store built %s", problem, store.meta.get("built_at"))
    out.write(f"The rebuild failed ({problem}).\nAnswering from the previous store; fix the articles and "
              f"run `/refresh`.\n")
    return _serving(store)


def _serving(store: FactStore) -> StoreHandle:
    """The handle answers come from; the opened snapshot is frozen out of full garbage collections."""
    settle_heap()
    return StoreHandle(store)


def make_refresher(settings: Settings, handle: StoreHandle) -> Refresher:
    return Refresher(handle, articles_dir=settings.articles_dir, store_path=settings.store_path)


def make_guard(settings: Settings) -> Guard:
    """One per front end process: rate limits are per user across all their commands."""
    return Guard(per_minute=settings.rate_limit_per_minute)


def context_for(settings: Settings, handle: StoreHandle, refresher: Refresher | None, *, user: User,
                platform: str, guard: Guard | None = None) -> Context:
    return Context(handle=handle, user=user, platform=platform, links=settings.links, refresher=refresher,
                   guard=guard)
