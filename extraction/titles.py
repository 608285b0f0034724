"""Event titles: one chronology line per event, from the engine's own parse.

A wire-service timeline prints a happening as a short line: "Bankman-Fried
arrested in the Bahamas", "Judge rejects Boeing plea deal". We build that line
from the dependency parse the pipeline already made (never a second parse):

* the clause the event's date expression belongs to (the verb it hangs off, the
  "when" clause on the date, the reported clause of "X said ...", the clause
  of a cleft "It was on Monday that ...");
* its subject, verb, object and a short defining prepositional phrase;
* pronouns replaced by the name the article used (surnames, as wires do);
* the date itself, attributions, adverbs, asides, auxiliaries a headline drops
  ("was charged" -> "charged", "has filed" -> "filed") and dangling clauses
  left out;
* at most ``MAX_WORDS`` words, cut only between words and never on a dangling
  function word; sentence case, no trailing punctuation.

:func:`fragment_reasons` is the independent check the benchmark reports.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .doc_cache import doc_ents, doc_text, group_within, token_ent
from .lexicon import (
    EVENT_NOUNS,
    HEADLINE_SMALL_WORDS,
    LISTENER_VERBS,
    PART_NOUNS,
    RELATIVE_WORDS,
    SPEECH_VERBS,
    TITLE_PRONOUNS,
    VERB_PARTICLES,
)
from .types import Event

MAX_WORDS = 12
# The span group the timex tagger writes (extraction.components.SPAN_KEY); read
# by name so that this module does not depend on the component module.
TIMEX_SPANS = "caseline_timex"
SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass"}
# The parts of a clause a title always keeps, and those it keeps while the
# length allows (in sentence order).
CORE = {"dobj", "dative", "attr", "acomp", "oprd", "prt", "neg", "xcomp"}
OPTIONAL = {"prep", "agent", "ccomp"}
# The parts of a noun phrase a title keeps: no relative clause, apposition,
# aside or time modifier.
NP_KEEP = {
    "det",
    "poss",
    "case",
    "amod",
    "compound",
    "nummod",
    "quantmod",
    "nmod",
    "flat",
    "conj",
    "cc",
    "punct",
    "prep",
    "pobj",
    "advmod",
    "neg",
    "hmod",
    "hyph",
    "pcomp",
    "dobj",
    "xcomp",
    "aux",
    "prt",
}
# Verbs whose "it" subject is a placeholder, not an organisation.
DUMMY_IT_VERBS = {"be", "take", "seem", "appear", "remain", "happen", "matter"}
DATE_MODIFIERS = {"advmod", "quantmod", "amod", "nummod", "det", "npadvmod", "case"}
QUOTES = set("\"'`“”‘’«»")
# Verb forms that work as prepositions: the date in their phrase does not
# date them.
PREPOSITION_VERBS = {
    "following",
    "according",
    "including",
    "compared",
    "given",
    "regarding",
    "concerning",
    "pending",
    "excluding",
    "amid",
}
RELATION_MARKS = {"after", "before", "since", "until", "till"}
LIST_ITEMS = {"NOUN", "PROPN", "PRON", "NUM", "ADJ", "DET"}
# Titles before a name that a full name in a title leaves out.
NAME_TITLES = {
    "judge",
    "gov",
    "sen",
    "rep",
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "justice",
}
# Words that lean on a head after them: a cut title never ends on one.
MODIFIERS = {"poss", "amod", "compound", "nummod", "quantmod", "advmod", "det", "nmod"}
MODALS = {"can", "could", "may", "might", "must", "should", "ca"}
VERB_GROUP = {"aux", "auxpass", "neg"}
SET_OFF = {",", ";", ":", "—", "–", "(", "“", '"', "‘"}
CLAUSE_DROP = {"relcl", "appos", "advcl", "parataxis", "acl", "mark"}
WORD_PUNCT = {"-", "–", "'", "’", "$", "%", "&", ","}
DANGLING = {"ADP", "DET", "CCONJ", "SCONJ", "PART", "AUX", "PUNCT"}
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’()-]+(?:,[^—–]{0,40})?\s*[—–-]{1,2}\s")


@dataclass
class Piece:
    """A word of the title: its text and the source token it stands for."""

    key: float  # order in the title
    text: str
    token: Token
    space: str = " "


@dataclass
class Mentions:
    """Names an article uses, to put a name where a sentence has a pronoun:
    (character offset, name, token index) in text order."""

    people: list[tuple[int, str, int]] = field(default_factory=list)
    groups: list[tuple[int, str, int]] = field(default_factory=list)
    plurals: list[tuple[int, str, int]] = field(default_factory=list)
    acronyms: set[str] = field(default_factory=set)  # "SEC", "FAA" as written
    full_names: dict[str, str] = field(default_factory=dict)  # surname -> name


def mentions(doc: Doc) -> Mentions:
    """The PERSON, ORG and plural-subject mentions of ``doc``, read once per doc."""
    out = Mentions()
    for ent in doc_ents(doc):
        name = _surname(ent)
        if (
            ent.label_ == "PERSON"
            and name[:1].isupper()
            and any(c.isalpha() for c in name)
        ):
            out.people.append((ent.start_char, _surname(ent), ent.root.i))
            full = _full_name(ent)
            if len(full.split()) > len(out.full_names.get(_surname(ent), "").split()):
                out.full_names[_surname(ent)] = full
        elif ent.label_ == "ORG" and len(ent) <= 5:
            out.groups.append((ent.start_char, _bare_name(ent), ent.root.i))
    _more_people(doc, out.people)
    for tok in doc:
        if tok.is_upper and tok.is_alpha and len(tok) > 1:
            out.acronyms.add(tok.text)
        if tok.dep_ in SUBJECTS and tok.tag_ == "NNS":
            words = [c for c in tok.lefts if c.dep_ in ("amod", "compound")]
            text = " ".join(t.text for t in [*words, tok])
            out.plurals.append((tok.idx, text, tok.i))
    return out


def _more_people(doc: Doc, people: list[tuple[int, str, int]]) -> None:
    """Every use of a surname the article gave a person, also where the
    entity recogniser missed it or called it an organisation."""
    known = {at for at, _name, _i in people}
    surnames = sorted({name for _at, name, _i in people})
    if not surnames:
        return
    text = doc_text(doc)
    # One pass over the text finds where any surname is written; each
    # surname's own search then only looks there (a search per surname over
    # the whole text made long articles quadratic).
    anywhere = re.compile(
        r"(?<![\w-])(?=(?:" + "|".join(map(re.escape, surnames)) + r")(?![\w-]))"
    )
    starts = [m.start() for m in anywhere.finditer(text)]
    for surname in surnames:
        for at, end in _matches(_name_pattern(surname), text, starts):
            tok = doc.char_span(at, end, "expand")
            if tok is not None and at not in known and len(tok):
                people.append((at, surname, tok.root.i))
    people.sort()


def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")


def _matches(
    pattern: re.Pattern[str], text: str, starts: list[int]
) -> list[tuple[int, int]]:
    """``pattern.finditer(text)`` when it can only match at ``starts``."""
    found, end = [], 0
    for at in starts:
        m = pattern.match(text, at) if at >= end else None
        if m is not None:
            found.append((at, m.end()))
            end = m.end()
    return found


def _bare_name(ent: Span) -> str:
    words = [t for t in ent if t.tag_ != "POS"]
    if words and words[0].lower_ == "the":
        words = words[1:]
    return "".join(t.text_with_ws for t in words).strip()


def _full_name(ent: Span) -> str:
    """The name without a possessive or a title: "George Floyd"."""
    words = [t for t in ent if t.pos_ == "PROPN" and t.tag_ != "POS"]
    while words and words[0].lower_.rstrip(".") in NAME_TITLES:
        words = words[1:]
    text = "".join(t.text_with_ws for t in words).strip()
    return re.sub(r"(?:'s|’s)$", "", text)


def _surname(ent: Span) -> str:
    """The last word of a name ("Bankman-Fried", not "Fried"; not "Jr.")."""
    words = [w.rstrip(",") for w in re.sub(r"(?:'s|’s)$", "", ent.text).split()]
    while len(words) > 1 and words[-1].rstrip(".").lower() in ("jr", "sr", "ii", "iii"):
        words.pop()
    return words[-1] if words else ent.text


def chronology_title(
    doc: Doc,
    event: Event,
    *,
    names: Mentions | None = None,
    max_words: int = MAX_WORDS,
) -> str:
    """The chronology line for ``event``, whose offsets are into ``doc.text``
    (the doc the pipeline made the event from)."""
    return title_pieces(doc, event, names=names, max_words=max_words)[0]


def title_pieces(
    doc: Doc,
    event: Event,
    *,
    names: Mentions | None = None,
    max_words: int = MAX_WORDS,
) -> tuple[str, list[Token]]:
    """:func:`chronology_title` plus the source tokens of its words, in order
    (what :func:`fragment_reasons` reads)."""
    sent = doc.char_span(event.sentence_start, event.sentence_end, "expand")
    if sent is None or not len(sent):
        return "", []
    names = names if names is not None else mentions(doc)
    es, ee = event.expression_start, event.expression_end
    dates = _date_tokens(doc, sent, es, ee)
    body = _body(sent)
    if es is None or ee is None:
        verb = _summary_root(doc, body, event.summary)
    else:
        verb = _clause_verb(body, es, ee)
    pieces = _clause(verb, body, dates, names, max_words) if verb is not None else []
    if _count(pieces) < 2:
        pieces = _plain(body, dates)
    pieces = _trim(_whole_words(pieces, dates), max_words)
    if _count(pieces) < 3:
        _full_names(pieces, names)
    if _is_headline(sent):
        _sentence_case(pieces, doc)
    return _render(pieces, sent), [p.token for p in pieces]


# Choosing the clause ---------------------------------------------------------


def _date_tokens(doc: Doc, sent: Span, es: int | None, ee: int | None) -> set[int]:
    """Token indexes of the sentence's calendar dates: the event's expression
    and the tagger's DATE/TIME timexes (durations such as "25 years" stay)."""
    out: set[int] = set()
    for span in group_within(doc, TIMEX_SPANS, sent.start, sent.end):
        if span.label_ in ("DATE", "TIME") and not _glued(span):
            out.update(range(span.start, span.end))
    if es is not None and ee is not None:
        expr = [t for t in sent if t.idx < ee and t.idx + len(t) > es]
        out.update(t.i for t in expr)
        # "two months after the verdict": what the date is measured from is
        # another happening, not this one
        for t in expr:
            if t.lower_ in RELATION_MARKS and t.dep_ == "prep":
                for c in t.children:
                    if c.dep_ == "pobj" and c not in expr:
                        out.update(x.i for x in c.subtree)
    # a word that only qualifies a date goes with it ("nearly [15 years ago]")
    out.update(
        t.i
        for t in sent
        if t.head.i in out
        and t.dep_ in DATE_MODIFIERS
        and (t.i + 1 in out or t.i - 1 in out)
    )
    return out


