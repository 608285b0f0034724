"""Events dated through another event: "N units after/before X" (rule 8)."""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc, Span, Token

from ..dates import (
    DateValue,
    pub_text,
    shift,
)
from ..doc_cache import lemma_keys
from ..lexicon import CANON
from .common import _EVENT_KINDS_NO_POINT, TaggedTimex, _text, _tokens
from .tense import governing_verb


def _calendar(items: list[TaggedTimex]) -> list[TaggedTimex]:
    """The timexes that name a calendar date of their own."""
    return [
        o
        for o in items
        if o.resolution.point
        and o.resolution.offset is None
        and o.kind not in _EVENT_KINDS_NO_POINT
    ]


def _relation_anchor(
    t: TaggedTimex, same_sentence: list[TaggedTimex]
) -> TaggedTimex | None:
    """The dated expression a rule-8 relation hangs on: nearest before, else after."""
    dated = _calendar(same_sentence)
    before = [o for o in dated if o.timex.end <= t.timex.start]
    if before:
        return before[-1]
    after = [o for o in dated if o.timex.start >= t.timex.end]
    return after[0] if after else None


# The article's other statements, each (start, end, its calendar dates).
Statements = list[tuple[int, int, list[TaggedTimex]]]


def _relation_events(
    doc: Doc,
    t: TaggedTimex,
    same: list[TaggedTimex],
    sent: tuple[int, int],
    earlier: Statements,
    later: Statements,
    top: tuple[int, date],
) -> list[tuple[DateValue, str | None, int | None, int | None, str, str, str, Link]]:
    """Events from "N units after/before X" (rule 8): the dated one and X.

    Each comes with the link to the event it is dated from, if any: the key
    (sentence start, date) of that event and the signed offset from it.

    The dated one hangs on another date of the same clause if there is one
    (then X is counted from it, unless the count is open-ended: "more than two
    years after X" is commentary); else on the sentence that dates X, earlier
    ("three months after the verdict") or below in the clause naming it (a
    headline's "a day after the grounding"); else, at the top of the story, on
    the lede's date of the news itself. "N after X" is X + N from a date the
    text writes. Only the headline or lede with nothing dated is the news of
    the day, dated by publication (never an open-ended "more than two years
    after X"); further down, an X dated nowhere gives no date at all.
    """
    off = t.resolution.offset
    assert off is not None
    lede_end, published = top
    rel_word = "after" if off.sign < 0 else "before"
    expr_end = t.timex.end + len(" " + rel_word)
    x_clause = _x_clause(doc, expr_end, sent[1])
    anchor = _relation_anchor(t, same)
    x_end = _text(doc).find(x_clause, expr_end) + len(x_clause)
    own = [o for o in _calendar(same) if expr_end <= o.timex.start < x_end]
    if own:
        # "six months after he left the agency in 2019": the date is X's own;
        # X keeps it, and the event after it is dated from it unless its own
        # clause dates it already or the count is open-ended
        if off.bound or (anchor is not None and anchor is not own[0]):
            return []
        return _y_from_mention(doc, t, own[0], expr_end, x_clause, [(*sent, same)])
    written = _written_date(doc, expr_end, sent[1], earlier, later)
    if anchor is not None and _same_clause(doc, anchor, t):
        if off.bound:
            return []  # the clause is dated already; the elapsed time is commentary
        if written is not None:  # X keeps the date the text wrote for it
            return [_x_as_written(written[0], x_clause, written[1])]
        return _x_from_anchor(doc, t, anchor, expr_end, x_clause, sent)
    if written is not None:
        return _y_from_mention(doc, t, written[0], expr_end, x_clause, written[1])
    if sent[0] >= lede_end or off.bound:
        return []  # X is dated nowhere: never counted back from publication
    top_statements = [st for st in earlier + later if st[0] < lede_end]
    base = _news_base(doc, t, top_statements, published)
    return _from_news(doc, t, base, expr_end, x_clause, sent)


def _written_date(
    doc: Doc, start: int, end: int, earlier: Statements, later: Statements
) -> tuple[TaggedTimex, Statements] | None:
    """Where the text dates X, with the statements it was found in: the last
    earlier sentence naming it, else the first clause further down naming it
    (looked for only then, since it reads the rest of the article)."""
    keys = _event_keys(doc, start, end)
    mention = _earlier_mention(doc, keys, earlier)
    if mention is not None:
        return mention, earlier
    below = _clause_mention(doc, keys, later)
    return None if below is None else (below, later)


def _news_base(
    doc: Doc, t: TaggedTimex, top: Statements, published: date
) -> tuple[date, DateValue | None, str]:
    """When the headline's news took place: the lede's date of it, else the
    publication day (the top of the story is the news of the day)."""
    news = _clause_mention(doc, _news_keys(doc, t), top)
    if news is not None and news.resolution.point is not None:
        point = news.resolution.point
        why = f"dated at the top of the story by '{news.timex.text}'"
        return (point.first_day(), point, why)
    return (published, None, f"taken at publication on {pub_text(published)}")


