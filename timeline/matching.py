"""Is this the same happening? Comparing two sources of a case, so that the
grouping (``timeline.grouping``) makes each happening one event with several
sources.

Every source carries matching features computed by the engine from its own
parse (``extraction.features``): the lemmas of its actions (verbs and nouns, folded through a small lexicon of
legal and business news so that "indicted" meets "indictment", "convicted"
meets "guilty" and "went down" meets "crashed"), which of them are things done
rather than participants (``does``), the names of its participants (proper
nouns, entities, the engine's actors, sums of money and clock times), the named
subjects of its summary (``who``), and which of those sit in the engine's
summary of the event (its ``core``) rather than elsewhere in the sentence.

Two sources report the same happening when

- their dates are compatible: equal, or one contains the other (October 2021
  contains Oct. 21, 2021); two days a few days apart "conflict" and need more
  evidence, since that is how sources disagree;
- they share an action that is central to at least one of them (in its summary)
  and, unless the dates are the same in two articles, is something done;
- their named subjects do not exclude each other ("Flagstar bought" is not
  "First Citizens bought");
- their terms overlap enough, each term weighted by how rare it is in the case
  (a name every article mentions says little; "extradition" says a lot).

A vaguer date matches only what the precise source dates (its summary), not a
happening mentioned beside it. Sources from one article must agree more closely
than sources from two articles, except where the article names its own event
again through a date on a noun ("after the January blowout", "Thursday's
decision"); two dates from one sentence are never the same happening.
``vetoes`` says when a source is plainly another happening than another, and
``explain`` puts a verdict in words for ``EventSource.match_note``; the
grouping (``timeline.grouping``) decides which sources become one event.

The pure functions (``date_relation``, ``compare``, ``closeness``) take plain
values so they can be tested and tuned without a database.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from extraction.datevalue import DateValue, Precision
from extraction.lexicon import INCIDENTS, OUTCOME

CONFLICT_DAYS = 3


# Dates ------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def date_relation(a: str, b: str) -> str | None:
    """'same', 'compatible' (one contains the other), 'conflict' (two days close
    together: sources that disagree) or None (different times)."""
    # Cached on the strings: the grouping asks this for millions of pairs.
    if a == b:
        return "same"
    va, vb = DateValue.parse(a), DateValue.parse(b)
    if va.overlaps(vb):
        return "compatible"
    if va.precision == vb.precision == Precision.DAY:
        gap = abs((va.first_day() - vb.first_day()).days)
        if gap <= CONFLICT_DAYS:
            return "conflict"
    return None


# Comparing ----------------------------------------------------------------------

# The least weighted overlap for each date relation between sources of two
# articles. Two days a few days apart are how sources disagree, which needs
# close agreement on everything else.
THRESHOLDS = {"same": 0.2, "compatible": 0.2, "conflict": 0.5}
NAMES_ONLY_THRESHOLD = 0.35
# A year says little about which day: a day matched with only a year needs more.
YEAR_AND_DAY_THRESHOLD = 0.6
# Within one article a second mention of a date is usually a second happening,
# unless it is the headline or a back-reference dated through another event
# ("a day after the federal grounding", "late in the afternoon"); and an
# article never disagrees with itself.
SAME_ARTICLE_THRESHOLD = 0.3
SAME_ARTICLE_RESTATEMENT = 0.15
# Nouns that name a happening without saying which: "Thursday's decision" in an
# article that reports one thing on Thursday is that thing.
VAGUE_REFERENCES = set(
    """
    decision ruling move action announcement news event incident development
    step statement order outcome result
    """.split()
)


@dataclass(frozen=True)
class Unit:
    """What matching knows of one source."""

    article: int
    sentence_start: int
    date_value: str
    features: dict
    # Dated through another event of its article ("the same day", rule 8).
    derived: bool = False
    headline: bool = False
    event: int | None = None


@dataclass(frozen=True)
class Verdict:
    score: float
    relation: str
    actions: tuple[str, ...]
    names: tuple[str, ...]
    terms: tuple[str, ...]
    # The back-reference ("Thursday's decision") that made the match.
    refers: str = ""
    # ... when that noun does not say which happening it means.
    vague: bool = False


class Weights:
    """Inverse document frequency of terms over a case's sources."""

    def __init__(self, documents: Iterable[Iterable[str]] = ()) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        self.known: dict[str, float] = {}
        self.sources: dict[int, tuple] = {}
        # Terms counted and found in no source (``counted``).
        self.absent: set[str] = set()
        for terms in documents:
            self.add(terms)

    @classmethod
    def counted(cls, n: int, df: dict[str, int], asked: Iterable[str] = ()) -> Weights:
        """Weights of a case counted elsewhere (in the database): ``n`` sources,
        ``df`` the number that mention each term (terms not in it: none) of
        those ``asked``."""
        weights = cls()
        weights.n = n
        weights.df.update(df)
        weights.absent = set(asked) - set(df)
        return weights

    def add(self, terms: Iterable[str]) -> None:
        self.n += 1
        self.df.update(set(terms))
        self.known.clear()
        self.sources.clear()

    def prepared(self, features: dict) -> tuple[set[str], set[str], float, float]:
        """A source's terms and core with their total weights, worked out once
        per source and weighting (a source is compared with many others)."""
        found = self.sources.get(id(features))
        if found is None or found[0] is not features:
            terms, core = terms_of(features), set(features.get("core", ()))
            totals = sum(map(self, terms)), sum(map(self, core))
            # The features are kept with their figures, so their id is not reused.
            found = (features, (terms, core, *totals))
            self.sources[id(features)] = found
        return found[1]

    def __call__(self, term: str) -> float:
        # Called for every term of every pair compared: remembered.
        weight = self.known.get(term)
        if weight is None:
            weight = math.log((self.n + 1) / (self.df.get(term, 0) + 0.5))
            self.known[term] = weight
        return weight


