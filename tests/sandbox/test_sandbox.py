"""The sandbox (demo, demo-flow, fakes) is outside the product and only added by name.

ARCHITECTURE.md: ``cambill_sandbox/`` is used by ``make demo``, the tests and the
benches; the product never imports it (also the import-linter contract).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands

import cambill
import cambill_sandbox

PRODUCT = Path(cambill.__file__).parent
SANDBOX_COMMANDS = {"demo_data", "demo_serve", "demo_flow", "fake_watcher"}


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_module_of_the_product_imports_the_sandbox() -> None:
    offenders = sorted(
        str(path.relative_to(PRODUCT.parent))
        for path in PRODUCT.rglob("*.py")
        if any(
            name == "cambill_sandbox" or name.startswith("cambill_sandbox.")
            for name in _imported_modules(path)
        )
    )
    assert offenders == []


def test_the_demo_and_the_fakes_live_in_the_sandbox_only() -> None:
    for gone in ("demo", "flow", "watcher/fake", "payments/fake_stripe.py"):
        assert not (PRODUCT / gone).exists(), gone
    sandbox = Path(cambill_sandbox.__file__).parent
    for here in ("demo", "flow", "fake_watcher", "fake_stripe.py"):
        assert (sandbox / here).exists(), here


def test_the_console_script_offers_the_sandbox_commands() -> None:
    commands = get_commands()
    assert {name: commands.get(name) for name in SANDBOX_COMMANDS} == dict.fromkeys(
        SANDBOX_COMMANDS, "cambill_sandbox"
    )


def _installed(**env: str) -> bool:
    clean = {k: v for k, v in os.environ.items() if k not in ("CAMBILL_SANDBOX", "CAMBILL_ENV")}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import cambill.settings as s; print('cambill_sandbox' in s.INSTALLED_APPS)",
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip() == "True"


@pytest.mark.slow
def test_settings_add_the_sandbox_by_name_unless_production_or_switched_off() -> None:
    assert _installed() is True
    assert _installed(CAMBILL_SANDBOX="0") is False
    production = {"CAMBILL_ENV": "production", "SECRET_KEY": "abcdefghij" * 6}
    assert _installed(**production) is False
    assert _installed(**production, CAMBILL_SANDBOX="1") is True
