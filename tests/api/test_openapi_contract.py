"""The OpenAPI schema tells the truth: schemathesis, every check but one, phases
coverage + fuzzing + stateful, over every operation of a live server, finds nothing.

Heavy (about two minutes): runs with ``CAMBILL_CONTRACT=1`` (meant for CI's PostgreSQL
pass only). ``positive_data_acceptance`` is the
one check left out: a request can match the schema and still break a business rule
(an unknown currency, a referral code that does not exist), which the API refuses
with a 400 and the error shape, by design.

By hand against any server (see tests/api/st_hooks.py for the auth)::

    ST_USER=admin SCHEMATHESIS_HOOKS=tests.api.st_hooks .venv/bin/schemathesis run \\
      http://127.0.0.1:8000/api/v1/schema/?format=json --checks all \\
      --exclude-checks positive_data_acceptance --phases coverage,fuzzing,stateful \\
      --max-examples 10 --seed 1 -w 1
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

from . import st_hooks

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARGS = [
    "--checks",
    "all",
    "--exclude-checks",
    "positive_data_acceptance",
    "--phases",
    "coverage,fuzzing,stateful",
    "--max-examples",
    os.environ.get("CAMBILL_CONTRACT_EXAMPLES", "8"),
    "--seed",
    "1",
    "--workers",
    "1",
    "--no-color",
]


def contract_run_enabled() -> bool:
    # TODO(issue #12 point 7): once the run is clean, also enable it on PostgreSQL
    # (connection.vendor == "postgresql") so CI's second pass runs it once.
    return os.environ.get("CAMBILL_CONTRACT") == "1" and connection.vendor in (
        "postgresql",
        "sqlite",
    )


def test_schemathesis_finds_nothing(world, live_server) -> None:  # type: ignore[no-untyped-def]
    if not contract_run_enabled():
        pytest.skip("runs once per CI run: on PostgreSQL, or with CAMBILL_CONTRACT=1")
    from click.testing import CliRunner
    from schemathesis.cli import schemathesis as cli

    from cambill.clouds.services import camera_create
    from cambill.core.access import SYSTEM

    camera_create(
        actor=SYSTEM, cloud=world.clouds["telenet"], code="cam1", account=world.accounts["acme"]
    )
    os.environ["ST_USER"] = "padmin"
    st_hooks.register()
    try:
        result = CliRunner().invoke(
            cli, ["run", f"{live_server.url}/api/v1/schema/?format=json", *ARGS]
        )
    finally:
        st_hooks.unregister()
    out = result.output
    assert "Operations:" in out, out[-3000:]
    assert result.exit_code == 0, out[-20000:]
