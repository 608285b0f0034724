"""The ``caseline_timex`` component: regex candidates, checked, resolved and stored on the Doc."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..dates import (
    Context,
    DateValue,
    Resolution,
    parse_number,
    resolve,
)
from ..lexicon import (
    ORDINALS,
    SPEECH_VERBS,
    START_VERBS,
)
from ..patterns import Candidate, find_candidates
from ..sentences import split_sentences
from ..types import Timex
from .accept import _accept, _after_amount, _is_rate, _timeml_span
from .boilerplate import _is_dateline, boilerplate_sentences
from .common import SPAN_KEY, TaggedTimex, _prev_token, _text, _tokens
from .relations import _verb_index
from .tense import _on_past_verb, governing_verb, infer_tense

# reading the parse
# --------------------------------------------------------------------------- #

_PREPS = {
    "in",
    "on",
    "at",
    "since",
    "by",
    "until",
    "till",
    "for",
    "from",
    "during",
    "before",
    "after",
    "through",
    "throughout",
    "of",
    "to",
    "as",
    "within",
    "around",
    "about",
    "over",
    "into",
    "between",
    "than",
    "following",
    "late",
    "early",
    "starting",
    "beginning",
    "circa",
    "under",
    "past",
}


@dataclass
class _Reading:
    """The tagger's state while it reads one document from the start: what it
    has tagged so far and the date the next relative expression reads from."""

    doc: Doc
    published: date
    sentences: list[tuple[int, int]]
    boiler: set[int]
    quotes: list[tuple[int, int]]
    tagged: list[TaggedTimex] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    reference: DateValue | None = None
    reference_value: str | None = None
    sentence: int = 0  # the sentence of the last candidate read
    # Tagged timexes read from the publication date inside a quotation:
    # they may belong to the day it was said instead (rule 10).
    quoted: list[tuple[int, Candidate, Context]] = field(default_factory=list)


class TimexTagger:
    """Finds TIMEX3s with regexes, checks them against the parse and resolves them."""

    def __init__(self, nlp: Language, name: str = "caseline_timex") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        reading = self.find_timexes(doc)
        self.set_annotations(doc, reading)
        return doc

    def find_timexes(self, doc: Doc) -> _Reading:
        """Every accepted candidate of ``doc``, resolved in reading order."""
        reading = _start_reading(doc)
        found = doc._.caseline_candidates
        for c in find_candidates(_text(doc)) if found is None else found:
            _read_candidate(reading, c)
        _redate_quotations(reading)
        return reading

    def set_annotations(self, doc: Doc, reading: _Reading) -> None:
        doc.spans[SPAN_KEY] = _non_overlapping(reading.spans)
        doc._.caseline_timexes = reading.tagged


def _start_reading(doc: Doc) -> _Reading:
    """The publication date, sentences and boilerplate, stored on the Doc for
    the event builder too."""
    published = doc._.caseline_published
    if not isinstance(published, date):
        published = date.today()
        doc._.caseline_published = published
    sentences = split_sentences(_text(doc))
    doc._.caseline_sentences = sentences
    boiler = boilerplate_sentences(_text(doc), sentences)
    doc._.caseline_boilerplate = boiler
    return _Reading(doc, published, sentences, boiler, quoted_spans(_text(doc)))


def _read_candidate(reading: _Reading, c: Candidate) -> None:
    """Check one candidate against the parse, resolve it and tag it."""
    read = _resolved(reading, c)
    if read is None:
        return
    span, prev, ctx, res = read
    doc = reading.doc
    sentences = reading.sentences
    while (
        reading.sentence + 1 < len(sentences)
        and sentences[reading.sentence][1] <= c.start
    ):
        reading.sentence += 1
    if res.anchor == "publication" and _inside(reading.quotes, c.start):
        reading.quoted.append((len(reading.tagged), c, ctx))
    start, end = _timeml_span(c)
    ttype, tvalue = _timeml_reading(c, res, ctx)
    timex = Timex(start, end, _text(doc)[start:end], ttype, tvalue)
    reading.tagged.append(
        TaggedTimex(
            timex,
            c.kind,
            res,
            reading.sentence,
            ctx.prep,
            prev.idx if ctx.prep and prev is not None else None,
            ctx.tense,
            _verb_index(span),
            _is_dateline(_text(doc), c.start, c.end),
        )
    )
    tspan = _tokens(doc, start, end)
    if tspan is not None and len(tspan):
        reading.spans.append(Span(doc, tspan.start, tspan.end, label=ttype))
    _take_as_reference(reading, c, res)


def _resolved(
    reading: _Reading, c: Candidate
) -> tuple[Span, Token | None, Context, Resolution] | None:
    """The candidate's tokens, the token before it, the context it was read in
    and its resolution; None when the parse rejects it or it dates nothing."""
    doc = reading.doc
    span = _tokens(doc, c.start, c.end)
    if span is None or len(span) == 0:
        return None
    if not _accept(doc, c, span) or _in_quoted_title(_text(doc), reading.quotes, c):
        return None
    prev = _prev_token(doc, span)
    prep = prev.lower_ if prev is not None and prev.lower_ in _PREPS else None
    ctx = Context(
        reading.published,
        infer_tense(span, prep, bool(c.groups.get("poss"))),
        reading.reference,
        prep,
        reading.reference_value,
        on_past_verb=_on_past_verb(span, prev if prep else None),
    )
    if c.kind == "ordinal_day_of_event":
        res = _ordinal_day_of_event(doc, c, reading.tagged, reading.sentences)
    else:
        res = resolve(c.kind, c.groups, c.text, ctx)
    if res is None:
        return None
    return span, prev, ctx, _retyped(c, res, prep, prev)


_RELATIVE_KINDS = (
    "units_ago_or_after",
    "one_unit_ago_or_after",
    "year_ago_or_period_end",
    "relative_unit",
)


def _take_as_reference(reading: _Reading, c: Candidate, res: Resolution) -> None:
    """A date of the article's text is what the next relative expression
    reads from."""
    if (
        res.point is not None
        and res.type in ("DATE", "TIME")
        and reading.sentence not in reading.boiler
    ):
        reading.reference = res.point
        if c.kind not in _RELATIVE_KINDS and not c.groups.get("ago"):
            # relative ones ("a year earlier", "the quarter a year ago") must
            # not become the next anchor
            reading.reference_value = res.value


def _redate_quotations(reading: _Reading) -> None:
    """Read again from the day it was said each quoted timex read from the
    publication date, when the sentence dates its attribution."""
    for i, c, ctx in reading.quoted:
        said = _day_said(
            reading.doc, reading.tagged, reading.tagged[i].sentence, reading.quotes
        )
        if said is not None and said[0] != reading.published:
            reading.tagged[i] = _as_said(reading.tagged[i], c, ctx, *said)


def _timeml_reading(c: Candidate, res: Resolution, ctx: Context) -> tuple[str, str]:
    """TimeML's type and value where they differ from the date the event takes:
    "three days later" is the duration "three days" ("later" is a signal, left
    out of the span), while the event keeps the day it counts to."""
    if (
        c.kind == "units_ago_or_after"
        and (c.groups.get("dir") or "").lower() == "later"
    ):
        length = resolve(
            "units_ago_or_after", {**c.groups, "dir": "after"}, c.text, ctx
        )
        if length is not None:
            return length.type, length.value
    return res.type, res.value


def _retyped(
    c: Candidate, res: Resolution, prep: str | None, prev: Token | None
) -> Resolution:
    """A resolution read again with the words around it: a length of time or a
    rate where the pattern alone saw a relation or a duration."""
    if res.offset is not None and prep == "for":
        # "met for less than two hours before the vote": how long, not when
        return replace(res, offset=None)
    if c.kind == "units_ago_or_after" and res.offset is not None and _is_rate(c, prev):
        # "38 jets a month after ...": a rate, not "a month after X"
        return Resolution("SET", f"P1{res.value[-1]}", None)
    if (
        c.kind == "duration"
        and (c.groups.get("n") or "").lower() in ("a", "an")
        and not c.groups.get("pre")
        and _after_amount(prev)
    ):
        return Resolution("SET", res.value, None)  # "$33 million a year"
    return res


def _ordinal_day_of_event(
    doc: Doc, c: Candidate, tagged: list[TaggedTimex], sentences: list[tuple[int, int]]
) -> Resolution | None:
    """ "the second day of the trial": a day counted from the day an earlier
    sentence says the trial began; no date at all when none does."""
    g = c.groups
    n = ORDINALS.get((g.get("ord") or "").lower()) or parse_number(g.get("n"))
    x = (g.get("x") or "").lower()
    if not n:
        return None
    for t in reversed(tagged):
        point = t.resolution.point
        if point is None or point.day is None or t.resolution.offset is not None:
            continue
        span = _tokens(doc, *sentences[t.sentence])
        if span is None:
            continue
        words = {tok.lower_ for tok in span} | {tok.lemma_.lower() for tok in span}
        if {x, x.rstrip("s")} & words and words & START_VERBS:
            d = point.first_day() + timedelta(days=int(n) - 1)
            why = (
                f"'{c.text}' → {DateValue.of(d).human()}: day {int(n)} of the {x} that "
                f"began on '{t.timex.text}' ({point.human()})"
            )
            return Resolution(
                "DATE", d.isoformat(), DateValue.of(d), "exact", "event", why
            )
    return None


_QUOTE_PAIRS = {"“": "”", '"': '"'}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside quotation marks, paired within a paragraph
    so that one stray mark cannot turn the rest of an article into a quote."""
    spans = []
    offset = 0
    for paragraph in text.split("\n"):
        opening: tuple[int, str] | None = None
        for i, char in enumerate(paragraph):
            if opening is None and char in _QUOTE_PAIRS:
                opening = (i, _QUOTE_PAIRS[char])
            elif opening is not None and char == opening[1]:
                spans.append((offset + opening[0] + 1, offset + i))
                opening = None
        offset += len(paragraph) + 1
    return spans


