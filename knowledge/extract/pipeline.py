"""The per-article pipeline: the spaCy model with factbot's sentence rules, one parse context
per document, and the extractors run over it in a fixed order (see :data:`STEPS`)."""

from __future__ import annotations

import bisect
import logging
import multiprocessing
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from knowledge.articles import Article
from knowledge.entities import ABBREVIATIONS, ORG_WORDS, TITLE_ABBREVIATIONS, TITLE_NOUNS
from knowledge.facts import (
    AliasPair,
    ArticleFacts,
    ArticleRecord,
    DatedEvent,
    Framing,
    Mention,
    NumericClaim,
    Role,
    Statement,
)
from knowledge.model import MODEL

from .aliases import extract_aliases, label_aliased_places
from .dates import extract_dates, infer_published
from .mentions import extract_mentions, extract_title_mentions
from .parse import quote_spans
from .quantities import extract_quantities
from .roles import extract_roles
from .statements import extract_statements

if TYPE_CHECKING:  # spaCy is only needed to build the store
    from spacy.language import Language
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)
#: what a caller of :func:`extract_articles` is told of an article the rules failed on
ErrorFn = Callable[[Article, Exception], None]


#: tokenizer infixes for scraped text that glues sentences together ("on 3/4/2019.Ohio", "(AP).The",
#: 'said.“We', '"no".The'); spaCy itself splits only a stop between a lower-case letter and a capital
GLUED_STOP_INFIXES = (
    r"(?<=[0-9)\]])\.(?=[A-Z][a-z])",  # a stop after a digit or a bracket, before a word
    r"(?<=\.)[“\"‘](?=[A-Z])",  # an opening quote mark glued to the stop before it
    r"[”\"’](?=\.[A-Z][a-z])",  # a closing quote mark glued to the stop after it
)
#: opening quote marks a glued sentence may begin with
OPENING_QUOTES = {"“", '"', "‘"}
#: amount suffixes spaCy keeps with the stop after them ("£2.7m. The"): after a number they end a sentence
MULTIPLIER_STOPS = {"m.", "k.", "b.", "bn.", "mn."}


def _capitalised_word(tok: Token) -> bool:
    return tok.is_title and any(c.islower() for c in tok.text)


def _amount_ends_sentence(doc: Doc, i: int) -> bool:
    """ "rose to £2.7m. The council": the stop of an amount suffix ends the sentence."""
    tok = doc[i]
    return tok.lower_ in MULTIPLIER_STOPS and i > 0 and doc[i - 1].like_num and not doc[i - 1].whitespace_ \
        and i + 1 < len(doc) and _capitalised_word(doc[i + 1])


def _glued_sentence_start(doc: Doc, i: int) -> bool:
    """Whether the stop ``doc[i]``, with no space after it, ends a sentence ("said.The mayor"): the next
    word is capitalised and the stop does not close an abbreviation or an initial ("St.Louis", "J.R.Smith")."""
    tok = doc[i]
    if tok.text != "." or tok.whitespace_ or i == 0 or i + 1 >= len(doc):
        return False
    prev, word = doc[i - 1], doc[i + 1]
    if word.text in OPENING_QUOTES and not word.whitespace_ and i + 2 < len(doc):
        word = doc[i + 2]
    if not _capitalised_word(word):
        return False
    before = prev.lower_ + "."
    initial = len(prev.text) == 1 and prev.text.isupper()
    return not (initial or before in ABBREVIATIONS or before in TITLE_ABBREVIATIONS or prev.is_space)


