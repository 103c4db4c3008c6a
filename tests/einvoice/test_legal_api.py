"""Legal data through the API: ``clouds/{slug}/legal/``, ``accounts/{code}/legal/``
and ``provider/legal/``; who may read and edit them; the invoice snapshots."""

from __future__ import annotations

from typing import Any

import pytest

from cambill.clouds.models import Account, Cloud
from cambill.core.models import AuditEntry
from cambill.einvoice import vault
from cambill.einvoice.models import ProviderProfile
from tests.api.helpers import bearer, err, unchanged

from .test_legal import CO_ISSUER, MX_ISSUER

CLOUD = "/api/v1/clouds/telenet/legal/"
ACCOUNT = "/api/v1/clouds/telenet/accounts/acme/legal/"
PROVIDER = "/api/v1/provider/legal/"

MX_CLOUD = {
    "legal_name": "ESCUELA KEMPER URGATE SA DE CV",
    "tax_id": "EKU9003173C9",
    "street": "Av. Reforma 1",
    "city": "Ciudad de México",
    "region": "CMX",
    "postal_code": "42501",
    "country": "MX",
    "einvoice": {**MX_ISSUER, "pac_password": "pac-secret", "cfdi_use": "G03"},
}


def test_cloud_admin_sets_its_clouds_legal_data_and_never_reads_a_secret_back(world: Any) -> None:
    resp = bearer("cadmin").patch(CLOUD, MX_CLOUD, format="json")
    assert resp.status_code == 200, resp.json()
    body = resp.json()
    assert body["tax_id"] == "EKU9003173C9"
    assert body["einvoice"] == {
        "regime": "mx-cfdi40",
        "tax_regime": "601",
        "series": "A",
        "pac": "sandbox",
        "pac_username": "",
        "cfdi_use": "G03",
    }
    assert body["secrets_set"] == ["pac_password"]
    assert "pac-secret" not in resp.content.decode()
    cloud = Cloud.objects.get(slug="telenet")
    assert "pac-secret" not in cloud.einvoice_secrets  # encrypted
    assert vault.decrypt_json(cloud.einvoice_secrets) == {"pac_password": "pac-secret"}
    entry = AuditEntry.objects.filter(verb="cloud_legal_update").get()
    assert entry.after is not None
    assert entry.after["secrets_changed"] == ["pac_password"]
    assert "pac-secret" not in str(entry.after) and "einvoice_secrets" not in entry.after
    assert bearer("cadmin").get(CLOUD).json() == body


def test_a_wrong_rfc_is_a_400_on_tax_id_and_nothing_changes(world: Any) -> None:
    client = bearer("cadmin")
    with unchanged():
        resp = client.patch(CLOUD, {**MX_CLOUD, "tax_id": "EKU9003173C8"}, format="json")
    body = err(resp, 400, "validation_error")
    assert list(body["fields"]) == ["tax_id"]
    assert "RFC" in body["fields"]["tax_id"][0]


def test_a_wrong_nit_check_digit_is_a_400_on_tax_id(world: Any) -> None:
    data = {"tax_id": "900373076-5", "country": "CO", "einvoice": CO_ISSUER}
    client = bearer("cadmin")
    with unchanged():
        resp = client.patch(CLOUD, data, format="json")
    assert list(err(resp, 400, "validation_error")["fields"]) == ["tax_id"]
    resp = bearer("cadmin").patch(CLOUD, {**data, "tax_id": "900373076-4"}, format="json")
    assert resp.status_code == 200, resp.json()
    assert resp.json()["tax_id"] == "9003730764"
    assert resp.json()["secrets_set"] == ["software_pin", "technical_key"]


def test_wrong_regime_keys_are_field_errors_with_their_path(world: Any) -> None:
    data = {
        "country": "MX",
        "einvoice": {"regime": "mx-cfdi40", "tax_regime": "999", "software_id": "x"},
    }
    client = bearer("cadmin")
    with unchanged():
        resp = client.patch(CLOUD, data, format="json")
    fields = err(resp, 400, "validation_error")["fields"]
    assert set(fields) == {"einvoice.tax_regime", "einvoice.software_id"}


