"""/api/v1/infobutton: MedlinePlus Connect's parameters lead to the clinic's own pages."""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest
from django.core.management import call_command

from clinic.logs import JsonFormatter, RequestIdFilter
from medinfo.editorial import copies
from medinfo.models import Status

from .factories import make_article, make_indication

pytestmark = pytest.mark.django_db

RXNORM = "2.16.840.1.113883.6.88"
ICD10CM = "2.16.840.1.113883.6.90"
SNOMEDCT = "2.16.840.1.113883.6.96"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def ask(client, system: str, code: str, **extra):
    params = {"mainSearchCriteria.v.cs": system, "mainSearchCriteria.v.c": code, **extra}
    return client.get("/api/v1/infobutton?" + urlencode(params))


def json_entries(client, system: str, code: str, **extra) -> list[dict]:
    response = ask(client, system, code, knowledgeResponseType="application/json", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["feed"]["entry"]


def atom_entries(client, system: str, code: str, **extra) -> list[ET.Element]:
    response = ask(client, system, code, **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return feed.findall(f"{ATOM}entry")


def links(client, system: str, code: str, **extra) -> tuple[list[str], list[str]]:
    """The page links of the JSON answer and of the Atom answer."""
    from_json = [entry["link"][0]["href"] for entry in json_entries(client, system, code, **extra)]
    from_atom = [
        entry.find(f"{ATOM}link").get("href")
        for entry in atom_entries(client, system, code, **extra)
    ]
    return from_json, from_atom


@pytest.fixture
def demo(db):
    call_command("load_demo_content", verbosity=0)


DEMO_CODES = [
    (RXNORM, "3322", "/medications/diazepam/"),
    (RXNORM, "6470", "/medications/lorazepam/"),
    (ICD10CM, "F41", "/conditions/anxiety-disorders/"),
    (ICD10CM, "F41.1", "/conditions/anxiety-disorders/"),
    (ICD10CM, "F41.0", "/conditions/anxiety-disorders/"),
    (ICD10CM, "G40.909", "/conditions/seizures/"),
    (ICD10CM, "R56.9", "/conditions/seizures/"),
    (ICD10CM, "F10.230", "/conditions/alcohol-withdrawal/"),
    (ICD10CM, "F10.139", "/conditions/alcohol-withdrawal/"),
    (ICD10CM, "F10.931", "/conditions/alcohol-withdrawal/"),
    (ICD10CM, "G47.00", "/conditions/insomnia/"),
    (ICD10CM, "F51.01", "/conditions/insomnia/"),
    (ICD10CM, "M62.830", "/conditions/muscle-spasms/"),
    (ICD10CM, "M62.838", "/conditions/muscle-spasms/"),
    (ICD10CM, "K58.9", "/conditions/stress-related-digestive-disorders/"),
    (ICD10CM, "K30", "/conditions/stress-related-digestive-disorders/"),
    (SNOMEDCT, "197480006", "/conditions/anxiety-disorders/"),
    (SNOMEDCT, "84757009", "/conditions/seizures/"),
    (SNOMEDCT, "91175000", "/conditions/seizures/"),
    (SNOMEDCT, "193462001", "/conditions/insomnia/"),
    (SNOMEDCT, "45352006", "/conditions/muscle-spasms/"),
    (SNOMEDCT, "10743008", "/conditions/stress-related-digestive-disorders/"),
]


def test_each_demo_code_leads_to_its_page_in_json_and_atom(client, demo):
    # One test for all codes: the demo content is loaded once.
    for system, code, path in DEMO_CODES:
        from_json, from_atom = links(client, system, code)

        assert from_json == from_atom == [f"http://testserver{path}"], (system, code)


def test_an_entry_has_medlineplus_json_shape(client, demo):
    response = ask(client, RXNORM, "3322", knowledgeResponseType="application/json")
    feed = response.json()["feed"]
    entry = feed["entry"][0]

    assert entry["title"]["_value"] == "Diazepam (Valium)"
    assert entry["summary"]["_value"].startswith("Diazepam (brand name Valium)")
    assert entry["summary"]["type"] == "html"
    assert entry["link"][0]["hreflang"] == "en"
    assert {"scheme": "mainSearchCriteria.v.c", "term": "3322"} in feed["category"]
    assert {"scheme": "mainSearchCriteria.v.cs", "term": RXNORM} in feed["category"]


def test_an_atom_entry_has_title_link_summary_id_and_updated(client, demo):
    (entry,) = atom_entries(client, ICD10CM, "F41.1")

    assert entry.findtext(f"{ATOM}title") == "Anxiety disorders"
    assert entry.findtext(f"{ATOM}summary").startswith("Anxiety disorders cause worry")
    assert entry.findtext(f"{ATOM}id") == "http://testserver/conditions/anxiety-disorders/"
    assert entry.findtext(f"{ATOM}updated").startswith("2026-11-02")
    assert entry.get(XML_LANG) == "en"


def test_the_most_specific_code_family_wins(client):
    make_indication(slug="anxiety", icd10cm_codes="F41")
    make_indication(slug="panic", icd10cm_codes="F41.0")

    assert links(client, ICD10CM, "F41.01")[0] == ["http://testserver/conditions/panic/"]
    assert links(client, ICD10CM, "F41.1")[0] == ["http://testserver/conditions/anxiety/"]
    assert links(client, ICD10CM, "F41")[0] == ["http://testserver/conditions/anxiety/"]
    # A family is matched on whole characters: F4 is not F41, F411 is F41.1.
    assert links(client, ICD10CM, "F411")[0] == ["http://testserver/conditions/anxiety/"]
    assert links(client, ICD10CM, "F42") == ([], [])


def test_codes_are_matched_whatever_their_case_or_dot(client):
    make_indication(slug="seizures", icd10cm_codes="G40")

    assert links(client, ICD10CM, "g40909")[0] == ["http://testserver/conditions/seizures/"]


def test_an_unknown_code_is_an_empty_feed(client, demo):
    assert links(client, RXNORM, "999999") == ([], [])
    assert links(client, ICD10CM, "Z99.89") == ([], [])
    assert links(client, SNOMEDCT, "22298006") == ([], [])  # a real concept we have no page for


def test_drafts_and_pending_copies_are_never_linked(client, editor):
    make_article(slug="draft", rxnorm_codes="1111", status=Status.DRAFT)
    make_indication(slug="reviewing", icd10cm_codes="F41", status=Status.IN_REVIEW)
    live = make_indication(slug="live", icd10cm_codes="G40")
    copy = copies.start_pending_copy(live, editor)
    copy.icd10cm_codes = "G40, R56"
    copy.full_clean()
    copy.save()

    assert links(client, RXNORM, "1111") == ([], [])
    assert links(client, ICD10CM, "F41.1") == ([], [])
    # The copy's new code is not live until approved; the live page's code still is.
    assert links(client, ICD10CM, "R56.9") == ([], [])
    assert links(client, ICD10CM, "G40.1")[0] == ["http://testserver/conditions/live/"]


def test_the_most_specific_published_family_wins_over_an_unpublished_narrower_one(client):
    make_indication(slug="anxiety", icd10cm_codes="F41")
    make_indication(slug="panic", icd10cm_codes="F41.0", status=Status.DRAFT)

    assert links(client, ICD10CM, "F41.0")[0] == ["http://testserver/conditions/anxiety/"]


@pytest.mark.parametrize("language", ["es", "ES", "es-MX", "es_US"])
def test_spanish_falls_back_to_english_until_a_translation_is_approved(client, demo, language):
    extra = {"informationRecipient.languageCode.c": language}
    (entry,) = json_entries(client, RXNORM, "3322", **extra)
    (atom_entry,) = atom_entries(client, RXNORM, "3322", **extra)

    assert entry["lang"] == "en"
    assert entry["link"][0]["hreflang"] == "en"
    assert entry["link"][0]["href"] == "http://testserver/medications/diazepam/"
    assert atom_entry.get(XML_LANG) == "en"
    assert atom_entry.find(f"{ATOM}link").get("hreflang") == "en"


def test_other_medlineplus_parameters_are_accepted_and_ignored(client, demo):
    extra = {
        "mainSearchCriteria.v.dn": "Generalized anxiety disorder",
        "patientPerson.administrativeGenderCode.c": "F",
        "age.v.v": "45",
        "age.v.u": "a",
        "informationRecipient": "PAT",
    }
    assert links(client, ICD10CM, "F41.1", **extra)[0] == [
        "http://testserver/conditions/anxiety-disorders/"
    ]


BAD_REQUESTS = [
    ({}, "mainSearchCriteria.v.cs"),
    ({"mainSearchCriteria.v.cs": RXNORM}, "mainSearchCriteria.v.c"),
    ({"mainSearchCriteria.v.c": "3322"}, "mainSearchCriteria.v.cs"),
    ({"mainSearchCriteria.v.cs": "2.16.840.1.113883.6.103", "mainSearchCriteria.v.c": "300.0"},
     "mainSearchCriteria.v.cs"),  # ICD-9-CM: not a system we answer for
    ({"mainSearchCriteria.v.cs": "", "mainSearchCriteria.v.c": "3322"}, "mainSearchCriteria.v.cs"),
    ({"mainSearchCriteria.v.cs": RXNORM, "mainSearchCriteria.v.c": ""}, "mainSearchCriteria.v.c"),
    ({"mainSearchCriteria.v.cs": RXNORM, "mainSearchCriteria.v.c": "9" * 5000},
     "mainSearchCriteria.v.c"),
    ({"mainSearchCriteria.v.cs": ICD10CM, "mainSearchCriteria.v.c": "F41<script>"},
     "mainSearchCriteria.v.c"),
    ({"mainSearchCriteria.v.cs": ICD10CM, "mainSearchCriteria.v.c": "F41.1' OR 1=1"},
     "mainSearchCriteria.v.c"),
    ({"mainSearchCriteria.v.cs": ICD10CM, "mainSearchCriteria.v.c": "F4"},
     "mainSearchCriteria.v.c"),
    ({"mainSearchCriteria.v.cs": RXNORM, "mainSearchCriteria.v.c": "F41.1"},
     "mainSearchCriteria.v.c"),  # an ICD code sent as RxNorm
    ({"mainSearchCriteria.v.cs": SNOMEDCT, "mainSearchCriteria.v.c": "197480007"},
     "mainSearchCriteria.v.c"),  # check digit wrong
    ({"mainSearchCriteria.v.cs": RXNORM, "mainSearchCriteria.v.c": "3322",
      "informationRecipient.languageCode.c": "fr"}, "informationRecipient.languageCode.c"),
    ({"mainSearchCriteria.v.cs": RXNORM, "mainSearchCriteria.v.c": "3322",
      "knowledgeResponseType": "application/javascript"}, "knowledgeResponseType"),
    ({"mainSearchCriteria.v.cs": RXNORM, "mainSearchCriteria.v.c": "3322",
      "mainSearchCriteria.v.dn": "x" * 5000}, "mainSearchCriteria.v.dn"),
]  # fmt: skip


@pytest.mark.parametrize(("params", "parameter"), BAD_REQUESTS)
def test_a_missing_or_malformed_parameter_is_a_400_saying_which(client, params, parameter):
    response = client.get("/api/v1/infobutton?" + urlencode(params))

    assert response.status_code == 400
    body = response.json()
    assert parameter in body["detail"]
    assert parameter in [problem["parameter"] for problem in body["errors"]]


def test_a_400_never_echoes_the_code(client):
    response = ask(client, ICD10CM, "QQ12.345")

    assert response.status_code == 400
    assert b"QQ12" not in response.content


def test_the_infobutton_needs_one_query_whatever_the_content_size(
    client, django_assert_num_queries
):
    made = iter(range(900))

    def grow(count: int) -> None:
        for _ in range(count):
            n = next(made)
            condition = make_indication(icd10cm_codes=f"M{10 + n // 10}.{n % 10}")
            make_article(rxnorm_codes=str(10_000 + n), uses=[condition])

    make_indication(slug="anxiety", icd10cm_codes="F41")
    make_article(slug="diazepam", rxnorm_codes="3322")
    for size in (1, 40):
        grow(size)
        for system, code in ((RXNORM, "3322"), (ICD10CM, "F41.1"), (ICD10CM, "Z00")):
            with django_assert_num_queries(1):
                assert ask(client, system, code).status_code == 200


def test_the_code_asked_for_never_reaches_a_log_line(client, demo):
    """Codes are health information: no log line (with or without an address) may hold one."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [
        logging.getLogger(),
        logging.getLogger("django"),
        logging.getLogger("django.request"),
    ]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        assert ask(client, ICD10CM, "F41.1").status_code == 200
        assert ask(client, ICD10CM, "Z87.891").status_code == 200  # unknown: empty feed
        assert ask(client, ICD10CM, "QQ12.345").status_code == 400
        assert ask(client, "1.2.3.4.5.6.7.8", "F41.1").status_code == 400
    finally:
        for logger in loggers:
            logger.removeHandler(handler)

    assert any("Bad Request: /api/v1/infobutton" in line for line in lines), lines
    for line in lines:
        json.loads(line)
        for secret in ("F41.1", "F411", "Z87", "QQ12", "1.2.3.4.5.6.7.8"):
            assert secret not in line, line
