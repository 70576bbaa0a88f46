"""A real headless Chromium opens the citation links of a rendered Slack reply to ``/who Blinken``.

The page server runs in the test's event loop on 127.0.0.1 (port 0), with signed links; Chromium
is driven by ``chromedriver`` over the plain W3C WebDriver protocol (aiohttp, no selenium), as a
412×915 phone. A screenshot of the first link's page is saved under ``tests/artifacts/``.
"""

from __future__ import annotations

import asyncio
import base64
import html
import json
import re
import shutil
import warnings
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.render_discord import render_embeds
from bot.render_slack import render_message
from bot.render_terminal import render_text
from bot.web import start_pages
from handlers import Context, User, run_line
from knowledge.links import Links
from knowledge.store import FactStore, StoreHandle

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCREENSHOT = ARTIFACTS / "browser-who-blinken.png"
SECRET = "browser-test-secret"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars"]
PHONE = {"width": 412, "height": 915, "pixelRatio": 1.0}
# What the page shows about its highlighted sentence, read in the browser.
INSPECT = """
const marks = document.querySelectorAll('mark');
const mark = marks[0], box = mark ? mark.getBoundingClientRect() : null;
return {marks: marks.length, id: mark ? mark.id : '', text: mark ? mark.textContent : '',
        top: box && box.top, bottom: box && box.bottom, viewport: innerHeight,
        width: document.documentElement.clientWidth, scrolled: scrollY, title: document.title};
"""


def _browser() -> tuple[str, str]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        reason = ("headless Chromium not installed (Debian packages chromium, chromium-driver; "
                  "`bash tests/install-browser.sh` or `make test` installs them)")
        warnings.warn(f"browser test skipped: {reason}", stacklevel=2)  # shown without -rs too
        pytest.skip(reason)
    return chromium, driver


class WebDriver:
    """The few W3C WebDriver calls this test needs, over aiohttp."""

    def __init__(self, http: aiohttp.ClientSession, base: str) -> None:
        self.http, self.base, self.session = http, base, ""

    async def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        async with self.http.request(method, f"{self.base}{path}", json=body) as response:
            data = await response.json()
        assert response.status == 200, data
        return data["value"]

    async def start(self, chromium: str, profile: Path) -> None:
        options = {"binary": chromium, "args": [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"],
                   "mobileEmulation": {"deviceMetrics": PHONE}}
        value = await self.call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options}}})
        self.session = f"/session/{value['sessionId']}"

    async def open(self, url: str) -> dict[str, Any]:
        await self.call("POST", f"{self.session}/url", {"url": url})
        return await self.call("POST", f"{self.session}/execute/sync", {"script": INSPECT, "args": []})

    async def screenshot(self) -> bytes:
        return base64.b64decode(await self.call("GET", f"{self.session}/screenshot"))

    async def quit(self) -> None:
        if self.session:
            await self.call("DELETE", self.session)


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[WebDriver]:
    chromium, driver = _browser()
    process = await asyncio.create_subprocess_exec(driver, "--port=0", stdout=asyncio.subprocess.PIPE,
                                                   stderr=asyncio.subprocess.DEVNULL)
    try:
        async with asyncio.timeout(20):
            port = ""
            while not port:
                line = (await process.stdout.readline()).decode()  # type: ignore[union-attr]
                assert line, "chromedriver exited before it started"
                port = (re.search(r"started successfully on port (\d+)", line) or [""] * 2)[1]
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
            web_driver = WebDriver(http, f"http://127.0.0.1:{port}")
            await web_driver.start(chromium, tmp_path / "profile")
            try:
                yield web_driver
            finally:
                await web_driver.quit()
    finally:
        process.terminate()
        await process.wait()


def slack_citations(message: dict[str, Any]) -> list[tuple[str, str]]:
    """``(link, quote)`` of each citation block in a Slack message, as a Slack client shows them."""
    found = []
    for block in message["blocks"]:
        if block["type"] != "context":
            continue
        text = block["elements"][0]["text"]
        cited = re.match(r"\*\[\d+\]\* <(https?://[^|>]+)\|.*?\n“(.*)”$", text, re.S)
        if cited:
            found.append((html.unescape(cited[1]), html.unescape(cited[2])))
    return found


async def test_citation_links_open_with_the_quoted_sentence_highlighted(
        browser: WebDriver, seed_store: FactStore) -> None:
    handle = StoreHandle(seed_store)
    runner, port = await start_pages(handle, Links(secret=SECRET), host="127.0.0.1", port=0)
    try:
        links = Links(public_url=f"http://127.0.0.1:{port}", secret=SECRET)
        ctx = Context(handle=handle, user=User(id="U1"), platform="slack", links=links)
        reply = await run_line(ctx, "/who Blinken")
        cited = slack_citations(render_message(reply, public=False))
        assert cited and len(cited) == len(reply.citations)

        terminal = render_text(reply)
        discord = json.dumps([embed.to_dict() for embed in render_embeds(reply)])
        for (link, quote), citation in zip(cited, reply.citations, strict=True):
            assert link == citation.link and link.startswith(links.public_url), link
            assert link in terminal and link in discord  # the same link on every front end
            page = await browser.open(link)
            assert page["marks"] == 1, page
            assert page["id"] == f"s{citation.sentence}" == link.rsplit("#", 1)[1]
            assert page["text"] == quote == citation.quote
            assert 0 <= page["top"] and page["bottom"] <= page["viewport"], page  # scrolled into view
            assert page["width"] == PHONE["width"], page  # the viewport meta makes it a phone page

        link = cited[0][0]
        page = await browser.open(link)
        ARTIFACTS.mkdir(exist_ok=True)
        SCREENSHOT.write_bytes(await browser.screenshot())
        assert SCREENSHOT.read_bytes().startswith(b"\x89PNG")

        unsigned = await browser.open(re.sub(r"&sig=[0-9a-f]+", "", link))
        assert unsigned["title"].startswith("Not allowed") and unsigned["marks"] == 0
    finally:
        await runner.cleanup()
