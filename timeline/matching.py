"""Is this the same happening? Matching a newly extracted event with the case's
events, so that each happening is one event with several sources.

Every source carries matching features computed once at ingest (``features``):
the lemmas of its actions (verbs and nouns, folded through a small lexicon of
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
``matches`` ranks the events a new source retells, leaving out an event one of
whose sources is plainly another happening; the source joins the best and
explains its choice in words, stored on the source (``EventSource.match_note``).

The pure functions (``features``, ``date_relation``, ``compare``) take plain
values so they can be tested and tuned without a database.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Words that say nothing about which happening a sentence reports.
GENERIC = set(
    """
    say tell report announce state add note claim write describe call ask
    year month day week today time ago last next early late earlier later
    be have do make get go take come give put keep begin start end follow
    include use become remain seem show find want need know think see
    people person thing way part case lot number percent million billion
    company firm official statement news article story source
    mr mrs ms dr jr sr inc corp co ltd llc
    """.split()
)
MONTHS_AND_DAYS = set(
    """
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday
    wednesday thursday friday saturday sunday morning afternoon evening night
    spring summer fall autumn winter
    """.split()
)
# Actions that legal, business and accident news tell in many words. The first
# word of each class stands for all of them.
ACTION_CLASSES = [
    "indict indictment charge accuse",
    "convict conviction guilty verdict",
    "acquit acquittal",
    "arrest detain custody",
    "bankruptcy bankrupt insolvency",
    "collapse fall unravel implode crumble meltdown downfall fail failure",
    "close shut closure shutdown shut_down",
    "withdraw withdrawal pull",
    "birth bear born",
    "ground grounding",
    "crash plunge go_down",
    "testify testimony witness",
    "sentence sentencing",
    "settle settlement",
    "plead plea",
    "resign resignation quit step_down",
    "found founding founder",
    "investigate investigation probe inquiry review",
    "revoke revocation",
    "agree agreement deal",
    "reject rejection deny denial refuse",
    "sue lawsuit suit complaint",
    "dismiss dismissal",
    "release free",
    "extradite extradition",
    "appeal",
    "hearing",
    "trial",
    "deliberate deliberation",
    "fire oust",
    "hire appoint appointment",
    "acquire acquisition buy purchase takeover",
    "merge merger",
    "recall",
    "fine penalty",
    "ban bar prohibit",
    "approve approval authorize clear",
    "suspend suspension halt pause",
    "kill die death dead",
    "shoot shooting gunfire",
    "publish publication",
    "surrender",
    "raise fundraising valuation value",
    "blow blowout explode explosion blast blow_out blow_up",
]
# Words that belong to a class only as one part of speech ("took the stand").
CANON_BY_POS = {("stand", "NOUN"): "testify"}
CANON: dict[str, str] = {}
for _cls in ACTION_CLASSES:
    _words = _cls.split()
    for _w in _words:
        CANON.setdefault(_w, _words[0])
ACTIONS = set(CANON.values())

# Incidents whose immediate outcome is a death, and that outcome's term.
INCIDENTS = {"shoot", "crash", "blow"}
OUTCOME = "kill"
PLACES = {"GPE", "LOC"}
WORLD_SCOPE = {"worldwide", "globally", "global", "internationally"}
NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "LAW"}
DAY, MONTH, YEAR = 3, 2, 1
CONFLICT_DAYS = 3


# Features -------------------------------------------------------------------


def _lemma(token) -> str:
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


# Nouns made from verbs name actions ("settlement", "closure", "hearing").
DEVERBAL = ("tion", "sion", "ment", "ure", "ance", "ence", "ing")
NOT_DEVERBAL = set(
    """
    government department parliament document apartment moment element equipment
    building morning evening ceiling nature future culture structure picture
    figure feature distance audience evidence conference science presence
    """.split()
)


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
    doc,
    summary: str,
    actors: Iterable[str],
    summary_doc=None,
    expression: tuple[int, int] | None = None,
) -> dict:
    """Matching features of one source: ``doc`` is the parsed sentence; the tokens
    inside the summary's span (or ``summary_doc`` when the summary is not part
    of the sentence), with the words their phrase hangs on, are its core.
    ``expression`` (character offsets in the sentence) is the date's; when the
    date modifies a noun ("Thursday's decision") that noun is the source's
    ``ref``: a mention of a happening rather than a report of one."""
    start = doc.text.find(summary) if summary else -1
    inside = set()
    if start >= 0:
        end = start + len(summary)
        span = [t for t in doc if start <= t.idx < end]
        inside = {t.i for t in span}
        for token in span:
            # "the witness stand", "an investigation that opened": the compound
            # and the noun a clause describes belong to the summary's phrase.
            inside.update(c.i for c in token.children if c.dep_ == "compound")
            if token.head.i not in inside and token.head.pos_ in ("NOUN", "PROPN"):
                inside.add(token.head.i)
    elif summary_doc is None:
        inside = {t.i for t in doc}
    act, names, core, does = set(), set(), set(), set()
    for token in doc:
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
    if summary_doc is not None and start < 0:
        for token in summary_doc:
            lemma = _lemma(token)
            if _keep(token, lemma) and (term := _term(token, lemma)):
                core.add(term)
    for actor in actors:
        words = [w for w in re.findall(r"[\w’'-]+", actor.lower()) if w != "the"]
        if words:
            names.add(words[-1].strip("’'"))
    # A sum of money or a clock time is as good as a name: "$42 billion" or
    # "1:30 a.m." identifies a happening.
    for ent in doc.ents:
        if ent.label_ == "MONEY":
            mark = _amount(ent.text)
        elif ent.label_ == "TIME":
            mark = _clock(ent.text)
        else:
            continue
        if mark:
            names.add(mark)
            if any(t.i in inside for t in ent):
                core.add(mark)
    found = {
        "act": sorted(act),
        "names": sorted(names),
        "core": sorted(core & (act | names)),
        # what happens, as opposed to who and what it happens to
        "does": sorted(does & act),
        # the named subjects of the summary's clauses
        "who": sorted(_subjects(doc, inside) & names),
    }
    # Where the summary says it happened: a named place, or everywhere
    # ("grounded worldwide" is not "grounded in the United States").
    told = [t for t in doc if t.i in inside]
    if summary_doc is not None and start < 0:
        told = list(summary_doc)
    if places := {t.lower_ for t in told if t.ent_type_ in PLACES and t.is_alpha}:
        found["where"] = sorted(places)
    if any(t.lower_ in WORLD_SCOPE for t in told):
        found["world"] = True
    if expression is not None and (ref := _referent(doc, *expression)):
        found["ref"], found["ref_text"] = ref
    return found


def _amount(text: str) -> str | None:
    """ "$42 billion", "42 billion dollars" -> "$42billion"; None without digits."""
    digits = re.search(r"\d[\d,.]*", text)
    if not digits:
        return None
    scale = re.search(r"\b(thousand|million|billion|trillion)\b", text.lower())
    number = digits.group(0).rstrip(".,").replace(",", "")
    return f"${number}{scale.group(1) if scale else ''}"


def _clock(text: str) -> str | None:
    """ "about 1:30 a.m." -> "1:30am"; None without a clock time."""
    found = re.search(r"\b(\d{1,2})(?::(\d\d))?\s*([ap])\.?\s?m\b", text.lower())
    if not found:
        return None
    hour, minute, half = found.groups()
    return f"{int(hour)}:{minute or '00'}{half}m"


def _subjects(doc, inside: set[int]) -> set[str]:
    """Names that are the subject of a verb in the summary ("Flagstar bought")."""
    found = set()
    for token in doc:
        if token.i not in inside or token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if token.head.pos_ not in ("VERB", "AUX") or not _is_name(token):
            continue
        # the whole name: "Lion Air Flight 610", not just "Flight"
        stack = [token]
        while stack:
            part = stack.pop()
            if _is_name(part):
                found.add(_lemma(part))
            stack.extend(c for c in part.children if c.dep_ == "compound")
    return found


# How a date attaches to the noun it dates: "Thursday's decision" (poss), "the
# January blowout" (compound), "the March 10 crash" (nmod), "the 2019 crash".
REFERENCE_DEPS = {"poss", "compound", "nmod", "nummod", "amod"}


def _referent(doc, start: int, end: int) -> tuple[str, str] | None:
    """The term and the words of the noun the date expression at [start, end)
    modifies, if any."""
    inside = [t for t in doc if start <= t.idx < end]
    roots = [t for t in inside if t.head not in inside or t.head is t]
    if len(roots) != 1:
        return None
    root = roots[0]
    head = root.head
    if root.dep_ not in REFERENCE_DEPS or head.pos_ != "NOUN" or head.i < root.i:
        return None
    lemma = _lemma(head)
    return CANON.get(lemma, lemma), doc[inside[0].i : head.i + 1].text


def _term(token, lemma: str) -> str | None:
    if _is_name(token):
        return lemma
    if token.pos_ in ("VERB", "NOUN", "ADJ"):
        term = CANON_BY_POS.get((lemma, token.pos_)) or CANON.get(lemma, lemma)
        # Adjectives only when the lexicon knows them ("guilty", "bankrupt").
        if token.pos_ != "ADJ" or term != lemma:
            return term
    return None


def features_for(
    nlp,
    items: Sequence[tuple[str, str, Iterable[str], tuple[int, int] | None]],
) -> list[dict]:
    """Features of many (sentence, summary, actors, expression offsets in the
    sentence or None), parsing each sentence once."""
    sentences = sorted({item[0] for item in items})
    docs = dict(zip(sentences, nlp.pipe(sentences), strict=True))
    result = []
    for sentence, summary, actors, expression in items:
        doc = docs[sentence]
        summary_doc = None
        if summary and summary not in sentence:
            summary_doc = nlp(summary)
        result.append(features(doc, summary, actors, summary_doc, expression))
    return result


# Dates ------------------------------------------------------------------------


def _parse(value: str) -> tuple[dt.date, int]:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), YEAR
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), MONTH
    return dt.date(*parts), DAY


def date_relation(a: str, b: str) -> str | None:
    """'same', 'compatible' (one contains the other), 'conflict' (two days close
    together: sources that disagree) or None (different times)."""
    if a == b:
        return "same"
    if a.startswith(b) or b.startswith(a):
        return "compatible"
    if len(a) == 10 and len(b) == 10:
        gap = abs((_parse(a)[0] - _parse(b)[0]).days)
        if gap <= CONFLICT_DAYS:
            return "conflict"
    return None


def period(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period a date value names."""
    start, precision = _parse(value)
    if precision == DAY:
        return start, start
    if precision == MONTH:
        nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    return start, dt.date(start.year, 12, 31)


