"""Score the project's date resolver on TimeML files (TimeBank): value precision, recall and F1.

``python -m bench.quality timeml DIR [--json] [--errors N]``. Each file's ``<TEXT>`` is stripped of
its tags and run through the real extraction pipeline as an article published on the document's
creation time; the resolved dates are compared with the gold ``TIMEX3`` of type DATE. The matching
rule is described in ``docs/quality.md`` ("Dates (TimeBank)").
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

#: Gold values that name no calendar period (TimeML's vague references).
REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")
#: Months of each named part of a year: (first month, number of months).
SEASONS = {"SP": (3, 3), "SU": (6, 3), "FA": (9, 3), "WI": (12, 3)}
HALVES = {"H1": (1, 6), "H2": (7, 6)}
#: Mismatches printed with ``--errors`` unless told otherwise.
DEFAULT_ERRORS = 0

Interval = tuple[dt.date, dt.date]


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    value: str
    text: str


@dataclass(slots=True)
class TimeMLDoc:
    name: str
    dct: str
    text: str
    gold: list[Gold] = field(default_factory=list)


# --- reading TimeML -----------------------------------------------------------------------

def read_timeml(path: Path) -> TimeMLDoc:
    """The creation date, the tag-free text of ``<TEXT>`` and its gold DATE spans."""
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    doc = TimeMLDoc(name=path.stem, dct=(dct.get("value", "") if dct is not None else "")[:10], text="")
    body = root.find("TEXT")
    if body is None:
        return doc
    parts: list[str] = []
    _walk(body, parts, doc.gold, 0)
    doc.text = "".join(parts)
    return doc


def _walk(node: ET.Element, parts: list[str], gold: list[Gold], pos: int) -> int:
    """Append ``node``'s text to ``parts`` (from offset ``pos``), noting gold DATEs; the end offset."""
    start = pos
    if node.text:
        parts.append(node.text)
        pos += len(node.text)
    for child in node:
        pos = _walk(child, parts, gold, pos)
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    if node.tag == "TIMEX3" and node.get("type") == "DATE" \
            and node.get("functionInDocument") != "CREATION_TIME":
        gold.append(Gold(start, pos, node.get("value", ""), "".join(parts)[start:pos]))
    return pos


# --- values as calendar intervals ---------------------------------------------------------

def _months(year: int, first: int, count: int) -> Interval:
    last_index = year * 12 + first - 1 + count - 1
    last_year, last_month = divmod(last_index, 12)
    end = dt.date(last_year, last_month + 1, calendar.monthrange(last_year, last_month + 1)[1])
    return dt.date(year, first, 1), end


def interval(value: str) -> Interval | None:
    """The days a TimeML value covers; ``None`` for references and unknown shapes.

    An underspecified value ("199X", "1989-WXX", "1989-QX") covers its specified prefix.
    """
    value = value.split("T")[0]
    if "X" in value:
        value = value[:value.index("X")].rstrip("-QWH")
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            day = dt.date.fromisoformat(value)
            return day, day
        if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return (monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)) if m[3] \
                else (monday, monday + dt.timedelta(days=6))
        if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
            return _months(int(m[1]), int(m[2]), 1)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            return _months(int(m[1]), 3 * int(m[2]) - 2, 3)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI|H1|H2)", value):
            return _months(int(m[1]), *(SEASONS | HALVES)[m[2]])
        if re.fullmatch(r"\d{2,4}", value):  # century "19", decade "199", year "1998"
            span = 10 ** (4 - len(value))
            first = int(value) * span
            return dt.date(first, 1, 1), dt.date(first + span - 1, 12, 31)
    except ValueError:
        return None
    return None


def as_timeml(date: str, precision: str) -> str:
    """The project's ``(date, precision)`` as a TimeML value: a week is its ISO week, a weekend (dated by
    its Saturday) that week's "-WE", a decade "199"."""
    if precision in ("week", "weekend"):
        try:
            year, week, _ = dt.date.fromisoformat(date).isocalendar()
        except ValueError:
            return date
        return f"{year:04d}-W{week:02d}" + ("-WE" if precision == "weekend" else "")
    if precision == "decade" and re.fullmatch(r"\d{3}0s", date):
        return date[:3]
    return date


def matches(gold_value: str, date: str, precision: str, ref: str = "") -> bool:
    """True when the resolved date lies inside the gold's period (so it agrees at the gold's precision),
    or when a reference ("now" as ``PRESENT_REF``) is the gold's reference."""
    if ref or gold_value in REFS:
        return ref == gold_value
    want, got = interval(gold_value), interval(as_timeml(date, precision))
    return want is not None and got is not None and want[0] <= got[0] and got[1] <= want[1]


