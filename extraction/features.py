"""Matching features of a dated sentence, from the engine's own parse.

What the case grouping (``timeline.matching``) compares between two sources:
the lemmas of the sentence's actions (verbs and nouns, folded through the
lexicon's action classes so that "indicted" meets "indictment" and "went down"
meets "crashed"), which of them are things done rather than participants
(``does``), the names of its participants (proper nouns, entities, the
engine's actors, sums of money and clock times), the named subjects of its
summary (``who``) and the names that own a subject noun (``whose``), which of
those sit in the engine's summary of the event (its ``core``), where the summary says it happened (``where``, ``world``) and,
for a date on a noun ("Thursday's decision"), the noun (``ref``).

Computed once per event from the Doc the engine already parsed, so no
sentence is ever parsed a second time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from spacy.tokens import Span, Token

from .doc_cache import span_ents
from .lexicon import (
    ACTIONS,
    CANON,
    CANON_BY_POS,
    DEVERBAL,
    GENERIC,
    MONTHS_AND_DAYS,
    NAME_ENTS,
    NOT_DEVERBAL,
    PLACES,
    REFERENCE_DEPS,
    WORLD_SCOPE,
)


def _lemma(token: Token) -> str:
    lemma = (token.lemma_ or token.text).lower().strip(".'’")
    if token.pos_ == "VERB":
        # a phrasal verb the lexicon knows: "went down", "stepped down"
        for child in token.children:
            particle = child.dep_ == "prt" or (
                child.dep_ == "advmod" and child.i == token.i + 1
            )
            if particle and f"{lemma}_{child.lower_}" in CANON:
                return f"{lemma}_{child.lower_}"
    return lemma


def _keep(token, lemma: str) -> bool:
    if token.is_punct or token.like_num or not token.is_alpha:
        return False
    if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"):
        return False
    if lemma in GENERIC or (lemma in MONTHS_AND_DAYS and token.pos_ != "VERB"):
        return False
    if token.is_stop and token.pos_ != "PROPN":
        return False
    return len(lemma) >= 3 or (token.pos_ == "PROPN" and len(lemma) >= 2)


def _is_doing(token, lemma: str) -> bool:
    if _is_name(token):
        return False
    if token.pos_ == "VERB":
        return True
    return (
        token.pos_ == "NOUN"
        and lemma.endswith(DEVERBAL)
        and len(lemma) > 5
        and lemma not in NOT_DEVERBAL
    )


def _is_name(token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in NAME_ENTS


def features(
    sent: Span,
    summary: str,
    actors: Iterable[str],
    expression: tuple[int, int] | None = None,
) -> dict:
    """Matching features of one dated sentence: ``sent`` is its span of the
    engine's Doc; the tokens inside the summary's span, with the words their
    phrase hangs on, are its core (the summary's words when it is not part of
    the sentence). ``expression`` (character offsets in the sentence) is the
    date's; when the date modifies a noun ("Thursday's decision") that noun is
    the source's ``ref``: a mention of a happening rather than a report of
    one."""
    inside = _core_tokens(sent, summary)
    act, names, core, does = _terms(sent, inside)
    names |= _actor_names(actors)
    # A sum of money or a clock time is as good as a name: "$42 billion" or
    # "1:30 a.m." identifies a happening.
    for mark, in_core in _marks(sent, inside):
        names.add(mark)
        if in_core:
            core.add(mark)
    found = {
        "act": sorted(act),
        "names": sorted(names),
        "core": sorted(core & (act | names)),
        # what happens, as opposed to who and what it happens to
        "does": sorted(does & act),
        # the named subjects of the summary's clauses
        **_who(sent, inside, names),
        **_where(sent, inside),
    }
    if expression is not None and (ref := _referent(sent, *expression)):
        found["ref"], found["ref_text"] = ref
    return found


def _terms(sent: Span, inside: set[int]) -> tuple[set, set, set, set]:
    """The sentence's action terms, names, the terms of its core and the
    terms that are things done."""
    act, names, core, does = set(), set(), set(), set()
    for token in sent:
        lemma = _lemma(token)
        if not _keep(token, lemma):
            continue
        term = _term(token, lemma)
        if term is None:
            continue
        (names if _is_name(token) else act).add(term)
        if term in ACTIONS or _is_doing(token, lemma):
            does.add(term)
        if token.i in inside:
            core.add(term)
    return act, names, core, does


def _actor_names(actors: Iterable[str]) -> set[str]:
    """The last word of each of the engine's actors ("the SEC" -> "sec")."""
    found = set()
    for actor in actors:
        words = [w for w in re.findall(r"[\w’'-]+", actor.lower()) if w != "the"]
        if words:
            found.add(words[-1].strip("’'"))
    return found