def _glued(span: Span) -> bool:
    """A date inside a hyphenated word ("the 30-year-old") is no date."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    return not span[-1].whitespace_ and after is not None and after.text == "-"


def _body(sent: Span) -> Span:
    """The sentence without a leading dateline ("NASSAU, Bahamas (MWS) —")."""
    m = _DATELINE.match(sent.text)
    if not m:
        return sent
    cut = sent.start_char + m.end()
    for tok in sent:
        if tok.idx >= cut:
            return sent.doc[tok.i : sent.end]
    return sent


def _inside(tok: Token, body: Span) -> bool:
    return body.start <= tok.i < body.end


def _clause_verb(body: Span, es: int, ee: int) -> Token | None:
    """The verb of the clause the event's date expression belongs to."""
    expr = [t for t in body if es <= t.idx < ee]
    if not expr:
        return None
    # "in August, when the judge revoked his bail": the clause on the date
    for tok in expr:
        for child in tok.children:
            if child.dep_ in ("relcl", "advcl") and child.i > tok.i:
                first = min(child.subtree, key=lambda t: t.i)
                if first.lower_ in ("when", "where"):
                    return child
    anchor = min(expr, key=_depth)
    verb = _verb_of(anchor, body)
    ids = {t.i for t in expr}
    if verb is not None and any(
        c.i in ids and c.dep_ == "mark" and c.lower_ in RELATION_MARKS
        for c in verb.children
    ):
        # "A year after FTX fell, a jury convicted ...": the expression's
        # "after" opens the clause it is measured from; the event is the other
        if _inside(verb.head, body) and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head
    if verb is not None and verb.lower_ in PREPOSITION_VERBS:
        # "following the August 1988 cease-fire": the noun names the happening;
        # "according to a report Friday": the clause the phrase attributes
        noun = _event_noun(anchor, verb) if verb.lower_ != "according" else None
        if noun is not None:
            return noun
        verb = verb.head if _inside(verb.head, body) else verb
    return _reported(_fronted(verb, body), body) if verb is not None else None


