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
from django.db.models import Count, DateField, QuerySet
from django.db.models.functions import Cast, TruncMonth
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
    unit: str = "month"  # what a column counts: "month", or "year" for a long case


# Geometry of the strip, in SVG user units (about pixels on a desktop screen).
STRIP_WIDTH = 960
BAR_TOP = 12
BAR_HEIGHT = 56
LABEL_HEIGHT = 18
MIN_COLUMN = 6.0
# A case spanning more months than fit the strip at the narrowest column (a
# long-running case, or one old date among recent ones) gets a column per
# year: the strip costs the same however long the case runs.
MAX_MONTH_COLUMNS = int(STRIP_WIDTH / MIN_COLUMN)
# Year labels at least this far apart.
LABEL_SPACING = 30


def _months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month += relativedelta(months=1)
    return months


def month_counts(
    events: QuerySet[Event] | list[Event],
) -> list[tuple[dt.date, int, str, int]]:
    """(month, precision, status, count) in timeline order: the strip's data,
    and the number of events the list pages through. A list is the replay's
    events, counted at the dates they had then."""
    if isinstance(events, list):
        counts = Counter((e.date.replace(day=1), e.precision, e.status) for e in events)
        return [(*key, n) for key, n in sorted(counts.items())]
    return list(
        events.order_by()
        # A date from the database: truncated, it is a timestamp with a time
        # zone, which costs five times as much to read (1,800 months).
        .annotate(month=Cast(TruncMonth("date"), DateField()))
        .values_list("month", "precision", "status")
        # Rows, not ids: the live events' index holds the rest.
        .annotate(n=Count("*"))
        .order_by("month", "precision")
    )


@dataclass
class Tally:
    """The counts per period (month, or year), where each period starts in the
    list, and the events dated only to a year."""

    per_period: dict[dt.date, dict[str, int]] = field(default_factory=dict)
    starts: dict[dt.date, int] = field(default_factory=dict)
    undated: dict[int, int] = field(default_factory=dict)
    year_starts: dict[int, int] = field(default_factory=dict)
    totals: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(STATUS_ORDER, 0)
    )
    total: int = 0


def _tally(rows: list[tuple[dt.date, int, str, int]], by_year: bool) -> Tally:
    tally = Tally()
    for month, precision, status, n in rows:
        month = month.date() if isinstance(month, dt.datetime) else month
        tally.year_starts.setdefault(month.year, tally.total)
        if precision == Event.Precision.YEAR:
            tally.undated[month.year] = tally.undated.get(month.year, 0) + n
        else:
            period = month.replace(month=1) if by_year else month
            tally.starts.setdefault(period, tally.total)
            counts = tally.per_period.setdefault(period, {})
            counts[status] = counts.get(status, 0) + n
        tally.totals[status] = tally.totals.get(status, 0) + n
        tally.total += n
    return tally


def _span(rows: list[tuple[dt.date, int, str, int]]) -> tuple[dt.date, dt.date]:
    """The first and last month the rows (in timeline order) fall in."""
    first, last = rows[0][0], rows[-1][0]
    first = first.date() if isinstance(first, dt.datetime) else first
    last = last.date() if isinstance(last, dt.datetime) else last
    return first.replace(day=1), last.replace(day=1)


def build_overview(
    rows: list[tuple[dt.date, int, str, int]],
    params: QueryDict,
    page_size: int,
    current_page: int,
) -> Overview | None:
    """The strip for the (filtered) events' ``month_counts``; each month (each
    year, in a long case) links to where it starts in the paginated list."""
    if not rows:
        return None
    first, last = _span(rows)
    # Counted, not listed: a case reaching back a century has 1,200 months.
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    by_year = months > MAX_MONTH_COLUMNS
    periods = (
        [dt.date(y, 1, 1) for y in range(first.year, last.year + 1)]
        if by_year
        else _months_between(first, last)
    )
    tally = _tally(rows, by_year)

    def href(anchor: str, at: int) -> str:
        page = at // page_size + 1
        if page == current_page:
            return f"#{anchor}"
        query = params.copy()
        query["page"] = str(page)
        return f"?{query.urlencode()}#{anchor}"

    column_width = max(MIN_COLUMN, min(80.0, STRIP_WIDTH / len(periods)))
    gap = 1.0 if column_width >= 8 else 0.5
    columns = _columns(periods, tally, by_year, column_width, gap, href)
    return Overview(
        width=round(max(STRIP_WIDTH, len(periods) * column_width), 2),
        height=BAR_TOP + BAR_HEIGHT + LABEL_HEIGHT,
        column_width=round(column_width, 2),
        bar_width=round(column_width - 2 * gap, 2),
        baseline=BAR_TOP + BAR_HEIGHT,
        label_y=BAR_TOP + BAR_HEIGHT + LABEL_HEIGHT - 4,
        columns=columns,
        years=_year_marks(periods, tally, by_year, column_width, href),
        totals=[(s.value, s.label, tally.totals.get(s, 0)) for s in STATUS_ORDER],
        total=tally.total,
        unit="year" if by_year else "month",
    )


def _columns(periods, tally: Tally, by_year: bool, width: float, gap: float, href):
    tallest = max((sum(c.values()) for c in tally.per_period.values()), default=1)
    columns = []
    for i, period in enumerate(periods):
        counts = tally.per_period.get(period, {})
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
        if by_year:
            anchor, label = f"y{period.year}", str(period.year)
        else:
            anchor = f"m{period.year:04d}-{period.month:02d}"
            label = DateValue.of(period, Precision.MONTH).display()
        columns.append(
            Column(
                x=round(i * width, 2),
                bar_x=round(i * width + gap, 2),
                label=label,
                anchor=anchor,
                href=href(anchor, tally.starts[period]) if total else "",
                total=total,
                segments=segments,
            )
        )
    return columns


def _year_marks(periods, tally: Tally, by_year: bool, width: float, href):
    """A tick, a label (where there is room) and the band of the events dated
    only to the year, for each year of the strip."""
    # A year column is narrow: label every second, fifth, tenth ... year.
    step = next((k for k in (1, 2, 5, 10, 20, 50) if k * width >= LABEL_SPACING), 100)
    years = []
    for i, period in enumerate(periods):
        if not (by_year or period.month == 1 or i == 0):
            continue
        span = 1 if by_year else sum(1 for m in periods[i:] if m.year == period.year)
        years.append(
            YearMark(
                x=round(i * width, 2),
                width=round(span * width, 2),
                year=period.year,
                href=href(f"y{period.year}", tally.year_starts[period.year])
                if period.year in tally.year_starts
                else "",
                undated=tally.undated.get(period.year, 0),
                show_label=span * width >= LABEL_SPACING
                if not by_year
                else period.year % step == 0,
            )
        )
    return years
