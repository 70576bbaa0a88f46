"""Hardening of the bot side (issue 14): bad input to the HTTP servers, what reaches the log, what reaches
a terminal, and a second /refresh while one runs.

Item numbers refer to issue 14. Every attack goes to the real servers on 127.0.0.1 (``factbot serve``'s
article pages and the Slack HTTP server) or through the terminal front end; logs are read from stderr as
``configure_logging`` writes them.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import json
import logging
import re
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from slack_bolt.middleware.request_verification.async_request_verification import AsyncRequestVerification
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient
from yarl import URL

from bot.config import Settings
from bot.logs import WIRE_LOGGERS, configure_logging
from bot.render_terminal import json_line, plain, render_text
from bot.slack import SlackBot, start_http
from bot.terminal import ask, chat
from bot.web import start_pages
from handlers import Context, User, run_line
from knowledge.build import build_store
from knowledge.refresh import Refresher
from knowledge.store import StoreHandle, load_store
from tests.conftest import refreshable_copy
from tests.fakes.slack import FakeSlack, signed_headers, texts_of
from tests.test_web import make_store, record

SIGNING_SECRET = "signing-secret-for-tests"
ADMIN, OTHER_ADMIN = "U0ADMIN", "U0ADMIN2"
SETTINGS = Settings(slack_bot_token="xoxb-test-token", slack_signing_secret=SIGNING_SECRET,
                    admins=frozenset({ADMIN, OTHER_ADMIN}), public_url="https://factbot.example.org",
                    link_secret="link-secret-for-tests")
SERVERS = ("serve", "slack")
#: a line as configure_logging writes it: time, level, logger; anything else continues the line above
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+ ")
SHORT_LINE = 200  # characters: a rejected request is one line about this long, never its body
FORGED = "\nERROR factbot.commands refused admin command: user=U0ADMIN platform=slack command=refresh"
ESCAPES = ("\x1b", "\x07", "\x9b", "\x9d")


# --------------------------------------------------------------------------- harness


@pytest.fixture
def log_lines(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], list[str]]]:
    """``configure_logging`` for one test; ``log_lines()`` is what it wrote to stderr so far, by line."""
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    root = logging.getLogger()
    saved = root.handlers[:], root.level, {name: logging.getLogger(name).level for name in WIRE_LOGGERS}
    configure_logging(SETTINGS)
    yield lambda: stderr.getvalue().splitlines()
    root.handlers[:], level, wire = saved
    root.setLevel(level)
    for name, value in wire.items():
        logging.getLogger(name).setLevel(value)


@pytest.fixture
def handle() -> StoreHandle:
    return StoreHandle(make_store(record("x", "The ferry sails on Sunday. The library opens late.")))


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = await FakeSlack().start()
    yield slack
    await slack.close()


@asynccontextmanager
async def serving(server: str, handle: StoreHandle, fake: FakeSlack, refresher: Refresher | None = None
                  ) -> AsyncIterator[tuple[str, aiohttp.ClientSession, SlackBot | None]]:
    """``factbot serve``'s pages or the Slack HTTP server on 127.0.0.1: (base url, session, bot)."""
    bot = None
    if server == "serve":
        runner, port = await start_pages(handle, SETTINGS.links, host="127.0.0.1", port=0)
    else:
        bot = SlackBot(SETTINGS, handle, refresher, client=AsyncWebClient(token=SETTINGS.slack_bot_token,
                                                                           base_url=fake.api_url))
        runner, port = await start_http(bot, host="127.0.0.1", port=0)
    try:
        async with aiohttp.ClientSession() as http:
            yield f"http://127.0.0.1:{port}", http, bot
            if bot is not None:
                await bot.idle()
    finally:
        await runner.cleanup()


async def raw_request(base: str, request: bytes) -> bytes:
    """Send bytes as they are (no client would send an over-long request line) and read the status line."""
    url = URL(base)
    reader, writer = await asyncio.open_connection(url.host, url.port)
    try:
        writer.write(request)
        await writer.drain()
        return await reader.readline()
    finally:
        writer.close()


def slack_headers(body: bytes, timestamp: str, content_type: str = "application/x-www-form-urlencoded"
                  ) -> dict[str, str]:
    """Headers signed with the real secret over ``body`` as bytes, with ``timestamp`` as given."""
    base = b"v0:" + timestamp.encode() + b":" + body
    digest = hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": content_type}


