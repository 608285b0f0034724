"""The ``caseline_events`` component: one event per (sentence, date), with summary and actors."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..dates import (
    PRESENT,
    DateValue,
)
from ..lexicon import NAME_LABELS, REFERENCE_DEPS
from ..sentences import split_sentences
from ..types import Event
from .boilerplate import _is_label_line, boilerplate_sentences, caption_sentences
from .common import _EVENT_KINDS_NO_POINT, TaggedTimex, _text, _tokens
from .relations import NO_LINK, Link, Statements, _lede_end, _relation_events
from .tense import governing_verb

# the event builder
# --------------------------------------------------------------------------- #

_ACTOR_LABELS = {"PERSON", "ORG"}


_CIRCUMSTANCE_PREPS = ("after", "before", "because", "as", "while", "although", "amid")


def _is_circumstance(token: Token) -> bool:
    """An adverbial clause, or a preposition introducing one, of cause or time."""
    if token.dep_ == "advcl":
        return True
    return (
        token.dep_ == "prep"
        and token.lower_ in _CIRCUMSTANCE_PREPS
        and any(c.dep_ in ("pcomp", "pobj") for c in token.children)
    )


def _others(points: list[tuple[int, int]], t: TaggedTimex) -> list[tuple[int, int]]:
    return [p for p in points if p != (t.timex.start, t.timex.end)]


def _has_own_date(clause: Token, dates: Sequence[tuple[int, int]]) -> bool:
    """A verb clause that holds one of ``dates`` (character spans)."""
    return clause.pos_ in ("VERB", "AUX") and any(
        a <= t.idx < b for t in clause.subtree for a, b in dates
    )


def _is_aside(token: Token) -> bool:
    """A non-restrictive relative clause: "relcl" right after a comma."""
    if token.dep_ != "relcl":
        return False
    first = min(token.subtree, key=lambda t: t.i)
    return first.i > 0 and first.nbor(-1).text == ","


def _summary(
    doc: Doc,
    s: int,
    e: int,
    anchor: Span | None,
    other_dates: Sequence[tuple[int, int]] = (),
) -> str:
    """The clause that states what happened: the governing verb's subtree.
    ``other_dates`` are the sentence's other calendar dates (character spans)."""
    sent = _text(doc)[s:e]
    if anchor is None:
        return sent[:200]
    verb = governing_verb(anchor)
    if verb is None:
        return sent[:200]
    # "began deliberating that afternoon": the clause, not just its complement
    if verb.dep_ == "xcomp" and verb.head is not verb:
        verb = verb.head
    left = min(t.idx for t in verb.subtree)
    right = max(t.idx + len(t) for t in verb.subtree)
    # A trailing clause of circumstance ("..., after a report raised questions")
    # tells of another happening: the summary ends before it.
    # So does a clause joined on with a date of its own ("..., and by midday on
    # March 10 regulators had shut the bank"): it is the next happening.
    for child in verb.children:
        if child.i >= anchor.end and (
            _is_circumstance(child)
            or (child.dep_ == "conj" and _has_own_date(child, other_dates))
        ):
            right = min(right, min(t.idx for t in child.subtree))
    # So does a relative clause set off by a comma ("..., which killed 346
    # people"): background on a noun, not the happening dated; but not one on
    # the date itself ("in August, when the judge revoked his bail").
    for token in verb.subtree:
        if token.i >= anchor.end and _is_aside(token) and token.head not in anchor:
            right = min(right, min(t.idx for t in token.subtree))
    left, right = max(left, s), min(right, e)
    text = _text(doc)[left:right].strip().rstrip(",;:—- ")
    text = re.sub(r"(?:,?\s+(?:and|but|or))+$", "", text)
    if len(text) < 12:
        text = sent
    return text if len(text) <= 200 else text[:197].rstrip() + "..."


def _actors(ents: list[tuple[int, int, str]], s: int, e: int) -> tuple[str, ...]:
    """PERSON and ORG names inside [s, e); ``ents`` sorted by start (read once per doc)."""
    out: list[str] = []
    i = bisect_left(ents, (s, -1, ""))
    while i < len(ents) and ents[i][0] < e:
        start, end, name = ents[i]
        i += 1
        if end <= e:
            name = re.sub(r"(?:'s|’s)$", "", name.strip())
            if name and name not in out:
                out.append(name)
    return tuple(out)


# The prepositions a reporter keeps with the date ("in January", "by April"): a
# subset of _PREPS, which also holds ones that only tell the tense ("to", "over").
_EXPRESSION_PREPS = frozenset(
    "in on since by until till for from during before after through as at of within".split()
)


