"""Page addresses without a full `reverse()` for every link.

A medicine page links to each of its conditions twice (the list and the
structured data), to itself, to its type of medicine and, in the header and
footer, to the site's main pages. `reverse()` resolves the namespace and
matches the route's pattern on every call (about 15 us); the address of a
route without arguments, and the text around a slug, are the same every time,
so they are worked out once per route, script prefix and URLconf, by
`reverse()` itself.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# What Django's `slug` path converter accepts, none of which needs quoting in a URL.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_MARK = "slug-0placeholder0"


@functools.lru_cache(maxsize=64)
def _around_slug(viewname: str, urlconf: str, script_prefix: str) -> tuple[str, str]:
    # reverse() reads the script prefix itself; it is part of the key so that
    # another prefix (a site mounted under a path) gets its own entry.
    url = reverse(viewname, urlconf=urlconf, kwargs={"slug": _MARK})
    before, mark, after = url.partition(_MARK)
    if not mark or _MARK in after:
        raise ValueError(f"{viewname} does not take its slug as one path segment")
    return before, after


@functools.lru_cache(maxsize=64)
def _route_url(viewname: str, urlconf: str, script_prefix: str) -> str:
    return reverse(viewname, urlconf=urlconf)


def page_url(viewname: str) -> str:
    """The same as `reverse(viewname)` for a route that takes no arguments."""
    return _route_url(viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def slug_url(viewname: str, slug: str) -> str:
    """The same as `reverse(viewname, kwargs={"slug": slug})`, at a fraction of the cost."""
    if not _SLUG.fullmatch(slug):
        # Not a valid slug: let reverse() say so (NoReverseMatch), as before.
        return reverse(viewname, kwargs={"slug": slug})
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _around_slug(viewname, urlconf, get_script_prefix())
    return before + slug + after