def _agrees(gold: Gold, row: dict) -> bool:
    return matches(gold.value, row["date"], row["precision"], row.get("ref", ""))


def _shown(row: dict) -> str:
    return row.get("ref") or as_timeml(row["date"], row["precision"])


# --- scoring ------------------------------------------------------------------------------

@dataclass(slots=True)
class Tally:
    """Counts over all documents, and the mismatches for ``--errors``."""

    gold: int = 0
    refs: int = 0
    resolved: int = 0  # resolved dates overlapping a gold DATE
    right: int = 0  # ... whose value agrees with it
    found: int = 0  # gold DATEs resolved correctly (a reference to the same reference)
    found_calendar: int = 0  # ... of those with a calendar value
    errors: list[str] = field(default_factory=list)


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score_doc(doc: TimeMLDoc, dated: Iterable[dict], tally: Tally) -> None:
    """Add one document's counts: ``dated`` are its DatedEvent rows (spans into ``doc.text``)."""
    resolved = [d for d in dated if d["date"] or d.get("ref")]
    tally.gold += len(doc.gold)
    tally.refs += sum(g.value in REFS for g in doc.gold)
    for d in resolved:
        over = [g for g in doc.gold if _overlaps(d["start"], d["end"], g.start, g.end)]
        if not over:
            continue
        tally.resolved += 1
        if any(_agrees(g, d) for g in over):
            tally.right += 1
        else:
            tally.errors.append(f"{doc.name}: “{d['text']}” -> {_shown(d)}"
                                f" (gold {', '.join(f'{g.value} “{g.text}”' for g in over)})")
    for g in doc.gold:
        hit = any(_overlaps(d["start"], d["end"], g.start, g.end) and _agrees(g, d) for d in resolved)
        tally.found += hit
        tally.found_calendar += hit and g.value not in REFS
        if not hit:
            tally.errors.append(f"{doc.name}: missed “{g.text}” = {g.value} (DCT {doc.dct})")


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(precision: float, recall: float) -> float:
    return _ratio(2 * precision * recall, precision + recall) if precision + recall else 0.0


def summary(tally: Tally) -> dict:
    """The figures: recall over all gold DATEs, references included; and, secondary, recall over the
    gold DATEs with a calendar value."""
    precision = _ratio(tally.right, tally.resolved)
    recall = _ratio(tally.found, tally.gold)
    recall_calendar = _ratio(tally.found_calendar, tally.gold - tally.refs)
    return {"value_precision": round(precision, 4), "value_recall": round(recall, 4),
            "value_f1": round(_f1(precision, recall), 4), "gold": tally.gold, "gold_refs": tally.refs,
            "resolved_overlapping": tally.resolved, "value_recall_calendar": round(recall_calendar, 4),
            "value_f1_calendar": round(_f1(precision, recall_calendar), 4)}


def _run(path: Path) -> Tally:
    from knowledge.articles import Article
    from knowledge.extract import extract_articles

    docs = [read_timeml(p) for p in sorted(Path(path).glob("*.tml"))]
    articles = [Article(id=d.name, path=f"{d.name}.txt", text=d.text, published=d.dct) for d in docs]
    tally = Tally()
    for doc, facts in zip(docs, extract_articles(articles)):
        score_doc(doc, facts["dates"], tally)
    return tally


def score_dir(path: Path) -> dict:
    """Value precision, recall and F1 of the project's date resolver on the ``*.tml`` files in ``path``."""
    return summary(_run(path))


def main(argv: list[str]) -> int:
    """CLI: ``timeml DIR [--json] [--errors N]``; the JSON figures are the last line of stdout."""
    parser = argparse.ArgumentParser(prog="python -m bench.quality timeml", description=__doc__)
    parser.add_argument("dir", type=Path, help="folder of TimeML (*.tml) files")
    parser.add_argument("--json", action="store_true", help="end with the figures as one JSON line")
    parser.add_argument("--errors", type=int, default=DEFAULT_ERRORS, help="print this many mismatches")
    args = parser.parse_args(argv)
    if not args.dir.is_dir() or not any(args.dir.glob("*.tml")):
        print(f"no TimeML files in {args.dir}", file=sys.stderr)
        return 2
    tally = _run(args.dir)
    figures = summary(tally)
    for line in tally.errors[:args.errors]:
        print(line)
    print(f"TimeBank DATE values: precision {figures['value_precision']:.3f}, "
          f"recall {figures['value_recall']:.3f}, F1 {figures['value_f1']:.3f} "
          f"({figures['gold']} gold DATEs, {figures['gold_refs']} of them references; "
          f"without the references recall {figures['value_recall_calendar']:.3f}, "
          f"F1 {figures['value_f1_calendar']:.3f})")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
