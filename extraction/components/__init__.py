"""spaCy components: ``caseline_timex`` tags TIMEX3s, ``caseline_events`` builds events.

Both are registered as factories (and through the ``spacy_factories`` entry
points in pyproject.toml, so ``nlp.add_pipe("caseline_timex")`` works without
importing this package). They expect the publication date in
``doc._.caseline_published`` (a ``datetime.date``) and write:

* ``doc.spans["caseline_timex"]``: one span per timex, labelled with its type;
* ``doc._.caseline_timexes``: :class:`TaggedTimex` records (timex + resolution);
* ``doc._.caseline_boilerplate``: indices of the sentences that are stamps,
  bylines, datelines or the like (computed once, by the tagger);
* ``doc._.caseline_events``: :class:`extraction.types.Event` records.

Where things are:

* :mod:`.tagger` the timex tagger (regex candidates -> checked -> resolved);
* :mod:`.accept` one acceptance check per pattern kind, and TimeML extents;
* :mod:`.tense` the tense of a date's clause from the dependency parse;
* :mod:`.boilerplate` stamps, bylines, datelines, captions;
* :mod:`.events` the event builder; :mod:`.relations` "N units after X";
* :mod:`.common` the Doc extensions and token helpers both components use.
"""

from .boilerplate import boilerplate_sentences, caption_sentences
from .common import SPAN_KEY, TaggedTimex, register_extensions
from .events import EventBuilder, make_event_builder
from .tagger import TimexTagger, make_timex_tagger, quoted_spans
from .tense import governing_verb, infer_tense, verb_tense

__all__ = [
    "SPAN_KEY",
    "EventBuilder",
    "TaggedTimex",
    "TimexTagger",
    "boilerplate_sentences",
    "caption_sentences",
    "governing_verb",
    "infer_tense",
    "make_event_builder",
    "make_timex_tagger",
    "quoted_spans",
    "register_extensions",
    "verb_tense",
]