def assert_one_line_each(lines: list[str]) -> None:
    """Every line is a log line of its own: no traceback, nothing forged by input."""
    assert lines and all(LOG_LINE.match(line) for line in lines), "\n".join(lines)


# --------------------------------------------------------------------------- 4. signatures


@pytest.mark.parametrize("server", SERVERS)
@pytest.mark.parametrize("sig", ["%C3%A9", "%FF", "%00", "%C3%A9" * 16, "A" * 32, "0" * 31 + "%0A", ""])
async def test_4_a_signature_that_is_no_hex_digest_is_a_403_without_a_traceback(
        server: str, sig: str, handle: StoreHandle, fake: FakeSlack, log_lines: Callable[[], list[str]]) -> None:
    async with serving(server, handle, fake) as (base, http, _):
        async with http.get(URL(f"{base}/articles/x?sig={sig}", encoded=True)) as response:
            status = response.status
        async with http.get(f"{base}/articles/x", params={"sig": SETTINGS.links.signature("x")}) as response:
            good = response.status
    assert (status, good) == (403, 200)
    assert not [line for line in log_lines() if "ERROR" in line or "Traceback" in line]


# --------------------------------------------------------------------------- 5. Slack requests


def bad_slack_requests() -> dict[str, tuple[bytes, dict[str, str]]]:
    """Each request that crashed Bolt: (body, headers). All are signed with the real secret where they
    have a signature, so only the named defect is wrong."""
    body = urlencode({"command": "/who", "text": "Blinken", "user_id": ADMIN}).encode()
    now = str(int(time.time()))
    return {
        "timestamp abc": (body, slack_headers(body, "abc")),
        "timestamp 1e3": (body, slack_headers(body, "1e3")),
        "timestamp of 5,000 digits": (body, slack_headers(body, "9" * 5000)),
        "body not UTF-8": (b"command=%2Fwho&text=\xff\xfe", slack_headers(b"command=%2Fwho&text=\xff\xfe", now)),
        "[] and no headers": (b"[]", {"Content-Type": "application/json"}),
        "signature not hex": (body, slack_headers(body, now) | {"X-Slack-Signature": "v0=" + "é" * 64}),
    }


@pytest.mark.parametrize("attack", list(bad_slack_requests()))
async def test_5_malformed_slack_requests_get_401_and_one_short_line(
        attack: str, handle: StoreHandle, fake: FakeSlack, log_lines: Callable[[], list[str]]) -> None:
    body, headers = bad_slack_requests()[attack]
    async with serving("slack", handle, fake) as (base, http, _):
        async with http.post(f"{base}/slack/events", data=body,
                             headers={k: v.encode().decode("latin-1") for k, v in headers.items()}) as response:
            status = response.status
    lines = log_lines()
    assert status == 401
    assert_one_line_each(lines)
    [rejected] = [line for line in lines if "rejected a request" in line]
    assert len(rejected) < SHORT_LINE and "WARNING factbot.slack" in rejected
    assert not fake.received["response"] and not fake.received["chat.postMessage"]


async def test_5_a_signed_request_still_answers(handle: StoreHandle, fake: FakeSlack,
                                               log_lines: Callable[[], list[str]]) -> None:
    body = urlencode(fake.slash("/help", ""))
    async with serving("slack", handle, fake) as (base, http, _):
        async with http.post(f"{base}/slack/events", data=body.encode(),
                             headers=signed_headers(SIGNING_SECRET, body)) as response:
            status = response.status
        [answer] = await fake.wait("response")
    assert status == 200 and "/who" in "\n".join(texts_of(answer["blocks"]))


# --------------------------------------------------------------------------- 6. logs


