"""Is the database empty, and emptying it (``--reset``)."""

from __future__ import annotations

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models


def domain_models() -> list[type[models.Model]]:
    """Every model of the cambill apps (including M2M through tables)."""
    out: list[type[models.Model]] = []
    for config in apps.get_app_configs():
        if config.name.startswith("cambill."):
            out.extend(config.get_models(include_auto_created=True))
    return out


def has_data() -> bool:
    """Whether anything but what the migrations put there (the built-in meters) exists."""
    from cambill.usage.models import Meter
    from cambill.usage.offline import OFFLINE_METER

    def rows(m: type[models.Model]) -> models.QuerySet[models.Model]:
        qs = m._default_manager.all()
        return qs.exclude(code=OFFLINE_METER) if m is Meter else qs

    return any(rows(m).exists() for m in domain_models() if m._meta.managed)


def flush_domain() -> None:
    """Empty every cambill table (and sessions), resetting id sequences so a
    fresh demo gets the same ids as on a new database."""
    tables = [m._meta.db_table for m in domain_models() if m._meta.managed and not m._meta.proxy]
    if "django_session" in connection.introspection.table_names():
        tables.append("django_session")
    sql = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        # Rows written earlier in this transaction leave deferred foreign-key
        # checks pending, and PostgreSQL will not TRUNCATE a table with
        # pending trigger events: run the checks now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        sql.append("SET CONSTRAINTS ALL DEFERRED")
    connection.ops.execute_sql_flush(sql)