def terms_of(features: dict) -> set[str]:
    return set(features.get("act", ())) | set(features.get("names", ()))


def index_terms(features: dict) -> tuple[set[str], set[str]]:
    """A source's terms and core terms for finding its candidates: two sources
    can be one happening only if one's core term is among the other's terms
    (an incident's core also stands for the death in it)."""
    core = set(features.get("core", ()))
    # The engine's core is among the terms (``extraction.features``); kept so
    # for any features, as ``candidates.wanted_keys`` relies on it.
    terms = terms_of(features) | core
    if core & INCIDENTS:
        terms.add(OUTCOME)
        core.add(OUTCOME)
    return terms, core


def compare(new: Unit, old: Unit, weight: Weights) -> Verdict | None:
    """Whether ``new`` reports the happening ``old`` reports, and why."""
    relation = date_relation(new.date_value, old.date_value)
    if relation is None:
        return None
    same_article = new.article == old.article
    if same_article and new.sentence_start == old.sentence_start:
        return None
    a, b = with_outcome(new.features, old.features)
    actions = _shared_actions(new, old, a, b, relation)
    if not actions and not same_article and relation != "same":
        return None  # (below: what else two articles' sources could share)
    score = _score(a, b, weight)
    if score is None:
        return None
    shared = terms_of(a) & terms_of(b)
    names = set(a.get("names", ())) & set(b.get("names", ()))
    if same_article and relation != "conflict":
        # An article naming its own event again ("after the January blowout")
        if refers := _refers_back(new, old, relation):
            return Verdict(
                score=score,
                relation=relation,
                actions=tuple(sorted(actions)),
                names=tuple(sorted(names)),
                terms=(),
                refers=refers[1],
                vague=refers[0] in VAGUE_REFERENCES,
            )
    if not actions:
        # Without a shared action only the same date in two articles and a
        # strong overlap of rare names and words will do.
        if same_article or relation != "same" or score < NAMES_ONLY_THRESHOLD:
            return None
    if (
        _other_participants(a, b)
        or _other_figures(a, b)
        or (relation == "conflict" and not names)
    ):
        # One action by different parties ("First Citizens bought SVB", "Flagstar
        # bought Signature") or with different figures is two happenings; and
        # sources that disagree on the day must at least agree on who.
        return None
    threshold = _threshold(new, old, relation)
    if threshold is None:
        return None
    outcome = OUTCOME in actions and (a is not new.features or b is not old.features)
    if outcome and relation == "same" and (same_article or names):
        # The death in an incident on that day: the two sentences tell
        # different sides of it, so their words need not overlap.
        score = max(score, threshold)
    if score < threshold:
        return None
    return Verdict(
        score=score,
        relation=relation,
        actions=tuple(sorted(actions)),
        names=tuple(sorted(names)),
        terms=tuple(sorted(shared - actions - names)),
    )


