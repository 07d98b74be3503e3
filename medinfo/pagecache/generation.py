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
import datetime
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models, transaction
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


def invalidate_all() -> CacheState:
    """Start a new generation: every cached page on every server is stale from now on."""
    state = new_state()
    for callback in _on_new_generation:
        callback()
    cache = config.shared_cache()
    try:
        cache.set(STATE_KEY, state, timeout=None)
    except Exception:
        # Without the shared state every server renders afresh until the cache
        # returns; the risk is a cache that comes back with the old state.
        logger.exception("Could not invalidate the page cache; retrying by deleting its state")
        try:
            cache.delete(STATE_KEY)
        except Exception:
            logger.critical(
                "Page cache state could not be replaced: cached pages may be stale for up to "
                "PAGE_CACHE_SECONDS. Clear the cache (CACHE_URL) once it is reachable."
            )
    return state


def current_state(cache=None) -> CacheState:
    """The shared state, created if missing and renewed once a scheduled change arrives."""
    cache = cache or config.shared_cache()
    return checked_state(cache, cache.get(STATE_KEY))


def checked_state(cache, state: CacheState | None) -> CacheState:
    """The state as read: created if missing, renewed if a scheduled change is due."""
    if state is None:
        cache.add(STATE_KEY, new_state(), timeout=None)
        state = cache.get(STATE_KEY) or invalidate_all()
    if state.expired(config.clock()):
        state = invalidate_all()
    return state


def after_migrate(sender, **kwargs) -> None:
    """A deploy (`make serve` migrates on every start) may change templates or headers."""
    invalidate_all()
