"""The legal data and certificate pages: they render for whoever may open them,
a wrong tax id or regime key is a form error on its field, uploads work."""

from __future__ import annotations

from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cambill.clouds.models import Account, Cloud
from cambill.core.access import SYSTEM
from cambill.einvoice import vault
from cambill.einvoice.models import ProviderProfile, SigningCredential
from cambill.einvoice.services import cloud_legal_update

from .certs import CSD_IN_FORCE, CSD_RFC, CSD_SERIAL, sat_csd

CLOUD_PAGE = "/clouds/telenet/legal/"
ACCOUNT_PAGE = "/clouds/telenet/accounts/acme/legal/"
PROVIDER_PAGE = "/provider/legal/"
CREDS_PAGE = "/clouds/telenet/einvoice/credentials/"
PROVIDER_CREDS = "/provider/einvoice/credentials/"

MX_FORM = {
    "legal_name": "ESCUELA KEMPER URGATE SA DE CV",
    "tax_id": CSD_RFC,
    "street": "Av. Reforma 1",
    "city": "Ciudad de México",
    "region": "CMX",
    "postal_code": "42501",
    "country": "MX",
    "regime": "mx-cfdi40",
    "mx_tax_regime": "601",
    "mx_series": "A",
    "mx_pac": "sandbox",
    "mx_pac_password": "pac-secret",
    "mx_cfdi_use": "G03",
}


