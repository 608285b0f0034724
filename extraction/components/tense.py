"""Tense of the clause a date belongs to, read from the dependency parse."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..dates import (
    FUTURE,
    PAST,
    PAST_PERFECT,
    PRESENT,
)
from ..lexicon import (
    DEADLINE_VERBS,
    FORWARD_SIGNALS,
    FUTURE_AUX,
    MOVED_TO_PREPS,
    MOVING_VERBS,
    SCHEDULE_WORDS,
    SPEECH_VERBS,
    WEEKDAYS,
)

_FORWARD = tuple(" " + signal for signal in FORWARD_SIGNALS)


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
    if depth < 3 and verb.head != verb and _takes_head_tense(verb):
        return verb_tense(verb.head, depth + 1)
    return None


def _takes_head_tense(verb: Token) -> bool:
    """Whether a word with no tense of its own takes its head's: a dependent
    clause, or an adjective complement ("made it difficult [...] to meet demand
    into the summer" is as past as "made")."""
    if verb.dep_ in ("xcomp", "conj", "advcl", "relcl", "acl"):
        return True
    return verb.pos_ == "ADJ" and verb.dep_ in ("ccomp", "acomp", "oprd")


def _infinitive_tense(verb: Token, depth: int) -> str | None:
    """ "to testify": the tense of what it hangs on, a plan being future."""
    head = verb.head
    if head == verb:
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


def _weekday_on_present_copula(span: Span, verb: Token) -> bool:
    """ "Tuesday is the deadline", "The vote is on Monday": a weekday a present
    "is" states is a schedule, the coming one (a month with "is" may be a
    state: "shares are worth more than in October")."""
    before = {t.lower_ for t in span.doc[max(0, span.start - 2) : span.start]}
    root = span.root
    on_copula = root.head == verb or (
        root.head.dep_ == "prep" and root.head.head == verb
    )
    return (
        on_copula
        and verb.lemma_ == "be"
        and verb.tag_ in ("VBZ", "VBP")
        and span.root.lower_ in WEEKDAYS
        and not before & {"than", "since"}  # "worth more than on Monday"
    )


def _took_effect(span: Span) -> bool:
    """ "became effective June 1", "was effective Monday": a report of the day
    it took effect, not an announcement of it."""
    before = span.doc[max(0, span.start - 2) : span.start]
    return (
        len(before) == 2
        and before[1].lower_ == "effective"
        and before[0].lemma_ in ("be", "become")
        and before[0].tag_ in ("VBD", "VBN")
    )


def _on_past_verb(span: Span, prep: Token | None) -> bool:
    """Whether the date attaches directly to a past-tense verb (through its
    preposition, or as a bare time modifier)."""
    attach = prep if prep is not None else span.root
    head = attach.head
    return head != attach and head.tag_ == "VBD"


def governing_verb(span: Span) -> Token | None:
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or (
            tok.pos_ == "ADJ" and tok.lower_ in ("due", "set")
        ):
            return tok
        if tok.head.i == tok.i:  # the root (Tokens are made afresh: no "is")
            return _misparsed_main_verb(tok)
        tok = tok.head
    return None


def _misparsed_main_verb(root: Token) -> Token | None:
    """ "The refinery restarted on Friday, ...": the small model sometimes makes
    the subject the root and its finite verb an ``acl``; a finite past form
    (VBD, never the participle of "the man arrested") is the clause's verb."""
    if root.pos_ not in ("NOUN", "PROPN"):
        return None
    return next((c for c in root.children if c.dep_ == "acl" and c.tag_ == "VBD"), None)


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
    if tense is None and _weekday_on_present_copula(span, verb):
        return FUTURE
    # "set sentencing for March 28", "scheduled a news conference Thursday",
    # "postponed until Tuesday": the date is the plan's, still to come
    if (
        tense != PAST_PERFECT
        and verb.lemma_ in SCHEDULE_WORDS
        and verb.lemma_ not in ("go",)
        and (verb.lemma_ not in MOVING_VERBS or prep in MOVED_TO_PREPS)
    ):
        if prep in ("for", "until", "till", "to", None, "on", "in", "at"):
            return FUTURE
    if prep in ("until", "till", "through") and (
        tense in (PRESENT, None) or (tense == PAST and verb.lemma_ in DEADLINE_VERBS)
    ):
        # a deadline or an extension runs to a coming date; "sales rose
        # through Thursday" is a past span
        return FUTURE
    # whole words only: "cost-effective in March" is no signal
    before = " " + span.doc[max(0, span.start - 3) : span.start].text.lower()
    if before.endswith(_FORWARD) and not _took_effect(span):
        return FUTURE
    return tense


# --------------------------------------------------------------------------- #
