"""PostgreSQL runs Caseline; SQLite runs the demo on a laptop without it
(README, "Set up"). What differs between the two is decided here, by one check
(``on_postgres``): PostgreSQL keeps its arrays, GIN indexes and counting
triggers exactly as they are, and SQLite gets the nearest thing it accepts.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import connection as default_connection
from django.db import migrations
from django.db.models import JSONField, Model


def on_postgres(connection: Any = None) -> bool:
    """Whether ``connection`` (the default one when not given) is PostgreSQL."""
    return (connection or default_connection).vendor == "postgresql"


class PortableArrayField(ArrayField):
    """A PostgreSQL array (and its lookups, such as ``__overlap``); on SQLite
    the list is stored as JSON text and read back as a list, and the array
    lookups are not available: code that filters by them on PostgreSQL
    checks the lists in Python elsewhere."""

    def db_type(self, connection: Any) -> str:
        return super().db_type(connection) if on_postgres(connection) else "text"

    def get_placeholder(self, value: Any, compiler: Any, connection: Any) -> str:
        if on_postgres(connection):
            return super().get_placeholder(value, compiler, connection)
        return "%s"

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False):
        value = super().get_db_prep_value(value, connection, prepared)
        if value is None or on_postgres(connection):
            return value
        return json.dumps(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any):
        return self.to_python(value)  # JSON text is parsed; a list stays


class GinIndexOnPostgres(GinIndex):
    """A GIN index on PostgreSQL and none elsewhere (SQLite has no GIN). Empty
    SQL rather than a skipped migration operation: SQLite rebuilds a table to
    alter it, recreating every index of the model, and must pass over this one
    then too."""

    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs):
        if on_postgres(schema_editor.connection):
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        return ""

    def remove_sql(self, model: Any, schema_editor: Any, **kwargs):
        if on_postgres(schema_editor.connection):
            return super().remove_sql(model, schema_editor, **kwargs)
        return ""


class RunSQLOnPostgres(migrations.RunSQL):
    """SQL for PostgreSQL only (PL/pgSQL triggers): elsewhere the migration
    changes nothing and the code computes what the SQL would keep."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if on_postgres(schema_editor.connection):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if on_postgres(schema_editor.connection):
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def bulk_update(objs: Sequence[Model], fields: Sequence[str]) -> None:
    """Save ``fields`` of the instances (of one model), as Django's
    ``bulk_update`` does. On PostgreSQL one UPDATE joined to the rows' new
    values, sent as one JSON parameter: Django's statement has a CASE WHEN per
    row and field, which costs the worker (building it) and the database
    (planning it) more than the update itself. Elsewhere Django's."""
    if not objs:
        return
    model = type(objs[0])
    if not on_postgres():
        model._default_manager.bulk_update(objs, fields)
        return
    meta = model._meta
    # The values' names in the JSON: c0 (the key), c1, c2 ...
    columns = dict(enumerate([meta.pk, *(meta.get_field(name) for name in fields)]))
    rows = [
        {f"c{i}": _json_value(f, getattr(o, f.attname)) for i, f in columns.items()}
        for o in objs
    ]
    quote = default_connection.ops.quote_name
    types = ", ".join(
        f"c{i} {f.db_type(default_connection)}" for i, f in columns.items()
    )
    sets = ", ".join(f"{quote(f.column)} = v.c{i}" for i, f in columns.items() if i)
    sql = (
        f"UPDATE {quote(meta.db_table)} t SET {sets} "
        f"FROM jsonb_to_recordset(%s::jsonb) AS v({types}) "
        f"WHERE t.{quote(meta.pk.column)} = v.c0"
    )
    with default_connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(rows)])


def bulk_insert(objs: Sequence[Model]) -> None:
    """Insert new instances (of one model, with an automatic key) and set
    their keys, as Django's ``bulk_create`` does. On PostgreSQL one INSERT of
    the rows sent as one JSON parameter, for the reason ``bulk_update``
    gives; elsewhere Django's."""
    if not objs:
        return
    model = type(objs[0])
    if not on_postgres():
        model._default_manager.bulk_create(objs)
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    rows = [
        {f"c{i}": _json_value(f, f.pre_save(o, True)) for i, f in enumerate(fields)}
        for o in objs
    ]
    quote = default_connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    types = ", ".join(
        f"c{i} {f.db_type(default_connection)}" for i, f in enumerate(fields)
    )
    values = ", ".join(f"c{i}" for i in range(len(fields)))
    # In the rows' order, which RETURNING keeps (as Django's bulk_create
    # relies on for its VALUES).
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({names}) SELECT {values} "
        f"FROM ROWS FROM (jsonb_to_recordset(%s::jsonb) AS ({types})) "
        f"WITH ORDINALITY AS v({values}, n) ORDER BY n "
        f"RETURNING {quote(meta.pk.column)}"
    )
    with default_connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(rows)])
        keys = [key for (key,) in cursor.fetchall()]
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding, obj._state.db = False, default_connection.alias


def _json_value(field: Any, value: Any) -> Any:
    """A field's value as ``jsonb_to_recordset`` reads it back into its
    column: JSON fields and arrays as they are, times as ISO text."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(field, JSONField) or value is None:
        return value
    if isinstance(value, str | int | float | bool | list):
        return value
    return field.get_prep_value(value)
