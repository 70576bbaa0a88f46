"""Hand-written component sets (cases/*.json) scored against the real extraction.

One spaCy load and one ``extract_articles`` pass cover every set; each names case is merged on its own
with ``merge_entities``. Matching rules are in docs/quality.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CASES = Path(__file__).with_name("cases")
SETS = ("names", "roles", "speakers", "quantities")
#: words that go with a name without being part of it
HONORIFICS = {"mr", "ms", "mrs", "miss", "dr", "rep", "sen", "gov", "the", "jr", "sr", "ii", "iii"}
_WORD = re.compile(r"[\w'’-]+")

Case = dict[str, Any]
Facts = dict[str, Any]


@dataclass
class SetScore:
    """Precision and recall counts of one set, with what went wrong."""

    correct_predicted: int = 0
    predicted: int = 0
    found: int = 0
    expected: int = 0
    count: int = 0  # expectations in the set (negatives included)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def words(text: str) -> list[str]:
    """Lower-cased words of a name or phrase, honorifics and generations aside."""
    return [w for w in (m.group().lower().strip("'’") for m in _WORD.finditer(text))
            if w and w not in HONORIFICS and w not in ("'s", "s")]


def same_name(predicted: str, expected: str) -> bool:
    """``predicted`` names the expected one: it has its last word, and one name's words hold the other's.

    "Grange", "Hollis Grange" and "Mayor Hollis Grange" all name "Hollis Grange"; "Ann Grange" does not.
    """
    got, want = set(words(predicted)), words(expected)
    return bool(got and want) and want[-1] in got and (got <= set(want) or set(want) <= got)


def full_name(predicted: str, expected: str) -> bool:
    """``predicted`` holds every word of the expected name (titles around it allowed)."""
    want = set(words(expected))
    return bool(want) and want <= set(words(predicted))


def article_text(spec: dict[str, Any]) -> str:
    """A case article's body: a string or a list of paragraphs."""
    text = spec["text"]
    return text if isinstance(text, str) else "\n\n".join(text)


def load_sets() -> dict[str, list[Case]]:
    """Every case of every set, from cases/<set>.json."""
    return {name: json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))["cases"] for name in SETS}


def case_articles(set_name: str, case: Case) -> list[tuple[str, dict[str, Any]]]:
    """(article id, spec) for the articles of one case."""
    specs = case.get("articles") or [case["article"]]
    return [(f"{set_name}-{case['id']}-{k}", spec) for k, spec in enumerate(specs)]


def extract_all(sets: dict[str, list[Case]]) -> dict[str, Facts]:
    """Facts per article id, from one extraction pass over every case article."""
    from knowledge.articles import Article
    from knowledge.extract import extract_articles, load_nlp

    articles = []
    for set_name, cases in sets.items():
        for case in cases:
            for article_id, spec in case_articles(set_name, case):
                text = article_text(spec)
                articles.append(Article(
                    id=article_id, path=f"{article_id}.txt", text=text, title=spec.get("title", ""),
                    outlet=spec.get("outlet", ""), published=spec.get("published", ""),
                    content_hash=hashlib.sha256(text.encode()).hexdigest()[:16]))
    facts = extract_articles(articles, nlp=load_nlp())
    return {f["article"]["id"]: f for f in facts}


# --- names ------------------------------------------------------------------------------------

def _entity_of(entities: list[dict[str, Any]], surface: str) -> str:
    """The id of the entity a surface name was merged into ("" when no mention reads so)."""
    want = surface.lower()
    for entity in entities:
        if entity["name"].lower() == want or any(m["text"].lower() == want for m in entity["mentions"]):
            return entity["id"]
    return ""


def _entity_at(entities: list[dict[str, Any]], article: str, start: int, end: int) -> dict[str, Any] | None:
    for entity in entities:
        for m in entity["mentions"]:
            if m["article"] == article and m["start"] < end and start < m["end"]:
                return entity
    return None


def _found(case: Case, ids: list[str], texts: list[str], entities: list[dict[str, Any]],
           want: dict[str, Any]) -> bool:
    """A mention covers ``want['text']`` inside ``want['context']``, in an entity with ``want['name']``."""
    doc = want.get("doc", 0)
    at = texts[doc].find(want["context"])
    if at < 0:
        raise ValueError(f"names case {case['id']}: context {want['context']!r} not in its article")
    start = at + want["context"].find(want["text"])
    entity = _entity_at(entities, ids[doc], start, start + len(want["text"]))
    if entity is None:
        return False
    names = [entity["name"], *entity.get("aliases", []), *(m["text"] for m in entity["mentions"])]
    return any(full_name(n, want.get("name", want["text"])) for n in names)


def score_names(cases: list[Case], facts: dict[str, Facts]) -> SetScore:
    """Pairwise merging precision; recall over must-merge pairs and must-find mentions."""
    from knowledge.entities import merge_entities

    score = SetScore()
    for case in cases:
        pairs = case_articles("names", case)
        ids = [article_id for article_id, _ in pairs]
        texts = [article_text(spec) for _, spec in pairs]
        entities = merge_entities([json.loads(json.dumps(facts[i])) for i in ids])
        for kind in ("same", "different"):
            for a, b in case.get(kind, []):
                ea, eb = _entity_of(entities, a), _entity_of(entities, b)
                merged = bool(ea) and ea == eb
                score.count += 1
                score.predicted += merged
                if kind == "same":
                    score.expected += 1
                    score.found += merged
                    score.correct_predicted += merged
                if merged != (kind == "same"):
                    score.misses.append(f"{case['id']}: {a!r} / {b!r} should be {kind}")
        for want in case.get("found", []):
            score.count += 1
            score.expected += 1
            if _found(case, ids, texts, entities, want):
                score.found += 1
            else:
                score.misses.append(f"{case['id']}: {want['text']!r} in {want['context']!r} not found "
                                    f"as {want.get('name', want['text'])!r}")
    return score


