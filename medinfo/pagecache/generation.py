"""Generations: what makes every cached page stale at once, on every server.

The shared cache holds a small *state* record: a random generation token and
the next moment published content changes by itself (a scheduled go-live).
Every cached page remembers the generation it was rendered under and is served
only while that is still the current generation and the next scheduled change
has not arrived.

- Saving or deleting a registered content model (``register_content_model``,
  called from the app's ``apps.py``) writes a new generation in
  ``transaction.on_commit``: the admin's save commits, the new generation is in
  the shared cache, and only then does the admin response go back.
- Scheduled changes need no save: when a request sees that the next scheduled
  change has passed, it writes a new generation itself
  (``register_scheduled_field`` lists the date fields that schedule changes).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DatabaseError, models, transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from . import config

logger = logging.getLogger("medinfo.pagecache")

STATE_KEY = "pagecache:state"

_content_models: list[type[models.Model]] = []
_scheduled_fields: list[tuple[type[models.Model], str]] = []
# Saves that change nothing a page shows (a staff member signing in).
_IGNORED_UPDATES = frozenset({"last_login"})


def register_content_model(model: type[models.Model]) -> None:
    """Any save, delete or many-to-many change of ``model`` invalidates every page.

    Call it from an ``AppConfig.ready()`` for each model whose data appears on a
    public page (e.g. ``register_content_model(ClinicSettings)``).
    """
    if model in _content_models:
        return
    _content_models.append(model)
    uid = f"pagecache:{model._meta.label}"
    post_save.connect(_content_changed, sender=model, dispatch_uid=f"{uid}:save")
    post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{uid}:delete")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            _m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
        )


def _disconnect(model: type[models.Model]) -> None:
    uid = f"pagecache:{model._meta.label}"
    post_save.disconnect(sender=model, dispatch_uid=f"{uid}:save")
    post_delete.disconnect(sender=model, dispatch_uid=f"{uid}:delete")
    for field in model._meta.local_many_to_many:
        m2m_changed.disconnect(
            sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
        )


@contextlib.contextmanager
def bulk_changes():
    """For bulk loaders: no per-row signals (so deletes are fast), one invalidation at the end.

    bulk_create() and QuerySet.update() send no signals at all; code that uses
    them must run inside this block (or call schedule_invalidation()).
    """
    registered = content_models()
    for model in registered:
        _disconnect(model)
    _content_models.clear()
    try:
        yield
    finally:
        for model in registered:
            register_content_model(model)
        schedule_invalidation()


def register_scheduled_field(model: type[models.Model], field_name: str) -> None:
    """A date field at which content changes by itself (published_at, go_live_at, expires_at).

    Cached pages live no longer than the earliest future value of any such field.
    """
    if (model, field_name) not in _scheduled_fields:
        _scheduled_fields.append((model, field_name))


def content_models() -> list[type[models.Model]]:
    return list(_content_models)


def scheduled_fields() -> list[tuple[type[models.Model], str]]:
    return list(_scheduled_fields)


def next_scheduled_change(
    fields: Iterable[tuple[type[models.Model], str]] | None = None,
    now: datetime.datetime | None = None,
) -> datetime.datetime | None:
    """The earliest future datetime in any of ``fields`` (default: the registered ones).

    Drafts count too: it may end a cached page's life a little early, never late.
    """
    now = now or timezone.now()
    upcoming = []
    for model, field_name in scheduled_fields() if fields is None else fields:
        value = (
            model._default_manager.filter(**{f"{field_name}__gt": now})
            .aggregate(next=Min(field_name))
            .get("next")
        )
        if value is not None:
            upcoming.append(value)
    return min(upcoming, default=None)


def _content_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata: the caller bumps once when done
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= _IGNORED_UPDATES:
        return
    schedule_invalidation()


def _m2m_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        schedule_invalidation()


def schedule_invalidation(using: str | None = None) -> None:
    """Invalidate every cached page once the current transaction commits."""
    connection = transaction.get_connection(using)
    # One new generation per transaction is enough, however many rows changed.
    pending = getattr(connection, "run_on_commit", None) or []
    if any(len(entry) > 1 and entry[1] is invalidate_all for entry in pending):
        return
    transaction.on_commit(invalidate_all, using=using, robust=True)


@dataclass(frozen=True)
class CacheState:
    generation: str
    next_change: float | None  # a Unix timestamp, or None if nothing is scheduled
    changed_at: float  # when this generation began: the pages' Last-Modified

    def expired(self, now: float) -> bool:
        return self.next_change is not None and now >= self.next_change


def new_state() -> CacheState:
    now = config.clock()
    try:
        upcoming = next_scheduled_change()
        next_change = upcoming.timestamp() if upcoming else None
    except Exception:
        # Without the schedule, let this generation end at once so the next
        # request tries again; a new generation is what matters here.
        logger.exception("Could not read the publication schedule")
        next_change = now
    return CacheState(generation=uuid.uuid4().hex, next_change=next_change, changed_at=now)


# Called whenever this process starts a new generation (the per-process copies
# of pages in pages.py are emptied then).
_on_new_generation: list = []
# Called with a message for staff when a change could not reach the shared cache.
_on_unpublished_change: list = []


class _Verification:
    """Whether this worker must compare the cache's generation with the database's.

    Set when the worker starts, when it (re)connects to the cache and when a
    cache call fails; cleared by the comparison. While the database cannot
    answer, the comparison is tried again at most every few seconds.
    """

    RETRY_SECONDS = 5.0

    def __init__(self):
        self.needed = True
        self.not_before = 0.0

    def request(self) -> None:
        self.needed = True
        self.not_before = 0.0

    def due(self, now: float) -> bool:
        return self.needed and now >= self.not_before


verification = _Verification()


def cache_connected() -> None:
    """The project calls this after each new connection to the shared cache (see settings)."""
    verification.request()


def cache_failed() -> None:
    """A call to the shared cache failed: it may come back with older data than the database."""
    verification.request()


def _record(state: CacheState) -> bool:
    """Keep the generation in the database too; False if the database did not take it."""
    from ..models import CacheGeneration

    changed_at = datetime.datetime.fromtimestamp(state.changed_at, tz=datetime.UTC)
    try:
        CacheGeneration.objects.update_or_create(
            pk=1, defaults={"generation": state.generation, "changed_at": changed_at}
        )
    except DatabaseError:
        logger.warning("Could not record the page cache generation in the database")
        return False
    return True


def invalidate_all() -> CacheState:
    """Start a new generation: every cached page on every server is stale from now on.

    The generation goes to the database first, then to the shared cache. If the
    cache cannot take it, every worker compares the two once the cache is back
    (``checked_state``), so the change is never hidden by pages cached before it.
    """
    state = new_state()
    for callback in _on_new_generation:
        callback()
    recorded = _record(state)
    try:
        config.shared_cache().set(STATE_KEY, state, timeout=None)
    except Exception as error:
        cache_failed()
        logger.warning(
            "The page cache could not be told about a change (%s); every server checks "
            "the generation in the database when the cache is back",
            type(error).__name__,
        )
        message = (
            "Saved. The public pages could not be refreshed straight away because the "
            "page cache is unreachable; "
            + (
                "they will show this change once it is back."
                if recorded
                else "some pages may show the previous version for up to "
                f"{config.page_seconds() // 60} minutes."
            )
        )
        for callback in _on_unpublished_change:
            callback(message)
    return state


def current_state(cache=None) -> CacheState:
    """The shared state, created if missing and renewed once a scheduled change arrives."""
    cache = cache or config.shared_cache()
    return checked_state(cache, cache.get(STATE_KEY))


def checked_state(cache, state: CacheState | None) -> CacheState:
    """The state as read: created if missing, checked against the database after the
    cache was away, renewed if a scheduled change is due."""
    if state is None:
        cache.add(STATE_KEY, new_state(), timeout=None)
        state = cache.get(STATE_KEY) or invalidate_all()
    if verification.needed:
        state = _verified(cache, state)
    if state.expired(config.clock()):
        state = invalidate_all()
    return state


def _verified(cache, state: CacheState) -> CacheState:
    """The database's generation if the cache holds another one (the cache is behind)."""
    from ..models import CacheGeneration

    now = time.monotonic()
    if not verification.due(now):
        return state
    try:
        row = CacheGeneration.objects.filter(pk=1).values_list("generation", "changed_at").first()
    except DatabaseError:
        verification.not_before = now + verification.RETRY_SECONDS
        return state
    verification.needed = False
    if row is None or row[0] == state.generation:
        return state
    generation, changed_at = row
    logger.warning("The page cache held an older generation than the database; replaced")
    for callback in _on_new_generation:
        callback()
    state = dataclasses.replace(
        new_state(), generation=generation, changed_at=changed_at.timestamp()
    )
    cache.set(STATE_KEY, state, timeout=None)
    return state


def after_migrate(sender, **kwargs) -> None:
    """A deploy (`make serve` migrates on every start) may change templates or headers."""
    invalidate_all()
