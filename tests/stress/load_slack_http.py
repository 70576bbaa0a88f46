"""Many slash commands at once through Slack HTTP mode (signed requests, real slack-bolt, fake Slack).

    python -m tests.stress.load_slack_http [--requests 200] [--store data/factstore.json]

Prints how long each request took to be acknowledged (p50, p99, max) and checks that every one
was acknowledged (HTTP 200) and answered through its ``response_url``. Each request comes from a
different user, so the per-user rate limit does not apply.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.slack import SlackBot, start_http
from knowledge.store import FactStore, StoreHandle, load_store
from tests.fakes.slack import FakeSlack, signed_headers

LINES = (("/who", "Blinken"), ("/sources", "Lachin corridor"), ("/when", "presidential election"),
         ("/compare", "casualties"), ("/help", ""))


@dataclass
class LoadResult:
    sent: int
    acknowledged: int
    answered: int
    latencies: list[float]
    seconds: float

    @property
    def max(self) -> float:
        return max(self.latencies)

    def percentile(self, pct: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[pct - 1]

    def __str__(self) -> str:
        return (f"{self.sent} concurrent Slack commands: {self.acknowledged} acknowledged, {self.answered} answered "
                f"in {self.seconds:.2f} s; ack p50 {self.percentile(50) * 1000:.0f} ms, "
                f"p99 {self.percentile(99) * 1000:.0f} ms, max {self.max * 1000:.0f} ms")


async def measure(store: FactStore, count: int) -> LoadResult:
    """Send ``count`` signed slash commands at once; wait until every answer has reached Slack."""
    fake = await FakeSlack().start()
    settings = Settings(slack_bot_token="xoxb-load", slack_signing_secret="load-signing-secret", slack_mode="http")
    bot = SlackBot(settings, StoreHandle(store), None,
                   client=AsyncWebClient(token=settings.slack_bot_token, base_url=fake.api_url))
    runner, port = await start_http(bot, host="127.0.0.1", port=0)
    url = f"http://127.0.0.1:{port}/slack/events"
    started = time.perf_counter()
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            async def one(i: int) -> tuple[int, float]:
                name, text = LINES[i % len(LINES)]
                body = urlencode(fake.slash(name, text, user_id=f"U{i:06d}"))
                sent = time.perf_counter()
                async with http.post(url, data=body.encode(),
                                     headers=signed_headers(settings.slack_signing_secret, body)) as response:
                    return response.status, time.perf_counter() - sent

            results = await asyncio.gather(*(one(i) for i in range(count)))
            answers = await fake.wait("response", count, timeout=120)
            await bot.idle()
    finally:
        await runner.cleanup()
        await fake.close()
    return LoadResult(sent=count, acknowledged=sum(status == 200 for status, _ in results),
                      answered=sum(bool(a.get("blocks")) for a in answers),
                      latencies=[latency for _, latency in results], seconds=time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.stress.load_slack_http", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--store", help="a built fact store (default: build the seeds into a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="factbot-load-") as tmp:
        path = Path(args.store) if args.store else Path(tmp) / "factstore.json"
        if not args.store:
            from knowledge.build import build_store

            build_store(Path(__file__).resolve().parents[2] / "seeds", path, n_process=1)
        result = asyncio.run(measure(load_store(path), args.requests))
    print(result)
    return 0 if result.acknowledged == result.answered == result.sent and result.max < 3.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
