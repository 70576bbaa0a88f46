"""SIGKILL ``python -m knowledge.build`` at random moments; the store must always be the old or the new one.

    python -m tests.stress.kill_build [--trials 20] [--workers 2] [--seed N]

Each trial copies a store built from the seed articles, changes the articles (one added, one edited,
one removed), starts the real child build and kills it: half the trials at a uniformly random time
over (twice) a whole build, half at a random moment up to 0.3 s after the first progress line (while
shards and the index are written). Afterwards the store must load, be exactly the old or the new
corpus and keep a loadable rollback target if it has one; after a kill while writing, the next build
must finish the job.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from knowledge.store import load_previous, load_store, previous_path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ADDED = ("---\ntitle: Talks in Yevlakh\noutlet: Test Wire\ndate: 2023-09-21\n---\n"
         "Representatives of the Karabakh Armenians met Azerbaijani officials in Yevlakh on Thursday.\n")


@dataclass
class Trial:
    number: int
    when: str
    killed_after: float
    outcome: str  # "old", "new" or what went wrong
    finished_first: bool


def child(articles: Path, store: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "knowledge.build", "--articles", str(articles), "--store",
                             str(store)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def build(articles: Path, store: Path) -> float:
    started = time.perf_counter()
    proc = child(articles, store)
    proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"build of {articles} failed with exit code {proc.returncode}")
    return time.perf_counter() - started


def prepare(work: Path) -> tuple[Path, Path, Path, str, str, float]:
    """Old articles and store, the changed articles, both fingerprints, and how long a build takes."""
    old_articles = work / "old-articles"
    shutil.copytree(SEEDS, old_articles)
    new_articles = work / "new-articles"
    shutil.copytree(SEEDS, new_articles)
    texts = sorted(new_articles.glob("*.txt"))
    texts[0].write_text(texts[0].read_text(encoding="utf-8") + "\nA paragraph added later.\n", encoding="utf-8")
    texts[-1].unlink()
    (new_articles / "zz_yevlakh.md").write_text(ADDED, encoding="utf-8")
    old_store = work / "old" / "factstore.json"
    build(old_articles, old_store)
    new_store = work / "new" / "factstore.json"
    shutil.copytree(old_store.parent, new_store.parent)
    duration = build(new_articles, new_store)
    return (old_store, new_articles, new_store, load_store(old_store).meta["corpus_fingerprint"],
            load_store(new_store).meta["corpus_fingerprint"], duration)


def run_trial(number: int, rng: random.Random, work: Path, old_store: Path, new_articles: Path, old_fp: str,
              new_fp: str, duration: float) -> Trial:
    store = work / f"trial{number}" / old_store.name
    shutil.copytree(old_store.parent, store.parent)
    when = "any time" if number % 2 == 0 else "while writing"
    proc = child(new_articles, store)
    started = time.perf_counter()
    killed = threading.Event()

    def kill() -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed.set()

    if when == "any time":  # a build runs slower while others run beside it
        timer = threading.Timer(rng.uniform(0, 2 * duration), kill)
        timer.start()
        proc.communicate()
        timer.cancel()
    else:
        assert proc.stdout is not None
        delay = rng.uniform(0, 0.3)
        for line in proc.stdout:
            if "progress" in json.loads(line):
                time.sleep(delay)
                kill()
                break
        proc.communicate()
    killed_after = time.perf_counter() - started
    outcome = check(store, old_fp, new_fp)
    if when == "while writing" and outcome in ("old", "new"):
        build(new_articles, store)  # the next build completes whatever was left
        if check(store, old_fp, new_fp) != "new":
            outcome = "the build after the kill did not produce the new store"
    return Trial(number, when, killed_after, outcome, not killed.is_set())


def check(store: Path, old_fp: str, new_fp: str) -> str:
    """"old" or "new" when the store loads as one of them (and its .prev loads), else what is wrong."""
    try:
        fp = load_store(store).meta["corpus_fingerprint"]
        if previous_path(store).exists():
            load_previous(store)
    except Exception as exc:  # noqa: BLE001 - any failure to load is the finding
        return f"does not load: {exc}"
    return {old_fp: "old", new_fp: "new"}.get(fp, f"unknown corpus {fp}")


def run(trials: int, workers: int, seed: int) -> list[Trial]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="factbot-kill-") as tmp:
        work = Path(tmp)
        old_store, new_articles, _, old_fp, new_fp, duration = prepare(work)
        print(f"a full build takes {duration:.2f} s; {trials} trials, {workers} at a time (seed {seed})")
        seeds = [random.Random(rng.random()) for _ in range(trials)]
        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(lambda n: run_trial(n, seeds[n], work, old_store, new_articles, old_fp, new_fp,
                                                      duration), range(trials)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.stress.kill_build", description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = run(args.trials, args.workers, args.seed)
    for t in results:
        print(f"trial {t.number:3d} ({t.when:13s}) killed after {t.killed_after:5.2f} s: {t.outcome}"
              + (" (finished before the kill)" if t.finished_first else ""))
    bad = [t for t in results if t.outcome not in ("old", "new")]
    survived = len(results) - len(bad)
    counts = {o: sum(t.outcome == o for t in results) for o in ("old", "new")}
    print(f"{survived}/{len(results)} kill trials survived (old {counts['old']}, new {counts['new']}; "
          f"{sum(t.finished_first for t in results)} finished before the kill) in {time.perf_counter() - started:.1f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
