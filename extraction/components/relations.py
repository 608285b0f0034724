"""Events dated through another event: "N units after/before X" (rule 8)."""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc, Span, Token

from ..dates import (
    PRESENT,
    DateValue,
    pub_text,
    shift,
)
from ..lexicon import CANON
from .common import _EVENT_KINDS_NO_POINT, TaggedTimex, _text, _tokens
from .tense import governing_verb, verb_tense


def _relation_anchor(
    t: TaggedTimex, same_sentence: list[TaggedTimex]
) -> TaggedTimex | None:
    """The dated expression a rule-8 relation hangs on: nearest before, else after."""
    before = [
        o
        for o in same_sentence
        if o.timex.end <= t.timex.start
        and o.resolution.point
        and o.resolution.offset is None
        and o.kind not in _EVENT_KINDS_NO_POINT
    ]
    if before:
        return before[-1]
    after = [
        o
        for o in same_sentence
        if o.timex.start >= t.timex.end
        and o.resolution.point
        and o.resolution.offset is None
        and o.kind not in _EVENT_KINDS_NO_POINT
    ]
    return after[0] if after else None


def _relation_events(
    doc: Doc,
    t: TaggedTimex,
    same: list[TaggedTimex],
    published: date,
    sent: tuple[int, int],
    earlier: list[tuple[int, int, list[TaggedTimex]]] | None = None,
    lede: bool = False,
) -> list[tuple[DateValue, str | None, int | None, int | None, str, str, str, Link]]:
    """Events from "N units after/before X" (rule 8): the dated one and X.

    Each comes with the link to the event it is dated from, if any: the key
    (sentence start, date) of that event and the signed offset from it.

    The dated one hangs on another date of the same clause if there is one
    (then X is counted from it, unless the count is open-ended: "more than two
    years after X" is commentary); else on an earlier sentence that dates X
    ("three months after the verdict"); else, only in the headline or lede or
    a present-tense report, it is the news itself, dated by publication. A past
    event after an undated X further down gets no date at all.
    """
    off = t.resolution.offset
    assert off is not None
    rel_word = "after" if off.sign < 0 else "before"
    expr_end = t.timex.end + len(" " + rel_word)
    # what X is: the clause after "after"/"before"
    x_clause = _text(doc)[expr_end : sent[1]].strip()
    x_clause = re.split(r"[,;:—]|\s-\s", x_clause)[0].strip()[:160]
    mention = _earlier_mention(doc, expr_end, sent[1], earlier or [])
    anchor = _relation_anchor(t, same)
    if anchor is not None and _same_clause(doc, anchor, t):
        if off.bound:
            return []  # the clause is dated already; the elapsed time is commentary
        if mention is not None:  # X keeps the date the text wrote for it
            return [_x_as_written(mention, x_clause, earlier or [])]
        return _x_from_anchor(doc, t, anchor, expr_end, x_clause, sent)
    if mention is not None:
        return _y_from_mention(doc, t, mention, expr_end, x_clause, earlier or [])
    if not lede and _main_tense(doc, t) != PRESENT:
        return []  # X is dated nowhere: never counted back from publication
    return _from_publication(doc, t, published, expr_end, x_clause, sent)


def _lede_end(text: str, sentences: list[tuple[int, int]], boiler: set[int]) -> int:
    """Where the top of the story ends: its first three lines of prose (headline,
    subhead, lede), bylines and stamps not counted. There a "day after X" whose
    X is dated nowhere is the news itself, dated by publication."""
    lines = 0
    for i, (s, e) in enumerate(sentences):
        if i in boiler or len(text[s:e].split()) < 6:
            continue
        if i == 0 or "\n" in text[sentences[i - 1][1] : s]:
            lines += 1  # a sentence that starts a line
        if lines > 3:
            return s
    return len(text)


def _same_clause(doc: Doc, a: TaggedTimex, b: TaggedTimex) -> bool:
    """Whether two timexes date one clause: one's verb governs the other's,
    not through reported speech ("said on Monday it closed three weeks after")."""
    if a.verb is None or b.verb is None:
        return a.verb == b.verb
    return bool(_clause_chain(doc[a.verb]) & _clause_chain(doc[b.verb]))