def login(world: Any, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def test_pages_render_for_who_may_open_them(world: Any) -> None:
    pages = {
        "cadmin": [CLOUD_PAGE, ACCOUNT_PAGE, CREDS_PAGE],
        "padmin": [CLOUD_PAGE, ACCOUNT_PAGE, CREDS_PAGE, PROVIDER_PAGE, PROVIDER_CREDS],
        "paccountant": [PROVIDER_PAGE],
        "amanager": [ACCOUNT_PAGE],
        "subscriber": [ACCOUNT_PAGE],
    }
    from tests.web.test_html import check_page

    for user, urls in pages.items():
        client = login(world, user)
        for url in urls:
            resp = client.get(url)
            assert resp.status_code == 200, (user, url, resp.status_code)
            check_page(url, resp.content.decode())  # self-contained: no inline script or style
    refused = {
        "amanager": [CREDS_PAGE, PROVIDER_PAGE],
        "subscriber": [CLOUD_PAGE, CREDS_PAGE, PROVIDER_CREDS],
        "cadmin": [PROVIDER_PAGE, PROVIDER_CREDS],
        "amanager2": [ACCOUNT_PAGE],
        "otheradmin": [CLOUD_PAGE, CREDS_PAGE],
    }
    for user, urls in refused.items():
        client = login(world, user)
        for url in urls:
            assert client.get(url).status_code in (403, 404), (user, url)


def test_the_cloud_admin_saves_the_form_and_the_secret_is_kept_encrypted(world: Any) -> None:
    client = login(world, "cadmin")
    resp = client.post(CLOUD_PAGE, MX_FORM)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    cloud = Cloud.objects.get(slug="telenet")
    assert (cloud.tax_id, cloud.country, cloud.postal_code) == (CSD_RFC, "MX", "42501")
    assert cloud.einvoice == {
        "regime": "mx-cfdi40",
        "tax_regime": "601",
        "series": "A",
        "pac": "sandbox",
        "pac_username": "",
        "cfdi_use": "G03",
    }
    assert vault.decrypt_json(cloud.einvoice_secrets) == {"pac_password": "pac-secret"}
    page = client.get(CLOUD_PAGE).content.decode()
    assert "pac-secret" not in page and "pac_password" in page  # named, never shown
    # saved again without typing the password: it stays
    assert client.post(CLOUD_PAGE, {**MX_FORM, "mx_pac_password": ""}).status_code == 302
    cloud.refresh_from_db()
    assert vault.decrypt_json(cloud.einvoice_secrets) == {"pac_password": "pac-secret"}


def test_a_wrong_rfc_and_a_wrong_regime_key_are_errors_on_their_fields(world: Any) -> None:
    client = login(world, "cadmin")
    resp = client.post(CLOUD_PAGE, {**MX_FORM, "tax_id": "EKU9003173C8"})
    assert resp.status_code == 200
    assert "This is not a valid RFC for MX." in resp.context["form"].errors["tax_id"]
    resp = client.post(
        CLOUD_PAGE, {**MX_FORM, "regime": "co-dian", "country": "CO", "tax_id": "900373076-5"}
    )
    errors = resp.context["form"].errors
    assert "tax_id" in errors
    resp = client.post(
        CLOUD_PAGE,
        {
            **MX_FORM,
            "regime": "co-dian",
            "country": "CO",
            "tax_id": "900373076-4",
            "co_software_id": "not-a-uuid",
            "co_environment": "2",
            "co_resolution_number": "1876",
            "co_resolution_range_from": "10",
            "co_resolution_range_to": "5",
        },
    )
    errors = resp.context["form"].errors
    # Each error on its field, and no banner: the summary names no field of its own.
    assert set(errors) == {"co_software_id", "co_resolution_range_to"}, errors
    assert Cloud.objects.get(slug="telenet").country == ""  # nothing saved


def test_readers_see_the_account_form_read_only_and_cannot_post(world: Any) -> None:
    acme = Account.objects.get(code="acme")
    assert acme.legal_name == ""
    client = login(world, "subscriber")
    resp = client.get(ACCOUNT_PAGE)
    assert resp.context["can_edit"] is False
    assert all(f.disabled for f in resp.context["form"].fields.values())
    assert "btn btn-primary" not in resp.content.decode()  # no Save button
    assert login(world, "cadmin").get(ACCOUNT_PAGE).context["can_edit"] is True
    resp = client.post(ACCOUNT_PAGE, {"legal_name": "X", "regime": "none"})
    assert resp.status_code in (403, 404)
    acme.refresh_from_db()
    assert acme.legal_name == ""
    resp = login(world, "cadmin").post(
        ACCOUNT_PAGE,
        {
            "legal_name": "Acme Logistics SA",
            "tax_id": "XAXX010101000",
            "country": "MX",
            "postal_code": "42501",
            "regime": "mx-cfdi40",
            "mx_tax_regime": "616",
            "mx_cfdi_use": "S01",
        },
    )
    assert resp.status_code == 302
    acme.refresh_from_db()
    assert acme.einvoice == {"regime": "mx-cfdi40", "tax_regime": "616", "cfdi_use": "S01"}


def test_the_provider_admin_edits_the_provider_page(world: Any) -> None:
    resp = login(world, "padmin").post(
        PROVIDER_PAGE,
        {
            "name": "cambill Platform Ltd.",
            "email": "billing@cambill.test",
            "legal_name": "Cambill Platform SA de CV",
            "tax_id": CSD_RFC,
            "country": "MX",
            "postal_code": "42501",
            "regime": "mx-cfdi40",
            "mx_tax_regime": "601",
            "mx_pac": "sandbox",
        },
    )
    assert resp.status_code == 302
    profile = ProviderProfile.objects.get()
    assert (profile.legal_name, profile.einvoice["pac"]) == ("Cambill Platform SA de CV", "sandbox")
    assert login(world, "paccountant").post(PROVIDER_PAGE, {"name": "X"}).status_code == 403


@time_machine.travel(CSD_IN_FORCE, tick=False)
def test_the_cloud_admin_uploads_the_csd_on_the_page_and_sees_its_expiry(world: Any) -> None:
    cloud_legal_update(
        actor=SYSTEM,
        cloud=Cloud.objects.get(slug="telenet"),
        country="MX",
        tax_id=CSD_RFC,
        einvoice={"regime": "mx-cfdi40", "tax_regime": "601", "pac": "finkok"},
    )
    cer, key, password = sat_csd()
    client = login(world, "cadmin")
    resp = client.post(
        CREDS_PAGE,
        {
            "certificate": SimpleUploadedFile("csd.cer", cer),
            "private_key": SimpleUploadedFile("csd.key", key),
            "password": "wrong",
        },
    )
    assert resp.status_code == 400
    assert resp.context["form"].errors["password"]
    resp = client.post(
        CREDS_PAGE,
        {
            "certificate": SimpleUploadedFile("csd.cer", cer),
            "private_key": SimpleUploadedFile("csd.key", key),
            "password": password,
        },
    )
    assert resp.status_code == 302
    page = client.get(CREDS_PAGE).content.decode()
    assert CSD_SERIAL in page and CSD_RFC in page
    assert "PRIVATE KEY" not in page
    cred = SigningCredential.objects.get()
    assert client.post(f"{CREDS_PAGE}{cred.pk}/delete/").status_code == 302
    assert not SigningCredential.objects.exists()
