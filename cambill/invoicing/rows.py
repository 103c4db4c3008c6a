"""Invoice line rows: what the rating produces, ready to store.

The lowest module of the invoice assembly: ``rate`` (arrears), ``advance``,
``offline_credits`` and ``sales_lines`` build their rows with it, so none of them
imports another to share a row's shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from cambill.core.display import days_text
from cambill.core.money import round_price

from .labels import label
from .models import LineKind


@lru_cache(maxsize=4096)
def dates_text(lang: str, first: date, last: date) -> str:
    """The days a line covers in the invoice's language, as pages and PDFs read a
    period: "April 2026" for a whole month, else "Apr 1 - 10, 2026" (en dash)."""
    return days_text(first, last, lang)


@lru_cache(maxsize=16)
def _words(lang: str) -> tuple[str, str]:
    return label(lang, "camera"), label(lang, "tariff")


# Memoised: a run has a few hundred distinct quantities for 100,000 lines.
_quantity = lru_cache(maxsize=4096)(round_price)


@dataclass(frozen=True, slots=True)
class LineRow:
    """An invoice line ready to store (the model is built from it in bulk)."""

    kind: str
    description: str
    camera: str = ""
    tariff: str = ""
    service: str = ""
    account: str = ""
    date_from: date | None = None
    date_to: date | None = None
    days: Decimal | None = None
    quantity: Decimal = Decimal(0)
    unit_price: Decimal = Decimal(0)
    amount: Decimal = Decimal(0)


def tariff_row(
    ln: Any, info: Any, lang: str, *, head: str = "", kind: str = LineKind.TARIFF
) -> LineRow:
    """The row of one camera x tariff line (arrears, advance or true-up): "[head: ]Camera c,
    Tariff T (name), first to last"."""
    t = info[ln.tariff]
    cam, trf = _words(lang)
    lead = f"{head}: " if head else ""
    return LineRow(
        kind=kind,
        description=f"{lead}{cam} {ln.camera}, {trf} {t.code} ({t.name}), "
        f"{dates_text(lang, ln.first_day, ln.last_day)}"[:300],
        camera=ln.camera,
        tariff=t.code,
        account=ln.account,
        date_from=ln.first_day,
        date_to=ln.last_day,
        days=Decimal(ln.days),
        quantity=_quantity(ln.quantity),
        unit_price=ln.unit_price,
        amount=ln.amount,
    )