def _shared_actions(new: Unit, old: Unit, a: dict, b: dict, relation: str) -> set:
    """The actions both sources tell, central to at least one of them, that
    can make them one happening at this date relation."""
    act_a, act_b = set(a.get("act", ())), set(b.get("act", ()))
    core_a, core_b = set(a.get("core", ())), set(b.get("core", ()))
    actions = ((core_a & act_b) | (act_a & core_b)) & act_a & act_b
    same_article = new.article == old.article
    headline = new.headline or old.headline
    derived = new.derived or old.derived
    if (relation != "same" or same_article) and not (
        headline or (same_article and derived)
    ):
        # Without the same date in two articles, a shared participant ("the
        # chief executive", "deposits") is not yet a shared happening: what
        # happened must match. (A headline, which names its happening in few
        # words, and an article's restatement of its own event are let off.)
        actions &= _doings(a) & _doings(b)
    if relation != "same" or (same_article and not headline):
        # Dates that differ (a vaguer one, or days that disagree) must belong to
        # the same action: both summaries, what the dates date, share it. So
        # must two sentences of one article on one day ("the jurors began
        # deliberating that afternoon" is not the verdict read that evening),
        # unless one is the headline, which names its happening in few words.
        actions &= core_a & core_b
    if relation == "compatible" and _told_aside(new, old, a, b):
        return set()
    return actions


def _precision(unit: Unit) -> Precision:
    return DateValue.parse(unit.date_value).precision


def _told_aside(new: Unit, old: Unit, a: dict, b: dict) -> bool:
    """A vaguer mention ("collapse in November 2022") points at a happening;
    when what it does is told only beside the precise date ("resigned on
    Friday, shortly before prosecutors announced the indictment" dates no
    indictment), it is another happening. ``a`` and ``b`` are the sources'
    features."""
    vague_is_new = _precision(new) < _precision(old)
    vague, precise = (a, b) if vague_is_new else (b, a)
    doing = _doings(vague) & set(vague.get("core", ()))
    precise_core = set(precise.get("core", ()))
    aside = doing & (set(precise.get("act", ())) - precise_core)
    return bool(aside) and not doing & precise_core


def _threshold(new: Unit, old: Unit, relation: str) -> float | None:
    """The least score for one happening; None when the pair cannot be one
    (one article never disagrees with itself on the day)."""
    threshold = THRESHOLDS[relation]
    if relation == "compatible" and {_precision(new), _precision(old)} == {
        Precision.YEAR,
        Precision.DAY,
    }:
        threshold = YEAR_AND_DAY_THRESHOLD
    if new.article == old.article:
        if relation == "conflict":
            return None
        # A headline retells its lede; a back-reference dated through another
        # event restates that event at the date the article gives it.
        derived = new.derived or old.derived
        restates = new.headline or old.headline or (relation == "same" and derived)
        threshold = SAME_ARTICLE_RESTATEMENT if restates else SAME_ARTICLE_THRESHOLD
    return threshold


def with_outcome(a: dict, b: dict) -> tuple[dict, dict]:
    """An incident and its immediate physical outcome are one happening (a
    shooting and the death in it, a crash and its victims): when one summary
    tells the incident and the other the death, the incident's source counts
    as telling the death too."""
    core_a, core_b = set(a.get("core", ())), set(b.get("core", ()))
    if OUTCOME in core_a and core_b & INCIDENTS and OUTCOME not in core_b:
        return a, _telling(b, OUTCOME)
    if OUTCOME in core_b and core_a & INCIDENTS and OUTCOME not in core_a:
        return _telling(a, OUTCOME), b
    return a, b


