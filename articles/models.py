import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.urls import reverse

from config.database import GinIndexOnPostgres, PortableArrayField


def content_hash(text: str) -> str:
    """Hash of the article's text with whitespace normalised, to spot re-uploads."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def web_url(value: str) -> str:
    """The address when it is an http(s) URL with a host, else "": whatever an
    upload, a page or a form calls a URL becomes a link only if it is a web
    page (a ``javascript:`` or ``data:`` URL would run in the reader's session)."""
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return value


def upload_to(instance: "Article", filename: str) -> str:
    return f"articles/{instance.case_id}/{filename}"


class Article(models.Model):
    class Status(models.TextChoices):
        # Waiting for the journalist to give a publication date.
        NEEDS_DATE = "needs_date", "Needs publication date"
        QUEUED = "queued", "Queued"
        PROCESSING = "processing", "Processing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    case = models.ForeignKey("timeline.Case", models.CASCADE, related_name="articles")
    title = models.CharField(max_length=500)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    # Where the publication date came from, in words ("the page's metadata").
    published_source = models.CharField(max_length=120, blank=True)
    # A date given at import for files that carry none of their own; the
    # file's own date, once read, wins over it.
    published_fallback = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)
    original_file = models.FileField(upload_to=upload_to, blank=True)
    original_name = models.CharField(max_length=255, blank=True, default="")
    file_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    content_hash = models.CharField(max_length=64, blank=True)
    # The temporal expressions the engine found: [{start, end, type, value}].
    timexes = models.JSONField(default=list, blank=True)
    # Near-identical copies of one story (wire copy run by several outlets,
    # light rewrites) point at the first article of it; see timeline.matching.
    story = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    # MinHash signature of the text's word shingles, to find such copies, and
    # its bands (``timeline.matching.bands``), by which they are looked up.
    fingerprint = models.JSONField(default=list, blank=True)
    bands = PortableArrayField(models.BigIntegerField(), default=list, blank=True)
    language = models.CharField(max_length=12, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(blank=True)
    # What the journalist should know about an article that was processed
    # ("written in German: only unambiguous dates were read").
    warnings = models.JSONField(default=list, blank=True)
    # What to do instead when trying again cannot help (a refused address).
    remedy = models.CharField(max_length=300, blank=True)
    # Attempts of the current run; a person's action (upload, Retry,
    # Re-process, a new publication date) starts a new run.
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the article was last sent to the queue, and the last sign of life
    # of the worker processing it: the sweeper resends what neither explains.
    queued_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # In the case's trash: out of the lists, its sentences off the untouched
    # events; restored, it is processed again. Purged only from the trash.
    trashed_at = models.DateTimeField(null=True, blank=True)
    trashed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same text uploaded twice into a case is one article.
            models.UniqueConstraint(
                fields=["case", "content_hash"],
                condition=~models.Q(content_hash=""),
                name="article_unique_content_per_case",
            )
        ]
        indexes = [
            # The article list's live status counts.
            models.Index(fields=["case", "status"], name="article_case_status"),
            # The timeline's source-article filter: the first titles in order.
            models.Index(
                fields=["case", "title"],
                condition=models.Q(trashed_at__isnull=True),
                name="article_case_title",
            ),
            # Copies of one story, found by a band of their fingerprints.
            GinIndexOnPostgres(fields=["bands"], name="article_story_bands"),
        ]

    # Set on the instance when the queue could not be reached at upload.
    queue_unreachable = False

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:article_detail", args=[self.case.slug, self.pk])

    @property
    def link(self) -> str:
        """The original's address when it may be a link; else "" (shown as text)."""
        return web_url(self.url)

    @property
    def needs_reading(self) -> bool:
        return not self.text and bool(self.original_file or self.url)

    @classmethod
    def case_is_busy(cls, case_id: int) -> bool:
        """Whether an article of the case waits for a worker or is being
        processed: the case is settled once none is."""
        return cls.objects.filter(
            case_id=case_id,
            trashed_at__isnull=True,
            status__in=(cls.Status.QUEUED, cls.Status.PROCESSING),
        ).exists()

    @property
    def story_key(self) -> int:
        """The same for all copies of one story: the id of its first article."""
        return self.story_id or self.pk

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.PROCESSING)