def _event_noun(tok: Token, stop: Token) -> Token | None:
    """The first noun naming a happening on the way from ``tok`` up to ``stop``."""
    while tok.i != stop.i and tok.head.i != tok.i:
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in EVENT_NOUNS:
            return tok
        tok = tok.head
    return None


def _fronted(verb: Token, body: Span) -> Token:
    """ "In a ruling issued Friday, the judge dismissed the suit": the date is
    on a participle of a fronted phrase; the main clause tells the act."""
    noun = verb.head
    prep = noun.head
    if verb.dep_ != "acl" or noun.dep_ != "pobj" or prep.dep_ != "prep":
        return verb
    main = prep.head
    if main.pos_ in ("VERB", "AUX") and prep.i < main.i and _subject(main, body):
        return main
    return verb


def _summary_root(doc: Doc, body: Span, summary: str) -> Token | None:
    """For an event dated through another ("a year after FTX fell"), the
    clause the engine's summary names, else the sentence's main verb."""
    text = summary.removesuffix("...").strip()
    at = doc_text(doc).find(text, body.start_char, body.end_char) if text else -1
    if at >= 0:
        span = doc.char_span(at, at + len(text), "expand")
        words = [t for t in span or [] if not t.is_punct]
        if words:
            root = min(words, key=_depth)
            verb = _verb_of(root, span)
            return _reported(verb, body) if verb is not None else root
    roots = [t for t in body if not _inside(t.head, body) or t.head.i == t.i]
    verb = _verb_of(roots[0], body) if roots else None
    return _reported(verb, body) if verb is not None else None


def _depth(tok: Token) -> int:
    n = 0
    while tok.head.i != tok.i and n < 50:
        tok, n = tok.head, n + 1
    return n


def _verb_of(tok: Token, body: Span) -> Token | None:
    for _ in range(10):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head.i == tok.i or not _inside(tok.head, body):
            return None
        tok = tok.head
    return None


def _reported(verb: Token, body: Span) -> Token:
    """The clause that states the happening: the reported clause of "said",
    the clause of a cleft ("It was on Monday that ..."), the verb an
    infinitive without its own subject depends on ("set to open")."""
    for _ in range(4):
        kids = [c for c in verb.children if _inside(c, body)]
        # "added a charge" tells an act; "told the judge that ..." reports one
        said = verb.lemma_ in SPEECH_VERBS and (
            verb.lemma_ in LISTENER_VERBS or not any(c.dep_ == "dobj" for c in kids)
        )
        cleft = verb.lemma_ == "be" and any(
            c.dep_ == "expl" or (c.dep_ in SUBJECTS and c.lower_ == "it") for c in kids
        )
        if cleft or said:
            inner = [c for c in kids if c.dep_ in ("ccomp", "relcl", "advcl")]
            inner = [c for c in inner if _subject(c, body)]
            if inner:
                verb = inner[0]
                continue
        head = verb.head
        bare = not any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in kids)
        if said and bare and verb.dep_ in ("parataxis", "ccomp") and head.i < verb.i:
            if _inside(head, body) and head.pos_ in ("VERB", "AUX"):
                verb = head  # "Farkas is leaving, he said Saturday"
                continue
        infinitive = verb.dep_ in ("acl", "advcl") and any(
            c.lower_ == "to" for c in kids
        )
        if (
            (verb.dep_ == "xcomp" or infinitive)
            and not _subject(verb, body)
            and _inside(head, body)
        ):
            # "had been due to surrender": the verb "due" depends on; "rejected
            # her bid to remain free": the verb of the noun
            if head.pos_ in ("NOUN", "PROPN"):
                verb = _verb_of(head, body) or verb
                break
            verb = head if head.pos_ != "ADJ" or head.head.i == head.i else head.head
            continue
        break
    return verb


def _subject(verb: Token, body: Span) -> Token | None:
    """The verb's subject inside the sentence, the nearest before it first."""
    subjects = []
    for c in verb.children:
        if c.dep_ in SUBJECTS:
            # "NASSAU, Bahamas — Sam Bankman-Fried, ...": the parser took the
            # dateline for the subject and the name for its apposition
            inner = [a for a in c.children if a.dep_ == "appos" and _inside(a, body)]
            subjects += [c] if _inside(c, body) else inner[:1]
    before = [c for c in subjects if c.i < verb.i]
    if before:
        return before[-1]
    if subjects:
        return subjects[0]
    # "there has been a rise": the placeholder stands as the subject
    return next((c for c in verb.children if c.dep_ == "expl" and c.i < verb.i), None)


