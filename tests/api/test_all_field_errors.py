"""The API answers every bad field of a request at once (issue #14, point 6), in
the one error shape ``{"code", "message", "fields"}``: ``fields`` holds each
refused field with its messages, ``message`` lists them all."""

from __future__ import annotations

from typing import Any

from cambill.clouds.models import Account, Cloud

from .helpers import bearer, err, unchanged


def test_a_new_cloud_with_three_bad_fields_gets_three_field_errors(world: Any) -> None:
    client = bearer("padmin")
    body = {
        "slug": "andes",
        "name": "Andes",
        "currency": "XYZ",
        "timezone": "Mars/Olympus",
        "discount_percent": "120",
    }
    with unchanged():
        resp = client.post("/api/v1/clouds/", body, format="json")
    data = err(resp, 400, "validation_error")
    assert data["fields"] == {
        "currency": ["'XYZ' is not an ISO 4217 currency code."],
        "timezone": ["'Mars/Olympus' is not an IANA time zone."],
        "discount_percent": ["Must be between 0 and 100."],
    }
    for name in ("currency", "timezone", "discount_percent"):
        assert name in data["message"]
    assert not Cloud.objects.filter(slug="andes").exists()


def test_an_edit_refused_on_three_fields_names_all_three(world: Any) -> None:
    other = Cloud.objects.get(slug="othercloud")
    client = bearer("padmin")
    with unchanged():
        resp = client.patch(
            "/api/v1/clouds/telenet/",
            {
                "currency": "EUR",  # locked by telenet's tariffs
                "invoice_prefix": other.invoice_prefix,  # another cloud's series
                "tax_percent": "-1",
            },
            format="json",
        )
    data = err(resp, 400, "validation_error")
    assert set(data["fields"]) == {"currency", "invoice_prefix", "tax_percent"}
    assert data["fields"]["currency"] == ["The currency cannot change once the cloud has tariffs."]
    assert data["fields"]["tax_percent"] == ["Must be between 0 and 100."]
    assert Cloud.objects.get(slug="telenet").currency == "USD"


def test_one_bad_field_keeps_its_own_code_and_status(world: Any) -> None:
    """A single refusal is answered exactly as before: a duplicate is still a 409."""
    other = Cloud.objects.get(slug="othercloud")
    resp = bearer("padmin").patch(
        "/api/v1/clouds/telenet/", {"invoice_prefix": other.invoice_prefix}, format="json"
    )
    data = err(resp, 409, "duplicate")
    assert list(data["fields"]) == ["invoice_prefix"]


def test_a_new_account_with_three_bad_fields_gets_three_field_errors(world: Any) -> None:
    client = bearer("cadmin")
    body = {
        "code": "newco",
        "name": "New Co",
        "email": "not-an-email",
        "account_manager": "nobody",
        "referral_agent": "ghost",
    }
    with unchanged():
        resp = client.post("/api/v1/clouds/telenet/accounts/", body, format="json")
    data = err(resp, 400, "validation_error")
    assert data["fields"] == {
        "email": ["Enter a valid e-mail address."],
        "account_manager": ["Not an account manager of this cloud."],
        "referral_agent": ["Not an agent of this cloud."],
    }
    assert not Account.objects.filter(code="newco").exists()


def test_the_message_of_several_refusals_names_each_field(world: Any) -> None:
    resp = bearer("padmin").post(
        "/api/v1/clouds/",
        {"slug": "andes", "name": "Andes", "currency": "XYZ", "timezone": "Mars/Olympus"},
        format="json",
    )
    assert resp.json()["message"] == (
        "currency: 'XYZ' is not an ISO 4217 currency code; "
        "timezone: 'Mars/Olympus' is not an IANA time zone."
    )


def test_a_new_service_with_three_bad_fields_gets_three_field_errors(world: Any) -> None:
    from cambill.catalog.models import Service

    client = bearer("padmin")
    with unchanged():
        resp = client.post(
            "/api/v1/services/",
            {
                "code": "bad code!",
                "name": "Bad",
                "kind": "fixed",
                "preset_settings": {"fps": 5},
                "prices": [{"currency": "USD", "amount": "-1"}],
            },
            format="json",
        )
    data = err(resp, 400, "validation_error")
    assert set(data["fields"]) == {"code", "preset_settings", "prices"}, data
    assert not Service.objects.filter(name="Bad").exists()
