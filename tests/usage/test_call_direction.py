"""The calls inside usage go one way (docs/decisions/0014): ``tasks`` -> ``services``
-> ``late`` -> ``aggregates`` -> ``rollups`` -> ``buckets`` -> ``readings``;
``services`` and ``metering`` -> ``cloudevents`` (what a valid event is) -> ``readings``;
``periods`` and ``staging`` at the bottom. Function-level imports count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cambill

USAGE = Path(cambill.__file__).parent / "usage"


def imports_of(name: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse((USAGE / f"{name}.py").read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                mods = [node.module] if node.module else [a.name for a in node.names]
                found.update(m.split(".")[0] for m in mods)
            elif node.module and node.module.startswith("cambill.usage."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(
                a.name.split(".")[2] for a in node.names if a.name.startswith("cambill.usage.")
            )
    return found


ABOVE = {
    "services": {"tasks"},
    "metering": {"tasks", "services"},
    "cloudevents": {
        "tasks",
        "services",
        "metering",
        "late",
        "aggregates",
        "rollups",
        "buckets",
        "staging",
    },
    "late": {"tasks", "services"},
    "aggregates": {"tasks", "services", "late"},
    "rollups": {"tasks", "services", "late", "aggregates"},
    "buckets": {"tasks", "services", "late", "aggregates", "rollups"},
    "readings": {"tasks", "services", "late", "aggregates", "rollups", "buckets", "staging"},
    "staging": {
        "tasks",
        "services",
        "late",
        "aggregates",
        "rollups",
        "buckets",
        "readings",
        "periods",
    },
    "periods": {
        "tasks",
        "services",
        "late",
        "aggregates",
        "rollups",
        "buckets",
        "readings",
        "staging",
    },
}


@pytest.mark.parametrize("module", sorted(ABOVE))
def test_no_usage_module_imports_one_above_it(module: str) -> None:
    assert imports_of(module) & ABOVE[module] == set()


def test_the_scanner_sees_relative_imports() -> None:
    assert {"partitions", "rollups", "late"} <= imports_of("services")
