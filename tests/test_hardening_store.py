"""Hardening of the knowledge side (issue 14): article files that are not articles, ids that are not
path segments, a disk that fills while the index is written, store files damaged or pointing outside.

Item numbers refer to issue 14. Builds run in this process with a cached spaCy model.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import knowledge.articles as articles
import knowledge.extract as extract
import knowledge.store as kstore
from handlers import Context, User, run_command
from knowledge.articles import ArticleError, load_corpus, read_file_bytes
from knowledge.build import BuildReport, build_store
from knowledge.links import Links
from knowledge.refresh import Refresher
from knowledge.store import StoreHandle, load_store, previous_path, read_meta, shard_dir

ROOT = Path(__file__).resolve().parent.parent
ADMIN = User(id="U0ADMIN", name="admin", is_admin=True)
#: a tmpfs just big enough for the small stores built here (plus the filler that makes it full)
TMPFS_SIZE = "16m"

#: the longest a build of a few small articles may take here before it counts as blocked
BUILD_TIMEOUT_S = 120

GOOD = {
    "good.txt": "Erin Black, a harbour pilot, said the ferry would sail again on Sunday.\n",
    "other.md": "---\ntitle: Library hours\n---\nFrank Green said the library would open late on Fridays.\n",
}

_cached_nlp = functools.cache(extract.load_nlp)


@pytest.fixture(autouse=True)
def fast_nlp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract, "load_nlp", _cached_nlp)


def folder_with(root: Path, files: dict[str, str] = GOOD) -> Path:
    folder = root / "articles"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build_within_timeout(folder: Path, store: Path) -> BuildReport:
    """A build in a thread that must finish within BUILD_TIMEOUT_S (a blocked one fails the test)."""
    result: list[BuildReport | BaseException] = []

    def run() -> None:
        try:
            result.append(build_store(folder, store, n_process=1))
        except BaseException as exc:  # handed to the test below
            result.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(BUILD_TIMEOUT_S)
    assert result, f"the build did not finish within {BUILD_TIMEOUT_S} s"
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


def reasons(report: BuildReport) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in report.skipped}


# ---------------------------------------------------------------------- 1-3. files that are not articles


def test_1_a_fifo_named_like_an_article_is_skipped_and_the_build_finishes(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    os.mkfifo(folder / "x.txt")
    report = build_within_timeout(folder, tmp_path / "store" / "factstore.json")
    assert "not a regular file (FIFO)" in reasons(report)["x.txt"]
    assert "Skipped x.txt: not a regular file (FIFO)" in report.summary()
    assert sorted(load_store(tmp_path / "store" / "factstore.json").articles) == ["good", "other"]


def test_2_a_symlink_leaving_the_folder_is_not_followed_one_inside_is(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "sub").mkdir()
    (folder / "sub" / "real.txt").write_text("Gina Hall said the pool would close in August.\n", encoding="utf-8")
    (folder / "alias.txt").symlink_to("sub/real.txt")
    (folder / "up.txt").symlink_to("../articles/../outside.txt")
    (tmp_path / "outside.txt").write_text("Secret text outside the folder.\n", encoding="utf-8")
    report = build_within_timeout(folder, tmp_path / "store" / "factstore.json")
    assert reasons(report)["passwd.txt"] == "symlink to a file outside the articles folder"
    assert reasons(report)["up.txt"] == "symlink to a file outside the articles folder"
    served = load_store(tmp_path / "store" / "factstore.json").articles
    assert "passwd" not in served and "up" not in served
    assert served["alias"]["text"].startswith("Gina Hall said")  # a link inside the folder is followed


def test_3_a_symlink_to_a_device_is_refused_without_reading(tmp_path: Path) -> None:
    folder = folder_with(tmp_path)
    (folder / "z.txt").symlink_to("/dev/zero")
    corpus = load_corpus(folder)
    assert {s.path: s.reason for s in corpus.skipped}["z.txt"] == "symlink to a file outside the articles folder"
    with pytest.raises(ArticleError, match=r"not a regular file \(device or special file\)"):
        read_file_bytes(Path("/dev/zero"), Path("/dev"))  # a device inside the folder: refused before reading


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc (a file whose st_size is 0)")
def test_3_the_size_limit_counts_bytes_read_not_st_size(monkeypatch: pytest.MonkeyPatch) -> None:
    maps = Path("/proc/self/maps")
    assert maps.stat().st_size == 0 and len(maps.read_bytes()) > 100
    monkeypatch.setattr(articles, "MAX_ARTICLE_BYTES", 100)
    with pytest.raises(ArticleError, match="too large"):
        read_file_bytes(maps, Path("/proc/self"))


# ---------------------------------------------------------------------- 11. ids that are not path segments


@pytest.mark.parametrize("declared", ['".."', '"."', '"..."', '""', "'/'"])
def test_11_an_id_that_is_no_path_segment_falls_back_to_the_file_name(tmp_path: Path, declared: str) -> None:
    folder = folder_with(tmp_path, {"harbour.md": f"---\nid: {declared}\n---\n{GOOD['good.txt']}"})
    [article] = load_corpus(folder).articles
    assert article.id == "harbour"


def test_11_links_are_never_built_to_a_dot_segment() -> None:
    links = Links(public_url="https://bot.example/")
    assert links.article_page("..", 0) == "" and links.article_page(".", 0) == ""
    assert links.article_page("a b", 2) == "https://bot.example/articles/a%20b?s=2#s2"


# ---------------------------------------------------------------------- 7. a full disk, a read-only store


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built twice (GOOD, then GOOD and one more article): current and ``.prev`` differ."""
    root = tmp_path_factory.mktemp("two-builds")
    store = root / "store" / "factstore.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(extract, "load_nlp", _cached_nlp)
        build_store(write_folder(root / "a", GOOD), store, n_process=1)
        build_store(write_folder(root / "a", {**GOOD, "third.txt": THIRD}), store, n_process=1)
    return store


