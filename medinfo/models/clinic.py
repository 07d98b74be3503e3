"""The clinic's details shown on every page (one record): defaults, caching, phone links.

Every page shows the details (header and footer), so they are read through the
cache and the database is asked only when the cache is cold. Saving or deleting
the record clears the cache entry, and again once the transaction commits, so a
request that read the old row meanwhile cannot leave it cached.
"""

from __future__ import annotations

import logging
import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..canonical import CanonicalTextModel
from .text import text_lines

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
    except Exception as error:  # a cache outage must not take the pages down
        # Not a line per page: the outage is logged once (see pagecache.config.cache_error).
        from ..pagecache.config import cache_error

        cache_error("reading clinic details from the database", error)
        return None


def cache_values(values: dict) -> None:
    try:
        cache.set(CACHE_KEY, values, CACHE_SECONDS)
    except Exception as error:
        from ..pagecache.config import cache_error

        cache_error("clinic details not cached", error)


class ClinicSettings(CanonicalTextModel):
    """The clinic's details shown in the header and footer of every page. One record only."""

    SINGLETON_PK = 1

    name = models.CharField(
        "clinic name", max_length=120, help_text="Shown at the top of every page."
    )
    phone = models.CharField(
        "phone number",
        max_length=40,
        blank=True,
        help_text="The number patients call for appointments and questions, e.g. 555-010-4477.",
    )
    address = models.TextField(blank=True, help_text="Postal address, one line per line.")
    opening_hours = models.TextField(
        blank=True, help_text="One line per day or group of days, e.g. 'Mon-Fri 8am-6pm'."
    )
    emergency_message = models.CharField(
        max_length=300,
        default=DEFAULT_EMERGENCY_MESSAGE,
        help_text="Shown in bold on every page. Phone numbers in it become tap-to-call links.",
    )
    medical_disclaimer = models.TextField(
        default=DEFAULT_DISCLAIMER, help_text="Shown at the foot of every page."
    )
    updated_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        verbose_name = "clinic details"
        verbose_name_plural = "clinic details"

    def __str__(self) -> str:
        return self.name or "Clinic details"

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.phone and sum(ch.isdigit() for ch in self.phone) < 3:
            raise ValidationError({"phone": "Enter a phone number with its digits."})

    @property
    def phone_href(self) -> str:
        return tel_href(self.phone) if self.phone else ""

    @property
    def address_lines(self) -> list[str]:
        return text_lines(self.address)

    @property
    def opening_hours_lines(self) -> list[str]:
        return text_lines(self.opening_hours)

    @property
    def emergency_html(self) -> SafeString:
        return link_phone_numbers(self.emergency_message)

    @classmethod
    def for_request(cls, request) -> ClinicSettings:
        """The details, read from the cache once per request.

        The header, the footer and a page's structured data all show them; without
        this each would be one more cache round trip on every page render.
        """
        clinic = getattr(request, "_clinic_settings", None)
        if clinic is None:
            clinic = request._clinic_settings = cls.load()
        return clinic

    @classmethod
    def load(cls) -> ClinicSettings:
        """The saved record, or an unsaved one with the defaults when staff have not made one."""
        values = cached_values()
        if values is None:
            record = cls.objects.filter(pk=cls.SINGLETON_PK).first()
            fields = [f.attname for f in cls._meta.concrete_fields]
            values = {f: getattr(record, f) for f in fields} if record else {}
            cache_values(values)
        if not values:
            return cls()
        record = cls(**values)
        record._state.adding = False
        return record


@receiver(post_save, sender=ClinicSettings)
@receiver(post_delete, sender=ClinicSettings)
def _forget_cached_clinic_settings(**kwargs) -> None:
    # Signals also cover queryset deletes (the admin's bulk action), unlike delete().
    forget_clinic_settings()
