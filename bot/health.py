"""``/healthz`` and ``/readyz`` on every HTTP server the bot runs (article pages, Slack HTTP mode).

The platforms report their connection state to one registry (:data:`REGISTRY`): ``connecting``
when they start, ``connected`` once signed in (a live probe then tells whether the connection still
holds), ``down`` when they stop or are refused. ``/healthz`` always answers 200 with the store
(articles, build time, whether the loaded snapshot still matches the store on disk) and every
platform's state; ``/readyz`` answers 200 only when the store is loaded and every platform that
started is connected, 503 otherwise (a load balancer or orchestrator sends traffic by it).

``factbot run`` without an article or Slack HTTP server serves these two alone on
``FACTBOT_HTTP_PORT`` (:func:`serve_health`). ``python -m bot.health [--ready]`` asks this host's
server and exits 0 on 200, 1 otherwise: the container's ``HEALTHCHECK`` (``deploy/Dockerfile``).
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import logging
import sys
import urllib.request
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

from aiohttp import web

from knowledge.serving import ServingStore
from knowledge.serving_db import fingerprint
from knowledge.store import StoreError, StoreHandle

from .config import Settings

log = logging.getLogger(__name__)

READY, NOT_READY = 200, 503
CHECK_TIMEOUT = 5.0  # seconds ``python -m bot.health`` waits for this host's answer

Probe = Callable[[], bool | Awaitable[bool]]


class State(StrEnum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    DOWN = "down"


class Health:
    """What each platform last reported, and the live probes of the connected ones."""

    def __init__(self) -> None:
        self._states: dict[str, State] = {}
        self._probes: dict[str, Probe] = {}

    def report(self, platform: str, state: State, probe: Probe | None = None) -> None:
        """Record a platform's state; ``probe`` (with ``CONNECTED``) says later whether it still is."""
        if self._states.get(platform) is not state:
            log.info("%s: %s", platform, state.value)
        self._states[platform] = state
        self._probes.pop(platform, None)
        if probe is not None:
            self._probes[platform] = probe

    def forget(self) -> None:
        """No platform (a new run, or a test)."""
        self._states.clear()
        self._probes.clear()

    async def platforms(self) -> dict[str, str]:
        """Every platform's state now: a connected one whose probe fails is ``connecting`` (reconnecting)."""
        states = {}
        for platform, state in self._states.items():
            probe = self._probes.get(platform)
            if state is State.CONNECTED and probe is not None and not await _probed(probe):
                state = State.CONNECTING
            states[platform] = state.value
        return states


REGISTRY = Health()


async def _probed(probe: Probe) -> bool:
    try:
        result = probe()
        return bool(await result if inspect.isawaitable(result) else result)
    except Exception:  # a probe that fails says the connection is not usable
        log.debug("health probe failed", exc_info=True)
        return False


def store_health(handle: StoreHandle | None) -> dict[str, Any]:
    """The loaded store: article count, build time, and whether it matches the store file on disk.

    ``fingerprint_ok`` is false when the store on disk changed since this process loaded it (another
    replica rebuilt it): ``/refresh`` or a restart serves the new one. ``None`` for an in-memory store.
    """
    if handle is None:
        return {"loaded": False}
    store = handle.current
    report: dict[str, Any] = {"loaded": True, "articles": len(store.articles),
                              "built_at": store.meta.get("built_at", ""), "fingerprint_ok": None}
    if isinstance(store, ServingStore):
        try:
            report["fingerprint_ok"] = store.reader.get("fingerprint") == fingerprint(store.path)
        except StoreError:
            report["fingerprint_ok"] = False
    return report


async def status(handle: StoreHandle | None, registry: Health = REGISTRY) -> dict[str, Any]:
    """The ``/healthz`` body; ``ready`` as ``/readyz`` decides it."""
    store = store_health(handle)
    platforms = await registry.platforms()
    ready = store["loaded"] and all(state == State.CONNECTED.value for state in platforms.values())
    return {"ok": True, "ready": ready, "articles": store.get("articles", 0),
            "built_at": store.get("built_at", ""), "store": store, "platforms": platforms}


def health_routes(handle: StoreHandle | None, registry: Health = REGISTRY) -> list[web.RouteDef]:
    """``GET /healthz`` (always 200) and ``GET /readyz`` (200 ready, 503 not yet or no longer)."""

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response(await status(handle, registry))

    async def readyz(_: web.Request) -> web.Response:
        body = await status(handle, registry)
        return web.json_response(body, status=READY if body["ready"] else NOT_READY)

    return [web.get("/healthz", healthz), web.get("/readyz", readyz)]


async def serve_health(settings: Settings, handle: StoreHandle, *, host: str = "0.0.0.0") -> None:
    """Serve only ``/healthz`` and ``/readyz`` on ``settings.http_port`` until cancelled."""
    app = web.Application()
    app.add_routes(health_routes(handle))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, settings.http_port).start()
    log.info("health checks on %s:%d (/healthz, /readyz)", host, runner.addresses[0][1])
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def main(argv: list[str] | None = None) -> int:
    """Exit 0 when this host's ``/healthz`` (``--ready``: ``/readyz``) answers 200, else 1 with the reason."""
    parser = argparse.ArgumentParser(prog="python -m bot.health", description=main.__doc__)
    parser.add_argument("--ready", action="store_true", help="ask /readyz instead of /healthz")
    parser.add_argument("--port", type=int, help="default FACTBOT_HTTP_PORT")
    args = parser.parse_args(argv)
    port = args.port or Settings.from_env().http_port
    url = f"http://127.0.0.1:{port}/{'readyz' if args.ready else 'healthz'}"
    try:
        with urllib.request.urlopen(url, timeout=CHECK_TIMEOUT) as response:
            return 0 if response.status == READY else 1
    except (OSError, ValueError) as exc:  # refused, timed out, or an HTTP error status (503)
        print(f"{url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
