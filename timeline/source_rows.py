"""The sources a regrouping reads, as plain rows rather than model instances.

Placing an article reads the whole events its sources could join: hundreds of
sources in a large case, of which it moves a few dozen. A model instance with
its article costs twice what the row does to build (every field of both
models is set, the deferred ones too), so the grouping reads rows, which have
the attributes of ``EventSource`` it reads, and only the sources it writes
become instances (``instances``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from extraction.datevalue import DateValue

from .models import EventSource


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """What the grouping reads of a source's article."""

    pk: int
    content_hash: str
    title: str
    outlet: str


@dataclass(slots=True)
class SourceRow:
    """A source as the grouping reads it and the attributes it sets (event,
    match note, the event its date depends on); the names are the model's."""

    pk: int
    event_id: int
    article_id: int
    sentence_start: int
    date_value: str
    anchor: str
    qualifier: str
    title: str
    summary: str
    sentence: str
    actors: list
    features: dict
    offset: str
    match_note: str
    depends_on_id: int | None
    article: ArticleRef

    @property
    def when(self) -> DateValue:
        """The date as this source states it (as ``EventSource.when``)."""
        return DateValue.parse(self.date_value)


# The row's columns, in the order of its fields (the article's come last).
COLUMNS = tuple(f.name for f in fields(SourceRow) if f.name != "article")
ARTICLE_COLUMNS = ("article__content_hash", "article__title", "article__outlet")


def read(sources, case_id: int | None = None) -> dict[int, SourceRow]:
    """The sources (a queryset) as rows, by id; with ``case_id``, those of
    them on live events of that case. The case is checked on each row rather
    than asked of the database: a case being imported has more events than the
    planner's statistics know of, and a query on the case's events would start
    from them, reading the whole case for a few sources."""
    columns = (*COLUMNS, *ARTICLE_COLUMNS)
    if case_id is not None:
        sources = sources.filter(event__deleted_at__isnull=True)
        columns += ("event__case_id",)
    n = len(COLUMNS)
    articles: dict[int, ArticleRef] = {}
    found: dict[int, SourceRow] = {}
    for row in sources.values_list(*columns):
        if case_id is not None and row[-1] != case_id:
            continue
        article_id = row[2]
        article = articles.get(article_id)
        if article is None:
            article = articles[article_id] = ArticleRef(article_id, *row[n : n + 3])
        found[row[0]] = SourceRow(*row[:n], article)
    return found


def instances(rows: Iterable[SourceRow], names: Sequence[str]) -> list[EventSource]:
    """Unsaved instances of the rows holding their ``names`` (model field
    names), for ``bulk_update`` of those fields."""
    attnames = [EventSource._meta.get_field(name).attname for name in names]
    return [
        EventSource(pk=row.pk, **{a: getattr(row, a) for a in attnames}) for row in rows
    ]