# Building the clause ---------------------------------------------------------


@dataclass
class _Ctx:
    body: Span
    dates: set[int]
    names: Mentions
    subject_name: str = ""
    # 1: noun phrases keep only "of" phrases; 2: no prepositional phrase
    lean: int = 0
    renamed: dict[int, str] = field(default_factory=dict)


def _clause(
    verb: Token, body: Span, dates: set[int], names: Mentions, max_words: int
) -> list[Piece]:
    ctx = _Ctx(body, dates, names)
    if verb.pos_ not in ("VERB", "AUX"):
        return _phrase(verb, ctx)  # a happening named by a noun
    core, optional = _parts(verb, ctx)
    while _count(core) > max_words and ctx.lean < 2:
        # too long: noun phrases lose their prepositional phrases first
        ctx.lean += 1
        core, optional = _parts(verb, ctx)
    budget = max_words - _count(core)
    lean = ctx.lean
    for n, child in enumerate(optional):
        limit = min(budget, 6 if n else 8)
        words = _phrase(child, ctx)
        while _count(words) > limit and ctx.lean < 2:
            # "from his small store in the town of Trujillo Alto" -> "from his
            # small store": the phrase without its own prepositional phrases
            ctx.lean += 1
            words = _phrase(child, ctx)
        ctx.lean = lean
        if _has_content(words) and _count(words) <= limit:
            core += words
            budget -= _count(words)
    seen: set[int] = set()
    unique = [p for p in core if not (p.token.i in seen or seen.add(p.token.i))]
    return sorted(unique, key=lambda p: p.key)


def _parts(verb: Token, ctx: _Ctx) -> tuple[list[Piece], list[Token]]:
    """The clause's words a title always keeps, and the heads of the phrases
    it keeps while the length allows (in sentence order)."""
    ctx.subject_name = ""
    pieces = _subject_pieces(verb, ctx)
    ctx.subject_name = " ".join(p.text for p in pieces)
    pieces += _verb_pieces(verb, ctx)
    pieces += _relative_object(verb, ctx)
    optional: list[Token] = []
    taken: set[str] = set()
    for child in verb.children:
        if child.i < verb.i or not _inside(child, ctx.body):
            continue
        if child.dep_ in ("advmod", "prt") and child.lower_ in VERB_PARTICLES:
            # "went down"; what follows ("back to its founding") as a prep
            pieces.append(Piece(child.i, child.text, child, child.whitespace_))
            optional += [g for g in child.children if g.dep_ == "prep"]
            continue
        if child.lower_ in VERB_PARTICLES - {"over"} and _all_dates(child, ctx.dates):
            # "broke off at noon Thursday": the particle stays without its date
            pieces.append(Piece(child.i, child.text, child, child.whitespace_))
            continue
        if _dated_purpose(child, ctx) or _dummy_it_part(verb, child, ctx):
            pieces += _phrase(child, ctx)  # "signed a deal to buy its rival"
            continue
        if child.dep_ not in CORE | OPTIONAL or (
            child.dep_ == "ccomp" and verb.lemma_ in SPEECH_VERBS
        ):
            continue
        if child.dep_ in OPTIONAL and _set_off(child):
            continue  # ", among them ...", ", “We are grateful ...”": an aside
        if child.dep_ in ("dobj", "attr") and child.dep_ in taken:
            continue  # one object: a second one is a misread list
        taken.add(child.dep_)
        if child.dep_ in OPTIONAL and child.dep_ != "ccomp":
            optional.append(child)
            continue
        words = _phrase(child, ctx)
        if _has_content(words):
            pieces += words
    return pieces, optional


def _dated_purpose(child: Token, ctx: _Ctx) -> bool:
    """An infinitive clause of purpose that holds a date of the sentence: the
    title climbed from it to its verb and keeps it."""
    return (
        child.dep_ == "advcl"
        and any(c.lower_ == "to" and c.dep_ == "aux" for c in child.children)
        and any(t.i in ctx.dates for t in child.subtree)
        and not _set_off(child)
    )


def _dummy_it_part(verb: Token, child: Token, ctx: _Ctx) -> bool:
    """ "It took a jury four hours to find him guilty": with a placeholder
    "it", the infinitive is what happened."""
    subj = _subject(verb, ctx.body)
    if subj is None or subj.lower_ != "it" or verb.lemma_ not in DUMMY_IT_VERBS:
        return False
    return child.dep_ in ("advcl", "xcomp", "ccomp") and any(
        c.lower_ == "to" and c.dep_ == "aux" for c in child.children
    )


def _set_off(tok: Token) -> bool:
    """Whether the phrase of ``tok`` follows a comma, dash, colon or quote."""
    first = min(tok.subtree, key=lambda t: t.i)
    return first.i > 0 and first.nbor(-1).text in SET_OFF


def _subject_pieces(verb: Token, ctx: _Ctx) -> list[Piece]:
    """The subject, or the one the clause shares: a conjoined verb's, a
    participle's noun ("the hearing scheduled for March"), a relative clause's
    antecedent ("the trial, which opened ...")."""
    subj = _subject(verb, ctx.body)
    head = verb.head
    if subj is not None:
        if subj.lower_ in RELATIVE_WORDS and verb.dep_ == "relcl":
            return _antecedent(verb, subj.i, ctx)
        words = _phrase(subj, ctx)
        if not words and subj.i in ctx.dates:
            # "Today is the eighth day of ...": the date is the subject
            words = [Piece(subj.i, subj.text, subj, subj.whitespace_)]
        return words
    if head.i == verb.i or not _inside(head, ctx.body):
        return _orphan_subject(verb, ctx)
    if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
        return _antecedent(verb, verb.i - 0.5, ctx)
    if head.dep_ == "prep" and verb.dep_ == "pcomp":
        head = head.head  # "before accepting a verdict": the verb of "before"
    if head.pos_ in ("VERB", "AUX") and verb.dep_ in (
        "conj",
        "advcl",
        "xcomp",
        "pcomp",
    ):
        inherited = _subject_pieces(head, ctx)
        for p in inherited:
            p.key = p.key - 10_000
        return inherited
    return []