def _expression(
    doc: Doc, t: TaggedTimex, offset_end: int | None = None
) -> tuple[str, int, int]:
    """The expression as a reporter reads it: with its preposition ("in January")."""
    start = (
        t.prep_start
        if t.prep_start is not None and t.prep in _EXPRESSION_PREPS
        else t.timex.start
    )
    end = t.timex.end if offset_end is None else offset_end
    return _text(doc)[start:end], start, end


@dataclass(frozen=True)
class _Article:
    """What the builder reads once per document."""

    doc: Doc
    sentences: list[tuple[int, int]]
    published: date
    boiler: set[int]
    captions: set[int]
    has_tags: bool
    ents: list[tuple[int, int, str]]  # PERSON and ORG names, sorted by start
    lede_end: int


@dataclass(frozen=True)
class _Sentence:
    """One statement of the article with the timexes tagged in it."""

    index: int
    start: int
    end: int
    text: str
    actors: tuple[str, ...]
    items: list[TaggedTimex]
    points: list[tuple[int, int]]  # character spans of its calendar dates


# what an event is dated by: the expression's text and character span
_Expression = tuple[str | None, int | None, int | None]


@dataclass
class _Events:
    """The events found so far: one per (sentence, date), with their links."""

    found: list[Event] = field(default_factory=list)
    links: dict[tuple[int, str], Link] = field(default_factory=dict)
    seen: set[tuple[int, str]] = field(default_factory=set)

    def add(
        self,
        sent: _Sentence,
        point: DateValue,
        expression: _Expression,
        summary: str,
        why: str,
        anchor: str,
        qualifier: str = "exact",
        link: Link = NO_LINK,
    ) -> None:
        key = (sent.start, point.iso())
        if key in self.seen:
            return
        self.seen.add(key)
        if link[0] is not None:
            self.links[key] = link
        expr, es, ee = expression
        self.found.append(
            Event(
                point.iso(),
                point.precision.word,
                qualifier,
                expr,
                es,
                ee,
                sent.text,
                sent.start,
                sent.end,
                summary or sent.text[:200],
                sent.actors,
                why,
                anchor,
            )
        )

    def in_order(self) -> list[Event]:
        """In reading order, each pointing at the event it is dated from."""
        self.found.sort(
            key=lambda ev: (
                ev.sentence_start,
                ev.expression_start if ev.expression_start is not None else 10**12,
            )
        )
        return _with_anchor_indexes(self.found, self.links)


class EventBuilder:
    """Turns dated timexes into one event per (sentence, date)."""

    def __init__(self, nlp: Language, name: str = "caseline_events") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        events = self.find_events(doc)
        self.set_annotations(doc, events)
        return doc

    def find_events(self, doc: Doc) -> list[Event]:
        """The events of ``doc``'s statements, in reading order."""
        article = _read_article(doc)
        events = _Events()
        statements = list(_statements(article))
        # each statement with its calendar dates: what "after X" may name
        dated = [(st.start, st.end, _calendar_dates(st.items)) for st in statements]
        for i, sent in enumerate(statements):
            for t in sent.items:
                if t.resolution.offset is not None:
                    if t.kind == "units_ago_or_after":
                        others = (dated[:i], dated[i + 1 :])
                        _add_relation_events(article, sent, t, others, events)
                elif not _dates_nothing(article, sent, t):
                    _add_dated_event(article, sent, t, events)
        return events.in_order()

    def set_annotations(self, doc: Doc, events: list[Event]) -> None:
        doc._.caseline_events = events


def _read_article(doc: Doc) -> _Article:
    sentences: list[tuple[int, int]] = doc._.caseline_sentences or split_sentences(
        _text(doc)
    )
    boiler = doc._.caseline_boilerplate
    if boiler is None:
        boiler = boilerplate_sentences(_text(doc), sentences)
    ents = [
        (ent.start_char, ent.end_char, ent.text)
        for ent in doc.ents
        if ent.label_ in _ACTOR_LABELS
    ]
    return _Article(
        doc,
        sentences,
        doc._.caseline_published or date.today(),
        boiler,
        caption_sentences(_text(doc), sentences),
        doc.has_annotation("TAG"),  # O(n): once per doc, not per sentence
        ents,
        _lede_end(_text(doc), sentences, boiler),
    )


