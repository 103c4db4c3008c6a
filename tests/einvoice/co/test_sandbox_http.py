"""The product's real DIAN client against the sandbox DIAN served over HTTP on
loopback: DIAN's SOAP protocol end to end, WS-Security included."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from cambill.einvoice.regimes.co_dian import DianAdapter
from cambill.einvoice.regimes.co_dian.client import DianClient, envelope
from cambill_sandbox.einvoice.dian import SandboxDian, serve

from . import factories as f

adapter = DianAdapter()


@pytest.fixture
def dian() -> Iterator[tuple[SandboxDian, DianClient]]:
    sandbox = f.sandbox()
    server = serve(sandbox)
    host, port = server.server_address[:2]
    url = f"http://{host}:{port}/WcfDianCustomerServices.svc"
    try:
        yield sandbox, DianClient(f.credentials(), environment="2", url=url, timeout=10)
    finally:
        server.shutdown()
        server.server_close()


def test_accepted_then_known_by_status(dian) -> None:  # type: ignore[no-untyped-def]
    sandbox, client = dian
    built = adapter.build(f.invoice(), f.credentials())
    reply = client.submit(built.xml)
    assert (reply.status, reply.unique_code, reply.codes) == ("accepted", built.unique_code, ())
    assert adapter.validate(reply.xml) == []  # the ApplicationResponse, decoded
    assert sandbox.received == [built.xml]
    assert client.status(built.unique_code).status == "accepted"
    again = client.submit(built.xml)
    assert (again.status, again.codes) == ("accepted", ("90",))
    assert client.status("0" * 96).status == "pending"


def test_rejected_with_dians_rules(dian) -> None:  # type: ignore[no-untyped-def]
    _, client = dian
    built = adapter.build(f.invoice(), f.credentials(technical_key="1" * 40))
    reply = client.submit(built.xml)
    assert (reply.status, reply.codes) == ("rejected", ("FAD06",))
    assert "CUFE" in reply.message


def test_outage_is_unavailable_and_the_retry_goes_through(dian) -> None:  # type: ignore[no-untyped-def]
    sandbox, client = dian
    sandbox.outage(1)
    built = adapter.build(f.invoice(), f.credentials())
    assert client.submit(built.xml).status == "unavailable"
    assert client.submit(built.xml).status == "accepted"
    assert len(sandbox.received) == 1


def test_a_request_signed_wrong_is_a_soap_fault(dian) -> None:  # type: ignore[no-untyped-def]
    _, client = dian
    body = envelope(
        "GetStatus", [("trackId", "x")], f.credentials(), url=client.url, now=f.ISSUED_AT
    )
    forged = body.replace(client.url.encode(), b"http://elsewhere.example/")
    response = httpx.post(client.url, content=forged, timeout=10)
    assert response.status_code == 500
    assert b"InvalidSecurity" in response.content
