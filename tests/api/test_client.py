"""The typed Python client generated from the OpenAPI schema (clients/python,
``make client``) is up to date and works against a live server."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "clients" / "python"


def _diff(a: Path, b: Path) -> list[str]:
    cmp = filecmp.dircmp(a, b, ignore=["__pycache__"])
    out = [f"only in one: {x}" for x in cmp.left_only + cmp.right_only] + cmp.diff_files
    for name, sub in cmp.subdirs.items():
        out += [f"{name}/{x}" for x in _diff(a / name, b / name)] if sub else []
    return out


def test_committed_client_matches_the_schema(tmp_path, db) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    schema = tmp_path / "openapi.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(schema))
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(schema),
            "--config",
            str(ROOT / "clients" / "openapi-python-client.yaml"),
            "--meta",
            "setup",
            "--output-path",
            str(tmp_path / "client"),
            "--overwrite",
        ],
        check=True,
        capture_output=True,
    )
    assert not _diff(CLIENT, tmp_path / "client"), "run `make client` and commit clients/python"


@pytest.mark.django_db(transaction=True)
def test_client_lists_clouds_and_creates_a_service(world, live_server) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(CLIENT))
    try:
        from cambill_client import AuthenticatedClient
        from cambill_client.api.clouds import clouds_list
        from cambill_client.api.services import services_create
        from cambill_client.models import Error, PaginatedCloudOutList, ServiceInRequest
    finally:
        sys.path.remove(str(CLIENT))

    from cambill.accounts.services import api_token_create
    from cambill.core.access import SYSTEM

    _, secret = api_token_create(actor=SYSTEM, user=world.users["padmin"], name="client")
    client = AuthenticatedClient(base_url=live_server.url, token=secret)

    page = clouds_list.sync(client=client)
    assert isinstance(page, PaginatedCloudOutList)
    assert sorted(c.slug for c in page.results) == ["othercloud", "telenet"]

    bad = clouds_list.sync(client=client, page_size=0)
    assert isinstance(bad, Error)
    assert bad.code == "validation_error"
    assert "page_size" in bad.fields.additional_properties

    body = ServiceInRequest.from_dict(
        {
            "code": "FACE",
            "name": "Face recognition, 1 channel",
            "prices": [{"currency": "USD", "amount": "2.50", "valid_from": "2026-01-01"}],
        }
    )
    made = services_create.sync_detailed(client=client, body=body)
    assert made.status_code == 201, made.content
    assert made.parsed.code == "FACE"
    again = services_create.sync(client=client, body=body)
    assert isinstance(again, Error)
    assert again.code == "duplicate"
