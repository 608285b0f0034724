"""timeline.matching: the pure side of "is this the same happening?"."""

import dataclasses

import pytest

import extraction
from extraction.features import features
from timeline import matching
from timeline.grouping import Grouper, Item
from timeline.matching import Unit, Weights, compare, date_relation


@pytest.fixture(scope="module")
def nlp():
    return extraction.load_nlp(extraction.DEFAULT_MODEL)


def unit(
    nlp, sentence, date, *, article=1, start=0, summary="", actors=(), expression=""
):
    doc = nlp(sentence)
    where = None
    if expression:
        at = sentence.index(expression)
        where = (at, at + len(expression))
    return Unit(
        article=article,
        sentence_start=start,
        date_value=date,
        features=features(doc[:], summary or sentence, actors, where),
        event=article * 1000 + start,
    )


def item(u, pinned=False):
    """The grouping's view of a unit; ``pinned`` puts it on its event for good."""
    pk = u.article * 1000 + u.sentence_start
    key = (str(u.article), u.sentence_start, u.date_value)
    return Item(pk=pk, key=key, unit=u, event=u.event if pinned else None)


def grouper(*units):
    return Grouper([item(u) for u in units])


def weigh(*units):
    weights = Weights()
    for u in units:
        weights.add(matching.terms_of(u.features))
    return weights


def test_it_relates_dates_by_containment_and_closeness():
    assert date_relation("2021-10-21", "2021-10-21") == "same"
    assert date_relation("2021-10", "2021-10-21") == "compatible"
    assert date_relation("2021", "2021-10") == "compatible"
    assert date_relation("2021-10-21", "2021-10-22") == "conflict"
    assert date_relation("2021-10-21", "2021-10-30") is None
    assert date_relation("2021-09", "2021-10-21") is None


def test_it_folds_the_words_news_uses_for_one_action(nlp):
    doc = nlp("A jury found Holmes guilty of fraud.")
    assert "convict" in features(doc[:], "", ())["act"]
    doc = nlp("Her conviction on four counts came in January.")
    assert "convict" in features(doc[:], "", ())["act"]


@pytest.mark.parametrize(
    ("sentence", "action"),
    [
        ("The airliner went down in the sea.", "crash"),
        ("The chief executive stepped down on Friday.", "resign"),
        ("A door plug blew out of the jet.", "blow"),
        ("The plant was shut down in May.", "close"),
    ],
)
def test_it_reads_a_phrasal_verb_as_one_action(nlp, sentence, action):
    assert action in features(nlp(sentence)[:], "", ())["does"]


def test_it_matches_two_articles_retelling_one_happening(nlp):
    weights = Weights()
    a = unit(
        nlp,
        "Alec Baldwin fired a prop gun on the set of Rust on Thursday, killing "
        "the cinematographer Halyna Hutchins.",
        "2021-10-21",
        article=1,
    )
    b = unit(
        nlp,
        "Halyna Hutchins was killed in October 2021 when Baldwin fired a prop gun "
        "on the Rust set in New Mexico.",
        "2021-10",
        article=2,
    )
    for u in (a, b):
        weights.add(matching.terms_of(u.features))
    verdict = compare(b, a, weights)
    assert verdict is not None
    assert verdict.relation == "compatible"
    assert "kill" in verdict.actions or "fire" in verdict.actions
    note = matching.explain(verdict, b.date_value, a.date_value, "“AP: Shooting”")
    assert note.startswith("Matched with “AP: Shooting”: compatible dates")


def test_it_keeps_different_happenings_on_one_day_apart(nlp):
    weights = Weights()
    charged = unit(
        nlp,
        "Prosecutors charged Alec Baldwin with involuntary manslaughter on Jan. 31.",
        "2023-01-31",
        article=1,
    )
    sentenced = unit(
        nlp,
        "The armorer Hannah Gutierrez-Reed was sentenced to 18 months on Jan. 31.",
        "2023-01-31",
        article=2,
    )
    for u in (charged, sentenced):
        weights.add(matching.terms_of(u.features))
    assert compare(sentenced, charged, weights) is None