def candidate_window(value: str) -> tuple[dt.date, dt.date]:
    """Event dates (first day of their period) that can relate to ``value``: the
    start of its year (a year or month containing it) to its end, with the
    conflict margin either side."""
    start, end = period(value)
    margin = dt.timedelta(days=CONFLICT_DAYS)
    return dt.date(start.year, 1, 1) - margin, end + margin


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
        for terms in documents:
            self.add(terms)

    def add(self, terms: Iterable[str]) -> None:
        self.n += 1
        self.df.update(set(terms))

    def __call__(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 0.5))


def terms_of(features: dict) -> set[str]:
    return set(features.get("act", ())) | set(features.get("names", ()))


def compare(new: Unit, old: Unit, weight: Weights) -> Verdict | None:
    """Whether ``new`` reports the happening ``old`` reports, and why."""
    relation = date_relation(new.date_value, old.date_value)
    if relation is None:
        return None
    same_article = new.article == old.article
    if same_article and new.sentence_start == old.sentence_start:
        return None
    a, b = with_outcome(new.features, old.features)
    act_a, act_b = set(a.get("act", ())), set(b.get("act", ()))
    core_a, core_b = set(a.get("core", ())), set(b.get("core", ()))
    actions = ((core_a & act_b) | (act_a & core_b)) & act_a & act_b
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
    if relation == "compatible":
        # A vaguer mention ("collapse in November 2022") points at a happening;
        # when what it does is told only beside the precise date ("resigned on
        # Friday, shortly before prosecutors announced the indictment" dates no
        # indictment), it is another happening.
        vague, precise = (a, b) if len(new.date_value) < len(old.date_value) else (b, a)
        doing = _doings(vague) & set(vague.get("core", ()))
        precise_core = set(precise.get("core", ()))
        aside = doing & (set(precise.get("act", ())) - precise_core)
        if aside and not doing & precise_core:
            actions = set()
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
    if _other_participants(a, b) or (relation == "conflict" and not names):
        # One action by different parties ("First Citizens bought SVB", "Flagstar
        # bought Signature") is two happenings; and sources that disagree on
        # the day must at least agree on who.
        return None
    threshold = THRESHOLDS[relation]
    if relation == "compatible" and {len(new.date_value), len(old.date_value)} == {
        4,
        10,
    }:
        threshold = YEAR_AND_DAY_THRESHOLD
    if same_article:
        if relation == "conflict":
            return None
        # A headline retells its lede; a back-reference dated through another
        # event restates that event at the date the article gives it.
        restates = headline or (relation == "same" and derived)
        threshold = SAME_ARTICLE_RESTATEMENT if restates else SAME_ARTICLE_THRESHOLD
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
    terms_a, terms_b = terms_of(a), terms_of(b)
    total_a = sum(weight(t) for t in terms_a)
    total_b = sum(weight(t) for t in terms_b)
    if not total_a or not total_b:
        return None
    overlap = sum(weight(t) for t in terms_a & terms_b) / min(total_a, total_b)
    core_a, core_b = set(a.get("core", ())), set(b.get("core", ()))
    # How much of what either summary is about the other sentence mentions.
    cover = max(_cover(core_a, terms_b, weight), _cover(core_b, terms_a, weight))
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
    return _other_participants(new.features, old.features) or _other_scope(
        new.features, old.features
    )


