"""What the import and the poll share: the cloud's enabled Watcher connection."""

from __future__ import annotations

from django.utils.translation import gettext

from cambill.clouds.models import Cloud
from cambill.core.errors import DomainError, ErrorCode

from ..models import WatcherConnection
from ..services.connection import enabled_connection


def _connection(cloud: Cloud) -> WatcherConnection:
    conn = enabled_connection(cloud)
    if conn is None:
        raise DomainError(
            ErrorCode.INVALID_STATE, gettext("This cloud has no enabled Watcher connection.")
        )
    return conn