def _x_clause(doc: Doc, start: int, end: int) -> str:
    """What X is: the clause after "after"/"before", up to its punctuation."""
    rest = _text(doc)[start:end].strip()
    return re.split(r"[,;:—]|\s-\s", rest)[0].strip()[:160]


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
    why = (
        f"{x_clause!r} → {x_point.human()}: dated in the text by '{mention.timex.text}'"
    )
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
    y_point = _count_from(x_point, off.n, off.unit, -off.sign, off.approx)
    if y_point is None:  # "six months after" a year: either year, so no date
        return [_x_as_written(mention, x_clause, earlier)]
    rel_word = "after" if off.sign < 0 else "before"
    expr = _text(doc)[t.timex.start : expr_end]
    why_y = (
        f"'{expr}' → {y_point.human()}: {t.timex.text} {rel_word} {x_clause!r}, "
        f"dated in the text by '{mention.timex.text}' ({x_point.human()})"
    )
    earlier_key = (_sentence_start(mention, earlier), x_point.iso())
    link_y = (earlier_key, iso_offset(off.n, off.unit, -off.sign))
    return [
        (y_point, expr, t.timex.start, expr_end, "", why_y, "event", link_y),
        _x_as_written(mention, x_clause, earlier),
    ]


def _count_from(
    x_point: DateValue, n: float, unit: str, sign: int, approx: bool
) -> DateValue | None:
    """X's date moved by the count, at the precision both ends of X's period
    agree on (rule 3: "two weeks after" a March date may be April: the year)."""
    first = shift(x_point.first_day(), n, unit, sign)
    last = shift(x_point.last_day(), n, unit, sign)
    if first is None or last is None:
        return None
    a = _precise(first[0], unit, approx, x_point)
    b = _precise(last[0], unit, approx, x_point)
    if a == b:
        return a
    return DateValue(a.year) if a.year == b.year else None


def _from_news(
    doc: Doc,
    t: TaggedTimex,
    news: tuple[date, DateValue | None, str],
    expr_end: int,
    x_clause: str,
    sent: tuple[int, int],
) -> list[tuple[DateValue, str | None, int | None, int | None, str, str, str, Link]]:
    """A headline's "A year after X, a jury convicted him": the news itself took
    place on ``news`` (day, its point if the lede dates it, whence), X that long
    before it."""
    off = t.resolution.offset
    assert off is not None
    day, news_point, whence = news
    rel_word = "after" if off.sign < 0 else "before"
    text = t.timex.text
    expr = _text(doc)[t.timex.start : expr_end]
    y_point = _precise(day, off.unit, False, news_point)
    r = shift(day, off.n, off.unit, off.sign)
    if r is None:
        return []
    x_point = _precise(r[0], off.unit, off.approx, y_point)
    why_y = (
        f"'{expr}' → {y_point.human()}: the news itself, {text.lower()} {rel_word} "
        f"{x_clause!r}, {whence}"
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
        if tok.pos_ == "PROPN" and tok.lower_ in CANON:
            return tok.lower_  # a title-case headline's "Federal Grounding"
        if tok.pos_ == "VERB" and tok.lemma_.lower() not in _LIGHT_VERBS:
            return tok.lemma_.lower()
        if tok.is_punct:
            break
    return None


def _event_keys(doc: Doc, start: int, end: int) -> set[str]:
    """The lemma naming X and the first word of its action class."""
    key = _event_key(doc, start, end)
    return set() if key is None else {key, CANON.get(key, key)}


def _news_keys(doc: Doc, t: TaggedTimex) -> set[str]:
    """What names the news "N units after X" dates: its verb and the verb's
    subject noun (a headline's "the council votes" may parse as a compound)."""
    if t.verb is None:
        return set()
    verb = doc[t.verb]
    if verb.dep_ == "advcl":  # "A year after FTX fell, a jury needed hours"
        verb = verb.head
    keys = {
        c.lemma_.lower()
        for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass", "compound") and c.pos_ == "NOUN"
    }
    if verb.pos_ == "VERB" and verb.lemma_.lower() not in _LIGHT_VERBS:
        keys.add(verb.lemma_.lower())
    return keys


def _earlier_mention(
    doc: Doc, keys: set[str], earlier: Statements
) -> TaggedTimex | None:
    """The date of the last earlier sentence that mentions X by one of its
    ``keys``: the same word or a word of the same action ("the blast" after
    "exploded"), if any."""
    if not keys:
        return None
    for s, e, dated in reversed(earlier):
        if dated and not keys.isdisjoint(lemma_keys(doc, s, e, CANON)):
            return dated[-1]
    return None


def _clause_mention(
    doc: Doc, keys: set[str], statements: Statements
) -> TaggedTimex | None:
    """The first date whose own clause names one of ``keys`` ("The agency
    grounded the jets on Wednesday"); a word in a clause below the dated one
    ("..., bringing an end to a trial over the collapse") is not dated by it."""
    if not keys:
        return None
    for s, e, dated in statements:
        if not dated or keys.isdisjoint(lemma_keys(doc, s, e, CANON)):
            continue
        span = _tokens(doc, s, e)
        if span is None:
            continue
        named = [
            tok
            for tok in span
            if tok.lemma_.lower() in keys or CANON.get(tok.lemma_.lower()) in keys
        ]
        for o in dated:
            if o.verb is not None and any(
                _clause_verb(tok) in _clause_chain(doc[o.verb]) for tok in named
            ):
                return o
    return None


def _clause_verb(tok: Token) -> int:
    """The verb of the clause a word belongs to (the word itself if a verb)."""
    for _ in range(12):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok.i


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
