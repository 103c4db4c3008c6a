"""The server-side SVG charts (cambill/web/core/charts.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from cambill.web.core.charts import Bar, bar_chart, integer_ceiling, nice_ceiling


def test_nice_and_integer_tops() -> None:
    assert [nice_ceiling(Decimal(v)) for v in ("0", "0.7", "6.85", "12", "75", "1001")] == [
        Decimal(1),
        Decimal("1"),
        Decimal("10"),
        Decimal("20"),
        Decimal("100"),
        Decimal("2000"),
    ]
    # Four whole steps for counts: 5 -> 0, 2, 4, 6, 8; 75 -> 0, 20, ... 80.
    assert [integer_ceiling(Decimal(v)) for v in (0, 3, 5, 75, 100_000)] == [
        Decimal(4),
        Decimal(4),
        Decimal(8),
        Decimal(80),
        Decimal(100_000),
    ]


def test_chart_is_well_formed_accessible_and_escaped() -> None:
    bars = [Bar("<Jan>", 3, "3 & more"), Bar("Feb", 0, "0", muted=True)]
    svg = ET.fromstring(
        str(bar_chart(bars, chart_id="c1", title="T <x>", desc="D & d", integer=True))
    )
    assert svg.tag == "svg" and svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.findtext("title") == "T <x>" and svg.findtext("desc") == "D & d"
    groups = svg.findall("g")
    assert [g.findtext("title") for g in groups] == ["<Jan>: 3 & more", "Feb: 0"]
    assert [g.get("class") for g in groups] == ["chart-bar", "chart-bar chart-bar-muted"]
    rect = groups[0].find("rect")
    assert rect is not None and float(rect.get("height", "0")) > 0
    # No style attribute (the CSP forbids inline styles), no external URL.
    text = str(bar_chart(bars, chart_id="c1", title="T", desc="D"))
    assert "style=" not in text and "//" not in text


def test_empty_chart_still_renders() -> None:
    svg = ET.fromstring(str(bar_chart([], chart_id="e", title="Nothing", desc="")))
    assert svg.findall("g") == []