def test_it_never_matches_two_dates_of_one_sentence(nlp):
    weights = Weights()
    sentence = "Holmes settled with the SEC in March, three months before the charges."
    a = unit(nlp, sentence, "2018-03", article=1, start=10)
    b = unit(nlp, sentence, "2018-03", article=1, start=10)
    weights.add(matching.terms_of(a.features))
    assert compare(a, b, weights) is None


def test_it_fingerprints_copies_of_one_story_alike():
    wire = (
        "SANTA FE, N.M. (AP) — Alec Baldwin fired a prop gun on a movie set "
        "Thursday, killing the cinematographer Halyna Hutchins and wounding the "
        "director Joel Souza, authorities said. The shooting happened at the "
        "Bonanza Creek Ranch during filming of the western Rust."
    )
    copy = wire.replace("authorities said", "the sheriff's office said")
    other = (
        "The producers of Rust said on Friday that filming would not resume this "
        "year and that the crew had been sent home after the shooting."
    )
    assert (
        matching.resemblance(matching.fingerprint(wire), matching.fingerprint(copy))
        > 0.6
    )
    assert (
        matching.resemblance(matching.fingerprint(wire), matching.fingerprint(other))
        < 0.2
    )


def test_a_pair_reads_alike_both_ways_unless_each_names_a_happening(nlp):
    """The grouping reads a pair once (``Grouper.reading``): ``compare``
    must not depend on the order, except where both sentences name a
    happening by a noun ("the decision")."""
    told = [
        ("The city council approved the new tram line on March 3, 2020.", "2020-03-03"),
        ("Councillors voted to approve the tram line on Tuesday.", "2020-03-03"),
        ("The tram line was approved by the council in March 2020.", "2020-03"),
        ("In 2020 the council approved a tram line for the east side.", "2020"),
        ("The council approved the tram line on March 5, 2020.", "2020-03-05"),
        ("A storm flooded the tram depot on March 3, 2020.", "2020-03-03"),
        ("The mayor welcomed Tuesday's decision at a press conference.", "2020-03-03"),
        ("Shopkeepers protested the decision of March 3, 2020.", "2020-03-03"),
    ]
    units = [
        unit(nlp, sentence, date, article=1 + i % 3, start=100 * i)
        for i, (sentence, date) in enumerate(told)
    ]
    weights = weigh(*units)
    compared = 0
    for a in units:
        for b in units:
            if a is b or (a.features.get("ref") and b.features.get("ref")):
                continue
            assert compare(a, b, weights) == compare(b, a, weights)
            compared += compare(a, b, weights) is not None
    assert compared  # some pairs are one happening


def test_copies_share_a_band_of_their_fingerprints_and_others_none():
    report = (
        "The harbour authority closed the northern pier on Monday after a "
        "cargo crane toppled onto two parked trucks during a storm, the port's "
        "spokeswoman said. Nobody was hurt, and engineers will inspect the "
        "remaining cranes before the pier reopens to ships later this week."
    )
    copy = report.replace("the port's spokeswoman said", "a spokeswoman said")
    other = (
        "A bakery in the old town won the regional bread prize for the third "
        "year running, beating forty entrants with a rye loaf baked in a wood "
        "oven that the owner's grandfather built in the nineteen fifties."
    )
    mine = matching.bands(matching.fingerprint(report))
    assert len(mine) == matching.SIGNATURE // matching.BAND
    assert set(mine) & set(matching.bands(matching.fingerprint(copy)))
    assert not set(mine) & set(matching.bands(matching.fingerprint(other)))
    assert matching.bands([]) == []


@pytest.mark.parametrize(
    ("sentence", "expression", "ref"),
    [
        ("Critics called Thursday's decision a mistake.", "Thursday", "decision"),
        ("Output was capped after the January blowout.", "January", "blow"),
        ("Shares fell after the March 10 crash of a jet.", "March 10", "crash"),
        ("Trading was halted after last week's ruling.", "last week", "ruling"),
        # a date that dates a verb names no happening by a noun
        ("The mayor resigned in January after the vote.", "in January", None),
        ("The jury convicted him on Thursday.", "on Thursday", None),
    ],
)
def test_it_finds_the_happening_a_date_names_by_a_noun(nlp, sentence, expression, ref):
    at = sentence.index(expression)
    found = features(nlp(sentence)[:], "", (), (at, at + len(expression)))
    assert found.get("ref") == ref
    if ref:
        assert found["ref_text"].startswith(expression)


