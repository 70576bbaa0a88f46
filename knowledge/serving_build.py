"""Writing the serving index from the record a shard at a time: memory bounded by a batch, not the corpus.

One pass over the shards in index order reads each shard once. The article table is written as the
pass goes; the other tables kept per article are staged in a scratch SQLite file beside the new
serving file and copied over after it; posting lists are held for a batch of shards and spilled; rows
grouped across articles (by entity, measure, term, date) are appended there and sorted back together
by SQL at the end. Only what grows with the entities (the index's entity list and name lookups) and a
few integers per sentence are held whole.

An index whose entities carry their name keys (:mod:`knowledge.entity_index`) has no mentions: a first
pass reads only the shards' roles (what titles name whom, who holds one: what merging's recall pass
needs of every article), and the main pass attaches each article's mentions as
:func:`~knowledge.entity_index.attach_mentions` does, spilling them to the scratch file; the entity rows
are written with their mentions at the end. What is written is what
:class:`~knowledge.search.SearchIndex` holds for the same record (the tests compare the answers).
"""

from __future__ import annotations

import itertools
import marshal
import sqlite3
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, get_args

from . import serving_db as sdb
from .entities import name_key, title_index
from .entity_index import KEYS, is_keyed
from .facts import EntityLabel, EntityMention
from .merge import _known_people, _known_runs, is_recall_candidate, resolve_title_mentions
from .schema import SchemaError, check_mentions
from .search import (BM25_B, BM25_K1, SearchIndex, name_claims, role_title_terms, title_holders, titled_docs,
                     topic_words)
from .serving_db import dumps, encode_key
from .store import FACT_TABLES, SERVING_TABLES, StoreError, load_shard
from .text import fold, stemmed, terms

SPILL_INTS = 4_000_000  # integers of posting lists held before they are spilled to the scratch file
ROWS_BATCH = 2_000  # rows buffered per table before they are written
ARTICLE_ROWS = 100  # article records (with their text) buffered before they are written
TIMELINE_PRECISIONS = ("day", "month")  # dated events placed on the timeline
STAGED = ("numbers_of", "events", "events_by_doc", "statements.rows", "statements.by_doc", "framings.rows",
          "framings.by_doc", "numbers_by_doc", "aliases_by_article", "roles_by_article")  # tables kept per article
ROW_INDEXES = {"statements": "content", "framings": "phrase"}  # fact rows found by a word of this field
LABEL_BITS = {label: 1 << i for i, label in enumerate(get_args(EntityLabel))}

SCRATCH = """
CREATE TABLE scratch.spill (name TEXT, key TEXT, part INTEGER, ints BLOB);
CREATE TABLE scratch.grouped (name TEXT, key TEXT, seq INTEGER, value BLOB);
CREATE TABLE scratch.timeline (date TEXT, article TEXT, sent INTEGER, seq INTEGER, value BLOB);
CREATE TABLE scratch.pending (seq INTEGER, article TEXT, speaker TEXT, value BLOB);
CREATE TABLE scratch.names (article TEXT, key TEXT, ent INTEGER, PRIMARY KEY (article, key)) WITHOUT ROWID;
CREATE TABLE scratch.entity_docs (ent INTEGER, docs BLOB);
CREATE TABLE scratch.mentions (ent INTEGER, seq INTEGER, value BLOB);
CREATE TABLE scratch.entity_ids (ent INTEGER PRIMARY KEY, value BLOB);
""" + "".join(f"CREATE TABLE scratch.s{i} (key, value BLOB);\n" for i in range(len(STAGED)))


class _Rows:
    """Rows buffered and written a batch at a time."""

    def __init__(self, write: Callable[[list[Any]], Any], limit: int | None = None) -> None:
        self.write, self.limit, self.held = write, limit or ROWS_BATCH, []  # type: ignore[var-annotated]

    def add(self, row: Any) -> None:
        self.held.append(row)
        if len(self.held) >= self.limit:
            self.flush()

    def flush(self) -> None:
        if self.held:
            self.write(self.held)
            self.held = []