def _orphan_subject(verb: Token, ctx: _Ctx) -> list[Piece]:
    """When the parse ran on from a byline into the sentence ("By Jane Doe
    Elizabeth Holmes stepped down ..."), the subject hangs off the line
    before: the first noun before the verb whose head lies outside."""
    for tok in ctx.body:
        if tok.i >= verb.i:
            break
        if tok.pos_ in ("NOUN", "PROPN") and not _inside(tok.head, ctx.body):
            return _phrase(tok, ctx)
    # '... by Alec Baldwin “Rust” is going to ...': the name right before the
    # verb group, which the parser hung elsewhere
    group = [c.i for c in verb.children if c.dep_ in VERB_GROUP and c.i < verb.i]
    i = min(group, default=verb.i) - 1
    while i >= ctx.body.start and ctx.body.doc[i].is_punct:
        i -= 1
    tok = ctx.body.doc[i] if i >= ctx.body.start else None
    if tok is None or tok.pos_ not in ("NOUN", "PROPN") or tok.i in ctx.dates:
        return []
    near = ("det", "compound", "amod", "poss", "case", "nummod")
    words = [c for c in tok.lefts if c.dep_ in near and c.i not in ctx.dates]
    return _pieces([*words, tok], ctx)


def _antecedent(verb: Token, at: float, ctx: _Ctx) -> list[Piece]:
    words = _phrase(verb.head, ctx, skip=verb.i)
    for n, p in enumerate(words):
        p.key = at - 1 + n / 100
    return words


def _relative_object(verb: Token, ctx: _Ctx) -> list[Piece]:
    """In "the deal Boeing signed" or "the deal that Boeing signed" the noun is
    what the relative clause's verb acts on: it follows the verb."""
    if verb.dep_ != "relcl" or _subject(verb, ctx.body) is None:
        return []
    if _subject(verb, ctx.body).lower_ in RELATIVE_WORDS:
        return []
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if objects and objects[0].lower_ not in RELATIVE_WORDS:
        return []
    return _antecedent(verb, verb.i + 1, ctx)


def _verb_pieces(verb: Token, ctx: _Ctx) -> list[Piece]:
    """The verb with the auxiliaries a headline keeps: "will" becomes "to",
    perfect and passive auxiliaries go ("has filed" -> "filed", "was charged"
    -> "charged"). A negation or a modal of possibility keeps the whole verb
    group ("might be extended", "did not appear"), and so does a first- or
    second-person subject ("we were told")."""
    kids = [c for c in verb.children if c.i < verb.i and c.dep_ in VERB_GROUP]
    whole = (
        any(c.dep_ == "neg" or c.lower_ in MODALS for c in kids)
        or ctx.subject_name.lower() in ("i", "we", "you")
        or (verb.lemma_ == "be" and verb.tag_ == "VBN" and not _copula_drop(verb))
    )
    out: list[Piece] = []
    for aux in kids:
        low = aux.lower_
        if whole or aux.dep_ == "neg" or low == "to":
            out.append(Piece(aux.i, aux.text, aux, aux.whitespace_))
        elif low in ("will", "would", "shall", "'ll", "wo") and verb.tag_ == "VB":
            out.append(Piece(aux.i, "to", aux))
    if whole or verb.lemma_ != "be" or verb.tag_ == "VB":
        out.append(Piece(verb.i, verb.text, verb, verb.whitespace_))
    elif not _copula_drop(verb):
        out.append(Piece(verb.i, verb.text, verb, verb.whitespace_))
    return out


def _copula_drop(verb: Token) -> bool:
    """Whether a headline drops this copula: before an adjective with an
    infinitive ("Holmes due to surrender", "trial set to open")."""
    return any(
        c.dep_ == "acomp" and any(g.dep_ == "xcomp" for g in c.children)
        for c in verb.children
    )


def _phrase(head: Token, ctx: _Ctx, skip: int = -1) -> list[Piece]:
    """A pruned phrase: the head's subtree without dates, relative clauses,
    appositions, asides and more than one preposition per word."""
    keep: list[Token] = []

    def walk(tok: Token, depth: int) -> None:
        if tok.i in ctx.dates or not _inside(tok, ctx.body) or tok.i == skip:
            return
        keep.append(tok)
        inner = _acronym(tok, ctx)
        preps = 0
        for child in tok.children:
            if inner is not None and child.i in inner:
                continue  # the words the acronym stands for
            if child.dep_ == "prep":
                preps += 1
                # lean: a noun keeps only an "of" phrase ("a series of articles")
                # a part noun never loses its "of": "a series of articles"
                of = child.lower_ == "of"
                lean = tok.pos_ in ("NOUN", "PROPN") and (
                    (ctx.lean == 1 and not of)
                    or (ctx.lean > 1 and not (of and tok.lemma_ in PART_NOUNS))
                )
                if lean or preps > 1 or depth > 3 or _all_dates(child, ctx.dates):
                    continue
            if ctx.lean and child.dep_ in ("compound", "flat") and _is_person(tok):
                continue  # "Treasurer Peter Costello" -> "Costello"
            if _keep_child(tok, child, ctx):
                walk(child, depth + 1)

    walk(head, 0)
    return _pieces(_whole_lists(keep, head), ctx)


