"""Shared fixtures: a small world with two clouds and a user for every role.

``world`` builds, through the real services, the worked example's catalogue
(REC_DAY 0.30, LPR 4.00 USD), cloud ``telenet`` (America/Bogota) with tariffs
TRAFFIC7 and HOME3, account ``acme``, and a second cloud ``othercloud`` that
nobody from telenet may see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

PASSWORD = "demo-pass-123"


@dataclass
class World:
    clouds: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    accounts: dict[str, Any] = field(default_factory=dict)
    tariffs: dict[str, Any] = field(default_factory=dict)
    agents: dict[str, Any] = field(default_factory=dict)
    services: dict[str, Any] = field(default_factory=dict)

    def actor(self, name: str):  # type: ignore[no-untyped-def]
        from cambill.core.access import actor_for

        user = self.users[name]
        user.__dict__.pop("_cambill_actor", None)
        return actor_for(user)


def build_world() -> World:
    from cambill.accounts.services import user_create
    from cambill.catalog.services import cloud_set_allowed_tariffs, service_create, tariff_create
    from cambill.clouds.services import account_create, cloud_create
    from cambill.core.access import SYSTEM
    from cambill.referrals.services import agent_create

    w = World()
    w.services["REC_DAY"] = service_create(
        actor=SYSTEM,
        code="REC_DAY",
        name="1 day of continuous recording",
        preset_settings={"dvr_days": 1},
        prices=[{"currency": "USD", "amount": "0.30", "valid_from": date(2020, 1, 1)}],
    )
    w.services["LPR"] = service_create(
        actor=SYSTEM,
        code="LPR",
        name="Plate recognition, 1 channel",
        preset_settings={"vision_alg": "plates"},
        prices=[{"currency": "USD", "amount": "4.00", "valid_from": date(2020, 1, 1)}],
    )
    for name, role in [
        ("padmin", "provider_admin"),
        ("paccountant", "provider_accountant"),
        ("pmanager", "provider_manager"),
        ("pmanager2", "provider_manager"),
    ]:
        w.users[name] = user_create(actor=SYSTEM, username=name, password=PASSWORD, role=role)
    telenet = cloud_create(
        actor=SYSTEM,
        slug="telenet",
        name="Telenet",
        currency="USD",
        timezone_name="America/Bogota",
        discount_percent=Decimal("10"),
        tax_percent=Decimal("19"),
        wholesale_tax_percent=Decimal("0"),
        manager=w.users["pmanager"],
    )
    other = cloud_create(
        actor=SYSTEM,
        slug="othercloud",
        name="Other Cloud",
        currency="EUR",
        timezone_name="Europe/Madrid",
        manager=w.users["pmanager2"],
    )
    w.clouds = {"telenet": telenet, "othercloud": other}
    w.tariffs["TRAFFIC7"] = tariff_create(
        actor=SYSTEM,
        cloud=telenet,
        code="TRAFFIC7",
        name="Traffic 7 + plates",
        price="12.00",
        components=[{"service": "REC_DAY", "quantity": 7}, {"service": "LPR", "quantity": 1}],
    )
    w.tariffs["HOME3"] = tariff_create(
        actor=SYSTEM,
        cloud=telenet,
        code="HOME3",
        name="Home 3 days",
        price="3.00",
        components=[{"service": "REC_DAY", "quantity": 3}],
    )
    w.tariffs["PROV1"] = tariff_create(
        actor=SYSTEM,
        cloud=None,
        code="PROV1",
        name="Provider basic",
        price="5.00",
        currency="USD",
        components=[{"service": "REC_DAY", "quantity": 1}],
    )
    cloud_set_allowed_tariffs(actor=SYSTEM, cloud=telenet, tariffs=["PROV1"])
    w.tariffs["OTHER"] = tariff_create(
        actor=SYSTEM,
        cloud=other,
        code="HOME3",
        name="Other home",
        price="2.00",
        components=[{"service": "REC_DAY", "quantity": 3}],
    )
    for name, role, cloud in [
        ("cadmin", "cloud_admin", telenet),
        ("amanager", "account_manager", telenet),
        ("amanager2", "account_manager", telenet),
        ("caccountant", "cloud_accountant", telenet),
        ("otheradmin", "cloud_admin", other),
    ]:
        w.users[name] = user_create(
            actor=SYSTEM, username=name, password=PASSWORD, role=role, cloud=cloud
        )
    w.agents["agent1"] = agent_create(actor=SYSTEM, cloud=telenet, code="agent1", name="Agent One")
    w.agents["agent2"] = agent_create(actor=SYSTEM, cloud=telenet, code="agent2", name="Agent Two")
    w.users["agent"] = user_create(
        actor=SYSTEM,
        username="agent",
        password=PASSWORD,
        role="agent",
        cloud=telenet,
        agent=w.agents["agent1"],
    )
    w.accounts["acme"] = account_create(
        actor=SYSTEM,
        cloud=telenet,
        code="acme",
        name="ACME Logistics",
        email="billing@acme.test",
        account_manager=w.users["amanager"],
        referral_agent=w.agents["agent1"],
    )
    w.accounts["beta"] = account_create(
        actor=SYSTEM,
        cloud=telenet,
        code="beta",
        name="Beta Shops",
        account_manager=w.users["amanager2"],
        referral_agent=w.agents["agent2"],
    )
    w.accounts["gamma"] = account_create(actor=SYSTEM, cloud=other, code="gamma", name="Gamma SL")
    w.users["subscriber"] = user_create(
        actor=SYSTEM,
        username="subscriber",
        password=PASSWORD,
        role="subscriber",
        cloud=telenet,
        account=w.accounts["acme"],
    )
    w.users["subscriber2"] = user_create(
        actor=SYSTEM,
        username="subscriber2",
        password=PASSWORD,
        role="subscriber",
        cloud=telenet,
        account=w.accounts["beta"],
    )
    return w


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver's ``httpserver`` on 127.0.0.1 (the address ``core.outbound``
    lets tests reach; ``localhost`` may resolve to ::1 first), on any free port."""
    return ("127.0.0.1", 0)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache: rate-limit counters (sign-up per
    address, throttles) spent by an earlier test, e.g. the schemathesis contract
    run on PostgreSQL, must not refuse a later test's requests."""
    from django.core.cache import cache

    cache.clear()
    yield