def _clause_chain(verb: Token) -> set[int]:
    """The verb and those above it up to the top of its clause: reported speech
    and coordinated clauses are clauses of their own."""
    out = {verb.i}
    while verb.head.i != verb.i and verb.dep_ not in ("ccomp", "parataxis", "conj"):
        verb = verb.head
        out.add(verb.i)
    return out


def _main_tense(doc: Doc, t: TaggedTimex) -> str | None:
    """Tense of the clause "N units after X" dates, not of X's own clause."""
    if t.verb is None:
        return t.tense
    verb = doc[t.verb]
    if verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ("after", "before", "since")
        for c in verb.children
    ):
        verb = verb.head
    return verb_tense(verb)


def _verb_index(span: Span) -> int | None:
    verb = governing_verb(span)
    return verb.i if verb is not None else None


def _x_as_written(
    mention: TaggedTimex,
    x_clause: str,
    earlier: list[tuple[int, int, list[TaggedTimex]]],
) -> tuple[DateValue, str | None, int | None, int | None, str, str, str, Link]:
    x_point = mention.resolution.point
    assert x_point is not None
    why = f"{x_clause!r} → {x_point.human()}: dated earlier by '{mention.timex.text}'"
    link = ((_sentence_start(mention, earlier), x_point.iso()), "P0D")
    return (x_point, None, None, None, x_clause, why, "event", link)


def _x_from_anchor(
    doc: Doc,
    t: TaggedTimex,
    anchor: TaggedTimex,
    expr_end: int,
    x_clause: str,
    sent: tuple[int, int],
) -> list[tuple[DateValue, str | None, int | None, int | None, str, str, str, Link]]:
    off = t.resolution.offset
    assert off is not None
    base_point = anchor.resolution.point
    assert base_point is not None
    r = shift(base_point.first_day(), off.n, off.unit, off.sign)
    if r is None:
        return []
    expr = _text(doc)[t.timex.start : expr_end]
    x_point = _precise(r[0], off.unit, off.approx, base_point)
    why = (
        f"'{expr}' → {x_point.human()}: {t.timex.text.lower()} "
        f"{'before' if off.sign < 0 else 'after'} "
        f"'{anchor.timex.text}' ({base_point.human()})"
        + ("; approximate, so only the year" if off.approx else "")
    )
    link = ((sent[0], base_point.iso()), iso_offset(off.n, off.unit, off.sign))
    return [(x_point, None, None, None, x_clause, why, "event", link)]


def _y_from_mention(
    doc: Doc,
    t: TaggedTimex,
    mention: TaggedTimex,
    expr_end: int,
    x_clause: str,
    earlier: list[tuple[int, int, list[TaggedTimex]]],
) -> list[tuple[DateValue, str | None, int | None, int | None, str, str, str, Link]]:
    off = t.resolution.offset
    assert off is not None
    x_point = mention.resolution.point
    assert x_point is not None
    r = shift(x_point.first_day(), off.n, off.unit, -off.sign)
    if r is None:
        return []
    rel_word = "after" if off.sign < 0 else "before"
    expr = _text(doc)[t.timex.start : expr_end]
    y_point = _precise(r[0], off.unit, off.approx, x_point)
    why_y = (
        f"'{expr}' → {y_point.human()}: {t.timex.text} {rel_word} {x_clause!r}, "
        f"dated earlier in the text by '{mention.timex.text}' ({x_point.human()})"
    )
    earlier_key = (_sentence_start(mention, earlier), x_point.iso())
    link_y = (earlier_key, iso_offset(off.n, off.unit, -off.sign))
    return [
        (y_point, expr, t.timex.start, expr_end, "", why_y, "event", link_y),
        _x_as_written(mention, x_clause, earlier),
    ]


