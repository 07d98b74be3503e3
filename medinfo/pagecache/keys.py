"""Which pages are cached, and the key each is stored under.

A page's key is its host, path and only the query parameters its view reads,
each normalised the way the view reads it. Anything else in the query string
(``utm_source``, a cache-buster, junk) is ignored: it neither creates a key
nor costs a render, and the page is the same one everybody else gets.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.http import urlencode

PAGE_KEY_PREFIX = "pagecache:page:"


def positive_number(value: str) -> str:
    """``page=02`` is ``page=2``; ``page=abc`` or ``page=0`` is the first page (no parameter)."""
    value = value.strip()
    return str(int(value)) if value.isascii() and value.isdigit() and int(value) > 0 else ""


def first_letter(value: str) -> str:
    return value.strip().upper()[:1]


def as_typed(value: str) -> str:
    # The page shows what was typed: two spellings are two pages.
    return value


# Views whose anonymous responses may be cached, by "namespace:url_name", each
# with the query parameters it reads and how each is normalised.
PUBLIC_PAGES: dict[str, dict[str, Callable[[str], str]] | None] = {
    "medinfo:home": {},
    "medinfo:medication_list": {"letter": first_letter, "page": positive_number},
    "medinfo:medication_detail": {},
    "medinfo:condition_list": {"page": positive_number},
    "medinfo:condition_detail": {"page": positive_number},
    "medinfo:drug_class_list": {},
    "medinfo:drug_class_detail": {"page": positive_number},
    "medinfo:search": {"q": as_typed},
    "sitemap": {"p": positive_number},
    "robots_txt": {},
    # The read-only API (medinfo/api/). Its parameters are validated by the API
    # (a malformed one is a 400), so each is keyed exactly as typed; the infobutton's
    # display name (`mainSearchCriteria.v.dn`) does not change the answer.
    "api:medication_list": {"page": as_typed},
    "api:medication_detail": {},
    "api:condition_list": {"page": as_typed},
    "api:condition_detail": {},
    "api:infobutton": {
        "mainSearchCriteria.v.cs": as_typed,
        "mainSearchCriteria.v.c": as_typed,
        "informationRecipient.languageCode.c": as_typed,
        "knowledgeResponseType": as_typed,
    },
    "api:openapi-json": {},
    "api:openapi-view": {},
}


def register_public_page(view_name: str, **reads: Callable[[str], str]) -> None:
    """Cache ``view_name``'s anonymous pages, keyed by the query parameters in ``reads``."""
    PUBLIC_PAGES[view_name] = reads


def _whole_query(request: HttpRequest) -> str:
    return urlencode(sorted(request.GET.lists()), doseq=True)


@functools.lru_cache(maxsize=2048)
def _view_name(urlconf: str, path: str) -> str | None:
    try:
        return resolve(path, urlconf).view_name
    except Resolver404:
        return None


def public_view(path_info: str) -> str | None:
    """The cacheable view that answers ``path_info``, if any (resolved once per path)."""
    name = _view_name(get_urlconf() or settings.ROOT_URLCONF, path_info)
    return name if name in PUBLIC_PAGES else None


def page_key(request: HttpRequest, view_name: str, encoding: str) -> str:
    reads = PUBLIC_PAGES.get(view_name, {})
    if reads is None:
        query = _whole_query(request)
    else:
        parts = []
        for name in sorted(reads.keys() & request.GET.keys()):
            # QueryDict.get() (what views call) gives the last value.
            value = reads[name](request.GET[name])
            if value:
                parts.append(f"{name}={value}")
        query = "&".join(parts)
    raw = f"{request.get_host()}\n{request.path}\n{query}\n{encoding}"
    return PAGE_KEY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