THIRD = "Hana Ito, a school principal, said classes would resume on Wednesday.\n"
FOURTH = "Ivan Petrov said the market would move to the square in spring.\n"


def copy_store(store: Path, into: Path) -> Path:
    shutil.copytree(store.parent, into, dirs_exist_ok=True)
    return into / store.name


def snapshot(store: Path) -> tuple[bytes, bytes]:
    return store.read_bytes(), previous_path(store).read_bytes()


def strays(store: Path) -> list[str]:
    return sorted(p.name for p in store.parent.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture(params=["tmpfs", "simulated"])
def small_disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder on a small tmpfs (where this test may mount one), else a plain folder: and how it fills."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if request.param == "tmpfs":
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(folder)],
                                 capture_output=True)
        if mounted.returncode:
            pytest.skip("cannot mount a tmpfs here (the simulated ENOSPC covers it)")
    try:
        yield folder, request.param
    finally:
        if request.param == "tmpfs":
            subprocess.run(["umount", "-l", str(folder)], check=False)


def fill_disk(folder: Path) -> None:
    """Write a filler file until the file system says it is full."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * (1 << 16))
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)


def full_at_the_index_write(monkeypatch: pytest.MonkeyPatch, disk: Path, how: str) -> None:
    """From the moment the new index is written, the disk is full (really, or each write says ENOSPC)."""
    real_write_index, real_write = kstore.write_index, os.write

    def no_space(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def write_index(*args: Any, **kwargs: Any) -> None:
        if how == "tmpfs":
            fill_disk(disk)
        else:
            monkeypatch.setattr(os, "write", no_space)
        try:
            real_write_index(*args, **kwargs)
        finally:
            monkeypatch.setattr(os, "write", real_write)

    monkeypatch.setattr("knowledge.build.write_index", write_index)


def test_7_a_full_disk_while_the_index_is_written_keeps_current_and_prev(
        two_builds: Path, small_disk: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    disk, how = small_disk
    store = copy_store(two_builds, disk / "store")
    before = snapshot(store)
    folder = write_folder(tmp_path / "a", {**GOOD, "third.txt": THIRD, "fourth.txt": FOURTH})
    full_at_the_index_write(monkeypatch, disk, how)
    with pytest.raises(OSError) as failed:
        build_store(folder, store, n_process=1)
    assert failed.value.errno == errno.ENOSPC
    assert snapshot(store) == before  # the old current and the old .prev, as they were
    assert strays(store) == []
    (disk / "filler").unlink(missing_ok=True)
    kstore.rollback(store)  # a rollback still has the older store to go back to
    assert sorted(load_store(store).articles) == ["good", "other"]


def test_7_a_rollback_to_the_same_store_is_refused_and_says_so(two_builds: Path, tmp_path: Path) -> None:
    store = copy_store(two_builds, tmp_path / "store")
    previous_path(store).unlink()
    os.link(store, previous_path(store))  # what the old build left after a full disk: .prev is current
    with pytest.raises(kstore.StoreError, match="the same as the current one; nothing was rolled back"):
        kstore.rollback(store)


async def test_7_rollback_on_a_read_only_store_says_why(two_builds: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    store = copy_store(two_builds, tmp_path / "store")
    before = snapshot(store)
    handle = StoreHandle(load_store(store))
    ctx = Context(handle=handle, user=ADMIN,
                  refresher=Refresher(handle, articles_dir=tmp_path / "unused", store_path=store))

    def read_only(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    for name in ("link", "replace", "rename"):  # root writes through modes; a read-only mount refuses these
        monkeypatch.setattr(os, name, read_only)
    monkeypatch.setattr(shutil, "copyfile", read_only)
    reply = await run_command(ctx, "refresh", "rollback")
    monkeypatch.undo()
    assert not reply.ok and "Read-only file system" in reply.text and "nothing was rolled back" in reply.text
    assert snapshot(store) == before and strays(store) == []


def test_7_a_stray_prev_temp_link_is_never_left_behind(two_builds: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store = copy_store(two_builds, tmp_path / "store")
    real = os.replace

    def replace(source: Any, target: Any) -> None:
        if str(source).endswith(".prev.tmp"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        build_store(write_folder(tmp_path / "a", {**GOOD, "fourth.txt": FOURTH}), store, n_process=1)
    monkeypatch.undo()
    assert strays(store) == []


def test_a_full_disk_gives_factbot_build_one_clear_line(two_builds: Path, tmp_path: Path) -> None:
    store = copy_store(two_builds, tmp_path / "store")
    folder = write_folder(tmp_path / "a", {**GOOD, "fourth.txt": FOURTH})
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import errno, os\nimport knowledge.store as s\n"
        "def full(*a, **k):\n    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(a[0]))\n"
        "s._synced_temp = full\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{hook}{os.pathsep}{ROOT}"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "build", "--articles", str(folder), "--store", str(store)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=BUILD_TIMEOUT_S)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"factbot: cannot write the fact store {store} (No space left on device"), done.stderr


# ---------------------------------------------------------------------- 8-9. store files damaged or pointing outside


def edit_json(path: Path, change: Any) -> None:
    """Rewrite a store file with ``change`` applied to its parsed JSON (it still parses)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def first_shard(store: Path) -> Path:
    return shard_dir(store) / read_meta(store)["articles"][0]["shard"]


