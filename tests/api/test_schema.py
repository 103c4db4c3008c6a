"""The OpenAPI schema, the offline Swagger UI, and a schemathesis run against
every operation (in-process through the WSGI app) asserting no 5xx."""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import urlparse

import pytest
from rest_framework.test import APIClient

from .helpers import bearer

pytestmark = pytest.mark.django_db

CONTRACT_PATHS = [
    "/api/v1/services/",
    "/api/v1/services/{code}/",
    "/api/v1/tariffs/",
    "/api/v1/tariffs/{code}/",
    "/api/v1/clouds/",
    "/api/v1/clouds/{slug}/",
    "/api/v1/clouds/{slug}/tariffs/",
    "/api/v1/clouds/{slug}/tariffs/{code}/",
    "/api/v1/clouds/{slug}/accounts/",
    "/api/v1/clouds/{slug}/accounts/{code}/",
    "/api/v1/clouds/{slug}/accounts/{code}/discounts/",
    "/api/v1/clouds/{slug}/cameras/",
    "/api/v1/clouds/{slug}/cameras/{code}/",
    "/api/v1/clouds/{slug}/cameras/{code}/history/",
    "/api/v1/clouds/{slug}/cameras/{code}/tariff-changes/",
    "/api/v1/clouds/{slug}/cameras/{code}/moves/",
    "/api/v1/clouds/{slug}/cameras/{code}/tariff-periods/",
    "/api/v1/clouds/{slug}/agents/",
    "/api/v1/clouds/{slug}/agents/{code}/",
    "/api/v1/users/",
    "/api/v1/users/{username}/",
    "/api/v1/users/me/",
    "/api/v1/tokens/",
    "/api/v1/tokens/{prefix}/",
    "/api/v1/audit/",
]


def load_schema() -> dict[str, Any]:
    resp = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert resp.status_code == 200
    return json.loads(resp.content)


def test_schema_is_openapi3_with_the_contract(db) -> None:  # type: ignore[no-untyped-def]
    schema = load_schema()
    assert schema["openapi"].startswith("3.")
    missing = [p for p in CONTRACT_PATHS if p not in schema["paths"]]
    assert not missing
    assert schema["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    cam = schema["components"]["schemas"]["CameraOut"]["properties"]
    assert set(cam) >= {"code", "title", "account", "tariff", "status"}
    # Money travels as strings.
    assert schema["components"]["schemas"]["TariffOut"]["properties"]["price"]["type"] == "string"
    # Lists are paginated with page / page_size and filterable.
    params = {
        p["name"] for p in schema["paths"]["/api/v1/clouds/{slug}/cameras/"]["get"]["parameters"]
    }
    assert params >= {"page", "page_size", "account", "status", "tariff", "search", "ordering"}
    params = {
        p["name"] for p in schema["paths"]["/api/v1/clouds/{slug}/accounts/"]["get"]["parameters"]
    }
    assert params >= {"status", "account_manager", "referral_agent", "search"}
    params = {p["name"] for p in schema["paths"]["/api/v1/audit/"]["get"]["parameters"]}
    assert params >= {"verb", "object_type", "actor", "cloud"}


def test_docs_are_served_offline(db) -> None:  # type: ignore[no-untyped-def]
    c = APIClient()
    resp = c.get("/api/v1/docs/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "swagger-ui" in html
    # No absolute URL anywhere in the page (no CDN, no outside host).
    outside = [
        u
        for u in re.findall(r"https?://[^\s\"'<>)]+", html)
        if urlparse(u).hostname != "testserver"
    ]
    assert not outside, outside
    # Every script, style and icon it references is served by this site.
    refs = re.findall(r"(?:src|href)=\"([^\"]+)\"", html)
    assert any("swagger-ui-bundle" in r for r in refs), refs
    for ref in refs:
        assert ref.startswith("/"), ref
        got = c.get(ref)
        assert got.status_code == 200, ref
        if hasattr(got, "close"):
            got.close()
    # The page loads the schema from this site.
    assert "/api/v1/schema/" in html


# --- schemathesis -----------------------------------------------------------------

# Known objects for the path parameters, so generated bodies reach the verbs
# and not only the 404 of an unknown code.
KNOWN = {
    "/api/v1/services/{code}/": {"code": "REC_DAY"},
    "/api/v1/tariffs/{code}/": {"code": "PROV1"},
    "/api/v1/users/{username}/": {"username": "cadmin"},
    "/api/v1/clouds/{slug}/tariffs/{code}/": {"code": "HOME3"},
    "/api/v1/clouds/{slug}/accounts/{code}/": {"code": "acme"},
    "/api/v1/clouds/{slug}/accounts/{code}/discounts/": {"code": "acme"},
    "/api/v1/clouds/{slug}/agents/{code}/": {"code": "agent1"},
}
EXAMPLES = 12


@pytest.fixture
def keep_connection():  # type: ignore[no-untyped-def]
    """Calling the WSGI app directly fires request_started/finished, whose
    ``close_old_connections`` would close the test's connection (and its open
    transaction) on PostgreSQL; Django's own test client unhooks it the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_schemathesis_no_server_errors(world, keep_connection) -> None:  # type: ignore[no-untyped-def]
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error

    from cambill.accounts.models import User
    from cambill.accounts.services import api_token_create
    from cambill.clouds.services import camera_create
    from cambill.core.access import SYSTEM
    from cambill.wsgi import application

    camera_create(
        actor=SYSTEM, cloud=world.clouds["telenet"], code="cam1", account=world.accounts["acme"]
    )
    _, secret = api_token_create(
        actor=SYSTEM, user=User.objects.get(username="padmin"), name="schemathesis"
    )
    auth = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)

    started = time.monotonic()
    operations = 0
    for result in schema.get_all_operations():
        op = result.ok()
        operations += 1
        variants: list[dict[str, Any] | None] = [None]
        if "{slug}" in op.path:
            known = {"slug": "telenet", **KNOWN.get(op.path, {})}
            if "/cameras/{code}" in op.path:
                known["code"] = "cam1"
            variants.append(known)
        elif op.path in KNOWN:
            variants.append(KNOWN[op.path])
        # One Hypothesis run per operation mixing valid and invalid input, on
        # random and on known objects: the setup of a run costs more than a call.
        strategy = st.one_of(
            *(
                op.as_strategy(generation_mode=mode, path_parameters=fixed)
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
                for fixed in variants
            )
        )

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            case.call_and_validate(headers=auth, checks=[not_a_server_error])

        run()
    assert operations >= len(CONTRACT_PATHS)
    assert time.monotonic() - started < 60


def test_schemathesis_token_still_valid_after_run(world) -> None:  # type: ignore[no-untyped-def]
    """Sanity of the setup above: the provider admin token authenticates."""
    assert bearer("padmin").get("/api/v1/users/me/").json()["username"] == "padmin"
