"""Reliability and safety: bad articles, failed and interrupted builds, corrupt stores, secrets, abuse, logs.

Builds run in this process with a cached spaCy model (fast); refreshes run the real child process
(``python -m knowledge.build``) with faults injected through a ``sitecustomize`` on its PYTHONPATH.
Item numbers refer to issue 7.
"""

from __future__ import annotations

import asyncio
import dataclasses
import errno
import functools
import io
import logging
import os
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

import knowledge.extract as extract
from bot.config import Settings
from bot.discord_bot import FactBot
from bot.logs import configure_logging
from bot.runtime import open_store
from bot.slack import SlackBot, start_http
from handlers import COMMANDS, Context, Reply, User, run_command
from knowledge.build import build_store
from knowledge.refresh import Refresher
from knowledge.store import StoreError, StoreHandle, load_previous, load_store, previous_path, read_meta, shard_dir
from tests.fakes.discord import FakeDiscord
from tests.fakes.slack import FakeSlack, signed_headers, texts_of

ADMIN = User(id="U0ADMIN", name="admin", is_admin=True)
MALLORY = User(id="U0MALLORY", name="mallory")

OLD_ARTICLES = {
    "alpha.md": "---\ntitle: Bridge reopens\noutlet: Town Crier\ndate: 2024-05-01\n---\n"
                "Alice Smith, the mayor of Springfield, said the bridge would reopen on Monday.\n",
    "beta.txt": "Bob Jones, a police spokesman, said 12 people were hurt in the crash on Tuesday.\n",
    "gamma.txt": "Carol White said the council would vote on the budget in June.\n",
}
NEW_ARTICLES = {
    "alpha.md": OLD_ARTICLES["alpha.md"],
    "beta.txt": OLD_ARTICLES["beta.txt"] + "He said 3 of them were in hospital.\n",
    "delta.md": "---\ntitle: Storm warning\n---\nDan Brown, a forecaster, said the storm would arrive on Friday.\n",
}

_cached_nlp = functools.cache(extract.load_nlp)


