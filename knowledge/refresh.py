"""Refreshing a serving store: build in a child process, then swap the new snapshot in."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from .build import BuildReport
from .store import StoreError, StoreHandle, load_store, rollback

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], Awaitable[None]]


class RefreshBusy(Exception):
    """A refresh is already running."""


class RefreshFailed(Exception):
    """The build failed; the previous store keeps serving. The message says why."""


class Refresher:
    """One refresh at a time; answers keep coming from the old snapshot until the swap."""

    def __init__(self, handle: StoreHandle, *, articles_dir: str | Path, store_path: str | Path) -> None:
        self.handle = handle
        self.articles_dir = Path(articles_dir)
        self.store_path = Path(store_path)
        self._lock = asyncio.Lock()

    @property
    def running(self) -> bool:
        return self._lock.locked()

    async def refresh(self, progress: ProgressCallback | None = None) -> BuildReport:
        if self._lock.locked():
            raise RefreshBusy("A refresh is already running.")
        async with self._lock:
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
            await self._reload()

    async def _build(self, progress: ProgressCallback | None) -> BuildReport:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "knowledge.build", "--articles", str(self.articles_dir),
            "--store", str(self.store_path),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            cwd=str(Path(__file__).resolve().parent.parent),
        )
        assert proc.stdout is not None and proc.stderr is not None
        report: dict | None = None
        stderr_task = asyncio.create_task(proc.stderr.read())
        async for raw in proc.stdout:
            try:
                message = json.loads(raw)
            except ValueError:
                continue
            if "report" in message:
                report = message["report"]
            elif progress and "progress" in message:
                await progress(int(message["progress"]), int(message["total"]))
        code = await proc.wait()
        errors = (await stderr_task).decode("utf-8", "replace").strip()
        if code != 0 or report is None:
            last = errors.splitlines()[-1] if errors else f"exit code {code}"
            log.error("refresh build failed (exit %s): %s", code, errors[-2000:])
            raise RefreshFailed(f"the build failed ({last}); the previous store is still answering")
        return BuildReport(**report)

    async def _reload(self) -> None:
        try:
            store = await asyncio.to_thread(load_store, self.store_path)
        except StoreError as exc:
            log.error("new store does not load, keeping the old one: %s", exc)
            raise RefreshFailed(f"the new store does not load ({exc}); the previous one is still answering") from exc
        self.handle.swap(store)