class _Spill:
    """Integer lists by key (posting lists), held for a batch of shards, then spilled to the scratch file."""

    def __init__(self, db: sqlite3.Connection, name: str) -> None:
        self.db, self.name, self.held, self.size, self.part = db, name, {}, 0, 0  # type: ignore[var-annotated]

    def add(self, key: str, value: int) -> None:
        held = self.held.get(key)
        if held is None:
            held = self.held[key] = array("I")
        held.append(value)
        self.size += 1

    def add_doc(self, doc: int, counts: Counter[str]) -> None:
        """A sentence's terms: ``doc, count`` onto each term's list."""
        held = self.held
        for term, count in counts.items():
            ints = held.get(term)
            if ints is None:
                ints = held[term] = array("I")
            ints.append(doc)
            ints.append(count)
        self.size += 2 * len(counts)

    def spill_if_full(self) -> None:
        if self.size >= SPILL_INTS:
            self.flush()

    def flush(self) -> None:
        self.db.executemany("INSERT INTO scratch.spill VALUES (?, ?, ?, ?)",
                            ((self.name, k, self.part, a.tobytes()) for k, a in self.held.items()))
        self.held, self.size, self.part = {}, 0, self.part + 1

    def merged(self) -> Iterator[tuple[str, array]]:
        """Every key's integers in the order added, keys in code point order (as ``sorted``)."""
        self.flush()
        key, ints = None, array("I")
        for k, blob in self.db.execute("SELECT key, ints FROM scratch.spill WHERE name = ? ORDER BY key, part",
                                       (self.name,)):
            if k != key:
                if key is not None:
                    yield key, ints
                key, ints = k, array("I")
            ints.frombytes(blob)
        if key is not None:
            yield key, ints


class _ArticleAt(Sequence[str]):
    """The article of each sentence entry, from the entries' article positions."""

    def __init__(self, ids: list[str], doc_article: array) -> None:
        self.ids, self.doc_article = ids, doc_article

    def __len__(self) -> int:
        return len(self.doc_article)

    def __getitem__(self, doc: Any) -> Any:
        return self.ids[self.doc_article[doc]]


def _grouped(db: sqlite3.Connection, name: str) -> Iterator[tuple[str, list[Any]]]:
    """The rows appended under ``name``, by key in code point order, each key's in the order appended."""
    for key, rows in itertools.groupby(db.execute(
            "SELECT key, value FROM scratch.grouped WHERE name = ? ORDER BY key, seq", (name,)), key=lambda r: r[0]):
        yield key, [marshal.loads(value) for _, value in rows]


def _damaged(store: Path, exc: Exception) -> StoreError:
    return StoreError(f"fact store {store} is damaged ({exc})")


