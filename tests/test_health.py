"""``/healthz`` and ``/readyz`` on the article server and the Slack HTTP-mode server, over 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.discord_bot import FactBot, run_discord
from bot.health import REGISTRY, State, serve_health
from bot.health import main as check
from bot.slack import run_slack
from bot.web import start_pages
from knowledge.links import Links
from knowledge.store import FactStore, StoreHandle, load_store, shard_dir
from tests.fakes.discord import FakeDiscord
from tests.fakes.slack import FakeSlack

WAIT = 5.0  # seconds a platform may take to reach a state against the fakes
POLL = 0.02


def tiny_store() -> FactStore:
    article = {"id": "a1", "path": "a1.txt", "title": "A title", "outlet": "", "published": "2024-05-01",
               "published_inferred": "", "url": "", "text": "One sentence.", "content_hash": "a1",
               "sentences": [[0, 13]]}
    return FactStore(meta={"built_at": "2024-05-02T00:00:00Z"}, facts=[{"article": article}], entities=[])


@pytest.fixture(autouse=True)
def no_platforms() -> Iterator[None]:
    REGISTRY.forget()
    yield
    REGISTRY.forget()


async def serve(handle: StoreHandle) -> AsyncIterator[str]:
    runner, port = await start_pages(handle, Links(), host="127.0.0.1", port=0)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@pytest.fixture
async def pages() -> AsyncIterator[str]:
    async for base in serve(StoreHandle(tiny_store())):
        yield base


async def get(url: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.json()


async def test_healthz_reports_the_store_and_readyz_is_ready_without_platforms(pages: str) -> None:
    status, body = await get(pages + "/healthz")
    assert status == 200 and body["ok"] is True
    assert body["store"] == {"loaded": True, "articles": 1, "built_at": "2024-05-02T00:00:00Z",
                             "fingerprint_ok": None}
    assert body["platforms"] == {}
    assert (await get(pages + "/readyz"))[0] == 200


async def test_readyz_waits_for_every_platform_that_started(pages: str) -> None:
    REGISTRY.report("slack", State.CONNECTING)
    REGISTRY.report("discord", State.CONNECTED)
    status, body = await get(pages + "/readyz")
    assert status == 503 and body["ready"] is False
    assert body["platforms"] == {"slack": "connecting", "discord": "connected"}
    assert (await get(pages + "/healthz"))[0] == 200  # health stays up while not ready
    REGISTRY.report("slack", State.CONNECTED)
    assert (await get(pages + "/readyz"))[0] == 200
    REGISTRY.report("discord", State.DOWN)
    status, body = await get(pages + "/readyz")
    assert status == 503 and body["platforms"]["discord"] == "down"


async def test_a_connection_that_drops_reads_as_connecting_until_it_is_back(pages: str) -> None:
    alive = {"now": True}

    async def probe() -> bool:
        return alive["now"]

    REGISTRY.report("slack", State.CONNECTED, probe)
    assert (await get(pages + "/readyz"))[0] == 200
    alive["now"] = False
    status, body = await get(pages + "/readyz")
    assert status == 503 and body["platforms"] == {"slack": "connecting"}
    alive["now"] = True
    assert (await get(pages + "/readyz"))[0] == 200


async def test_a_probe_that_raises_is_not_connected(pages: str) -> None:
    def broken() -> bool:
        raise ConnectionError("socket gone")

    REGISTRY.report("discord", State.CONNECTED, broken)
    assert (await get(pages + "/readyz"))[0] == 503


async def test_fingerprint_goes_stale_when_another_process_replaces_the_store(
        tmp_path: Path, seed_store_path: Path) -> None:
    store = tmp_path / seed_store_path.name
    shutil.copyfile(seed_store_path, store)
    shutil.copytree(shard_dir(seed_store_path), shard_dir(store))
    async for base in serve(StoreHandle(load_store(store))):
        body = (await get(base + "/healthz"))[1]
        assert body["store"]["fingerprint_ok"] is True and body["store"]["articles"] > 0
        stat = store.stat()
        os.utime(store, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a new index
        body = (await get(base + "/healthz"))[1]
        assert body["store"]["fingerprint_ok"] is False
        assert (await get(base + "/readyz"))[0] == 200  # a stale snapshot still answers


# --------------------------------------------------------------------------- platforms report their state

SLACK = Settings(slack_bot_token="xoxb-test-token", slack_app_token="xapp-test-token",
                 slack_signing_secret="signing-secret-for-tests")


async def eventually(platform: str, state: State) -> None:
    """Wait (bounded) until the registry shows ``platform`` in ``state``."""
    async with asyncio.timeout(WAIT):
        while (await REGISTRY.platforms()).get(platform) != state.value:
            await asyncio.sleep(POLL)


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    slack = await FakeSlack().start()
    yield slack
    await slack.close()


@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_slack_is_connected_while_it_runs_and_down_after(fake_slack: FakeSlack, mode: str,
                                                               unused_tcp_port: int) -> None:
    settings = replace(SLACK, slack_mode=mode, http_port=unused_tcp_port)
    client = AsyncWebClient(token=settings.slack_bot_token, base_url=fake_slack.api_url)
    running = asyncio.create_task(run_slack(settings, StoreHandle(tiny_store()), None, client=client))
    await eventually("slack", State.CONNECTED)
    if mode == "http":  # the Slack HTTP server carries the health routes too
        status, body = await get(f"http://127.0.0.1:{unused_tcp_port}/readyz")
        assert status == 200 and body["platforms"] == {"slack": "connected"}
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
    assert await REGISTRY.platforms() == {"slack": "down"}


async def test_a_lost_slack_connection_reads_connecting(fake_slack: FakeSlack) -> None:
    client = AsyncWebClient(token=SLACK.slack_bot_token, base_url=fake_slack.api_url)
    running = asyncio.create_task(run_slack(SLACK, StoreHandle(tiny_store()), None, client=client))
    try:
        await eventually("slack", State.CONNECTED)
        await fake_slack.close()  # Slack goes away: the socket closes and reconnecting fails
        await eventually("slack", State.CONNECTING)
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
    assert await REGISTRY.platforms() == {"slack": "down"}


async def test_a_rejected_slack_token_is_down(fake_slack: FakeSlack) -> None:
    settings = replace(SLACK, slack_bot_token="not-a-valid-token")
    client = AsyncWebClient(token=settings.slack_bot_token, base_url=fake_slack.api_url)
    await asyncio.wait_for(run_slack(settings, StoreHandle(tiny_store()), None, client=client), WAIT)
    assert await REGISTRY.platforms() == {"slack": "down"}


async def test_discord_is_connected_once_ready_and_not_after_the_gateway_closes(fake_discord: FakeDiscord) -> None:
    settings = Settings(discord_token="fake-token")
    bot = FactBot(settings, StoreHandle(tiny_store()), None, guild_ready_timeout=POLL)
    task = asyncio.create_task(bot.start(settings.discord_token))
    await eventually("discord", State.CONNECTED)
    await bot.close()
    await asyncio.wait_for(task, WAIT)
    assert await REGISTRY.platforms() == {"discord": "connecting"}  # the probe sees the closed gateway


async def test_a_rejected_discord_token_is_down(fake_discord: FakeDiscord) -> None:
    fake_discord.reject_token = True
    await asyncio.wait_for(run_discord(Settings(discord_token="wrong-token-123456"),
                                       StoreHandle(tiny_store()), None), WAIT)  # type: ignore[arg-type]
    assert await REGISTRY.platforms() == {"discord": "down"}


# --------------------------------------------------------------------------- the health-only server and its check

async def test_health_alone_answers_and_the_container_check_reads_it(unused_tcp_port: int) -> None:
    server = asyncio.create_task(serve_health(Settings(http_port=unused_tcp_port), StoreHandle(tiny_store()),
                                              host="127.0.0.1"))
    port = ["--port", str(unused_tcp_port)]
    try:
        async with asyncio.timeout(WAIT):
            while await asyncio.to_thread(check, port):
                await asyncio.sleep(POLL)  # until the server listens
        REGISTRY.report("slack", State.CONNECTING)
        assert await asyncio.to_thread(check, port) == 0
        assert await asyncio.to_thread(check, [*port, "--ready"]) == 1
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{unused_tcp_port}/articles") as response:
                assert response.status == 404  # no article pages unless they are configured
    finally:
        server.cancel()
    assert await asyncio.to_thread(check, port) == 1  # nothing listens any more