def _marks(sent: Span, inside: set[int]) -> list[tuple[str, bool]]:
    """Sums of money and clock times, each with whether the core holds it."""
    found = []
    for ent in span_ents(sent):
        if ent.label_ == "MONEY":
            mark = _amount(ent.text)
        elif ent.label_ == "TIME":
            mark = _clock(ent.text)
        else:
            continue
        if mark:
            found.append((mark, any(t.i in inside for t in ent)))
    return found


def _where(sent: Span, inside: set[int]) -> dict:
    """Where the summary says it happened: a named place, or everywhere
    ("grounded worldwide" is not "grounded in the United States")."""
    told = [t for t in sent if t.i in inside]
    found: dict = {}
    if places := {t.lower_ for t in told if t.ent_type_ in PLACES and t.is_alpha}:
        found["where"] = sorted(places)
    if any(t.lower_ in WORLD_SCOPE for t in told):
        found["world"] = True
    return found


_SHORT_SCALES = {
    "k": "thousand",
    "m": "million",
    "mn": "million",
    "b": "billion",
    "bn": "billion",
    "tn": "trillion",
}


def _amount(text: str) -> str | None:
    """ "$42 billion", "42 billion dollars" -> "$42billion"; "50 cents" ->
    "$0.5"; None without digits."""
    digits = re.search(r"\d[\d,.]*", text)
    if not digits:
        return None
    scale = re.search(r"\b(thousand|million|billion|trillion)\b", text.lower())
    number = digits.group(0).rstrip(".,").replace(",", "")
    short = re.search(r"\d\s?(k|m|mn|bn|b|tn)\b", text.lower())
    if not scale and short:  # "$1.4m", "$2bn"
        return f"${number}{_SHORT_SCALES[short.group(1)]}"
    if not scale and re.search(r"\bcents?\b", text.lower()):
        try:
            number = format((Decimal(number) / 100).normalize(), "f")
        except InvalidOperation:
            return None
    return f"${number}{scale.group(1) if scale else ''}"


def _clock(text: str) -> str | None:
    """ "about 1:30 a.m." -> "1:30am"; None without a clock time."""
    found = re.search(r"\b(\d{1,2})(?::(\d\d))?\s*([ap])\.?\s?m\b", text.lower())
    if not found:
        return None
    hour, minute, half = found.groups()
    return f"{int(hour)}:{minute or '00'}{half}m"


SUBJECTS = ("nsubj", "nsubjpass")


def _who(sent: Span, inside: set[int], names: set[str]) -> dict:
    """Who the summary is about: the named subjects of its verbs ("Flagstar
    bought": ``who``), and the names that own a subject noun ("Orvex's stock
    fell", "Lumen shares closed": ``whose``), kept apart because "Baldwin's
    lawyers" and "Nikas and Spiro" may be one party. A summary with no subject
    of its own ("compared with a profit a year earlier") is about the subject
    of the clause it hangs on."""
    subjects = [
        t
        for t in sent
        if t.i in inside and t.dep_ in SUBJECTS and t.head.pos_ in ("VERB", "AUX")
    ]
    if not subjects:
        subjects = _borrowed_subjects(sent, inside)
    who, whose = set(), set()
    for token in subjects:
        if _is_name(token):
            who |= _whole_name(token)
        for owner in _owners(token):
            whose |= _whole_name(owner)
    found = {"who": sorted(who & names)}
    if whose & names:
        found["whose"] = sorted(whose & names)
    return found


def _owners(noun: Token) -> list[Token]:
    """The names a common noun belongs to: its possessor or a name before it."""
    if noun.pos_ != "NOUN":
        return []
    return [c for c in noun.children if c.dep_ in ("poss", "compound") and _is_name(c)]


