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
    # A guard against a run that never ends (examples per operation are capped above),
    # not a speed claim: speed is measured in bench/.
    assert time.monotonic() - started < 300


def test_schemathesis_token_still_valid_after_run(world) -> None:  # type: ignore[no-untyped-def]
    """Sanity of the setup above: the provider admin token authenticates."""
    assert bearer("padmin").get("/api/v1/users/me/").json()["username"] == "padmin"


# --- the schema tells the truth (issue #12, point 7) ------------------------------


def test_every_operation_documents_its_refusals_with_the_error_shape(db) -> None:  # type: ignore[no-untyped-def]
    schema = load_schema()
    err = schema["components"]["schemas"]["Error"]
    assert set(err["required"]) == {"code", "message", "fields"}
    missing = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            want = {"400", "401", "403", "404", "406", "429"}
            if method != "get":
                want.add("409")
            if method in ("post", "put", "patch"):
                want |= {"413", "415"}
            for code in want:
                resp = op["responses"].get(code)
                ref = (resp or {}).get("content", {}).get("application/json", {}).get("schema")
                if ref != {"$ref": "#/components/schemas/Error"}:
                    missing.append(f"{method.upper()} {path} {code}")
    assert not missing, missing


def test_input_bodies_refuse_unknown_keys_in_the_schema(world) -> None:  # type: ignore[no-untyped-def]
    schema = load_schema()
    assert schema["components"]["schemas"]["CloudInRequest"]["additionalProperties"] is False
    body = {"code": "X1", "name": "x", "prices": [], "colour": "red"}
    resp = bearer("padmin").post("/api/v1/services/", body, format="json")
    assert resp.status_code == 400
    assert resp.json()["code"] == "validation_error"
    assert "colour" in resp.json()["fields"]


@pytest.mark.parametrize(
    "query", ["page_size=null", "page_size=0", "page_size=501", "page=0", "page=x"]
)
def test_bad_pagination_is_a_400_with_the_error_shape(world, query) -> None:  # type: ignore[no-untyped-def]
    resp = bearer("padmin").get(f"/api/v1/clouds/?{query}")
    assert resp.status_code == 400, resp.content
    body = resp.json()
    assert body["code"] == "validation_error"
    assert list(body["fields"]) == [query.split("=")[0]]


def test_pagination_parameters_are_documented_with_their_bounds(db) -> None:  # type: ignore[no-untyped-def]
    params = {
        p["name"]: p["schema"]
        for p in load_schema()["paths"]["/api/v1/clouds/"]["get"]["parameters"]
    }
    assert params["page"] == {"type": "integer", "minimum": 1}
    assert params["page_size"] == {"type": "integer", "minimum": 1, "maximum": 500}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/clouds/telenet/agents/agent1/deactivate/",
        "/api/v1/clouds/telenet/usage/csv/",
        "/api/v1/clouds/telenet/watcher/connection/",
        "/api/v1/clouds/telenet/dunning/policy/",
        "/api/v1/clouds/",
    ],
)
def test_options_never_a_server_error(world, path) -> None:  # type: ignore[no-untyped-def]
    resp = bearer("padmin").options(path)
    assert resp.status_code == 200, resp.content
    assert resp.json()["schema"] == "/api/v1/schema/"
    assert resp["Allow"]