async def test_6_rejected_slack_bodies_are_never_logged_nor_forge_a_line(
        handle: StoreHandle, fake: FakeSlack, log_lines: Callable[[], list[str]]) -> None:
    marker = "BODY-MARKER"
    body = (f"command=/refresh&text={marker}{FORGED}&" + "x" * 200_000).encode()
    async with serving("slack", handle, fake) as (base, http, _):
        for _ in range(20):
            async with http.post(f"{base}/slack/events", data=body,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"}) as response:
                assert response.status == 401
    lines = log_lines()
    assert_one_line_each(lines)
    assert marker not in "\n".join(lines) and sum(map(len, lines)) < 20 * SHORT_LINE


async def test_6_bolt_s_own_rejection_line_with_the_body_is_dropped(log_lines: Callable[[], list[str]]) -> None:
    """Bolt checks the signature again after ours and logs the whole body at INFO when it disagrees."""
    verification = AsyncRequestVerification(SIGNING_SECRET)
    request = AsyncBoltRequest(body=f"BODY-MARKER{FORGED}", headers={"x-slack-signature": "v0=00"})

    async def never() -> BoltResponse:
        raise AssertionError("an unsigned request went on")

    response = await verification.async_process(req=request, resp=BoltResponse(status=200), next=never)
    assert response.status == 401
    assert "BODY-MARKER" not in "\n".join(log_lines())


def test_6_a_newline_in_an_article_file_name_does_not_forge_a_log_line(
        tmp_path: Path, log_lines: Callable[[], list[str]]) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / f"notes{FORGED}.txt").write_bytes(b"\x00binary")
    report = build_store(folder, tmp_path / "store" / "factstore.json", n_process=1)
    lines = log_lines()
    assert len(report.skipped) == 1
    assert_one_line_each(lines)
    [skipped] = [line for line in lines if "skipped article file" in line]
    assert "notes\\nERROR factbot.commands refused admin command" in skipped
    assert not [line for line in lines if " ERROR factbot.commands " in line]


# --------------------------------------------------------------------------- smaller: sig in aiohttp's logs


@pytest.mark.parametrize("server", SERVERS)
async def test_a_bad_request_line_is_one_warning_without_its_signature(
        server: str, handle: StoreHandle, fake: FakeSlack, log_lines: Callable[[], list[str]]) -> None:
    sig = SETTINGS.links.signature("x")
    requests = [
        f"GET /articles/x?sig={sig}&pad={'a' * 9000} HTTP/1.1\r\nHost: h\r\n\r\n",  # over-long request line
        f"GET /articles/x?sig={sig}\x01 HTTP/1.1\r\nHost: h\r\n\r\n",  # a control character in the url
        f"GET /articles/x?sig={sig} HTTP/1.1\r\nHost: h\r\nContent-Length: zz\r\n\r\n",  # a bad header
    ]
    async with serving(server, handle, fake) as (base, http, _):
        statuses = [await raw_request(base, request.encode()) for request in requests]
        async with http.get(f"{base}/articles/x", params={"sig": sig}) as response:
            good = response.status
    lines = log_lines()
    assert all(status.startswith(b"HTTP/1.0 400 ") for status in statuses) and good == 200
    assert_one_line_each(lines)
    assert sig not in "\n".join(lines)
    assert len([line for line in lines if "bad HTTP request" in line and " WARNING " in line]) == len(requests)


# --------------------------------------------------------------------------- 10. terminal output

