"""Discord as a service (issue 15): start-up retried on network errors, SIGTERM drains the answers."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl

import bot.discord_bot as discord_bot
from bot.cli import CONFIG_ERROR
from bot.config import Settings
from bot.doctor import check_start
from bot.discord_bot import run_discord
from bot.health import REGISTRY, State
from knowledge.refresh import Refresher
from knowledge.store import FactStore, StoreHandle
from tests.conftest import ROOT
from tests.fakes.discord import FakeDiscord
from tests.test_service import PLATFORM_WAIT, Terminal, clean_env, run_cli, service_folder

__all__ = ["clean_env"]  # a fixture of tests/test_service.py used here

TOKEN = "fake.discord-token.0123456789"
API_HOST = "discord.test"  # names only the patched resolver knows: nothing leaves 127.0.0.1
GATEWAY_HOST = "gateway.discord.test"
BLOCK_LIMIT = 30.0  # seconds a blocked answer waits for the test to release it (a failing test ends)


class FlakyDns:
    """``socket.getaddrinfo`` for the fake's host names: each lookup takes the next planned outcome.

    An outcome is ``None`` (the name does not resolve) or a port on 127.0.0.1; the last one repeats.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch, plans: dict[str, list[int | None]]) -> None:
        self.plans = plans
        self.real = socket.getaddrinfo
        monkeypatch.setattr(socket, "getaddrinfo", self.getaddrinfo)

    def getaddrinfo(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        plan = self.plans.get(host)
        if plan is None:
            return self.real(host, port, *args, **kwargs)
        outcome = plan.pop(0) if len(plan) > 1 else plan[0]
        if outcome is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("127.0.0.1", outcome))]


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 that refuses connections (bound, never listening)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


async def connected(fake: FakeDiscord, timeout: float = PLATFORM_WAIT) -> None:
    """Until the bot has synced its commands and identified on the gateway."""
    async with asyncio.timeout(timeout):
        while not (fake.commands and fake.identifies):
            await asyncio.sleep(0.01)


async def test_start_up_retries_network_errors_then_answers(fake_discord: FakeDiscord, seed_store: FactStore,
                                                            monkeypatch: pytest.MonkeyPatch, closed_port: int,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """Sign-in: the name does not resolve, then the connection is refused; the gateway refuses once too.
    Each failure is one log line (no trace, no token), and the bot then answers commands."""
    fake = fake_discord
    FlakyDns(monkeypatch, {API_HOST: [None, closed_port, fake.port], GATEWAY_HOST: [closed_port, fake.port]})
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://{API_HOST}:{fake.port}/api/v10")
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        yarl.URL(f"ws://{GATEWAY_HOST}:{fake.port}/gateway"))
    monkeypatch.setattr(discord_bot, "RETRY_FIRST_WAIT", 0.01)
    monkeypatch.setattr(discord_bot, "RETRY_MAX_WAIT", 0.05)
    caplog.set_level(logging.INFO)
    handle = StoreHandle(seed_store)
    task = asyncio.create_task(run_discord(Settings(discord_token=TOKEN), handle,
                                           Refresher(handle, articles_dir=".", store_path=".")))
    try:
        await connected(fake)
        body = await fake.callback(await fake.interact("who", "Blinken"))
        assert body["type"] == 4 and "Antony Blinken" in body["data"]["embeds"][0]["description"]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    retries = [r.getMessage() for r in caplog.records if "cannot reach Discord" in r.getMessage()]
    assert len(retries) == 3, retries
    assert "ClientConnectorDNSError" in retries[0] and "attempt 1" in retries[0]
    assert all("retrying in" in line for line in retries)
    assert not [r for r in caplog.records if r.exc_info and r.name.startswith("bot")]
    assert TOKEN not in caplog.text
    assert (await REGISTRY.platforms())["discord"] == State.DOWN


