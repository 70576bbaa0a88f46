"""Running as a service (issue 15): configuration checked at start, paths independent of the cwd."""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import shutil
import signal
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.cli import CONFIG_ERROR, main
from bot.config import ConfigError, Settings, load_dotenv
from bot.doctor import describe
from bot.slack import drain
from knowledge import model
from knowledge.refresh import Refresher, RefreshFailed
from knowledge.store import StoreHandle, load_store, shard_dir
from tests.conftest import ROOT, SEEDS
from tests.fakes.slack import FakeSlack

ARTICLE = ("A harbour ferry ran aground near the old lighthouse on Monday, the port authority said.\n\n"
           "\"Nobody was hurt,\" said Marta Quill, the harbour master, adding that the ferry would be towed.\n")
PLATFORM_WAIT = 60.0  # seconds: start-up (store load) and a refresh's spaCy load on a busy machine
#: every variable factbot reads (.env.example documents each one)
VARIABLES = tuple(dict.fromkeys(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(
    encoding="utf-8"), re.M)))


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No factbot variable set, the cwd a fresh folder (where a .env would be read from)."""
    for name in VARIABLES:  # set first, so that undoing restores what was there (load_dotenv writes os.environ)
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_dotenv_keeps_hash_values_and_quotes_and_expands(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTBOT_TEST_HOME", "/srv/news")
    (clean_env / ".env").write_text(
        "FACTBOT_LINK_SECRET=#abc\n"
        "DISCORD_TOKEN=\"quoted # not a comment\"\n"
        "FACTBOT_ARTICLES=${FACTBOT_TEST_HOME}/articles   # where they are\n", encoding="utf-8")
    load_dotenv()
    settings = Settings.from_env()
    assert settings.link_secret == "#abc"
    assert settings.discord_token == "quoted # not a comment"
    assert settings.articles_dir == Path("/srv/news/articles")


def test_paths_are_absolute_from_the_start_folder(clean_env: Path) -> None:
    settings = Settings.from_env({"FACTBOT_ARTICLES": "arts", "FACTBOT_STORE": "data/fs.json"})
    assert settings.articles_dir == clean_env.resolve() / "arts"
    assert settings.store_path == clean_env.resolve() / "data" / "fs.json"


@pytest.mark.parametrize(("dotenv", "variable", "hint"), [
    ("SLACK_BOT_TOKEN=xoxb-1-2-3\n", "SLACK_APP_TOKEN", "SLACK_MODE=socket"),
    ("SLACK_MODE=http\nSLACK_BOT_TOKEN=xoxb-1-2-3\n", "SLACK_SIGNING_SECRET", "SLACK_MODE=http"),
    ("SLACK_APP_TOKEN=xapp-1-2\n", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN set"),
    ("SLACK_MODE=http\nSLACK_SIGNING_SECRET=abc\n", "SLACK_BOT_TOKEN", "SLACK_MODE=http"),
    ("FACTBOT_HTTP_PORT=abc\n", "FACTBOT_HTTP_PORT", "whole number"),
    ("FACTBOT_HTTP_PORT=70000\n", "FACTBOT_HTTP_PORT", "65535"),
    ("SLACK_MODE=https\n", "SLACK_MODE", "socket, http"),
    ("FACTBOT_DRAIN_SECONDS=-1\n", "FACTBOT_DRAIN_SECONDS", "0 to 3600"),
])
def test_a_bad_setting_is_one_line_and_exit_2(clean_env: Path, capsys: pytest.CaptureFixture[str],
                                             dotenv: str, variable: str, hint: str) -> None:
    (clean_env / ".env").write_text(dotenv, encoding="utf-8")
    code, err = run_cli(capsys, "run")
    assert code == CONFIG_ERROR
    assert err.count("\n") == 1 and variable in err and hint in err
    assert "Traceback" not in err


def test_an_unreadable_articles_folder_is_named(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (clean_env / "arts").write_text("not a folder", encoding="utf-8")
    code, err = run_cli(capsys, "build", "--articles", "arts", "--store", "fs.json")
    assert code == CONFIG_ERROR and "FACTBOT_ARTICLES" in err and "not a readable folder" in err


def missing_model(monkeypatch: pytest.MonkeyPatch) -> None:
    real = model.importlib.util.find_spec
    monkeypatch.setattr(model.importlib.util, "find_spec",
                        lambda name, *a: None if name == model.MODEL else real(name, *a))


def test_build_without_the_model_says_how_to_install_it(clean_env: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    missing_model(monkeypatch)
    (clean_env / "arts").mkdir()
    code, err = run_cli(capsys, "build", "--articles", "arts", "--store", "fs.json")
    assert code == CONFIG_ERROR and "Traceback" not in err
    assert model.MODEL in err and "requirements/model.txt" in err


def test_refresh_child_without_the_model_reports_the_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The rebuild child's error line (which /refresh shows the admin) names the model and the fix."""
    from knowledge.build import main as build_child

    missing_model(monkeypatch)
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    assert build_child(["--articles", str(tmp_path / "arts"), "--store", str(tmp_path / "fs.json")]) == 1
    error = json.loads(capsys.readouterr().out.splitlines()[-1])["error"]
    assert error.startswith("ModelMissing") and "requirements/model.txt" in error


