"""CSV and XLSX downloads of every list page: all filtered rows in the page's
order, plain values (numbers, ISO times, a currency column), the headers in the
user's language, the page's scope, and no spreadsheet formula injection."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from cambill.web.core.pages import ListPage
from tests.conftest import utc
from tests.invoicing.conftest import add_cameras
from tests.invoicing.helpers import bill

pytestmark = pytest.mark.django_db
T = "/clouds/telenet"
NOW = utc(2026, 4, 5, 12)

# Who opens each page in the walk: the first of these the page lets in.
CANDIDATES = ("cadmin", "padmin", "caccountant", "amanager", "agent", "subscriber")
URL_VALUES = {"slug": "telenet", "pk": 1}  # pk: the bill run, replaced by the real one
# Pages the fixture gives rows to; a page added later is walked too (an empty
# list still has to download as a header row), but ought to join this list.
HAS_ROWS = {
    "web:service_list",
    "web:provider_tariff_list",
    "web:cloud_list",
    "web:staff_list",
    "web:audit_list",
    "web:tariff_list",
    "web:account_list",
    "web:camera_list",
    "web:agent_list",
    "web:user_list",
    "web:invoice_list",
    "web:bill_run_list",
    "web:bill_run_detail",
    "web:usage_events",
    "web:usage_unmatched",
    "web:provider_camera_list",
    "web:provider_invoice_list",
}


@pytest.fixture(autouse=True)
def _english_afterwards() -> Any:
    """A request in Spanish leaves Spanish active in this thread."""
    yield
    from django.utils import translation

    translation.activate("en")


@pytest.fixture
def data(world: Any) -> Any:
    """The worked example's cameras, March 2026 billed (3 invoices, 1 run), and
    two usage events of telenet (one of an unknown camera)."""
    from cambill.core.access import SYSTEM
    from cambill.usage.services import events_ingest, meter_create

    with time_machine.travel(NOW, tick=False):
        add_cameras(world)
        bill(world.clouds["telenet"], "2026-03", NOW)
        meter_create(
            actor=SYSTEM,
            code="rec_seconds",
            name="Recorded",
            unit="s",
            event_type="recording.stats",
            value_path="seconds",
            aggregation="sum",
        )
        events = [
            {
                "specversion": "1.0",
                "id": str(i),
                "source": "watcher-1",
                "type": "recording.stats",
                "subject": subject,
                "time": "2026-04-02T10:00:00Z",
                "data": {"seconds": 60},
            }
            for i, subject in enumerate(["A", "unknown-cam"])
        ]
        events_ingest(actor=SYSTEM, cloud=world.clouds["telenet"], events=events, now=NOW)
        yield world


def web(world: Any, name: str, language: str | None = None) -> Client:
    c = Client()
    c.force_login(world.users[name])
    if language:
        c.cookies["django_language"] = language
    return c


def download(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def csv_rows(response: Any) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads UTF-8 only with the BOM
    return list(csv.reader(io.StringIO(body[1:])))


def xlsx_rows(response: Any) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    return list(wb.active.iter_rows(values_only=True))


def xlsx_cells(response: Any) -> list[Any]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(response.content))
    return [cell for row in wb.active.iter_rows() for cell in row]


def with_query(url: str, query: str) -> str:
    return url + ("&" if "?" in url else "?") + query


# --- every list page ------------------------------------------------------------


def list_pages() -> list[tuple[str, str]]:
    """``(name, url)`` of every ListPage mounted in the URLconf, found by walking
    the resolvers (so a page added later is covered without touching this test)."""
    from django.urls import reverse

    found: list[tuple[str, str]] = []

    def walk(patterns: Any, namespace: str, converters: dict[str, Any]) -> None:
        for p in patterns:
            conv = {**converters, **getattr(p.pattern, "converters", {})}
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, conv)
            elif isinstance(p, URLPattern):
                view = getattr(p.callback, "view_class", None)
                if view is not None and issubclass(view, ListPage) and p.name:
                    missing = set(conv) - set(URL_VALUES)
                    assert not missing, f"{p.name}: give URL_VALUES a value for {missing}"
                    kwargs = {k: URL_VALUES[k] for k in conv}
                    name = f"{namespace}{p.name}"
                    found.append((name, reverse(name, kwargs=kwargs)))

    walk(get_resolver().url_patterns, "", {})
    return sorted(set(found))


def test_the_walk_finds_the_list_pages() -> None:
    names = {name for name, _ in list_pages()}
    assert names >= HAS_ROWS, HAS_ROWS - names


def test_every_list_page_downloads_every_filtered_row_as_csv_and_xlsx(data: Any) -> None:
    from django.urls import reverse

    from cambill.invoicing.models import BillRun

    for name, url in list_pages():
        if name == "web:bill_run_detail":
            url = reverse(name, kwargs={"slug": "telenet", "pk": BillRun.objects.get().pk})
        for who in CANDIDATES:
            client = web(data, who)
            page = client.get(url)
            if page.status_code == 200:
                break
        else:
            pytest.fail(f"{name}: no role of the world opens {url}")
        table = page.context["table"]
        expected = table.paginator.count if getattr(table, "paginator", None) else len(table.rows)
        if name in HAS_ROWS:
            assert expected > 0, f"{name}: the fixture gives it no rows"
        html = page.content.decode()
        assert "_export=csv" in html and "_export=xlsx" in html, f"{name}: no export buttons"

        got_csv = download(client, with_query(url, "_export=csv"))
        disposition = got_csv["Content-Disposition"]
        assert disposition.startswith("attachment; filename=") and disposition.endswith('.csv"')
        rows = csv_rows(got_csv)
        header, body = rows[0], rows[1:]
        assert len(body) == expected, (name, who, len(body), expected)
        assert all(h for h in header), (name, header)
        for row in body:
            assert len(row) == len(header)
            for cell in row:
                assert "<" not in cell and "&lt;" not in cell and "&amp;" not in cell, (name, cell)

        got_xlsx = download(client, with_query(url, "_export=xlsx"))
        assert got_xlsx["Content-Disposition"].endswith('.xlsx"')
        sheet = xlsx_rows(got_xlsx)
        assert list(sheet[0]) == header, name
        assert len(sheet) - 1 == expected, (name, who)


# --- what a download holds -----------------------------------------------------------


def test_invoices_export_numbers_currency_iso_times_and_keeps_filter_and_sort(data: Any) -> None:
    from cambill.core.access import SYSTEM
    from cambill.invoicing.models import Invoice
    from cambill.invoicing.services import invoice_issue

    with time_machine.travel(utc(2026, 4, 6, 15, 30, 5), tick=False):
        invoice_issue(actor=SYSTEM, invoice=Invoice.objects.get(account__code="acme"))
    c = web(data, "cadmin")
    url = f"{T}/invoices/?kind=retail&sort=-total&page=1"
    rows = csv_rows(download(c, with_query(url, "_export=csv")))
    header = rows[0]
    assert header == [
        "Number",
        "Kind",
        "Period",
        "Account",
        "Customer",
        "Status",
        "Total",
        "Issued",
        "Due",
        "Currency",
    ]
    assert rows[1:] == [
        [
            "TELENET-2026-000001",
            "Retail (cloud to subscriber)",
            "2026-03",
            "acme",
            "ACME Logistics",
            "Issued",
            "25.91",
            "2026-04-06T10:30:05-05:00",  # the cloud's zone (Bogota)
            "2026-04-21T10:30:05-05:00",  # 15 days later
            "USD",
        ],
        [
            f"draft #{Invoice.objects.get(account__code='beta').pk}",
            "Retail (cloud to subscriber)",
            "2026-03",
            "beta",
            "Beta Shops",
            "Draft",
            "3.57",
            "",
            "",
            "USD",
        ],
    ]
    sheet = xlsx_rows(download(c, with_query(url, "_export=xlsx")))
    assert list(sheet[0]) == header
    acme = sheet[1]
    assert acme[6] == 25.91 and isinstance(acme[6], float | int)  # a number, not text
    assert acme[7] == "2026-04-06T10:30:05-05:00" and acme[9] == "USD"
    assert [r[3] for r in sheet[1:]] == ["acme", "beta"]
    # Sorted the other way round, the other order.
    rows = csv_rows(download(c, f"{T}/invoices/?kind=retail&sort=total&_export=csv"))
    assert [r[3] for r in rows[1:]] == ["beta", "acme"]


def test_the_download_holds_every_page_not_only_the_one_shown(data: Any) -> None:
    from tests.invoicing.conftest import many_accounts

    with time_machine.travel(NOW, tick=False):
        many_accounts(data, 30)
    c = web(data, "cadmin")
    page = c.get(f"{T}/accounts/?page=2")
    assert page.context["table"].paginator.num_pages == 2
    rows = csv_rows(download(c, f"{T}/accounts/?page=2&_export=csv"))
    assert len(rows) - 1 == 32
    assert [r[0] for r in rows[1:4]] == ["acc000", "acc001", "acc002"]
    # Counts stay numbers; an empty time stays empty.
    acme = next(r for r in rows if r[0] == "acme")
    # People and agents by name (the world's amanager has none: its login stands in).
    assert acme == ["acme", "ACME Logistics", "Active", "amanager", "Agent One", "3", ""]
    sheet = xlsx_rows(download(c, f"{T}/accounts/?_export=xlsx&sort=-cameras"))
    assert sheet[1][0] == "acme" and sheet[1][5] == 3


def test_export_buttons_keep_the_filters_and_sort_and_drop_the_page(data: Any) -> None:
    c = web(data, "cadmin")
    html = c.get(f"{T}/invoices/?kind=retail&sort=-total&page=1").content.decode()
    assert 'href="?kind=retail&amp;sort=-total&amp;_export=csv"' in html
    assert 'href="?kind=retail&amp;sort=-total&amp;_export=xlsx"' in html
    assert "Export CSV" in html and "Export Excel (XLSX)" in html
    # The htmx results of a filter change carry buttons for that filter.
    part = c.get(
        f"{T}/invoices/?kind=wholesale", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-results"
    ).content.decode()
    assert "<html" not in part and 'href="?kind=wholesale&amp;_export=csv"' in part
    # Links to files are not swapped into the page by htmx.
    assert 'class="export-links" aria-label="Download this list" hx-boost="false"' in part


def test_headers_and_labels_in_the_users_language(data: Any) -> None:
    c = web(data, "cadmin", language="es")
    rows = csv_rows(download(c, f"{T}/tariffs/?_export=csv"))
    assert rows[0][:4] == ["Código", "Nombre", "Precio mensual", "Moneda"]
    # Labels are translated, numbers are not localised ("." stays the decimal point).
    home3 = next(r for r in rows if r[0] == "HOME3")
    assert home3[2] == "3.00" and home3[3] == "USD"
    sheet = xlsx_rows(download(c, f"{T}/accounts/?_export=xlsx"))
    assert sheet[0][:3] == ("Código", "Nombre", "Estado") and sheet[1][2] == "Activo"


# --- scope ---------------------------------------------------------------------


def test_exports_never_hold_another_clouds_or_accounts_rows(data: Any) -> None:
    from cambill.clouds.services import camera_create
    from cambill.core.access import SYSTEM

    other = data.clouds["othercloud"]
    with time_machine.travel(NOW, tick=False):
        camera_create(
            actor=SYSTEM,
            cloud=other,
            code="cam-gamma",
            account=data.accounts["gamma"],
            tariff="HOME3",
            at=utc(2026, 3, 1),
        )
    cadmin = web(data, "cadmin")
    for path in ("accounts", "cameras", "users", "tariffs", "invoices", "agents"):
        for fmt in ("csv", "xlsx"):
            r = download(cadmin, f"{T}/{path}/?_export={fmt}")
            text = (
                "\n".join(",".join(row) for row in csv_rows(r))
                if fmt == "csv"
                else "\n".join(str(row) for row in xlsx_rows(r))
            )
            for foreign in ("gamma", "Gamma SL", "cam-gamma", "otheradmin", "Other home"):
                assert foreign not in text, (path, fmt, foreign)
    # A foreign cloud's list is a 404, export or not.
    for who in ("otheradmin", "pmanager2"):
        r = web(data, who).get(f"{T}/accounts/?_export=csv")
        assert r.status_code == 404, who
    # An account manager downloads its own accounts only, a provider manager its clouds.
    rows = csv_rows(download(web(data, "amanager"), f"{T}/accounts/?_export=csv"))
    assert [r[0] for r in rows[1:]] == ["acme"]
    rows = csv_rows(download(web(data, "amanager"), f"{T}/cameras/?_export=csv"))
    assert sorted(r[0] for r in rows[1:]) == ["A", "B", "C"]
    rows = csv_rows(download(web(data, "pmanager"), "/clouds/?_export=csv"))
    assert [r[0] for r in rows[1:]] == ["telenet"]
    # A role that may not open the list may not download it either.
    assert web(data, "agent").get(f"{T}/invoices/?_export=csv").status_code == 403


# --- formula injection, bounds, bad input ----------------------------------------------


def test_cells_that_a_spreadsheet_would_run_are_neutralised(data: Any) -> None:
    from cambill.clouds.services import account_create, camera_create
    from cambill.core.access import SYSTEM

    t = data.clouds["telenet"]
    evil = {
        "eq": '=HYPERLINK("http://evil.test","x")',
        "plus": "+1+2",
        "minus": "-2+3",
        "at": "@SUM(A1:A9)",
    }
    with time_machine.travel(NOW, tick=False):
        for code, name in evil.items():
            acc = account_create(actor=SYSTEM, cloud=t, code=code, name=name)
        camera_create(
            actor=SYSTEM, cloud=t, code="cam-x", title="=1+1", account=acc, tariff="HOME3", at=NOW
        )
    c = web(data, "cadmin")
    rows = {r[0]: r for r in csv_rows(download(c, f"{T}/accounts/?_export=csv"))[1:]}
    for code, name in evil.items():
        assert rows[code][1] == "'" + name, code
    assert rows["acme"][1] == "ACME Logistics"
    cam = next(r for r in csv_rows(download(c, f"{T}/cameras/?_export=csv")) if r[0] == "cam-x")
    assert cam[1] == "'=1+1"
    cells = xlsx_cells(download(c, f"{T}/accounts/?_export=xlsx"))
    assert not [cell for cell in cells if cell.data_type == "f"]
    names = {cell.value for cell in cells if cell.column == 2}
    assert {"'" + name for name in evil.values()} <= names


def test_plain_values_keep_numbers_and_neutralise_text() -> None:
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from cambill.core.tabular import csv_text, plain

    assert plain(Decimal("-1.03")) == Decimal("-1.03")  # a negative amount stays a number
    assert plain("-1.03") == "'-1.03"
    assert plain("\tx") == "'\tx" and plain("a=b") == "a=b"
    when = datetime(2026, 3, 1, 5, 0, 0, 123, tzinfo=ZoneInfo("UTC"))
    assert plain(when, ZoneInfo("America/Bogota")) == "2026-03-01T00:00:00-05:00"
    assert plain(date(2026, 3, 1)) == "2026-03-01"
    assert csv_text(["a", "b"], [[Decimal("1E+2"), None]]) == "a,b\r\n100,\r\n"


@override_settings(CAMBILL_EXPORT_XLSX_MAX_ROWS=2)
def test_a_too_big_xlsx_is_refused_with_advice_and_csv_still_works(data: Any) -> None:
    c = web(data, "cadmin")
    r = c.get(f"{T}/cameras/?_export=xlsx")
    assert r.status_code == 400
    assert b"4 rows" in r.content and b"export CSV" in r.content
    assert len(csv_rows(download(c, f"{T}/cameras/?_export=csv"))) == 5
    # Filtered down to the bound, the XLSX is fine.
    beta = data.accounts["beta"].pk
    assert len(xlsx_rows(download(c, f"{T}/cameras/?account={beta}&_export=xlsx"))) == 2


def test_an_unknown_format_is_a_clear_400(data: Any) -> None:
    r = web(data, "cadmin").get(f"{T}/accounts/?_export=pdf")
    assert r.status_code == 400 and b"Unknown export format" in r.content