@pytest.fixture(autouse=True)
def fast_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    """Load the spaCy model once for all in-process builds of this module."""
    monkeypatch.setattr(extract, "load_nlp", _cached_nlp)


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a store directory (index, .prev, shards), returning the copied index path."""
    shutil.copytree(source.parent, target)
    return target / source.name


def fingerprint(store: Path) -> str:
    return load_store(store).meta["corpus_fingerprint"]


@dataclasses.dataclass
class Stores:
    """A built store for OLD_ARTICLES and what a build of NEW_ARTICLES produces."""

    old: Path
    old_fp: str
    new_fp: str
    new_articles: Path


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Stores:
    root = tmp_path_factory.mktemp("stores")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(extract, "load_nlp", _cached_nlp)
        old = root / "old" / "factstore.json"
        build_store(write_articles(root / "old-articles", OLD_ARTICLES), old, n_process=1)
        new_articles = write_articles(root / "new-articles", NEW_ARTICLES)
        new = copy_store(old, root / "new")
        build_store(new_articles, new, n_process=1)
    return Stores(old=old, old_fp=fingerprint(old), new_fp=fingerprint(new), new_articles=new_articles)


def ask(ctx: Context, name: str, text: str = "") -> Reply:
    return asyncio.run(run_command(ctx, name, text))


# ---------------------------------------------------------------------- 2. bad articles


def bad_folder(folder: Path) -> dict[str, str]:
    """Two good articles and every kind of bad file; returns path -> expected reason."""
    write_articles(folder, {name: OLD_ARTICLES[name] for name in ("alpha.md", "beta.txt")})
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes("Caf\xe9 owner Zo\xeb said it was fine.".encode("latin-1"))
    with open(folder / "huge.txt", "wb") as fh:
        fh.truncate(20 * 1024 * 1024)  # 20 MB (sparse): rejected by size before it is read
    (folder / "long.txt").write_text("Word " * 240_000 + "end.", encoding="utf-8")  # 1.2 M characters
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    (folder / "unclosed.md").write_text("---\ntitle: x\nNo end of the front matter.\n", encoding="utf-8")
    (folder / "notamap.md").write_text("---\n- a\n- b\n---\nBody text.\n", encoding="utf-8")
    (folder / "zdup.md").write_text("---\nid: beta\n---\nSame id as beta.txt.\n", encoding="utf-8")
    (folder / "folder.txt").mkdir()
    (folder / ".txt").mkdir()  # a hidden directory literally named ".txt": ignored like any dotfile
    (folder / "loop.txt").symlink_to("loop.txt")
    return {
        "empty.txt": "no text", "binary.txt": "binary", "latin1.txt": "not valid UTF-8",
        "huge.txt": "too large", "long.txt": "too long to analyse", "broken.md": "not valid YAML",
        "unclosed.md": "not closed", "notamap.md": "not a mapping", "zdup.md": "duplicate id",
        "folder.txt": "is a directory", "loop.txt": "cannot be read",
    }


def make_unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 0; root reads through modes, so there the read itself is made to fail with EACCES."""
    path.chmod(0)
    if os.geteuid() == 0:
        real = os.open

        def open_(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if Path(file) == path:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
            return real(file, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", open_)


def test_bad_articles_are_skipped_with_reasons_and_the_rest_ingests(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    expected = bad_folder(tmp_path / "articles")
    (tmp_path / "articles" / "secret.txt").write_text("Eve said nothing.\n", encoding="utf-8")
    make_unreadable(tmp_path / "articles" / "secret.txt", monkeypatch)
    expected["secret.txt"] = "Permission denied"
    (tmp_path / "articles" / "crashy.txt").write_text("Frank Green said the analysis crashes.\n", encoding="utf-8")
    expected["crashy.txt"] = "could not be analysed (RuntimeError: parser exploded)"
    real_extract = extract.extract_doc

    def extract_doc(article: Any, doc: Any) -> Any:
        if article.id == "crashy":
            raise RuntimeError("parser exploded")
        return real_extract(article, doc)

    monkeypatch.setattr(extract, "extract_doc", extract_doc)
    caplog.set_level(logging.WARNING)
    store = tmp_path / "store" / "factstore.json"
    report = build_store(tmp_path / "articles", store, n_process=1)

    reasons = {s["path"]: s["reason"] for s in report.skipped}
    assert set(reasons) == set(expected)
    for path, reason in expected.items():
        assert reason in reasons[path], (path, reasons[path])
        assert f"Skipped {path}: {reasons[path]}" in report.summary()
        assert f"skipped article file {path}: {reasons[path]}" in caplog.text
    assert sorted(load_store(store).articles) == ["alpha", "beta"]
    assert report.articles == 2 and report.added == ["alpha", "beta"]


async def test_refresh_report_and_log_list_skipped_files(tmp_path: Path, stores: Stores,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    store = copy_store(stores.old, tmp_path / "store")
    articles = write_articles(tmp_path / "articles", OLD_ARTICLES)
    expected = bad_folder(tmp_path / "bad")
    del expected["long.txt"]  # readable, so it would load spaCy in the child: covered in-process above
    for path in (tmp_path / "bad").iterdir():
        if path.name in expected or path.name == ".txt":
            shutil.move(path, articles / path.name)
    handle = StoreHandle(load_store(store))
    ctx = Context(handle=handle, user=ADMIN, refresher=Refresher(handle, articles_dir=articles, store_path=store))
    caplog.set_level(logging.WARNING)
    reply = await run_command(ctx, "refresh", "")
    assert reply.ok and reply.text.startswith("*Nothing changed.*"), reply.text
    for path, reason in expected.items():
        assert re.search(rf"^Skipped {re.escape(path)}: .*{re.escape(reason)}", reply.text, re.M), path
        assert f"refresh skipped article file {path}: " in caplog.text
    assert sorted(handle.current.articles) == ["alpha", "beta", "gamma"]


# ---------------------------------------------------------------------- 3. atomic builds, failed refreshes


class Crash(BaseException):
    """Stands in for the process dying at this point (not an Exception, so nothing handles it)."""


def fail_at(monkeypatch: pytest.MonkeyPatch, step: int, error: BaseException) -> list[str]:
    """Make the ``step``-th file-system call of the build raise ``error``; returns the calls seen."""
    calls: list[str] = []
    for module, name in ((os, "replace"), (os, "fsync"), (os, "unlink"), (shutil, "copyfile")):
        real = getattr(module, name)

        def patched(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            calls.append(_name)
            if len(calls) == step:
                raise error
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, patched)
    return calls


@pytest.mark.parametrize("error", [Crash(), OSError(errno.ENOSPC, "No space left on device")],
                         ids=["crash", "disk-full"])
def test_a_build_stopped_at_any_step_leaves_the_old_or_the_new_store(tmp_path: Path, stores: Stores,
                                                                      error: BaseException) -> None:
    step = 0
    while True:
        step += 1
        store = copy_store(stores.old, tmp_path / f"step{step}")
        with pytest.MonkeyPatch.context() as mp:
            calls = fail_at(mp, step, error)
            try:
                build_store(stores.new_articles, store, n_process=1)
            except (Crash, OSError, StoreError):  # a full disk at the serving index: one StoreError line
                pass
        assert fingerprint(store) in (stores.old_fp, stores.new_fp), f"torn store after {calls}"
        if previous_path(store).exists():
            load_previous(store)  # the rollback target loads too
        build_store(stores.new_articles, store, n_process=1)  # the next build repairs whatever was left
        assert fingerprint(store) == stores.new_fp
        if len(calls) < step:  # the build finished before the injected failure: every step was tried
            break
    assert step > 8


SITECUSTOMIZE = '''
import errno, os, signal
fault = os.environ.get("FACTBOT_TEST_FAULT")
if fault == "disk-full":
    def replace(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    os.replace = replace
elif fault == "killed":
    os.replace = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
elif fault == "no-model":
    import knowledge.extract
    def load_nlp():
        raise OSError("[E050] Can't find model 'en_core_web_sm'.")
    knowledge.extract.load_nlp = load_nlp
'''

FAULTS = {
    "disk-full": "No space left on device",
    "killed": "killed by signal 9",
    "no-model": "Can't find model 'en_core_web_sm'",
    "articles-gone": "no article could be read",
}


@pytest.fixture
def refreshable(tmp_path: Path, stores: Stores) -> tuple[Context, Path, Path]:
    """An admin context whose Refresher serves a copy of the old store; returns it, the store, the articles."""
    store = copy_store(stores.old, tmp_path / "store")
    articles = write_articles(tmp_path / "articles", OLD_ARTICLES)
    handle = StoreHandle(load_store(store))
    refresher = Refresher(handle, articles_dir=articles, store_path=store)
    return Context(handle=handle, user=ADMIN, refresher=refresher), store, articles


@pytest.mark.parametrize("fault", list(FAULTS))
async def test_a_failed_refresh_keeps_the_old_store_serving_and_says_why(
        refreshable: tuple[Context, Path, Path], stores: Stores, tmp_path: Path, fault: str,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    ctx, store, articles = refreshable
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "site"))
    monkeypatch.setenv("FACTBOT_TEST_FAULT", fault)
    if fault == "no-model":
        (articles / "delta.md").write_text(NEW_ARTICLES["delta.md"], encoding="utf-8")  # needs extraction
    elif fault == "articles-gone":
        shutil.rmtree(articles)
    else:
        (articles / "gamma.txt").unlink()  # a removal: the child writes without loading spaCy
    serving = ctx.handle.current
    reply = await run_command(ctx, "refresh", "")
    assert not reply.ok and reply.text.startswith("Refresh failed: the build failed (")
    assert FAULTS[fault] in reply.text and "the previous store is still answering" in reply.text
    assert ctx.handle.current is serving and not ctx.refresher.running  # type: ignore[union-attr]
    assert fingerprint(store) == stores.old_fp
    assert "refresh build failed" in caplog.text
    assert (await run_command(dataclasses.replace(ctx), "who", "Carol White")).ok


async def test_rollback_through_the_command_layer(refreshable: tuple[Context, Path, Path]) -> None:
    ctx, store, articles = refreshable
    first = await run_command(ctx, "refresh", "rollback")
    assert not first.ok and "there is no previous store to roll back to" in first.text
    (articles / "gamma.txt").unlink()
    refreshed = await run_command(ctx, "refresh", "")
    assert refreshed.ok and "Removed: gamma" in refreshed.text
    assert not (await run_command(Context(handle=ctx.handle, user=ADMIN), "who", "Carol White")).ok

    refused = await run_command(dataclasses.replace(ctx, user=MALLORY), "refresh", "rollback")
    assert not refused.ok and "admins only" in refused.text and "gamma" not in ctx.handle.current.articles

    rolled = await run_command(ctx, "refresh", "rollback")
    assert rolled.ok and rolled.text.startswith("Rolled back to the previous store (3 articles")
    assert "gamma" in ctx.handle.current.articles and "gamma" in load_store(store).articles
    assert (await run_command(Context(handle=ctx.handle, user=ADMIN), "who", "Carol White")).ok
    again = await run_command(ctx, "refresh", "rollback")  # and forward again
    assert again.ok and "gamma" not in ctx.handle.current.articles


# ---------------------------------------------------------------------- 4. corrupt store at start-up


def damage(store: Path, how: str) -> None:
    text = store.read_text(encoding="utf-8")
    if how == "truncated":
        store.write_text(text[: len(text) // 2], encoding="utf-8")
    elif how == "wrong-schema":
        store.write_text(text.replace('"schema_version": 1', '"schema_version": 99'), encoding="utf-8")
    elif how == "missing-shard":
        [delta] = [row for row in read_meta(store)["articles"] if row["id"] == "delta"]
        (shard_dir(store) / delta["shard"]).unlink()
    elif how == "damaged-rows":
        store.write_text('{"meta": {"1": {"schema_version": 1}}, "articles": {"1": {"id": 7}}}', encoding="utf-8")


@pytest.mark.parametrize("how", ["truncated", "wrong-schema", "missing-shard", "damaged-rows"])
def test_corrupt_store_at_start_up_is_rebuilt_and_nothing_is_lost(tmp_path: Path, stores: Stores, how: str,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    store = copy_store(stores.old, tmp_path / "store")
    build_store(stores.new_articles, store, n_process=1)  # a store with a .prev, as after any refresh
    prev_before = previous_path(store).read_bytes()
    damage(store, how)
    damaged = store.read_bytes()
    settings = Settings(articles_dir=stores.new_articles, store_path=store)
    out = io.StringIO()

    handle = open_store(settings, out=out)

    assert "The fact store cannot be used (" in out.getvalue() and "Rebuilding it from" in out.getvalue()
    assert handle.current.meta["corpus_fingerprint"] == stores.new_fp
    assert previous_path(store).read_bytes() == prev_before  # the good rollback target is kept
    [aside] = store.parent.glob("factstore.json.corrupt-*")
    assert aside.read_bytes() == damaged  # moved aside, not deleted
    again = io.StringIO()
    open_store(settings, out=again)  # the next start just loads: no rebuild loop
    assert again.getvalue() == ""


def test_corrupt_store_without_articles_serves_the_previous_store(tmp_path: Path, stores: Stores) -> None:
    store = copy_store(stores.old, tmp_path / "store")
    build_store(stores.new_articles, store, n_process=1)
    damage(store, "truncated")
    out = io.StringIO()
    handle = open_store(Settings(articles_dir=tmp_path / "unmounted", store_path=store), out=out)
    assert handle.current.meta["corpus_fingerprint"] == stores.old_fp
    assert "The rebuild failed (BuildError: no article could be read" in out.getvalue()
    assert "Answering from the previous store" in out.getvalue()


def test_nothing_to_serve_is_one_clear_error(tmp_path: Path) -> None:
    store = tmp_path / "factstore.json"
    store.write_text("{", encoding="utf-8")
    with pytest.raises(StoreError, match=r"cannot build the fact store from .* no usable previous store"):
        open_store(Settings(articles_dir=tmp_path / "unmounted", store_path=store), out=io.StringIO())


# ---------------------------------------------------------------------- 6-8. front ends: secrets, abuse, logs

SECRETS = {"slack_bot_token": "xoxb-SECRET-bot-0123456789", "slack_app_token": "xapp-SECRET-app-0123456789",
           "slack_signing_secret": "SECRET-signing-0123456789", "discord_token": "SECRET-discord-0123456789",
           "link_secret": "SECRET-link-0123456789"}


@pytest.fixture
def configured(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    """``configure_logging(settings)`` for one test, its stderr readable; logging restored afterwards."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    wire = {name: logging.getLogger(name).level for name in ("discord", "slack_bolt", "slack_sdk", "aiohttp",
                                                             "websockets")}

    def configure(settings: Settings) -> None:
        configure_logging(settings)

    yield configure
    root.handlers[:], level = saved
    root.setLevel(level)
    for name, value in wire.items():
        logging.getLogger(name).setLevel(value)


@asynccontextmanager
async def slack_http(fake: FakeSlack, settings: Settings, handle: StoreHandle) -> AsyncIterator[Any]:
    """A SlackBot in HTTP mode; yields ``slash(command, text, user) -> response_url`` (signed requests)."""
    bot = SlackBot(settings, handle, None, client=AsyncWebClient(token=settings.slack_bot_token,
                                                                 base_url=fake.api_url))
    runner, port = await start_http(bot, host="127.0.0.1", port=0)
    try:
        async with aiohttp.ClientSession() as http:
            async def slash(command: str, text: str = "", user: str = "U0ALICE") -> str:
                payload = fake.slash(command, text, user_id=user)
                body = urlencode(payload)
                async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body.encode(),
                                     headers=signed_headers(settings.slack_signing_secret, body)) as response:
                    assert response.status == 200
                return payload["response_url"]

            yield slash
            await bot.idle()
    finally:
        await runner.cleanup()


async def slack_answer(fake: FakeSlack, url: str) -> str:
    """The text of the answer posted to one response_url."""
    async with asyncio.timeout(5):
        while True:
            found = [r for r in fake.received["response"] if r["_url"] == url]
            if found:
                return "\n".join(texts_of(found[-1]["blocks"]))
            await fake.wait("response", len(fake.received["response"]) + 1)


@asynccontextmanager
async def discord_bot(fake: FakeDiscord, settings: Settings, handle: StoreHandle) -> AsyncIterator[Any]:
    """A FactBot on the fake; yields ``command(name, value, user_id) -> embed description``."""
    bot = FactBot(settings, handle, None, guild_ready_timeout=0.05)
    task = asyncio.create_task(bot.start(settings.discord_token))
    await asyncio.wait_for(bot.wait_until_ready(), 5)

    async def command(name: str, value: str | None = None, user_id: int = 700000000000000001) -> str:
        body = await fake.callback(await fake.interact(name, value, user_id=user_id, permissions=0))
        return body["data"]["embeds"][0]["description"]

    try:
        yield command
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    yield fake
    await fake.close()


def broken_who(monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    """/who fails with an error that quotes a secret (as a library error might quote its request)."""
    async def callback(ctx: Context, name: str) -> Reply:
        raise RuntimeError(message)

    monkeypatch.setitem(COMMANDS, "who", dataclasses.replace(COMMANDS["who"], callback=callback))


async def test_secrets_never_reach_logs_or_replies(fake_slack: FakeSlack, fake_discord: FakeDiscord,
                                                   seed_store: Any, configured: Any,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(log_level="DEBUG", **SECRETS)
    configured(settings)
    handle = StoreHandle(seed_store)
    leak = f"upstream refused token {SECRETS['slack_bot_token']} and {SECRETS['discord_token']}"
    replies: list[str] = []
    async with slack_http(fake_slack, settings, handle) as slash:
        for name, text in (("/sources", "Lachin corridor"), ("/help", ""), ("/refresh", "")):
            replies.append(await slack_answer(fake_slack, await slash(name, text)))
        with pytest.MonkeyPatch.context() as mp:
            broken_who(mp, leak)
            replies.append(await slack_answer(fake_slack, await slash("/who", "Blinken")))
    async with discord_bot(fake_discord, settings, handle) as command:
        replies.append(await command("sources", "Lachin corridor"))
        replies.append(await command("refresh"))
        with pytest.MonkeyPatch.context() as mp:
            broken_who(mp, leak)
            replies.append(await command("who", "Aliyev"))
    logged = capsys.readouterr().err
    assert logged.count("RuntimeError: upstream refused token [redacted] and [redacted]") == 2  # error paths ran
    assert "Sorry, something went wrong" in replies[3] and "Sorry, something went wrong" in replies[6]
    sent = repr(fake_slack.received) + repr(fake_discord.calls) + "\n".join(replies)
    for secret in SECRETS.values():
        assert secret not in logged and secret not in sent


@pytest.mark.parametrize("front_end", ["slack", "discord"])
async def test_rate_limit_and_repeats_are_enforced_on_each_front_end(
        front_end: str, fake_slack: FakeSlack, fake_discord: FakeDiscord, seed_store: Any) -> None:
    settings = Settings.from_env({"FACTBOT_RATE_LIMIT": "3"}, **SECRETS)
    handle = StoreHandle(seed_store)
    lines = [("who", "Blinken"), ("who", "blinken "), ("sources", "Lachin corridor"), ("when", "election"),
             ("help", "")]
    answers: list[str] = []
    if front_end == "slack":
        async with slack_http(fake_slack, settings, handle) as slash:
            for name, text in lines:
                answers.append(await slack_answer(fake_slack, await slash(f"/{name}", text)))
            other = await slack_answer(fake_slack, await slash("/who", "Blinken", user="U0BOB"))
    else:
        async with discord_bot(fake_discord, settings, handle) as command:
            for name, text in lines:
                answers.append(await command(name, text or None))
            other = await command("who", "Blinken", user_id=700000000000000099)
    assert "Antony Blinken" in answers[0]
    assert "You just asked that" in answers[1]  # a retry within seconds is not answered twice
    assert "slow down" not in answers[2] + answers[3]
    assert "Please slow down: at most 3 commands a minute" in answers[4]
    assert "Antony Blinken" in other  # other users are not affected


async def test_one_structured_line_per_command_without_article_text(
        fake_slack: FakeSlack, fake_discord: FakeDiscord, seed_store: Any, configured: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    configured(Settings(log_level="DEBUG", **SECRETS))
    handle = StoreHandle(seed_store)
    async with slack_http(fake_slack, Settings(**SECRETS), handle) as slash:
        for name, text in (("/who", "Blinken"), ("/sources", "Lachin corridor"), ("/refresh", ""), ("/when", "")):
            await slack_answer(fake_slack, await slash(name, text))
    async with discord_bot(fake_discord, Settings(**SECRETS), handle) as command:
        await command("who", "Aliyev")
        await command("compare", "casualties")
    logged = capsys.readouterr().err
    lines = re.findall(r"^.* factbot\.commands command (.*)$", logged, re.M)
    assert [re.sub(r"latency_ms=[\d.]+", "latency_ms=N", line) for line in lines] == [
        "user=U0ALICE platform=slack command=who latency_ms=N ok=True",
        "user=U0ALICE platform=slack command=sources latency_ms=N ok=True",
        "user=U0ALICE platform=slack command=refresh latency_ms=N ok=False",
        "user=U0ALICE platform=slack command=when latency_ms=N ok=True",
        "user=700000000000000001 platform=discord command=who latency_ms=N ok=True",
        "user=700000000000000001 platform=discord command=compare latency_ms=N ok=True",
    ]
    sentences = [s for record in seed_store.articles.values() for s in re.split(r"(?<=[.!?”])\s+", record["text"])
                 if len(s) > 40]
    assert sentences and not [s for s in sentences if s[:40] in logged]


@pytest.mark.parametrize("level, shown", [("WARNING", False), ("debug", True), ("warn", False), ("LOUD", True)])
def test_log_level_comes_from_factbot_log_level(level: str, shown: bool, seed_store: Any, configured: Any,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    configured(Settings.from_env({"FACTBOT_LOG_LEVEL": level}))
    ask(Context(handle=StoreHandle(seed_store), user=User("U1")), "help")
    logged = capsys.readouterr().err
    assert ("factbot.commands command user=U1" in logged) is shown
    assert ("is not a level" in logged) is (level == "LOUD")
