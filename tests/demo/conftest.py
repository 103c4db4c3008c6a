"""The demo writes its fake Watcher's hub file: keep it out of the real var/."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def demo_watcher_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "demo-watcher.json"
    monkeypatch.setenv("CAMBILL_DEMO_WATCHER_FILE", str(path))
    monkeypatch.setenv("CAMBILL_DEMO_WATCHER_URL", "http://127.0.0.1:8081")
    return path
