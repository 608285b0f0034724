"""Frozen result types of the engine; ``Extraction.to_dict()`` is the CLI JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Timex:
    """A TIMEX3: character offsets (end exclusive), TimeML type and value."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # "2022-10-19", "2022-W42", "P1Y", "PRESENT_REF", ...


@dataclass(frozen=True)
class Event:
    """A dated event: one per (sentence, date)."""

    date: str  # YYYY | YYYY-MM | YYYY-MM-DD
    precision: str  # year | month | day
    qualifier: str  # exact | about | before | after
    expression: str | None  # None for an event dated through another (rule 8)
    expression_start: int | None
    expression_end: int | None
    sentence: str
    sentence_start: int
    sentence_end: int
    summary: str
    actors: tuple[str, ...] = field(default_factory=tuple)
    derivation: str = ""
    anchor: str = "publication"  # publication | absolute | event
    # For a date derived from another event of the same article ("a year after
    # the shooting"): that event's index in Extraction.events and the signed
    # ISO-8601 offset from its date ("-P1Y", "+P2D", "P0D").
    anchor_index: int | None = None
    offset: str | None = None
    # One chronology line ("Bankman-Fried arrested in the Bahamas"), built from
    # the same parse by extraction.titles.
    title: str = ""
    # What the case grouping compares (extraction.features), from the same
    # parse.
    features: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Extraction:
    timexes: tuple[Timex, ...] = ()
    events: tuple[Event, ...] = ()

    def to_dict(self) -> dict:
        """The CLI's JSON object: ``{"events": [...], "timexes": [...]}``."""
        events = []
        for e in self.events:
            d = asdict(e)
            d["actors"] = list(e.actors)
            events.append(d)
        return {"events": events, "timexes": [asdict(t) for t in self.timexes]}
