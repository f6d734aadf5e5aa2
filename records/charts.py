"""Server-rendered charts: the numbers an SVG template needs, and nothing else.

No HTML is built here: the templates (``records/includes/chart_*.html``) draw the shapes and
escape every label. Each chart is drawn in a ``viewBox`` and scales to the width it is
given, so it never makes a page scroll sideways; the counts it draws are in a table beside
it, each a link to the list it counts.
"""

import dataclasses
import math

from records.models import FollowUpActionStatus

BAR_HEIGHT = 22
BAR_GAP = 10
LABEL_WIDTH = 220
BAR_WIDTH = 460


@dataclasses.dataclass(frozen=True)
class Segment:
    status: str
    label: str
    count: int
    x: float
    width: float


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    total: int
    y: int
    segments: list[Segment]

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT * 0.7


@dataclasses.dataclass(frozen=True)
class StackedBars:
    bars: list[Bar]
    legend: list[tuple[str, str]]
    width: int = LABEL_WIDTH + BAR_WIDTH + 10
    bar_height: int = BAR_HEIGHT

    @property
    def height(self):
        return len(self.bars) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP


def stacked_bars(
    rows: list[tuple[str, dict[str, int]]], parts: list[tuple[str, str]]
) -> StackedBars:
    """One bar per ``(label, {part: count})``, its ``(part, label)`` parts in order, all to a
    common scale (the largest bar is full width)."""
    largest = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    bars = []
    for index, (label, counts) in enumerate(rows):
        x = float(LABEL_WIDTH)
        segments = []
        for part, part_label in parts:
            count = counts.get(part, 0)
            if not count:
                continue
            width = BAR_WIDTH * count / largest
            segments.append(Segment(part, part_label, count, round(x, 1), round(width, 1)))
            x += width
        bars.append(
            Bar(
                label=label,
                total=sum(counts.values()),
                y=BAR_GAP + index * (BAR_HEIGHT + BAR_GAP),
                segments=segments,
            )
        )
    return StackedBars(bars=bars, legend=parts)


def action_status_bars(rows: list[tuple[str, dict[str, int]]]) -> StackedBars:
    """One bar per ``(label, {status: count})``, its parts by status, to a common scale."""
    return stacked_bars(rows, [(status.value, status.label) for status in FollowUpActionStatus])


# A heat map: rows by columns, each cell shaded by its count ------------------------------

HEAT_LABEL_WIDTH = 160
HEAT_WIDTH = 560
HEAT_CELL_HEIGHT = 20
HEAT_AXIS_HEIGHT = 22
HEAT_LEVELS = 4
MIN_LABEL_SPACING = 38


@dataclasses.dataclass(frozen=True)
class Cell:
    column: str
    count: int
    x: float
    level: int  # 0 for none, then 1 to HEAT_LEVELS by the share of the largest cell


@dataclasses.dataclass(frozen=True)
class HeatRow:
    label: str
    y: int
    cells: list[Cell]

    @property
    def text_y(self):
        return self.y + HEAT_CELL_HEIGHT * 0.72


@dataclasses.dataclass(frozen=True)
class HeatMap:
    rows: list[HeatRow]
    columns: list[tuple[str, float]]  # every column, with the x of its left edge
    axis_labels: list[tuple[str, float]]  # the columns labelled on the axis, centred
    cell_width: float
    cell_height: int = HEAT_CELL_HEIGHT
    levels: int = HEAT_LEVELS

    @property
    def width(self):
        return round(HEAT_LABEL_WIDTH + len(self.columns) * self.cell_width + 10)

    @property
    def height(self):
        return len(self.rows) * HEAT_CELL_HEIGHT + HEAT_AXIS_HEIGHT + 4

    @property
    def axis_y(self):
        return len(self.rows) * HEAT_CELL_HEIGHT + HEAT_AXIS_HEIGHT - 6


def heat_map(rows: list[tuple[str, dict[str, int]]], columns: list[str]) -> HeatMap:
    """Rows of ``(label, {column: count})`` over ``columns`` (all of them, in order, empty
    ones too); however many columns, the map keeps its width and labels as many columns on
    its axis as fit."""
    cell_width = round(min(28.0, HEAT_WIDTH / max(len(columns), 1)), 2)
    largest = max((count for _, counts in rows for count in counts.values()), default=0) or 1
    xs = [
        (column, round(HEAT_LABEL_WIDTH + index * cell_width, 2))
        for index, column in enumerate(columns)
    ]
    step = max(1, math.ceil(MIN_LABEL_SPACING / cell_width))
    axis = [
        (column, round(x + cell_width / 2, 2))
        for index, (column, x) in enumerate(xs)
        if (len(xs) - 1 - index) % step == 0  # always label the latest column
    ]
    heat_rows = []
    for index, (label, counts) in enumerate(rows):
        cells = []
        for column, x in xs:
            count = counts.get(column, 0)
            level = math.ceil(HEAT_LEVELS * count / largest) if count else 0
            cells.append(Cell(column, count, x, level))
        heat_rows.append(HeatRow(label=label, y=index * HEAT_CELL_HEIGHT, cells=cells))
    return HeatMap(rows=heat_rows, columns=xs, axis_labels=axis, cell_width=cell_width)
