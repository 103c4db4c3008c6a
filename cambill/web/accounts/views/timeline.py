"""A camera's tariff history as a horizontal timeline, drawn on the server.

Plain geometry for an SVG in the page (no script, no inline style, so the
Content-Security-Policy holds): one bar per interval ``[from, to)`` along a
time axis from the first interval to now (or the last end), a tick at each
local month start (thinned to a readable few), and for each bar the text a
screen reader reads. The table under it carries the same facts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext, ngettext

from cambill.web.core.format import date_text, datetime_text

WIDTH = 720  # viewBox units; the SVG scales to the panel
BAR_Y, BAR_H = 6, 34
AXIS_Y = BAR_Y + BAR_H + 6
HEIGHT = AXIS_Y + 22
COLOURS = 6  # classes tl-0 .. tl-5 in workspace.css
MAX_TICKS = 6
CHAR_W = 8.2  # rough width of a bold 13px character, to decide whether a label fits


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    colour: int
    tariff: str
    label: str | None  # drawn inside the bar when it fits
    description: str  # what a screen reader (and a hover) says
    open: bool

    @property
    def label_x(self) -> float:
        return self.x + 6


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    ticks: list[Tick]
    legend: list[tuple[str, str, int]]  # (code, name, colour)
    summary: str
    width: int = WIDTH
    height: int = HEIGHT
    bar_y: int = BAR_Y
    bar_h: int = BAR_H
    axis_y: int = AXIS_Y


def _month_starts(t0: datetime, t1: datetime, tz: ZoneInfo) -> list[date]:
    local = t0.astimezone(tz).date().replace(day=1)
    out: list[date] = []
    while True:
        local = date(local.year + local.month // 12, local.month % 12 + 1, 1)
        instant = datetime(local.year, local.month, 1, tzinfo=tz)
        if instant >= t1:
            return out
        out.append(local)


def build_timeline(periods: Sequence[Any], *, now: datetime, tz: ZoneInfo) -> Timeline | None:
    """``periods`` are CameraTariffPeriod rows (with ``tariff`` and ``account``), any order."""
    items = sorted(periods, key=lambda p: p.valid_from)
    if not items:
        return None
    t0 = items[0].valid_from
    ends = [p.valid_to or now for p in items]
    t1 = max([now, *ends])
    if t1 <= t0:
        t1 = t0 + timedelta(days=1)
    span = (t1 - t0).total_seconds()

    def x_of(t: datetime) -> float:
        return round(WIDTH * (t - t0).total_seconds() / span, 2)

    colours: dict[str, int] = {}
    legend: list[tuple[str, str, int]] = []
    bars: list[Bar] = []
    for p, end in zip(items, ends, strict=True):
        code = p.tariff.code
        if code not in colours:
            colours[code] = len(colours) % COLOURS
            legend.append((code, p.tariff.name, colours[code]))
        x0, x1 = x_of(p.valid_from), x_of(min(end, t1))
        width = max(x1 - x0, 1.5)
        start_text = datetime_text(p.valid_from.astimezone(tz))
        if p.valid_to is None:
            description = gettext("%(tariff)s (%(account)s) from %(start)s, still held") % {
                "tariff": code,
                "account": p.account.code,
                "start": start_text,
            }
        else:
            description = gettext("%(tariff)s (%(account)s) from %(start)s until %(end)s") % {
                "tariff": code,
                "account": p.account.code,
                "start": start_text,
                "end": datetime_text(p.valid_to.astimezone(tz)),
            }
        fits = width >= CHAR_W * len(code) + 10
        bars.append(
            Bar(
                x=x0,
                width=round(width, 2),
                colour=colours[code],
                tariff=code,
                label=code if fits else None,
                description=description,
                open=p.valid_to is None,
            )
        )
    months = _month_starts(t0, t1, tz)
    step = max(1, math.ceil(len(months) / MAX_TICKS))
    ticks = [
        Tick(x=x_of(datetime(d.year, d.month, 1, tzinfo=tz)), label=date_text(d))
        for d in months[::step]
    ]
    # Ticks too close to the edges would be clipped: keep them inside.
    ticks = [t for t in ticks if 30 <= t.x <= WIDTH - 30]
    summary = ngettext(
        "%(n)s tariff interval from %(start)s to %(end)s; the table below lists it.",
        "%(n)s tariff intervals from %(start)s to %(end)s; the table below lists them.",
        len(bars),
    ) % {
        "n": len(bars),
        "start": date_text(t0.astimezone(tz).date()),
        "end": date_text(t1.astimezone(tz).date()),
    }
    return Timeline(bars=bars, ticks=ticks, legend=legend, summary=summary)
