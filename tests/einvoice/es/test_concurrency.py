"""The Verifactu chain never forks: invoices and credit notes of one issuer made at the
same moment on PostgreSQL (invoices and notes take different number series, so only the
chain head's row lock orders them) get consecutive links, each on its predecessor."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection

from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.einvoice.issuing import documents_submit_due
from cambill.einvoice.models import EInvoiceDocument
from cambill.einvoice.services import account_legal_update
from cambill.invoicing.services import credit_note_create, invoice_issue
from tests.scenarios.conftest import account

from ..issuing_helpers import draft
from .helpers import assert_chain_holds, spanish


def nif(n: int) -> str:
    return f"{n:08d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no concurrency to test",
)


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_issues_get_consecutive_links(world: Any, aeat: Any) -> None:
    now = clock.now()
    cloud = spanish(world, now=now)
    # one account each: a payer's row lock (its credit is applied at issue) would
    # otherwise order the verbs before the chain does
    for i in range(6):
        world.accounts[f"race{i}"] = account_legal_update(
            actor=SYSTEM,
            account=account(cloud, f"race{i}"),
            legal_name=f"Race {i} SL",
            country="ES",
            tax_id=nif(12345670 + i),
        )
    issued = [
        invoice_issue(actor=SYSTEM, invoice=draft(world, now=now, percent="21", account=f"race{i}"))
        for i in range(3)
    ]
    drafts = [draft(world, now=now, percent="21", account=f"race{i}") for i in range(3, 6)]
    jobs: list[Any] = [lambda d=d: invoice_issue(actor=SYSTEM, invoice=d) for d in drafts] + [
        lambda inv=inv: credit_note_create(
            actor=SYSTEM,
            invoice=inv,
            reason="Camera offline",
            lines=[{"line": 1, "amount": "10.00"}],
        )
        for inv in issued
    ]
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def body(job: Any) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as e:
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(job,)) for job in jobs]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert errors == []
    documents_submit_due(now=clock.now() + timedelta(hours=1))  # what stepped back
    records = assert_chain_holds(cloud)
    assert len(records) == 9
    assert len({r.previous_huella for r in records}) == 9  # no two links on one predecessor
    assert sorted(r.tipo_factura for r in records) == ["F1"] * 6 + ["R1"] * 3
    docs = EInvoiceDocument.objects.filter(regime="es-verifactu")
    assert sorted(d.status for d in docs) == ["accepted"] * 9, [d.authority_reply for d in docs]


def _value(i: int, now: Any) -> Any:
    from decimal import Decimal as D

    from cambill.einvoice.value import EInvoice, Party, TaxSubtotal

    from .helpers import ISSUER_NIF

    return EInvoice(
        kind="invoice",
        number=f"RACE-{i}",
        issued_at=now,
        time_zone="Europe/Madrid",
        currency="EUR",
        seller=Party(
            name="Telenet Videovigilancia SL", tax_id=ISSUER_NIF, regime_data={"series": "R/"}
        ),
        buyer=Party(name="Consumer"),
        taxes=(TaxSubtotal(category="S", percent=D("21"), taxable=D("100.00"), amount=D("21.00")),),
        net=D("100.00"),
        tax_total=D("21.00"),
        total=D("121.00"),
    )


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_chain_head_lock_alone_keeps_records_consecutive(world: Any, aeat: Any) -> None:
    """Below invoicing's own locks: records prepared at the same moment, each taking its
    time before it is appended, still chain one after the other."""
    import time

    from django.db import transaction

    from cambill.einvoice.protocol import Credentials
    from cambill.einvoice.regimes.es_verifactu import VerifactuAdapter, chain

    now = clock.now()
    cloud = spanish(world, now=now)
    adapter = VerifactuAdapter()
    n = 6
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                value = chain.prepare(cloud, _value(i, now), now=now)
                time.sleep(0.2)  # a slow build: without the lock the others read the same head
                built = adapter.build(value, Credentials(b"", b""))
                doc = EInvoiceDocument.objects.create(
                    cloud=cloud,
                    level="retail",
                    document="invoice",
                    regime="es-verifactu",
                    number=value.number,
                    status="signed",
                    xml=built.xml,
                    unique_code=built.unique_code,
                    extras=dict(built.extras),
                    created_at=now,
                    updated_at=now,
                )
                chain.append(doc, now=now)
        except BaseException as e:
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert errors == []
    records = assert_chain_holds(cloud)
    assert sorted(r.num_serie for r in records) == sorted(f"R/RACE-{i}" for i in range(n))