# --- Tests that run once per CI run ------------------------------------------------
# CI (.ci/run) runs the whole suite on SQLite, then again on PostgreSQL with
# ``-m "not once"``: a test marked ``once`` checks behaviour that does not depend on the
# database, so the SQLite pass is enough. A test is ``once`` when
#   * it never opens the database (no ``django_db`` mark, no db/transactional_db/live_server
#     fixture: pytest-django blocks its queries anyway), unless its module mentions
#     PostgreSQL, SQLite, a database, a connection or a vendor (it may look at the
#     database some other way: settings, a subprocess, a server of its own), or
#   * its node id starts with an entry of ONCE_MODULES below (a directory, a module or a
#     single test): the database only holds the fixtures of what is tested (real-browser
#     tests, PDF rendering, catalogue checks, the generated client, one schemathesis run),
#     and the same pages and queries run on PostgreSQL in other tests.
# Never ``once``: a test marked ``postgres``, and anything about locks, select_for_update,
# partitions, concurrency, raw SQL, the replica or applying migrations. When unsure, leave
# a test out: it runs on both databases, which is the default for every new test.
ONCE_MODULES = (
    "tests/browser/",  # Chromium against live_server: the same pages as tests/web
    "tests/api/test_client.py",  # generated client == committed client; one call over HTTP
    "tests/invoicing/test_pdf.py",  # WeasyPrint rendering of invoices
    "tests/branding/test_branding_documents.py",  # PDF branding, read back with pdftotext
    "tests/web/test_i18n_pages.py",  # catalogue coverage of every page's text
    "tests/web/test_catalogue_complete.py",  # the .po catalogues, regenerated from sources
    # Schemathesis runs once per database kind: this in-process run (no 5xx) on SQLite;
    # the live-server contract run (tests/api/test_openapi_contract.py, every check,
    # not_a_server_error among them) on PostgreSQL only.
    "tests/api/test_schema.py::test_schemathesis_no_server_errors",
)
_DB_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}
_MENTIONS_THE_DATABASE: dict[str, bool] = {}


def _mentions_the_database(path: Any) -> bool:
    key = str(path)
    if key not in _MENTIONS_THE_DATABASE:
        text = path.read_text(encoding="utf-8").lower()
        _MENTIONS_THE_DATABASE[key] = any(
            word in text for word in ("postgres", "sqlite", "database", "vendor", "connection")
        )
    return _MENTIONS_THE_DATABASE[key]


def _runs_once(item: pytest.Item) -> bool:
    if item.get_closest_marker("postgres"):
        return False
    if item.nodeid.startswith(ONCE_MODULES):
        return True
    uses_db = item.get_closest_marker("django_db") is not None or bool(
        _DB_FIXTURES & set(getattr(item, "fixturenames", ()))
    )
    return not uses_db and not _mentions_the_database(item.path)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    once = pytest.mark.once
    for item in items:
        if _runs_once(item):
            item.add_marker(once)
