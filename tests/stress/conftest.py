"""The ``stress`` marker: heavier runs of the scripts in this folder (see their docstrings)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "stress: kill and load runs with real child processes and sockets")
