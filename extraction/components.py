"""spaCy components: ``caseline_timex`` tags TIMEX3s, ``caseline_events`` builds events.

Both are registered as factories (and through the ``spacy_factories`` entry
points in pyproject.toml, so ``nlp.add_pipe("caseline_timex")`` works without
importing this module). They expect the publication date in
``doc._.caseline_published`` (a ``datetime.date``) and write:

* ``doc.spans["caseline_timex"]``: one span per timex, labelled with its type;
* ``doc._.caseline_timexes``: :class:`TaggedTimex` records (timex + resolution);
* ``doc._.caseline_events``: :class:`extraction.types.Event` records.

The tagger needs the parse (tags, dependencies, entities) of the model that
runs before it; it does no second spaCy pass. Regexes find the candidates, the
parse filters them and supplies tense, :mod:`extraction.dates` resolves them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .dates import (
    FUTURE,
    PAST,
    PAST_PERFECT,
    PRESENT,
    Context,
    Point,
    Resolution,
    parse_number,
    pub_text,
    resolve,
    shift,
)
from .lexicon import (
    FUTURE_AUX,
    MONTHS,
    NAME_LABELS,
    NAME_YEAR_OK,
    ORDINALS,
    SCHEDULE_WORDS,
    SPEECH_VERBS,
    START_VERBS,
    WEEKDAYS,
)
from .patterns import Candidate, find_candidates
from .sentences import split_sentences
from .types import Event, Timex

SPAN_KEY = "caseline_timex"


def register_extensions() -> None:
    """Register our Doc extensions once (idempotent; never overwrite others')."""
    for name, default in (
        ("caseline_published", None),
        ("caseline_timexes", None),
        ("caseline_events", None),
        ("caseline_sentences", None),
        # indices of the sentences that are stamps, bylines, captions...: set
        # once by the tagger, read by the event builder
        ("caseline_boilerplate", None),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


@dataclass(frozen=True)
class TaggedTimex:
    """A timex with what the event builder needs to know about it."""

    timex: Timex
    kind: str
    resolution: Resolution
    sentence: int  # index into doc._.caseline_sentences
    prep: str | None  # preposition written before it ("in", "since", ...)
    prep_start: int | None
    tense: str | None = None  # of the clause it dates, read from the parse
    # the governing verb's token index: tells whether two timexes date one clause
    verb: int | None = None
    dateline: bool = False  # "June 4 (Reuters) -": the publication date, no event


# --------------------------------------------------------------------------- #
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
_YEAR_PREPS = {
    "in",
    "since",
    "by",
    "until",
    "till",
    "of",
    "from",
    "to",
    "during",
    "before",
    "after",
    "through",
    "for",
    "early",
    "late",
    "mid",
    "around",
    "circa",
    "and",
    "or",
    "between",
    "fiscal",
    "year",
    "the",
    "summer",
    "spring",
    "fall",
    "winter",
    "autumn",
    "'s",
    "calendar",
    "than",
    "as",
    "throughout",
    "into",
}
_NON_YEAR_ENTS = {
    "MONEY",
    "PERCENT",
    "QUANTITY",
    "CARDINAL",
    "FAC",
    "PRODUCT",
    "ORG",
    "LAW",
    "WORK_OF_ART",
}


def _text(doc: Doc) -> str:
    """doc.text, built once: spaCy joins every token on each access."""
    text = doc.user_data.get(("caseline", "text"))
    if text is None:
        text = doc.user_data[("caseline", "text")] = doc.text
    return text


def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _prev_token(doc: Doc, span: Span) -> Token | None:
    i = span.start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 else None


def _next_token(doc: Doc, span: Span) -> Token | None:
    i = span.end
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


def _aux_words(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")}


_FALL_THROUGH = "?"  # the verb's own form does not decide: look further
_BE_PRESENT = {"is", "are", "'s", "'re"}


def verb_tense(verb: Token, depth: int = 0) -> str | None:
    """Past, future or present for the clause headed by ``verb``."""
    aux = _aux_words(verb)
    if aux & FUTURE_AUX:
        return FUTURE
    if {"going"} <= aux or (
        verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children)
    ):
        return PAST if aux & {"was", "were"} else FUTURE
    if "had" in aux and verb.lemma_ not in SCHEDULE_WORDS:
        return PAST_PERFECT
    if "to" in aux and depth < 3:
        return _infinitive_tense(verb, depth)
    if (
        verb.lemma_ in ("due", "set", "slated", "scheduled", "poised")
        and aux & _BE_PRESENT
    ):
        return FUTURE
    tense = _tense_of_form(verb, aux)
    if tense != _FALL_THROUGH:
        return tense
    if verb.pos_ == "ADJ" and verb.lower_ in ("due", "set", "scheduled", "slated"):
        return PAST_PERFECT if "had" in aux else FUTURE
    if (
        depth < 3
        and verb.head is not verb
        and verb.dep_ in ("xcomp", "conj", "advcl", "relcl", "acl")
    ):
        return verb_tense(verb.head, depth + 1)
    return None


def _infinitive_tense(verb: Token, depth: int) -> str | None:
    """ "to testify": the tense of what it hangs on, a plan being future."""
    head = verb.head
    if head is verb:
        return FUTURE
    if head.lemma_ in SCHEDULE_WORDS or head.lower_ in (
        "due",
        "set",
        "poised",
        "slated",
    ):
        if "had" in _aux_words(head) or any(
            c.dep_ == "aux" and c.lower_ == "had" for c in head.head.children
        ):
            return PAST_PERFECT
        return FUTURE
    t = verb_tense(head, depth + 1)
    return FUTURE if t in (PRESENT, None) else t


def _tense_of_form(verb: Token, aux: set[str]) -> str | None:
    """The tense the verb's tag and auxiliaries give; _FALL_THROUGH if none."""
    tag = verb.tag_
    if tag == "VBD":
        return PAST
    if tag == "VBN":
        if aux & {"has", "have", "had", "was", "were", "been"}:
            return PAST
        if aux & {"is", "are", "am", "be", "'s", "'re"}:
            return FUTURE if verb.lemma_ in SCHEDULE_WORDS else PRESENT
        return PAST
    if tag in ("VBZ", "VBP"):
        return _present_form_tense(verb)
    if tag == "VBG" and aux & (_BE_PRESENT | {"am"}):
        return FUTURE
    if tag == "VBG" and aux & {"was", "were"}:
        return PAST
    if tag == "VB":
        if aux & {"did"}:
            return PAST
        if aux & {"could", "should", "might", "may", "must", "can"}:
            return FUTURE
        if aux & {"do", "does"}:
            return PRESENT
    return _FALL_THROUGH


def _present_form_tense(verb: Token) -> str | None:
    if verb.lemma_ in SPEECH_VERBS:
        return PAST
    if verb.lemma_ == "be" and any(
        c.dep_ in ("acomp", "attr")
        and c.lower_ in ("due", "set", "scheduled", "slated")
        for c in verb.children
    ):
        return FUTURE
    if verb.lemma_ in ("be", "have"):
        return None  # a state ("are worth ... in October"), not a scheduled event
    return PRESENT


def _on_past_verb(span: Span, prep: Token | None) -> bool:
    """Whether the date attaches directly to a past-tense verb (through its
    preposition, or as a bare time modifier)."""
    attach = prep if prep is not None else span.root
    head = attach.head
    return head is not attach and head.tag_ == "VBD"


def governing_verb(span: Span) -> Token | None:
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or (
            tok.pos_ == "ADJ" and tok.lower_ in ("due", "set")
        ):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def infer_tense(span: Span, prep: str | None, possessive: bool = False) -> str | None:
    """Tense of the event a timex dates, read from the dependency parse."""
    # A "when" clause on the date itself decides: "until Feb. 8, when his case returns".
    for tok in span:
        for c in tok.children:
            if (
                c.dep_ in ("relcl", "acl", "advcl")
                and c.pos_ in ("VERB", "AUX")
                and c.i >= span.end
                and any(w.lower_ == "when" for w in c.children)
            ):
                t = verb_tense(c)
                if t is not None:
                    return t
    if possessive:
        # "Wednesday's ruling": the ruling's own time, not the clause's
        noun = span.root.head
        if noun.dep_ not in ("nsubj", "nsubjpass"):
            return None
    verb = governing_verb(span)
    if verb is None:
        return None
    tense = verb_tense(verb)
    # "set sentencing for March 28", "scheduled a news conference Thursday",
    # "postponed until Tuesday": the date is the plan's, still to come
    if (
        tense != PAST_PERFECT
        and verb.lemma_ in SCHEDULE_WORDS
        and verb.lemma_ not in ("go",)
    ):
        if prep in ("for", "until", "till", "to", None, "on", "in", "at"):
            return FUTURE
    if prep in ("until", "till", "through") and tense in (PAST, PRESENT, None):
        return FUTURE  # a deadline or an extension runs to a coming date
    before = span.doc[max(0, span.start - 3) : span.start].text.lower()
    if before.endswith(("as soon as", "as early as", "ahead of", "in time for")):
        return FUTURE
    return tense


# --------------------------------------------------------------------------- #
# the tagger
# --------------------------------------------------------------------------- #

_BARE_MONTH_OK_PREV = {
    "in",
    "since",
    "by",
    "until",
    "till",
    "of",
    "from",
    "through",
    "to",
    "during",
    "before",
    "after",
    "early",
    "late",
    "mid",
    "last",
    "next",
    "this",
    "that",
    "each",
    "every",
    "as",
    "between",
    "and",
    "or",
    "throughout",
    "for",
    "on",
    "recently",
    "around",
    "about",
    "into",
    "the",
    "starting",
    "beginning",
}


class Near(NamedTuple):
    """The tokens around a candidate: what most acceptance checks look at."""

    prev: Token | None
    nxt: Token | None
    prev_l: str  # the previous token, lower-case ("" at the start)


def _accept(doc: Doc, c: Candidate, span: Span) -> bool:
    """Filter a regex candidate with the parse; False drops it."""
    check = _ACCEPT.get(c.kind)
    if check is None:
        return True
    prev = _prev_token(doc, span)
    near = Near(prev, _next_token(doc, span), prev.lower_ if prev is not None else "")
    return check(c, span, near)


def _accept_bare_month(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    if g.get("y") or g.get("rel") or g.get("rely") or g.get("mod"):
        return True  # "May 2020", "last May": a month for sure
    tok = next((t for t in span if t.lower_.rstrip(".") in MONTHS), span[0])
    if tok.ent_type_ in ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "GPE"):
        return False
    if tok.tag_ == "MD" or tok.pos_ in ("VERB", "AUX"):
        return False
    if (
        tok.lower_ in ("may", "march", "august")
        and prev_l not in _BARE_MONTH_OK_PREV
        and tok.ent_type_ != "DATE"
    ):
        return False
    if (
        nxt is not None
        and nxt.is_title
        and nxt.pos_ == "PROPN"
        and tok.ent_type_ != "DATE"
        and prev_l not in _BARE_MONTH_OK_PREV
    ):
        return False  # "April Smith", "June Carter"
    return True


def _accept_year(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    if g.get("mod"):
        return True
    if _is_name_year(prev, span):
        return False
    if prev is not None and prev.text in (
        "$",
        "#",
        "No",
        "No.",
        "Flight",
        "Route",
        "Suite",
        "Room",
        "Rule",
        "Form",
        "Section",
        "Article",
    ):
        return False
    if nxt is not None and nxt.lower_ in (
        "percent",
        "%",
        "people",
        "miles",
        "feet",
        "meters",
        "shares",
        "votes",
        "jobs",
        "units",
    ):
        return False
    tok = span[-1]
    if prev_l in _YEAR_PREPS or (prev is not None and prev.tag_ in ("PRP$", "POS")):
        return True  # "in 1990", "his 1990 earnings projection"
    if nxt is not None and nxt.pos_ == "PROPN" and nxt.is_title:
        return False  # "1701 Page Mill Road"
    if tok.ent_type_ == "DATE":
        return True
    if tok.ent_type_ in _NON_YEAR_ENTS:
        return False
    if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.is_alpha:
        return False  # "1701 Page Mill Road", "2000 employees"
    return 1900 <= int(g["y"]) <= 2099
    return True


def _accept_spelled_year(c: Candidate, span: Span, near: Near) -> bool:
    prev, nxt, prev_l = near
    if "thousand" in c.text.lower() and not c.text.lower().startswith("the year"):
        if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.is_alpha:
            return False  # "two thousand people"
    return True


def _accept_season(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    if not (g.get("rel") or g.get("y")):
        return False
    if (g.get("rel") or "").lower() in ("the", "that") and not g.get("y"):
        if nxt is not None and nxt.lower_ == "of":
            return False
        if g["s"].lower() in ("fall", "spring"):
            return False
    tok = span[-1]
    if g["s"].lower() == "fall" and tok.pos_ == "VERB":
        return False
    return True


def _accept_deictic(c: Candidate, span: Span, near: Near) -> bool:
    prev, nxt, prev_l = near
    if _is_title_mid_sentence(c.text, prev, nxt):
        return False  # "NBC's Today show": a programme
    return True


def _accept_weekday(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    if (
        nxt is not None
        and nxt.is_title
        and nxt.pos_ == "PROPN"
        and (not g.get("part") or g["part"][:1].isupper())
    ):
        if nxt.lower_.rstrip(".") not in MONTHS:
            return False  # "Sunday Times", "Friday Night Lights"
    if prev is not None and prev.text in (
        "Black",
        "Good",
        "Super",
        "Cyber",
        "Ash",
        "Holy",
        "Palm",
        "Easter",
        "Bloody",
        "Manic",
    ):
        return False
    return True


def _accept_duration(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    n = (g.get("n") or "").lower()
    u = (g.get("u") or "").lower()
    if g.get("u", "")[:1].isupper() and c.start > 0 and not c.text[:1].isupper():
        return False  # "60 Minutes", a title
    if u.startswith("second") and n in ("a", "an", "the"):
        return False
    if n in ("a", "an") and not g.get("pre") and _after_amount(prev):
        return True  # re-typed as SET by the caller
    if u.startswith("quarter") and (g.get("adj") == "-" or n in ("a", "an", "three")):
        return False  # "three-quarters of", "more than a quarter": fractions
    return True


def _accept_vague_dur(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    w = g["w"].lower()
    if (
        " " not in w
        and w != "the years"
        and prev_l not in ("for", "over", "within", "in")
    ):
        return False
    return True


def _accept_time(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    clock = g.get("clock") or ""
    if (
        re.fullmatch(r"\d{1,2}:\d{2}", clock.strip())
        and not (g.get("tz") or g.get("wd"))
        and prev_l
        not in ("at", "by", "around", "about", "before", "after", "until", "till")
    ):
        return False
    return True


def _accept_quarter(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    det = (g.get("det") or "").lower()
    if not g.get("q") and det in ("a", ""):
        return False
    if nxt is not None and nxt.lower_ in (
        "of",
        "mile",
        "century",
        "point",
        "percent",
    ):
        ordinal = (g.get("q") or "").lower() in (
            "first",
            "second",
            "third",
            "fourth",
        )
        if not g.get("y") and not (ordinal and nxt.lower_ == "of"):
            return False
    return True


def _accept_set(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    w = g["w"].lower()
    if w.startswith("a ") and not _after_amount(prev):
        return False
    return True


def _accept_ref(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    w = g["w"].lower()
    if c.text == "Now" and (nxt is None or nxt.text in (",", "that")):
        return False  # "Now, he says": a discourse marker, not a time
    if w in ("current", "recent", "future") and span.root.pos_ != "ADJ":
        return False
    if w == "now" and nxt is not None and nxt.lower_ in ("that",):
        return True
    return True


def _accept_full_date(c: Candidate, span: Span, near: Near) -> bool:
    prev, nxt, prev_l = near
    if (
        c.kind == "dmy"
        and prev is not None
        and (prev.like_num or prev.text in ("$", "No."))
    ):
        return False
    return True


# One check per pattern kind; a kind without one is always accepted.
_ACCEPT: dict[str, Callable[[Candidate, Span, Near], bool]] = {
    "my": _accept_bare_month,
    "year": _accept_year,
    "spelled_year": _accept_spelled_year,
    "season": _accept_season,
    "deictic": _accept_deictic,
    "weekday": _accept_weekday,
    "duration": _accept_duration,
    "vague_dur": _accept_vague_dur,
    "time": _accept_time,
    "quarter": _accept_quarter,
    "set": _accept_set,
    "ref": _accept_ref,
    "mdy": _accept_full_date,
    "dmy": _accept_full_date,
}


def _is_name_year(prev: Token | None, span: Span) -> bool:
    """ "Sundance 2023", "Expo 2020": a year closing the name of an event or
    product, not a date the sentence gives."""
    if prev is None or prev.tag_ != "NNP" or not prev.is_title:
        return False
    word = prev.lower_.rstrip(".")
    if word in MONTHS or word in WEEKDAYS or word in NAME_YEAR_OK:
        return False
    return span[-1].ent_type_ != "DATE" or prev.ent_type_ in NAME_LABELS


def _is_title_mid_sentence(text: str, prev: Token | None, nxt: Token | None) -> bool:
    """A capitalised "Today" inside running lowercase text is part of a name."""
    return (
        text[:1].isupper()
        and prev is not None
        and (prev.is_alpha or prev.tag_ == "POS")
        and nxt is not None
        and nxt.is_alpha
        and nxt.is_lower
    )


def _after_amount(prev: Token | None) -> bool:
    """True after "38 jets", "$33 million", "5%": the next "a month" is a rate."""
    if prev is None:
        return False
    if prev.like_num or prev.tag_ in ("CD", "$") or prev.lower_ in ("percent", "%"):
        return True
    if prev.tag_ == "NNS":
        doc = prev.doc
        return any(
            doc[j].like_num or doc[j].tag_ == "CD"
            for j in range(max(0, prev.i - 3), prev.i)
        )
    return False


def _is_rate(c: Candidate, prev: Token | None) -> bool:
    return (
        (c.groups.get("n") or "").lower() in ("a", "an")
        and not c.groups.get("approx")
        and _after_amount(prev)
    )


def _timeml_span(c: Candidate) -> tuple[int, int]:
    """Trim a candidate to TimeML extent: "A year after" -> "A year"."""
    start, end = c.start, c.end
    if c.kind == "the_year" and c.groups.get("ended"):
        end = start + len(c.groups["w"])
    if c.kind == "ago" and (c.groups.get("dir") or "").lower() in (
        "after",
        "before",
        "since",
    ):
        end = start + c.text.lower().rfind(" " + c.groups["dir"].lower())
    if (
        c.kind in ("weekday", "day_before_date")
        and c.groups.get("poss")
        and not c.groups.get("part")
    ):
        end = start + c.text.rfind(c.groups["poss"])
    if c.kind == "deictic" and c.text.endswith(("'s", "’s")):
        end -= 2  # "today's": "today"
    lead = _leading_words(c)
    if lead and c.text.lower().startswith(lead):
        start += len(lead)
        start += len(c.text[start - c.start :]) - len(
            c.text[start - c.start :].lstrip()
        )
    return start, end


# Words TimeML leaves outside an expression: a determiner before a year or an
# adjectival duration ("the 1996", "the eight-year"), "over"/"in" before "the
# past N units", hedges that do not change the count, "right" in "right now".
_OUTSIDE_HEDGES = {"about", "only", "just", "barely"}


def _leading_words(c: Candidate) -> str:
    g = c.groups
    low = c.text.lower()
    if c.kind == "year" and (g.get("mod") or "").lower() == "the":
        return "the"
    if c.kind == "duration":
        pre = " ".join((g.get("pre") or "").lower().split())
        if pre == "the" and g.get("adj") == "-":
            return "the"
        if pre.startswith(("over the", "in the")):
            return pre.split()[0]
        approx = " ".join((g.get("approx") or "").lower().split())
        if not pre and approx in _OUTSIDE_HEDGES:
            return approx
    if c.kind == "time" and (g.get("mod") or "").lower() == "about":
        return "about"
    if c.kind == "quarter":
        det = (g.get("det") or "").lower()
        hyphenated = re.search(r"-(?:quarter|half|period)", low) is not None
        if det and (hyphenated or det in ("its", "their", "a", "that")):
            return det
    if c.kind == "ref" and low == "right now":
        return "right"
    return ""


class TimexTagger:
    """Finds TIMEX3s with regexes, checks them against the parse and resolves them."""

    def __init__(self, nlp: Language, name: str = "caseline_timex") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.caseline_published
        if not isinstance(published, date):
            published = date.today()
            doc._.caseline_published = published
        sentences = split_sentences(_text(doc))
        doc._.caseline_sentences = sentences
        boiler = boilerplate_sentences(_text(doc), sentences)
        doc._.caseline_boilerplate = boiler
        tagged: list[TaggedTimex] = []
        spans: list[Span] = []
        reference: Point | None = None
        reference_value: str | None = None
        sent_i = 0
        quotes = quoted_spans(_text(doc))
        # Tagged timexes read from the publication date inside a quotation:
        # they may belong to the day it was said instead (rule 10).
        quoted: list[tuple[int, Candidate, Context]] = []
        for c in find_candidates(_text(doc)):
            span = _tokens(doc, c.start, c.end)
            if span is None or len(span) == 0:
                continue
            if not _accept(doc, c, span) or _in_quoted_title(_text(doc), quotes, c):
                continue
            prev = _prev_token(doc, span)
            prep = prev.lower_ if prev is not None and prev.lower_ in _PREPS else None
            tense = infer_tense(span, prep, bool(c.groups.get("poss")))
            ctx = Context(
                published,
                tense,
                reference,
                prep,
                reference_value,
                on_past_verb=_on_past_verb(span, prev if prep else None),
            )
            if c.kind == "ordinal_day":
                res = _ordinal_day(doc, c, tagged, sentences)
            else:
                res = resolve(c.kind, c.groups, c.text, ctx)
            if res is None:
                continue
            kind = c.kind
            res = _retyped(c, res, prep, prev)
            while sent_i + 1 < len(sentences) and sentences[sent_i][1] <= c.start:
                sent_i += 1
            start, end = _timeml_span(c)
            if res.anchor == "publication" and _inside(quotes, c.start):
                quoted.append((len(tagged), c, ctx))
            timex = Timex(start, end, _text(doc)[start:end], res.type, res.value)
            tagged.append(
                TaggedTimex(
                    timex,
                    kind,
                    res,
                    sent_i,
                    prep,
                    prev.idx if prep and prev is not None else None,
                    tense,
                    _verb_index(span),
                    _is_dateline(_text(doc), c.start, c.end),
                )
            )
            tspan = _tokens(doc, start, end)
            if tspan is not None and len(tspan):
                spans.append(Span(doc, tspan.start, tspan.end, label=res.type))
            if (
                res.point is not None
                and res.type in ("DATE", "TIME")
                and sent_i not in boiler
            ):
                reference = res.point
                if kind not in ("ago", "the_unit_ago", "year_ago_period", "rel_unit"):
                    # relative ones ("a year earlier") must not become the next anchor
                    reference_value = res.value
        for i, c, ctx in quoted:
            said = _day_said(doc, tagged, tagged[i].sentence, quotes)
            if said is not None and said[0] != published:
                tagged[i] = _as_said(tagged[i], c, ctx, *said)
        doc.spans[SPAN_KEY] = _non_overlapping(spans)
        doc._.caseline_timexes = tagged
        return doc


def _retyped(
    c: Candidate, res: Resolution, prep: str | None, prev: Token | None
) -> Resolution:
    """A resolution read again with the words around it: a length of time or a
    rate where the pattern alone saw a relation or a duration."""
    if res.offset is not None and prep == "for":
        # "met for less than two hours before the vote": how long, not when
        return replace(res, offset=None)
    if c.kind == "ago" and res.offset is not None and _is_rate(c, prev):
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


def _ordinal_day(
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
                f"'{c.text}' → {Point.of(d).human()}: day {int(n)} of the {x} that "
                f"began on '{t.timex.text}' ({point.human()})"
            )
            return Resolution("DATE", d.isoformat(), Point.of(d), "exact", "event", why)
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
# boilerplate
# --------------------------------------------------------------------------- #

_BOILER_LINE = re.compile(
    r"(?i)^\s*(?:updated|posted|filed|published|last updated|first published|modified"
    r"|last modified)\b"
    r"|©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|newsletter|\bsubscribe\b|\bsign up\b"
    r"|print edition|\bappears (?:every|each|in|on)\b|\b(?:delivered|published|issued|out) every\b"
    r"|\bissue \d|\bvolume \d|\b\d+ words\b|^\s*(?-i:By [A-Z][a-z]+ [A-Z])"
    # a note about the story itself: "This story was updated on Feb. 6 to ..."
    r"|\b(?:this|the|an earlier|a previous|the original) (?:story|article|report|version)\b"
    r"[^.\n]{0,60}?\b(?:updated|corrected|published|appeared|appears|posted)\b"
)
_VERB_TAGS = {"VBD", "VBZ", "VBP", "VBN", "VBG", "VB", "MD"}


def boilerplate_sentences(text: str, sentences: list[tuple[int, int]]) -> set[int]:
    """Indices of sentence units that are stamps, schedules, bylines or copyright."""
    out = set()
    for i, (s, e) in enumerate(sentences):
        if _BOILER_LINE.search(text[s:e]):
            out.add(i)
    return out


_DATELINE_BEFORE = re.compile(r"(?:[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][A-Za-z.'’ -]+)*,)?\s*")
_DATELINE_AFTER = re.compile(
    r"(?:,?\s*\d{4})?\s*(?P<agency>\([A-Za-z .&/-]{1,30}\))?\s*[—–-]"
)


def _is_dateline(text: str, start: int, end: int) -> bool:
    """ "June 4 (Reuters) -", "WASHINGTON, March 3 —": the date a wire story was
    filed, at the head of its first paragraph. Without an agency it only counts
    under at most a headline and a subhead, so that a timeline's "March 3 — ..."
    lines further down stay events."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _DATELINE_BEFORE.fullmatch(text, line_start, start):
        return False
    after = _DATELINE_AFTER.match(text, end)
    if after is None:
        return False
    prose_above = sum(len(line.split()) >= 6 for line in text[:line_start].split("\n"))
    return bool(after.group("agency")) or prose_above <= 2


_CREDIT = re.compile(
    r"\b(?:Photo|Photograph|Image|Picture)s?\s*(?:by\b|:)|Getty Images|AP Photo|"
    r"\bAFP\b|\bReuters/|/Reuters\b|/AP\b|/AFP\b|Shutterstock|^\s*FILE\s*[-–—]|"
    r"\b[Ff]ile (?:photo|picture|image)\b|^\s*\(?[Cc]redit:",
    re.MULTILINE,
)


def caption_sentences(text: str, sentences: list[tuple[int, int]]) -> set[int]:
    """Indices of sentences in a photo caption: a line that carries a credit
    ("Getty Images", "AP Photo", "FILE -") or stands right above one."""
    out: set[int] = set()
    if _CREDIT.search(text) is None:
        return out  # most articles: nothing to look for
    for i, (s, e) in enumerate(sentences):
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", e)
        line_end = len(text) if line_end < 0 else line_end
        next_end = text.find("\n", line_end + 1)
        below = text[line_end : len(text) if next_end < 0 else next_end]
        if _CREDIT.search(text[line_start:line_end]) or (
            _CREDIT.search(below) and len(below.split()) <= 8
        ):
            out.add(i)
    return out


def _is_label_line(
    doc: Doc, s: int, e: int, skip: list[tuple[int, int]], tagged: bool = True
) -> bool:
    """A date line or label ("Renton, Washington · March 14, 2019"), not a statement.

    Only when the parse finds no verb outside the dates *and* the line is
    mostly date, separators or a few words: headlines without a verb the small
    tagger recognises ("Plant halts output a day after ban") still count.
    """
    span = _tokens(doc, s, e)
    if span is None or not tagged:  # a blank pipeline has no tags to go by
        return False
    words = [t for t in span if not any(a <= t.idx < b for a, b in skip)]
    if any(t.tag_ in _VERB_TAGS for t in words):
        return False
    text = _text(doc)[s:e]
    dated = sum(b - a for a, b in skip)
    alpha_words = [t for t in words if t.is_alpha]
    return (
        "·" in text
        or "|" in text
        or dated >= 0.3 * len(text.strip())
        or len(alpha_words) <= 4
    )


# --------------------------------------------------------------------------- #
# the event builder
# --------------------------------------------------------------------------- #

_EVENT_KINDS_NO_POINT = {"decade", "duration", "vague_dur", "set"}
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
) -> list[tuple[Point, str | None, int | None, int | None, str, str, str, Link]]:
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
) -> tuple[Point, str | None, int | None, int | None, str, str, str, Link]:
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
) -> list[tuple[Point, str | None, int | None, int | None, str, str, str, Link]]:
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
) -> list[tuple[Point, str | None, int | None, int | None, str, str, str, Link]]:
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
) -> list[tuple[Point, str | None, int | None, int | None, str, str, str, Link]]:
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
    for start, _end, items in earlier:
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
    """The date of an earlier sentence that mentions X by the same word, if any."""
    key = _event_key(doc, start, end)
    if key is None:
        return None
    for s, e, dated in reversed(earlier):
        span = _tokens(doc, s, e)
        if span is None or not any(tok.lemma_.lower() == key for tok in span):
            continue
        if dated:
            return dated[-1]
    return None


def _precise(d: date, unit: str, approx: bool, anchor: Point | None) -> Point:
    if approx:
        return Point(d.year)
    if unit in ("day", "night", "hour", "minute", "second"):
        if anchor is not None and anchor.day is None:
            return Point(d.year, d.month) if anchor.month else Point(d.year)
        return Point.of(d)
    if unit in ("week", "weekend", "fortnight", "month", "quarter", "year"):
        if anchor is not None and anchor.month is None:
            return Point(d.year)
        return Point(d.year, d.month)
    return Point(d.year)


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
                point: Point,
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
                        point.precision,
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
    "caseline_timex",
    assigns=["doc.spans", "doc._.caseline_timexes"],
    requires=["token.tag", "token.dep", "doc.ents"],
)
def make_timex_tagger(nlp: Language, name: str) -> TimexTagger:
    """Factory of the TIMEX3 tagger (entry point ``caseline_timex``)."""
    return TimexTagger(nlp, name)


@Language.factory(
    "caseline_events",
    assigns=["doc._.caseline_events"],
    requires=["doc._.caseline_timexes"],
)
def make_event_builder(nlp: Language, name: str) -> EventBuilder:
    """Factory of the event builder (entry point ``caseline_events``)."""
    return EventBuilder(nlp, name)
