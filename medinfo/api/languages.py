"""Which language a page is given in: the one asked for if approved, else English.

English is the language every page is written in. Spanish pages (issue 14) will
be approved translations of a page; until they exist, `available_languages()`
is English only, so a request for Spanish falls back to English and says so
(`language` in JSON, `hreflang`/`xml:lang` in Atom).
"""

from __future__ import annotations

DEFAULT = "en"
SUPPORTED = ("en", "es")


def requested_language(value: str) -> str | None:
    """'es', 'ES', 'es-MX' -> 'es'; None for a language we do not offer."""
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary in SUPPORTED else None


def available_languages(page) -> set[str]:
    """The languages the page has an approved version in.

    Where Spanish plugs in: add the page's approved, published translations here.
    """
    return {DEFAULT}


def language_for(page, requested: str) -> str:
    return requested if requested in available_languages(page) else DEFAULT
