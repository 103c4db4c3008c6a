"""The calls inside payments go one way (docs/decisions/0014): the jobs on top, then
the dunning run and the gateways' charging, webhooks and export, then the verbs,
then auto-charge scheduling, dunning's records and the ledger. Every import counts,
function-level ones included."""

from __future__ import annotations

import ast
from pathlib import Path

import cambill

ROOT = Path(cambill.__file__).parent


def imports_of(relpath: str) -> set[str]:
    """Every module a file imports (absolute names, relative ones resolved)."""
    path = ROOT / relpath
    package = ("cambill/" + relpath).rsplit("/", 1)[0].replace("/", ".")
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)
    return found


def hits(relpath: str, forbidden: list[str]) -> set[str]:
    return {m for m in imports_of(relpath) for f in forbidden if m == f or m.startswith(f + ".")}


def payments_modules() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "payments").rglob("*.py"))


def test_the_import_scanner_sees_function_level_and_relative_imports() -> None:
    found = imports_of("payments/tasks.py")
    assert "cambill.payments.gateways.charging.charge_invoice" in found
    assert "cambill.payments.dunning.dunning_run" in found


def test_no_payments_module_imports_the_jobs() -> None:
    # The jobs are started after commit by their Celery task name.
    offenders = {
        m: hits(m, ["cambill.payments.tasks"])
        for m in payments_modules()
        if m != "payments/tasks.py"
    }
    assert {m: h for m, h in offenders.items() if h} == {}


def test_the_verbs_never_import_what_sits_above_them() -> None:
    above = [
        "cambill.payments.dunning",
        "cambill.payments.bank",
        "cambill.payments.gateways.charging",
        "cambill.payments.gateways.export",
        "cambill.payments.gateways.stripe_webhooks",
        "cambill.payments.gateways.stripe_adapter",
    ]
    assert hits("payments/services.py", above) == set()
    assert hits("payments/gateways/scheduling.py", ["cambill.payments.services", *above]) == set()
    assert hits("payments/resumption.py", ["cambill.payments.services", *above]) == set()
    assert hits("payments/ledger.py", ["cambill.payments.services", *above]) == set()


def test_the_gateways_never_import_the_dunning_run() -> None:
    for m in payments_modules():
        if m.startswith("payments/gateways/"):
            assert hits(m, ["cambill.payments.dunning"]) == set(), m


def test_gateway_modules_stay_small() -> None:
    for p in (ROOT / "payments" / "gateways").glob("*.py"):
        assert len(p.read_text().splitlines()) < 600, p.name


def test_webhook_services_never_import_the_tasks() -> None:
    assert hits("webhooks/services.py", ["cambill.webhooks.tasks"]) == set()
    assert "cambill.webhooks.services.webhook_deliver" in imports_of("webhooks/tasks.py")