def _other_scope(a: dict, b: dict) -> bool:
    """One summary says it happened everywhere, the other in a named place."""
    world_a, world_b = bool(a.get("world")), bool(b.get("world"))
    if world_a == world_b:
        return False
    local = b if world_a else a
    return bool(local.get("where"))


def _other_participants(a: dict, b: dict) -> bool:
    """Both summaries name their subject, and neither sentence names the other's
    ("First Citizens agreed to buy ..." and "Flagstar bought ...")."""
    who_a, who_b = set(a.get("who", ())), set(b.get("who", ()))
    if not who_a or not who_b:
        return False
    names_a, names_b = set(a.get("names", ())), set(b.get("names", ()))
    return not (who_a & names_b or who_b & names_a)


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
        exact_day = relation == "same" and len(ref_unit.date_value) == 10
        if ref in VAGUE_REFERENCES and exact_day and not other.features.get("ref"):
            return found
    return None


def _cover(core: set[str], terms: set[str], weight: Weights) -> float:
    total = sum(weight(t) for t in core)
    return sum(weight(t) for t in core & terms) / total if total else 0.0


def matches(
    new: Unit, candidates: Iterable[Unit], weight: Weights
) -> list[tuple[int, Verdict]]:
    """The events (ids) whose sources ``new`` retells, each with its best
    verdict, the best match first."""
    best: dict[int, Verdict] = {}
    vetoed: set[int] = set()
    for old in candidates:
        if old.event is None:
            continue
        if vetoes(new, old):
            # One source of the event is plainly another happening than the
            # new one: the event is not joined through a look-alike of another.
            vetoed.add(old.event)
            continue
        verdict = compare(new, old, weight)
        if verdict is None:
            continue
        if old.event not in best or rank(verdict) > rank(best[old.event]):
            best[old.event] = verdict
    found = sorted(
        ((event, verdict) for event, verdict in best.items() if event not in vetoed),
        key=lambda item: rank(item[1]),
        reverse=True,
    )
    # "Thursday's decision" means the one thing of Thursday, if there is one.
    vague = [event for event, verdict in found if verdict.vague]
    if len(vague) > 1:
        found = [(event, verdict) for event, verdict in found if not verdict.vague]
    return found


def best_match(
    new: Unit, candidates: Iterable[Unit], weight: Weights
) -> tuple[int, Verdict] | None:
    """The event (id) of the best matching candidate source, with its verdict."""
    found = matches(new, candidates, weight)
    return found[0] if found else None


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
COPY_JACCARD = 0.6
_prime = (1 << 61) - 1
_rng = random.Random(20240611)
_HASHES = [
    (_rng.randrange(1, _prime), _rng.randrange(0, _prime)) for _ in range(SIGNATURE)
]


def shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE:
        return {hash_words(words)} if words else set()
    return {hash_words(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def hash_words(words: Sequence[str]) -> int:
    # A stable hash (Python's str hash changes per process).
    value = 1469598103934665603
    for char in " ".join(words).encode("utf-8"):
        value = ((value ^ char) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return value


def fingerprint(text: str) -> list[int]:
    """MinHash signature of the text's word 5-shingles."""
    found = shingles(text)
    if not found:
        return []
    return [min((a * s + b) % _prime for s in found) for a, b in _HASHES]


def resemblance(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two texts from their signatures."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
