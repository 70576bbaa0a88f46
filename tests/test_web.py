"""The article pages: rendering, escaping, highlighting, signed links, the list and /healthz."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from html import escape

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings
from bot.web import add_page_routes, serve_pages, start_pages
from handlers import Context, User
from handlers.evidence import cite
from knowledge.facts import ArticleRecord
from knowledge.links import Links
from knowledge.store import FactStore, StoreHandle

EVIL = 'Officials said <script>alert("x")</script> & more. The <b>second</b> sentence.\n\nA third one.'


def record(article_id: str, text: str, *, title: str = "", outlet: str = "", published: str = "",
           inferred: str = "", url: str = "") -> ArticleRecord:
    """An article whose sentences are split at ". " and blank lines, like the extractor's spans."""
    spans, start = [], 0
    for match in re.finditer(r"(?<=\.)\s+|$", text):
        if match.start() > start:
            spans.append([start, match.start()])
        start = match.end()
    return ArticleRecord(id=article_id, path=f"{article_id}.txt", title=title, outlet=outlet,
                         published=published, published_inferred=inferred, url=url, text=text,
                         content_hash=article_id, sentences=spans)


def make_store(*records: ArticleRecord, built_at: str = "2024-01-02T03:04:05Z") -> FactStore:
    return FactStore(meta={"built_at": built_at}, facts=[{"article": r} for r in records], entities=[])


@pytest.fixture
def handle() -> StoreHandle:
    return StoreHandle(make_store(
        record("evil", EVIL, title="<img src=x onerror=alert(1)> Title", outlet="Daily <Bugle>",
               published="2023-09-20", url="https://example.org/story?a=1&b=2"),
        record("plain", "First sentence here. Second sentence here.", title="Plain story",
               inferred="2023-09-19"),
        record("js-url", "Only one sentence.", url="javascript:alert(1)", outlet="Wire"),
        record("a b/c", "Odd id. Still works."),
    ))


async def client_for(handle: StoreHandle, links: Links) -> TestClient:
    app = web.Application()
    add_page_routes(app, handle, links)
    client = TestClient(TestServer(app))
    await client.start_server()
    return client


@pytest.fixture
async def client(handle: StoreHandle) -> AsyncIterator[TestClient]:
    client = await client_for(handle, Links())
    yield client
    await client.close()


@pytest.fixture
async def signed(handle: StoreHandle) -> AsyncIterator[TestClient]:
    client = await client_for(handle, Links(secret="team-secret"))
    yield client
    await client.close()


async def get(client: TestClient, path: str) -> tuple[int, str]:
    response = await client.get(path)
    return response.status, await response.text()


# --------------------------------------------------------------------------- article page


async def test_article_page_anchors_every_sentence_and_highlights_the_cited_one(client: TestClient) -> None:
    status, html = await get(client, Links().path("plain", 1))
    assert status == 200
    assert '<span id="s0">First sentence here.</span>' in html
    assert '<mark id="s1">Second sentence here.</mark>' in html
    assert '<a href="#s1">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "Plain story" in html and "2023-09-19 (inferred from the text)" in html
    assert '<a href="/articles">' in html


async def test_untrusted_text_title_outlet_and_url_are_escaped(client: TestClient) -> None:
    status, html = await get(client, "/articles/evil?s=0")
    assert status == 200
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    marked = "Officials said &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more."
    assert f'<mark id="s0">{marked}</mark>' in html
    assert "&lt;img src=x onerror=alert(1)&gt; Title" in html
    assert "Daily &lt;Bugle&gt;" in html and "2023-09-20" in html
    assert 'href="https://example.org/story?a=1&amp;b=2"' in html
    assert '<span id="s2">A third one.</span>' in html  # text after a blank line keeps its anchor


async def test_pages_forbid_scripts_and_referrers(client: TestClient) -> None:
    response = await client.get("/articles/evil")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"


async def test_only_http_urls_become_links(client: TestClient) -> None:
    _, html = await get(client, "/articles/js-url")
    assert 'href="javascript' not in html
    assert "original: javascript:alert(1)" in html


@pytest.mark.parametrize("query", ["", "?s=", "?s=99", "?s=-1", "?s=abc", "?s=١"])
async def test_no_or_bad_sentence_number_shows_the_article_unhighlighted(client: TestClient,
                                                                         query: str) -> None:
    status, html = await get(client, f"/articles/plain{query}")
    assert status == 200
    assert "<mark" not in html and '<span id="s1">' in html


async def test_odd_article_ids_round_trip_through_links(client: TestClient) -> None:
    status, html = await get(client, Links().path("a b/c", 1))
    assert status == 200
    assert '<mark id="s1">Still works.</mark>' in html


