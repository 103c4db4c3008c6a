"""The payments fixtures, reused."""

import pytest

from tests.payments.conftest import billed  # noqa: F401


@pytest.fixture
def billed_world(billed):  # type: ignore[no-untyped-def]  # noqa: F811
    return billed
