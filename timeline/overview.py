"""The timeline page's shape: events grouped by year and month, and the overview
strip (events per month, coloured by status) drawn as server-side SVG.

Both work from data the page already loads (the page's events, and one
aggregate query for the strip), so the page costs the same number of queries for
ten events as for thousands.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.http import QueryDict

from extraction.datevalue import DateValue, Precision

from .models import Event

STATUS_ORDER = [Event.Status.APPROVED, Event.Status.PROPOSED, Event.Status.REJECTED]


@dataclass
class MonthGroup:
    anchor: str
    label: str
    events: list[Event] = field(default_factory=list)


@dataclass
class YearGroup:
    year: int
    # Events dated only to the year come before its months, as they sort.
    events: list[Event] = field(default_factory=list)
    months: list[MonthGroup] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"y{self.year}"


def group_events(events) -> list[YearGroup]:
    """Events (in date order) grouped by year, then by month."""
    years: list[YearGroup] = []
    for event in events:
        if not years or years[-1].year != event.date.year:
            years.append(YearGroup(event.date.year))
        year = years[-1]
        if event.precision == Event.Precision.YEAR:
            year.events.append(event)
            continue
        anchor = event.month_anchor
        if not year.months or year.months[-1].anchor != anchor:
            label = event.when.truncated(Precision.MONTH).display()
            year.months.append(MonthGroup(anchor, label))
        year.months[-1].events.append(event)
    return years


@dataclass
class Segment:
    status: str
    count: int
    y: float
    height: float


@dataclass
class Column:
    x: float
    label: str
    anchor: str
    bar_x: float
    href: str
    total: int
    segments: list[Segment]

    @property
    def title(self) -> str:
        if not self.total:
            return f"{self.label}: no events"
        parts = ", ".join(f"{s.count} {s.status}" for s in self.segments)
        return f"{self.label}: {parts}"


@dataclass
class YearMark:
    x: float
    width: float
    year: int
    href: str
    undated: int  # events dated only to this year
    show_label: bool

    @property
    def label_x(self) -> float:
        return self.x + 3


@dataclass
class Overview:
    width: float
    height: float
    column_width: float
    bar_width: float
    baseline: float
    label_y: float
    columns: list[Column]
    years: list[YearMark]
    totals: list[tuple[str, str, int]]
    total: int


# Geometry of the strip, in SVG user units (about pixels on a desktop screen).
STRIP_WIDTH = 960
BAR_TOP = 12
BAR_HEIGHT = 56
LABEL_HEIGHT = 18


def _months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month += relativedelta(months=1)
    return months


def _month_counts(
    events: QuerySet[Event] | list[Event],
) -> list[tuple[dt.date, int, str, int]]:
    """(month, precision, status, count) in timeline order. A list is the
    replay's events, counted at the dates they had then."""
    if isinstance(events, list):
        counts = Counter((e.date.replace(day=1), e.precision, e.status) for e in events)
        return [(*key, n) for key, n in sorted(counts.items())]
    return list(
        events.order_by()
        .annotate(month=TruncMonth("date"))
        .values_list("month", "precision", "status")
        .annotate(n=Count("id"))
        .order_by("month", "precision")
    )


def build_overview(
    events: QuerySet[Event] | list[Event],
    params: QueryDict,
    page_size: int,
    current_page: int,
) -> Overview | None:
    """The strip for the (filtered) events; each month links to where it starts
    in the paginated list."""
    rows = _month_counts(events)
    if not rows:
        return None
    per_month: dict[dt.date, dict[str, int]] = {}
    starts: dict[dt.date, int] = {}  # position of the month's first event
    undated: dict[int, int] = {}
    year_starts: dict[int, int] = {}
    position = 0
    totals = dict.fromkeys(STATUS_ORDER, 0)
    for month, precision, status, n in rows:
        month = month.date() if isinstance(month, dt.datetime) else month
        year_starts.setdefault(month.year, position)
        if precision == Event.Precision.YEAR:
            undated[month.year] = undated.get(month.year, 0) + n
        else:
            starts.setdefault(month, position)
            counts = per_month.setdefault(month, {})
            counts[status] = counts.get(status, 0) + n
        totals[status] = totals.get(status, 0) + n
        position += n

    def href(anchor: str, at: int) -> str:
        page = at // page_size + 1
        if page == current_page:
            return f"#{anchor}"
        query = params.copy()
        query["page"] = str(page)
        return f"?{query.urlencode()}#{anchor}"

    first = min([*per_month, *(dt.date(y, 1, 1) for y in undated)])
    last = max([*per_month, *(dt.date(y, 1, 1) for y in undated)])
    months = _months_between(first, last)
    column_width = max(6.0, min(80.0, STRIP_WIDTH / len(months)))
    gap = 1.0 if column_width >= 8 else 0.5
    tallest = max((sum(c.values()) for c in per_month.values()), default=1)
    columns = []
    for i, month in enumerate(months):
        counts = per_month.get(month, {})
        total = sum(counts.values())
        segments = []
        bottom = BAR_TOP + BAR_HEIGHT
        for status in STATUS_ORDER:
            n = counts.get(status, 0)
            if not n:
                continue
            # At least two units tall, so a single event is still visible.
            height = max(2.0, BAR_HEIGHT * n / tallest)
            bottom -= height
            segments.append(Segment(status, n, round(bottom, 2), round(height, 2)))
        anchor = f"m{month.year:04d}-{month.month:02d}"
        columns.append(
            Column(
                x=round(i * column_width, 2),
                bar_x=round(i * column_width + gap, 2),
                label=DateValue.of(month, Precision.MONTH).display(),
                anchor=anchor,
                href=href(anchor, starts[month]) if total else "",
                total=total,
                segments=segments,
            )
        )
    years = []
    for i, month in enumerate(months):
        if month.month == 1 or i == 0:
            span = sum(1 for m in months[i:] if m.year == month.year)
            years.append(
                YearMark(
                    x=round(i * column_width, 2),
                    width=round(span * column_width, 2),
                    year=month.year,
                    href=href(f"y{month.year}", year_starts[month.year])
                    if month.year in year_starts
                    else "",
                    undated=undated.get(month.year, 0),
                    show_label=span * column_width >= 30,
                )
            )
    return Overview(
        width=round(max(STRIP_WIDTH, len(months) * column_width), 2),
        height=BAR_TOP + BAR_HEIGHT + LABEL_HEIGHT,
        column_width=round(column_width, 2),
        bar_width=round(column_width - 2 * gap, 2),
        baseline=BAR_TOP + BAR_HEIGHT,
        label_y=BAR_TOP + BAR_HEIGHT + LABEL_HEIGHT - 4,
        columns=columns,
        years=years,
        totals=[(s.value, s.label, totals.get(s, 0)) for s in STATUS_ORDER],
        total=position,
    )
