"""Acceptance checks: one small function per pattern kind decides, with the parse, whether a regex candidate is a timex; and its TimeML extent."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from ..lexicon import (
    CLOCK_PREPS,
    MONTHS,
    NAME_LABELS,
    NAME_YEAR_OK,
    PRESENT_ERA_NOUNS,
    TITLE_CASE_TELLS,
    WEEKDAYS,
)
from ..patterns import Candidate
from .common import _next_token, _prev_token

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
    prev = _prev_token(doc, span)
    near = Near(prev, _next_token(doc, span), prev.lower_ if prev is not None else "")
    if c.kind not in _CAPITALISED_KINDS and _is_title_case_name(span, near):
        return False
    if c.kind in _CAPITALISED_KINDS and _inside_name(span):
        return False
    check = _ACCEPT.get(c.kind)
    return True if check is None else check(c, span, near)


# Kinds whose words are capitalised anyway ("Independence Day", "Friday, March 3").
_CAPITALISED_KINDS = {
    "holiday",
    "weekday",
    "month_day_year",
    "day_month_year",
    "week_of_date",
    "month_year",
    "season",
}


def _inside_name(span: Span) -> bool:
    """ "the Autumn School of Design": a date word that an organisation's,
    work's or event's name (spaCy's entity) runs on past."""
    last = span[-1]
    if last.ent_type_ not in NAME_LABELS or last.ent_iob_ == "":
        return False
    nxt = last.i + 1
    doc = span.doc
    return (
        nxt < len(doc)
        and doc[nxt].ent_iob_ == "I"
        and doc[nxt].ent_type_ == last.ent_type_
    )


def _is_title_case_name(span: Span, near: Near) -> bool:
    """ "CBS's This Morning", "the film The Day After Tomorrow": words a
    reporter writes in lower case, all capitalised inside lower-case prose,
    are a title (a headline in title case has no lower-case word around)."""
    words = [t for t in span if t.is_alpha]
    if len(words) < 2 or span[0].is_sent_start:
        return False
    if not all(t.text[:1].isupper() for t in words):
        return False
    if not any(t.lower_ in TITLE_CASE_TELLS for t in words):
        return (
            False  # "Friday, March 3": names of days and months are capitalised anyway
        )
    return any(
        t is not None and t.is_alpha and t.is_lower for t in (near.prev, near.nxt)
    )


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
    return not _month_in_name(tok, nxt, prev_l)


def _month_in_name(tok: Token, nxt: Token | None, prev_l: str) -> bool:
    """ "the annual March for Life", "a March of Dimes drive": a name, since
    nothing before the month asks for a date and a capitalised word follows
    its "for"/"of"/"on"; "March Madness": the parse makes the month part of
    the capitalised noun right after it."""
    if (
        nxt is not None
        and tok.dep_ == "compound"
        and tok.head.i == nxt.i
        and nxt.is_title
        and nxt.pos_ == "PROPN"
        and nxt.lower_.rstrip(".") not in MONTHS
        and nxt.lower_ not in WEEKDAYS
    ):
        return True
    if (
        nxt is None
        or nxt.lower_ not in ("for", "of", "on")
        or tok.i + 2 >= len(tok.doc)
    ):
        return False
    after = tok.doc[nxt.i + 1]
    return after.is_title and after.is_alpha and prev_l not in _BARE_MONTH_OK_PREV


def _accept_year(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    if g.get("mod"):
        return True
    if _is_name_year(prev, span):
        return False
    if prev_l == "of" and prev.i > 0 and prev.nbor(-1).lower_ == "class":
        return False  # "the Class of 2024": a cohort, not a date
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


def _accept_today_yesterday_tomorrow(c: Candidate, span: Span, near: Near) -> bool:
    prev, nxt, prev_l = near
    if _is_title_mid_sentence(c.text, prev, nxt):
        return False  # "NBC's Today show": a programme
    return not _present_era(c, span)


def _present_era(c: Candidate, span: Span) -> bool:
    """ "today's youth", "many of today's personal computers": these days."""
    if c.groups.get("w", "").lower() != "today" or not c.text.endswith(("'s", "’s")):
        return False
    owner = span[0].head if span[0].dep_ == "poss" else span.root.head
    return owner.lemma_.lower() in PRESENT_ERA_NOUNS


def _accept_weekday(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    if nxt is not None and nxt.lower_ == "of" and nxt.i + 1 < len(nxt.doc):
        if nxt.nbor(1).lower_ in ("each", "every"):
            return False  # "the first Tuesday of each month": a recurrence
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
    if (
        u.startswith("quarter")
        and not g.get("pre")
        and (g.get("adj") == "-" or n in ("a", "an", "three"))
    ):
        return False  # "three-quarters of", "more than a quarter": fractions
    return True


def _accept_vague_duration(c: Candidate, span: Span, near: Near) -> bool:
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


def _accept_clock_time(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    clock = g.get("clock") or ""
    if clock.lower() == "noon" and prev_l == "high":
        return False  # "high noon": the moment of a showdown, not a clock time
    bare = re.fullmatch(r"\d{1,2}:\d{2}", clock.strip()) is not None
    spoken = re.search(r"o['’]clock|\s(?:in|at)\s", clock) is not None
    if spoken and nxt is not None and nxt.pos_ == "NOUN":
        return False  # "4 in the morning session": a count in a session
    # the word right before the hour: "at 4 ...", "shortly after 10:30"
    before = (g.get("mod") or "").lower().split()[-1:] or [prev_l]
    if (
        (bare or spoken)
        and not (g.get("tz") or g.get("wd"))
        and before[0] not in CLOCK_PREPS
    ):
        return False
    return True


def _accept_reporting_period(c: Candidate, span: Span, near: Near) -> bool:
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


def _accept_part_of_day(c: Candidate, span: Span, near: Near) -> bool:
    prev, nxt, prev_l = near
    if (c.groups.get("rel") or "").lower() != "the" or nxt is None:
        return True
    # "the night of Oct. 23" is that date's night; "the night the plane went
    # down" is named by its clause: neither is a night counted from publication
    return not (
        nxt.lower_ in ("of", "when", "that")
        or nxt.pos_ in ("DET", "PRON", "PROPN")
        or nxt.tag_ == "PRP$"
    )


def _accept_recurrence(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    w = g["w"].lower()
    if w.startswith("a ") and not _after_amount(prev):
        return False
    return True


def _accept_vague_reference(c: Candidate, span: Span, near: Near) -> bool:
    g = c.groups
    prev, nxt, prev_l = near
    w = g["w"].lower()
    if c.text == "Now" and (nxt is None or nxt.text in (",", "that")):
        return False  # "Now, he says": a discourse marker, not a time
    if w in ("current", "recent", "future") and span.root.pos_ != "ADJ":
        return False
    if w == "at the time" and nxt is not None and nxt.lower_ in ("of", "when"):
        return False  # "at the time of the crash": the time X names, not a date
    return True


def _accept_full_date(c: Candidate, span: Span, near: Near) -> bool:
    prev, nxt, prev_l = near
    if (
        c.kind == "day_month_year"
        and prev is not None
        and (prev.like_num or prev.text in ("$", "No."))
    ):
        return False
    return True


# One check per pattern kind; a kind without one is always accepted.
_ACCEPT: dict[str, Callable[[Candidate, Span, Near], bool]] = {
    "month_year": _accept_bare_month,
    "year": _accept_year,
    "spelled_year": _accept_spelled_year,
    "season": _accept_season,
    "today_yesterday_tomorrow": _accept_today_yesterday_tomorrow,
    "weekday": _accept_weekday,
    "duration": _accept_duration,
    "vague_duration": _accept_vague_duration,
    "clock_time": _accept_clock_time,
    "part_of_day": _accept_part_of_day,
    "reporting_period": _accept_reporting_period,
    "recurrence": _accept_recurrence,
    "vague_reference": _accept_vague_reference,
    "month_day_year": _accept_full_date,
    "day_month_year": _accept_full_date,
}


def _is_name_year(prev: Token | None, span: Span) -> bool:
    """ "Sundance 2023", "Expo 2020": a year closing the name of an event or
    product, not a date the sentence gives."""
    if prev is None or not prev.is_title:
        return False
    word = prev.lower_.rstrip(".")
    if word in MONTHS or word in WEEKDAYS or word in NAME_YEAR_OK:
        return False
    if prev.ent_type_ in NAME_LABELS and span[-1].ent_type_ == prev.ent_type_:
        return True  # "Expo 2020": the year inside the name's own entity
    if prev.tag_ != "NNP":
        return False
    if span[-1].head == prev and span[-1].dep_ == "nummod":
        return True  # "Euro 2024 qualifiers": the parse hangs the year on the name
    return span[-1].ent_type_ != "DATE" or prev.ent_type_ in NAME_LABELS


def _is_title_mid_sentence(text: str, prev: Token | None, nxt: Token | None) -> bool:
    """A capitalised "Today" inside running lowercase text, or right after a
    name ("USA Today", "This is VOA Today."), is part of a name."""
    if not text[:1].isupper() or prev is None:
        return False
    if prev.pos_ == "PROPN" and not prev.is_sent_start and prev.text[:1].isupper():
        return True
    return (
        (prev.is_alpha or prev.tag_ == "POS")
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
    if c.kind == "units_ago_or_after" and (c.groups.get("dir") or "").lower() in (
        "after",
        "before",
        "since",
        "later",
    ):
        end = start + c.text.lower().rfind(" " + c.groups["dir"].lower())
    if (
        c.kind in ("weekday", "the_day_before_or_after_date")
        and c.groups.get("poss")
        and not c.groups.get("part")
    ):
        end = start + c.text.rfind(c.groups["poss"])
    if c.kind == "today_yesterday_tomorrow" and c.text.endswith(("'s", "’s")):
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
    if c.kind == "clock_time" and (g.get("mod") or "").lower() == "about":
        return "about"
    if c.kind == "year_ago_or_period_end" and g.get("det") and not g.get("u"):
        # "the year-ago results": the adjective alone, as "the 1996 season"
        if low.split()[-1] in ("year-ago", "year-earlier", "year-before"):
            return g["det"].lower().strip()
    if c.kind == "reporting_period":
        det = (g.get("det") or "").lower()
        hyphenated = re.search(r"-(?:quarter|half|period)", low) is not None
        if det and (hyphenated or det in ("its", "their", "a", "that")):
            return det
    if c.kind == "vague_reference" and low == "right now":
        return "right"
    if c.kind == "weekday" and (g.get("rel") or "").lower() in ("earlier", "later"):
        return g["rel"].lower()  # "Earlier Friday": "Friday" (a comparative, a signal)
    if c.kind == "part_of_day" and (g.get("rel") or "").lower() == "in the":
        return "in"  # "in the morning": TimeML leaves the preposition out
    return ""
