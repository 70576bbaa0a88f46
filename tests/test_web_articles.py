"""Articles from the web: /add and `factbot add` against a news site on 127.0.0.1, saved .html pages,
and every way a fetch is refused (each says why and writes nothing). No test touches the internet."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from handlers import Context, User, run_command
from knowledge import fetch, webpage
from knowledge.articles import load_corpus
from knowledge.refresh import Refresher
from knowledge.store import StoreHandle
from tests.fakes.news_site import (BOILERPLATE_WORDS, CAFE_PARAGRAPHS, FERRY_PARAGRAPHS, RESERVOIR_PARAGRAPHS,
                                   NewsSite, reservoir_page)
from tests.web_fixtures import Bot, bot, private_allowed, site  # noqa: F401 (pytest fixtures)

ADMIN = User(id="admin", is_admin=True)




def ctx_of(handle: StoreHandle, refresher: Refresher, user: User = ADMIN) -> Context:
    return Context(handle=handle, user=user, refresher=refresher)


def front_matter(path: Path) -> tuple[dict[str, str], str]:
    _, meta, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(meta), body


async def test_add_saves_the_article_refreshes_and_answers_cite_the_url(
        site: NewsSite, bot: tuple[StoreHandle, Refresher, Path]) -> None:
    handle, refresher, articles = bot
    before = set(articles.iterdir())
    progress: list[str] = []
    ctx = ctx_of(handle, refresher)

    async def note(line: str) -> None:
        progress.append(line)

    ctx.progress = note
    reply = await run_command(ctx, "add", site.url("/news/reservoir.html"))
    assert reply.ok, reply.text
    assert reply.text.startswith("Added ‘Water board approves Calder reservoir plan’ (Valley Courier, 2025-03-04): ")
    assert " sentences, " in reply.text and " facts; " in reply.text and "story ‘" in reply.text
    assert progress[0].startswith("Fetching ") and any(p.startswith("Refreshing") or "refreshing" in p
                                                       for p in progress)
    [saved] = set(articles.iterdir()) - before
    meta, body = front_matter(saved)
    assert meta["title"] == "Water board approves Calder reservoir plan"
    assert (meta["outlet"], meta["published"], meta["author"]) == ("Valley Courier", "2025-03-04", "Nadia Okafor")
    assert meta["url"] == site.url("/news/reservoir-plan")  # the page's canonical link, on its own site
    assert meta["fetched"] and saved.stem == meta["id"]
    for paragraph in RESERVOIR_PARAGRAPHS:
        assert paragraph in body
    assert not any(word in body for word in BOILERPLATE_WORDS)
    assert meta["id"] in handle.current.articles
    answer = await run_command(ctx_of(handle, refresher), "who", "Lindqvist")
    assert answer.ok and answer.citations
    assert {c.url for c in answer.citations} == {site.url("/news/reservoir-plan")}


async def test_og_tags_without_json_ld_and_a_redirect(site: NewsSite, bot: tuple[StoreHandle, Refresher, Path]) -> None:
    handle, refresher, articles = bot
    reply = await run_command(ctx_of(handle, refresher), "add", site.url("/moved"))
    assert reply.text.startswith("Added ‘Storm halts island ferries for ten days’ (Harbour Herald, 2025-01-17)")
    [saved] = articles.glob("web-*.md")
    meta, body = front_matter(saved)
    assert meta["url"] == site.url("/local/ferry.html")  # no canonical link: where it was served from
    assert meta["author"] == "Pavel Ruzicka" and FERRY_PARAGRAPHS[1] in body
    answer = await run_command(ctx_of(handle, refresher), "who", "Ines Duarte")
    assert {c.url for c in answer.citations} == {site.url("/local/ferry.html")}


async def test_never_added_twice(site: NewsSite, bot: tuple[StoreHandle, Refresher, Path]) -> None:
    handle, refresher, articles = bot
    assert (await run_command(ctx_of(handle, refresher), "add", site.url("/news/reservoir.html"))).ok
    files = sorted(articles.iterdir())
    store = handle.current
    same_url = await run_command(ctx_of(handle, refresher), "add", site.url("/news/reservoir-plan"))
    same_text = await run_command(ctx_of(handle, refresher), "add", site.url("/mirror/reservoir.html"))
    assert not same_url.ok and "already there" in same_url.text and "same URL" in same_url.text
    assert not same_text.ok and "already there" in same_text.text and "same text" in same_text.text
    assert sorted(articles.iterdir()) == files and handle.current is store


@pytest.mark.parametrize(("path", "reason"), [
    ("/slow.html", "timed out"),
    ("/huge.html", "too large (more than 5 MB)"),
    ("/report.pdf", "not an HTML page (content type application/pdf)"),
    ("/missing.html", "the server answered 404 Not Found"),
    ("/loop/a", "redirect loop"),
    ("/to-file", "only http and https"),
    ("/login.html", "too little article text"),
    ("/video.html", "video"),
])
async def test_every_failure_says_why_and_writes_nothing(site: NewsSite, bot: tuple[StoreHandle, Refresher, Path],
                                                         path: str, reason: str) -> None:
    handle, refresher, articles = bot
    files = sorted(articles.rglob("*"))
    store = handle.current
    reply = await run_command(ctx_of(handle, refresher), "add", site.url(path))
    assert not reply.ok
    assert reply.text.startswith(f"Not added {site.url(path)}: ") and reason in reply.text, reply.text
    assert "Nothing was written." in reply.text
    assert sorted(articles.rglob("*")) == files and handle.current is store


async def test_an_articles_folder_that_cannot_be_written_is_said_and_logged(
        site: NewsSite, bot: tuple[StoreHandle, Refresher, Path], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    handle, refresher, articles = bot
    files = sorted(articles.rglob("*"))

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(webpage.os, "fsync", full_disk)
    with caplog.at_level("ERROR", logger="factbot.commands"):
        reply = await run_command(ctx_of(handle, refresher), "add", site.url("/news/reservoir.html"))
    assert not reply.ok and "the articles folder cannot be written (No space left on device)" in reply.text
    assert "Nothing was written." in reply.text and sorted(articles.rglob("*")) == files
    assert "could not save" in caplog.text


async def test_private_addresses_are_refused_without_the_variable(
        site: NewsSite, bot: tuple[StoreHandle, Refresher, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fetch.ALLOW_PRIVATE_VARIABLE)
    handle, refresher, articles = bot
    files = sorted(articles.iterdir())
    reply = await run_command(ctx_of(handle, refresher), "add", site.url("/news/reservoir.html"))
    assert not reply.ok and "resolves to a private or local address (127.0.0.1)" in reply.text
    assert fetch.ALLOW_PRIVATE_VARIABLE in reply.text and sorted(articles.iterdir()) == files


@pytest.mark.parametrize("url", ["http://localhost/", "http://10.20.30.40/news", "http://192.168.1.1/",
                                 "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/",
                                 "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "http://0.0.0.0/"])
def test_loopback_private_link_local_and_metadata_hosts_are_refused(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fetch.ALLOW_PRIVATE_VARIABLE)
    with pytest.raises(fetch.FetchError, match="private or local address"):
        fetch.checked_address(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a.html", "gopher://x/", "javascript:1"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(fetch.FetchError, match="only http and https"):
        fetch.checked_address(url)


async def test_charset_from_the_header(site: NewsSite, bot: tuple[StoreHandle, Refresher, Path]) -> None:
    handle, refresher, articles = bot
    reply = await run_command(ctx_of(handle, refresher), "add", site.url("/fr/cafe.html"))
    assert reply.text.startswith("Added ‘Le café de la gare rouvre’ (Le Petit Valmontais")
    [saved] = articles.glob("web-*.md")
    assert CAFE_PARAGRAPHS[0] in front_matter(saved)[1]


def test_saved_html_pages_in_the_folder_are_read_with_the_same_extraction(tmp_path: Path) -> None:
    base = "https://courier.example"
    (tmp_path / "saved.html").write_text(reservoir_page(base), encoding="utf-8")
    (tmp_path / "wall.htm").write_text("<html><body><p>Log in to keep reading.</p></body></html>", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    [article] = corpus.articles
    assert (article.id, article.title, article.outlet) == ("saved", "Water board approves Calder reservoir plan",
                                                           "Valley Courier")
    assert (article.published, article.url) == ("2025-03-04", f"{base}/news/reservoir-plan")
    assert RESERVOIR_PARAGRAPHS[2] in article.text and not any(w in article.text for w in BOILERPLATE_WORDS)
    [skipped] = corpus.skipped
    assert skipped.path == "wall.htm" and "article text" in skipped.reason


def test_factbot_add_from_the_terminal(site: NewsSite, bot: tuple[StoreHandle, Refresher, Path],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    _, refresher, articles = bot
    code = main(["add", "--articles", str(articles), "--store", str(refresher.store_path),
                 site.url("/local/ferry.html"), site.url("/missing.html")])
    out = capsys.readouterr().out
    assert code == 1  # one of the two was refused
    assert "Added ‘Storm halts island ferries for ten days’ (Harbour Herald, 2025-01-17)" in out
    assert f"Not added {site.url('/missing.html')}: the server answered 404" in out
    assert len(list(articles.glob("web-*.md"))) == 1


async def test_add_is_for_admins_only(site: NewsSite, bot: tuple[StoreHandle, Refresher, Path]) -> None:
    handle, refresher, articles = bot
    files = sorted(articles.iterdir())
    reply = await run_command(ctx_of(handle, refresher, User(id="mallory")), "add", site.url("/local/ferry.html"))
    assert not reply.ok and reply.text == "/add is for admins only."
    assert sorted(articles.iterdir()) == files


# --- the admin check on both platforms

@pytest.mark.parametrize("mode", ["socket", "http"])
async def test_slack_add_is_refused_to_non_admins(site: NewsSite, bot: tuple[StoreHandle, Refresher, Path],
                                                  mode: str) -> None:
    from tests.fakes.slack import FakeSlack
    from tests.test_slack import connected

    handle, refresher, articles = bot
    files, hits = sorted(articles.iterdir()), dict(site.hits)
    fake = await FakeSlack().start()
    try:
        async with connected(fake, handle, mode, refresher=refresher) as slack:
            await slack.send("slash_commands", fake.slash("/add", site.url("/local/ferry.html"), user_id="U0MALLORY"))
            [message] = await fake.wait("response")
            await slack.bot.idle()
    finally:
        await fake.close()
    assert message["blocks"][0]["text"]["text"] == "/add is for admins only."
    assert sorted(articles.iterdir()) == files and site.hits == hits


async def test_discord_add_is_refused_without_manage_server(fake_discord: object, site: NewsSite,
                                                            bot: tuple[StoreHandle, Refresher, Path]) -> None:
    from tests.test_discord import ask, start

    handle, refresher, articles = bot
    files, hits = sorted(articles.iterdir()), dict(site.hits)
    run = await start(handle, refresher)
    try:
        body = await ask(fake_discord, "add", site.url("/local/ferry.html"), permissions=0)  # type: ignore[arg-type]
    finally:
        await run.stop()
    assert "for server admins" in body["data"]["embeds"][0]["description"]
    assert sorted(articles.iterdir()) == files and site.hits == hits
