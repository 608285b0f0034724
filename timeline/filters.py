"""The timeline's filters. The page, its exports and the export command share them,
and they live in the URL's query string so a filtered view can be shared."""

from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db.models import Exists, OuterRef, Q, QuerySet

from config.database import on_postgres

from .models import SENTENCE_SEARCH, SUMMARY_SEARCH, Case, Event, EventSource
from .replay import with_known_source


class EventFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *Event.Status.choices]
    )
    actor = forms.CharField(required=False, label="Person or organisation")
    article = forms.IntegerField(required=False, widget=forms.HiddenInput)
    outlet = forms.CharField(required=False)
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(required=False, label="Search")
    disagree = forms.BooleanField(required=False, label="Sources disagree")
    as_of = forms.DateField(
        required=False,
        label="As known on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Only sources published on or before this day.",
    )

    def active(self) -> dict[str, object]:
        """The filters in use, for a title block or a 'filtered by' line."""
        if not self.is_valid():
            return {}
        return {
            k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)
        }


def filter_events(case: Case, params) -> tuple[QuerySet[Event], EventFilterForm]:
    """The case's live events narrowed by the filters in ``params`` (a QueryDict or
    dict). Invalid filters are ignored and reported on the returned form."""
    form = EventFilterForm(params or None)
    events = Event.objects.filter(case=case, deleted_at__isnull=True)
    if not form.is_valid():
        return events, form
    data = form.cleaned_data
    if data["status"]:
        events = events.filter(status=data["status"])
    if data["actor"]:
        events = events.filter(actors__icontains=data["actor"])
    sources = EventSource.objects.filter(event=OuterRef("pk"))
    if data["article"]:
        events = events.filter(Exists(sources.filter(article_id=data["article"])))
    if data["outlet"]:
        events = events.filter(
            Exists(sources.filter(article__outlet__icontains=data["outlet"]))
        )
    if data["date_from"]:
        events = events.filter(date__gte=data["date_from"])
    if data["date_to"]:
        events = events.filter(date__lte=data["date_to"])
    if data["q"]:
        events = events.filter(text_match(data["q"]))
    if data["disagree"]:
        events = events.filter(sources_disagree=True)
    if data["as_of"]:
        events = with_known_source(events, data["as_of"])
    return events, form


def text_match(text: str) -> Q:
    """Full-text search over summaries and source sentences; PostgreSQL's
    English search where it runs (through the GIN indexes on both, so it costs
    the matches, not the case), a plain substring match on SQLite."""
    if on_postgres():
        query = SearchQuery(text, config="english", search_type="websearch")
        summary_hits = Event.objects.alias(doc=SUMMARY_SEARCH).filter(doc=query)
        sentence_hits = EventSource.objects.alias(doc=SENTENCE_SEARCH).filter(doc=query)
        # Two lists of ids, not a subquery per event: each is one index scan.
        return Q(pk__in=summary_hits.values("pk")) | Q(
            pk__in=sentence_hits.values("event_id")
        )
    sentences = EventSource.objects.filter(
        event=OuterRef("pk"), sentence__icontains=text
    )
    return Q(summary__icontains=text) | Q(Exists(sentences))
