import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.urls import reverse

from config.database import GinIndexOnPostgres
from extraction.datevalue import DateValue
from extraction.datevalue import Precision as DatePrecision

# What the timeline's search matches (timeline.filters.text_match); indexed
# in these very forms, so a search reads the index, not every row.
SUMMARY_SEARCH = SearchVector("summary", config="english")
SENTENCE_SEARCH = SearchVector("sentence", config="english")


class Case(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Archived cases are hidden from lists but keep everything; an editor restores
    # them. Nothing in the app deletes a case with its articles and events.
    archived_at = models.DateTimeField(null=True, blank=True)
    # Placing an article regroups only the region it reaches (timeline.grouping),
    # with today's term weights; the case is grouped again from scratch, which
    # the order of the articles cannot change, once no article is in progress.
    needs_settling = models.BooleanField(default=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="cases"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("timeline:case_detail", args=[self.slug])

    @classmethod
    def lock(cls, pk: int) -> None:
        """Hold the case's row lock to the end of the transaction, taken
        before any of its events' rows: a worker writing a placement, a
        person's action and the storing of articles (copies of one story must
        see each other) are then one after the other, and a placement planned
        before an action sees it and plans again (``regrouping.place``). FOR
        NO KEY UPDATE: rows that only refer to the case (an upload's article,
        an event, a source's keys) are not held up by it."""
        cls.objects.select_for_update(no_key=True).filter(pk=pk).first()

    def membership_for(self, user) -> "Membership | None":
        if not user.is_authenticated:
            return None
        return self.memberships.filter(user=user).first()


class Membership(models.Model):
    class Role(models.TextChoices):
        JOURNALIST = "journalist", "Journalist"
        EDITOR = "editor", "Editor"
        VIEWER = "viewer", "Viewer"

    case = models.ForeignKey(Case, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_role_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.case}"

    @property
    def can_edit(self) -> bool:
        """Upload articles, propose and edit events."""
        return self.role in (self.Role.JOURNALIST, self.Role.EDITOR)

    @property
    def can_review(self) -> bool:
        """Approve, reject, reopen and lock events."""
        return self.role == self.Role.EDITOR


class Event(models.Model):
    class Precision(models.IntegerChoices):
        # DateValue's integers, so that ORDER BY date, precision puts a month
        # before its days.
        YEAR = DatePrecision.YEAR.value, "year"
        MONTH = DatePrecision.MONTH.value, "month"
        DAY = DatePrecision.DAY.value, "day"

    class Qualifier(models.TextChoices):
        EXACT = "exact", "exact"
        ABOUT = "about", "about"
        BEFORE = "before", "before"
        AFTER = "after", "after"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    class Origin(models.TextChoices):
        MACHINE = "machine", "Machine"
        PERSON = "person", "Person"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, models.CASCADE, related_name="events")
    # The first day of the period the event is dated to; precision says which part
    # of it the sources support.
    date = models.DateField()
    precision = models.PositiveSmallIntegerField(choices=Precision.choices)
    qualifier = models.CharField(
        max_length=8, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    summary = models.TextField()
    actors = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    origin = models.CharField(max_length=8, choices=Origin.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set once a person changes the machine's text or date: from then on no
    # re-processing may replace or delete the event.
    edited_by_person = models.BooleanField(default=False)
    # The sources put the event on dates that cannot both be right (Oct. 21 vs
    # Oct. 22); kept up to date by timeline.corroboration.refresh_event.
    sources_disagree = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "precision", "id"]
        indexes = [
            # The timeline page: one case's live events in date order.
            models.Index(fields=["case", "date", "precision"], name="event_case_date"),
            # ... the live ones in the page's order, and its strip's counts
            # by month and status, read from the index alone.
            models.Index(
                fields=["case", "date", "precision", "id"],
                include=["status"],
                condition=models.Q(deleted_at__isnull=True),
                name="event_case_live_order",
            ),
            GinIndexOnPostgres(SUMMARY_SEARCH, name="event_summary_search"),
        ]

    def __str__(self) -> str:
        return f"{self.date_value} {self.summary[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.case.get_absolute_url()}#event-{self.code}"

    @property
    def title(self) -> str:
        """The event's chronology line (stored as ``summary``)."""
        return self.summary

    @property
    def when(self) -> DateValue:
        """The date at its precision."""
        return DateValue.of(self.date, self.precision)

    @staticmethod
    def date_fields(when: DateValue) -> dict[str, object]:
        """``date`` and ``precision`` as stored for ``when``."""
        return {"date": when.first_day(), "precision": int(when.precision)}

    @property
    def date_value(self) -> str:
        """The date as YYYY, YYYY-MM or YYYY-MM-DD, at its precision."""
        return self.when.iso()

    @property
    def display_date(self) -> str:
        text = self.when.display()
        if self.qualifier != self.Qualifier.EXACT:
            text = f"{self.qualifier} {text}"
        return text

    @property
    def is_reviewed(self) -> bool:
        return self.status != self.Status.PROPOSED or self.edited_by_person

    @property
    def machine_text(self) -> bool:
        return self.origin == self.Origin.MACHINE and not self.edited_by_person

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def month_anchor(self) -> str:
        """The DOM id of the month heading the event is listed under."""
        return f"m{self.date.year:04d}-{self.date.month:02d}"

    @property
    def article_count(self) -> int:
        """How many articles support the event (annotated by the timeline page)."""
        annotated = getattr(self, "n_articles", None)
        if annotated is not None:
            return annotated
        return len({s.article_id for s in self.sources.all()})

    @property
    def suggestion_count(self) -> int:
        """Possible duplicates still open (annotated by the timeline page; rows
        answered after an action count the prefetched suggestions)."""
        annotated = getattr(self, "n_suggested", None)
        if annotated is not None:
            return annotated
        return len(self.suggestions.all())

    @property
    def independent_sources(self) -> int:
        """How many independent stories support the event (copies count once)."""
        annotated = getattr(self, "n_independent", None)
        if annotated is not None:
            return annotated
        return len({s.article.story_key for s in self.sources.all()})

    def snapshot(self) -> dict[str, object]:
        """The fields a person edits and reviews, as history records them."""
        return {
            "date": self.date_value,
            "qualifier": self.qualifier,
            "summary": self.summary,
            "actors": list(self.actors),
            "status": self.status,
        }


class EventChange(models.Model):
    """One change to an event: who, when, what, and the fields before and after.

    Rows are only ever added, so the history of an approved event is complete and
    any earlier state can be restored from ``before``.
    """

    class Action(models.TextChoices):
        CREATED = "created", "created"
        EDITED = "edited", "edited"
        APPROVED = "approved", "approved"
        REJECTED = "rejected", "rejected"
        REOPENED = "reopened", "reopened"
        DELETED = "deleted", "deleted"
        RESTORED = "restored", "restored"
        REVERTED = "reverted", "restored an earlier version of"
        MERGED = "merged", "merged"
        SOURCES_MOVED = "sources_moved", "moved a source of"
        SOURCE_DETACHED = "source_detached", "detached a source of"
        SOURCE_REMOVED = "source_removed", "deleted the source article of"
        REDERIVED = "rederived", "re-derived the date of"

    event = models.ForeignKey(Event, models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    # The event's version after this change; the version before is version - 1.
    version = models.PositiveIntegerField()
    # Event.snapshot() before and after the change.
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version", "-id"]
        indexes = [
            # An event's history, newest first; and "changes since the version I
            # loaded" for the edit conflict message.
            models.Index(fields=["event", "version"], name="eventchange_event_version"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} v{self.version} {self.action}"

    FIELD_LABELS = {
        "date": "Date",
        "qualifier": "Qualifier",
        "summary": "Summary",
        "actors": "Actors",
        "status": "Status",
    }

    def differences(self) -> list[tuple[str, object, object]]:
        """(label, before, after) for each field the change altered."""
        rows = []
        for key, label in self.FIELD_LABELS.items():
            old, new = self.before.get(key), self.after.get(key)
            if old != new:
                if key == "actors":
                    old, new = ", ".join(old or []), ", ".join(new or [])
                rows.append((label, old, new))
        return rows

    @property
    def restorable(self) -> bool:
        """Whether ``before`` holds content that differs from ``after``."""
        return bool(self.before) and any(
            self.before.get(k) != self.after.get(k)
            for k in ("date", "qualifier", "summary", "actors")
        )


class EventSource(models.Model):
    """One sentence of one article that supports an event."""

    class Anchor(models.TextChoices):
        PUBLICATION = "publication", "the publication date"
        ABSOLUTE = "absolute", "a date written in full"
        EVENT = "event", "another event in the article"
        PERSON = "person", "a person"

    event = models.ForeignKey(Event, models.CASCADE, related_name="sources")
    article = models.ForeignKey(
        "articles.Article", models.CASCADE, related_name="event_sources"
    )
    sentence = models.TextField()
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    expression = models.CharField(max_length=200, blank=True)
    expression_start = models.PositiveIntegerField(null=True, blank=True)
    expression_end = models.PositiveIntegerField(null=True, blank=True)
    # The date as this source states it, which may be less precise than the event's.
    date_value = models.CharField(max_length=10)
    anchor = models.CharField(max_length=12, choices=Anchor.choices, blank=True)
    derivation = models.TextField(blank=True)
    # What the engine proposed from this sentence, kept so that the event can be
    # rebuilt from its remaining sources when one goes away.
    summary = models.TextField(blank=True)
    # The chronology line the engine made of the sentence ("Baldwin charged
    # with involuntary manslaughter"); the event shows its lead source's.
    title = models.CharField(max_length=300, blank=True)
    qualifier = models.CharField(max_length=8, blank=True)
    actors = models.JSONField(default=list, blank=True)
    # Matching features computed once by the engine (extraction.features):
    # {"act": [...], "core": [...], "names": [...], "terms": [...]}.
    features = models.JSONField(default=dict, blank=True)
    # Why ingestion attached this source to an event that already existed; empty
    # for the source the event was created from or one a person placed.
    match_note = models.TextField(blank=True)
    # A date derived from another event ("a year after the shooting"): that event
    # and the signed ISO-8601 offset from its date ("+P1Y", "-P2D", "P0D").
    depends_on = models.ForeignKey(
        "Event",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependent_sources",
    )
    offset = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "sentence_start"]
        indexes = [
            GinIndexOnPostgres(SENTENCE_SEARCH, name="eventsource_sentence_search")
        ]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.sentence_start}-{self.sentence_end}"

    def highlighted_parts(self) -> tuple[str, str, str]:
        """The sentence split around the temporal expression, for highlighting."""
        if self.expression_start is None or self.expression_end is None:
            return self.sentence, "", ""
        a = self.expression_start - self.sentence_start
        b = self.expression_end - self.sentence_start
        if not 0 <= a <= b <= len(self.sentence):
            return self.sentence, "", ""
        return self.sentence[:a], self.sentence[a:b], self.sentence[b:]

    @property
    def when(self) -> DateValue:
        """The date as this source states it."""
        return DateValue.parse(self.date_value)

    @property
    def display_date(self) -> str:
        return self.when.display()


class Suggestion(models.Model):
    """Two events the grouping found possibly the same happening but would not
    join on its own: the editor merges them or says they are not the same."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="suggestions")
    event = models.ForeignKey(Event, models.CASCADE, related_name="suggestions")
    other = models.ForeignKey(Event, models.CASCADE, related_name="+")
    score = models.FloatField()
    reason = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "other"], name="one_suggestion")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} ~ {self.other_id}"


class Distinction(models.Model):
    """A person said two events are not the same happening: their sources (by
    stable key, see timeline.grouping) are never grouped together again."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="distinctions")
    keys = models.JSONField()  # [[keys of one event's sources], [the other's]]
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"not the same in {self.case_id}"


class SourceKey(models.Model):
    """One index key of a source with the source's date: how the grouping finds
    the sources that could be the same happening as another (those that share
    a term one of them tells centrally, at a date that relates) without reading
    the whole case. Written with the source (timeline.candidates)."""

    source = models.ForeignKey(EventSource, models.CASCADE, related_name="keys")
    case = models.ForeignKey(Case, models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    date_value = models.CharField(max_length=10)

    class Meta:
        indexes = [
            # With the source: placing an article reads the index only.
            models.Index(
                fields=["case", "key", "date_value"],
                name="sourcekey_lookup",
                include=["source"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.date_value}"


class TermCount(models.Model):
    """How many of a case's sources mention a term (have its ``w:`` key): the
    term weights' counts, one row per term asked for rather than a count over
    the case's keys. Kept by the database as SourceKey rows come, go or move
    (statement triggers, migration 0008), so no way of adding or removing a
    source can leave it behind."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="termcount_case_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.n}"
