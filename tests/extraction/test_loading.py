"""What load_nlp changes in the model it loads, and what it must not change."""

import spacy

from extraction.pipeline import DEFAULT_MODEL, load_nlp

TEXT = (
    "The striking dockworkers were fined on Tuesday after the ferries stopped "
    "running. Her lawyers argued the judges had erred; the boards' lenders "
    "said losses were mounting, and geese crossed the flooded fields. "
    "Regulators grounded the planes, which had flown fewer hours than expected, "
    "and the happiest analysts were lying about better earnings."
)


def test_the_lemmatizer_reads_its_word_lists_as_sets_and_lemmatizes_as_before():
    ours = load_nlp()
    plain = spacy.load(DEFAULT_MODEL)
    index = ours.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert {type(words) for words in index.values()} == {frozenset}
    assert index.get("noun") and "ferry" in index.get("noun")
    assert [t.lemma_ for t in ours(TEXT)] == [t.lemma_ for t in plain(TEXT)]
    lemmas = {t.text: t.lemma_ for t in ours(TEXT)}
    assert (lemmas["ferries"], lemmas["losses"], lemmas["lenders"]) == (
        "ferry",
        "loss",
        "lender",
    )