def test_einvoice_must_be_an_object(world: Any) -> None:
    resp = bearer("cadmin").patch(CLOUD, {"einvoice": "mx-cfdi40"}, format="json")
    assert list(err(resp, 400, "validation_error")["fields"]) == ["einvoice"]


@pytest.mark.parametrize("user", ["amanager", "caccountant", "subscriber", "otheradmin"])
def test_only_the_cloud_admin_and_provider_admin_edit_a_clouds_legal_data(
    world: Any, user: str
) -> None:
    client = bearer(user)
    with unchanged():
        resp = client.patch(CLOUD, {"legal_name": "X"}, format="json")
    assert resp.status_code in (403, 404)
    assert bearer("padmin").patch(CLOUD, {"legal_name": "X"}, format="json").status_code == 200


def test_account_legal_data_edited_by_the_cloud_admin_read_by_its_manager_and_subscriber(
    world: Any,
) -> None:
    data = {
        "legal_name": "Acme Logistics SAS",
        "tax_id": "1.020.304.050",
        "country": "CO",
        "einvoice": {"regime": "co-dian", "id_type": "13", "tax_responsibilities": ["R-99-PN"]},
    }
    resp = bearer("cadmin").patch(ACCOUNT, data, format="json")
    assert resp.status_code == 200, resp.json()
    assert resp.json()["tax_id"] == "1020304050"
    assert "secrets_set" not in resp.json()
    for reader in ("amanager", "subscriber"):
        got = bearer(reader).get(ACCOUNT)
        assert got.status_code == 200, (reader, got.json())
        assert got.json()["einvoice"]["id_type"] == "13"
    # another manager's account, another subscriber's: not found
    assert bearer("amanager2").get(ACCOUNT).status_code == 404
    assert bearer("subscriber2").get(ACCOUNT).status_code == 404
    for writer in ("amanager", "subscriber"):
        client = bearer(writer)
        with unchanged():
            resp = client.patch(ACCOUNT, {"legal_name": "X"}, format="json")
        assert resp.status_code in (403, 404), writer


def test_an_account_has_receiver_keys_only(world: Any) -> None:
    client = bearer("cadmin")
    with unchanged():
        resp = client.patch(ACCOUNT, {"einvoice": {**MX_ISSUER, "cfdi_use": "G03"}}, format="json")
    fields = err(resp, 400, "validation_error")["fields"]
    assert set(fields) == {"einvoice.series", "einvoice.pac"}


def test_provider_legal_data_starts_from_the_settings_and_is_a_record_after(
    world: Any, settings: Any
) -> None:
    settings.CAMBILL_PROVIDER_NAME = "Vigia Cloud"
    settings.CAMBILL_PROVIDER_TAX_ID = "B12345678"
    got = bearer("paccountant").get(PROVIDER).json()
    assert (got["name"], got["tax_id"], got["einvoice"]) == (
        "Vigia Cloud",
        "B12345678",
        {"regime": "none"},
    )
    assert not ProviderProfile.objects.exists()
    resp = bearer("padmin").patch(
        PROVIDER,
        {"country": "MX", "tax_id": "EKU9003173C9", "einvoice": MX_ISSUER, "postal_code": "42501"},
        format="json",
    )
    assert resp.status_code == 200, resp.json()
    profile = ProviderProfile.objects.get()
    assert (profile.name, profile.tax_id, profile.country) == ("Vigia Cloud", "EKU9003173C9", "MX")
    settings.CAMBILL_PROVIDER_TAX_ID = "ignored now"
    assert bearer("padmin").get(PROVIDER).json()["tax_id"] == "EKU9003173C9"


def test_provider_legal_data_wrong_tax_id_and_roles(world: Any) -> None:
    client = bearer("padmin")
    with unchanged():
        resp = client.patch(PROVIDER, {"country": "CO", "tax_id": "900373076-5"}, format="json")
    assert list(err(resp, 400, "validation_error")["fields"]) == ["tax_id"]
    assert not ProviderProfile.objects.exists()
    for user in ("paccountant", "cadmin"):
        resp = bearer(user).patch(PROVIDER, {"legal_name": "X"}, format="json")
        assert resp.status_code == 403, user
    assert bearer("cadmin").get(PROVIDER).status_code == 403