def _no_sentences(shard: dict[str, Any]) -> None:
    del shard["article"]["1"]["sentences"]


def _garbage_fact_rows(shard: dict[str, Any]) -> None:
    shard["statements"] = {"1": {"speaker": 5, "content": None}, "2": "not a row"}


def _span_out_of_range(shard: dict[str, Any]) -> None:
    row = next(iter(shard["statements"].values()))
    row["start"], row["end"] = 10**6, 10**6 + 5


def _sentence_out_of_range(shard: dict[str, Any]) -> None:
    shard["article"]["1"]["sentences"][-1] = [0, 10**6]


def _garbage_entities(index: dict[str, Any]) -> None:
    index["entities"] = {"1": {"id": 3, "name": ["x"]}, "2": 7}


def _entity_keys_garbled(index: dict[str, Any]) -> None:
    entity = next(e for e in index["entities"].values() if e.get("keys"))
    entity["keys"] = [3, None]


SHARD_DAMAGE = {"article without sentences": _no_sentences, "garbage fact rows": _garbage_fact_rows,
                "span out of range": _span_out_of_range, "sentence out of range": _sentence_out_of_range}
INDEX_DAMAGE = {"garbage entities table": _garbage_entities,
                "entity keys garbled": _entity_keys_garbled}


@pytest.mark.parametrize("how", [*SHARD_DAMAGE, *INDEX_DAMAGE])
@pytest.mark.parametrize("verify", [False, True])
def test_8_damage_that_parses_is_never_served_and_the_next_build_repairs_it(
        two_builds: Path, tmp_path: Path, how: str, verify: bool) -> None:
    store = copy_store(two_builds, tmp_path / "store")
    clean = {a: r["text"] for a, r in kstore.load_record(store).articles.items()}
    if how in SHARD_DAMAGE:
        edit_json(first_shard(store), SHARD_DAMAGE[how])
    else:
        edit_json(store, INDEX_DAMAGE[how])
    with pytest.raises(kstore.StoreError, match="damaged"):
        kstore.load_record(store)  # what the serving index is derived from: damage never reaches answers
    folder = write_folder(tmp_path / "a", {**GOOD, "third.txt": THIRD})
    report = build_store(folder, store, n_process=1, verify=verify)  # no KeyError, with or without --verify
    assert "damaged" in report.previous_store_problem
    assert {a: r["text"] for a, r in kstore.load_record(store).articles.items()} == clean
    assert sorted(load_store(store).articles) == sorted(clean)


@pytest.mark.parametrize("name", ["../../VICTIM.json", "ABSOLUTE"])
def test_9_a_shard_name_outside_the_store_is_never_read_or_deleted(two_builds: Path, tmp_path: Path,
                                                                   name: str) -> None:
    store = copy_store(two_builds, tmp_path / "store")
    victim = tmp_path / "victim" / "VICTIM.json" if name == "ABSOLUTE" else (shard_dir(store) / name).resolve()
    victim.parent.mkdir(parents=True, exist_ok=True)
    victim.write_text('{"precious": true}', encoding="utf-8")
    shard = str(victim) if name == "ABSOLUTE" else name

    def point_outside(index: dict[str, Any]) -> None:
        index["articles"]["1"]["shard"] = shard

    edit_json(store, point_outside)
    with pytest.raises(kstore.StoreError, match="is not a plain file name"):
        read_meta(store)
    with pytest.raises(kstore.StoreError, match="is not a plain file name"):
        kstore.load_shard(store, shard)
    build_store(write_folder(tmp_path / "a", {**GOOD, "third.txt": THIRD}), store, n_process=1)
    assert victim.read_text(encoding="utf-8") == '{"precious": true}'
    assert sorted(kstore.load_record(store).articles) == ["good", "other", "third"]
