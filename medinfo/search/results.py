"""What a search returns: hits (a medicine or a condition, with a score) and suggestions."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Indication, MedicationArticle
from .names import MEDICINE, Name


@dataclass
class Hit:
    kind: str
    item: MedicationArticle | Indication
    score: float
    fuzzy: bool = False  # found only through a near-miss name
    matched: Name | None = None  # the brand, synonym or class that matched, if not the name

    @property
    def label(self) -> str:
        return "Medicine" if self.kind == MEDICINE else "Condition"

    @property
    def title(self) -> str:
        return self.item.title if self.kind == MEDICINE else self.item.name

    @property
    def match_note(self) -> str:
        """Why a result is here when its title does not show it, e.g. 'Brand name: Valium'."""
        if self.matched is None:
            return ""
        prefix = {"brand": "Brand name", "synonym": "Also called", "class": "Type of medicine"}
        return f"{prefix[self.matched.role]}: {self.matched.text}"


@dataclass
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.hits)

    @property
    def only_near_misses(self) -> bool:
        return bool(self.hits) and all(hit.fuzzy for hit in self.hits)


def ranked(hits: list[Hit], limit: int) -> list[Hit]:
    """Best score first; equal scores by title, so the order never depends on the database."""
    return sorted(hits, key=lambda hit: (-hit.score, hit.title.casefold()))[:limit]
