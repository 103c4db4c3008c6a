"""The base of every list page's table (django-tables2: sortable, paginated); each
domain's ``tables.py`` builds its tables on ``BaseTable``.

Each table gets the page's ``cloud`` (to build links under ``/clouds/<slug>/``)
and ``tz`` (times are shown in the cloud's zone; the page also activates it).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import django_tables2 as tables
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.translation import gettext_lazy as _
from django_tables2.rows import BoundRow

from cambill.core.display import provider_zone, zone_of
from cambill.core.money import PRICE_PLACES, places_shown
from cambill.web.core.format import instant_text, period_text
from cambill.web.core.labels import tr

TEMPLATE = "web/includes/table.html"


def link(url: str, text: Any) -> str:
    return format_html('<a href="{}">{}</a>', url, text)


def badge(value: str, label: Any = None) -> str:
    return format_html('<span class="badge badge-{}">{}</span>', value, label or value)


def money_value(amount: Decimal | None, currency: str) -> Decimal | None:
    """An amount for a spreadsheet: a number with at least the currency's minor
    digits and no trailing noise (a stored 25.9100 is 25.91, a price 0.305000 is 0.305)."""
    if amount is None:
        return None
    # The same places as the pages' amounts (cambill.core.money.places_shown).
    return amount.quantize(Decimal(1).scaleb(-places_shown(amount, currency, PRICE_PLACES)))


def cell_text(value: Any) -> str | None:
    """What a person reads in a rendered cell: tags stripped, entities decoded,
    whitespace collapsed; the "—" placeholder of an empty cell is empty."""
    text = " ".join(html.unescape(strip_tags(force_str(value))).split())
    return None if text in ("", "\u2014") else text


# Columns of identifiers (an invoice number, a code, a period): kept to one line when a
# table's text wraps to fit a wide screen, since "TN-2026-000123" broken at its hyphens
# reads as three things.
NOWRAP_COLUMNS = frozenset(
    {"number", "code", "account", "camera", "stream", "slug", "username", "period", "cloud"}
)


class BaseTable(tables.Table):
    """A table that knows the page's cloud and time zone."""

    class Meta:
        template_name = TEMPLATE
        # In a list page the results area is htmx-boosted for sorting and
        # paging; links to objects in the body stay ordinary links.
        attrs = {"class": "table", "tbody": {"hx-boost": "false"}}
        empty_text = _("Nothing here yet.")

    def __init__(
        self, *args: Any, cloud: Any = None, tz: Any = None, actor: Any = None, **kwargs: Any
    ) -> None:
        self.cloud = cloud
        self.tz = tz
        self.actor = actor
        super().__init__(*args, **kwargs)
        for bound in self.columns.iterall():
            if bound.name in NOWRAP_COLUMNS:
                column = bound.column  # this table's own copy (django-tables2 deep-copies)
                td = dict(column.attrs.get("td", {}))
                td["class"] = f"{td.get('class', '')} nowrap".strip()
                column.attrs = {**column.attrs, "td": td}

    def can(self, action: str) -> bool:
        """Links to pages the actor may not open are left out (plain text)."""
        return self.actor is not None and self.actor.can(action)

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"web:{name}", args=[self.cloud.slug, *args])

    def zone(self, record: Any = None) -> Any:
        """The zone a row's times are read in: its cloud's (so an invoice reads the
        same in a provider-wide list as on its own page), else the page's."""
        return (zone_of(record) if record is not None else None) or self.tz

    def when(self, value: Any, record: Any = None) -> str:
        if value is None:
            return "—"
        return instant_text(value, self.zone(record))

    def period_of(self, record: Any) -> str:
        """A record's billing period (``period_start``/``period_end``) by its month's name."""
        return period_text(record.period_start, record.period_end, self.zone(record)) or "—"

    # --- export (CSV / XLSX of a list page) -------------------------------------
    #
    # A cell is exported as its value, not its HTML: a table's ``value_<column>``
    # method when it has one (money: the number, its currency in a column of its
    # own); else a number, date or time straight from the record (ISO in the
    # page's zone, written by ``cambill.reports.tabular``); else the text a person
    # reads in the rendered cell (links and badges become their text, choices
    # their translated label).

    # Columns hidden on the page that exports add (the currency of a money column).
    export_extra: tuple[str, ...] = ()
    # Text columns whose cell reads as the value itself (a plain column of no
    # choices, or one whose ``render_<column>`` only wraps the value in a link):
    # the export takes the value's text without rendering the cell (a
    # million-row export would otherwise reverse a URL and strip its tags for
    # every cell). ``tests/web/test_exports.py`` checks each against the rendering.
    export_as_text: tuple[str, ...] = ()

    @property
    def export_tz(self) -> ZoneInfo:
        return self.tz or provider_zone()

    def export_columns(self) -> list[Any]:
        return [
            bc
            for bc in self.columns.iterall()
            if not bc.column.exclude_from_export and (bc.visible or bc.name in self.export_extra)
        ]

    def export_header(self) -> list[str]:
        return [force_str(bc.header) for bc in self.export_columns()]

    def export_rows(self, records: Iterable[Any]) -> Iterator[list[Any]]:
        columns = self.export_columns()
        # Text of cells whose rendering depends on the stored value alone (a status
        # badge), per column and value: rendered once per export, not per row.
        self._export_texts: dict[tuple[str, Any], str | None] = {}
        for record in records:
            row = BoundRow(record, table=self)
            yield [self.export_value(row, bc) for bc in columns]

    def export_value(self, row: BoundRow, bound_column: Any) -> Any:
        name = bound_column.name
        if hasattr(self, f"value_{name}"):
            value = row.get_cell_value(name)
            if value is None or isinstance(value, Decimal | int | float | date):
                return value
            return cell_text(value)
        raw = bound_column.accessor.resolve(row.record, quiet=True)
        if isinstance(raw, Decimal | float | date):
            if isinstance(raw, datetime) and raw.tzinfo is None:
                raw = raw.replace(tzinfo=UTC)
            return raw
        custom = hasattr(self, f"render_{name}") or (
            type(bound_column.column).render is not tables.Column.render
        )
        if isinstance(raw, int) and not isinstance(raw, bool) and not custom:
            return raw  # a count
        if isinstance(raw, dict | list):
            return json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
        column = bound_column.column
        if name in self.export_as_text and (isinstance(raw, str) or raw is None):
            # What the rendered cell reads: the value itself (escaped when a
            # ``render_<column>`` wraps it in a link), or the empty placeholder.
            if raw is None or raw in column.empty_values:
                return cell_text(bound_column.default)
            return cell_text(conditional_escape(raw) if hasattr(self, f"render_{name}") else raw)
        if isinstance(column, StatusColumn | ActiveColumn) and not hasattr(self, f"render_{name}"):
            texts = getattr(self, "_export_texts", None)
            if texts is None:
                texts = self._export_texts = {}
            key = (name, raw)
            if key not in texts:
                texts[key] = cell_text(row.get_cell(name))
            return texts[key]
        return cell_text(row.get_cell(name))


class StatusColumn(tables.Column):
    """A choice as a coloured badge: the class from the stored value, the text
    its label (which django-tables2 already passes as ``value``)."""

    def render(self, value: Any, record: Any, bound_column: Any) -> str:  # type: ignore[override]
        raw = bound_column.accessor.resolve(record, quiet=True)
        return badge(str(raw), tr(value))


class ActiveColumn(tables.BooleanColumn):
    def render(self, value: Any, record: Any, bound_column: Any) -> str:  # type: ignore[override]
        return badge("active", _("yes")) if value else badge("off", _("no"))
