"""/healthz and the pages patients get when the database or the code fails."""

from __future__ import annotations

import json

import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.test import Client

from clinic.logs import JsonFormatter, RequestIdFilter
from medinfo.models import MedicationArticle


@pytest.fixture
def patient():
    # A real visitor sees the error page, not the exception.
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_health_check_says_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
def test_health_check_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_check_says_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" failed: secret detail')

    monkeypatch.setattr("clinic.views.connection.cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "cache": "ok"},
    }
    assert b"db.internal" not in response.content


@pytest.mark.django_db
def test_health_check_says_503_when_the_cache_fails(client, monkeypatch):
    def broken_set(*args, **kwargs):
        raise ConnectionError("redis://:hunter2@cache.internal:6379 refused")

    monkeypatch.setattr("clinic.views.cache.set", broken_set)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "unavailable"}
    assert b"hunter2" not in response.content


@pytest.mark.django_db
def test_health_check_accepts_only_reads(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def break_the_database(monkeypatch, error: Exception):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(MedicationArticle.objects, "published", fail)


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError("server closed"), InterfaceError("gone")])
def test_a_database_outage_gives_the_friendly_503_page(patient, monkeypatch, settings, error):
    settings.CLINIC_PHONE = "(555) 010-2345"
    break_the_database(monkeypatch, error)

    response = patient.get("/medications/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "briefly unavailable" in html
    assert '<a href="tel:5550102345">(555) 010-2345</a>' in html
    assert "server closed" not in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_the_503_page_works_without_a_clinic_phone_number(patient, monkeypatch, settings):
    settings.CLINIC_PHONE = ""
    break_the_database(monkeypatch, OperationalError("down"))

    response = patient.get("/medications/")

    assert response.status_code == 503
    assert "tel:" not in response.content.decode().replace("tel:18002221222", "")
    assert "call the clinic or ask your pharmacist" in response.content.decode()


@pytest.mark.django_db
def test_the_503_page_does_not_query_the_database(monkeypatch, django_assert_num_queries):
    from clinic.views import service_unavailable

    with django_assert_num_queries(0):
        response = service_unavailable()

    assert response.status_code == 503


@pytest.mark.django_db
def test_other_errors_get_the_friendly_500_page(patient, monkeypatch):
    break_the_database(monkeypatch, ProgrammingError("relation does not exist"))

    response = patient.get("/medications/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong on our side" in html
    assert "relation does not exist" not in html
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_error_pages_still_carry_the_security_headers_and_request_id(patient, monkeypatch):
    break_the_database(monkeypatch, OperationalError("down"))

    response = patient.get("/medications/")

    assert response["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_the_outage_is_logged_with_the_request_id(patient, monkeypatch, caplog):
    break_the_database(monkeypatch, OperationalError("down"))

    response = patient.get("/medications/?q=private")

    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert errors
    RequestIdFilter().filter(errors[-1])
    line = json.loads(JsonFormatter().format(errors[-1]))
    assert line["request_id"] == response["X-Request-ID"]
    assert line["message"] == "Service Unavailable: /medications/"
    assert "OperationalError: down" in line["error"]
    assert "private" not in json.dumps(line)


@pytest.mark.django_db
def test_the_503_page_shows_the_clinic_phone_staff_entered(patient, monkeypatch, settings):
    from medinfo.models import ClinicSettings

    settings.CLINIC_PHONE = ""
    ClinicSettings.objects.create(name="Riverside Clinic", phone="(555) 010-7788")
    ClinicSettings.load()  # as any earlier page view does: the details are now in the cache
    break_the_database(monkeypatch, OperationalError("down"))

    html = patient.get("/medications/").content.decode()

    assert '<a href="tel:5550107788">(555) 010-7788</a>' in html
