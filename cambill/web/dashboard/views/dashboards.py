"""Dashboards: the provider's (``/dashboard/``), a cloud's (``/clouds/<slug>/dashboard/``)
and a cloud's usage history for provider staff (``/clouds/<slug>/usage-history/``).

Figures come from :mod:`cambill.metrics.selectors` (scoped to the actor; the
definitions are in docs/metrics.md). Every figure links to the list behind it;
numbers, money and dates are formatted here for the page's language (babel,
through :mod:`cambill.web.format`), charts are server-side SVG
(:mod:`cambill.web.charts`) with the same figures in a table.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from cambill.core import clock
from cambill.core.display import month_text
from cambill.core.errors import DomainError
from cambill.core.periods import Period
from cambill.metrics.compute import NOT_DUE
from cambill.metrics.selectors import (
    BUCKET_KEYS,
    cloud_dashboard,
    cloud_usage_history,
    latest_snapshots,
    provider_dashboard,
)
from cambill.metrics.services import metrics_refresh_all, metrics_refresh_cloud
from cambill.web.core.charts import Bar, bar_chart, describe
from cambill.web.core.format import date_text, page_language, page_locale, price_text
from cambill.web.core.pages import ActorMixin, CloudMixin


def count_text(n: int) -> str:
    return format_decimal(n, locale=page_locale())


def month_label(first_day: date) -> str:
    """A billing month by its name, as everywhere: "March 2026" / "marzo de 2026"."""
    return month_text(first_day.year, first_day.month, page_language())


def month_axis(first_day: date) -> str:
    """ "Mar 26": short enough for an axis of 13 months."""
    return format_date(first_day, "MMM yy", locale=page_locale())


def month_of(key: str) -> date:
    return Period.parse(key, "UTC").first_day


def with_query(url: str, **params: str) -> str:
    return f"{url}?{urlencode(params)}" if params else url


def this_month(as_of: datetime, tz: str) -> tuple[str, str]:
    """The first and the last local day of "this month" as of ``as_of`` in the
    cloud's zone: the days the dashboard's added and lost cameras are counted on."""
    today = as_of.astimezone(ZoneInfo(tz)).date()
    return today.replace(day=1).isoformat(), today.isoformat()


def added_query(window: tuple[str, str]) -> dict[str, str]:
    """The camera list's filter for "cameras added this month"."""
    return {"added_from": window[0], "added_to": window[1]}


def removed_query(window: tuple[str, str]) -> dict[str, str]:
    """The camera list's filter for "cameras lost this month": an interval ended
    in the month without a next one, and no tariff now."""
    return {"holds_tariff": "false", "removed_from": window[0], "removed_to": window[1]}


HOLDING = {"holds_tariff": "true"}
OVERDUE = "yes"


def latest_snapshots_with_zones(actor: Any) -> list[tuple[Any, str]]:
    """Each cloud's latest snapshot in the actor's scope, with the cloud's zone."""
    from cambill.clouds.selectors import clouds_in_scope

    clouds = clouds_in_scope(actor)
    zones = dict(clouds.values_list("pk", "timezone"))
    return [(snap, zones[pk]) for pk, snap in latest_snapshots(clouds).items()]


def bucket_labels() -> dict[str, str]:
    return {
        NOT_DUE: gettext("Not yet due"),
        "0-30": gettext("0-30 days"),
        "31-60": gettext("31-60 days"),
        "61-90": gettext("61-90 days"),
        "90+": gettext("over 90 days"),
    }


def money_tick(currency: str) -> Any:
    def tick(v: Decimal) -> str:
        return format_decimal(v, format="#,##0.##", locale=page_locale())

    return tick


def count_tick(v: Decimal) -> str:
    return format_decimal(v, format="#,##0.#", locale=page_locale())


class RefreshMixin:
    """POST only (``http_method_names``): recompute the figures now, then back
    to the dashboard. The views set ``action = "dashboard.refresh"``."""

    def refresh(self) -> None:
        raise NotImplementedError

    def back(self) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.refresh()
            messages.success(request, gettext("The figures were recomputed."))
        except DomainError as e:
            messages.error(request, e.message)
        return HttpResponseRedirect(self.back())


# --- provider --------------------------------------------------------------------