def test_a_vague_mention_matches_what_the_precise_source_dates_not_its_aside(nlp):
    # The day belongs to the resignation; the indictment is only mentioned
    # beside it, so "the charges in June" is not that event.
    resigned = unit(
        nlp,
        "The chief executive of the lender stepped down on Friday, shortly before "
        "prosecutors announced that a grand jury had indicted her.",
        "2018-06-15",
        article=1,
        summary="The chief executive of the lender stepped down on Friday",
    )
    charged = unit(
        nlp,
        "The grand jury indicted the former chief executive of the lender in June.",
        "2018-06",
        article=2,
    )
    indicted = unit(
        nlp,
        "A grand jury indicted the former chief executive of the lender on "
        "Friday, prosecutors said.",
        "2018-06-15",
        article=3,
    )
    weights = weigh(resigned, charged, indicted)
    assert compare(charged, resigned, weights) is None
    assert compare(charged, indicted, weights) is not None


def test_an_article_naming_its_own_event_again_by_date_and_noun_is_one_event(nlp):
    exploded = unit(
        nlp,
        "A gas tank exploded at the refinery on Jan. 5, injuring nine workers.",
        "2024-01-05",
        start=0,
        expression="on Jan. 5",
    )
    expired = unit(
        nlp,
        "The permit for the refinery expired on Jan. 9.",
        "2024-01-09",
        start=80,
        expression="on Jan. 9",
    )
    later = unit(
        nlp,
        "Regulators cut the refinery's output after the January explosion.",
        "2024-01",
        start=160,
        expression="January",
    )
    weights = weigh(exploded, expired, later)
    verdict = compare(later, exploded, weights)
    assert verdict is not None and verdict.refers == "January explosion"
    assert compare(later, expired, weights) is None
    note = matching.explain(verdict, "2024-01", "2024-01-05", "this article")
    assert "names it again" in note
    # another article's "January explosion" needs the ordinary evidence
    elsewhere = dataclasses.replace(later, article=2)
    assert compare(elsewhere, expired, weights) is None


def test_a_vague_back_reference_takes_the_one_thing_of_that_day(nlp):
    voted = unit(
        nlp,
        "The city council on Tuesday voted to close the central library.",
        "2024-03-05",
        start=0,
        expression="on Tuesday",
    )
    reaction = unit(
        nlp,
        "Residents called Tuesday's decision a loss for the neighbourhood.",
        "2024-03-05",
        start=70,
        expression="Tuesday",
    )
    found = grouper(voted, reaction).verdict(item(reaction), item(voted))
    assert found is not None
    assert found.refers == "Tuesday's decision" and found.vague
    # With two things reported on Tuesday, "Tuesday's decision" is ambiguous.
    fired = unit(
        nlp,
        "The mayor also fired the city's librarian on Tuesday.",
        "2024-03-05",
        start=140,
        expression="on Tuesday",
    )
    assert grouper(voted, fired, reaction).verdict(item(reaction), item(voted)) is None


def test_one_action_by_different_named_parties_is_two_happenings(nlp):
    first = unit(
        nlp,
        "Harbor Bancorp agreed in May to buy the failed lender's deposits.",
        "2023-05",
        article=1,
    )
    second = unit(
        nlp,
        "Flagstone Capital bought most of the other lender's branches in May.",
        "2023-05",
        article=2,
    )
    again = unit(
        nlp,
        "Harbor Bancorp agreed to buy the deposits of the failed lender in May.",
        "2023-05",
        article=3,
    )
    weights = weigh(first, second, again)
    assert first.features["who"] == ["bancorp", "harbor"]
    assert compare(second, first, weights) is None
    assert compare(again, first, weights) is not None