def _sentence_rules(doc: Doc) -> Doc:
    """Newlines and glued stops are hard sentence boundaries; titles and abbreviations never end a sentence."""
    n = len(doc)
    for i in range(n - 1):
        tok = doc[i]
        nxt = doc[i + 1]
        if tok.is_space and "\n" in tok.text:
            if not nxt.is_space:
                nxt.is_sent_start = True
            continue
        if nxt.is_space:
            continue
        if _glued_sentence_start(doc, i) or _amount_ends_sentence(doc, i):
            nxt.is_sent_start = True
            continue
        low = tok.lower_
        if low in TITLE_ABBREVIATIONS and nxt.text[:1].isalpha():
            nxt.is_sent_start = False
        elif low in ABBREVIATIONS and not nxt.is_space and (
                nxt.is_lower or nxt.is_digit or nxt.text in {",", ";", ":", ")"}
                or nxt.lower_ in TITLE_NOUNS or nxt.lower_ in ORG_WORDS or nxt.lower_ in ABBREVIATIONS):
            nxt.is_sent_start = False
        elif low in ABBREVIATIONS and low.endswith(".") and len(low) <= 5 and nxt.is_title \
                and i + 2 < n and doc[i + 2].is_title and low in {"jr.", "sr.", "u.s.", "u.k.", "u.n."} \
                and nxt.lower_ not in {"the", "he", "she", "it", "they", "we", "i", "but", "in", "on", "a"}:
            # "Jr. Smith said" / "U.S. Coast Guard" : more of a name follows
            nxt.is_sent_start = False
    return doc


def _register() -> None:
    """Make the sentence-rules component known to spaCy (also in worker processes)."""
    try:
        from spacy.language import Language
    except ImportError:  # answering never needs spaCy
        return
    if "factbot_sentence_rules" not in Language.factories:
        Language.component("factbot_sentence_rules", func=_sentence_rules)


_register()


