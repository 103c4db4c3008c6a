"""API rate limits (issue #11, 8): per token (or signed-in user) and per client
address, from settings, answered with 429 in the error shape and Retry-After."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from .helpers import bearer


@pytest.fixture(autouse=True)
def _fresh_counters() -> Any:
    cache.clear()
    yield
    cache.clear()


def _throttled(response: Any) -> None:
    assert response.status_code == 429, response.content
    body = response.json()
    assert body["code"] == "throttled" and body["fields"] == {}
    assert "throttled" in body["message"].lower()
    assert int(response["Retry-After"]) > 0


def test_the_defaults_are_generous(world: Any) -> None:
    from django.conf import settings

    for rate in (settings.CAMBILL_API_RATE_TOKEN, settings.CAMBILL_API_RATE_ADDRESS):
        count, per = rate.split("/")
        assert int(count) >= 1000 and per == "m"
    client = bearer("cadmin")
    assert all(client.get("/api/v1/users/me/").status_code == 200 for _ in range(30))


@override_settings(CAMBILL_API_RATE_TOKEN="3/m")
def test_each_token_has_its_own_budget(world: Any) -> None:
    first, second = bearer("cadmin"), bearer("cadmin")
    for _ in range(3):
        assert first.get("/api/v1/users/me/").status_code == 200
    _throttled(first.get("/api/v1/users/me/"))
    # Writes count too, and nothing is written when refused.
    _throttled(first.post("/api/v1/tokens/", {"name": "x"}, format="json"))
    assert second.get("/api/v1/users/me/").status_code == 200


@override_settings(CAMBILL_API_RATE_TOKEN="2/m")
def test_a_signed_in_session_is_counted_per_user(world: Any) -> None:
    client = APIClient()
    client.force_login(world.users["cadmin"])
    assert client.get("/api/v1/users/me/").status_code == 200
    assert client.get("/api/v1/users/me/").status_code == 200
    _throttled(client.get("/api/v1/users/me/"))


@override_settings(CAMBILL_API_RATE_ADDRESS="4/m")
def test_one_address_has_one_budget_whatever_the_tokens(world: Any) -> None:
    clients = [bearer("cadmin"), bearer("padmin"), bearer("amanager")]
    answers = [clients[i % 3].get("/api/v1/users/me/").status_code for i in range(4)]
    assert answers == [200, 200, 200, 200]
    for client in clients:
        _throttled(client.get("/api/v1/users/me/"))
    # Another address is not affected.
    other = bearer("cadmin")
    assert other.get("/api/v1/users/me/", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_a_bad_rate_setting_never_turns_into_a_500_for_good_rates(world: Any) -> None:
    with override_settings(CAMBILL_API_RATE_TOKEN="100/s", CAMBILL_API_RATE_ADDRESS="100/h"):
        assert bearer("cadmin").get("/api/v1/users/me/").status_code == 200


@override_settings(CAMBILL_API_RATE_ADDRESS="3/m")
def test_failed_authentication_spends_the_address_budget(world: Any) -> None:
    """Guessing tokens costs: each 401 counts toward the address's limit (DRF
    alone fails authentication before any throttle is counted)."""
    guesser = APIClient()
    guesser.credentials(HTTP_AUTHORIZATION="Bearer cb_nope_notatoken")
    answers = [guesser.get("/api/v1/users/me/").status_code for _ in range(3)]
    assert answers == [401, 401, 401]
    _throttled(guesser.get("/api/v1/users/me/"))
    # The address is spent for a valid token too; another address is not.
    _throttled(bearer("cadmin").get("/api/v1/users/me/"))
    assert bearer("cadmin").get("/api/v1/users/me/", REMOTE_ADDR="10.1.2.3").status_code == 200


@override_settings(CAMBILL_API_RATE_ADDRESS="2/m")
def test_requests_without_credentials_count_too(world: Any) -> None:
    anonymous = APIClient()
    assert [anonymous.get("/api/v1/clouds/").status_code for _ in range(2)] == [401, 401]
    _throttled(anonymous.get("/api/v1/clouds/"))


@override_settings(CAMBILL_API_RATE_ADDRESS="3/m")
def test_a_request_is_counted_once(world: Any) -> None:
    client = bearer("cadmin")
    assert [client.get("/api/v1/users/me/").status_code for _ in range(3)] == [200, 200, 200]
    _throttled(client.get("/api/v1/users/me/"))
