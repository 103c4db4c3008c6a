"""Production defaults (CAMBILL_ENV=production): TLS (HSTS, redirect), a strong
SECRET_KEY, and `manage.py check --deploy` clean. Each case starts a fresh
interpreter, since settings are read once at start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k3Y-for-tests-only_" + "0123456789abcdefghijklmnopqrstuvwxyz"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "CAMBILL_", "SESSION_", "CSRF_"))
        # DEBUG, and the browser tests' async escape hatch, never reach a deployment.
        and k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cambill.settings",
            "PYTHONPATH": str(ROOT),
            "CAMBILL_ENV": "production",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "billing.example.com",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "CAMBILL_VAR_DIR": str(tmp_path / "var"),
            "STATIC_ROOT": str(tmp_path / "static"),
        }
    )
    env.update(extra)
    return env


def _settings(tmp_path: Path, **extra: str) -> dict[str, Any]:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'DEBUG')}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _check_deploy(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )


def test_production_turns_on_hsts_for_a_year_and_the_https_redirect(tmp_path: Path) -> None:
    assert _settings(tmp_path) == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "DEBUG": False,
    }


def test_tls_ended_at_a_proxy_turns_only_the_redirect_off(tmp_path: Path) -> None:
    prod = _settings(tmp_path, CAMBILL_TLS_AT_PROXY="1")
    assert prod["SECURE_SSL_REDIRECT"] is False
    assert prod["SECURE_HSTS_SECONDS"] == 31536000 and prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"]


def test_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_is_clean_behind_a_tls_proxy_too(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, CAMBILL_TLS_AT_PROXY="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_still_flags_a_weakened_deployment(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


@pytest.mark.parametrize("secret", ["", "too-short-" * 4, "ab" * 40])
def test_production_refuses_to_start_with_a_weak_secret_key(tmp_path: Path, secret: str) -> None:
    result = _check_deploy(tmp_path, SECRET_KEY=secret)
    assert result.returncode != 0
    assert "SECRET_KEY must" in result.stderr
