"""Soft locks: who else has a page's form open, kept in the shared cache.

Never blocks anyone, and never breaks the form: if the cache is down, nobody
is shown (and the failure is logged).
"""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)

# Someone counts as "on the page" until this long after their last sign of life
# (the form's script checks in every minute while they work on it).
WINDOW_SECONDS = 5 * 60


@dataclass(frozen=True)
class Visitor:
    user_id: int
    name: str
    since: float  # when they opened the page (epoch seconds)
    seen: float  # their last sign of life

    @property
    def opened_at(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self.since, tz=datetime.UTC)

    @property
    def last_active(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self.seen, tz=datetime.UTC)


def _now() -> float:
    return time.time()


def _key(model_label: str, pk) -> str:
    return f"medinfo:presence:{model_label}:{pk}"


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def check_in(model_label: str, pk, user) -> list[Visitor]:
    """Record that `user` has the page open; the others on it now, earliest first."""
    now = _now()
    key = _key(model_label, pk)
    try:
        stored = cache.get(key) or {}
        # Stored as plain tuples, so any version of this code can read them.
        visitors = {
            uid: Visitor(uid, *values)
            for uid, values in stored.items()
            if now - values[2] < WINDOW_SECONDS
        }
        earlier = visitors.get(user.pk)
        since = earlier.since if earlier else now
        visitors[user.pk] = Visitor(user.pk, _name(user), since, now)
        # A lost race only drops one check-in until that person's next (a minute later).
        cache.set(
            key, {v.user_id: (v.name, v.since, v.seen) for v in visitors.values()}, WINDOW_SECONDS
        )
    except Exception:
        logger.warning("The cache is unavailable: cannot tell who else has a page open.")
        return []
    return sorted((v for uid, v in visitors.items() if uid != user.pk), key=lambda v: v.since)
