"""A horizontal bar chart laid out for server-side SVG: plain arithmetic on counts, no database, no request.

Coordinates are whole pixels, so the template writes them as they are (no decimal comma in any language).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int | None  # None: not reported, drawn as a note instead of a bar
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    label_x: int
    bars_x: int
    bar_height: int
    bars: tuple[Bar, ...]


def bar_chart(
    values: Sequence[tuple[str, int | None]],
    *,
    width: int = 640,
    label_width: int = 150,
    value_width: int = 110,
    bar_height: int = 24,
    gap: int = 12,
) -> BarChart:
    """Each bar's length is its value's share of the largest value; a bar of 0 is drawn 0 wide."""
    track = width - label_width - value_width
    largest = max((value for _label, value in values if value), default=0)
    bars = []
    for index, (label, value) in enumerate(values):
        y = gap + index * (bar_height + gap)
        length = round(track * value / largest) if value and largest else 0
        bars.append(
            Bar(
                label=label,
                value=value,
                y=y,
                width=length,
                text_y=y + bar_height * 2 // 3,
                value_x=label_width + length + 8,
            )
        )
    height = gap + len(values) * (bar_height + gap)
    return BarChart(
        width=width,
        height=height,
        label_x=label_width - 10,
        bars_x=label_width,
        bar_height=bar_height,
        bars=tuple(bars),
    )
