"""The ``caseline_events`` component: one event per (sentence, date), with summary and actors."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..dates import (
    PRESENT,
    DateValue,
)
from ..lexicon import NAME_LABELS
from ..sentences import split_sentences
from ..types import Event
from .boilerplate import _is_label_line, boilerplate_sentences, caption_sentences
from .common import _EVENT_KINDS_NO_POINT, TaggedTimex, _text, _tokens
from .relations import NO_LINK, Link, _lede_end, _relation_events
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


class EventBuilder:
    """Turns dated timexes into one event per (sentence, date)."""

    def __init__(self, nlp: Language, name: str = "caseline_events") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        tagged: list[TaggedTimex] = doc._.caseline_timexes or []
        sentences: list[tuple[int, int]] = doc._.caseline_sentences or split_sentences(
            _text(doc)
        )
        published = doc._.caseline_published or date.today()
        boiler = doc._.caseline_boilerplate
        if boiler is None:
            boiler = boilerplate_sentences(_text(doc), sentences)
        captions = caption_sentences(_text(doc), sentences)
        has_tags = doc.has_annotation("TAG")  # O(n): once per doc, not per sentence
        ents = [
            (ent.start_char, ent.end_char, ent.text)
            for ent in doc.ents
            if ent.label_ in _ACTOR_LABELS
        ]
        lede_end = _lede_end(_text(doc), sentences, boiler)
        by_sentence: dict[int, list[TaggedTimex]] = {}
        for t in tagged:
            by_sentence.setdefault(t.sentence, []).append(t)
        events: list[Event] = []
        seen: set[tuple[int, str]] = set()
        links: dict[tuple[int, str], Link] = {}
        earlier: list[tuple[int, int, list[TaggedTimex]]] = []
        for si, items in sorted(by_sentence.items()):
            if si in boiler or si >= len(sentences):
                continue
            s, e = sentences[si]
            tim_spans = [(t.timex.start, t.timex.end) for t in items]
            points = [
                (t.timex.start, t.timex.end)
                for t in items
                if t.resolution.point is not None
            ]
            if _is_label_line(doc, s, e, tim_spans, has_tags):
                continue  # a date line or a label, not a statement
            sentence_text = _text(doc)[s:e]
            actors = _actors(ents, s, e)

            def add(
                point: DateValue,
                expr: str | None,
                es: int | None,
                ee: int | None,
                summary: str,
                why: str,
                anchor: str,
                qualifier: str = "exact",
                link: Link = NO_LINK,
                _s: int = s,
                _e: int = e,
                _text: str = sentence_text,
                _actors: tuple[str, ...] = actors,
            ) -> None:
                key = (_s, point.iso())
                if key in seen:
                    return
                seen.add(key)
                if link[0] is not None:
                    links[key] = link
                events.append(
                    Event(
                        point.iso(),
                        point.precision.word,
                        qualifier,
                        expr,
                        es,
                        ee,
                        _text,
                        _s,
                        _e,
                        summary or _text[:200],
                        _actors,
                        why,
                        anchor,
                    )
                )

            for t in items:
                res = t.resolution
                if res.offset is not None:
                    if t.kind != "ago":
                        continue
                    for (
                        point,
                        expr,
                        es,
                        ee,
                        summary,
                        why,
                        anchor,
                        link,
                    ) in _relation_events(
                        doc,
                        t,
                        items,
                        published,
                        (s, e),
                        earlier,
                        s < lede_end,
                    ):
                        if not summary:
                            summary = _summary(
                                doc,
                                s,
                                e,
                                _tokens(doc, t.timex.start, t.timex.end),
                                _others(points, t),
                            )
                        add(
                            point,
                            expr,
                            es,
                            ee,
                            summary,
                            why,
                            anchor,
                            "about" if res.offset.approx else "exact",
                            link,
                        )
                    continue
                if (
                    res.point is None
                    or t.kind in _EVENT_KINDS_NO_POINT
                    or t.dateline
                    or (si in captions and t.tense in (PRESENT, None))
                    or _year_of_dated_name(doc, t, items)
                ):
                    # a caption's present tense dates the photo, not a happening
                    continue
                expr, es, ee = _expression(doc, t)
                span = _tokens(doc, t.timex.start, t.timex.end)
                add(
                    res.point,
                    expr,
                    es,
                    ee,
                    _summary(doc, s, e, span, _others(points, t)),
                    res.derivation,
                    res.anchor if res.anchor != "none" else "publication",
                    res.qualifier,
                )
            earlier.append(
                (
                    s,
                    e,
                    [
                        t
                        for t in items
                        if t.resolution.point is not None
                        and t.resolution.offset is None
                        and t.kind not in _EVENT_KINDS_NO_POINT
                    ],
                )
            )
        events.sort(
            key=lambda ev: (
                ev.sentence_start,
                ev.expression_start if ev.expression_start is not None else 10**12,
            )
        )
        doc._.caseline_events = _with_anchor_indexes(events, links)
        return doc


def _year_of_dated_name(doc: Doc, t: TaggedTimex, items: list[TaggedTimex]) -> bool:
    """ "The 2024 Paris Olympics open on July 26": a year naming the games is
    no event of its own when the sentence dates the happening more finely."""
    if t.kind != "year" or t.resolution.point is None:
        return False
    span = _tokens(doc, t.timex.start, t.timex.end)
    if (
        span is None
        or span.end >= len(doc)
        or doc[span.end].ent_type_ not in NAME_LABELS
    ):
        return False
    return any(
        o is not t and o.resolution.point is not None and o.resolution.point.month
        for o in items
    )


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