def _borrowed_subjects(sent: Span, inside: set[int]) -> list[Token]:
    """When the summary is a clause without a subject ("compared with ..."):
    the subjects of the verb it hangs on (a pronoun's included: then no name
    is borrowed). Not for a noun phrase ("a day after federal grounding", or
    "the shells found on Oct. 21": the core holds the noun a clause
    describes), whose doer the sentence need not name."""
    tops = [t for t in sent if t.i in inside and t.head.i not in inside]
    if len(tops) != 1 or tops[0].pos_ != "VERB":
        return []
    verb = next((a for a in tops[0].ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return []
    return [c for c in verb.children if c.dep_ in SUBJECTS]


def _whole_name(token: Token) -> set[str]:
    """The lemmas of a name with its compounds: "Lion Air Flight 610", not
    just "Flight"."""
    found = set()
    stack = [token]
    while stack:
        part = stack.pop()
        if _is_name(part):
            found.add(_lemma(part))
        stack.extend(c for c in part.children if c.dep_ == "compound")
    return found


def _referent(sent: Span, start: int, end: int) -> tuple[str, str] | None:
    """The term and the words of the noun the date expression at [start, end)
    (offsets in the sentence) modifies, if any."""
    base = sent.start_char
    inside = [t for t in sent if start <= t.idx - base < end]
    roots = [t for t in inside if t.head not in inside or t.head is t]
    if len(roots) != 1:
        return None
    root = roots[0]
    head = root.head
    if root.dep_ not in REFERENCE_DEPS or head.pos_ != "NOUN" or head.i < root.i:
        return None
    lemma = _lemma(head)
    return CANON.get(lemma, lemma), sent.doc[inside[0].i : head.i + 1].text


def _term(token, lemma: str) -> str | None:
    if _is_name(token):
        return lemma
    if token.pos_ in ("VERB", "NOUN", "ADJ"):
        term = CANON_BY_POS.get((lemma, token.pos_)) or CANON.get(lemma, lemma)
        # Adjectives only when the lexicon knows them ("guilty", "bankrupt").
        if token.pos_ != "ADJ" or term != lemma:
            return term
    return None


def _core_tokens(sent: Span, summary: str) -> set[int]:
    """Indexes of the summary's tokens in the sentence, with the compounds and
    the nouns their phrases hang on ("the witness stand", "an investigation
    that opened")."""
    if not summary:
        return {t.i for t in sent}
    start = sent.text.find(summary)
    if start < 0:
        # The engine's summary is not a stretch of the sentence: its words.
        words = {w.lower() for w in re.findall(r"[\w’'-]+", summary)}
        return {t.i for t in sent if t.lower_ in words}
    start += sent.start_char
    end = start + len(summary)
    span = [t for t in sent if start <= t.idx < end]
    inside = {t.i for t in span}
    for token in span:
        inside.update(c.i for c in token.children if c.dep_ == "compound")
        if token.head.i not in inside and token.head.pos_ in ("NOUN", "PROPN"):
            inside.add(token.head.i)
    return inside


def of_events(doc, events: Iterable) -> list[dict]:
    """Features of the engine's events (sentence and expression offsets in
    ``doc``), from ``doc``'s own parse."""
    found = []
    for e in events:
        sent = doc.char_span(e.sentence_start, e.sentence_end, alignment_mode="expand")
        if sent is None:
            found.append({})
            continue
        expression = None
        if e.expression_start is not None and e.expression_end is not None:
            expression = (
                e.expression_start - e.sentence_start,
                e.expression_end - e.sentence_start,
            )
        found.append(features(sent, e.summary or "", e.actors, expression))
    return found


def of_sentences(
    nlp, items: Iterable[tuple[str, str, Iterable[str], tuple[int, int] | None]]
) -> list[dict]:
    """Features of (sentence, summary, actors, expression offsets in the
    sentence) that come without the engine's parse (events made by hand),
    parsing each distinct sentence once."""
    items = list(items)
    sentences = sorted({item[0] for item in items})
    docs = dict(zip(sentences, nlp.pipe(sentences), strict=True))
    return [
        features(docs[sentence][:], summary, actors, expression)
        for sentence, summary, actors, expression in items
    ]