def load_nlp() -> Language:
    """The spaCy English model plus this module's sentence rules (before the parser)."""
    import spacy

    _register()
    nlp = spacy.load(MODEL)
    from spacy.symbols import ORTH

    # "Brig. Gen. Pat Ryder", "Tampa, Fla.": keep the stop inside the abbreviation's token
    for abbr in sorted(TITLE_ABBREVIATIONS | ABBREVIATIONS):
        for form in {abbr.capitalize(), abbr.upper(), abbr}:
            if form.endswith(".") and " " not in form and len(form) > 2:
                nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes) + list(GLUED_STOP_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    if "factbot_sentence_rules" not in nlp.pipe_names:
        nlp.add_pipe("factbot_sentence_rules", before="parser")
    return nlp


def extract_articles(articles: Iterable[Article], *, n_process: int = 1, batch_size: int = 8,
                     nlp: Any = None, on_error: ErrorFn | None = None) -> Iterator[ArticleFacts]:
    """One :class:`ArticleFacts` per article, in input order, from one ``nlp.pipe`` pass.

    Without ``on_error`` the first article that fails raises. With it, an article the rules fail on is
    handed to it and the pass goes on, and a batch a worker process fails on is left out (the caller sees
    which articles did not come back). Leaving the pass early stops its worker processes: spaCy would
    otherwise wait for workers blocked on a full pipe, for ever.

    ``load_nlp`` and ``extract_doc`` are looked up on the package at call time, so patching
    ``knowledge.extract.load_nlp`` (tests, benchmarks) takes effect here."""
    from knowledge import extract as api

    nlp = nlp if nlp is not None else api.load_nlp()
    stream = ((article.text, article) for article in articles)
    workers_before = set(multiprocessing.active_children())
    raising = nlp.default_error_handler
    if on_error is not None:
        nlp.default_error_handler = _log_worker_error
    finished = False
    try:
        for doc, article in nlp.pipe(stream, as_tuples=True, n_process=n_process, batch_size=batch_size):
            try:
                facts = api.extract_doc(article, doc)
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(article, exc)
                continue
            yield facts
        finished = True
    finally:
        nlp.default_error_handler = raising
        if not finished:
            _stop_workers(workers_before)


def _log_worker_error(name: str | None, component: Any, docs: Any, error: Exception) -> None:
    """spaCy's error handler while the caller collects failures: log and go on (picklable: workers get it)."""
    log.warning("spaCy could not analyse a batch (%s): %s", name or "worker", str(error).splitlines()[-1:])


def _stop_workers(before: set[multiprocessing.process.BaseProcess]) -> None:
    """Terminate the worker processes a pass started (those alive now that were not before it)."""
    for process in set(multiprocessing.active_children()) - before:
        process.terminate()


class ParseContext:
    """Per-document lookups shared by the rules (built once, linear)."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.doc = doc
        self.text = doc.text
        self.sents: list[tuple[int, int]] = []  # stripped char spans
        self.sent_tok: list[tuple[int, int]] = []  # token spans
        self.tok_sent = [0] * len(doc)
        for s in doc.sents:
            raw = s.text
            if not raw.strip() and self.sents:
                # whitespace alone is no sentence: it belongs to the one before
                k = len(self.sents) - 1
                self.sent_tok[k] = (self.sent_tok[k][0], s.end)
                for i in range(s.start, s.end):
                    self.tok_sent[i] = k
                continue
            k = len(self.sents)
            self.sent_tok.append((s.start, s.end))
            for i in range(s.start, s.end):
                self.tok_sent[i] = k
            lead = len(raw) - len(raw.lstrip())
            start = s.start_char + lead
            end = s.start_char + len(raw.rstrip())
            self.sents.append((start, max(start, end)))
        self.sent_starts = [a for a, _ in self.sents]
        self.tok_idx = [t.idx for t in doc]
        self.person_at: dict[int, Mention] = {}  # token index -> PERSON mention covering it
        self.mention_tok: list[tuple[int, int, Mention]] = []  # (start tok, end tok, mention)
        self.persons_in_order: list[tuple[int, str]] = []  # (token index, name)
        self.title_names: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.quotes: list[tuple[int, int]] = []

    def sent_of_char(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def tok_of_char(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.tok_idx, pos) - 1)

    def last_person_before(self, tok_i: int) -> str:
        """The person most recently named before token ``tok_i``, outside quotations."""
        k = bisect.bisect_left(self.persons_in_order, (tok_i, "")) - 1
        while k >= 0:
            pos, name = self.persons_in_order[k]
            if not self.in_quote(self.doc[pos].idx):
                return name
            k -= 1
        return ""

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quotes, (pos, 10**12)) - 1
        return k >= 0 and self.quotes[k][0] < pos < self.quotes[k][1]


@dataclass
class Found:
    """The facts the steps have found so far in one article."""

    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    framings: list[Framing] = field(default_factory=list)
    dates: list[DatedEvent] = field(default_factory=list)
    numbers: list[NumericClaim] = field(default_factory=list)
    aliases: list[AliasPair] = field(default_factory=list)


Step = Callable[[ParseContext, Found], None]


def _mention_step(ctx: ParseContext, found: Found) -> None:
    found.mentions = extract_mentions(ctx)


def _role_step(ctx: ParseContext, found: Found) -> None:
    found.roles = extract_roles(ctx)


def _title_mention_step(ctx: ParseContext, found: Found) -> None:
    """ "Azerbaijan's president": needs the titles the roles step noted."""
    found.mentions.extend(extract_title_mentions(ctx))
    found.mentions.sort(key=lambda m: (m["start"], m["end"]))


def _statement_step(ctx: ParseContext, found: Found) -> None:
    ctx.quotes = quote_spans(ctx.text)
    found.statements, found.framings = extract_statements(ctx)


def _date_step(ctx: ParseContext, found: Found) -> None:
    found.dates = extract_dates(ctx)


def _quantity_step(ctx: ParseContext, found: Found) -> None:
    found.numbers = extract_quantities(ctx, found.statements)


def _alias_step(ctx: ParseContext, found: Found) -> None:
    found.aliases = extract_aliases(ctx)
    label_aliased_places(found.mentions, found.aliases)


#: the extractors, in order: each may read what the ones before it found or noted on the context
STEPS: tuple[Step, ...] = (_mention_step, _role_step, _title_mention_step, _statement_step, _date_step,
                           _quantity_step, _alias_step)


def extract_doc(article: Article, doc: Doc) -> ArticleFacts:
    """All facts of one parsed article (a pure function of ``article`` and ``doc``)."""
    ctx = ParseContext(article, doc)
    record = ArticleRecord(
        id=article.id, path=article.path, title=article.title, outlet=article.outlet,
        published=article.published, published_inferred="", url=article.url, text=article.text,
        content_hash=article.content_hash, sentences=[[a, b] for a, b in ctx.sents],
    )
    found = Found()
    for step in STEPS:
        step(ctx, found)
    if not article.published:
        record["published_inferred"] = infer_published(found.dates)
    return ArticleFacts(article=record, mentions=found.mentions, roles=found.roles, statements=found.statements,
                        dates=found.dates, numbers=found.numbers, aliases=found.aliases, framings=found.framings)
