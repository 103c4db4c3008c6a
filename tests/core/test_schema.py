"""Schema rules that must never silently regress."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

# Provider-level tables: they belong to no single cloud. Every other table of
# a cambill app must carry a NOT NULL ``cloud`` foreign key (the tenancy and
# sharding key). Adding a model here needs a reason next to it.
PROVIDER_LEVEL = {
    "accounts.user": "a user may be provider staff; its cloud is on clouds.Membership",
    "accounts.apitoken": "belongs to a user, not a cloud",
    "core.auditentry": "provider audit log; cloud set when the object has one",
    "catalog.service": "the provider's catalogue",
    "catalog.serviceprice": "provider list prices",
    "catalog.tariffplan": "provider tariffs have no cloud; cloud tariffs set it",
    "catalog.tariffcomponent": "part of a tariff, which may be a provider tariff",
    "catalog.tariffprice": "price history of a tariff, which may be a provider tariff",
    "clouds.cloud": "the tenant itself",
    "invoicing.numberseries": "the provider's own series has no cloud",
    "notifications.message": "a password-reset link to provider staff has no cloud",
    "payments.bankimport": "a statement of the provider's own bank account (wholesale) has no "
    "cloud; a cloud's (retail) always has it (check constraint bank_import_kind_cloud)",
    "payments.bankline": "a line of a provider (wholesale) statement, as its import",
    "payments.banksuggestion": "a suggestion for a line of a provider (wholesale) statement",
    "payments.gatewayconfig": "the provider's own Stripe account (wholesale card payments) has "
    "no cloud; a cloud's gateway sets it (unique constraint one_provider_gateway_per_kind)",
    "usage.meter": "meters are defined by the provider for every cloud",
    "usage.meteredservice": "makes a provider catalogue service metered",
    "usage.meteredserviceprice": "the dated price of a provider metered service, per currency",
    "einvoice.providerprofile": "the provider's own legal data (one row)",
    "branding.branding": "the provider's branding has no cloud; a cloud's sets it (check constraint)",
    "exports.exportjob": "a user's own file; cloud set when it was asked in one (provider "
    "staff export provider-wide lists)",
    "einvoice.signingcredential": "the provider's certificates have no cloud; a cloud's set it",
    "einvoice.verifactuchain": "the provider's Verifactu chain (wholesale) has no cloud; a "
    "cloud's sets it (unique constraints per cloud and NIF, one provider chain per NIF)",
    "einvoice.verifacturecord": "a link of the provider's Verifactu chain has no cloud, as its chain",
}


def cambill_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("cambill.")]


def test_every_cloud_owned_table_has_a_not_null_cloud_fk() -> None:
    missing = []
    for model in cambill_models():
        label = model._meta.label_lower
        if label in PROVIDER_LEVEL:
            continue
        try:
            field = model._meta.get_field("cloud")
        except Exception:
            missing.append(f"{label}: no cloud field")
            continue
        if (
            not isinstance(field, models.ForeignKey)
            or field.related_model._meta.label_lower != "clouds.cloud"
        ):
            missing.append(f"{label}: cloud is not a FK to clouds.Cloud")
        elif field.null:
            missing.append(f"{label}: cloud is nullable")
    assert missing == []


def test_allowlist_names_only_existing_models() -> None:
    labels = {m._meta.label_lower for m in cambill_models()}
    assert set(PROVIDER_LEVEL) <= labels


def test_every_model_has_a_docstring() -> None:
    undocumented = [
        m._meta.label
        for m in cambill_models()
        if not (m.__doc__ or "").strip() or m.__doc__.startswith(m.__name__ + "(")
    ]
    assert undocumented == []


@pytest.mark.django_db
def test_no_missing_migrations() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as e:  # --check exits 1 when a migration is missing
        pytest.fail(f"missing migrations:\n{out.getvalue()}") if e.code else None
