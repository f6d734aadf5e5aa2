"""Server-rendered charts: the numbers an SVG template needs, and nothing else.

No HTML is built here: the template draws the shapes and escapes every label.
"""

import dataclasses

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

    @property
    def total_x(self):
        end = self.segments[-1].x + self.segments[-1].width if self.segments else LABEL_WIDTH
        return end + 6


@dataclasses.dataclass(frozen=True)
class StackedBars:
    bars: list[Bar]
    legend: list[tuple[str, str]]
    width: int = LABEL_WIDTH + BAR_WIDTH + 40
    bar_height: int = BAR_HEIGHT

    @property
    def height(self):
        return len(self.bars) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP


def action_status_bars(rows: list[tuple[str, dict[str, int]]]) -> StackedBars:
    """One bar per ``(label, {status: count})``, its parts by status, to a common scale."""
    largest = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    bars = []
    for index, (label, counts) in enumerate(rows):
        x = float(LABEL_WIDTH)
        segments = []
        for status in FollowUpActionStatus:
            count = counts.get(status.value, 0)
            if not count:
                continue
            width = BAR_WIDTH * count / largest
            segments.append(
                Segment(status.value, status.label, count, round(x, 1), round(width, 1))
            )
            x += width
        bars.append(
            Bar(
                label=label,
                total=sum(counts.values()),
                y=BAR_GAP + index * (BAR_HEIGHT + BAR_GAP),
                segments=segments,
            )
        )
    legend = [(status.value, status.label) for status in FollowUpActionStatus]
    return StackedBars(bars=bars, legend=legend)
