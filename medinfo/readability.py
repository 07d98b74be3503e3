"""Reading level of patient text (textstat), with drug names left out of the count.

Drug names are long, many-syllabled words patients read as a name, not as
vocabulary; counting them would flag every medicine page as hard to read.
NLM recommends about grade 6-7 for easy-to-read health material; we warn above 8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

from .richtext import html_to_text

WARN_ABOVE_GRADE = 8.0


@dataclass(frozen=True)
class ReadingLevel:
    grade: float
    ease: float

    @property
    def too_hard(self) -> bool:
        return self.grade > WARN_ABOVE_GRADE


def prepare(html_or_text: list[str], drug_names: list[str]) -> str:
    """Plain sentences: HTML stripped, every block ends a sentence, drug names removed."""
    lines: list[str] = []
    for value in html_or_text:
        for line in html_to_text(value).splitlines():
            line = line.strip().lstrip("-*• ").strip()
            if not line:
                continue
            lines.append(line if line[-1] in ".!?:;" else f"{line}.")
    text = " ".join(lines)
    names = sorted({name.strip() for name in drug_names if name.strip()}, key=len, reverse=True)
    if names:
        pattern = r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b"
        text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    # Leftovers such as "( )" from "Diazepam (Valium)" are not words either.
    text = re.sub(r"\(\s*[,\s]*\)", " ", text)
    return " ".join(text.split())


def measure(html_or_text: list[str], drug_names: list[str]) -> ReadingLevel | None:
    text = prepare(html_or_text, drug_names)
    if textstat.lexicon_count(text) < 10:
        return None
    return ReadingLevel(
        grade=round(textstat.flesch_kincaid_grade(text), 1),
        ease=round(textstat.flesch_reading_ease(text), 1),
    )