def test_config_masks_secrets_and_flags_bad_tokens(clean_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = "xoxb-0123456789-abcdefghijkl"
    (clean_env / ".env").write_text(f"SLACK_BOT_TOKEN={secret}\nSLACK_APP_TOKEN=app-token-without-prefix\n"
                                    "FACTBOT_LINK_SECRET=#abc\n", encoding="utf-8")
    code = main(["config", "--articles", str(SEEDS), "--store", "data/fs.json"])
    out = capsys.readouterr().out
    assert code == CONFIG_ERROR
    assert secret not in out and "#abc" not in out and "xoxb-…" in out
    assert "SLACK_APP_TOKEN does not start with xapp-" in out
    assert f"store_path = {clean_env.resolve() / 'data' / 'fs.json'}" in out


def test_config_ok(clean_env: Path) -> None:
    lines = describe(Settings(articles_dir=SEEDS))
    assert "platforms = none (factbot run starts the terminal chat; without a terminal it exits 2)" in lines


def service_folder(start: Path, seed_store_path: Path) -> Path:
    """A folder outside the repository: articles (the seeds and one new one) and the seeds' store."""
    shutil.copytree(SEEDS, start / "arts")
    (start / "data").mkdir()
    store = start / "data" / "fs.json"
    shutil.copyfile(seed_store_path, store)
    shutil.copytree(shard_dir(seed_store_path), shard_dir(store))
    (start / "arts" / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    return store


async def test_refresh_from_another_working_directory(tmp_path: Path, seed_store_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths from the start folder: the rebuild child reads them and locks next to the store."""
    start = tmp_path / "start"
    store = service_folder(start, seed_store_path)
    monkeypatch.chdir(start)
    settings = Settings.from_env({"FACTBOT_ARTICLES": "arts", "FACTBOT_STORE": "data/fs.json"})
    monkeypatch.chdir(tmp_path)  # the relative paths would now point elsewhere
    repo_locks = set((ROOT / "data").glob("*.lock")) if (ROOT / "data").exists() else set()
    refresher = Refresher(StoreHandle(load_store(store)), articles_dir=settings.articles_dir,
                          store_path=settings.store_path)
    report = await refresher.refresh()
    assert report.added == ["ferry"]
    assert (start / "data" / "fs.json.lock").exists()
    assert (set((ROOT / "data").glob("*.lock")) if (ROOT / "data").exists() else set()) == repo_locks


async def test_factbot_run_as_a_service_refreshes_and_drains_on_sigterm(tmp_path: Path,
                                                                        seed_store_path: Path) -> None:
    """Done when (issue 15): `factbot run` from a folder with its .env, /refresh through Slack, SIGTERM
    while the refresh is being answered: the answer is delivered, the process logs its line and exits 0."""
    fake = await FakeSlack().start()
    start = tmp_path / "service"
    service_folder(start, seed_store_path)
    (start / ".env").write_text(
        "SLACK_BOT_TOKEN=xoxb-fake-0123456789\nSLACK_APP_TOKEN=xapp-fake-0123456789\n"
        f"SLACK_API_URL={fake.api_url}\nFACTBOT_ARTICLES=arts\nFACTBOT_STORE=data/fs.json\n"
        "FACTBOT_ADMINS=U0ALICE\nFACTBOT_HTTP_PORT=0\n"
        "FACTBOT_DRAIN_SECONDS=120\n", encoding="utf-8")  # the refresh child may take longer than 7 s on a busy machine
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FACTBOT_", "DISCORD_"))}
    log_path = tmp_path / "factbot.log"
    with log_path.open("wb") as log_file:
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", cwd=start,
                                                    env=env | {"PYTHONPATH": str(ROOT)},
                                                    stdin=asyncio.subprocess.DEVNULL, stdout=log_file,
                                                    stderr=log_file)
    try:
        await fake.send_envelope("slash_commands", fake.slash("/factbot", "refresh"), timeout=PLATFORM_WAIT)
        [started] = await fake.wait("response", timeout=PLATFORM_WAIT)
        assert "Refresh started" in started["text"]
        proc.send_signal(signal.SIGTERM)  # the build child is still running: the answer is in flight
        code = await asyncio.wait_for(proc.wait(), PLATFORM_WAIT)
    finally:
        if proc.returncode is None:
            proc.kill()
        await fake.close()
    log = log_path.read_text(encoding="utf-8")
    assert code == 0, log
    answer = fake.received["response"][-1]
    assert "Store refreshed" in answer["text"], log
    assert "stopped on SIGTERM" in log and "Traceback" not in log
    assert (start / "data" / "fs.json.lock").exists()


async def test_the_drain_waits_for_late_answers_and_cancels_none_when_it_ends(
        caplog: pytest.LogCaptureFixture) -> None:
    """An answer started while draining is waited for too; when FACTBOT_DRAIN_SECONDS runs out, the
    answers still running are counted in the log line and left running (the platform's close ends them)."""
    bot = SimpleNamespace(settings=Settings.from_env({"FACTBOT_DRAIN_SECONDS": "1"}), tasks=set())
    late_done = asyncio.Event()

    async def late() -> None:
        late_done.set()

    async def first() -> None:  # like /refresh: its progress line done, it starts its report
        await asyncio.sleep(0.05)
        track(asyncio.ensure_future(late()))

    def track(task: asyncio.Task[None]) -> asyncio.Task[None]:
        bot.tasks.add(task)
        task.add_done_callback(bot.tasks.discard)
        return task

    track(asyncio.ensure_future(first()))
    slow = track(asyncio.ensure_future(asyncio.sleep(30)))
    with caplog.at_level("WARNING", logger="factbot.slack"):
        await drain(bot)  # type: ignore[arg-type]
    assert late_done.is_set()
    assert not slow.cancelled() and not slow.done()
    assert "1 answer(s) still in flight after 1 s" in caplog.text
    slow.cancel()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_build_on_a_terminal_shows_rate_and_eta(tmp_path: Path) -> None:
    from bot.runtime import build

    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    out = Terminal()
    build(Settings(articles_dir=tmp_path / "arts", store_path=tmp_path / "fs.json"), out=out)
    bar = out.getvalue()
    assert "1/1 [" in bar and "article/s]" in bar and "<" in bar  # elapsed<remaining, rate
