"""API fixtures (helpers live in ``tests/api/helpers.py``)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from .helpers import bearer


@pytest.fixture
def api(db) -> Callable[[str], APIClient]:  # type: ignore[no-untyped-def]
    """``api("padmin")``: a client that calls as that user with a real token."""
    return bearer