def _from_publication(
    doc: Doc,
    t: TaggedTimex,
    published: date,
    expr_end: int,
    x_clause: str,
    sent: tuple[int, int],
) -> list[tuple[DateValue, str | None, int | None, int | None, str, str, str, Link]]:
    """A headline's or a present-tense report's "a day after X": the news itself
    happened at publication, and X that long before it."""
    off = t.resolution.offset
    assert off is not None
    rel_word = "after" if off.sign < 0 else "before"
    text = t.timex.text
    expr = _text(doc)[t.timex.start : expr_end]
    y_point = _precise(published, off.unit, False, None)
    r = shift(published, off.n, off.unit, off.sign)
    if r is None:
        return []
    x_point = _precise(r[0], off.unit, off.approx, y_point)
    why_y = (
        f"'{expr}' → {y_point.human()}: the news itself, {text.lower()} {rel_word} "
        f"{x_clause!r}, taken at publication on {pub_text(published)}"
    )
    why_x = (
        f"'{expr}' → {x_point.human()}: {text.lower()} "
        f"{'before' if off.sign < 0 else 'after'} the news of {y_point.human()}"
        + ("; approximate, so only the year" if off.approx else "")
    )
    main = _main_clause(doc, expr_end, sent)
    link = ((sent[0], y_point.iso()), iso_offset(off.n, off.unit, off.sign))
    return [
        (y_point, expr, t.timex.start, expr_end, main, why_y, "event", NO_LINK),
        (x_point, None, None, None, x_clause, why_x, "event", link),
    ]


# (sentence start, date) of the event another is dated from, and the offset.
Link = tuple[tuple[int, str] | None, str | None]
NO_LINK: Link = (None, None)
_ISO_UNITS = {"day": "D", "night": "D", "week": "W", "month": "M", "year": "Y"}


def iso_offset(n: float, unit: str, sign: int) -> str | None:
    """'+P1Y', '-P2D': how far an event lies from the one it is dated from."""
    letter = _ISO_UNITS.get(unit)
    if letter is None or n != int(n):
        return None  # decades, quarters, fractions: not re-derivable exactly
    return f"{'+' if sign > 0 else '-'}P{int(n)}{letter}"


def _sentence_start(
    mention: TaggedTimex, earlier: list[tuple[int, int, list[TaggedTimex]]]
) -> int:
    # from the latest: a mention is one of the last sentences' (and a timex
    # belongs to one sentence only, so the order does not change the answer)
    for start, _end, items in reversed(earlier):
        if any(m is mention for m in items):
            return start
    return -1


def _main_clause(doc: Doc, after: int, sent: tuple[int, int]) -> str:
    """ "A year after FTX fell, a jury needed only hours" -> "a jury needed only hours"."""
    rest = _text(doc)[after : sent[1]]
    comma = rest.find(",")
    if comma >= 0 and len(rest) - comma > 12:
        return rest[comma + 1 :].strip()[:200]
    return ""


_LIGHT_VERBS = {"be", "have", "do", "say", "make", "take", "get", "go", "come"}


def _event_key(doc: Doc, start: int, end: int) -> str | None:
    """The word that names X in "after X": its first common noun or full verb."""
    span = _tokens(doc, start, min(end, start + 80))
    if span is None:
        return None
    for tok in span:
        if tok.pos_ == "NOUN" and tok.is_alpha and len(tok) > 3:
            return tok.lemma_.lower()
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in _LIGHT_VERBS:
            return tok.lemma_.lower()
        if tok.is_punct:
            break
    return None


def _earlier_mention(
    doc: Doc, start: int, end: int, earlier: list[tuple[int, int, list[TaggedTimex]]]
) -> TaggedTimex | None:
    """The date of an earlier sentence that mentions X by the same word or a
    word of the same action ("the blast" after "exploded"), if any."""
    key = _event_key(doc, start, end)
    if key is None:
        return None
    keys = {key, CANON.get(key, key)}
    for s, e, dated in reversed(earlier):
        span = _tokens(doc, s, e)
        if span is None or not any(
            tok.lemma_.lower() in keys or CANON.get(tok.lemma_.lower()) in keys
            for tok in span
        ):
            continue
        if dated:
            return dated[-1]
    return None


def _precise(d: date, unit: str, approx: bool, anchor: DateValue | None) -> DateValue:
    if approx:
        return DateValue(d.year)
    if unit in ("day", "night", "hour", "minute", "second"):
        if anchor is not None and anchor.day is None:
            return DateValue(d.year, d.month) if anchor.month else DateValue(d.year)
        return DateValue.of(d)
    if unit in ("week", "weekend", "fortnight", "month", "quarter", "year"):
        if anchor is not None and anchor.month is None:
            return DateValue(d.year)
        return DateValue(d.year, d.month)
    return DateValue(d.year)
