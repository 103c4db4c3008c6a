"""Flussonic's own Watcher API definitions, as a checker for what cambill sends and
what the fake Watcher answers.

The documents live beside the repository, in ``<repo>/../shared/watcher-official/``
(``watcher-admin.json``, ``watcher-client.json``: OpenAPI 3.0 rebuilt from
Flussonic's generated SDK, see ``SOURCES.md`` there). The product never reads
them; only the tests do. A new Watcher API release means replacing those files
and running ``tests/watcher/test_official_api.py`` to see what breaks.

Requests are checked strictly: the path and method must be an official
operation of that API, every query parameter must be declared (unless the
operation passes free-form filters through, ``x-free-form-query``) and of its
type, and the body may carry only the schema's fields, with their types
(``required`` is ignored in request bodies: Watcher's PUT is partial, and
``id`` is required in the read model). Responses must have a documented status
and validate against its schema, ``required`` and ``nullable`` included;
5xx replies (faults injected on purpose) are not part of the contract.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from openapi_schema_validator import OAS30Validator

OFFICIAL_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "watcher-official"
PREFIXES = {"admin": "/watcher/admin-api/v3", "client": "/watcher/client-api/v3"}
FILES = {"admin": "watcher-admin.json", "client": "watcher-client.json"}


def available() -> bool:
    return all((OFFICIAL_DIR / name).is_file() for name in FILES.values())


@dataclass
class Exchange:
    """One request the fake received and what it answered."""

    method: str
    target: str  # path with query string
    body: Any
    status: int
    payload: Any


@dataclass
class Operation:
    api: str
    method: str
    template: str
    spec: dict[str, Any]
    pattern: re.Pattern[str] = field(repr=False)

    @property
    def key(self) -> str:
        return f"{self.api} {self.method} {self.template}"


def _strict(schema: Any, *, required: bool = False) -> Any:
    """A copy without unknown properties (the fake must not invent fields, billing
    must not send any); ``required`` is kept for replies only."""
    if isinstance(schema, dict):
        out = {
            k: _strict(v, required=required)
            for k, v in schema.items()
            if required or k != "required"
        }
        if "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_strict(v, required=required) for v in schema]
    return schema


class OfficialAPI:
    """Both documents, their operations, and the checks of one exchange."""

    def __init__(self, directory: Path = OFFICIAL_DIR) -> None:
        self.docs = {
            api: json.loads((directory / name).read_text(encoding="utf-8"))
            for api, name in FILES.items()
        }
        self.operations: list[Operation] = []
        for api, doc in self.docs.items():
            for template, item in doc["paths"].items():
                regex = re.sub(
                    r"\{(\w+)\}",
                    lambda m: ".+" if m.group(1) == "name" else "[^/]+",
                    template,
                )
                for method, spec in item.items():
                    if method in ("get", "put", "post", "delete", "patch"):
                        self.operations.append(
                            Operation(api, method.upper(), template, spec, re.compile(regex))
                        )
        # Literal paths win over templates (/streams/multiedit is not the stream "multiedit").
        self.operations.sort(key=lambda op: (op.template.count("{"), -len(op.template)))

    @cached_property
    def _request_components(self) -> dict[str, Any]:
        return {api: _strict(doc["components"]) for api, doc in self.docs.items()}

    @cached_property
    def _reply_components(self) -> dict[str, Any]:
        return {api: _strict(doc["components"], required=True) for api, doc in self.docs.items()}

    def find(self, api: str, method: str, path: str) -> Operation | None:
        for op in self.operations:
            if op.api == api and op.method == method and op.pattern.fullmatch(path):
                return op
        return None

    def _validate(self, api: str, schema: Any, value: Any, *, request: bool) -> list[str]:
        components = self._request_components[api] if request else self._reply_components[api]
        root = {**_strict(schema, required=not request), "components": components}
        validator = OAS30Validator(root)
        return [
            f"{'/'.join(str(p) for p in err.absolute_path) or '<body>'}: {err.message}"
            for err in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
        ]

    def check(self, ex: Exchange) -> tuple[Operation | None, list[str]]:
        """The operation an exchange is, and what in it disagrees with the documents."""
        path, _, query = ex.target.partition("?")
        api = next((a for a, p in PREFIXES.items() if path.startswith(p + "/")), None)
        if api is None:
            return None, [f"{ex.method} {path}: not under a Watcher API prefix"]
        rest = path[len(PREFIXES[api]) :]
        op = self.find(api, ex.method, rest)
        if op is None:
            return None, [f"{api} {ex.method} {rest}: no such operation in the official API"]
        problems = [f"{op.key}: {p}" for p in self._check_request(op, query, ex.body)]
        problems += [f"{op.key} -> {ex.status}: {p}" for p in self._check_response(op, ex)]
        return op, problems

    def _check_request(self, op: Operation, query: str, body: Any) -> list[str]:
        from urllib.parse import parse_qsl

        problems: list[str] = []
        declared = {
            p["name"]: p.get("schema", {})
            for p in op.spec.get("parameters", [])
            if p.get("in") == "query"
        }
        for name, value in parse_qsl(query, keep_blank_values=True):
            schema = declared.get(name)
            if schema is None:
                if "x-free-form-query" not in op.spec:
                    problems.append(f"query parameter {name!r} is not declared")
                continue
            kind = schema.get("type")
            if kind == "integer" and not re.fullmatch(r"-?\d+", value):
                problems.append(f"query parameter {name}={value!r} is not an integer")
            if kind == "boolean" and value not in ("true", "false"):
                problems.append(f"query parameter {name}={value!r} is not a boolean")
        request = op.spec.get("requestBody")
        if request is None:
            if body not in (None, {}, b""):
                problems.append("the operation takes no body")
            return problems
        if body is None:
            if request.get("required"):
                problems.append("the body is required")
            return problems
        schema = request["content"]["application/json"]["schema"]
        problems += self._validate(op.api, schema, body, request=True)
        return problems

    def _check_response(self, op: Operation, ex: Exchange) -> list[str]:
        if ex.status >= 500:
            return []  # injected faults: not part of the contract
        response = op.spec["responses"].get(str(ex.status))
        if response is None:
            return [f"status {ex.status} is not documented ({sorted(op.spec['responses'])})"]
        content = response.get("content", {}).get("application/json")
        if content is None:
            return [] if ex.payload is None else ["the documented reply has no body"]
        if ex.payload is None:
            return ["the reply has no body"]
        return self._validate(op.api, content.get("schema", {}), ex.payload, request=False)


def record(fake: Any) -> list[Exchange]:
    """Record every API exchange of a running ``FakeWatcher`` (control calls left out)."""
    from cambill_sandbox.fake_watcher import FakeHTTPError

    exchanges: list[Exchange] = []
    original = fake.dispatch

    def dispatch(
        method: str, path: str, query: Mapping[str, str], headers: Any, body: Any
    ) -> tuple[int, Any]:
        target = f"{path}?{urlencode(query)}" if query else path
        try:
            status, payload = original(method, path, query, headers, body)
        except FakeHTTPError as exc:
            if not path.startswith("/_fake"):
                exchanges.append(Exchange(method, target, body, exc.status, exc.payload()))
            raise
        if not path.startswith("/_fake"):
            exchanges.append(Exchange(method, target, body, status, payload))
        return status, payload

    fake.dispatch = dispatch
    return exchanges