async def test_unknown_article_is_a_404_page(client: TestClient) -> None:
    status, html = await get(client, "/articles/nope?s=1")
    assert status == 404
    assert "Not found" in html and "<!doctype html>" in html


async def test_pages_read_the_current_store_after_a_refresh(client: TestClient, handle: StoreHandle) -> None:
    handle.swap(make_store(record("plain", "Rewritten. Entirely new text.")))
    _, html = await get(client, "/articles/plain?s=1")
    assert '<mark id="s1">Entirely new text.</mark>' in html
    assert (await get(client, "/articles/evil"))[0] == 404


# --------------------------------------------------------------------------- list and health


async def test_list_shows_every_article_newest_first_with_dates_and_outlets(client: TestClient) -> None:
    status, html = await get(client, "/articles")
    assert status == 200
    assert "4 articles" in html
    assert html.index("&lt;img") < html.index("Plain story")  # 2023-09-20 before 2023-09-19
    assert "Daily &lt;Bugle&gt; · 2023-09-20" in html and "Wire · date unknown" in html
    assert 'href="/articles/a%20b%2Fc"' in html and 'href="/articles/plain"' in html
    assert "<img" not in html


async def test_healthz_reports_article_count_and_build_time(client: TestClient) -> None:
    response = await client.get("/healthz")
    assert response.status == 200
    body = await response.json()
    assert (body["ok"], body["articles"], body["built_at"]) == (True, 4, "2024-01-02T03:04:05Z")


# --------------------------------------------------------------------------- signed links


async def test_signed_mode_opens_only_links_the_bot_made(signed: TestClient) -> None:
    links = Links(public_url="https://bot.example", secret="team-secret")
    status, html = await get(signed, links.path("plain", 0))
    assert status == 200 and '<mark id="s0">' in html
    assert '<a href="/articles">' not in html  # the list is private, so no link to it
    assert (await get(signed, "/articles/plain?s=0"))[0] == 403
    assert (await get(signed, "/articles/plain?s=0&sig=" + "0" * 32))[0] == 403
    assert (await get(signed, f"/articles/plain?sig={links.signature('evil')}"))[0] == 403
    assert (await get(signed, Links(secret="other").path("plain")))[0] == 403


async def test_signed_mode_hides_the_list_and_existence_of_articles(signed: TestClient) -> None:
    status, html = await get(signed, "/articles")
    assert status == 403 and "private" in html
    assert (await get(signed, "/articles/nope"))[0] == 403  # no probing for ids without a signature
    assert (await get(signed, Links(secret="team-secret").path("nope")))[0] == 404
    assert (await get(signed, "/healthz"))[0] == 200


def test_links_are_empty_without_a_public_url_and_hide_the_secret() -> None:
    assert Links().article_page("plain", 2) == ""
    links = Links(public_url="https://bot.example/", secret="s3cret")
    assert links.article_page("plain", 2) == (
        f"https://bot.example/articles/plain?s=2&sig={links.signature('plain')}#s2")
    assert links.article_page("plain") == f"https://bot.example/articles/plain?sig={links.signature('plain')}"
    assert links.signature("plain") != links.signature("evil")
    assert links.verify("plain", links.signature("plain")) and not links.verify("plain", "")
    assert Links().verify("plain", "")
    assert "s3cret" not in repr(links)


# --------------------------------------------------------------------------- citations to pages


async def test_a_citation_link_opens_the_page_with_its_quote_highlighted(handle: StoreHandle) -> None:
    links = Links(public_url="https://bot.example", secret="k")
    ctx = Context(handle=handle, user=User(id="U1"), links=links)
    plain, with_url = cite(ctx, "plain", 1), cite(ctx, "evil", 1)
    assert plain.link == plain.context == links.article_page("plain", 1) and not plain.context_link
    assert with_url.link == "https://example.org/story?a=1&b=2"
    assert with_url.context_link == links.article_page("evil", 1)
    client = await client_for(handle, links)
    try:
        for citation in (plain, with_url):
            _, html = await get(client, citation.context.removeprefix("https://bot.example"))
            marked = re.search(r'<mark id="s(\d+)">(.*?)</mark>', html, re.S)
            assert marked and int(marked[1]) == citation.sentence
            assert marked[2] == escape(citation.quote)
    finally:
        await client.close()


# --------------------------------------------------------------------------- serving


async def test_start_pages_serves_on_a_real_port(handle: StoreHandle) -> None:
    runner, port = await start_pages(handle, Links(), host="127.0.0.1", port=0)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert (await response.json())["articles"] == 4
    finally:
        await runner.cleanup()


async def test_serve_pages_runs_until_cancelled(handle: StoreHandle) -> None:
    task = asyncio.create_task(serve_pages(Settings(http_port=0), handle, host="127.0.0.1"))
    await asyncio.sleep(0.1)
    assert not task.done()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
