"""A fixed mix of 200 commands of every kind, drawn from the store itself (deterministic per store)."""

from __future__ import annotations

import random
import re
from collections import Counter
from typing import Any

from knowledge.search import STOPWORDS

MISSES_NAMES = ["Zorblax Quennifer", "Xavrenko Plumtide", "Ottoline Vashwick", "Quibble Marston",
                "Yelverton Snarke", "Dr Fenwick Ulquist"]
MISSES_TOPICS = ["purple hippo parliament", "zeppelin cheese tariff", "blorvian ceasefire",
                 "xylophone embargo", "moon goose referendum", "quantum turnip summit"]
MEASURE_TOPICS = ["casualties", "deaths", "injured", "killed", "victims"]
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")

# How many of each kind: 200 in all.
PLAN = {
    "who": {"name": 36, "surname": 10, "typo": 8, "miss": 6},
    "when": {"event": 30, "typo": 4, "miss": 3, "timeline": 3},
    "sources": {"entity": 15, "title": 15, "typo": 5, "miss": 5},
    "compare": {"entity": 16, "title": 10, "measure": 6, "typo": 5, "miss": 5},
    "other": {"help": 3, "help_cmd": 2, "unknown": 3, "empty": 5, "too_long": 3, "admin": 2},
}


def typo(rng: random.Random, text: str) -> str:
    """Swap two adjacent letters (or drop one) inside the longest word."""
    words = text.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    if len(w) >= 5:
        j = rng.randrange(1, len(w) - 2)
        if rng.random() < 0.5:
            w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        else:
            w = w[:j] + w[j + 1:]
    words[i] = w
    return " ".join(words)


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 2]


def pools(store: Any) -> dict[str, list[str]]:
    """Names, topics and event words taken from the store, most frequent first."""
    ranked = sorted(store.entities, key=lambda e: (-len({m["article"] for m in e["mentions"]}), e["name"]))
    persons = [e["name"] for e in ranked if e["label"] == "PERSON" and len(e["name"]) > 3]
    others = [e["name"] for e in ranked if e["label"] in ("ORG", "GPE", "LOC", "NORP") and len(e["name"]) > 3]
    surnames = [n.split()[-1] for n in persons if len(n.split()) > 1]
    title_phrases: list[str] = []
    for facts in store.facts:
        words = _content_words(facts["article"]["title"] or facts["article"]["text"][:120])
        if len(words) >= 2:
            title_phrases.append(" ".join(words[:2]).lower())
    events: list[str] = []
    for _, row in store.rows("dates"):
        words = _content_words(row.get("event", ""))
        if len(words) >= 2:
            events.append(" ".join(words[:3]).lower())
    return {"persons": persons[:100] or others[:100] or ["Aliyev"],
            "surnames": surnames[:100] or persons[:100] or ["Aliyev"],
            "entities": (others[:60] + persons[:40]) or ["Azerbaijan"],
            "titles": title_phrases or ["ceasefire"],
            "events": events or ["ceasefire"]}


def make_mix(store: Any, seed: int = 8) -> list[dict[str, str]]:
    rng = random.Random(seed)
    p = pools(store)

    def pick(pool: list[str], top: int = 60) -> str:
        return rng.choice(pool[:top])

    out: list[dict[str, str]] = []

    def add(kind: str, variant: str, line: str) -> None:
        out.append({"kind": kind, "variant": variant, "line": line})

    for variant, n in PLAN["who"].items():
        for _ in range(n):
            arg = {"name": lambda: pick(p["persons"]), "surname": lambda: pick(p["surnames"]),
                   "typo": lambda: typo(rng, pick(p["persons"], 30)),
                   "miss": lambda: rng.choice(MISSES_NAMES)}[variant]()
            add("who", variant, f"/who {arg}")
    for variant, n in PLAN["when"].items():
        for _ in range(n):
            arg = {"event": lambda: rng.choice(p["events"]), "typo": lambda: typo(rng, rng.choice(p["events"])),
                   "miss": lambda: rng.choice(MISSES_TOPICS), "timeline": lambda: ""}[variant]()
            add("when", variant, f"/when {arg}".rstrip())
    for kind in ("sources", "compare"):
        for variant, n in PLAN[kind].items():
            for _ in range(n):
                arg = {"entity": lambda: pick(p["entities"]), "title": lambda: rng.choice(p["titles"]),
                       "typo": lambda: typo(rng, pick(p["entities"], 30)),
                       "miss": lambda: rng.choice(MISSES_TOPICS),
                       "measure": lambda: rng.choice(MEASURE_TOPICS)}[variant]()
                add(kind, variant, f"/{kind} {arg}")
    other = {"help": lambda: "/help", "help_cmd": lambda: "/help compare", "unknown": lambda: "/wat is this",
             "empty": lambda: rng.choice(["/who", "/sources", "/compare", "/who   "]),
             "too_long": lambda: "/who " + "x" * 250, "admin": lambda: "/refresh"}
    for variant, n in PLAN["other"].items():
        for _ in range(n):
            add("other", variant, other[variant]())
    assert len(out) == 200, len(out)
    rng.shuffle(out)
    return out


def frequent_persons(store: Any, n: int = 20) -> list[str]:
    """The n PERSON entities mentioned in the most articles (multi-word names first)."""
    counts = Counter()
    names = {}
    for e in store.entities:
        if e["label"] == "PERSON":
            counts[e["id"]] = len({m["article"] for m in e["mentions"]})
            names[e["id"]] = e["name"]
    return [names[i] for i, _ in counts.most_common(n)]


# Ten events of 2012-2020 a reader can date, for the /when spot check (expected dates as hints).
EVENTS = [
    ("government shutdown", "2013-10-01 / 2018-01-20 / 2018-12-22"),
    ("Brexit referendum", "2016-06-23"),
    ("Las Vegas shooting", "2017-10-01"),
    ("Parkland shooting", "2018-02-14"),
    ("Sandy Hook shooting", "2012-12-14"),
    ("Boston Marathon bombing", "2013-04-15"),
    ("Charlottesville rally", "2017-08-12"),
    ("Iowa caucuses", "2012-01-03 / 2016-02-01 / 2020-02-03"),
    ("Kavanaugh confirmation vote", "2018-10-06"),
    ("George Floyd death", "2020-05-25"),
]
