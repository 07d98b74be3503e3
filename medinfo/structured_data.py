"""schema.org JSON-LD for medicine and condition pages, built from the published content.

Search engines read these to show what a page is about; patients never see them.
The template tag `json_ld` renders the dictionaries safely inside a script element.
"""

from __future__ import annotations

from typing import Any

from .models import ClinicSettings, Indication, MedicationArticle, PrescriptionStatus

SCHEMA = "https://schema.org"

# schema.org knows two statuses: a behind-the-counter medicine needs no prescription.
PRESCRIPTION_STATUS = {
    PrescriptionStatus.PRESCRIPTION: f"{SCHEMA}/PrescriptionOnly",
    PrescriptionStatus.PHARMACY: f"{SCHEMA}/OTC",
    PrescriptionStatus.OTC: f"{SCHEMA}/OTC",
}


def _publisher(request) -> dict[str, Any] | None:
    clinic = ClinicSettings.for_request(request)
    if not clinic.name:
        return None
    publisher: dict[str, Any] = {"@type": "MedicalClinic", "name": clinic.name}
    if clinic.phone:
        publisher["telephone"] = clinic.phone
    return publisher


def _legal_status(article: MedicationArticle) -> dict[str, Any]:
    if article.is_controlled:
        name = f"{article.get_controlled_schedule_display()} controlled substance"
    else:
        name = f"{article.get_prescription_status_display()}; not a controlled substance"
    return {
        "@type": "DrugLegalStatus",
        "name": name,
        "applicableLocation": {"@type": "Country", "name": "United States"},
    }


def drug(article: MedicationArticle, request) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "Drug",
        "name": article.generic_name,
        "nonProprietaryName": article.generic_name,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "prescriptionStatus": PRESCRIPTION_STATUS.get(
            article.prescription_status, f"{SCHEMA}/PrescriptionOnly"
        ),
        "legalStatus": _legal_status(article),
    }
    if article.brand_name_list:
        data["proprietaryName"] = article.brand_name_list
    if drug_class := article.public_drug_class:
        data["drugClass"] = {
            "@type": "DrugClass",
            "name": drug_class.name,
            "url": request.build_absolute_uri(drug_class.get_absolute_url()),
        }
    return data


def medicine(article: MedicationArticle, request) -> dict[str, Any]:
    """A MedicalWebPage for patients about one Drug."""
    url = request.build_absolute_uri(article.get_absolute_url())
    about = drug(article, request)
    uses = getattr(article, "public_uses", [])
    if uses:
        about["indication"] = [
            {
                "@type": "MedicalIndication",
                "name": use.indication.name,
                "url": request.build_absolute_uri(use.indication.get_absolute_url()),
            }
            for use in uses
        ]
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": article.title,
        "description": article.summary,
        "inLanguage": "en-US",
        "audience": {"@type": "Patient"},
        "about": about,
        "dateModified": article.updated_at.isoformat(),
    }
    if article.last_reviewed:
        data["lastReviewed"] = article.last_reviewed.isoformat()
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    publisher = _publisher(request)
    if publisher:
        data["publisher"] = publisher
    return data


def condition(indication: Indication, request) -> dict[str, Any]:
    """A MedicalCondition with the published medicines used for it."""
    url = request.build_absolute_uri(indication.get_absolute_url())
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "MedicalCondition",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "name": indication.name,
        "description": indication.summary,
        "drug": [
            {
                "@type": "Drug",
                "name": use.medication.generic_name,
                "nonProprietaryName": use.medication.generic_name,
                "url": request.build_absolute_uri(use.medication.get_absolute_url()),
                **(
                    {"proprietaryName": use.medication.brand_name_list}
                    if use.medication.brand_name_list
                    else {}
                ),
            }
            for use in getattr(indication, "public_uses", [])
        ],
    }
    if indication.synonym_list:
        data["alternateName"] = indication.synonym_list
    return data
