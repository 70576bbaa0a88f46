"""``python -m bench.quality [--verbose]``: one table; ``python -m bench.quality timeml DIR [--json]``."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from collections.abc import Callable

from .components import SETS, run_components
from .dev import GROUPS, NOT_FOUND, run_dev, shared_dir

HEADER = ("row", "pass", "P", "R", "F1", "n")
Row = tuple[str, str, str, str, str, str]


def _pct(x: float) -> str:
    return f"{x:.2f}"


def _rate(passed: int, total: int) -> str:
    return f"{passed}/{total} ({_pct(passed / total if total else 0.0)})"


def _timeml() -> object | None:
    try:
        return importlib.import_module("bench.quality.timeml")
    except ImportError:
        return None


def dev_rows(notes: list[str], verbose: bool) -> list[Row]:
    """One row per command group, overall, and the verbatim quotes."""
    shared = shared_dir()
    if not (shared / "eval" / "dev" / "gold.json").is_file():
        notes.append(f"dev: {shared}/eval/dev not found (set FACTBOT_SHARED); dev rows skipped")
        return []
    try:
        result = run_dev(shared)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        notes.append(f"dev: factbot ask failed, dev rows skipped: {exc}")
        return []
    if verbose:
        notes.extend(f"dev FAIL {line}" for line in result.failures)
    rows: list[Row] = []
    for group in (*GROUPS, NOT_FOUND):
        passed, total = result.passed[group], result.total[group]
        if total:
            rows.append((f"dev {group}", _rate(passed, total), "", "", "", str(total)))
    passed, total = sum(result.passed.values()), sum(result.total.values())
    rows.append(("dev overall", _rate(passed, total), "", "", "", str(total)))
    rows.append(("dev verbatim quotes", _rate(result.verbatim, result.quotes), "", "", "", str(result.quotes)))
    return rows


def date_rows(notes: list[str]) -> list[Row]:
    """The TimeBank DATE value scores, when the scorer and the data are there."""
    module = _timeml()
    score_dir: Callable[..., dict] | None = getattr(module, "score_dir", None)
    if score_dir is None:
        notes.append("dates: scorer not available")
        return []
    folder = shared_dir() / "eval" / "timebank"
    if not folder.is_dir():
        notes.append(f"dates: {folder} not found (set FACTBOT_SHARED); dates row skipped")
        return []
    s = score_dir(folder)
    return [("dates TimeBank", "", _pct(s["value_precision"]), _pct(s["value_recall"]),
             _pct(s["value_f1"]), str(s["gold"]))]


def component_rows(notes: list[str], verbose: bool) -> list[Row]:
    """Precision, recall and F1 per hand-written set."""
    rows: list[Row] = []
    for name, score in run_components().items():
        rows.append((name, "", _pct(score.precision), _pct(score.recall), _pct(score.f1), str(score.count)))
        if verbose:
            notes.extend(f"{name} MISS {line}" for line in score.misses)
    return rows


def render(rows: list[Row]) -> str:
    """Plain text, columns aligned (names left, figures right)."""
    table = [HEADER, *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(HEADER))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["timeml"]:
        module = _timeml()
        if module is None or not hasattr(module, "main"):
            print("dates: scorer not available")
            return 1
        return int(module.main(argv[1:]) or 0)
    parser = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="list every failing case under the table")
    parser.add_argument("--only", choices=("dev", "dates", *SETS, "components"), help="one part only")
    args = parser.parse_args(argv)
    notes: list[str] = []
    rows: list[Row] = []
    if args.only in (None, "dev"):
        rows += dev_rows(notes, args.verbose)
    if args.only in (None, "dates"):
        rows += date_rows(notes)
    if args.only is None or args.only in (*SETS, "components"):
        rows += [r for r in component_rows(notes, args.verbose) if args.only in (None, "components", r[0])]
    print(render(rows))
    for note in notes:
        print(note)
    return 0


raise SystemExit(main(sys.argv[1:]))
