"""The shapes the API answers with (they make the OpenAPI document)."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

Language = Literal["en", "es"]


class Problem(Schema):
    parameter: str = Field(description="The query parameter at fault, e.g. page.")
    message: str


class BadRequest(Schema):
    detail: str = Field(description="What was wrong, naming the parameters.")
    errors: list[Problem] = []


class NotFound(Schema):
    detail: str


class PageLinks(Schema):
    count: int = Field(description="How many items there are in all.")
    page: int
    pages: int = Field(description="How many pages there are (at least 1).")
    next: str | None = Field(description="The next page's address, if any.")
    previous: str | None = Field(description="The previous page's address, if any.")


class ConditionRef(Schema):
    slug: str
    name: str
    url: str = Field(description="The condition's public page.")
    api_url: str


class MedicationRef(Schema):
    slug: str
    title: str
    generic_name: str
    url: str = Field(description="The medicine's public page.")
    api_url: str


class Use(Schema):
    labelled: bool = Field(description="True for an FDA-labelled use, false for off-label.")
    kind: Literal["labelled", "off_label"]
    note: str = Field(description="How the medicine helps this condition, in plain words.")


class MedicationUse(Use):
    condition: ConditionRef


class ConditionUse(Use):
    medication: MedicationRef


class MedicationSummary(MedicationRef):
    language: Language = Field(description="The language of the page (English until translated).")
    brand_names: list[str]
    drug_class: str | None
    rxnorm_codes: list[str] = Field(description="RxNorm RxCUIs: the ingredient, then products.")
    summary: str
    last_reviewed: datetime.date | None = Field(description="When a clinician last reviewed it.")
    next_review_due: datetime.date | None
    approved_at: datetime.datetime | None = Field(description="When this version was approved.")


class MedicationDetail(MedicationSummary):
    prescription_status: Literal["prescription", "pharmacy", "otc"]
    controlled_schedule: str = Field(description="US schedule (I-V), empty if not controlled.")
    key_facts: list[str]
    get_help_now: list[str] = Field(description="Emergency signs, one per item.")
    uses: list[MedicationUse] = Field(description="Published conditions it is used for.")


class ConditionSummary(ConditionRef):
    language: Language
    synonyms: list[str] = Field(description="Other names patients use.")
    summary: str
    icd10cm_codes: list[str] = Field(description="ICD-10-CM codes or code families (prefixes).")
    snomed_codes: list[str] = Field(description="SNOMED CT concept ids.")
    approved_at: datetime.datetime | None


class ConditionDetail(ConditionSummary):
    medications: list[ConditionUse] = Field(description="Published medicines used for it.")


class MedicationPage(PageLinks):
    items: list[MedicationSummary]


class ConditionPage(PageLinks):
    items: list[ConditionSummary]


# The infobutton's JSON: MedlinePlus Connect's shape (feed.entry[].title._value, ...).
class Text(Schema):
    value: str = Field(alias="_value")
    type: str = "text"


class Value(Schema):
    value: str = Field(alias="_value")


class Link(Schema):
    href: str = Field(description="The page's public address.")
    rel: str = "alternate"
    type: str = "html"
    hreflang: Language = Field(description="The language of the page linked to.")
    title: str


class Category(Schema):
    scheme: str = Field(description="mainSearchCriteria.v.c or mainSearchCriteria.v.cs.")
    term: str


class Author(Schema):
    name: Value


class Entry(Schema):
    lang: Language = Field(description="The entry's language (English when no translation).")
    title: Text
    link: list[Link]
    id: Value
    updated: Value
    summary: Text = Field(description="The page's summary, as HTML (type html).")


class FeedBody(Schema):
    lang: Language
    base: str = Field(description="The site's address.")
    title: Text
    subtitle: Text
    author: Author
    updated: Value
    id: Value
    category: list[Category] = Field(description="The code and code system asked about.")
    entry: list[Entry] = Field(description="The matching pages; empty for an unknown code.")


class InfobuttonJson(Schema):
    feed: FeedBody