@pytest.mark.parametrize(
    ("sentence", "summary", "who"),
    [
        # a named subject
        (
            "Harbor Bancorp agreed in May to buy the deposits.",
            "",
            ["bancorp", "harbor"],
        ),
        # the name a subject noun belongs to ("whose")
        ("Orvex's stock fell 2% on Tuesday.", "", ["whose", "orvex"]),
        (
            "Mayor Ruiz's office announced the closure on Monday.",
            "",
            ["whose", "mayor", "ruiz"],
        ),
        # a summary without a subject of its own: the clause it hangs on
        (
            "Harbor Corp. reported a quarterly loss of $12.5 million, compared "
            "with a profit of $2 million a year earlier.",
            "compared with a profit of $2 million a year earlier",
            ["harbor"],
        ),
        # ... unless that subject is a pronoun
        (
            "Pellway said it had a loss of $300,000, compared with a loss of "
            "$120,000 a year earlier.",
            "compared with a loss of $120,000 a year earlier",
            [],
        ),
        # a happening named by a noun: its doer need not be the sentence's subject
        (
            "Boeing halted deliveries a day after the federal grounding.",
            "the federal grounding",
            [],
        ),
        # ... nor of a clause that describes a noun (the noun is in the core)
        (
            "Mendoza cited the shells found on Oct. 21 at the ranch.",
            "found on Oct. 21",
            [],
        ),
    ],
)
def test_who_a_summary_is_about(nlp, sentence, summary, who):
    found = features(nlp(sentence)[:], summary, ())
    if who[:1] == ["whose"]:
        assert found["whose"] == who[1:] and found["who"] == []
    else:
        assert found["who"] == who and "whose" not in found


def test_a_party_named_by_its_owner_is_not_ruled_out_by_named_subjects(nlp):
    owner = unit(
        nlp,
        "Baldwin's lawyers asked the judge on Friday to dismiss the charge.",
        "2024-01-12",
    )
    named = unit(
        nlp,
        "Defense attorneys Luke Nikas and Alex Spiro asked the judge on Friday "
        "to dismiss the charge.",
        "2024-01-12",
        article=2,
    )
    assert owner.features["whose"] == ["baldwin"]
    assert named.features["who"]
    assert not matching.vetoes(named, owner)
    assert compare(named, owner, weigh(owner, named)) is not None


def test_the_same_move_of_two_companies_shares_is_two_happenings(nlp):
    orvex = unit(
        nlp, "Orvex's shares closed at $14.50 on Tuesday, up 25 cents.", "2024-05-07"
    )
    tallis = unit(
        nlp,
        "Tallis Corp.'s shares closed at $8 on Tuesday, up 25 cents.",
        "2024-05-07",
        article=2,
    )
    again = unit(
        nlp,
        "Orvex's shares rose 25 cents to close at $14.50 on Tuesday.",
        "2024-05-07",
        article=3,
    )
    weights = weigh(orvex, tallis, again)
    assert compare(tallis, orvex, weights) is None
    assert compare(again, orvex, weights) is not None


def test_year_earlier_figures_of_two_companies_are_two_happenings(nlp):
    summary = "compared with a profit of {} a year earlier"
    harbor = unit(
        nlp,
        "Harbor Corp. reported a quarterly loss of $12.5 million, compared with a "
        "profit of $2 million a year earlier.",
        "2023",
        summary=summary.format("$2 million"),
    )
    denton = unit(
        nlp,
        "Denton Mills Inc. posted a quarterly loss of $3 million, compared with a "
        "profit of $1.1 million a year earlier.",
        "2023",
        article=2,
        summary=summary.format("$1.1 million"),
    )
    assert compare(denton, harbor, weigh(harbor, denton)) is None


def test_expecting_or_comparing_is_no_happening_of_its_own(nlp):
    results = unit(
        nlp,
        "The miller expects to release its quarterly results in mid-November.",
        "2023-11",
    )
    forecast = unit(
        nlp,
        "Harbor Corp. said it expects a quarterly loss this year.",
        "2023",
        article=2,
    )
    assert "expect" not in results.features["act"]
    assert compare(forecast, results, weigh(results, forecast)) is None