class ProviderDashboardView(ActorMixin, TemplateView):
    # GET reads may come from the read replica (cambill.core.db_router).
    replica_reads = True
    action = "dashboard.view"
    provider_only = True
    template_name = "web/dashboard/provider.html"
    title = _("Dashboard")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        d = provider_dashboard(actor=self.actor, now=clock.now())
        clouds_url = reverse("web:cloud_list")
        cameras_url = reverse("web:provider_camera_list")
        invoices_url = reverse("web:provider_invoice_list")
        # The provider's added and lost cameras add up each cloud's month as of
        # its snapshot: one filter fits them all when those days are the same
        # (else the per-cloud figures of the table below link to each cloud's list).
        windows = {this_month(s.as_of, tz) for s, tz in latest_snapshots_with_zones(self.actor)}
        window = next(iter(windows)) if len(windows) == 1 else None
        cards = []
        for f in d.currencies:
            cards.append(
                {
                    "label": gettext("Wholesale MRR (%(currency)s)") % {"currency": f.currency},
                    "value": price_text(f.mrr, f.currency),
                    "hint": gettext("ARR %(arr)s") % {"arr": price_text(f.arr, f.currency)},
                    "url": "#by-cloud",
                }
            )
        cards += [
            {
                "label": gettext("Active clouds"),
                "value": count_text(d.active_clouds),
                "hint": gettext("of %(n)s") % {"n": count_text(d.clouds_in_scope)},
                "url": with_query(clouds_url, status="active"),
            },
            {
                "label": gettext("Active cameras"),
                "value": count_text(d.active_cameras),
                "url": with_query(cameras_url, **HOLDING),
            },
            {
                "label": gettext("Cameras added this month"),
                "value": count_text(d.cameras_added),
                "url": with_query(cameras_url, **added_query(window)) if window else "#by-cloud",
            },
            {
                "label": gettext("Cameras removed this month"),
                "value": count_text(d.cameras_removed),
                "url": with_query(cameras_url, **removed_query(window)) if window else "#by-cloud",
            },
        ]
        for f in d.currencies:
            per = f.revenue_per_camera
            cards.append(
                {
                    "label": gettext("Revenue per camera (%(currency)s)")
                    % {"currency": f.currency},
                    "value": price_text(per, f.currency) if per is not None else "—",
                    "hint": gettext("MRR / active cameras"),
                    "url": "#by-cloud",
                }
            )
        months = [month_of(k) for k in d.revenue_periods]
        charts = []
        for currency, series in d.revenue.items():
            bars = [
                Bar(month_label(m), v, price_text(v, currency), axis=month_axis(m))
                for m, v in zip(months, series, strict=True)
            ]
            charts.append(
                {
                    "currency": currency,
                    "svg": bar_chart(
                        bars,
                        chart_id=f"revenue-{currency.lower()}",
                        title=gettext("Wholesale revenue per month, %(currency)s")
                        % {"currency": currency},
                        desc=describe(bars),
                        tick=money_tick(currency),
                    ),
                    "rows": bars,
                }
            )
        top = []
        for currency, rows in d.top_clouds.items():
            top.extend(
                [
                    {
                        **self.camera_links(
                            r.cloud.slug, this_month(r.snapshot.as_of, r.cloud.timezone)
                        ),
                        "currency": currency,
                        "slug": r.cloud.slug,
                        "name": r.cloud.name,
                        "url": reverse("web:cloud_detail", args=[r.cloud.slug]),
                        "history_url": reverse("web:cloud_usage_history", args=[r.cloud.slug]),
                        "mrr": price_text(r.snapshot.wholesale_mrr, currency),
                        "cameras": count_text(r.snapshot.active_cameras),
                        "added": count_text(r.snapshot.cameras_added),
                        "removed": count_text(r.snapshot.cameras_removed),
                        "last_revenue": price_text(r.last_revenue, currency),
                        "last_url": with_query(
                            reverse("web:invoice_list", args=[r.cloud.slug]),
                            kind="wholesale",
                            period=d.last_period,
                        ),
                    }
                    for r in rows
                ]
            )
        labels = bucket_labels()
        # Each amount links to the open wholesale invoices it adds up
        # (the invoice list's "overdue" buckets are the dashboard's ages).
        receivables = [
            {
                "currency": r.currency,
                "cells": [
                    {
                        "text": price_text(r.buckets[k], r.currency),
                        "url": with_query(
                            invoices_url, kind="wholesale", currency=r.currency, overdue=k
                        ),
                    }
                    for k in BUCKET_KEYS
                ],
                "total": price_text(r.total, r.currency),
                "total_url": with_query(
                    invoices_url, kind="wholesale", currency=r.currency, open="true"
                ),
            }
            for r in d.receivables
        ]
        by_cloud = []
        for r in d.receivables_by_cloud:
            if r.cloud is None:
                continue
            url = reverse("web:invoice_list", args=[r.cloud.slug])
            by_cloud.append(
                {
                    "slug": r.cloud.slug,
                    "url": with_query(url, kind="wholesale", open="true"),
                    "cells": [
                        {
                            "text": price_text(r.buckets[k], r.currency),
                            "url": with_query(url, kind="wholesale", overdue=k),
                        }
                        for k in BUCKET_KEYS
                    ],
                    "total": price_text(r.total, r.currency),
                }
            )
        ctx.update(
            {
                "d": d,
                "cards": cards,
                "charts": charts,
                "top": top,
                "bucket_labels": [labels[k] for k in BUCKET_KEYS],
                "receivables": receivables,
                "receivables_by_cloud": by_cloud,
                "last_period_label": month_label(month_of(d.last_period)),
                "first_period_label": month_label(months[0]),
                "missing": [c.slug for c in d.missing],
                "refresh_url": reverse("web:provider_dashboard_refresh"),
                "cameras_url": cameras_url,
                "invoices_url": invoices_url,
            }
        )
        return ctx

    @staticmethod
    def camera_links(slug: str, window: tuple[str, str]) -> dict[str, str]:
        url = reverse("web:camera_list", args=[slug])
        return {
            "cameras_url": with_query(url, **HOLDING),
            "added_url": with_query(url, **added_query(window)),
            "removed_url": with_query(url, **removed_query(window)),
        }