def _telling(features: dict, term: str) -> dict:
    found = dict(features)
    for key in ("act", "core", "does"):
        found[key] = sorted({*features.get(key, ()), term})
    return found


def _score(a: dict, b: dict, weight: Weights) -> float | None:
    """How much two sources' terms overlap, each weighted by its rarity, and how
    much of either summary the other sentence mentions (0..1); None when one
    has no terms."""
    terms_a, core_a, total_a, core_total_a = weight.prepared(a)
    terms_b, core_b, total_b, core_total_b = weight.prepared(b)
    if not total_a or not total_b:
        return None
    overlap = sum(weight(t) for t in terms_a & terms_b) / min(total_a, total_b)
    # How much of what either summary is about the other sentence mentions.
    cover = max(
        _cover(core_a, core_total_a, terms_b, weight),
        _cover(core_b, core_total_b, terms_a, weight),
    )
    return (overlap + cover) / 2


def closeness(a: Unit, b: Unit, weight: Weights) -> float:
    """How near two sources that ``compare`` kept apart came to the bar their
    dates set (0..1): 0 when their dates or named parties exclude one
    happening, when they share nothing done, or when the wording was close
    enough and a rule kept them apart on purpose."""
    relation = date_relation(a.date_value, b.date_value)
    if relation is None or vetoes(a, b):
        return 0.0
    if a.article == b.article and a.sentence_start == b.sentence_start:
        return 0.0
    fa, fb = with_outcome(a.features, b.features)
    core = set(fa.get("core", ())) | set(fb.get("core", ()))
    if not _doings(fa) & _doings(fb) & core:
        return 0.0
    score = _score(fa, fb, weight)
    bar = THRESHOLDS[relation]
    if score is None or score >= bar:
        return 0.0
    return score / bar


def vetoes(new: Unit, old: Unit) -> bool:
    """``old`` is plainly another happening than ``new``: another time, or one
    action by other named parties."""
    if date_relation(new.date_value, old.date_value) is None:
        return True
    a, b = new.features, old.features
    return _other_participants(a, b) or _other_figures(a, b) or _other_scope(a, b)


def _other_scope(a: dict, b: dict) -> bool:
    """One summary says it happened everywhere, the other in a named place."""
    world_a, world_b = bool(a.get("world")), bool(b.get("world"))
    if world_a == world_b:
        return False
    local = b if world_a else a
    return bool(local.get("where"))


def _other_participants(a: dict, b: dict) -> bool:
    """Both summaries name their subject, and neither sentence names the other's
    ("First Citizens agreed to buy ..." and "Flagstar bought ..."); or both
    name the owner of their subject ("Orvex's shares", "Tallis shares"). A
    subject and an owner are not compared: "Baldwin's lawyers" may be
    "Nikas and Spiro"."""
    names_a, names_b = set(a.get("names", ())), set(b.get("names", ()))
    for key in ("who", "whose"):
        who_a, who_b = set(a.get(key, ())), set(b.get(key, ()))
        if who_a and who_b and not (who_a & names_b or who_b & names_a):
            return True
    return False


