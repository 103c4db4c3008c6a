"""Charts drawn on the server as inline SVG: no script, nothing to load, and
allowed by the strict Content-Security-Policy (presentation attributes and
classes only, no ``style`` attributes).

Each chart is an image with a ``<title>`` and a ``<desc>`` (named by
``aria-labelledby``); every bar carries its own ``<title>`` (a tooltip with the
formatted value). Pages always show the same figures in a table next to the
chart, which is what screen readers and keyboard users browse and where the
links to the lists are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bar:
    """One bar: its axis label, its value and the value as the page shows it."""

    label: str
    value: Decimal | int
    text: str
    muted: bool = False  # e.g. a month still running
    axis: str = ""  # a shorter label under the bar (default: ``label``)


def nice_ceiling(value: Decimal) -> Decimal:
    """The smallest of 1, 2, 2.5, 5 x 10^k at or above ``value`` (1 for nothing)."""
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    for _ in range(2):
        for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
            candidate = step.scaleb(exponent)
            if candidate >= value:
                return candidate
        exponent += 1
    return value  # unreachable: 10 x 10^k always covers


def integer_ceiling(value: Decimal) -> Decimal:
    """A top for counts: four whole grid steps of 1, 2, 2.5 (from 25 on) or 5 x 10^k."""
    quarter = value / 4
    exponent = max(quarter.adjusted(), 0) if quarter > 0 else 0
    for _ in range(2):
        for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
            if step == Decimal("2.5") and exponent < 1:
                continue
            candidate = step.scaleb(exponent)
            if candidate >= quarter:
                return candidate * 4
        exponent += 1
    return value


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    desc: str,
    tick: Callable[[Decimal], str] = lambda v: f"{v.normalize():f}",
    width: int = 720,
    height: int = 260,
    integer: bool = False,
) -> SafeString:
    """An accessible SVG bar chart; ``tick`` formats the values of the grid
    lines (whole numbers only when ``integer``)."""
    left, right, top, bottom = 72, 12, 14, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max((Decimal(b.value) for b in bars), default=Decimal(0))
    top_value = integer_ceiling(highest) if integer else nice_ceiling(highest)
    parts: list[str] = []
    for i in range(5):
        v = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            format_html(
                '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d9dde5"/>'
                '<text class="chart-tick" x="{}" y="{}" text-anchor="end" fill="#5a6376">{}</text>',
                left,
                width - right,
                _num(y),
                _num(y),
                left - 6,
                _num(y + 4),
                tick(v),
            )
        )
    n = max(len(bars), 1)
    slot = plot_w / n
    # Room for about 70 units per label under the bars.
    every = max(1, -(-n * 70 // plot_w))
    for i, bar in enumerate(bars):
        value = max(Decimal(bar.value), Decimal(0))
        h = float(value / top_value) * plot_h
        x = left + slot * i + slot * 0.15
        cls = "chart-bar chart-bar-muted" if bar.muted else "chart-bar"
        fill = "#9db8e3" if bar.muted else "#1f5fbf"
        parts.append(
            format_html(
                '<g class="{}"><title>{}: {}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/></g>',
                cls,
                bar.label,
                bar.text,
                _num(x),
                _num(top + plot_h - h),
                _num(slot * 0.7),
                _num(h),
                fill,
            )
        )
        if i % every == 0:
            parts.append(
                format_html(
                    '<text class="chart-label" x="{}" y="{}" text-anchor="middle" fill="#1d2330">{}</text>',
                    _num(left + slot * i + slot / 2),
                    height - bottom + 18,
                    bar.axis or bar.label,
                )
            )
    parts.append(
        format_html(
            '<line class="chart-axis" x1="{}" x2="{}" y1="{}" y2="{}" stroke="#5a6376"/>',
            left,
            width - right,
            top + plot_h,
            top + plot_h,
        )
    )
    body = mark_safe("".join(parts))  # each part was escaped by format_html
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'aria-labelledby="{id}-title {id}-desc" focusable="false">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=desc,
        body=body,
    )


def describe(bars: Sequence[Bar]) -> str:
    """A one-line text of every bar, for the chart's ``<desc>``."""
    return "; ".join(f"{b.label}: {b.text}" for b in bars)


__all__ = ["Bar", "bar_chart", "describe", "nice_ceiling"]