_TITLE_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "and",
    "of",
    "with",
    "in",
    "on",
    "for",
    "to",
    "at",
}


def _in_quoted_title(text: str, quotes: list[tuple[int, int]], c: Candidate) -> bool:
    """ "Sunday Morning", "Tuesdays with Morrie": a short title-case quotation
    around the date words is the title of a programme or a work."""
    for a, b in quotes:
        if a <= c.start < b:
            words = [w for w in re.findall(r"[A-Za-z’']+", text[a:b])]
            content = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS]
            return 2 <= len(words) <= 6 and all(w[0].isupper() for w in content)
    return False


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    return any(a <= at < b for a, b in spans)


def _day_said(
    doc: Doc, tagged: list[TaggedTimex], sentence: int, quotes: list[tuple[int, int]]
) -> tuple[date, str] | None:
    """The day a quotation in this sentence was said, when the sentence dates its
    attribution ("..., the lawyer said on Monday"): that day and its words."""
    for other in tagged:
        if other.sentence != sentence or _inside(quotes, other.timex.start):
            continue
        point = other.resolution.point
        if point is None or point.day is None:
            continue
        span = _tokens(doc, other.timex.start, other.timex.end)
        verb = governing_verb(span) if span is not None and len(span) else None
        if verb is not None and verb.lemma_ in SPEECH_VERBS:
            return point.first_day(), other.timex.text
    return None


def _as_said(
    found: TaggedTimex, c: Candidate, ctx: Context, said: date, words: str
) -> TaggedTimex:
    """``found`` read again from the day its quotation was said."""
    res = resolve(
        c.kind, c.groups, c.text, replace(ctx, published=said, reference=None)
    )
    if res is None or res.point is None:
        return found
    head, _, why = res.derivation.partition(": ")
    why = why.replace("publication day", "the day it was said").replace(
        "publication", "the day it was said"
    )
    derivation = f"{head}: in a quotation said {words!r}; {why}"
    timex = replace(found.timex, value=res.value)
    return replace(found, timex=timex, resolution=replace(res, derivation=derivation))


def _non_overlapping(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    last_end = -1
    for s in spans:
        if s.start >= last_end:
            out.append(s)
            last_end = s.end
    return out


# --------------------------------------------------------------------------- #


@Language.factory(
    "caseline_timex",
    assigns=["doc.spans", "doc._.caseline_timexes"],
    requires=["token.tag", "token.dep", "doc.ents"],
)
def make_timex_tagger(nlp: Language, name: str) -> TimexTagger:
    """Factory of the TIMEX3 tagger (entry point ``caseline_timex``)."""
    return TimexTagger(nlp, name)
