"""Takes personal details out of a patient's comment before it is stored.

People type their phone number, e-mail address, record or card number and date
of birth into free-text boxes, however clearly they are asked not to. Each is
replaced by MARKER. Phone numbers are found with phonenumbers (Google's
libphonenumber), in the clinic's region and in international form; the rest by
patterns. Doses and short numbers ("10 mg", "2 tablets", "since 2019") stay.
"""

from __future__ import annotations

import re

import phonenumbers
from django.conf import settings

MARKER = "[removed]"

EMAIL = re.compile(
    r"[\w.!#$%&'*+/=?^`{|}~-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*\.\s*[\w-]+)+"
    r"|\b[\w.+-]+\s+(?:at|\(at\))\s+[\w-]+\s+(?:dot|\(dot\))\s+\w+",  # jo at example dot com
    re.I,
)
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE = re.compile(
    r"\b(?:"
    r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:\d{4}|\d{2})"  # 03/14/1962, 14.3.62
    r"|\d{4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,2}"  # 1962-03-14
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS},?\s+\d{{2,4}}"  # 14 March 1962
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2,4}}"  # March 14, 1962
    r")\b",
    re.I,
)
# Six or more digits, perhaps split by spaces, dashes or dots: record, card,
# insurance and account numbers.
DIGIT_RUN = re.compile(r"(?<![\w])\d(?:[\s.-]?\d){5,}(?![\w])")


def phone_region() -> str:
    return getattr(settings, "FEEDBACK_PHONE_REGION", "US")


def _remove_phone_numbers(text: str) -> str:
    matches = list(
        phonenumbers.PhoneNumberMatcher(
            text, phone_region(), leniency=phonenumbers.Leniency.POSSIBLE
        )
    )
    for match in reversed(matches):
        text = text[: match.start] + MARKER + text[match.end :]
    return text


def scrub(text: str) -> str:
    """The comment without contact details, long numbers or dates (line endings as LF)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = EMAIL.sub(MARKER, text)
    text = DATE.sub(MARKER, text)
    text = _remove_phone_numbers(text)
    text = DIGIT_RUN.sub(MARKER, text)
    return text
