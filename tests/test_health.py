"""/healthz and the pages patients get when the database or the code fails."""

from __future__ import annotations

import json
import logging
import time

import pytest
from django.db import InterfaceError, OperationalError, ProgrammingError
from django.db.backends.base.base import BaseDatabaseWrapper
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

    # On every connection: the check runs in a thread of its own (clinic/views.py).
    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", broken_cursor)

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
def test_an_outage_is_one_warning_with_the_request_id_not_a_traceback_per_request(
    patient, monkeypatch, caplog
):
    break_the_database(monkeypatch, OperationalError("down"))

    first = patient.get("/medications/?q=private")
    later = [patient.get("/medications/") for _ in range(3)]

    assert {r.status_code for r in [first, *later]} == {503}
    outage = [r for r in caplog.records if r.name == "clinic.database"]
    assert [r.levelname for r in outage] == ["WARNING"]
    RequestIdFilter().filter(outage[0])
    line = json.loads(JsonFormatter().format(outage[0]))
    assert line["request_id"] == first["X-Request-ID"]
    assert line["message"].startswith("The database is unavailable")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [r for r in caplog.records if r.exc_info]
    assert "private" not in caplog.text


@pytest.mark.django_db
def test_requests_during_the_back_off_get_the_503_without_waiting_on_the_database(
    patient, monkeypatch, settings, django_assert_num_queries
):
    break_the_database(monkeypatch, OperationalError("down"))
    assert patient.get("/medications/").status_code == 503
    monkeypatch.undo()  # the database is back, but the back-off has not ended

    with django_assert_num_queries(0):
        assert patient.get("/medications/").status_code == 503


@pytest.mark.django_db
def test_the_database_coming_back_is_one_info_line(monkeypatch, settings, caplog):
    settings.DATABASE_BACKOFF = 0.2
    patient = Client(raise_request_exception=False)  # its middleware reads the new back-off
    break_the_database(monkeypatch, OperationalError("down"))
    assert patient.get("/medications/").status_code == 503
    monkeypatch.undo()
    time.sleep(0.3)  # the back-off ends: the next request tries the database again

    assert patient.get("/medications/").status_code == 200
    assert patient.get("/medications/").status_code == 200
    outage = [
        (r.levelname, r.getMessage()[:30]) for r in caplog.records if r.name == "clinic.database"
    ]
    assert [level for level, _ in outage] == ["WARNING", "INFO"]
    assert outage[1][1].startswith("The database is available agai")


@pytest.mark.django_db
def test_the_503_page_shows_the_clinic_phone_staff_entered(patient, monkeypatch, settings):
    from medinfo.models import ClinicSettings

    settings.CLINIC_PHONE = ""
    ClinicSettings.objects.create(name="Riverside Clinic", phone="(555) 010-7788")
    ClinicSettings.load()  # as any earlier page view does: the details are now in the cache
    break_the_database(monkeypatch, OperationalError("down"))

    html = patient.get("/medications/").content.decode()

    assert '<a href="tel:5550107788">(555) 010-7788</a>' in html