class ProviderDashboardRefreshView(RefreshMixin, ActorMixin, TemplateView):
    action = "dashboard.refresh"
    http_method_names = ["post"]
    provider_only = True

    def refresh(self) -> None:
        metrics_refresh_all(actor=self.actor)

    def back(self) -> str:
        return reverse("web:provider_dashboard")


# --- one cloud ---------------------------------------------------------------------


class CloudDashboardView(CloudMixin, TemplateView):
    # GET reads may come from the read replica (cambill.core.db_router).
    replica_reads = True
    action = "dashboard.view"
    template_name = "web/dashboard/cloud.html"

    def get_title(self) -> Any:
        return gettext("Dashboard · %(cloud)s") % {"cloud": self.cloud.name or self.cloud.slug}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        # A new cloud's first steps, until its data says they are done.
        from cambill.web.provider.first_steps import checklist

        ctx["first_steps"] = checklist(self.actor, self.cloud)
        d = cloud_dashboard(actor=self.actor, cloud=self.cloud, now=clock.now())
        slug, cur = self.cloud.slug, self.cloud.currency
        cameras_url = reverse("web:camera_list", args=[slug])
        invoices_url = reverse("web:invoice_list", args=[slug])
        s = d.snapshot
        cards: list[dict[str, Any]] = []
        holding_url = with_query(cameras_url, **HOLDING)
        if s is not None:
            window = this_month(s.as_of, self.cloud.timezone)
            cards.append(
                {
                    "label": gettext("Retail MRR"),
                    "value": price_text(s.retail_mrr, cur),
                    "hint": gettext("tax excluded"),
                    "url": holding_url,
                }
            )
            if d.show_costs:
                cards.append(
                    {
                        "label": gettext("Wholesale cost"),
                        "value": price_text(s.wholesale_mrr, cur),
                        "hint": gettext("per month, after discount"),
                        "url": with_query(invoices_url, kind="wholesale"),
                    }
                )
                margin = d.margin if d.margin is not None else Decimal(0)
                cards.append(
                    {
                        "label": gettext("Margin"),
                        "value": price_text(margin, cur),
                        "hint": (
                            format_decimal(d.margin_percent, format="#,##0.0", locale=page_locale())
                            + " %"
                            if d.margin_percent is not None
                            else ""
                        ),
                        "url": reverse("web:usage_report", args=[slug]),
                    }
                )
            cards += [
                {
                    "label": gettext("Active cameras"),
                    "value": count_text(s.active_cameras),
                    "url": holding_url,
                },
                {
                    "label": gettext("New cameras this month"),
                    "value": count_text(s.cameras_added),
                    "url": with_query(cameras_url, **added_query(window)),
                },
                {
                    "label": gettext("Lost cameras this month"),
                    "value": count_text(s.cameras_removed),
                    "url": with_query(cameras_url, **removed_query(window)),
                },
            ]
        overdue_url = with_query(invoices_url, kind="retail", overdue=OVERDUE)
        cards.append(
            {
                "label": gettext("Overdue accounts"),
                "value": count_text(d.overdue_accounts),
                "hint": price_text(d.overdue_amount, cur),
                "url": overdue_url,
            }
        )
        tariffs = [
            {
                "code": t.tariff_code,
                "name": t.tariff_name,
                "url": reverse("web:tariff_detail", args=[slug, t.tariff_code]),
                "cameras": count_text(t.cameras),
                "cameras_url": with_query(cameras_url, tariff=t.tariff_code),
                "retail": price_text(t.retail_mrr, cur),
                "cost": price_text(t.wholesale_mrr, cur),
                "margin": price_text(t.retail_mrr - t.wholesale_mrr, cur),
            }
            for t in d.tariffs
        ]
        overdue = [
            {
                "code": o.code,
                "name": o.name,
                "url": reverse("web:account_detail", args=[slug, o.code]),
                "invoices": count_text(o.invoices),
                "invoices_url": with_query(
                    invoices_url, account=o.code, kind="retail", overdue=OVERDUE
                ),
                "amount": price_text(o.amount, cur),
                "due": date_text(timezone.localtime(o.oldest_due)),
                "days": count_text(o.days),
            }
            for o in d.overdue
        ]
        ctx.update(
            {
                "d": d,
                "cards": cards,
                "tariffs": tariffs,
                "overdue": overdue,
                "more_overdue": d.overdue_accounts - len(d.overdue),
                "overdue_list_url": overdue_url,
                "refresh_url": reverse("web:cloud_dashboard_refresh", args=[slug]),
            }
        )
        return ctx