def _statements(article: _Article) -> Iterator[_Sentence]:
    """The sentences with timexes, in order, leaving out boilerplate and labels."""
    doc = article.doc
    tagged: list[TaggedTimex] = doc._.caseline_timexes or []
    by_sentence: dict[int, list[TaggedTimex]] = {}
    for t in tagged:
        by_sentence.setdefault(t.sentence, []).append(t)
    for si, items in sorted(by_sentence.items()):
        if si in article.boiler or si >= len(article.sentences):
            continue
        s, e = article.sentences[si]
        tim_spans = [(t.timex.start, t.timex.end) for t in items]
        if _is_label_line(doc, s, e, tim_spans, article.has_tags):
            continue  # a date line or a label, not a statement
        points = [
            (t.timex.start, t.timex.end)
            for t in items
            if t.resolution.point is not None
        ]
        text = _text(doc)[s:e]
        yield _Sentence(si, s, e, text, _actors(article.ents, s, e), items, points)


def _add_relation_events(
    article: _Article,
    sent: _Sentence,
    t: TaggedTimex,
    others: tuple[Statements, Statements],
    events: _Events,
) -> None:
    """ "N units after/before X": the events it dates (rule 8)."""
    doc = article.doc
    offset = t.resolution.offset
    assert offset is not None
    found = _relation_events(
        doc,
        t,
        sent.items,
        (sent.start, sent.end),
        *others,
        (article.lede_end, article.published),
    )
    for point, expr, es, ee, summary, why, anchor, link in found:
        if not summary:
            span = _tokens(doc, t.timex.start, t.timex.end)
            summary = _summary(doc, sent.start, sent.end, span, _others(sent.points, t))
        qualifier = "about" if offset.approx else "exact"
        events.add(sent, point, (expr, es, ee), summary, why, anchor, qualifier, link)


def _dates_nothing(article: _Article, sent: _Sentence, t: TaggedTimex) -> bool:
    """A timex that gives no event of its own: no point, a length of time, a
    dateline, a photo's day, a year naming something dated more finely."""
    return (
        t.resolution.point is None
        or t.kind in _EVENT_KINDS_NO_POINT
        or t.dateline
        # a caption's present tense dates the photo, not a happening
        or (sent.index in article.captions and t.tense in (PRESENT, None))
        or _year_of_dated_name(article.doc, t, sent.items)
    )


def _add_dated_event(
    article: _Article, sent: _Sentence, t: TaggedTimex, events: _Events
) -> None:
    """The event a timex dates directly."""
    doc = article.doc
    res = t.resolution
    assert res.point is not None
    span = _tokens(doc, t.timex.start, t.timex.end)
    events.add(
        sent,
        res.point,
        _expression(doc, t),
        _summary(doc, sent.start, sent.end, span, _others(sent.points, t)),
        res.derivation,
        res.anchor if res.anchor != "none" else "publication",
        res.qualifier,
    )


def _calendar_dates(items: list[TaggedTimex]) -> list[TaggedTimex]:
    """The timexes that name a calendar date of their own (no offsets, no lengths)."""
    return [
        t
        for t in items
        if t.resolution.point is not None
        and t.resolution.offset is None
        and t.kind not in _EVENT_KINDS_NO_POINT
    ]


def _year_of_dated_name(doc: Doc, t: TaggedTimex, items: list[TaggedTimex]) -> bool:
    """ "The 2024 Paris Olympics open on July 26": a year naming the games is
    no event of its own when the sentence dates the happening more finely; nor
    is a year on a noun ("The 2023 budget was approved on Tuesday") when the
    sentence's finer date lies in that very year: one happening, dated once."""
    point = t.resolution.point
    if t.kind != "year" or point is None:
        return False
    span = _tokens(doc, t.timex.start, t.timex.end)
    if span is None or span.end >= len(doc):
        return False
    finer = [
        o.resolution.point
        for o in items
        if o is not t and o.resolution.point is not None and o.resolution.point.month
    ]
    if doc[span.end].ent_type_ in NAME_LABELS:
        return bool(finer)
    on_noun = span.root.dep_ in REFERENCE_DEPS and span.root.head.pos_ == "NOUN"
    return on_noun and any(point.contains(f) for f in finer)


def _with_anchor_indexes(
    events: list[Event], links: dict[tuple[int, str], Link]
) -> list[Event]:
    """Point each event dated from another at that event's index in the list."""
    index = {(ev.sentence_start, ev.date): i for i, ev in enumerate(events)}
    out = []
    for ev in events:
        target, offset = links.get((ev.sentence_start, ev.date), NO_LINK)
        i = index.get(target) if target is not None else None
        if i is not None and offset is not None and events[i] is not ev:
            ev = replace(ev, anchor_index=i, offset=offset)
        out.append(ev)
    return out


@Language.factory(
    "caseline_events",
    assigns=["doc._.caseline_events"],
    requires=["doc._.caseline_timexes"],
)
def make_event_builder(nlp: Language, name: str) -> EventBuilder:
    """Factory of the event builder (entry point ``caseline_events``)."""
    return EventBuilder(nlp, name)
