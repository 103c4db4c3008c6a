"""Readable contrast: the colour pairs of the stylesheet meet WCAG AA (4.5:1
for normal text), checked from the CSS variables themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "cambill" / "web" / "static" / "web" / "cambill.css"

# (text, background) pairs used for text on the pages.
PAIRS = [
    ("--text", "--bg"),
    ("--text", "--surface"),
    ("--muted", "--surface"),
    ("--muted", "--bg"),
    ("--primary", "--surface"),
    ("--primary", "--bg"),
    ("--primary-dark", "--primary-soft"),
    ("--sidebar-text", "--sidebar"),
    ("--sidebar-muted", "--sidebar"),
    ("--ok", "--ok-soft"),
    ("--warn", "--warn-soft"),
    ("--danger", "--danger-soft"),
    ("#ffffff", "--primary"),
    ("#ffffff", "--danger"),
]


def variables() -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", CSS.read_text()))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_text_colours_are_readable(fg: str, bg: str) -> None:
    colours = variables()
    a = colours.get(fg, fg)
    b = colours.get(bg, bg)
    assert contrast(a, b) >= 4.5, f"{fg} on {bg}: {contrast(a, b):.2f}"


def test_keyboard_focus_is_visible_and_content_skippable() -> None:
    css = CSS.read_text()
    assert ":focus-visible" in css and "outline" in css
    assert ".skip-link:focus" in css