class CloudDashboardRefreshView(RefreshMixin, CloudMixin, TemplateView):
    action = "dashboard.refresh"
    http_method_names = ["post"]

    def refresh(self) -> None:
        metrics_refresh_cloud(actor=self.actor, cloud=self.cloud)

    def back(self) -> str:
        return reverse("web:cloud_dashboard", args=[self.cloud.slug])


class UsageHistoryView(CloudMixin, TemplateView):
    """Provider staff: a cloud's cameras, camera-days and wholesale revenue per month."""

    action = "dashboard.view"
    # GET reads may come from the read replica (cambill.core.db_router).
    replica_reads = True
    provider_only = True
    template_name = "web/dashboard/usage_history.html"

    def get_title(self) -> Any:
        return gettext("Usage history · %(cloud)s") % {"cloud": self.cloud.name or self.cloud.slug}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        h = cloud_usage_history(actor=self.actor, cloud=self.cloud)
        slug, cur = self.cloud.slug, self.cloud.currency
        invoices_url = reverse("web:invoice_list", args=[slug])
        rows: list[dict[str, Any]] = []
        for m in h.months:
            label = month_label(m.first_day)
            rows.append(
                {
                    "label": label + ("" if m.complete else " " + gettext("(to date)")),
                    "short": label,
                    "m": m,
                    "cameras": count_text(m.cameras),
                    "camera_days": count_text(m.camera_days),
                    "revenue": price_text(m.revenue, cur) if m.revenue is not None else "—",
                    "invoices_url": with_query(invoices_url, kind="wholesale", period=m.period),
                }
            )

        def chart(
            key: str, title: str, values: list[tuple[Any, str]], tick: Any, integer: bool = False
        ) -> Any:
            bars = [
                Bar(
                    r["short"],
                    v,
                    text,
                    muted=not r["m"].complete,
                    axis=month_axis(r["m"].first_day),
                )
                for r, (v, text) in zip(rows, values, strict=True)
            ]
            return {
                "title": title,
                "svg": bar_chart(
                    bars,
                    chart_id=f"{key}-{slug}",
                    title=title,
                    desc=describe(bars),
                    tick=tick,
                    integer=integer,
                ),
            }

        charts = []
        if rows:
            charts = [
                chart(
                    "cameras",
                    gettext("Cameras per month"),
                    [(r["m"].cameras, r["cameras"]) for r in rows],
                    count_tick,
                    integer=True,
                ),
                chart(
                    "camera-days",
                    gettext("Camera-days per month"),
                    [(r["m"].camera_days, r["camera_days"]) for r in rows],
                    count_tick,
                    integer=True,
                ),
                chart(
                    "revenue",
                    gettext("Wholesale revenue per month, %(currency)s") % {"currency": cur},
                    [(r["m"].revenue or 0, r["revenue"]) for r in rows],
                    money_tick(cur),
                ),
            ]
        ctx.update(
            {
                "h": h,
                "rows": rows,
                "charts": charts,
                "refresh_url": reverse("web:cloud_dashboard_refresh", args=[slug]),
            }
        )
        return ctx
