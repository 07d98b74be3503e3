"""Helpers for the clinic's details (the ClinicSettings record): defaults, caching, phone links.

Every page shows the details (header and footer), so they are read through the
cache and the database is asked only when the cache is cold. Saving or deleting
the record clears the cache entry, and again once the transaction commits, so a
request that read the old row meanwhile cannot leave it cached.
"""

from __future__ import annotations

import logging
import re

from django.core.cache import cache
from django.db import transaction
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

CACHE_KEY = "medinfo:clinic-settings:v1"
# With a per-process cache (the locmem default) another worker's copy is only
# refreshed when it expires; a shared cache (Redis) is cleared at once on save.
CACHE_SECONDS = 300

DEFAULT_EMERGENCY_MESSAGE = (
    "In an emergency call 911. For poisoning or an overdose call Poison Control: 1-800-222-1222."
)
DEFAULT_DISCLAIMER = (
    "This information helps you understand your medicines. It does not replace advice from "
    "your doctor, nurse or pharmacist. Always follow the instructions from your prescriber."
)

# Seven or more digits with the usual separators, e.g. 1-800-222-1222 or (555) 010 4477.
PHONE_NUMBER = re.compile(r"(?<![\w+])\+?\d[\d\s().-]{5,}\d(?!\w)")


def tel_href(number: str) -> str:
    """The tel: address for a number as people write it (digits and a leading +)."""
    digits = re.sub(r"\D", "", number)
    return f"tel:{'+' if number.strip().startswith('+') else ''}{digits}"


def link_phone_numbers(text: str) -> SafeString:
    """Escape text and turn the phone numbers in it into tel: links (one tap on a phone)."""
    parts: list[str] = []
    position = 0
    for match in PHONE_NUMBER.finditer(text):
        number = match.group(0)
        if sum(ch.isdigit() for ch in number) < 7:
            continue
        parts.append(escape(text[position : match.start()]))
        parts.append(format_html('<a href="{}">{}</a>', tel_href(number), number))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def forget_clinic_settings() -> None:
    def clear() -> None:
        try:
            cache.delete(CACHE_KEY)
        except Exception:
            logger.warning("Cache unavailable; could not clear the cached clinic details")

    clear()
    transaction.on_commit(clear)


def cached_values() -> dict | None:
    try:
        return cache.get(CACHE_KEY)
    except Exception:  # a cache outage must not take the pages down
        logger.warning("Cache unavailable; reading clinic details from the database")
        return None


def cache_values(values: dict) -> None:
    try:
        cache.set(CACHE_KEY, values, CACHE_SECONDS)
    except Exception:
        logger.warning("Cache unavailable; clinic details not cached")
