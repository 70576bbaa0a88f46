"""Pytest wrappers for the stress scripts: a short run by default, the full one with FACTBOT_STRESS=1.

    FACTBOT_STRESS=1 .venv/bin/python -m pytest -m stress -s   # 20 kill trials, 1000 Slack commands
"""

from __future__ import annotations

import os

import pytest

from knowledge.store import FactStore
from tests.stress import kill_build, load_slack_http

FULL = os.environ.get("FACTBOT_STRESS") == "1"


@pytest.mark.stress
def test_killed_builds_leave_the_old_or_the_new_store(capsys: pytest.CaptureFixture[str]) -> None:
    trials = kill_build.run(trials=20 if FULL else 4, workers=2, seed=7)
    with capsys.disabled():
        print(f"\n{sum(t.outcome in ('old', 'new') for t in trials)}/{len(trials)} kill trials survived")
    assert [t.outcome for t in trials if t.outcome not in ("old", "new")] == []
    assert any(t.outcome == "old" and not t.finished_first for t in trials)


@pytest.mark.stress
@pytest.mark.skipif(not FULL, reason="200 commands run in tests/test_concurrency.py; FACTBOT_STRESS=1 sends 1000")
async def test_slack_http_load(seed_store: FactStore, capsys: pytest.CaptureFixture[str]) -> None:
    result = await load_slack_http.measure(seed_store, 1000 if FULL else 200)
    with capsys.disabled():
        print(f"\n{result}")
    assert result.acknowledged == result.sent and result.max < 3.0
