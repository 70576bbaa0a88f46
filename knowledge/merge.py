"""Merging the per-article mentions into entities, in named steps (see :func:`merge_entities`).

No spaCy here. Names are grouped by exact key first; every later step links keys in a union-find
and never compares more than a small block of names. People are grouped by the parts of their
names (:mod:`knowledge.nicknames`): full names join only names compatible with every name
already in the group, so no chain of near matches can join two different people, and a surname
alone attaches to at most one group, never bridging two.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from knowledge.entities import (
    COMPANY_LEGAL_FORMS,
    COMPANY_TRADE_WORDS,
    COUNTRIES,
    COUNTRY_OF,
    ORG_WORDS,
    STATE_ABBR,
    TITLE_MODIFIERS,
    TITLE_NOUNS,
    name_key,
    normalise,
    place_kind,
    resolve_title,
    slug,
    title_index,
)
from knowledge.facts import ArticleFacts, Entity, EntityMention, Mention
from knowledge.nicknames import NameParts, family_key, fold, gender_of, name_parts, same_given_name, same_person_name

# --- thresholds, in one place -----------------------------------------------------------------

#: a role names a person: it counts as this many PERSON votes for the holder's name
ROLE_PERSON_VOTES = 2
#: one holder of a surname (or of an ambiguous short name) takes it when it has this many times
#: the mentions of the next one ("Romney": Mitt, not Ann)
DOMINANCE = 4
#: spelling variants: each differing token at least this similar (rapidfuzz ratio, 0-100) ...
FUZZY_TOKEN_RATIO = 85
#: ... and the whole name at least this similar
FUZZY_NAME_RATIO = 88
#: spelling variants: differing tokens at least this long, and at most this much longer or shorter
FUZZY_MIN_TOKEN_LEN = 4
FUZZY_MAX_LEN_DIFF = 2
#: candidates the block search returns per name, their minimum score, and the lead the best needs
FUZZY_CANDIDATES = 4
FUZZY_CUTOFF = 80
FUZZY_LEAD = 4
#: acronyms ("UN", "NKR"): this many letters at least and at most
ACRONYM_LETTERS = (2, 6)
#: the recall pass looks for known names of this many words at least (single words are too ambiguous)
RECALL_MIN_WORDS = 2

_PLACE_LABELS = {"GPE", "LOC"}
_MINOR_WORDS = ("of", "the", "and", "for", "de")


@dataclass
class _Union:
    """Union-find over name keys."""

    parent: dict[str, str] = field(default_factory=dict)

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


@dataclass
class _State:
    """What the steps share: label votes and surface forms per name key, labels, and the links."""

    votes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    forms: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    label_of: dict[str, str] = field(default_factory=dict)
    uf: _Union = field(default_factory=_Union)
    parts_of: dict[str, NameParts | None] = field(default_factory=dict)  # parts() per key, until its forms change

    def count(self, key: str) -> int:
        return sum(self.votes[key].values()) if key in self.votes else 0

    def parts(self, key: str) -> NameParts | None:
        """The name parts of a key, read from its most common written form ("Vasquez-Ortiz" is one word)."""
        if key not in self.parts_of:
            forms = self.forms.get(key)
            self.parts_of[key] = name_parts(_top(forms) if forms else key)
        return self.parts_of[key]

    def add_form(self, key: str, form: str) -> None:
        """Count one more written form of a key (after the parts were read from its forms)."""
        self.forms[key][form] += 1
        self.parts_of.pop(key, None)


def _top(counter: Counter[str]) -> str:
    """The most counted key, ties to the first in sort order (never to the order the articles came in)."""
    return min(counter, key=lambda k: (-counter[k], k))


def is_recall_candidate(mention: Mention) -> bool:
    """A capitalised run no extractor named (``name`` ""): a mention once it matches a known name."""
    return not mention["name"]


def merge_entities(facts: list[ArticleFacts]) -> list[Entity]:
    """Merge mentions across articles into entities; sets Role["entity"], Statement["speaker_entity"]."""
    entity_of_key, entities, titles = grouped_entities(facts)
    point_facts_at_entities(facts, entity_of_key, titles)
    return list(entities.values())


def grouped_entities(facts: list[ArticleFacts]
                     ) -> tuple[dict[str, str], dict[str, Entity], dict[tuple[str, str], set[str]]]:
    """Every merging step in order: the entity id of each name key, the entities with their mentions,
    and the title index the mentions were resolved with (the facts' own fields left as they are)."""
    titles = title_index(r for af in facts for r in af["roles"])
    resolve_title_mentions(facts, titles)
    state = count_names(facts)
    decide_labels(state)
    demote_lone_words(state)
    link_text_aliases(facts, state)
    link_country_names(state)
    link_acronyms(state)
    link_country_organisations(state)
    link_company_names(state)
    link_people(facts, state)
    link_spelling_variants(state)
    entity_of_key, entities = build_entities(state)
    add_mentions(facts, entity_of_key, entities)
    return entity_of_key, entities, titles


# --- 0-1. names and their labels ------------------------------------------------------------------

def resolve_title_mentions(facts: list[ArticleFacts], titles: dict[tuple[str, str], set[str]]) -> None:
    """Titles used as names ("Azerbaijan's president"): the person the corpus gives that title."""
    for af in facts:
        for m in af["mentions"]:
            if m.get("title_of") and name_key(m["name"]) == name_key(m["text"]):
                m["name"] = resolve_title(m["text"], titles) or m["name"]


def count_names(facts: list[ArticleFacts]) -> _State:
    """Label votes and surface forms per name key (each distinct form counted once, with its weight)."""
    state = _State()
    distinct = Counter((m["name"], m["label"], m["text"], bool(m.get("title_of")))
                       for af in facts for m in af["mentions"] if not is_recall_candidate(m))
    for (name, label, text, is_title), n in distinct.items():
        key = name_key(name)
        if not key or (is_title and key == name_key(text)):
            continue
        state.votes[key][label] += n
        state.forms[key][normalise(name)] += n
        if not is_title:
            surface = normalise(text)
            if surface and surface != normalise(name):
                state.forms[key][surface] += 0  # an alias, never the canonical form by count
    for af in facts:
        for r in af["roles"]:
            key = name_key(r["name"])
            if key:
                state.votes[key]["PERSON"] += ROLE_PERSON_VOTES
                state.forms[key][normalise(r["name"])] += 1
    return state


def decide_labels(state: _State) -> None:
    """One label per key: gazetteer places first, else the vote (places outvote ORG for one word)."""
    for key, counter in state.votes.items():
        kind = place_kind(key)
        if kind and counter.get("PERSON", 0) <= sum(counter.values()) // 2 + 1:
            if kind == "GPE":
                kind = "LOC" if counter.get("LOC", 0) > counter.get("GPE", 0) else "GPE"
            state.label_of[key] = kind
            continue
        best = _top(counter)
        place = counter.get("GPE", 0) + counter.get("LOC", 0)
        if best == "ORG" and place and place * 2 >= counter["ORG"] and " " not in key:
            best = "GPE" if counter.get("GPE", 0) >= counter.get("LOC", 0) else "LOC"
        if best in _PLACE_LABELS and counter.get("GPE", 0) and counter.get("LOC", 0):
            best = "GPE" if counter["GPE"] >= counter["LOC"] else "LOC"
        state.label_of[key] = best
    for key in state.label_of:
        state.uf.find(key)


def demote_lone_words(state: _State) -> None:
    """A single word spaCy sometimes calls a person ("on Twitter") is not one when no full name in the
    corpus ends with it, it is no given name, and some mentions call it something else."""
    surnames = _person_surnames(state, known_given=True)
    for key, label in state.label_of.items():
        if label != "PERSON" or " " in key or key in surnames or gender_of(key):
            continue
        others = [(n, lab) for lab, n in state.votes[key].items() if lab != "PERSON"]
        if others:
            label = max(others)[1]
            state.label_of[key] = label
            state.votes[key][label] += state.votes[key].pop("PERSON")


def _label_group(label: str) -> str:
    return "PLACE" if label in _PLACE_LABELS else label


# --- 2. names the text or the gazetteers equate ---------------------------------------------------

def link_text_aliases(facts: list[ArticleFacts], state: _State) -> None:
    """ "X, also known as Y", "Long Name (LN)": one entity; a place's other name is a place too."""
    surnames = _person_surnames(state)
    for af in facts:
        for pair in af["aliases"]:
            keys = [name_key(n) for n in pair["names"] if name_key(n)]
            for n in pair["names"]:
                if name_key(n) and not state.forms[name_key(n)]:
                    state.add_form(name_key(n), normalise(n))
            for k in keys:
                state.uf.find(k)
                state.label_of.setdefault(k, "GPE")
            labels = {state.label_of[k] for k in keys}
            place = next((lab for lab in ("GPE", "LOC") if lab in labels), "")
            if place and "PERSON" in labels:  # spaCy sm often calls small towns PERSON
                for k in keys:
                    if state.label_of[k] == "PERSON" and " " not in k:
                        state.label_of[k] = place
                        state.votes[k][place] += state.votes[k]["PERSON"] + 1
            first = keys[0] if keys else ""
            for k in keys[1:]:
                labels_here = (state.label_of[k], state.label_of[first])
                if "PERSON" in labels_here and not _may_alias_person(first, k, surnames, state):
                    continue
                if _label_group(labels_here[0]) == _label_group(labels_here[1]) or "ORG" in labels_here:
                    state.uf.union(first, k)


def _person_surnames(state: _State, *, known_given: bool = False) -> set[str]:
    """Surnames of the full person names in the corpus (only of those with a known given name)."""
    out = set()
    for key, label in state.label_of.items():
        parts = state.parts(key) if label == "PERSON" and " " in key else None
        if parts and parts.given and (not known_given or gender_of(parts.given)):
            out.add(parts.surname)
    return out


def _may_alias_person(a: str, b: str, surnames: set[str], state: _State) -> bool:
    """A person's other name ("Tonya Harris" / "Tonya Durso") never names someone else in passing:
    a surname some full name has ("Steve Bannon, formerly Trump's ...") is no alias."""
    for key in (a, b):
        parts = state.parts(key)
        if parts is None or (not parts.given and parts.surname in surnames):
            return False
    return True


def link_country_names(state: _State) -> None:
    """A country's other names ("US" / "United States"), states and their abbreviations."""
    country_keys: dict[str, str] = {}
    for key, label in state.label_of.items():
        if label in _PLACE_LABELS and (key in COUNTRIES or key in STATE_ABBR):
            country = name_key(COUNTRY_OF[key]) if key in COUNTRIES else STATE_ABBR[key]
            if country in country_keys:
                state.uf.union(country_keys[country], key)
            else:
                country_keys[country] = key


def is_acronym(form: str) -> bool:
    bare = form.replace(".", "")
    low, high = ACRONYM_LETTERS
    return bare.isupper() and low <= len(bare) <= high and " " not in form


def link_acronyms(state: _State) -> None:
    """ "UN" -> "United Nations" when exactly one longer name of that label has those initials."""
    long_by_initials: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, label in state.label_of.items():
        words = [w for w in key.split() if w not in _MINOR_WORDS]
        if len(words) >= 2:
            long_by_initials[(_label_group(label), "".join(w[0] for w in words))].add(key)
    low, high = ACRONYM_LETTERS
    for key, label in state.label_of.items():
        if " " not in key and low <= len(key) <= high:
            form = _top(state.forms[key]) if state.forms.get(key) else key
            if is_acronym(form):
                longs = long_by_initials.get((_label_group(label), key.replace(".", "")), set())
                if len(longs) == 1:
                    state.uf.union(next(iter(longs)), key)


def link_country_organisations(state: _State) -> None:
    """ "Azerbaijan's Defense Ministry" / "Azerbaijani Defense Ministry": one organisation."""
    by_country_form: dict[str, str] = {}
    for key, label in state.label_of.items():
        if label != "ORG" or " " not in key:
            continue
        first, _, rest = key.partition(" ")
        if rest.startswith("s "):
            rest = rest[2:]  # the possessive "Azerbaijan's" keys as "azerbaijan s"
        country = COUNTRY_OF.get(first)
        if not country or not rest or not any(w in ORG_WORDS for w in rest.split()):
            continue
        norm = f"{name_key(country)} {rest}"
        if norm in by_country_form:
            state.uf.union(by_country_form[norm], key)
        else:
            by_country_form[norm] = key


def link_company_names(state: _State) -> None:
    """ "Harlow Mining Corp.", "Harlow Mining", "Harlow": one company, when the shorter names are
    organisation names the corpus uses and no two companies' longer names shorten to the same one."""
    longer: dict[str, list[str]] = defaultdict(list)
    shorter: dict[str, list[str]] = {}
    for key, label in state.label_of.items():
        if label == "ORG":
            shorter[key] = [h for h in company_short_names(key) if state.label_of.get(h) == "ORG"]
            for head in shorter[key]:
                longer[head].append(key)
    for head, keys in longer.items():
        if all(a in shorter[b] or b in shorter[a] for i, a in enumerate(keys) for b in keys[i + 1:]):
            for key in keys:
                state.uf.union(head, key)


def company_short_names(key: str) -> list[str]:
    """The shorter names of a company's name key, longest first: legal forms, then words of trade
    dropped from its end ("harlow mining corp" -> "harlow mining", "harlow"); never the last word."""
    words = key.split()
    heads: list[str] = []
    for vocabulary in (COMPANY_LEGAL_FORMS, COMPANY_TRADE_WORDS):
        while len(words) > 1 and words[-1] in vocabulary:
            words = words[:-1]
            heads.append(" ".join(words))
    return heads


# --- 3. people, by the parts of their names --------------------------------------------------------

def generations_apart(facts: Iterable[ArticleFacts]) -> frozenset[str]:
    """Family keys some article names two generations of ("Jesse Jackson" and "Jesse Jackson Jr.")."""
    apart: set[str] = set()
    for af in facts:
        suffixes: dict[str, set[str]] = defaultdict(set)
        for m in af["mentions"]:
            parts = name_parts(m["name"]) if m["label"] == "PERSON" and " " in m["name"] else None
            if parts and parts.given:
                suffixes[family_key(parts)].add(parts.suffix)
        apart.update(k for k, found in suffixes.items() if len(found) > 1)
    return frozenset(apart)


def link_people(facts: list[ArticleFacts], state: _State) -> None:
    """Full names of one person join; a surname alone joins the one group it can mean."""
    apart = generations_apart(facts)
    full: dict[str, list[tuple[str, NameParts]]] = defaultdict(list)  # surname -> [(key, parts)]
    single: list[tuple[str, NameParts]] = []
    for key, label in state.label_of.items():
        parts = _person_parts(key, state) if label == "PERSON" else None
        if parts is None:
            continue
        (full[parts.surname] if parts.given else single).append((key, parts))
    groups: dict[str, list[list[str]]] = {}
    for surname, names in full.items():
        groups[surname] = _group_full_names(names, state, apart)
        for group in groups[surname]:
            for key in group[1:]:
                state.uf.union(group[0], key)
    surnames_by_prefix: dict[str, list[str]] = defaultdict(list)
    for surname in groups:
        surnames_by_prefix[surname[:2]].append(surname)
    set_size = Counter(state.uf.find(k) for k in state.label_of)
    for key, parts in single:
        if set_size[state.uf.find(key)] > 1:
            continue  # already one with another name: it bridges nothing more
        candidates = groups.get(parts.surname)
        if not candidates:  # a spelling variant of one surname: "Aliev" / "Aliyev"
            close = [s for s in surnames_by_prefix.get(parts.surname[:2], ()) if fuzzy_variant(parts.surname, s)]
            candidates = groups[close[0]] if len(close) == 1 else []
        # "Trump Jr." is the son's, never the father's
        candidates = [g for g in candidates if any(_suffix(k, state) == parts.suffix for k in g)]
        group = _dominant(candidates, state)
        if group:
            state.uf.union(group[0], key)


def _suffix(key: str, state: _State) -> str:
    parts = state.parts(key)
    return parts.suffix if parts else ""


def _group_full_names(names: list[tuple[str, NameParts]], state: _State,
                      apart: frozenset[str]) -> list[list[str]]:
    """Groups of mutually compatible names with one surname, the most telling names first.

    A name compatible with several groups ("Robert McCulloch" beside "Robert P." and "Robert Q.")
    joins the dominant one, or none."""
    names = sorted(names, key=lambda kp: (-kp[1].specificity, -state.count(kp[0]), kp[0]))
    parts_of = dict(names)
    groups: list[list[str]] = []
    undecided: list[tuple[str, list[list[str]]]] = []
    for key, parts in names:
        fits = [g for g in groups if all(same_person_name(parts, parts_of[k], apart) for k in g)]
        if len(fits) == 1:
            fits[0].append(key)
        elif fits:
            undecided.append((key, fits))
        else:
            groups.append([key])
    for key, fits in undecided:
        group = _dominant(fits, state)
        if group and all(same_person_name(parts_of[key], parts_of[k], apart) for k in group):
            group.append(key)
        else:
            groups.append([key])
    return groups


def _person_parts(key: str, state: _State) -> NameParts | None:
    """A person's name parts; a word in front that is no given name ("Svengali Steve Bannon", "Tell
    Donald Trump") is dropped when the rest is a full name the corpus knows."""
    parts = state.parts(key)
    if parts and parts.middles and not gender_of(parts.given):
        rest = key.split(" ", 1)[1]
        if state.label_of.get(rest) == "PERSON":
            return state.parts(rest)
    return parts


def _dominant(groups: list[list[str]], state: _State) -> list[str] | None:
    """The only group, or the one with DOMINANCE times the mentions of the next; else None."""
    if len(groups) <= 1:
        return groups[0] if groups else None
    ranked = sorted(groups, key=lambda g: -sum(state.count(k) for k in g))
    top, second = (sum(state.count(k) for k in g) for g in ranked[:2])
    return ranked[0] if top >= DOMINANCE * max(1, second) else None


# --- 4. spelling variants ----------------------------------------------------------------------

def fuzzy_variant(a: str, b: str) -> bool:
    """Spelling variants of one name: same token count, near-identical tokens."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or a == b:
        return False
    for x, y in zip(ta, tb):
        if x == y:
            continue
        if x[0] != y[0] or abs(len(x) - len(y)) > FUZZY_MAX_LEN_DIFF or min(len(x), len(y)) < FUZZY_MIN_TOKEN_LEN:
            return False
        if fuzz.ratio(x, y) < FUZZY_TOKEN_RATIO:
            return False
    return fuzz.ratio(a, b) >= FUZZY_NAME_RATIO


def _variant_ok(a: str, b: str, state: _State) -> bool:
    """People's variants keep compatible given names ("Ilham Aliev" / "Ilham Aliyev")."""
    if not fuzzy_variant(a, b):
        return False
    if state.label_of.get(a) != "PERSON":
        return True
    pa, pb = state.parts(a), state.parts(b)
    return bool(pa and pb and same_given_name(pa.given, pb.given))


def link_spelling_variants(state: _State) -> None:
    """Near-identical names, compared only inside small blocks (label, first letters, length)."""
    blocks: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for key, label in state.label_of.items():
        toks = key.split()
        if label == "PERSON" and len(toks) == 1:
            continue  # surnames alone were attached to their group above
        blocks[(_label_group(label), toks[-1][:2], len(toks))].append(key)
    for block in blocks.values():
        if len(block) < 2:
            continue
        block.sort(key=lambda k: (-state.count(k), k))
        for a in block:
            # the comparisons run in C; only near matches come back
            hits = process.extract(a, block, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=FUZZY_CANDIDATES)
            scored = sorted(((score, b) for b, score, _ in hits if b != a), reverse=True)
            if not scored:
                continue
            score, b = scored[0]
            runner = scored[1][0] if len(scored) > 1 else 0
            if score - runner >= FUZZY_LEAD and _variant_ok(a, b, state):
                state.uf.union(a, b)


# --- 5-7. entities, their mentions, and the facts that point at them ---------------------------------

def build_entities(state: _State) -> tuple[dict[str, str], dict[str, Entity]]:
    """One entity per group of keys: canonical name, label, aliases; and the entity id of every key."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key in state.label_of:
        groups[state.uf.find(key)].append(key)
    entity_of_key: dict[str, str] = {}
    entities: dict[str, Entity] = {}
    for members in sorted(groups.values(), key=min):
        group_votes: Counter[str] = Counter()
        all_forms: Counter[str] = Counter()
        for k in members:  # plain sums: Counter.update checks its argument's type on every call
            for label, n in state.votes.get(k, {}).items():
                group_votes[label] = group_votes.get(label, 0) + n
            for form, n in (state.forms.get(k) or {k: 1}).items():
                all_forms[form] = all_forms.get(form, 0) + n
        label = _group_label(members, state.label_of, group_votes)
        canonical = _canonical(all_forms, label)
        eid = _unique_id(slug(canonical), label, entities)
        aliases = sorted({f for f in all_forms if f != canonical},
                         key=lambda f: (label == "PERSON" and _debris(f, all_forms), -all_forms[f], f))
        entities[eid] = Entity(id=eid, name=canonical, label=label, aliases=aliases,  # type: ignore[typeddict-item]
                               mentions=[])
        for k in members:
            entity_of_key[k] = eid
    return entity_of_key, entities


def _unique_id(base: str, label: str, entities: dict[str, Entity]) -> str:
    if base not in entities:
        return base
    eid, n = f"{base}-{label.lower()}", 2
    while eid in entities:
        eid, n = f"{base}-{label.lower()}-{n}", n + 1
    return eid


def _group_label(members: list[str], label_of: dict[str, str], votes: Counter[str]) -> str:
    if any(place_kind(k) == "GPE" for k in members):
        return "GPE"
    labels = Counter(label_of[k] for k in members)
    best = _top(votes) if votes else _top(labels)
    if best == "ORG" and (votes.get("GPE", 0) + votes.get("LOC", 0)) * 2 >= votes["ORG"]:
        best = "GPE" if votes.get("GPE", 0) >= votes.get("LOC", 0) else "LOC"
    return best


_RUN_TOGETHER = re.compile(r"[a-z]{2}[A-Z][a-z]")  # "SandersSome": two words a scraper ran together
_NO_NAME_PART = re.compile(r"[A-Za-z]\d|\d[A-Za-z]|\s[—–|:/]\s")  # "Trump2016 — Donald J. Trump": a tag and a dash


def _debris(form: str, forms: Counter[str]) -> bool:
    """A person's form with something else in it: a word in front of another form that is no given
    name ("Senators Ted Cruz"), words run together, or a word twice."""
    words = form.split()
    leading = len(words) > 2 and not gender_of(fold(words[0])) and " ".join(words[1:]) in forms
    return leading or _garbled(form)


@lru_cache(maxsize=1 << 16)
def _garbled(form: str) -> bool:
    """Words run together, a word twice, or what no name holds (a word glued to digits, a dash between
    words): the part of :func:`_debris` that needs no other form."""
    words = form.split()
    return bool(_RUN_TOGETHER.search(form) or _NO_NAME_PART.search(form)) or len({fold(w) for w in words}) < len(words)


def _canonical(forms: Counter[str], label: str) -> str:
    def rank(form: str) -> tuple[int, int, int, int, int, str]:
        person = label == "PERSON"
        multi = len(form.split()) if person else 0
        return (int(person and _debris(form, forms)), -multi, int(is_acronym(form)), -forms[form],
                -len(form) if not person else 0, form)
    return min(forms, key=rank)


def add_mentions(facts: list[ArticleFacts], entity_of_key: dict[str, str], entities: dict[str, Entity]) -> None:
    """Every named mention onto its entity, then the recall candidates that hold a known person's name."""
    titled = {entity_of_key.get(name_key(r["name"]), "") for af in facts for r in af["roles"]}
    known = _known_people(entity_of_key, entities, titled)
    for af in facts:
        aid = af["article"]["id"]
        named = set()
        for m in af["mentions"]:
            eid = "" if is_recall_candidate(m) else entity_of_key.get(name_key(m["name"]), "")
            if eid:
                named.add((m["start"], m["end"]))
                entities[eid]["mentions"].append(EntityMention(
                    article=aid, sent=m["sent"], start=m["start"], end=m["end"], text=m["text"]))
        for m in af["mentions"]:
            if is_recall_candidate(m):
                for start, end, text, eid in _known_runs(m, known):
                    if (start, end) not in named:
                        entities[eid]["mentions"].append(EntityMention(
                            article=aid, sent=m["sent"], start=start, end=end, text=text))


_WORD = re.compile(r"\S+")


def _known_people(entity_of_key: dict[str, str], entities: dict[str, Entity], titled: set[str]) -> dict[str, str]:
    """Name keys of RECALL_MIN_WORDS words or more that name a person for certain -> the entity id:
    the name starts with a known given name, or the person holds a title somewhere ("World War II"
    and "Patriot Act", which spaCy sometimes calls people, do neither).

    The recall pass makes one dictionary lookup per word run of a candidate: no scan per name."""
    people = {eid for eid, e in entities.items() if e["label"] == "PERSON" and (eid in titled or _given_known(e))}
    return {k: eid for k, eid in entity_of_key.items() if k.count(" ") + 1 >= RECALL_MIN_WORDS and eid in people}


def _given_known(entity: Entity) -> bool:
    parts = name_parts(entity["name"])
    return bool(parts and parts.given and gender_of(parts.given))


def _known_runs(m: Mention, known: dict[str, str]) -> Iterable[tuple[int, int, str, str]]:
    """The longest known names in a candidate, left to right: (start, end, text, entity id)."""
    words = list(_WORD.finditer(m["text"]))
    i = 0
    while i < len(words):
        for j in range(len(words), i + RECALL_MIN_WORDS - 1, -1):
            text = m["text"][words[i].start():words[j - 1].end()]
            eid = known.get(name_key(text))
            if eid:
                yield m["start"] + words[i].start(), m["start"] + words[j - 1].end(), text, eid
                i = j
                break
        else:
            i += 1


def point_facts_at_entities(facts: list[ArticleFacts], entity_of_key: dict[str, str],
                            titles: dict[tuple[str, str], set[str]]) -> None:
    """Roles, statements, claims and framings get the entity of the name they carry."""
    said: dict[str, tuple[str, str]] = {}  # speaker -> (name, entity id): many facts share a speaker

    def attributed(speaker: str) -> tuple[str, str]:
        if speaker not in said:
            said[speaker] = _attributed(speaker, entity_of_key, titles)
        return said[speaker]
    for af in facts:
        for r in af["roles"]:
            r["entity"] = entity_of_key.get(name_key(r["name"]), "")
        for s in af["statements"]:
            s["speaker"], s["speaker_entity"] = attributed(s["speaker"])
        for n in af["numbers"]:
            n["claimant"], n["claimant_entity"] = attributed(n["claimant"])
        for fr in af["framings"]:
            if fr["speaker"] and name_key(fr["speaker"]) not in entity_of_key:
                name = resolve_title(fr["speaker"], titles)
                if name and name_key(name) in entity_of_key:
                    fr["speaker"] = name


def _attributed(speaker: str, entity_of_key: dict[str, str],
                titles: dict[tuple[str, str], set[str]]) -> tuple[str, str]:
    """A speaker or claimant and its entity id; a title ("Azerbaijan's president") becomes the name.

    Only whole names link: "Azerbaijan's Defense Ministry" is not "Azerbaijan"."""
    for candidate in (speaker, _without_leading_titles(speaker)):
        eid = entity_of_key.get(name_key(candidate), "") if candidate else ""
        if eid:
            return candidate, eid
    name = resolve_title(speaker, titles)
    eid = entity_of_key.get(name_key(name), "") if name else ""
    return (name, eid) if eid else (speaker, "")


def _without_leading_titles(speaker: str) -> str:
    """ "Deputy Mayor Tomas Reinholt" -> "Tomas Reinholt": the title a speaker is written with is a
    role, not part of the name; "" when the speaker does not start with a title word."""
    words = speaker.split()
    k = 0
    while k < len(words) - 1 and words[k][:1].isupper() and words[k].lower() in TITLE_NOUNS | TITLE_MODIFIERS:
        k += 1
    return " ".join(words[k:]) if k else ""
