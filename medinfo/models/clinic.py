"""The clinic's details shown on every page (one record), and how they are cached."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.safestring import SafeString

from .. import clinic
from ..canonical import CanonicalTextModel
from .content import text_lines


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
        default=clinic.DEFAULT_EMERGENCY_MESSAGE,
        help_text="Shown in bold on every page. Phone numbers in it become tap-to-call links.",
    )
    medical_disclaimer = models.TextField(
        default=clinic.DEFAULT_DISCLAIMER, help_text="Shown at the foot of every page."
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
        return clinic.tel_href(self.phone) if self.phone else ""

    @property
    def address_lines(self) -> list[str]:
        return text_lines(self.address)

    @property
    def opening_hours_lines(self) -> list[str]:
        return text_lines(self.opening_hours)

    @property
    def emergency_html(self) -> SafeString:
        return clinic.link_phone_numbers(self.emergency_message)

    @classmethod
    def load(cls) -> ClinicSettings:
        """The saved record, or an unsaved one with the defaults when staff have not made one."""
        values = clinic.cached_values()
        if values is None:
            record = cls.objects.filter(pk=cls.SINGLETON_PK).first()
            fields = [f.attname for f in cls._meta.concrete_fields]
            values = {f: getattr(record, f) for f in fields} if record else {}
            clinic.cache_values(values)
        if not values:
            return cls()
        record = cls(**values)
        record._state.adding = False
        return record


@receiver(post_save, sender=ClinicSettings)
@receiver(post_delete, sender=ClinicSettings)
def _forget_cached_clinic_settings(**kwargs) -> None:
    # Signals also cover queryset deletes (the admin's bulk action), unlike delete().
    clinic.forget_clinic_settings()