def _whole_lists(keep: list[Token], head: Token) -> list[Token]:
    """Drop a list item whose link to the item before it was dropped
    ("counts, among them wire fraud, conspiracy": not "counts conspiracy")."""
    kept = {t.i for t in keep}
    cut: set[int] = set()
    for tok in keep:
        if tok.dep_ != "conj" or tok.i == head.i:
            continue
        prev = min(tok.subtree, key=lambda t: t.i).i - 1
        if prev >= 0 and tok.doc[prev].is_punct:
            prev -= 1
        if prev not in kept:
            cut.update(t.i for t in tok.subtree)
    return sorted((t for t in keep if t.i not in cut), key=lambda t: t.i)


def _acronym(tok: Token, ctx: _Ctx) -> range | None:
    """In a shortened title, an organisation's long name becomes the acronym
    the article also uses ("the Securities and Exchange Commission" -> "the
    SEC"): the token indexes the acronym replaces, or None."""
    if not ctx.lean or tok.ent_type_ != "ORG" or tok.pos_ != "PROPN":
        return None
    ent = token_ent(tok.doc, tok.i)
    if ent is None or ent.root.i != tok.i or len(ent) < 3:
        return None
    words = [t for t in ent if t.pos_ == "PROPN"]
    short = "".join(t.text[0] for t in words)
    if len(words) < 2 or short not in ctx.names.acronyms:
        return None
    ctx.renamed[tok.i] = short
    return range(words[0].i, ent.end)


def _keep_child(parent: Token, child: Token, ctx: _Ctx) -> bool:
    if _same_word(parent, child):
        return True  # "44-year-old", "Bankman-Fried": never half a word
    if child.dep_ in CLAUSE_DROP:
        # a short participle or infinitive that defines its noun stays
        # ("charges filed against him", "her bid to remain free"); a clause
        # of its own goes
        if child.dep_ == "mark":
            return child.lower_ in ("if", "whether")  # "asked if he was ..."
        size = sum(1 for t in child.subtree if t.i not in ctx.dates)
        return (
            child.dep_ == "acl"
            and ctx.lean < 2
            and 2 <= size <= 6
            and not _set_off(child)
            and (child.tag_ == "VBN" or any(c.lower_ == "to" for c in child.children))
        )
    if child.dep_ == "punct":
        return child.text in WORD_PUNCT
    if child.dep_ == "prep" and parent.pos_ in ("NOUN", "PROPN") and _set_off(child):
        return False  # "deposits, including those above the limit": an aside
    if parent.pos_ in ("VERB", "AUX"):
        if child.dep_ == "advmod":
            # "stepped down"; "how" opening a clause ("a review of how ...")
            wh = child.tag_ == "WRB" and child.i < parent.i
            # "a remotely operated vehicle": the participle is an adjective
            adjective = parent.dep_ in ("amod", "compound") and child.i < parent.i
            return (
                child.lower_ in VERB_PARTICLES or child.dep_ == "neg" or wh or adjective
            )
        if child.dep_ in SUBJECTS:
            return child.i < parent.i
        return child.dep_ in CORE | OPTIONAL | {"pobj", "aux", "auxpass"}
    if child.dep_ == "advmod":
        # "nearly 13 years", "about $9 billion"; not "earlier AT&T"
        return parent.pos_ in ("NUM", "ADJ", "ADP", "ADV") or child.pos_ != "ADV"
    return child.dep_ in NP_KEEP or (child.dep_ in SUBJECTS and child.i < parent.i)


def _is_person(tok: Token) -> bool:
    return tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN"


def _same_word(a: Token, b: Token) -> bool:
    if b.is_punct and b.text not in WORD_PUNCT:
        return False
    first, last = (a, b) if a.i < b.i else (b, a)
    between = first.doc[first.i : last.i]
    return all(not t.whitespace_ for t in between) and last.i - first.i <= 4


def _all_dates(tok: Token, dates: set[int]) -> bool:
    inner = [t.i for t in tok.subtree if t.i != tok.i]
    return bool(inner) and all(i in dates for i in inner)


def _pieces(tokens: list[Token], ctx: _Ctx) -> list[Piece]:
    out = []
    for tok in tokens:
        name = ctx.renamed.get(tok.i) or _name_for(tok, ctx)
        if name is not None and tok.tag_ == "PRP$":
            text = doc_text(tok.doc)
            name += "’s" if "’" in text and "'" not in text else "'s"
        out.append(Piece(tok.i, name or tok.text, tok, tok.whitespace_))
    return out


# Names for pronouns ----------------------------------------------------------


def _name_for(tok: Token, ctx: _Ctx) -> str | None:
    """The name a pronoun stands for, or None to keep the pronoun.

    he/she: a person named earlier in the sentence (not the subject of the
    pronoun's own clause, which an object or possessive rarely means), else
    the person the article has named most often among those of the last few
    sentences. they: the nearest group or plural subject. "it" only as a
    subject, for a nearby organisation. "her own", and a possessive that can
    only mean the clause's own subject, stay pronouns."""
    kind = TITLE_PRONOUNS.get(tok.lower_)
    # the tagger sometimes reads "she" as a name; "IT" is no pronoun
    if kind is None or (tok.text.isupper() and len(tok.text) > 1):
        return None
    subject = tok.dep_ in SUBJECTS
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else tok
    if nxt.lower_ == "own" or (kind == "group" and (not subject or tok.tag_ == "PRP$")):
        return None
    own = set() if subject else _clause_subject(tok)
    if kind == "plural" and not subject:
        return None  # "entered their pleas", "among them": the group is near
    if kind == "group" and tok.head.lemma_ in DUMMY_IT_VERBS:
        return None  # "It took a jury four hours to ..."
    if kind == "person" and tok.tag_ == "PRP$" and _person_above(tok):
        return None  # "Kaplan revoked his bail": his own, or another's? keep it
    if kind == "person":
        name = _person(tok, ctx.names.people, own, subject)
    else:
        pool = ctx.names.groups if kind == "group" else ctx.names.plurals
        if kind == "plural":
            pool = sorted(pool + ctx.names.groups)
        name = _nearest(tok, pool, own, reach=300)
    if name and ctx.subject_name and name in ctx.subject_name:
        return None  # "SVB disclosed it had sold ...": the name is there already
    return name