def test_payments_hand_built_responses_are_declared(db) -> None:  # type: ignore[no-untyped-def]
    paths = load_schema()["paths"]
    ok = paths["/api/v1/clouds/{slug}/ledger/"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/LedgerOut"}
    ok = paths["/api/v1/clouds/{slug}/webhooks/endpoints/"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["type"] == "array"


# --- issue #12 point 7: the API refuses what the schema refuses -----------------


def _refused(resp: Any, field: str) -> dict[str, Any]:
    assert resp.status_code == 400, resp.content
    body = resp.json()
    assert body["code"] == "validation_error"
    assert set(body) == {"code", "message", "fields"}
    assert field in body["fields"], body
    return body


@pytest.mark.parametrize(
    ("value", "ok"),
    [(True, True), (False, True), (0, False), (1, False), ("yes", False), ("true", False)],
)
def test_a_boolean_is_a_json_boolean(world, value, ok) -> None:  # type: ignore[no-untyped-def]
    from .helpers import db_snapshot

    client = bearer("padmin")
    before = db_snapshot()
    resp = client.put(
        "/api/v1/clouds/telenet/dunning/policy/",
        {"enabled": value, "reminder_days": [3], "suspend_after_days": None},
        format="json",
    )
    if ok:
        assert resp.status_code == 200, resp.content
        assert resp.json()["enabled"] is value
    else:
        body = _refused(resp, "enabled")
        assert body["fields"]["enabled"] == ["Must be true or false (a JSON boolean)."]
        assert db_snapshot() == before


def test_an_integer_is_a_json_number_also_inside_a_list(world) -> None:  # type: ignore[no-untyped-def]
    client = bearer("padmin")
    url = "/api/v1/clouds/telenet/dunning/policy/"
    body = _refused(
        client.put(url, {"reminder_days": [3], "suspend_after_days": "5"}, format="json"),
        "suspend_after_days",
    )
    assert body["fields"]["suspend_after_days"] == [
        "Must be a whole number (a JSON number, not text)."
    ]
    body = _refused(client.put(url, {"reminder_days": [3, "7"]}, format="json"), "reminder_days")
    assert body["fields"]["reminder_days"] == {
        "1": ["Must be a whole number (a JSON number, not text)."]
    }
    _refused(client.put(url, {"reminder_days": [True]}, format="json"), "reminder_days")
    _refused(client.put(url, {"reminder_days": [2.5]}, format="json"), "reminder_days")
    resp = client.put(url, {"reminder_days": [3, 7.0], "suspend_after_days": 30}, format="json")
    assert resp.status_code == 200, resp.content
    assert resp.json()["reminder_days"] == [3, 7]
    assert resp.json()["suspend_after_days"] == 30


def test_text_is_a_json_string_and_a_choice_one_of_its_values(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.clouds.services import camera_create
    from cambill.core.access import SYSTEM

    camera_create(
        actor=SYSTEM, cloud=world.clouds["telenet"], code="cam1", account=world.accounts["acme"]
    )
    client = bearer("padmin")
    url = "/api/v1/clouds/telenet/cameras/cam1/"
    body = _refused(client.patch(url, {"title": 0}, format="json"), "title")
    assert body["fields"]["title"] == ["Must be text (a JSON string)."]
    _refused(client.patch(url, {"title": ["x"]}, format="json"), "title")
    # A choice of strings refuses a number that reads like one of them.
    prog = "/api/v1/clouds/telenet/referral-programme/"
    body = _refused(client.put(prog, {"levels": {"1": "10"}, "base": 1}, format="json"), "base")
    assert body["fields"]["base"] == ["Must be one of: issued, paid."]
    # A dict of text refuses a number as a value (the schema says string).
    body = _refused(client.put(prog, {"levels": {"1": 10}}, format="json"), "levels")
    assert body["fields"]["levels"] == {"1": ["Must be text (a JSON string)."]}
    body = _refused(
        client.put(prog, {"levels": {"1": "10"}, "limit_months": "12"}, format="json"),
        "limit_months",
    )
    resp = client.patch(url, {"title": "Gate"}, format="json")
    assert resp.status_code == 200 and resp.json()["title"] == "Gate"
    resp = client.put(
        prog, {"levels": {"1": "10"}, "base": "issued", "limit_months": 12}, format="json"
    )
    assert resp.status_code == 200, resp.content
    assert resp.json()["limit_months"] == 12 and resp.json()["base"] == "issued"


@pytest.mark.parametrize("value", ["null", "yes", "1", "True", ""])
def test_a_boolean_filter_takes_true_or_false_only(world, value) -> None:  # type: ignore[no-untyped-def]
    client = bearer("padmin")
    body = _refused(client.get("/api/v1/services/", {"active": value}), "active")
    assert body["fields"]["active"] == ["Give true or false, once."]
    _refused(client.get("/api/v1/services/?active=true&active=true"), "active")
    _refused(client.get("/api/v1/users/", {"is_active": value}), "is_active")


def test_a_boolean_filter_still_filters(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.catalog.models import Service

    client = bearer("padmin")
    every = client.get("/api/v1/services/").json()["count"]
    active = client.get("/api/v1/services/", {"active": "true"}).json()["count"]
    inactive = client.get("/api/v1/services/", {"active": "false"}).json()["count"]
    assert active == Service.objects.filter(active=True).count()
    assert active + inactive == every


def test_late_usage_is_a_page_as_documented(world) -> None:  # type: ignore[no-untyped-def]
    schema = load_schema()
    op = schema["paths"]["/api/v1/clouds/{slug}/usage/late/"]["get"]
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/PaginatedLateItemOutList"
    assert {p["name"] for p in op["parameters"]} >= {"page", "page_size", "period"}
    settle = schema["paths"]["/api/v1/clouds/{slug}/usage/late/settle/"]["post"]
    assert settle["responses"]["201"]["content"]["application/json"]["schema"]["type"] == "array"
    resp = bearer("padmin").get("/api/v1/clouds/telenet/usage/late/")
    assert resp.status_code == 200, resp.content
    assert resp.json() == {"count": 0, "next": None, "previous": None, "results": []}
    _refused(bearer("padmin").get("/api/v1/clouds/telenet/usage/late/", {"page": "0"}), "page")


def test_the_schema_generates_without_a_warning(tmp_path, db) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    # --fail-on-warn raises on any warning or error of drf-spectacular (a view
    # it could not introspect, an undeclared body, an enum name collision).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))


def test_hand_built_bodies_are_declared(db) -> None:  # type: ignore[no-untyped-def]
    paths = load_schema()["paths"]

    def ok_schema(path: str, method: str, status: str = "200", media: str = "application/json"):  # type: ignore[no-untyped-def]
        return paths[path][method]["responses"][status]["content"][media]["schema"]

    assert ok_schema("/api/v1/clouds/{slug}/agents/{code}/statements/", "get") == {
        "$ref": "#/components/schemas/StatementOut"
    }
    due = ok_schema("/api/v1/clouds/{slug}/payouts/due/", "get")
    assert due == {"type": "array", "items": {"$ref": "#/components/schemas/DuePayoutOut"}}
    assert ok_schema("/api/v1/clouds/{slug}/referral-programme/", "get") == {
        "$ref": "#/components/schemas/ProgrammeOut"
    }
    assert ok_schema("/api/v1/clouds/{slug}/reports/usage/", "get") == {
        "$ref": "#/components/schemas/UsageReportOut"
    }
    csv_op = paths["/api/v1/clouds/{slug}/usage/csv/"]["post"]
    assert set(csv_op["requestBody"]["content"]) == {"text/csv", "multipart/form-data"}
    assert ok_schema("/api/v1/clouds/{slug}/usage/csv/", "post", "201") == {
        "$ref": "#/components/schemas/CSVIngestOut"
    }
    events = paths["/api/v1/events/"]["post"]["requestBody"]["content"]
    one = events["application/cloudevents+json"]["schema"]
    assert one["required"] == ["specversion", "id", "source", "type", "subject", "time"]
    assert events["application/cloudevents-batch+json"]["schema"]["items"] == one
    # A read of the Watcher may find no enabled connection: 409, documented.
    plan = paths["/api/v1/clouds/{slug}/watcher/import-plan/"]["get"]["responses"]
    assert plan["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


@pytest.mark.parametrize("value", ["", "open", "ACTIVE"])
def test_a_choice_filter_takes_one_of_its_choices(world, value) -> None:  # type: ignore[no-untyped-def]
    client = bearer("padmin")
    body = _refused(client.get("/api/v1/clouds/telenet/accounts/", {"status": value}), "status")
    assert body["fields"]["status"] == ["Give one of: active, suspended, closed (once)."]
    resp = client.get("/api/v1/clouds/telenet/accounts/", {"status": "active"})
    assert resp.status_code == 200
    assert {a["status"] for a in resp.json()["results"]} == {"active"}


@pytest.mark.parametrize("value", ["", "Retail", "retail&kind=retail"])
def test_a_hand_read_choice_parameter_takes_one_of_its_choices(world, value) -> None:  # type: ignore[no-untyped-def]
    client = bearer("padmin")
    resp = client.get(f"/api/v1/clouds/telenet/invoices/?kind={value}")
    body = _refused(resp, "kind")
    assert body["fields"]["kind"] == ["Give one of: wholesale, retail (once)."]
    assert client.get("/api/v1/clouds/telenet/invoices/?kind=retail").status_code == 200


@pytest.mark.parametrize(
    ("value", "ok"),
    [("", False), ("abc", False), (True, False), (" ", False), ("12.5", True), (7, True)],
)
def test_a_decimal_is_a_decimal_string_or_a_number(world, value, ok) -> None:  # type: ignore[no-untyped-def]
    from .helpers import db_snapshot

    client = bearer("padmin")
    before = db_snapshot()
    resp = client.patch(
        "/api/v1/clouds/telenet/agents/agent2/", {"rate_percent": value}, format="json"
    )
    if ok:
        assert resp.status_code == 200, resp.content
        assert resp.json()["rate_percent"] in ("12.50", "7.00")
    else:
        body = _refused(resp, "rate_percent")
        assert body["fields"]["rate_percent"] == [
            'Must be a decimal: a string such as "12.50", or a number.'
        ]
        assert db_snapshot() == before
    # null still clears the rate (the field allows it).
    resp = client.patch(
        "/api/v1/clouds/telenet/agents/agent2/", {"rate_percent": None}, format="json"
    )
    assert resp.status_code == 200 and resp.json()["rate_percent"] is None
