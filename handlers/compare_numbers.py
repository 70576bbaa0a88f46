"""/compare's numbers: quantities of the same measure side by side, each with who claims it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from knowledge.numbers import LIGHT_VERBS, MEASURES
from knowledge.search import terms

from .compare_scope import Story
from .compare_topic import Topic, synonyms
from .context import Context
from .evidence import Citations, source_name

MAX_PER_MEASURE = 6
MAX_MEASURES = 4
UNMEASURED = "amount"  # the label of quantities that do not say what they measure
DURATION = "duration"  # the measure of a length of time
SHARED_STEM = 4  # a row's word and a topic word this long alike are one word ("service", "served")
_COUNT_KINDS = ("count", "")  # kinds shown as normalised numbers; others as written ("$43,350")
# Nouns that count people without saying what befell them: in a sentence about the topic, "12,000
# people had been moved to temporary shelters" counts the topic's people (general English).
GENERIC_SUBJECTS = frozenset(terms("people persons residents individuals civilians families households"))
GENERIC_MEASURE = "people"
KNOWN_MEASURES = frozenset(MEASURES.values())

Row = tuple[str, dict[str, Any]]


@dataclass(slots=True)
class Lines:
    """Lines of one section, and the articles set side by side in one of them."""

    lines: list[str]
    aligned: set[str]
    covering: set[str]


def numbers(ctx: Context, topic: Topic, story: Story, cites: Citations) -> Lines:
    """One line per measure: each source's amount, qualifier and claimant; then who gives no count."""
    by_measure: dict[str, list[Row]] = defaultdict(list)
    for article, row in _topical_rows(ctx, topic, story):
        by_measure[_measure_label(row)].append((article, row))
    asked = topic.content_words()
    by_measure = _synonyms_together(_durations_apart(by_measure, asked), asked)
    ranked = sorted(by_measure.items(), key=lambda kv: (-len({a for a, _ in kv[1]}), not set(terms(kv[0])) & asked,
                                                        kv[0] != "killed", kv[0]))
    lines: list[str] = []
    aligned: set[str] = set()
    counted = {a for _, rows in ranked for a, _ in rows}
    for measure, rows in ranked[:MAX_MEASURES]:
        items = [f"{amount(row)} ({_who(ctx, article, row)}) {cites.mark(article, row['sent'])}"
                 for article, row in rows[:MAX_PER_MEASURE]]
        extra = f" (+{len(rows) - MAX_PER_MEASURE} more)" if len(rows) > MAX_PER_MEASURE else ""
        lines.append(f"• {measure}: " + " · ".join(items) + extra)
        if len({a for a, _ in rows}) > 1:
            aligned.update(a for a, _ in rows)
    if lines and topic.measures:
        best = {}
        for match in story.matches:
            if match.article not in counted:
                best.setdefault(match.article, match)
        if best:
            lines.append("• No count given: " + ", ".join(
                f"{source_name(ctx, m.article)} {cites.mark(m.article, m.sent)}" for m in best.values()))
    return Lines(lines, aligned, counted)


def _topical_rows(ctx: Context, topic: Topic, story: Story) -> list[Row]:
    """Quantities of the story about the topic: of a measure the topic counts ("casualties"), of a
    thing or act it names ("arrests", "passed"), of the kind its question asks for about a word of
    it ("how long she served": "20 years of service"), or in a sentence about it when they do not say
    they count something else ("$9,587.64 worth of furniture" beside the Rolex)."""
    docs = {m.doc for m in story.matches}
    doc_of = ctx.store.index.doc_of
    words = topic.content_words()
    related = topic.related_words() - words
    people = {t for e in topic.entities if e["label"] == "PERSON"
              for n in (e["name"], *e["aliases"]) for t in terms(n)}
    about = topic.words() - people  # "how long Ames served": the serving, not all about Ames
    rows: list[Row] = []
    for article in story.articles:
        for row in ctx.store.by_article[article].get("numbers", []):
            thing = set(terms(" ".join(str(row.get(f) or "") for f in ("subject", "verb"))))
            measured = row.get("measure") in topic.measures
            in_match = doc_of[(article, row["sent"])] in docs
            measure_named = bool(set(terms(str(row.get("measure") or ""))) & words)
            asked = row.get("kind") in topic.kinds and _alike(thing, about)
            unnamed = not row.get("subject") or _counts_people(row)
            counted = set(terms(" ".join(str(row.get(f) or "") for f in ("subject", "measure"))))
            reworded = bool(counted & related) and (not topic.kinds or row.get("kind") in topic.kinds)
            if measured or asked or thing & words or reworded or (in_match and (measure_named or unnamed)):
                rows.append((article, row))
    return rows