async def test_a_stop_while_retrying_ends_quietly(seed_store: FactStore, monkeypatch: pytest.MonkeyPatch,
                                                 closed_port: int, caplog: pytest.LogCaptureFixture) -> None:
    """Discord unreachable for good: the front end keeps trying (health: connecting) until it is stopped."""
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{closed_port}/api/v10")
    monkeypatch.setattr(discord_bot, "RETRY_FIRST_WAIT", 0.01)
    monkeypatch.setattr(discord_bot, "RETRY_MAX_WAIT", 0.02)
    handle = StoreHandle(seed_store)
    task = asyncio.create_task(run_discord(Settings(discord_token=TOKEN), handle,
                                           Refresher(handle, articles_dir=".", store_path=".")))
    async with asyncio.timeout(PLATFORM_WAIT):
        while caplog.text.count("cannot reach Discord") < 3:
            await asyncio.sleep(0.01)
    assert (await REGISTRY.platforms())["discord"] == State.CONNECTING
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert task.cancelled()
    assert (await REGISTRY.platforms())["discord"] == State.DOWN


BOOTSTRAP = """
import pathlib, sys, time
import discord, yarl
import bot.answering as answering
import bot.discord_bot as discord_bot

discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = sys.argv[1], yarl.URL(sys.argv[2])
folder, answer, drain = pathlib.Path(sys.argv[3]), answering._answer_in_thread, discord_bot.FactBot.drain

def blocked(*args):
    deadline = time.monotonic() + float(sys.argv[4])
    while not (folder / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return answer(*args)

async def draining(bot):
    (folder / "draining").touch()  # the stop has begun: the test releases the answer now
    await drain(bot)

answering._answer_in_thread, discord_bot.FactBot.drain = blocked, draining
from bot.cli import main
raise SystemExit(main(["run"]))
"""


async def test_sigterm_delivers_the_answer_in_flight_and_exits_0(tmp_path: Path, seed_store_path: Path,
                                                                 fake_discord: FakeDiscord) -> None:
    """`factbot run` with Discord only: SIGTERM while a /who is being answered (deferred, its search
    still blocked): the answer is delivered, the client closed, one log line, exit code 0."""
    fake = fake_discord
    start = tmp_path / "service"
    service_folder(start, seed_store_path)
    (start / ".env").write_text(f"DISCORD_TOKEN={TOKEN}\nFACTBOT_ARTICLES=arts\nFACTBOT_STORE=data/fs.json\n"
                                "FACTBOT_HTTP_PORT=0\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FACTBOT_", "DISCORD_"))}
    log_path = tmp_path / "factbot.log"
    with log_path.open("wb") as log_file:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", BOOTSTRAP, f"http://127.0.0.1:{fake.port}/api/v10", fake.gateway_url,
            str(tmp_path), str(BLOCK_LIMIT), cwd=start, env=env | {"PYTHONPATH": str(ROOT)},
            stdin=asyncio.subprocess.DEVNULL, stdout=log_file, stderr=log_file)
    try:
        await connected(fake)
        interaction = await fake.interact("who", "Blinken")
        assert (await fake.callback(interaction, timeout=PLATFORM_WAIT))["type"] == 5  # deferred: in flight
        proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(PLATFORM_WAIT):
            while not (tmp_path / "draining").exists():
                await asyncio.sleep(0.01)
        (tmp_path / "release").touch()
        code = await asyncio.wait_for(proc.wait(), PLATFORM_WAIT)
    finally:
        if proc.returncode is None:
            proc.kill()
    log = log_path.read_text(encoding="utf-8")
    assert code == 0, log
    answer = await fake.wait_for(lambda c: c.method == "PATCH" and bool((c.body or {}).get("embeds")), timeout=1)
    assert "Antony Blinken" in answer.body["embeds"][0]["description"], log
    assert log.count("stopped on SIGTERM") == 1 and "Traceback" not in log, log
    assert TOKEN not in log


def test_run_without_platforms_or_terminal_says_so_and_exits_2(clean_env: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """In a container with no tokens the terminal chat would read end-of-file and exit 0 at once."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, err = run_cli(capsys, "run", "--store", "data/fs.json")
    assert code == CONFIG_ERROR and err.count("\n") == 1 and "Traceback" not in err
    assert "no chat platform configured" in err and "SLACK_BOT_TOKEN" in err and "DISCORD_TOKEN" in err
    assert not (clean_env / "data").exists()  # stopped before building a store


def test_run_without_platforms_on_a_terminal_starts_the_chat(clean_env: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal(""))
    check_start(Settings(), "run")  # no problem: `factbot run` goes on to the terminal chat