def test_two_figures_with_nothing_else_in_common_are_two_happenings(nlp):
    mills = unit(
        nlp,
        "Net sales for the quarter were $14 million, down from $21 million last year.",
        "2023",
        summary="$21 million last year",
    )
    bakery = unit(
        nlp,
        "The bakery chain had sales of about $154 million last year.",
        "2023",
        article=2,
        summary="had sales of about $154 million last year",
    )
    rounded = unit(
        nlp,
        "The mill's sales came to nearly $21.4 million last year.",
        "2023",
        article=3,
        summary="sales came to nearly $21.4 million last year",
    )
    weights = weigh(mills, bakery, rounded)
    assert compare(bakery, mills, weights) is None
    assert matching.vetoes(bakery, mills)
    # the same figure told two ways is not ruled out
    assert not matching.vetoes(rounded, mills)


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("$42 billion", "$42billion"),
        ("42 billion dollars", "$42billion"),
        ("$136,793", "$136793"),
        ("50 cents", "$0.5"),
        ("87.5 cents", "$0.875"),
        ("$1.4m", "$1.4million"),
        ("$2 bn", "$2billion"),
        ("£250k", "$250thousand"),
    ],
)
def test_sums_of_money_are_written_one_way(text, mark):
    from extraction.features import _amount

    assert _amount(text) == mark


def test_without_the_same_date_a_shared_participant_is_not_a_shared_happening(nlp):
    resigned = unit(
        nlp,
        "The chief executive of the carmaker resigned on Wednesday.",
        "2015-09-23",
        article=1,
    )
    successor = unit(
        nlp,
        "The new chief executive of the carmaker took office in September 2015.",
        "2015-09",
        article=2,
    )
    weights = weigh(resigned, successor)
    assert compare(successor, resigned, weights) is None


def test_sources_that_disagree_on_the_day_must_agree_on_who(nlp):
    closed = unit(
        nlp, "State regulators closed the bank on Friday.", "2023-03-10", article=1
    )
    other = unit(
        nlp,
        "New York regulators closed Signature Bank on Sunday.",
        "2023-03-12",
        article=2,
    )
    weights = weigh(closed, other)
    assert compare(other, closed, weights) is None


def test_a_sum_of_money_identifies_a_happening(nlp):
    asked = unit(
        nlp,
        "On Thursday, customers of the lender asked to withdraw $42 billion.",
        "2023-03-09",
        article=1,
    )
    pulled = unit(
        nlp,
        "Depositors tried to pull $42 billion from the bank on March 9.",
        "2023-03-09",
        article=2,
    )
    assert "$42billion" in asked.features["names"]
    assert "$42billion" in asked.features["core"]
    verdict = compare(pulled, asked, weigh(asked, pulled))
    assert verdict is not None and "$42billion" in verdict.names


def test_within_an_article_a_shared_noun_is_not_a_shared_happening(nlp):
    struck = unit(
        nlp,
        "The ship struck one of the bridge's main supports on Tuesday.",
        "2024-03-26",
        start=0,
    )
    said = unit(
        nlp,
        "The governor said on Tuesday that the state would support the rebuilding "
        "of the bridge.",
        "2024-03-26",
        start=100,
    )
    assert compare(said, struck, weigh(struck, said)) is None


def test_days_that_disagree_must_date_the_same_action(nlp):
    closed = unit(
        nlp, "Regulators closed Harbor Bank on Friday.", "2023-03-10", article=1
    )
    run = unit(
        nlp,
        "On Thursday depositors asked to withdraw $42 billion from Harbor Bank, "
        "and regulators closed it a day later.",
        "2023-03-09",
        article=2,
        summary="On Thursday depositors asked to withdraw $42 billion from Harbor Bank",
    )
    retold = unit(
        nlp, "Regulators closed Harbor Bank on Saturday.", "2023-03-11", article=3
    )
    weights = weigh(closed, run, retold)
    assert compare(run, closed, weights) is None
    verdict = compare(retold, closed, weights)
    assert verdict is not None and verdict.relation == "conflict"


def test_an_event_is_not_joined_through_a_look_alike_of_another_happening(nlp):
    named = unit(
        nlp,
        "Flagstone Capital bought most of the lender's branches in May.",
        "2023-05",
        article=1,
    )
    look_alike = dataclasses.replace(
        unit(
            nlp,
            "Most of the lender's branches were bought in May by a rival.",
            "2023-05",
            article=2,
        ),
        event=named.event,
    )
    new = unit(
        nlp,
        "Harbor Bancorp bought most of the lender's branches in May.",
        "2023-05",
        article=3,
    )
    weights = weigh(named, look_alike, new)
    assert compare(new, look_alike, weights) is not None
    # Alone, the look-alike's event takes the new source; once the event also
    # holds a source plainly of another happening, it does not.
    alone = [item(look_alike, pinned=True), item(new)]
    assert len(Grouper(alone).plan().groups) == 1
    both = [item(named, pinned=True), item(look_alike, pinned=True), item(new)]
    assert len(Grouper(both).plan().groups) == 2