def _synonyms_together(by_measure: dict[str, list[Row]], asked: set[str]) -> dict[str, list[Row]]:
    """Measures worded with synonyms of one of the ``asked`` words on one line ("jobs lost",
    "positions"), under the measure most rows use; a measure that narrows another ("measles cases",
    "cases") on its line."""
    merged: dict[str, list[Row]] = defaultdict(list)
    label_of_group: dict[frozenset[str], str] = {}
    for measure, rows in sorted(by_measure.items(), key=lambda kv: -len(kv[1])):
        group = next((synonyms()[t] for t in terms(measure) if synonyms().get(t, frozenset()) & asked), None)
        label = label_of_group.setdefault(group, measure) if group else _narrowed(measure, by_measure)
        merged[label].extend(rows)
    return merged


def _durations_apart(by_measure: dict[str, list[Row]], asked: set[str]) -> dict[str, list[Row]]:
    """Durations of different acts on lines of their own ("sentenced to seven years" beside "jailed
    for seven years", apart from "a trial that lasted 14 months"). One that names what it is the
    length of ("a three-term treasurer", "31 years of service") or has no verb joins the line of the
    act the topic words, else the line most rows are on; one act, or none, keeps one line."""
    rows = by_measure.get(DURATION, [])
    acts: dict[str, list[Row]] = defaultdict(list)
    for article, row in rows:
        acts["" if row.get("subject") else _act(str(row.get("verb") or ""))].append((article, row))
    loose = acts.pop("", [])
    if len(acts) < 2:
        return by_measure
    main = min(acts, key=lambda k: (not synonyms().get(k, {k}) & asked, -len(acts[k]), k))
    acts[main] = [r for r in rows if r in acts[main] or r in loose]
    apart = {k: v for k, v in by_measure.items() if k != DURATION}
    for rows_of_act in acts.values():
        verbs = Counter(str(row.get("verb")) for _, row in rows_of_act
                        if not row.get("subject") and _act(str(row.get("verb") or "")))
        apart[f"{DURATION} ({min(verbs, key=lambda v: (-verbs[v], v))})"] = rows_of_act
    return apart


def _act(verb: str) -> str:
    """The act a duration's verb names, one key for its synonyms ("jail", "sentence"); "" for none."""
    if not verb or verb in LIGHT_VERBS:
        return ""
    stems = terms(verb)
    return min(synonyms().get(stems[0], {stems[0]})) if stems else ""


def _narrowed(measure: str, measures: Iterable[str]) -> str:
    """The shorter measure a measure ends with ("cases" for "measles cases"), else the measure."""
    words = measure.split()
    return next((other for other in measures if len(other.split()) < len(words)
                 and words[-len(other.split()):] == other.split()), measure)


def _counts_people(row: dict[str, Any]) -> bool:
    """A count of people ("12,000 people") whose measure is no named one ("killed", "displaced")."""
    return (row.get("kind") in _COUNT_KINDS and row.get("measure") not in KNOWN_MEASURES
            and set(terms(str(row.get("subject") or ""))) <= GENERIC_SUBJECTS and bool(row.get("subject")))


def _measure_label(row: dict[str, Any]) -> str:
    """The line a quantity goes on: its measure; counts of people on one line however worded."""
    if _counts_people(row):
        return GENERIC_MEASURE
    return row.get("measure") or UNMEASURED


def _alike(these: set[str], those: set[str]) -> bool:
    """Whether a word of one set begins like a word of the other ("servic", "serv")."""
    heads = {w[:SHARED_STEM] for w in those if len(w) >= SHARED_STEM}
    return any(w[:SHARED_STEM] in heads for w in these if len(w) >= SHARED_STEM)


def amount(row: dict[str, Any]) -> str:
    """The amount as a reader should see it: "at least 6", "$43,350", "more than a week"."""
    written = str(row.get("text") or "")
    if (row.get("kind", "") in _COUNT_KINDS and not row.get("vague")) or not written:  # "thousands" as written
        qualifier = row.get("qualifier") or "exact"
        number = f"{row['value']:,}" if isinstance(row["value"], int) else str(row["value"])
        return number if qualifier == "exact" else f"{qualifier} {number}"
    return written


def _who(ctx: Context, article: str, row: dict[str, Any]) -> str:
    """"Armenian separatists — HuffPost", or only the source when nobody is named."""
    claimant = row.get("claimant") or ""
    source = source_name(ctx, article)
    return f"{claimant} — {source}" if claimant else source