HOSTILE_ARTICLE = (
    '---\ntitle: "Ferry \\x1b]0;pwned\\x07news"\noutlet: "Harbour \\x1b[2JGazette"\npublished: 2024-03-14\n---\n'
    "Erin Black, a harbour pilot, said the ferry would sail again on Sunday from "
    "\x1b]8;;https://evil.example/\x1b\\the north pier\x1b]8;;\x1b\\.\n"
    "Erin Black said the \x9b2Jtimetable\x1b[2J would be posted at the pier.\n"
)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> StoreHandle:
    folder = tmp_path_factory.mktemp("hostile") / "articles"
    folder.mkdir()
    (folder / "ferry.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    store = folder.parent / "store" / "factstore.json"
    report = build_store(folder, store, n_process=1)
    assert not report.skipped
    return StoreHandle(load_store(store))


HOSTILE_LINES = ["/who Erin Black", "/sources ferry pier", "/who \x1b]8;;https://evil.example/\x1b\\Nobody\x1b[2J"]


def assert_terminal_safe(text: str) -> None:
    assert not [c for c in ESCAPES if c in text], repr(text)
    assert "pwned" not in text and "evil.example" not in text


async def test_10_factbot_ask_prints_no_escape_sequence_from_articles_or_input(hostile_store: StoreHandle) -> None:
    ctx = Context(handle=hostile_store, user=User(id="local", is_admin=True))
    out = io.StringIO()
    await ask(ctx, HOSTILE_LINES, as_json=False, out=out)
    printed = out.getvalue()
    assert_terminal_safe(printed)
    assert "Ferry news" in printed and "Harbour Gazette" in printed  # the text around them stays
    assert "the north pier" in printed and "2Jtimetable would be posted" in printed and "“Nobody" in printed


async def test_10_factbot_ask_json_escapes_them_and_keeps_the_data(hostile_store: StoreHandle) -> None:
    ctx = Context(handle=hostile_store, user=User(id="local", is_admin=True))
    out = io.StringIO()
    await ask(ctx, HOSTILE_LINES[:1], as_json=True, out=out)
    printed = out.getvalue()
    assert not [c for c in ESCAPES if c in printed]
    data = json.loads(printed)
    assert data == (await run_line(ctx, HOSTILE_LINES[0])).to_json()  # escaped, not changed
    assert "\x1b]8;;https://evil.example/" in data["text"] and "\x9b2Jtimetable" in data["text"]


async def test_10_factbot_chat_strips_them_and_keeps_its_own_bold(hostile_store: StoreHandle) -> None:
    ctx = Context(handle=hostile_store, user=User(id="local", is_admin=True))
    out = io.StringIO()
    await chat(ctx, inp=io.StringIO("\n".join(HOSTILE_LINES) + "\n"), out=out)
    assert_terminal_safe(out.getvalue())
    assert "the north pier" in out.getvalue()
    bold = render_text(await run_line(ctx, HOSTILE_LINES[0]), ansi=True)  # what an interactive chat prints
    assert "\x1b[1m" in bold
    assert_terminal_safe(bold.replace("\x1b[1m", "").replace("\x1b[0m", ""))


def test_10_json_lines_escape_c1_controls() -> None:
    line = json_line({"quote": "a\x9b2Jb\x1b]0;t\x07"})
    assert not [c for c in ESCAPES if c in line] and json.loads(line) == {"quote": "a\x9b2Jb\x1b]0;t\x07"}


def test_10_bidi_overrides_cannot_reorder_a_line_but_right_to_left_marks_stay() -> None:
    # U+202E shows what follows it reversed: "moc.elpmaxe" would read as "example.com"
    spoofed = "Read \u202emoc.elpmaxe\u202c now; \u2067isolated\u2069; \u05e9\u05dc\u05d5\u05dd\u200f ok"
    shown = plain(spoofed)
    assert not [c for c in shown if "\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069"]
    assert shown == "Read moc.elpmaxe now; isolated; \u05e9\u05dc\u05d5\u05dd\u200f ok"


# --------------------------------------------------------------------------- smaller: /refresh


async def test_a_second_refresh_while_one_runs_only_says_already_running(
        tmp_path: Path, seed_store_path: Path, fake: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> None:
    handle, refresher, _ = refreshable_copy(tmp_path, seed_store_path)
    release = asyncio.Event()
    build = Refresher._build

    async def held_build(self: Refresher, progress: Any) -> Any:
        await release.wait()
        return await build(self, progress)

    monkeypatch.setattr(Refresher, "_build", held_build)
    async with serving("slack", handle, fake, refresher) as (base, http, _):
        async def slash(user: str) -> str:
            payload = fake.slash("/refresh", "", user_id=user)
            body = urlencode(payload)
            async with http.post(f"{base}/slack/events", data=body.encode(),
                                 headers=signed_headers(SIGNING_SECRET, body)) as response:
                assert response.status == 200
            return payload["response_url"]

        first = await slash(ADMIN)
        await fake.wait("response", 1)
        second = await slash(OTHER_ADMIN)  # another admin: not a repeat
        await fake.wait("response", 2)
        release.set()
        await fake.wait("response", 3, timeout=60)
    said = {url: [message.get("text", "") for message in fake.received["response"] if message["_url"] == url]
            for url in (first, second)}
    assert said[second] == ["A refresh is already running. Please wait for it to finish."]
    assert said[first][0].startswith("Refresh started") and len(said[first]) == 2