def _person_above(tok: Token) -> bool:
    """Whether a clause the pronoun sits in has a person as its subject."""
    head = tok.head
    for _ in range(12):
        subj = next((c for c in head.children if c.dep_ in SUBJECTS), None)
        if (
            subj is not None
            and subj.i != tok.i
            and subj.i not in {t.i for t in tok.ancestors}
        ):
            if _is_person(subj) or subj.lower_ in ("he", "she"):
                return True
        if head.head.i == head.i:
            return False
        head = head.head
    return False


def _clause_subject(tok: Token) -> set[str]:
    """The names in the subject of the clause ``tok`` sits in, with the
    names listed along with it ("Ellison, Wang and Singh")."""
    head = tok.head
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    subj = next((c for c in head.children if c.dep_ in SUBJECTS), None)
    while subj is None and head.dep_ == "conj" and head.head.i != head.i:
        head = head.head  # "pleaded guilty and testified against him"
        subj = next((c for c in head.children if c.dep_ in SUBJECTS), None)
    if subj is None or subj.i == tok.i:
        return set()
    if subj.lower_ in RELATIVE_WORDS and head.dep_ == "relcl":
        subj = head.head  # "Davila, who sentenced her": the antecedent
    out = {subj.i}
    for t in subj.subtree:
        if t.dep_ == "conj" and t.head.i in out:
            out.add(t.i)
    return {tok.doc[i].text for i in out}


def _person(
    tok: Token, people: list[tuple[int, str, int]], own: set[str], subject: bool
) -> str | None:
    end = bisect_left(people, (tok.idx, "", -1))
    before = [m for m in people[:end] if m[1] not in own]
    if not before:
        return None
    sent = tok.sent
    same = [m for m in before if m[0] >= sent.start_char]
    if same:
        return same[-1][1]
    prev = tok.doc[sent.start - 1].sent.start_char if sent.start else 0
    recent = [m for m in before if m[0] >= prev]
    text = doc_text(tok.doc)[: tok.idx]
    if subject and recent:
        # a subject pronoun continues the previous sentence's subject
        subjects = [m for m in recent if tok.doc[m[2]].dep_ in SUBJECTS]
        recent = subjects or recent
    return max(recent or before, key=lambda m: (text.count(m[1]), m[0]))[1]


def _nearest(
    tok: Token, pool: list[tuple[int, str, int]], own: set[str], reach: int
) -> str | None:
    i = bisect_left(pool, (tok.idx, "", -1)) - 1
    reach = max(reach, tok.idx - tok.sent.start_char)
    while i >= 0 and pool[i][0] >= tok.idx - reach:
        if pool[i][1].split()[-1] not in own and pool[i][2] != tok.i:
            return pool[i][1]
        i -= 1
    return None


# Finishing -------------------------------------------------------------------


def _plain(body: Span, dates: set[int]) -> list[Piece]:
    """The sentence itself without its dates, when no clause could be found."""
    return [
        Piece(t.i, t.text, t, t.whitespace_)
        for t in body
        if t.i not in dates and not (t.is_punct and t.text not in WORD_PUNCT)
    ]


def _has_content(pieces: list[Piece]) -> bool:
    return any(p.token.pos_ not in ("ADP", "DET", "PUNCT", "CCONJ") for p in pieces)


def _is_word(p: Piece) -> bool:
    return p.token.is_alpha or p.token.like_num or p.text[:1].isalnum()


def _count(pieces: list[Piece]) -> int:
    return sum(1 for p in pieces if _is_word(p))


def _full_names(pieces: list[Piece], names: Mentions) -> None:
    """A two-word title can afford a person's full name: "Floyd died" ->
    "George Floyd died" (the name the article gave the person)."""
    for n, p in enumerate(pieces):
        prev = pieces[n - 1].token if n else None
        bare = prev is None or prev.ent_type_ != "PERSON" or prev.i != p.token.i - 1
        full = names.full_names.get(p.text)
        if full and bare and len(full.split()) > 1:
            p.text = full


def _trim(pieces: list[Piece], max_words: int) -> list[Piece]:
    """At most ``max_words`` words (pieces are whole tokens: never a cut inside
    a word), no leading preposition or relative word, no trailing function
    word or modifier left without its noun, no stray comma."""
    while pieces and (
        pieces[0].token.pos_ in ("ADP", "SCONJ", "CCONJ", "PUNCT")
        or pieces[0].text.lower() in RELATIVE_WORDS
    ):
        pieces = pieces[1:]
    out: list[Piece] = []
    words = 0
    for p in pieces:
        words += _is_word(p)
        if words > max_words:
            break
        out.append(p)
    cut = len(out) < len(pieces)
    while out and (
        (out[-1].token.pos_ in DANGLING and not _particle(out[-1].token))
        or (
            cut
            and out[-1].token.dep_ in MODIFIERS
            and out[-1].token.head.i > out[-1].token.i
        )
    ):
        out.pop()
    kept = {p.token.i for p in out}
    out = [p for p in out if not _missing(p.token, kept)]
    return [p for n, p in enumerate(out) if p.text != "," or _between(out, n)]


