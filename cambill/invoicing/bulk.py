"""Fast bulk writes for bill runs: many invoices and lines per chunk.

On PostgreSQL rows go in with ``COPY`` (and drafts are updated from a COPY'd
temporary table), which skips the ORM's per-value preparation: a bill run of
100,000 cameras writes its 20,000 drafts and 100,000 lines in a couple of
seconds instead of tens. Elsewhere (SQLite) the ORM's ``bulk_create`` and an
``executemany`` UPDATE do the same work. Callers are inside a transaction;
unique constraints still hold (a conflicting COPY raises IntegrityError).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, JSONField, Model

JSON_SAFE = (str, int, float, bool, type(None))


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _fields(model: type[Model], names: Sequence[str]) -> list[Field[Any, Any]]:
    out = []
    for n in names:
        f = model._meta.get_field(n)
        if not isinstance(f, Field):
            raise TypeError(f"{model.__name__}.{n} is not a concrete field")
        out.append(f)
    return out


def _columns(model: type[Model], names: Sequence[str]) -> list[str]:
    return [connection.ops.quote_name(f.column) for f in _fields(model, names)]


def _pg_value(field: Any, value: Any) -> Any:
    if isinstance(field, JSONField) and value is not None:
        return json.dumps(value)
    return value


def next_ids(model: type[Model], count: int) -> list[int]:
    """Reserve ``count`` primary keys from the table's sequence (PostgreSQL)."""
    if count == 0:
        return []
    with connection.cursor() as c:
        c.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [r[0] for r in c.fetchall()]


def copy_insert(model: type[Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """``COPY`` rows (values in the order of ``names``, attnames) into the table."""
    fields = _fields(model, names)
    json_idx = [i for i, f in enumerate(fields) if isinstance(f, JSONField)]
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"COPY {table} ({', '.join(_columns(model, names))}) FROM STDIN"
    with connection.cursor() as c, c.cursor.copy(sql) as copy:
        for row in rows:
            if json_idx:
                row = list(row)
                for i in json_idx:
                    row[i] = _pg_value(fields[i], row[i])
            copy.write_row(row)


def update_rows(model: type[Model], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Set ``names`` on rows given as ``(pk, *values)``."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    cols = _columns(model, names)
    if is_postgres():
        tmp = connection.ops.quote_name(f"tmp_upd_{model._meta.db_table}")
        with connection.cursor() as c:
            c.execute(f"DROP TABLE IF EXISTS {tmp}")
            c.execute(
                f"CREATE TEMP TABLE {tmp} ON COMMIT DROP AS SELECT {pk}, {', '.join(cols)} "
                f"FROM {table} WITH NO DATA"
            )
            fields = _fields(model, names)
            with c.cursor.copy(f"COPY {tmp} ({pk}, {', '.join(cols)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(
                        [row[0], *(_pg_value(f, v) for f, v in zip(fields, row[1:], strict=True))]
                    )
            sets = ", ".join(f"{c} = s.{c}" for c in cols)
            c.execute(f"UPDATE {table} AS t SET {sets} FROM {tmp} AS s WHERE t.{pk} = s.{pk}")
            c.execute(f"DROP TABLE {tmp}")
        return
    fields = _fields(model, names)
    sql = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in cols)} WHERE {pk} = %s"
    params = [
        [*(f.get_db_prep_save(v, connection) for f, v in zip(fields, row[1:], strict=True)), row[0]]
        for row in rows
    ]
    with connection.cursor() as c:
        c.executemany(sql, params)


def insert_rows(
    model: type[Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    batch_size: int = 2000,
) -> list[int]:
    """Insert rows (values in the order of ``names``) and return their new pks."""
    if not rows:
        return []
    if is_postgres():
        ids = next_ids(model, len(rows))
        copy_insert(model, ["id", *names], ([pk, *row] for pk, row in zip(ids, rows, strict=True)))
        return ids
    objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
    model._default_manager.bulk_create(objs, batch_size=batch_size)
    return [o.pk for o in objs]


def insert_rows_no_ids(
    model: type[Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    batch_size: int = 2000,
) -> None:
    """Insert rows whose pks nobody needs back (invoice lines)."""
    if not rows:
        return
    if is_postgres():
        copy_insert(model, names, rows)
        return
    objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
    model._default_manager.bulk_create(objs, batch_size=batch_size)
