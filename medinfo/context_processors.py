from django.conf import settings
from django.core.exceptions import DisallowedHost

from .models import ClinicSettings


def clinic_settings(request) -> ClinicSettings:
    """The clinic's details, read from the cache once per request.

    The header, the footer and a page's structured data all show them; without
    this each would be one more cache round trip on every page render.
    """
    clinic = getattr(request, "_clinic_settings", None)
    if clinic is None:
        clinic = request._clinic_settings = ClinicSettings.load()
    return clinic


def site(request) -> dict:
    """What every page's header and footer show: the clinic's details (cached), the address."""
    try:
        # Absolute and without the query string; pages that must not have one override the block.
        canonical_url = request.build_absolute_uri(request.path)
    except DisallowedHost:
        # Django's "400 Bad Request" page for a Host header we do not serve is
        # rendered with this request too; it must not fail on the same header.
        canonical_url = ""
    return {
        "clinic": clinic_settings(request),
        "site_name": settings.SITE_NAME,
        "canonical_url": canonical_url,
    }
