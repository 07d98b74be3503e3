"""Querysets compiled to SQL once per process, then run with each request's values.

Building and compiling a queryset (filters, joins, `published()`'s rules) costs
several times more than running its SQL: for the medicine page it was about
half of the whole request. The SQL of a query whose shape never changes only
needs building once. A `PrecompiledQuery` builds an ordinary queryset with
placeholder values, compiles it on first use, and afterwards only swaps the
request's values into the parameters. Rows become model instances the way
`QuerySet.__iter__` makes them, `select_related()` objects included.

Nothing but the SQL text is kept: every call runs the query, so results are as
fresh as with the ORM (this is not a result cache).

A queryset of one row (`[:1]`) may prefetch its reverse foreign keys with
`Prefetch(..., to_attr=...)`: each is compiled once too, as its own query
filtered by the row's key, and its rows land where `prefetch_related()` puts
them. So a page can write its query once, for the ORM, and run it precompiled.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Prefetch
from django.db.models.query import get_related_populators

# The placeholder for the key of the row a prefetched query belongs to.
_PARENT = "\ue000parent"
# Values no real request uses, so they can be found again among the parameters.
_DATETIME_MARK = datetime.datetime(1234, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)
_INTEGER_MARK = -1_987_654_000  # inside a 32-bit column's range: no overflow shortcut
_TEXT_TYPES = {"CharField", "SlugField", "TextField"}
_INTEGER_TYPES = {
    "AutoField",
    "BigAutoField",
    "IntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
}


def _mark(field: models.Field, position: int) -> Any:
    """A placeholder value for one parameter, distinct from every other one."""
    target = field.target_field if field.is_relation else field
    kind = target.get_internal_type()
    if kind == "DateTimeField":
        return _DATETIME_MARK + datetime.timedelta(microseconds=position + 1)
    if kind in _TEXT_TYPES:
        return f"\ue000precompiled-{position}\ue000"
    if kind in _INTEGER_TYPES:
        return _INTEGER_MARK - position
    raise TypeError(f"PrecompiledQuery has no placeholder for a {kind}")


@dataclass(frozen=True)
class _Compiled:
    compiler: Any  # SQLCompiler after as_sql(): knows the columns and how to read them
    sql: str
    params: tuple
    slots: tuple[tuple[int, str], ...]  # (index in params, placeholder name)
    init_list: list[str]
    start: int
    end: int
    populators: list  # one per select_related() model

    def run(self, using: str, fields: dict[str, models.Field], values: dict) -> list:
        connection = connections[using]
        params = list(self.params)
        for index, name in self.slots:
            params[index] = fields[name].get_db_prep_value(values[name], connection)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        # Converters belong to this thread's connection, the compiled columns to everyone.
        compiler = copy.copy(self.compiler)
        compiler.connection = connection
        model = compiler.klass_info["model"]
        objects = []
        for row in compiler.results_iter([rows]):
            obj = model.from_db(using, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects


@dataclass(frozen=True)
class _Prefetched:
    """A reverse foreign key prefetched with Prefetch(to_attr=...): its own compiled query."""

    compiled: _Compiled
    foreign_key: models.ForeignKey  # on the related model, pointing at the row
    to_attr: str


class PrecompiledQuery:
    """A queryset of fixed shape whose SQL is built once and run with fresh values.

    `build(**placeholders)` returns the queryset; each keyword names the model
    field whose lookups use that value (it converts values for the database the
    way the ORM does). `query(**values)` runs the SQL and returns the instances.
    Only plain comparisons (`=`, `<=`, `__in` with a subquery...) can take a
    placeholder; anything that rewrites the value (`contains`, a list for `__in`)
    is refused at compile time, and so is a prefetch this class cannot run.
    """

    def __init__(self, build: Callable[..., models.QuerySet], **fields: models.Field):
        self.build = build
        self.fields = fields
        self._compiled: dict[str, tuple[_Compiled, list[_Prefetched]]] = {}

    def __call__(self, using: str = DEFAULT_DB_ALIAS, **values: Any) -> list[models.Model]:
        compiled, prefetches = self._compiled.get(using) or self._compile(using)
        objects = compiled.run(using, self.fields, values)
        for prefetch in prefetches:
            fields = {**self.fields, _PARENT: prefetch.foreign_key}
            for obj in objects:
                key = getattr(obj, prefetch.foreign_key.target_field.attname)
                related = prefetch.compiled.run(using, fields, {**values, _PARENT: key})
                for item in related:
                    # What prefetch_related() does: the item's link back is the row itself.
                    prefetch.foreign_key.set_cached_value(item, obj)
                setattr(obj, prefetch.to_attr, related)
        return objects

    def _compile(self, using: str) -> tuple[_Compiled, list[_Prefetched]]:
        marks = {name: _mark(field, n) for n, (name, field) in enumerate(self.fields.items())}
        queryset = self.build(**marks)
        compiled = _compile_queryset(queryset, using, self.fields, marks, required=set(marks))
        prefetches = [
            _compile_prefetch(queryset, lookup, using, self.fields, marks)
            for lookup in queryset._prefetch_related_lookups
        ]
        self._compiled[using] = compiled, prefetches
        return compiled, prefetches


def _compile_prefetch(queryset, lookup, using, fields, marks) -> _Prefetched:
    query = queryset.query
    one_row = query.high_mark is not None and query.high_mark - query.low_mark == 1
    if not (isinstance(lookup, Prefetch) and lookup.to_attr and lookup.queryset is not None):
        raise ValueError("PrecompiledQuery: prefetch with Prefetch(queryset=..., to_attr=...)")
    relation = queryset.model._meta.get_field(lookup.prefetch_through)
    if not (relation.one_to_many and relation.auto_created) or not one_row:
        raise ValueError(
            "PrecompiledQuery: only a reverse foreign key of a one-row query ([:1]) is prefetched"
        )
    foreign_key = relation.field
    mark = _mark(foreign_key, len(marks))
    related = lookup.queryset.filter(**{foreign_key.name: mark})
    compiled = _compile_queryset(
        related,
        using,
        {**fields, _PARENT: foreign_key},
        {**marks, _PARENT: mark},
        required={_PARENT},
    )
    return _Prefetched(compiled=compiled, foreign_key=foreign_key, to_attr=lookup.to_attr)


def _compile_queryset(queryset, using, fields, marks, required) -> _Compiled:
    connection = connections[using]
    compiler = queryset.query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    wanted = {
        fields[name].get_db_prep_value(mark, connection): name for name, mark in marks.items()
    }
    slots = tuple(
        (index, wanted[param])
        for index, param in enumerate(params)
        if _hashable(param) and param in wanted
    )
    missing = required - {name for _, name in slots}
    if missing or any(str(mark) in sql for mark in marks.values()):
        raise ValueError(
            f"PrecompiledQuery: {sorted(missing) or 'a value'} is not a plain SQL parameter"
        )
    klass_info = compiler.klass_info
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    return _Compiled(
        compiler=compiler,
        sql=sql,
        params=tuple(params),
        slots=slots,
        init_list=[column[0].target.attname for column in compiler.select[start:end]],
        start=start,
        end=end,
        populators=get_related_populators(klass_info, compiler.select, using),
    )


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