def _whole_words(pieces: list[Piece], dates: set[int]) -> list[Piece]:
    """Never half a word: a word (tokens with no space between, such as
    "Pro-republicans" or "re-examine") that lost a part gets it back, or goes
    whole when the part was a date ("30-year-old" stays, "-old" never does)."""
    kept = {p.token.i for p in pieces}
    out = list(pieces)
    for p in pieces:
        if not any(c.isalnum() for c in p.token.text):
            continue  # a comma or a quote does not make a word
        missing = _missing(p.token, kept)
        if any(i in dates for i in missing):
            out = [q for q in out if q.token.i not in _word(p.token)]
            continue
        for i in missing:
            tok = p.token.doc[i]
            key = p.key + (i - p.token.i)
            out.append(Piece(key, tok.text, tok, tok.whitespace_))
            kept.add(i)
    return sorted(out, key=lambda q: q.key)


def _word(tok: Token) -> range:
    """The indexes of the tokens written together with ``tok``."""
    doc = tok.doc

    def glued(i: int) -> bool:  # token i runs on into token i + 1
        return not (doc[i].whitespace_ or doc[i].is_space or doc[i + 1].is_space)

    start = tok.i
    while start > 0 and glued(start - 1) and tok.i - start < 6:
        start -= 1
    end = tok.i
    while end + 1 < len(doc) and glued(end) and end - tok.i < 6:
        end += 1
    return range(start, end + 1)


def _missing(tok: Token, kept: set[int]) -> list[int]:
    """The parts of ``tok``'s word that are not kept, from its first letter or
    digit to its last (a clitic such as "'s" or "n't" is no missing part)."""
    doc = tok.doc
    inner = [i for i in _word(tok) if any(c.isalnum() for c in doc[i].text)]
    if not inner:
        return []
    return [
        i
        for i in range(inner[0], inner[-1] + 1)
        if i not in kept
        and doc[i].text[:1] not in ("'", "’")
        and doc[i].lower_ != "n't"
    ]


def _particle(tok: Token) -> bool:
    """ "off" in "broke off": part of the verb, not a dangling preposition."""
    return tok.dep_ in ("prt", "advmod", "prep") and tok.lower_ in VERB_PARTICLES


def _between(pieces: list[Piece], n: int) -> bool:
    """A comma stays only between two kept neighbours of the source sentence."""
    if n == 0 or n + 1 >= len(pieces):
        return False
    i, nxt = pieces[n].token.i, pieces[n + 1].token
    in_list = nxt.pos_ in LIST_ITEMS and (nxt.dep_ == "conj" or nxt.head.dep_ == "conj")
    return in_list and pieces[n - 1].token.i == i - 1


def _render(pieces: list[Piece], sent: Span) -> str:
    text = ""
    pieces = [
        p for p in pieces if p.token.tag_ == "POS" or not QUOTES.issuperset(p.text)
    ]
    for n, p in enumerate(pieces):
        word = p.text
        if n and p.token.i == sent.start and not _proper(p.token):
            word = word.lower()
        text += word
        if n + 1 < len(pieces):
            adjacent = pieces[n + 1].token.i == p.token.i + 1
            text += p.space if adjacent else " "
    text = re.sub(r"\s+", " ", text).strip(" ,;:—–-")
    # the article before a word that lost its adjective: "a 2017 arrest" -> "an arrest"
    text = re.sub(r"\b([Aa]) (?=[aeioAEIO]\w)", r"\1n ", text)
    text = re.sub(r"\b([Aa])n (?=[b-df-gj-np-tv-zB-DF-GJ-NP-TV-Z]\w)", r"\1 ", text)
    return text[:1].upper() + text[1:]


def _proper(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")


def _is_headline(sent: Span) -> bool:
    """A title-cased line: nearly all of its content words capitalised."""
    content = [t for t in sent if t.is_alpha and t.lower_ not in HEADLINE_SMALL_WORDS]
    if len(content) < 3 or sent.text.rstrip().endswith("."):
        return False
    capital = sum(1 for t in content if t.text[0].isupper())
    return capital >= 0.8 * len(content)


def _sentence_case(pieces: list[Piece], doc: Doc) -> None:
    """Lower-case a headline's words except its first and the proper nouns:
    a word is proper when the article writes it capitalised more often than
    not away from the start of a sentence (the headline itself included)."""
    seen: dict[str, list[int]] = {}
    for tok in doc:
        if tok.is_alpha and not tok.is_sent_start:
            counts = seen.setdefault(tok.lower_, [0, 0])
            counts[0 if tok.text[0].isupper() else 1] += 1
    for n, p in enumerate(pieces):
        if n == 0 or not p.text[:1].isupper() or p.text.isupper():
            continue
        upper, lower = seen.get(p.text.lower(), [0, 0])
        if upper - 1 <= lower:  # its capital in the headline counts for nothing
            p.text = p.text.lower()


def fragment_reasons(title: str, tokens: Sequence[Token]) -> list[str]:
    """Why ``title`` does not read as a chronology line (empty when it does).
    ``tokens``: the source tokens of the title's words, in order."""
    reasons = []
    words = re.findall(r"[\w$%][\w'’$%.,-]*", title)
    if len(words) < 3:
        reasons.append("fewer than 3 words")
    first = tokens[0] if tokens else None
    if words and (
        words[0].lower() in RELATIVE_WORDS
        or (first is not None and first.pos_ in ("ADP", "SCONJ"))
    ):
        reasons.append("starts with a relative pronoun or preposition")
    verbs = [
        n
        for n, t in enumerate(tokens)
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound", "nmod")
    ]
    event_noun = any(t.lemma_.lower() in EVENT_NOUNS for t in tokens)
    if not verbs and not event_noun:
        reasons.append("no verb or event noun")
    elif verbs and not any(
        t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and t.lower_ not in RELATIVE_WORDS
        for t in tokens[: verbs[0]]
    ):
        reasons.append("no subject")
    return reasons
