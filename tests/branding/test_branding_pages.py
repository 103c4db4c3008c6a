"""The branding pages and the portal: the cloud admin edits its cloud's branding
(a bad colour or an SVG with a script is a form error on its field), the provider
admin the provider's; a cloud's users see its logo and colours in the page frame."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cambill.branding.models import Branding
from cambill.branding.services import branding_logo_set, branding_update
from cambill.core.access import SYSTEM
from cambill.core.models import AuditEntry

from .test_branding_api import SVG

PAGE = "/clouds/telenet/branding/"
PROVIDER_PAGE = "/provider/branding/"


def login(world: Any, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


FORM = {
    "primary_color": "#0b5d3b",
    "accent_color": "#1a7f52",
    "bank_details": "Bancolombia 123",
    "invoice_note": "Gracias.",
    "footer_text": "Telenet",
}


def test_cloud_admin_saves_colours_texts_and_a_logo_on_the_page(world: Any) -> None:
    client = login(world, "cadmin")
    assert client.get(PAGE).status_code == 200
    resp = client.post(PAGE, {**FORM, "logo": SimpleUploadedFile("l.svg", SVG)})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    row = Branding.objects.get(cloud=world.clouds["telenet"])
    assert (row.primary_color, row.bank_details, bytes(row.logo)) == (
        "#0b5d3b",
        "Bancolombia 123",
        SVG,
    )
    assert AuditEntry.objects.filter(verb__in=["branding_update", "branding_logo_set"]).count() == 2
    page = client.get(PAGE).content.decode()
    assert "data:image/svg+xml;base64," in page
    client.post(PAGE, {**FORM, "remove_logo": "on"})
    row.refresh_from_db()
    assert row.logo is None


def test_a_bad_colour_and_an_unsafe_logo_are_errors_on_their_fields(world: Any) -> None:
    client = login(world, "cadmin")
    resp = client.post(PAGE, {**FORM, "primary_color": "#ffff00"})
    assert resp.status_code == 200
    assert resp.context["form"].errors["primary_color"]
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    resp = client.post(PAGE, {**FORM, "logo": SimpleUploadedFile("x.svg", svg)})
    assert resp.status_code == 200 and resp.context["form"].errors["logo"]
    assert not Branding.objects.exists()  # nothing half-written


def test_readers_see_the_page_read_only_and_others_cannot_post(world: Any) -> None:
    resp = login(world, "caccountant").get(PAGE)
    assert resp.status_code == 200 and not resp.context["can_edit"]
    assert login(world, "caccountant").post(PAGE, FORM).status_code == 403
    assert login(world, "otheradmin").get(PAGE).status_code == 404
    assert not Branding.objects.exists()


def test_provider_admin_edits_the_providers_branding_page(world: Any) -> None:
    client = login(world, "padmin")
    assert client.get(PROVIDER_PAGE).status_code == 200
    resp = client.post(PROVIDER_PAGE, {**FORM, "bank_details": "IBAN GB33"})
    assert resp.status_code == 302
    assert Branding.objects.get(is_provider=True).bank_details == "IBAN GB33"
    assert login(world, "paccountant").post(PROVIDER_PAGE, FORM).status_code == 403
    assert login(world, "cadmin").get(PROVIDER_PAGE).status_code == 403


def test_the_portal_shows_the_clouds_logo_and_colours(world: Any) -> None:
    cloud = world.clouds["telenet"]
    branding_update(actor=SYSTEM, cloud=cloud, primary_color="#0b5d3b")
    branding_logo_set(actor=SYSTEM, cloud=cloud, data=SVG)
    client = login(world, "subscriber")
    page = client.get("/").content.decode()
    if "brand-logo" not in page:  # the home redirects to the subscriber's own page
        page = client.get(client.get("/").url).content.decode()
    assert 'class="brand-logo" src="/branding/logo?v=' in page
    assert 'href="/branding/theme.css?v=' in page
    assert "> cambill<" not in page
    logo = client.get("/branding/logo")
    assert logo.status_code == 200 and logo["Content-Type"] == "image/svg+xml"
    assert logo.content == SVG and "default-src 'none'" in logo["Content-Security-Policy"]
    css = client.get("/branding/theme.css").content.decode()
    assert "--primary: #0b5d3b;" in css
    # provider staff keep the product's frame; nobody reads a logo signed out
    assert "> cambill<" in login(world, "padmin").get("/provider/branding/").content.decode()
    assert login(world, "padmin").get("/branding/logo").status_code == 404
    assert Client().get("/branding/logo").status_code in (302, 404)
