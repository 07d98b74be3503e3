"""Reading the plain-text fields staff type: one item per line, or names separated by commas."""

from __future__ import annotations


def text_lines(value: str) -> list[str]:
    """The non-blank lines of a one-item-per-line field, trimmed."""
    return [line.strip() for line in value.splitlines() if line.strip()]


def split_names(value: str) -> list[str]:
    """Names typed one per line or separated by commas, tidied and de-duplicated."""
    seen: dict[str, str] = {}
    for part in value.replace("\n", ",").split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())