class _Build:
    """The state of one streamed build (see the module docstring); :meth:`run` writes everything."""

    def __init__(self, out: sdb.Writer, store: Path, index: dict[str, Any]) -> None:
        self.out, self.db, self.store, self.index = out, out.db, store, index
        self.entities: list[dict[str, Any]] = index["entities"]
        self.entity_by_id = {e["id"]: e for e in self.entities}
        self.entity_index = {e["id"]: i for i, e in enumerate(self.entities)}
        self.names = SearchIndex.__new__(SearchIndex)  # its name lookups only, over these entities
        self.names.store = self  # type: ignore[assignment]
        self.seq = itertools.count()  # orders the rows grouped across articles
        self.staged = {name: _Rows(lambda rows, i=i: self.db.executemany(
            f"INSERT INTO scratch.s{i} VALUES (?, ?)", rows)) for i, name in enumerate(STAGED)}
        self.articles = _Rows(lambda rows: out.append("article", rows), ARTICLE_ROWS)
        self.grouped = _Rows(lambda rows: self.db.executemany("INSERT INTO scratch.grouped VALUES (?, ?, ?, ?)", rows))
        self.timeline = _Rows(lambda rows: self.db.executemany("INSERT INTO scratch.timeline VALUES (?, ?, ?, ?, ?)",
                                                               rows))
        self.pending = _Rows(lambda rows: self.db.executemany("INSERT INTO scratch.pending VALUES (?, ?, ?, ?)", rows))
        self.postings = _Spill(self.db, "postings")
        self.by_term = {name: _Spill(self.db, f"{name}.by_term") for name in ROW_INDEXES}
        self.counts = Counter[str]()  # rows so far of events, statements, framings, aliases
        self.sizes: dict[str, tuple[int, int]] = {}  # article -> sentences, length of text
        self.spans: dict[str, tuple[int, int]] = {}  # article -> first sentence entry, sentences (when any)
        self.titles: dict[str, str] = {}
        self.lengths, self.doc_article, self.doc_sent, self.event_docs = (array("I") for _ in range(4))
        self.word_counts = Counter[str]()
        self.rank: dict[str, int] = {}  # entities in the order their first role is met
        self.shared_titles: set[tuple[str, str]] = set()
        self.titles_held: dict[tuple[str, str], set[str]] = defaultdict(set)  # title_index over every role
        self.profiles: dict[str, Any] | None = None  # per article, when the stories must be grouped here
        self.keyed = is_keyed(self.entities)
        self.mention_counts = [0] * len(self.entities)
        self.doc_bits = bytearray()  # per sentence entry: the kinds of entity it names (LABEL_BITS)
        self.names_rows = _Rows(lambda rows: self.db.executemany("INSERT INTO scratch.names VALUES (?, ?, ?)", rows))
        self.docs_rows = _Rows(lambda rows: self.db.executemany("INSERT INTO scratch.entity_docs VALUES (?, ?)", rows))
        self.mention_rows = _Rows(lambda rows: self.db.executemany("INSERT INTO scratch.mentions VALUES (?, ?, ?)",
                                                                   rows))
        self.by_article: dict[str, list[tuple[int, Any]]] = defaultdict(list)  # an old index's mentions

    def stage(self, table: str, key: Any, value: Any) -> None:
        self.staged[table].add((encode_key(key), dumps(value)))

    def group(self, name: str, key: str, value: Any) -> None:
        self.grouped.add((name, key, next(self.seq), dumps(value)))

    def run(self) -> None:
        self._stories_first()
        self._mention_inputs()
        self._names()
        doc = 0
        for row in self.index["articles"]:
            facts = load_shard(self.store, row["shard"], tables=FACT_TABLES if self.keyed else SERVING_TABLES)
            if facts["article"]["id"] != row["id"]:
                raise _damaged(self.store, SchemaError(f"shard {row['shard']} holds article "
                                                       f"{facts['article']['id'][:80]!r}, not {row['id']!r}"))
            self._article(facts, doc)
            doc += len(facts["article"]["sentences"])
        for rows in (self.articles, *self.staged.values(), self.grouped, self.timeline, self.pending,
                     self.names_rows, self.docs_rows, self.mention_rows):
            rows.flush()
        self._entity_rows()
        self._entity_docs()
        for i, name in enumerate(STAGED):
            self.out.copy(name, "key, value", f"scratch.s{i} ORDER BY rowid")
        self._titled_speakers()
        self._across_articles()
        holders = title_holders(_grouped(self.db, "roles_of"), self.entity_index)
        kept = self._topics({term for title in holders for term in role_title_terms(title)})
        self._titled_docs(holders, kept)
        self._globals()

    def _stories_first(self) -> None:
        """The stories as the index has them; when they do not cover every article (a store built before
        stories were stored) each article's profile is kept during the pass, to group them after it."""
        ids = {row["id"] for row in self.index["articles"]}
        self.story_of = {a: s["id"] for s in self.index["stories"] for a in s["articles"] if a in ids}
        if self.story_of.keys() != ids:
            self.profiles = {}

    def _mention_inputs(self) -> None:
        """What attaching mentions needs of every article (keyed index: one pass over the shards'
        roles; old index: its entities' mentions, by article)."""
        if not self.keyed:
            for i, entity in enumerate(self.entities):
                for mention in entity["mentions"]:
                    self.by_article[mention["article"]].append((i, mention))
            return
        self.entity_of_key = {key: e["id"] for e in self.entities for key in e.get(KEYS, ())}
        for entity in self.entities:  # as attach_mentions leaves them: keys dropped, mentions last
            entity.pop(KEYS, None)
            entity["mentions"] = []
        role_names: set[str] = set()

        def roles() -> Iterator[dict[str, Any]]:
            for row in self.index["articles"]:
                for role in load_shard(self.store, row["shard"], tables=("roles",))["roles"]:
                    role_names.add(role["name"])
                    yield role

        self.role_titles = title_index(roles())  # type: ignore[arg-type]
        titled = {self.entity_of_key.get(name_key(name), "") for name in role_names}
        self.known = _known_people(self.entity_of_key, self.entity_by_id, titled)  # type: ignore[arg-type]

    def _names(self) -> None:
        """The name lookups over the entities (their mention counts, of a keyed index, after the pass)."""
        out, names, entities = self.out, self.names, self.entities
        names._build_name_keys(entities)  # type: ignore[arg-type]
        out.table("entity_id", ((e["id"], i) for i, e in enumerate(entities)))
        for name in ("alias_owners", "token_owners", "_aliases_by_initial", "_name_words_by_initial"):
            out.table(name.lstrip("_"), getattr(names, name).items())
        self.db.executemany("INSERT INTO scratch.entity_ids VALUES (?, ?)",
                            ((i, dumps(e["id"])) for i, e in enumerate(entities)))

    def _article(self, facts: dict[str, Any], first: int) -> None:
        """One shard's contributions; ``first``: the sentence entry of its first sentence."""
        record = facts["article"]
        article = record["id"]
        self.sizes[article] = (len(record["sentences"]), len(record["text"]))
        self.titles[article] = record["title"]
        self.articles.add((article, record))
        self.stage("numbers_of", article, facts["numbers"])
        if self.profiles is not None:
            from .stories import article_words

            self.profiles[article] = ({k: v for k, v in record.items() if k not in ("text", "sentences")},
                                      article_words(record["title"], record.get("text", "")))
        self._sentences(record, first)
        self._events(article, facts["dates"], first)
        for name, field in ROW_INDEXES.items():
            self._row_index(name, field, article, facts[name], first)
        self._numbers(article, facts["numbers"], first)
        aliases = facts["aliases"]
        if aliases:
            self.stage("aliases_by_article", article, [(self.counts["aliases"] + j, row) for j, row in enumerate(aliases)])
        self.counts["aliases"] += len(aliases)
        self._mentions(article, facts, first)
        self._people(article, facts)

    def _attached(self, facts: dict[str, Any]) -> Iterator[tuple[int, Any]]:
        """A keyed index's article: its mentions as entities get them (``merge.add_mentions``, one
        article): named mentions, then known people's runs in the recall candidates."""
        resolve_title_mentions([facts], self.role_titles)  # type: ignore[list-item]
        aid, index_of, named = facts["article"]["id"], self.entity_index, set()
        for m in facts["mentions"]:
            eid = "" if is_recall_candidate(m) else self.entity_of_key.get(name_key(m["name"]), "")
            if eid:
                named.add((m["start"], m["end"]))
                yield index_of[eid], EntityMention(article=aid, sent=m["sent"], start=m["start"], end=m["end"],
                                                   text=m["text"])
        for m in facts["mentions"]:
            if is_recall_candidate(m):
                for start, end, text, eid in _known_runs(m, self.known):  # type: ignore[arg-type]
                    if (start, end) not in named:
                        yield index_of[eid], EntityMention(article=aid, sent=m["sent"], start=start, end=end, text=text)

    def _mentions(self, article: str, facts: dict[str, Any], first: int) -> None:
        """An article's mentions: counted, spilled (keyed index), its sentences per entity and the kinds
        of entity each names, and which entity each name written in it is (the first claiming it)."""
        found = self._attached(facts) if self.keyed else self.by_article.pop(article, [])
        of: dict[int, list[Any]] = defaultdict(list)
        for i, mention in found:
            of[i].append(mention)
        stubs = {i: {"id": self.entities[i]["id"], "name": self.entities[i]["name"],
                     "aliases": self.entities[i]["aliases"], "mentions": of[i]} for i in sorted(of)}
        if self.keyed:
            try:
                check_mentions(stubs.values(), {article: self.sizes[article]})
            except SchemaError as exc:
                raise _damaged(self.store, exc) from exc
        count = len(facts["article"]["sentences"])
        self.doc_bits.extend(bytes(count))
        self.names.in_article = {}
        for i, stub in stubs.items():
            entity = self.entities[i]
            if self.keyed:
                self.mention_rows.add((i, next(self.seq), dumps(of[i])))
            self.mention_counts[i] += len(of[i])
            docs = sorted({first + m["sent"] for m in of[i] if 0 <= m["sent"] < count})
            for doc in docs:
                self.doc_bits[doc] |= LABEL_BITS[entity["label"]]
            self.docs_rows.add((i, array("I", docs).tobytes()))
            for claim in name_claims(stub):  # type: ignore[arg-type]
                if claim not in self.names.in_article:
                    self.names.in_article[claim] = entity["id"]
                    self.names_rows.add((*claim, i))

    def _sentences(self, record: dict[str, Any], first: int) -> None:
        """Each sentence's terms onto the posting lists, its length and topic words."""
        text, count = record["text"], len(record["sentences"])
        for i, (start, end) in enumerate(record["sentences"]):
            folded = fold(text[start:end])
            doc_terms = stemmed(folded)
            self.lengths.append(len(doc_terms))
            self.word_counts.update(topic_words(folded))
            self.postings.add_doc(first + i, Counter(doc_terms))
        self.postings.spill_if_full()
        if count:
            self.spans[record["id"]] = (first, count)
            self.doc_article.extend(itertools.repeat(len(self.spans) - 1, count))
            self.doc_sent.extend(range(count))

    def _events(self, article: str, dates: list[dict[str, Any]], first: int) -> None:
        """Dated events (a reference such as "now" dates none), by sentence, and the timeline's."""
        by_doc: dict[int, list[int]] = {}
        for row in dates:
            if row.get("ref"):
                continue
            i = self.counts["events"]
            self.counts["events"] += 1
            self.stage("events", i, (article, row))
            by_doc.setdefault(first + row["sent"], []).append(i)
            if row["date"] and row["precision"] in TIMELINE_PRECISIONS:
                self.timeline.add((row["date"], article, row["sent"], i, dumps((article, row))))
        for doc, found in by_doc.items():
            self.stage("events_by_doc", doc, found)
            self.event_docs.append(doc)

    def _row_index(self, name: str, field: str, article: str, rows: list[dict[str, Any]], first: int) -> None:
        """Statements or framings, by sentence and by the words of ``field`` (as ``_RowIndex``)."""
        by_doc: dict[int, list[int]] = {}
        spill = self.by_term[name]
        for row in rows:
            i = self.counts[name]
            self.counts[name] += 1
            self.stage(f"{name}.rows", i, (article, row))
            by_doc.setdefault(first + row["sent"], []).append(i)
            for term in set(terms(row[field])):
                spill.add(term, i)
        for doc, found in by_doc.items():
            self.stage(f"{name}.by_doc", doc, found)
        spill.spill_if_full()

    def _numbers(self, article: str, rows: list[dict[str, Any]], first: int) -> None:
        by_doc: dict[int, list[tuple[str, dict[str, Any]]]] = {}
        for row in rows:
            self.group("numbers_by_measure", row["measure"], (article, row))
            by_doc.setdefault(first + row["sent"], []).append((article, row))
        for doc, found in by_doc.items():
            self.stage("numbers_by_doc", doc, found)

    def _people(self, article: str, facts: dict[str, Any]) -> None:
        """Roles and statements by the entity they are of (as ``SearchIndex._build_people``); statements
        whose speaker is only a title wait for every role to be read."""
        roles, statements = facts["roles"], facts["statements"]
        if not roles and not statements:
            return
        holders: dict[tuple[str, str], set[str]] = defaultdict(set)
        found = []
        for row in roles:
            entity = self.names.entity_in(article, row["name"])
            if entity:
                eid = entity["id"]
                self.group("roles_of", eid, (article, row))
                found.append((self.rank.setdefault(eid, len(self.rank)), eid, row))
                holders[(article, fold(row["role"]))].add(eid)
        if found:
            self.stage("roles_by_article", article, found)
        self.shared_titles.update(key for key, ids in holders.items() if len(ids) > 1)
        for key, people in title_index(roles).items():  # type: ignore[arg-type]
            self.titles_held[key] |= people
        for row in statements:
            entity = self.names.entity_in(article, row["speaker"])
            if entity:
                self.group("statements_of", entity["id"], (article, row))
            elif row["speaker"]:
                self.pending.add((next(self.seq), article, row["speaker"], dumps((article, row))))

    def _titled_speakers(self) -> None:
        """Statements by a title ("the Azerbaijani president") the corpus gives one person only."""
        found: dict[str, str] = {}
        for seq, _, speaker, value in self.db.execute("SELECT seq, article, speaker, value FROM scratch.pending"):
            if speaker not in found:
                entity = self.names._titled(speaker, self.titles_held)
                found[speaker] = entity["id"] if entity else ""
            if found[speaker]:
                self.grouped.add(("statements_of", found[speaker], seq, value))
        self.grouped.flush()

    def _entity_rows(self) -> None:
        """The entity table, a keyed index's entities with their mentions read back from the scratch
        file; which entity each name written in an article is."""
        if not self.keyed:
            try:
                check_mentions(self.entities, self.sizes)
            except SchemaError as exc:
                raise _damaged(self.store, exc) from exc
        self.out.table("entity", enumerate(self._with_mentions()))
        self.out.copy("in_article", f"n.article || char({ord(sdb.KEY_SEP)}) || n.key, e.value",
                      "scratch.names AS n JOIN scratch.entity_ids AS e ON e.ent = n.ent ORDER BY n.article, n.key")
        if self.keyed:
            counts = self.names.mention_counts = self.mention_counts
            self.names.mention_rank = sorted(range(len(counts)), key=lambda i: -counts[i])  # as _build_name_keys

    def _with_mentions(self) -> Iterator[dict[str, Any]]:
        """The entities in order, each with its mentions."""
        if not self.keyed:
            yield from self.entities
            return
        spilled = itertools.groupby(self.db.execute("SELECT ent, value FROM scratch.mentions ORDER BY ent, seq"),
                                    key=lambda r: r[0])
        ent, rows = next(spilled, (None, iter(())))
        for i, entity in enumerate(self.entities):
            mentions = []
            if ent == i:
                for _, value in rows:
                    mentions += marshal.loads(value)
                ent, rows = next(spilled, (None, iter(())))
            yield {**entity, "mentions": mentions}

    def _entity_docs(self) -> None:
        """Each entity's sentence entries, and the kinds of entity each sentence names."""
        rows = _Rows(lambda batch: self.out.append("entity_docs", batch))
        spilled = itertools.groupby(self.db.execute("SELECT ent, docs FROM scratch.entity_docs ORDER BY ent, rowid"),
                                    key=lambda r: r[0])
        ent, parts = next(spilled, (None, iter(())))
        for i in range(len(self.entities)):
            docs = array("I")
            if ent == i:
                for _, blob in parts:
                    docs.frombytes(blob)
                ent, parts = next(spilled, (None, iter(())))
            rows.add((i, frozenset(docs)))
        rows.flush()
        bits = self.doc_bits
        held = array("I", (doc for doc, b in enumerate(bits) if b))
        self.out.append("doc_labels", ((doc, {label for label, bit in LABEL_BITS.items() if bits[doc] & bit})
                                       for doc in held))
        self.out.put("keys:doc_labels", held.tobytes())

    def _across_articles(self) -> None:
        """The tables whose rows come from many articles, sorted back together."""
        out, db = self.out, self.db
        out.table("roles_of", _grouped(db, "roles_of"))
        out.table("statements_of", _grouped(db, "statements_of"))
        measures_by_term: dict[str, list[str]] = defaultdict(list)

        def measures() -> Iterator[tuple[str, list[Any]]]:
            for measure, rows in _grouped(db, "numbers_by_measure"):
                for term in set(terms(measure)):
                    measures_by_term[term].append(measure)
                yield measure, rows

        out.table("numbers_by_measure", measures())
        out.table("measures_by_term", measures_by_term.items())
        for name in ROW_INDEXES:
            out.table(f"{name}.by_term", ((term, ints.tolist()) for term, ints in self.by_term[name].merged()))
        out.copy("timeline", "row_number() OVER (ORDER BY date, article, sent, seq) - 1, value",
                 "scratch.timeline ORDER BY date, article, sent, seq")

    def _topics(self, keep: set[str]) -> dict[str, array]:
        """The sentence index: posting lists (merged from their spills), lengths, vocabulary, entries;
        returns the documents of the terms in ``keep``."""
        vocabulary: list[str] = []
        by_initial: dict[str, list[str]] = defaultdict(list)
        kept: dict[str, array] = {}

        def postings() -> Iterator[tuple[str, tuple[bytes, bytes]]]:
            for term, ints in self.postings.merged():
                vocabulary.append(term)
                by_initial[term[0]].append(term)
                docs = ints[0::2]
                if term in keep:
                    kept[term] = docs
                yield term, (docs.tobytes(), ints[1::2].tobytes())

        self.out.table("postings", postings())
        self.out.table("by_initial", by_initial.items())
        lengths = self.lengths
        self.out.put("bm25", {"k1": BM25_K1, "b": BM25_B, "avg": sum(lengths) / len(lengths) if lengths else 1.0,
                              "lengths": lengths.tobytes(), "vocabulary": vocabulary})
        self.out.put("sentence_docs", {"ids": list(self.spans), "spans": self.spans,
                                       "article": self.doc_article.tobytes(), "sent": self.doc_sent.tobytes()})
        self.out.put("keys:events_by_doc", array("I", sorted(self.event_docs)).tobytes())
        self.out.put("word_counts", list(self.word_counts.items()))
        return kept

    def _titled_docs(self, holders: dict[str, list[int]], postings: dict[str, array]) -> None:
        """Each title holder's sentences calling it by its title (:func:`~knowledge.search.titled_docs`)."""
        ids, spans, doc_article = list(self.spans), self.spans, self.doc_article
        wanted = {i for held in holders.values() for i in held}
        articles_of: dict[int, set[str]] = defaultdict(set)
        for ent, blob in self.db.execute("SELECT ent, docs FROM scratch.entity_docs ORDER BY ent, rowid"):
            if ent in wanted and blob:  # a row per (entity, article)
                articles_of[ent].add(ids[doc_article[array("I", blob[:4])[0]]])

        def article_docs(article: str) -> range:
            first, count = spans.get(article, (0, 0))
            return range(first, first + count)

        found = _Spill(self.db, "titled_docs")
        for i, docs in titled_docs(holders, articles_of.__getitem__, lambda t: postings.get(t, array("I")),
                                   self.shared_titles, _ArticleAt(ids, doc_article), article_docs):
            for doc in docs:
                found.add(str(i), doc)
        self.out.table("titled_docs", ((int(i), frozenset(docs)) for i, docs in found.merged()))

    def _globals(self) -> None:
        """The small values held whole: store metadata, stories, name ranks, shared titles."""
        out, names = self.out, self.names
        stories, story_of = self._stories()
        for key, value in (("meta", self.index["meta"]), ("skipped", self.index["skipped"]), ("stories", stories),
                           ("story_of", story_of), ("shards", [row["shard"] for row in self.index["articles"]]),
                           ("mention_counts", names.mention_counts), ("entity_labels", names.entity_labels),
                           ("mention_rank", names.mention_rank), ("shared_titles", self.shared_titles)):
            out.put(key, value)
        out.table("story_words", ((s["id"], frozenset(terms(" ".join([s["label"], *s["names"],
                                                                       *(self.titles[a] for a in s["articles"])]))))
                                  for s in stories))

    def _stories(self) -> tuple[list[Any], dict[str, str]]:
        if self.profiles is None:
            return self.index["stories"], self.story_of
        from .stories import group_articles

        stories = group_articles([record for record, _ in self.profiles.values()], list(self._with_mentions()),  # type: ignore[arg-type]
                                 {article: words for article, (_, words) in self.profiles.items()})
        return stories, {a: s["id"] for s in stories for a in s["articles"]}  # type: ignore[misc]


def write_streamed(store: Path, index_path: Path, target: Path, stamp: str) -> None:
    """Write the serving index of an index's record (its shards read once, in order) to ``target``.

    The scratch file beside ``target`` is removed whatever happens; damage found in the record is a
    :class:`StoreError` (as :func:`~knowledge.store.load_record` says it)."""
    from .store import _collection_paused, read_meta

    scratch = target.with_suffix(".scratch.tmp")
    scratch.unlink(missing_ok=True)
    with _collection_paused():
        index = read_meta(index_path)
        out = sdb.Writer(target, scratch=scratch)
        try:
            for statement in SCRATCH.split(";"):
                if statement.strip():
                    out.db.execute(statement)
            try:
                _Build(out, store, index).run()
            except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
                raise StoreError(f"fact store {store} is damaged ({exc.__class__.__name__}: {exc})") from exc
            out.put("fingerprint", stamp)
            out.close()
        finally:
            out.db.close()
            scratch.unlink(missing_ok=True)
