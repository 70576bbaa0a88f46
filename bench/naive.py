"""The naive baseline: answer every command by scanning TinyDB records with a Query and rapidfuzz.

No indexes: each query is a ``table.search(Query().field.test(...))`` over every record of a
table, scored with rapidfuzz. The records are held in TinyDB's MemoryStorage (no file I/O per
query, which favours the baseline) and the query cache is off (``cache_size=0``). Answers are
only collected, not rendered, so this is a lower bound on what a naive bot would cost.
"""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz
from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage

Q = Query()


class NaiveBot:
    def __init__(self, store: Any) -> None:
        self.db = TinyDB(storage=MemoryStorage)
        t = {name: self.db.table(name, cache_size=0)
             for name in ("entities", "sentences", "statements", "dates", "numbers")}
        self.t = t
        t["entities"].insert_multiple(
            {"id": e["id"], "name": e["name"], "label": e["label"], "aliases": list(e["aliases"])}
            for e in store.entities)
        sentences = []
        for facts in store.facts:
            rec = facts["article"]
            for i, (start, end) in enumerate(rec["sentences"]):
                sentences.append({"article": rec["id"], "sent": i, "text": rec["text"][start:end]})
        t["sentences"].insert_multiple(sentences)
        t["statements"].insert_multiple(
            {"article": a, "sent": r["sent"], "speaker": r["speaker"], "content": r["content"]}
            for a, r in store.rows("statements"))
        t["dates"].insert_multiple(
            {"article": a, "sent": r["sent"], "event": r["event"], "text": r["text"], "date": r["date"]}
            for a, r in store.rows("dates"))
        t["numbers"].insert_multiple(
            {"article": a, "sent": r["sent"], "measure": r["measure"], "value": r["value"],
             "claimant": r["claimant"]} for a, r in store.rows("numbers"))
        self.records = sum(len(x) for x in t.values())

    def answer(self, line: str) -> tuple[bool, int]:
        """(found something, number of records in the answer)."""
        line = line.strip().lstrip("/")
        cmd, _, arg = line.partition(" ")
        arg = " ".join(arg.split()).lower()
        if not arg or len(arg) > 200:
            return False, 0
        if cmd == "who":
            return self.who(arg)
        if cmd == "when":
            return self.when(arg)
        if cmd == "sources":
            return self.sources(arg)
        if cmd == "compare":
            return self.compare(arg)
        return False, 0

    def who(self, q: str) -> tuple[bool, int]:
        hits = self.t["entities"].search(
            Q.name.test(lambda n: fuzz.WRatio(q, n.lower(), score_cutoff=85) > 0)
            | Q.aliases.test(lambda al: any(fuzz.WRatio(q, a.lower(), score_cutoff=85) > 0 for a in al)))
        if not hits:
            return False, 0
        best = max(hits, key=lambda e: fuzz.WRatio(q, e["name"].lower()))
        name = best["name"].lower()
        said = self.t["statements"].search(Q.speaker.test(lambda s: fuzz.ratio(name, s.lower(), score_cutoff=90) > 0))
        mentioned = self.t["sentences"].search(Q.text.test(lambda s: name in s.lower()))
        return True, len(said) + len(mentioned)

    def when(self, q: str) -> tuple[bool, int]:
        hits = self.t["dates"].search(
            Q.event.test(lambda ev: fuzz.token_set_ratio(q, ev.lower(), score_cutoff=70) > 0))
        return bool(hits), len(hits)

    def _sentences(self, q: str) -> list[dict]:
        return self.t["sentences"].search(
            Q.text.test(lambda s: fuzz.partial_ratio(q, s.lower(), score_cutoff=90) > 0))

    def sources(self, q: str) -> tuple[bool, int]:
        hits = self._sentences(q)
        return bool(hits), len({h["article"] for h in hits})

    def compare(self, q: str) -> tuple[bool, int]:
        hits = self._sentences(q)
        nums = self.t["numbers"].search(
            Q.measure.test(lambda m: fuzz.partial_ratio(q, m, score_cutoff=80) > 0))
        claims = self.t["statements"].search(
            Q.content.test(lambda c: fuzz.partial_ratio(q, c.lower(), score_cutoff=90) > 0))
        n = len({h["article"] for h in hits}) + len(nums) + len(claims)
        return n > 0, n
