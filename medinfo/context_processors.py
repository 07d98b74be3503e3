from django.conf import settings
from django.core.exceptions import DisallowedHost

from .models import ClinicSettings


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
        "clinic": ClinicSettings.for_request(request),
        "site_name": settings.SITE_NAME,
        "canonical_url": canonical_url,
    }