# --- roles ------------------------------------------------------------------------------------

def _role_matches(role: dict[str, Any], alternatives: list[str]) -> bool:
    """The role (with its affiliation) contains one of the alternatives, case-insensitively."""
    text = f"{role.get('role', '')} {role.get('affiliation', '')}".lower()
    return any(alt.lower() in text for alt in alternatives)


def score_roles(cases: list[Case], facts: dict[str, Facts]) -> SetScore:
    """Precision over every role given to a person of the case; recall over expected (person, role)."""
    score = SetScore()
    for case in cases:
        [(article_id, _)] = case_articles("roles", case)
        roles = facts[article_id].get("roles", [])
        for person, expected in case["people"].items():
            theirs = [r for r in roles if same_name(r.get("name", ""), person)]
            score.predicted += len(theirs)
            for role in theirs:
                if any(_role_matches(role, alts) for alts in expected):
                    score.correct_predicted += 1
                else:
                    score.misses.append(f"{case['id']}: {person} wrongly given {role.get('role')!r}")
            score.count += max(1, len(expected))  # a person with no role is one expectation
            for alts in expected:
                score.expected += 1
                if any(_role_matches(r, alts) for r in theirs):
                    score.found += 1
                else:
                    score.misses.append(f"{case['id']}: {person} lacks {alts[0]!r}")
    return score


# --- speakers ---------------------------------------------------------------------------------

def _speaker_names(statement: dict[str, Any], entity_names: dict[str, str]) -> list[str]:
    names = [statement.get("speaker", "")]
    if statement.get("speaker_entity") in entity_names:
        names.append(entity_names[statement["speaker_entity"]])
    return names


def score_speakers(cases: list[Case], facts: dict[str, Facts]) -> SetScore:
    """Over statements overlapping an expected quote: precision of their speakers; recall per quote."""
    from knowledge.entities import merge_entities

    score = SetScore()
    for case in cases:
        [(article_id, spec)] = case_articles("speakers", case)
        text, af = article_text(spec), json.loads(json.dumps(facts[article_id]))
        entity_names = {e["id"]: e["name"] for e in merge_entities([af])}
        for quote, speaker in case["quotes"]:
            at = text.find(quote)
            if at < 0:
                raise ValueError(f"speakers case {case['id']}: {quote!r} not in its article")
            near = [s for s in af.get("statements", []) if s["start"] < at + len(quote) and at < s["end"]]
            right = [s for s in near if any(same_name(n, speaker) for n in _speaker_names(s, entity_names))]
            score.count += 1
            score.expected += 1
            score.predicted += len(near)
            score.correct_predicted += len(right)
            score.found += bool(right)
            if not right:
                said = sorted({s.get("speaker", "") for s in near}) or ["no statement"]
                score.misses.append(f"{case['id']}: {quote[:40]!r} by {speaker}, got {', '.join(said)}")
    return score


# --- quantities -------------------------------------------------------------------------------

def _quantity_matches(q: dict[str, Any], want: dict[str, Any]) -> bool:
    """Text holds the number as written, measure a wanted word; qualifier and claimant when given."""
    if want["number"].lower() not in str(q.get("text", "")).lower():
        return False
    if not any(w.lower() in str(q.get("measure", "")).lower() for w in want["measure"]):
        return False
    if "qualifier" in want and str(q.get("qualifier", "")).lower() not in want["qualifier"]:
        return False
    return "claimant" not in want or same_name(str(q.get("claimant", "")), want["claimant"])


def score_quantities(cases: list[Case], facts: dict[str, Facts]) -> SetScore:
    """Precision over every quantity of the case articles; recall over expected ones."""
    score = SetScore()
    for case in cases:
        [(article_id, _)] = case_articles("quantities", case)
        found = facts[article_id].get("numbers", [])
        expected = case.get("expect", [])
        score.count += len(expected) + len(case.get("none", []))
        score.predicted += len(found)
        for q in found:
            if any(_quantity_matches(q, want) for want in expected):
                score.correct_predicted += 1
            else:
                score.misses.append(f"{case['id']}: unexpected {q.get('text')!r} ({q.get('measure')!r})")
        for want in expected:
            score.expected += 1
            if any(_quantity_matches(q, want) for q in found):
                score.found += 1
            else:
                score.misses.append(f"{case['id']}: lacks {want['number']!r} {want['measure'][0]!r}")
    return score


SCORERS: dict[str, Callable[[list[Case], dict[str, Facts]], SetScore]] = {
    "names": score_names, "roles": score_roles, "speakers": score_speakers, "quantities": score_quantities,
}


def run_components() -> dict[str, SetScore]:
    """Every set scored, after one extraction pass over all of them."""
    sets = load_sets()
    facts = extract_all(sets)
    return {name: SCORERS[name](sets[name], facts) for name in SETS}
