"""Refreshing a serving store: build in a child process, then swap the new snapshot in."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .store import FactStore, StoreError, StoreHandle, load_store, rollback, settle_heap

if TYPE_CHECKING:  # the build's modules load in the build's own process, not the answering one
    from .build import BuildReport

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], Awaitable[None]]
StartedCallback = Callable[[], Awaitable[None]]


MAX_LINE_BYTES = 64 * 1024 * 1024  # the report line lists every added id; asyncio's default is 64 KiB
SECRET_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN",
                    "FACTBOT_LINK_SECRET")


def child_env() -> dict[str, str]:
    """The environment for the build process: everything but the chat and link secrets it never needs."""
    return {k: v for k, v in os.environ.items() if k not in SECRET_VARIABLES}


class RefreshBusy(Exception):
    """A refresh is already running."""


class RefreshFailed(Exception):
    """The build failed; the previous store keeps serving. The message says why."""


class Refresher:
    """One refresh at a time; answers keep coming from the old snapshot until the swap."""

    def __init__(self, handle: StoreHandle, *, articles_dir: str | Path, store_path: str | Path) -> None:
        self.handle = handle
        self.articles_dir = Path(articles_dir).resolve()  # the child and its lock do not depend on the cwd
        self.store_path = Path(store_path).resolve()
        self._lock = asyncio.Lock()
        self._verify = False  # the next build loads every shard (the last new store did not load)

    @property
    def running(self) -> bool:
        return self._lock.locked()

    async def refresh(self, progress: ProgressCallback | None = None, *,
                      started: StartedCallback | None = None) -> BuildReport:
        """Build and swap in the new store; ``started`` is awaited once this refresh holds the lock, so a
        second refresh is told it is busy without first being told it started."""
        if self._lock.locked():
            raise RefreshBusy("A refresh is already running.")
        async with self._lock:
            if started is not None:
                await started()
            report = await self._build(progress)
            await self._reload()
            return report

    async def rollback(self) -> None:
        if self._lock.locked():
            raise RefreshBusy("A refresh is running; roll back after it finishes.")
        async with self._lock:
            try:
                await asyncio.to_thread(rollback, self.store_path)
            except StoreError as exc:
                raise RefreshFailed(str(exc)) from exc
            except OSError as exc:  # a read-only or full store folder: say so, nothing was rolled back
                raise RefreshFailed(f"cannot roll back in {self.store_path.parent} "
                                    f"({exc.strerror or exc}); nothing was rolled back") from exc
            await self._reload()

    async def _build(self, progress: ProgressCallback | None) -> BuildReport:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "knowledge.build", "--articles", str(self.articles_dir),
            "--store", str(self.store_path), *(["--verify"] if self._verify else []),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            cwd=str(Path(__file__).resolve().parent.parent), env=child_env(), limit=MAX_LINE_BYTES,
        )
        assert proc.stdout is not None and proc.stderr is not None
        report: dict | None = None
        error = ""
        stderr_task = asyncio.create_task(proc.stderr.read())
        try:
            async for raw in proc.stdout:
                try:
                    message = json.loads(raw)
                except ValueError:
                    continue
                if "report" in message:
                    report = message["report"]
                elif "error" in message:
                    error = str(message["error"])
                elif progress and "progress" in message:
                    await progress(int(message["progress"]), int(message["total"]))
            code = await proc.wait()
        finally:
            if proc.returncode is None:  # cancelled or failed while reading: do not leave a build behind
                proc.kill()
                await proc.wait()
        errors = (await stderr_task).decode("utf-8", "replace").strip()
        if code != 0 or report is None:
            reason = error or (errors.splitlines()[-1] if errors else f"killed by signal {-code}" if code < 0
                               else f"exit code {code}")
            log.error("refresh build failed (exit %s): %s", code, errors[-2000:] or reason)
            raise RefreshFailed(f"the build failed ({reason[:500]}); the previous store is still answering")
        from .build import BuildReport

        result = BuildReport(**report)
        for skip in result.skipped:
            log.warning("refresh skipped article file %s: %s", skip["path"], skip["reason"])
        return result

    async def _reload(self) -> None:
        try:
            store = await asyncio.to_thread(_load_warm, self.store_path)
        except StoreError as exc:
            log.error("new store does not load, keeping the old one: %s", exc)
            self._verify = True  # a shard may be damaged on disk: the next build checks them all
            raise RefreshFailed(f"the new store does not load ({exc}); the previous one is still answering") from exc
        self._verify = False
        old = self.handle.swap(store)
        del old
        settle_heap()


def _load_warm(store_path: Path) -> FactStore:
    """The new snapshot with every index built, so no answer after the swap waits for one."""
    store = load_store(store_path)
    store.index.warm()
    return store