def test_invoices_snapshot_the_legal_fields(world: Any) -> None:
    from cambill.core.access import SYSTEM
    from cambill.einvoice.services import account_legal_update, cloud_legal_update
    from cambill.invoicing.drafts import cloud_details, customer_details, provider_details

    cloud = cloud_legal_update(
        actor=SYSTEM, cloud=world.clouds["telenet"], **{k: v for k, v in MX_CLOUD.items()}
    )
    account = account_legal_update(
        actor=SYSTEM,
        account=Account.objects.get(code="acme"),
        country="MX",
        tax_id="XAXX010101000",
        postal_code="42501",
        einvoice={"regime": "mx-cfdi40", "tax_regime": "616", "cfdi_use": "S01"},
    )
    details = cloud_details(cloud)
    assert details["tax_id"] == "EKU9003173C9"
    assert (details["postal_code"], details["country"], details["city"]) == (
        "42501",
        "MX",
        "Ciudad de México",
    )
    assert details["einvoice"]["tax_regime"] == "601"
    assert "pac_password" not in str(details)
    customer = customer_details(account)
    assert (customer["tax_id"], customer["einvoice"]["cfdi_use"]) == ("XAXX010101000", "S01")
    assert provider_details()["einvoice"] == {"regime": "none"}


def test_services_carry_sats_codes_checked_against_sats_catalogues(world: Any) -> None:
    client = bearer("padmin")
    got = client.get("/api/v1/services/REC_DAY/").json()
    assert (got["sat_product_code"], got["sat_unit_code"]) == ("81112000", "E48")
    resp = client.patch(
        "/api/v1/services/REC_DAY/",
        {"sat_product_code": "81112106", "sat_unit_code": "e48"},
        format="json",
    )
    assert resp.status_code == 200, resp.json()
    assert (resp.json()["sat_product_code"], resp.json()["sat_unit_code"]) == ("81112106", "E48")
    with unchanged():
        resp = client.patch(
            "/api/v1/services/REC_DAY/", {"sat_product_code": "99999999"}, format="json"
        )
    assert list(err(resp, 400, "validation_error")["fields"]) == ["sat_product_code"]
    resp = client.post(
        "/api/v1/services/",
        {"code": "MOTION", "name": "Motion", "sat_unit_code": "ZZZ"},
        format="json",
    )
    assert list(err(resp, 400, "validation_error")["fields"]) == ["sat_unit_code"]


def test_the_clouds_and_accounts_own_patch_checks_the_tax_id_once_they_have_a_country(
    world: Any,
) -> None:
    from cambill.core.access import SYSTEM
    from cambill.einvoice.services import account_legal_update, cloud_legal_update

    # no country yet: free text, as before
    resp = bearer("padmin").patch("/api/v1/clouds/telenet/", {"tax_id": "TN-1"}, format="json")
    assert resp.status_code == 200, resp.json()
    cloud_legal_update(actor=SYSTEM, cloud=world.clouds["telenet"], country="MX", tax_id="")
    client = bearer("padmin")
    with unchanged():
        resp = client.patch("/api/v1/clouds/telenet/", {"tax_id": "EKU9003173C8"}, format="json")
    assert list(err(resp, 400, "validation_error")["fields"]) == ["tax_id"]
    resp = client.patch("/api/v1/clouds/telenet/", {"tax_id": "eku9003173c9"}, format="json")
    assert resp.json()["tax_id"] == "EKU9003173C9"
    account_legal_update(
        actor=SYSTEM, account=Account.objects.get(code="acme"), country="CO", tax_id=""
    )
    client = bearer("cadmin")
    with unchanged():
        resp = client.patch(ACCOUNT.replace("legal/", ""), {"tax_id": "900373076-5"}, format="json")
    assert list(err(resp, 400, "validation_error")["fields"]) == ["tax_id"]
