"""The bench's own running: a run stopped half way (SIGTERM, as a CI timeout or ``kill`` sends) prints
and saves what it measured and leaves no child behind; a missing corpus is one clear line."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("spacy")

from tests.conftest import ROOT  # noqa: E402

STORY = ("The harbour authority of Velmore said on Monday that the new ferry terminal would open in June. "
         "Engineers found cracks in the old pier last winter, a spokeswoman said.")
WAIT_S = 240  # the seeds tier (its spaCy runs) on a loaded 2-core machine, and more


def _corpus(path: Path, count: int) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(count):
            fh.write(json.dumps({"id": f"a{i}", "title": f"Terminal news {i}", "outlet": "Velmore Post",
                                 "date": "2031-03-0%d" % (i + 1), "url": f"https://post.example/{i}",
                                 "text": STORY}) + "\n")
    return path


def _bench(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bench", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def test_a_run_stopped_half_way_prints_and_saves_what_it_measured(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    run = _bench("--tiers", "seeds,3", "--pipe-sample", "3", "--corpus", str(_corpus(tmp_path / "c.jsonl.gz", 3)),
                 "--out", str(out))
    assert run.stderr is not None
    deadline, work = time.monotonic() + WAIT_S, ""
    for line in run.stderr:  # the second tier has started: stop the run there
        said = line.split("] ", 1)[-1]
        work = said.removeprefix("work folder ").strip() if said.startswith("work folder ") else work
        if said.startswith("3: ") or time.monotonic() > deadline:
            break
    os.kill(run.pid, signal.SIGTERM)
    stdout, _ = run.communicate(timeout=WAIT_S)
    assert run.returncode == 0, stdout
    assert "INTERRUPTED" in stdout and "seeds" in stdout.splitlines()[3], stdout  # the seeds row of the table
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert [t["tier"] for t in saved["tiers"]] == ["seeds"] and saved["interrupted"]["during"].startswith("3: ")
    children = subprocess.run(["pgrep", "-f", work], capture_output=True, text=True)
    assert work and not children.stdout.strip(), children.stdout  # no child (nor its spaCy workers) left running
    assert not Path(work).exists()  # its temporary folder removed


def test_a_missing_corpus_is_one_clear_line(tmp_path: Path) -> None:
    run = _bench("--tiers", "seeds,200", "--corpus", str(tmp_path / "absent.jsonl.gz"))
    _, stderr = run.communicate(timeout=60)
    assert run.returncode != 0 and "no corpus at" in stderr and "--corpus" in stderr
    assert "Traceback" not in stderr
