from django.conf import settings

from .models import ClinicSettings


def site(request) -> dict:
    """What every page's header and footer show: the clinic's details (cached), the address."""
    return {
        "clinic": ClinicSettings.load(),
        "site_name": settings.SITE_NAME,
        # Absolute and without the query string; pages that must not have one override the block.
        "canonical_url": request.build_absolute_uri(request.path),
    }
