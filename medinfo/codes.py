"""Clinical codes on pages: RxNorm for medicines, ICD-10-CM and SNOMED CT for conditions.

Staff type codes into a text field on the page (so they are part of revisions,
pending copies and the workflow like any other field); `parse()` checks and tidies
them. Live pages' codes are also kept, one row per code, in the indexed
`ContentCode` table (medinfo/models/codes.py) that the infobutton looks up.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from stdnum import verhoeff


class CodeSystem(models.TextChoices):
    RXNORM = "rxnorm", "RxNorm"
    ICD10CM = "icd10cm", "ICD-10-CM"
    SNOMEDCT = "snomedct", "SNOMED CT"


# HL7 object identifiers, as EHRs send them in mainSearchCriteria.v.cs.
OIDS: dict[str, CodeSystem] = {
    "2.16.840.1.113883.6.88": CodeSystem.RXNORM,
    "2.16.840.1.113883.6.90": CodeSystem.ICD10CM,
    "2.16.840.1.113883.6.96": CodeSystem.SNOMEDCT,
}
OID_OF = {system: oid for oid, system in OIDS.items()}

# The longest code of any system (SNOMED CT ids have at most 18 digits).
MAX_CODE_LENGTH = 18

# An RxNorm concept id (RxCUI): a positive whole number, today at most 7 digits.
_RXCUI = re.compile(r"[1-9][0-9]{0,8}")
# An ICD-10-CM category (letter, digit, digit or letter), optionally followed by a
# dot and up to four more characters: F41, F41.1, G40.909, T36.0X1A. A prefix such
# as F10.23 stands for every code below it.
_ICD10CM = re.compile(r"(?P<category>[A-Z][0-9][0-9A-Z])(?:\.?(?P<rest>[0-9A-Z]{1,4}))?")
# A SNOMED CT concept id: 6-18 digits whose partition digits (the 2nd and 3rd from
# the end) say "concept" (00, or 10 in an extension) and whose last digit is a
# Verhoeff check digit.
_SCTID = re.compile(r"[1-9][0-9]{5,17}")

EXAMPLES = {
    CodeSystem.RXNORM: "an RxCUI is a number, e.g. 3322 for diazepam",
    CodeSystem.ICD10CM: "use a letter, two more characters and optionally a dot and up to "
    "four more, e.g. F41 or F41.1",
    CodeSystem.SNOMEDCT: "a SNOMED CT concept id is 6 to 18 digits ending in a check digit, "
    "e.g. 197480006",
}


def normalise(system: str, value: str) -> str | None:
    """One code in its stored form, or None when it is not a code of that system."""
    value = value.strip().upper()
    if len(value) > MAX_CODE_LENGTH:
        return None
    if system == CodeSystem.RXNORM:
        return value if _RXCUI.fullmatch(value) else None
    if system == CodeSystem.ICD10CM:
        match = _ICD10CM.fullmatch(value)
        if not match:
            return None
        rest = match["rest"]
        return f"{match['category']}.{rest}" if rest else match["category"]
    if system == CodeSystem.SNOMEDCT:
        if not _SCTID.fullmatch(value) or value[-3:-1] not in ("00", "10"):
            return None
        return value if verhoeff.is_valid(value) else None
    return None


def parse(system: str, text: str) -> list[str]:
    """The codes typed in a field (commas, spaces or new lines between them), tidied.

    Raises ValidationError naming every entry that is not a code of `system`.
    """
    codes: list[str] = []
    wrong: list[str] = []
    for part in re.split(r"[\s,;]+", text):
        if not part:
            continue
        code = normalise(system, part)
        if code is None:
            wrong.append(part[:30])
        elif code not in codes:
            codes.append(code)
    if wrong:
        label = CodeSystem(system).label
        listed = ", ".join(f"“{entry}”" for entry in wrong)
        noun = "is not a valid" if len(wrong) == 1 else "are not valid"
        raise ValidationError(f"{listed} {noun} {label} code: {EXAMPLES[system]}.")
    return codes


def icd10cm_prefixes(code: str) -> list[str]:
    """Every stored form that matches an ICD-10-CM code, most specific first.

    G40.909 -> G40.909, G40.90, G40.9, G40.
    """
    category, _, rest = code.partition(".")
    return [f"{category}.{rest[:n]}" for n in range(len(rest), 0, -1)] + [category]
