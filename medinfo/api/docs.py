"""The API's human-readable docs: one server-rendered page built from the OpenAPI document.

No JavaScript and nothing from another site (the site's CSP allows neither),
readable with a screen reader and on a phone, like every other page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase

SAMPLE_CODES = [
    ("RxNorm", "2.16.840.1.113883.6.88", "3322", "diazepam"),
    ("ICD-10-CM", "2.16.840.1.113883.6.90", "F41.1", "generalized anxiety disorder"),
    ("SNOMED CT", "2.16.840.1.113883.6.96", "84757009", "epilepsy"),
]


def _type(schema: dict) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    if "anyOf" in schema:
        return " or ".join(_type(option) for option in schema["anyOf"])
    kind = schema.get("type", "string")
    limits = []
    if "minimum" in schema:
        limits.append(f"at least {schema['minimum']}")
    if "maximum" in schema:
        limits.append(f"at most {schema['maximum']}")
    if "maxLength" in schema:
        limits.append(f"up to {schema['maxLength']} characters")
    return f"{kind} ({', '.join(limits)})" if limits else kind


def operations(schema: dict) -> list[dict[str, Any]]:
    """Each operation of the document, ready for the template."""
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": _type(parameter.get("schema", {})),
                    "default": parameter.get("schema", {}).get("default"),
                    "description": parameter.get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            responses = [
                {
                    "status": status,
                    "description": response.get("description", ""),
                    "types": ", ".join(response.get("content", {})),
                }
                for status, response in operation.get("responses", {}).items()
            ]
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": responses,
                }
            )
    return found


class ServerRenderedDocs(DocsBase):
    def render_page(self, request: HttpRequest, api, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        infobutton = request.build_absolute_uri(reverse("api:infobutton"))
        return render(
            request,
            "medinfo/api_docs.html",
            {
                "api": schema["info"],
                "openapi_url": self.get_openapi_url(api, kwargs),
                "operations": operations(schema),
                "infobutton_url": infobutton,
                "samples": [
                    (
                        label,
                        f"{infobutton}?mainSearchCriteria.v.cs={oid}&mainSearchCriteria.v.c={code}",
                        code,
                        meaning,
                    )
                    for label, oid, code, meaning in SAMPLE_CODES
                ],
            },
        )
