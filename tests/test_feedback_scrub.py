"""Comments lose contact details, record numbers and dates before they are stored."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medinfo.feedback.scrub import MARKER, scrub


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call me on (555) 010-4477 please", "Call me on [removed] please"),
        ("my cell 555.010.4477", "my cell [removed]"),
        ("ring 5550104477", "ring [removed]"),
        ("UK: +44 20 7946 0958", "UK: [removed]"),
        ("mail jo.bloggs@example.org", "mail [removed]"),
        ("jo (at) example.org", "[removed]"),
        ("write to jo at example dot com", "write to [removed]"),
        ("MRN 12345678", "MRN [removed]"),
        ("card 4111 1111 1111 1111", "card [removed]"),
        ("born 03/14/1962", "born [removed]"),
        ("DOB 1962-03-14", "DOB [removed]"),
        ("born 14 March 1962", "born [removed]"),
        ("born March 14th, 1962", "born [removed]"),
    ],
)
def test_personal_details_are_replaced_by_a_marker(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I take 10 mg twice a day",
        "It says 0.5 mg to 2 mg",
        "Since 2019 I have had 3 seizures",
        "Take it 30 to 60 minutes before bed",
        "Page 2 of the leaflet, step 4",
    ],
)
def test_doses_and_short_numbers_stay(text):
    assert scrub(text) == text


@given(st.from_regex(r"[2-9]\d{2}-[2-9]\d{2}-\d{4}", fullmatch=True))
def test_any_us_phone_number_is_removed(number):
    assert number not in scrub(f"text me at {number} thanks")


@given(st.emails())
def test_any_email_address_is_removed(address):
    cleaned = scrub(f"reply to {address} please")
    assert address not in cleaned and MARKER in cleaned


def test_line_endings_are_kept_as_newlines():
    assert scrub("one\r\ntwo\rthree") == "one\ntwo\nthree"
