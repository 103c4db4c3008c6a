"""Branding through the API: ``clouds/{slug}/branding/`` and ``provider/branding/``,
who may read and edit it, the checks on colours and logos, and its audit rows."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cambill.branding.models import Branding
from cambill.core.models import AuditEntry
from tests.api.helpers import bearer, err, unchanged

CLOUD = "/api/v1/clouds/telenet/branding/"
LOGO = "/api/v1/clouds/telenet/branding/logo/"
PROVIDER = "/api/v1/provider/branding/"
PROVIDER_LOGO = "/api/v1/provider/branding/logo/"

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    b'<rect width="120" height="40" fill="#0b5d3b"/></svg>'
)


def png(width: int = 8, height: int = 8) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 90, 60)).save(out, format="PNG")
    return out.getvalue()


def upload(client: Any, url: str, data: bytes, name: str = "logo.svg") -> Any:
    return client.post(url, {"logo": SimpleUploadedFile(name, data)}, format="multipart")


def test_cloud_admin_sets_colours_and_texts_and_reads_legal_data_from_the_cloud(
    world: Any,
) -> None:
    body = {
        "primary_color": "#0B5D3B",
        "accent_color": "#1a7f52",
        "bank_details": "IBAN CO12 3456\nBIC TELECOBB",
        "footer_text": "Telenet S.A.S. · soporte@telenet.example",
        "invoice_note": "Thank you for watching with Telenet.",
    }
    resp = bearer("cadmin").patch(CLOUD, body, format="json")
    assert resp.status_code == 200, resp.json()
    out = resp.json()
    assert out["primary_color"] == "#0b5d3b"
    assert out["bank_details"] == "IBAN CO12 3456\nBIC TELECOBB"
    assert out["logo"] is None
    assert out["legal"]["legal_name"] == "Telenet"  # the cloud's name: no legal name set
    entry = AuditEntry.objects.get(verb="branding_update")
    assert entry.cloud_id == world.clouds["telenet"].pk
    assert entry.after is not None and entry.after["accent_color"] == "#1a7f52"
    assert bearer("caccountant").get(CLOUD).json() == out


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("primary_color", "red", "bad_colour"),
        ("primary_color", "#12345", "bad_colour"),
        ("accent_color", "#ggg000", "bad_colour"),
        ("primary_color", "#ffff00", "low_contrast"),
        ("accent_color", "#f0f0f0", "low_contrast"),
    ],
)
def test_a_bad_colour_is_a_400_with_its_code_and_nothing_changes(
    world: Any, field: str, value: str, code: str
) -> None:
    client = bearer("cadmin")
    with unchanged():
        resp = client.patch(CLOUD, {field: value}, format="json")
    assert list(err(resp, 400, code)["fields"]) == [field]


def test_a_logo_upload_is_stored_and_audited_by_its_digest(world: Any) -> None:
    resp = upload(bearer("cadmin"), LOGO, SVG)
    assert resp.status_code == 200, resp.json()
    logo = resp.json()["logo"]
    assert logo["content_type"] == "image/svg+xml"
    assert logo["size"] == len(SVG)
    row = Branding.objects.get(cloud=world.clouds["telenet"])
    assert bytes(row.logo) == SVG
    entry = AuditEntry.objects.get(verb="branding_logo_set")
    assert entry.after is not None and entry.after["logo_digest"] == logo["digest"]
    assert "logo" not in entry.after
    resp = upload(bearer("cadmin"), LOGO, png(), "logo.png")
    assert resp.json()["logo"]["content_type"] == "image/png"
    resp = bearer("cadmin").delete(LOGO)
    assert resp.status_code == 200 and resp.json()["logo"] is None


SCRIPTED = [
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
    b'<a x:href="javascript:alert(1)"><rect/></a></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://evil/x.css);</style></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://evil/x.png"/></svg>',
]


@pytest.mark.parametrize("svg", SCRIPTED)
def test_an_svg_with_anything_active_is_refused_as_unsafe(world: Any, svg: bytes) -> None:
    client = bearer("cadmin")
    with unchanged():
        resp = upload(client, LOGO, svg)
    assert list(err(resp, 400, "logo_unsafe")["fields"]) == ["logo"]


def test_a_too_big_or_unreadable_logo_is_refused_with_its_code(world: Any) -> None:
    big = SVG[:-6] + b"<!--" + b"x" * (256 * 1024) + b"--></svg>"
    client = bearer("cadmin")
    with unchanged():
        err(upload(client, LOGO, big), 413, "logo_too_large")
        err(upload(client, LOGO, b"GIF89a....", "logo.gif"), 400, "logo_unreadable")
        err(upload(client, LOGO, b"\x89PNG\r\n\x1a\nbroken", "x.png"), 400, "logo_unreadable")
        err(upload(client, LOGO, png(4001, 10), "wide.png"), 413, "logo_too_large")


def test_who_may_read_and_edit_a_clouds_branding(world: Any) -> None:
    acc, am, other, sub = (
        bearer(n) for n in ("caccountant", "amanager", "otheradmin", "subscriber")
    )
    with unchanged():
        err(acc.patch(CLOUD, {"footer_text": "x"}, format="json"), 403, "forbidden")
        err(am.patch(CLOUD, {"footer_text": "x"}, format="json"), 403, "forbidden")
        err(other.get(CLOUD), 404, "not_found")
        err(other.patch(CLOUD, {"footer_text": "x"}, format="json"), 404, "not_found")
        assert sub.get(CLOUD).status_code in (403, 404)
        err(upload(acc, LOGO, SVG), 403, "forbidden")
    resp = bearer("padmin").patch(CLOUD, {"footer_text": "set by the provider"}, format="json")
    assert resp.status_code == 200
    assert bearer("pmanager").get(CLOUD).json()["footer_text"] == "set by the provider"


def test_provider_admin_edits_the_providers_branding_and_legal_data_is_read(world: Any) -> None:
    resp = bearer("padmin").patch(
        PROVIDER, {"bank_details": "IBAN GB33 BUKB 2020 1555 5555 55"}, format="json"
    )
    assert resp.status_code == 200, resp.json()
    assert resp.json()["legal"]["legal_name"]
    assert upload(bearer("padmin"), PROVIDER_LOGO, SVG).status_code == 200
    assert Branding.objects.get(is_provider=True).logo_type == "image/svg+xml"
    assert bearer("paccountant").get(PROVIDER).json()["bank_details"].startswith("IBAN GB33")
    pacc, cadmin = bearer("paccountant"), bearer("cadmin")
    with unchanged():
        err(pacc.patch(PROVIDER, {"footer_text": "x"}, format="json"), 403, "forbidden")
        err(cadmin.patch(PROVIDER, {"footer_text": "x"}, format="json"), 403, "forbidden")
        err(cadmin.get(PROVIDER), 403, "forbidden")