# Two sums this close are one figure told two ways ("$136,793" and "nearly
# $137,000", "$2.5 billion" and "$2.49 billion").
SAME_SUM = 0.05
_SUM = re.compile(r"\$(\d+(?:\.\d+)?)(thousand|million|billion|trillion)?$")
_SCALE = {None: 1, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _other_figures(a: dict, b: dict) -> bool:
    """Both summaries turn on a sum of money, neither sentence gives (about) a
    sum the other's summary turns on, and they name nothing else in common:
    two figures, two happenings (one company's sales a year ago and
    another's)."""
    if not (_has_sum(a.get("core", ())) and _has_sum(b.get("core", ()))):
        return False  # (asked of every pair a grouping weighs: the cheap test first)
    core_a, core_b = _sums(tuple(a.get("core", ()))), _sums(tuple(b.get("core", ())))
    all_a, all_b = _sums(tuple(a.get("names", ()))), _sums(tuple(b.get("names", ())))
    if _about(core_a, all_b) or _about(core_b, all_a):
        return False
    named = {n for n in a.get("names", ()) if not n.startswith("$")}
    return not named & set(b.get("names", ()))


def _has_sum(marks: Iterable[str]) -> bool:
    return any(mark[:1] == "$" for mark in marks)


@lru_cache(maxsize=1 << 14)
def _sums(marks: tuple[str, ...]) -> tuple[float, ...]:
    # Cached: a grouping asks it of a source for every pair it weighs.
    found = []
    for mark in marks:
        if m := _SUM.match(mark):
            found.append(float(m.group(1)) * _SCALE[m.group(2)])
    return tuple(found)


def _about(sums: Sequence[float], others: Sequence[float]) -> bool:
    return any(abs(x - y) <= SAME_SUM * max(x, y) for x in sums for y in others)


def _doings(features: dict) -> set[str]:
    # Sources stored before "does" was computed: all their action terms.
    return set(features.get("does", features.get("act", ())))


def _refers_back(new: Unit, old: Unit, relation: str) -> tuple[str, str] | None:
    """The noun (term, words) by which one source of an article names the
    other's happening through its date: "the January blowout" for a blowout the
    article dated Jan. 5; "Thursday's decision" for the one thing it reported
    on Thursday."""
    for ref_unit, other in ((new, old), (old, new)):
        ref = ref_unit.features.get("ref")
        if not ref:
            continue
        found = (ref, ref_unit.features.get("ref_text") or ref)
        if ref in other.features.get("core", ()):
            return found
        exact_day = relation == "same" and _precision(ref_unit) == Precision.DAY
        if ref in VAGUE_REFERENCES and exact_day and not other.features.get("ref"):
            return found
    return None


def _cover(core: set[str], total: float, terms: set[str], weight: Weights) -> float:
    return sum(weight(t) for t in core & terms) / total if total else 0.0


def rank(verdict: Verdict) -> tuple:
    # Agreeing dates before disagreeing ones; a named match before a vague
    # back-reference; then the closer text; on a tie the same date before a
    # merely compatible one.
    return (
        verdict.relation != "conflict",
        not verdict.vague,
        round(verdict.score, 6),
        verdict.relation == "same",
    )


RELATION_WORDS = {
    "same": "same date",
    "compatible": "compatible dates",
    "conflict": "dates a few days apart",
}


def explain(verdict: Verdict, new_date: str, old_date: str, where: str) -> str:
    """The sentence stored on the source: why it was attached."""
    dates = new_date if verdict.relation == "same" else f"{new_date} and {old_date}"
    parts = [f"{RELATION_WORDS[verdict.relation]} ({dates})"]
    if verdict.refers:
        parts.append(f"the article names it again as “{verdict.refers}”")
    if verdict.actions:
        parts.append("both tell of: " + ", ".join(verdict.actions[:8]))
    if verdict.names:
        parts.append("both name: " + ", ".join(verdict.names[:8]))
    if verdict.terms:
        parts.append("also: " + ", ".join(verdict.terms[:6]))
    text = "; ".join(parts)
    return f"Matched with {where}: {text} (overlap {verdict.score:.0%})."


# Copies of one story --------------------------------------------------------------

SHINGLE = 5
SIGNATURE = 64
FINGERPRINT_CHARS = 100_000
COPY_JACCARD = 0.6
_prime = (1 << 61) - 1
_rng = random.Random(20240611)
_HASHES = [
    (_rng.randrange(1, _prime), _rng.randrange(0, _prime)) for _ in range(SIGNATURE)
]


def shingles(text: str) -> set[int]:
    return set(_fnv(_grams(text)).tolist()) if text else set()


def _grams(text: str) -> list[bytes]:
    """The text's word 5-shingles (all its words when it has fewer)."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE:
        return [" ".join(words).encode("utf-8")] if words else []
    return [
        " ".join(words[i : i + SHINGLE]).encode("utf-8")
        for i in range(len(words) - SHINGLE + 1)
    ]


# A stable hash (Python's str hash changes per process): 64-bit FNV-1a.
FNV_OFFSET = 1469598103934665603
FNV_PRIME = 1099511628211


def _fnv(texts: list[bytes]) -> np.ndarray:
    """64-bit FNV-1a of each text, all texts a byte position at a time (the
    multiplication wraps at 2**64 as the hash wants): the longest first, so
    that at each position the texts still going are the first rows."""
    if not texts:
        return np.zeros(0, dtype=np.uint64)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    order = np.argsort(-lengths, kind="stable")
    width = int(lengths[order[0]])
    table = np.frombuffer(
        b"".join(texts[i].ljust(width, b"\0") for i in order.tolist()),
        dtype=np.uint8,
    ).reshape(len(texts), width)
    # How many texts are longer than each position.
    going = np.searchsorted(-lengths[order], -np.arange(width), side="left")
    values = np.full(len(texts), FNV_OFFSET, dtype=np.uint64)
    prime = np.uint64(FNV_PRIME)
    for i, n in enumerate(going.tolist()):
        values[:n] = (values[:n] ^ table[:n, i]) * prime
    found = np.empty_like(values)
    found[order] = values
    return found


def fingerprint(text: str) -> list[int]:
    """MinHash signature of the word 5-shingles of the text's beginning (a
    copy of a story is a copy from its start; a megabyte report need not be
    hashed whole)."""
    grams = _grams(text[:FINGERPRINT_CHARS])
    if not grams:
        return []
    values = _mod_prime(np.unique(_fnv(grams)))
    return _hashed(values).min(axis=1).tolist()


# (a * s + b) mod 2**61 - 1 for every hash (a, b) and shingle s, exactly, in
# 64-bit arithmetic: 2**61 is 1 modulo the prime, so a 122-bit product folds
# back in pieces that each fit. The same values as Python's big integers, in a
# thousandth of the time.
_A = np.array([a for a, _ in _HASHES], dtype=np.uint64)[:, None]
_B = np.array([b for _, b in _HASHES], dtype=np.uint64)[:, None]
_P = np.uint64(_prime)
_LOW32 = np.uint64(0xFFFFFFFF)
_LOW29 = np.uint64((1 << 29) - 1)


def _mod_prime(x: np.ndarray) -> np.ndarray:
    """x mod 2**61 - 1 for x below 2**64."""
    x = (x & _P) + (x >> np.uint64(61))
    return np.where(x >= _P, x - _P, x)


def _hashed(values: np.ndarray) -> np.ndarray:
    """(a * s + b) mod 2**61 - 1, one row per hash; values below 2**61 - 1."""
    a_hi, a_lo = _A >> np.uint64(32), _A & _LOW32
    s_hi, s_lo = values >> np.uint64(32), values & _LOW32
    top = (a_hi * s_hi) << np.uint64(3)  # times 2**64, which is 8 mod p
    middle = a_hi * s_lo + a_lo * s_hi  # times 2**32
    folded = (middle >> np.uint64(29)) + ((middle & _LOW29) << np.uint64(32))
    total = top + folded + _mod_prime(a_lo * s_lo) + _B
    return _mod_prime(_mod_prime(total))


# Copies are looked up by bands of the signature (locality-sensitive hashing):
# two texts are candidates when their signatures agree on every value of one
# band of BAND. Texts as alike as a copy (a Jaccard similarity of COPY_JACCARD)
# share a band but once in a million (1 - 0.6**2 to the 32nd); texts that share
# a few phrases (0.05) share one in 8%, and unrelated texts none.
BAND = 2


def bands(signature: Sequence[int]) -> list[int]:
    """The signature's bands, each with its place, hashed to a signed 64-bit
    integer (stored per article with a GIN index; see ``sourcing``)."""
    if not signature:
        return []
    parts = [
        ":".join(map(str, (start, *signature[start : start + BAND]))).encode()
        for start in range(0, len(signature), BAND)
    ]
    return sorted(int(v) for v in _fnv(parts).view(np.int64))


def resemblance(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two texts from their signatures."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
