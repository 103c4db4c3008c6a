"""schemathesis hooks for the full run over the API (``tests/api/test_openapi_contract.py``,
and by hand: ``SCHEMATHESIS_HOOKS=tests.api.st_hooks``).

The run exercises every operation, ``DELETE /api/v1/tokens/{prefix}/`` too, so it
revokes the very token it calls with (it lists the tokens, then deletes them).
Its auth is therefore a provider admin's token minted through the verb whenever
the API answers 401, then the request is replayed once (schemathesis' dynamic
auth with ``retry_on=[401]``). The user is ``ST_USER`` (env, default ``padmin``).
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis


def _mint() -> str:
    import django
    from django.apps import apps

    if not apps.ready:  # by hand: the CLI process sets Django up from the environment
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
        django.setup()
    from django.db import close_old_connections

    from cambill.accounts.models import User
    from cambill.accounts.services import api_token_create
    from cambill.core.access import SYSTEM

    close_old_connections()
    user = User.objects.get(username=os.environ.get("ST_USER", "padmin"))
    _, secret = api_token_create(actor=SYSTEM, user=user, name="schemathesis")
    return secret


class MintedToken:
    def get(self, case: Any, context: Any) -> str:
        return _mint()

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


def register() -> None:
    schemathesis.auth(refresh_interval=3600, retry_on=[401])(MintedToken)


def unregister() -> None:
    schemathesis.auths.unregister()


if os.environ.get("SCHEMATHESIS_HOOKS") == __name__:  # loaded by the CLI
    register()