def _fingerprint_by_big_integers(text: str) -> list[int]:
    """The MinHash signature written out in Python integers, as defined."""

    def fnv(words):
        value = matching.FNV_OFFSET
        for char in " ".join(words).encode("utf-8"):
            value = ((value ^ char) * matching.FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
        return value

    words = matching.re.findall(r"\w+", text[: matching.FINGERPRINT_CHARS].lower())
    n = matching.SHINGLE
    grams = {fnv(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}
    if not words:
        return []
    return [
        min((a * s + b) % matching._prime for s in grams) for a, b in matching._HASHES
    ]


@pytest.mark.parametrize("words", [0, 1, 4, 5, 6, 300])
def test_the_fingerprint_is_the_minhash_it_defines(words):
    vocabulary = "Muñoz Sørlie Lefèvre court jury €5 verdict gun set appeal".split()
    text = " ".join(
        vocabulary[(i * 7) % len(vocabulary)] + str(i % 13) for i in range(words)
    )
    assert matching.fingerprint(text) == _fingerprint_by_big_integers(text)


def test_a_vague_mention_placed_before_is_taken_only_by_what_is_new(nlp):
    """Placing an article frees a lone vague mention; what was there already
    did not take it before and does not now, a new happening it names does."""
    there = unit(
        nlp, "A jury convicted the armorer on March 6, 2024.", "2024-03-06", article=1
    )
    vague = unit(
        nlp, "A jury convicted the armorer in March 2024.", "2024-03", article=2
    )
    new = unit(
        nlp, "A judge sentenced the armorer on March 20, 2024.", "2024-03-20", article=3
    )
    vague_sentenced = unit(
        nlp, "A judge sentenced the armorer in March 2024.", "2024-03", article=4
    )
    held = dataclasses.replace(item(there, pinned=True), held=True)
    placed = [
        dataclasses.replace(item(u), placed=True) for u in (vague, vague_sentenced)
    ]
    plan = Grouper([held, *placed, item(new)]).plan()
    groups = {frozenset(i.unit.article for i in g.items) for g in plan.groups}
    assert frozenset({1}) in groups and frozenset({2}) in groups
    assert frozenset({3, 4}) in groups


class _Linked(Grouper):
    """A grouper whose pair verdicts come from a table: the join policy alone,
    whatever the matcher would say of the sentences."""

    def __init__(self, items, links):
        super().__init__(items)
        self.links = {frozenset(p) for p in links}

    def reading(self, a, b):
        if frozenset((a.pk, b.pk)) not in self.links:
            return None
        return matching.Verdict(0.5, "same", ("sell",), (), ("sales",))

    def neighbours(self, item):
        return [o for o in self.items if o is not item and self.reading(item, o)]


def _mention(pk: int, date: str) -> Item:
    unit = matching.Unit(article=pk, sentence_start=0, date_value=date, features={})
    return Item(pk=pk, key=(str(pk), 0, date), unit=unit, event=None)


@pytest.mark.parametrize(
    "date, groups",
    [
        # a chain of year-only mentions, each like the next only: a mention
        # joins a group only when it is like at least half of it
        ("1998", [[1, 2, 3], [4, 5]]),
        # the same chain of one day: the day holds them together
        ("1998-10-14", [[1, 2, 3, 4, 5]]),
    ],
)
def test_vague_mentions_join_only_what_most_of_them_tell(date, groups):
    items = [_mention(pk, date) for pk in (1, 2, 3, 4, 5)]
    plan = _Linked(items, [(1, 2), (2, 3), (3, 4), (4, 5)]).plan()
    assert sorted(sorted(i.pk for i in g.items) for g in plan.groups) == groups


def test_a_vague_mention_joins_a_group_most_of_which_it_matches():
    items = [_mention(pk, "2015-10") for pk in (1, 2, 3)]
    plan = _Linked(items, [(1, 2), (1, 3)]).plan()
    assert [sorted(i.pk for i in g.items) for g in plan.groups] == [[1, 2, 3]]
