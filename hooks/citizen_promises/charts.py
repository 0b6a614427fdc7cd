"""A commitment's progress over time: the running total by calendar month
(the series, a fact the model holds), and where its chart puts each number
(the drawing, which templates/_chart.html turns into SVG with autoescape).
Plain numbers and Swedish words; no model import, no markup."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from .swedish import local

# The chart's coordinate system (the viewBox). Its text is FONT units tall, so
# at a 320 px screen (about 290 px of column) it is about 11 px: wide enough
# to read, narrow enough that the labels stay legible when it scales.
WIDTH = 360
HEIGHT = 160
FONT = 13
TOP = 22  # room above the top line for the target's label
BASELINE = 132  # the zero line; month labels go below it
RIGHT = 8
GLYPH = 7.5  # a digit's width at FONT, for the room left of the plot


@dataclass(frozen=True)
class MonthTotal:
    month: date  # the first day of the local (Europe/Stockholm) month
    total: int  # the running total at the end of the month
    reported: bool  # an update in this month reported progress for the commitment


@dataclass(frozen=True)
class Row:
    month: date  # the month's first day; the page words it (i18n.Words.calendar_month)
    total: int


@dataclass(frozen=True)
class Drawing:
    """Where each number of a chart goes, and its words. Coordinates are in
    viewBox units, already written out (``_number``), so the template does no
    arithmetic and the same content gives the same bytes."""

    left: str  # the plot's left edge; the scale's labels end left of it
    right: str
    scale_x: str
    baseline: str  # the zero line
    zero_y: str  # where the scale's 0 stands
    top_y: str  # where the scale's top value stands
    scale_top: int  # the top value: the target, or the largest total above it
    month_y: str  # the month labels, under the zero line
    line: str  # the running total as an SVG polyline's points, one a month
    dots: str  # path data: a dot at each month that had a report
    end_x: str  # the last point's x
    end_y: str  # its total's label, above it
    end_total: int
    target_y: str | None  # the dashed target line
    target_label_x: str
    target_label_y: str
    first_month: date  # at the left under the line (``jan. 2024``)
    last_month: date | None  # at the right; None with one month only
    rows: tuple[Row, ...]  # the same numbers, for the table
    width: int = WIDTH
    height: int = HEIGHT


def _number(value: float) -> str:
    """One decimal at most, none when whole: small, and the same bytes every build."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class Series:
    """A commitment's running total, month by month. Empty when no update has
    reported progress for it: then there is nothing to draw, only to say."""

    months: tuple[MonthTotal, ...] = ()
    text: str = ""  # the commitment's text, for the table's caption
    target: int | None = None
    unit: str | None = None

    @property
    def empty(self) -> bool:
        return not self.months

    @cached_property
    def drawing(self) -> Drawing:
        """Computed once a series, however many pages show it."""
        if self.empty:
            raise ValueError("an empty series has no drawing")
        totals = [m.total for m in self.months]
        scale_top = max(max(totals), self.target or 0, 1)
        left = 8 + GLYPH * len(str(scale_top))
        right = WIDTH - RIGHT
        step = (right - left) / len(totals)

        def x(index: int) -> float:
            return left + step * (index + 0.5)  # each month a band, its point in the middle

        def y(total: int) -> float:
            return BASELINE - (BASELINE - TOP) * total / scale_top

        points, dots = [], []
        for i, m in enumerate(self.months):
            px, py = _number(x(i)), _number(y(m.total))
            points.append(f"{px},{py}")
            if m.reported:  # zero-length strokes with round caps draw as dots: a few bytes a dot
                dots.append(f"M{px} {py}h0")
        first, last = self.months[0], self.months[-1]
        rows = tuple(Row(m.month, m.total) for m in self.months)
        n = _number
        return Drawing(
            left=n(left),
            right=n(right),
            scale_x=n(left - 5),
            baseline=n(BASELINE),
            zero_y=n(BASELINE + FONT * 0.3),
            top_y=n(TOP + FONT * 0.3),
            scale_top=scale_top,
            month_y=n(BASELINE + FONT * 1.5),
            line=" ".join(points),
            dots="".join(dots),
            end_x=n(x(len(totals) - 1)),
            end_y=n(y(last.total) - 9),
            end_total=last.total,
            target_y=None if self.target is None else n(y(self.target)),
            target_label_x=n(left + 4),
            target_label_y="" if self.target is None else n(y(self.target) - 5),
            first_month=first.month,
            last_month=last.month if len(totals) > 1 else None,
            rows=rows,
        )


def _index(day: date) -> int:
    """Months since year 0: consecutive months are consecutive numbers."""
    return day.year * 12 + day.month - 1


def series(
    reports: Iterable[tuple[datetime, int]],
    valid_from: date,
    valid_until: date,
    built_at: datetime,
    text: str = "",
    target: int | None = None,
    unit: str | None = None,
) -> Series:
    """The running total of ``reports`` (an update's moment and the count it
    reported) by local calendar month: from the period's first month to its
    last for an ended promise, to the build date's month for a current one
    (or on to a later report in the period, scheduled in the preview).
    Months without a report carry the total forward. The last month's total is
    always the sum of all reports, like the progress shown beside the chart:
    a report before the period counts in its first month, and one after the
    period (late, or dated far ahead) in its last. So a chart never has more
    months than its promise's period touches: at most 73 for six years."""
    added: dict[int, int] = {}
    for moment, count in reports:
        month = _index(local(moment).date())
        added[month] = added.get(month, 0) + count
    if not added:
        return Series((), text, target, unit)
    first = _index(valid_from)
    end = max(first, _index(valid_until))
    last = max(first, min(end, max(_index(min(valid_until, local(built_at).date())), max(added))))
    early = [count for month, count in added.items() if month < first]
    late = [count for month, count in added.items() if month > last]
    total = sum(early)
    months = []
    for month in range(first, last + 1):
        total += added.get(month, 0)
        reported = month in added or (month == first and bool(early))
        months.append(MonthTotal(date(month // 12, month % 12 + 1, 1), total, reported))
    if late:
        final = months[-1]
        months[-1] = MonthTotal(final.month, final.total + sum(late), True)
    return Series(tuple(months), text, target, unit)
