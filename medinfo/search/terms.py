"""What a patient typed, made safe and split into the words worth searching for."""

from __future__ import annotations

import re
import unicodedata

MAX_QUERY_LENGTH = 100
MAX_TOKENS = 8

# Words that say nothing about what the patient is looking for.
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "a about an and are as at be by can do does for from how i in is it me my of on or "
        "the this to what when which who why with you your",
    )
)


def clean_query(raw: str) -> str:
    """Any user-typed text made safe to search: normalised, printable, bounded in length.

    NFKC folds full-width and other compatibility characters ("ｖａｌｉｕｍ" is
    "valium"); control and format characters (NUL, bidi overrides) become spaces.
    """
    text = unicodedata.normalize("NFKC", raw[: MAX_QUERY_LENGTH * 4])
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def tokens(query: str) -> list[str]:
    """The words worth searching for, in order, without repeats or stopwords."""
    seen: dict[str, None] = {}
    for word in words(query):
        if len(word) >= 2 and word not in STOPWORDS:
            seen.setdefault(word[:40], None)
    return list(seen)[:MAX_TOKENS]
