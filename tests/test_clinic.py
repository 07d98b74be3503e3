"""The clinic's details: one record edited in the admin, on every page, read from the cache."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medinfo.models import ClinicSettings, clinic

from .factories import make_article, make_indication

pytestmark = pytest.mark.django_db

PAGES = ["/", "/medications/", "/conditions/", "/search/?q=x", "/no-such-page/"]


def make_clinic(**overrides) -> ClinicSettings:
    values = {
        "name": "Riverside Family Clinic",
        "phone": "(555) 010-4477",
        "address": "12 River Road\nSpringfield, IL 62701",
        "opening_hours": "Mon-Fri 8am-6pm\nSat 9am-1pm",
        "emergency_message": "In an emergency call 911. Poison Control: 1-800-222-1222",
        "medical_disclaimer": "Talk to your own clinician before changing any medicine.",
    }
    values.update(overrides)
    record = ClinicSettings(**values)
    record.full_clean()
    record.save()
    return record


def clinic_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "medinfo_clinicsettings" in q["sql"]]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_shows_the_clinic_details_in_header_and_footer(client, url):
    make_clinic()
    html = client.get(url).content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    footer = html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]
    assert "Riverside Family Clinic" in header
    assert '<a href="tel:5550104477">(555) 010-4477</a>' in header
    assert "In an emergency call 911. Poison Control:" in footer
    assert '<a href="tel:18002221222">1-800-222-1222</a>' in footer
    assert "12 River Road<br>Springfield, IL 62701" in footer
    assert "<li>Sat 9am-1pm</li>" in footer
    assert "Talk to your own clinician before changing any medicine." in footer


def test_without_a_record_the_pages_show_safe_defaults(client):
    html = client.get("/").content.decode()
    assert "In an emergency call 911." in html
    assert '<a href="tel:18002221222">1-800-222-1222</a>' in html
    assert "does not replace advice from your doctor" in html
    assert 'class="clinic-contact"' not in html


def test_once_warm_a_page_does_not_query_the_clinic_details(client):
    make_clinic()
    make_article(uses=[make_indication()])
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get("/medications/")
    with CaptureQueriesContext(connection) as warm:
        response = client.get("/medications/")
    assert len(clinic_queries(cold.captured_queries)) == 1
    assert clinic_queries(warm.captured_queries) == []
    assert len(warm.captured_queries) == len(cold.captured_queries) - 1
    assert "Riverside Family Clinic" in response.content.decode()


def test_a_missing_record_is_cached_too(client):
    client.get("/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/")
    assert clinic_queries(warm.captured_queries) == []


def test_saving_the_record_shows_the_change_on_the_next_page(client):
    record = make_clinic()
    client.get("/")
    record.phone = "555-999-0000"
    record.save()
    assert '<a href="tel:5559990000">555-999-0000</a>' in client.get("/").content.decode()


def test_deleting_the_record_falls_back_to_the_defaults(client):
    make_clinic(emergency_message="Call 911 now")
    assert "Call 911 now" in client.get("/").content.decode()
    ClinicSettings.objects.all().delete()
    html = client.get("/").content.decode()
    assert "Call 911 now" not in html
    assert "Poison Control" in html


def test_a_cache_outage_does_not_break_the_pages(client):
    make_clinic()
    with (
        mock.patch.object(clinic.cache, "get", side_effect=ConnectionError("down")),
        mock.patch.object(clinic.cache, "set", side_effect=ConnectionError("down")),
    ):
        response = client.get("/")
    assert response.status_code == 200
    assert "Riverside Family Clinic" in response.content.decode()


def test_there_is_only_ever_one_record():
    make_clinic(name="First")
    ClinicSettings(name="Second").save()
    assert ClinicSettings.objects.count() == 1
    assert ClinicSettings.load().name == "Second"


def test_staff_edit_the_one_record_in_the_admin(staff_client):
    response = staff_client.get("/admin/medinfo/clinicsettings/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/medinfo/clinicsettings/add/"

    data = {
        "name": "Hillside Clinic",
        "phone": "555 010 2000",
        "address": "1 Hill St",
        "opening_hours": "Mon-Fri 9-5",
        "emergency_message": "In an emergency call 911.",
        "medical_disclaimer": "Ask us.",
    }
    response = staff_client.post("/admin/medinfo/clinicsettings/add/", data)
    assert response.status_code == 302
    assert "Hillside Clinic" in staff_client.get("/").content.decode()

    response = staff_client.get("/admin/medinfo/clinicsettings/")
    assert response["Location"] == "/admin/medinfo/clinicsettings/1/change/"
    assert staff_client.get("/admin/medinfo/clinicsettings/add/").status_code == 403
    assert staff_client.get("/admin/medinfo/clinicsettings/1/delete/").status_code == 403

    data["name"] = "Hillside Health"
    staff_client.post("/admin/medinfo/clinicsettings/1/change/", data)
    assert "Hillside Health" in staff_client.get("/").content.decode()


def test_the_admin_explains_a_bad_phone_number(staff_client):
    response = staff_client.post(
        "/admin/medinfo/clinicsettings/add/",
        {"name": "X", "phone": "call us", "emergency_message": "911", "medical_disclaimer": "-"},
    )
    assert response.status_code == 200
    assert "Enter a phone number with its digits." in response.content.decode()
    assert not ClinicSettings.objects.exists()


def test_staff_text_is_escaped_and_only_phone_numbers_become_links():
    html = clinic.link_phone_numbers("<b>Call</b> 911 or +1 (800) 222-1222 & ask")
    assert html == (
        '&lt;b&gt;Call&lt;/b&gt; 911 or <a href="tel:+18002221222">+1 (800) 222-1222</a> &amp; ask'
    )
