"""The admin's protection: its address, the sign-in lock-out, passwords and idle sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinic.proxy import client_ip
from tests.helpers import run_python


def test_the_admin_path_comes_from_the_environment():
    result = run_python(
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'))",
        DEBUG="1",
        ADMIN_URL="/clinic-staff",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/clinic-staff/"


def test_the_admin_path_defaults_to_admin():
    assert reverse("admin:index") == "/admin/"


def login(client, password: str, ip: str = "203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": "pharmacist", "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        username="pharmacist", password="the-right-password-1", is_staff=True
    )


@pytest.mark.django_db
def test_five_failed_sign_ins_lock_out_that_username_from_that_address(client, editor):
    for _ in range(4):
        assert login(client, "wrong").status_code == 200  # the form again, with an error

    fifth = login(client, "wrong")
    with_the_right_password = login(client, "the-right-password-1")

    assert fifth.status_code == 429
    assert with_the_right_password.status_code == 429
    text = with_the_right_password.content.decode()
    assert "Sign-in locked" in text
    assert "5 unsuccessful sign-ins" in text
    assert "Access attempts" in text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_lock_out_is_per_username_and_address_pair(client, editor):
    for _ in range(5):
        login(client, "wrong")

    from_elsewhere = login(client, "the-right-password-1", ip="198.51.100.9")

    assert from_elsewhere.status_code == 302
    assert from_elsewhere["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_staff_can_unlock_a_locked_out_colleague_in_the_admin(client, editor, staff_client):
    for _ in range(5):
        login(client, "wrong")
    attempt = AccessAttempt.objects.get(username="pharmacist")

    listing = staff_client.get(reverse("admin:axes_accessattempt_changelist"))
    deleted = staff_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    after = login(client, "the-right-password-1")

    assert listing.status_code == 200
    assert "pharmacist" in listing.content.decode()
    assert deleted.status_code == 302
    assert after.status_code == 302
    assert after["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_a_successful_sign_in_resets_the_count(client, editor):
    for _ in range(4):
        login(client, "wrong")
    assert login(client, "the-right-password-1").status_code == 302
    client.logout()

    for _ in range(4):
        login(client, "wrong")

    assert login(client, "the-right-password-1").status_code == 302


@pytest.mark.django_db
def test_staff_passwords_are_checked_by_the_validators(staff_client, django_user_model):
    response = staff_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newstaff",
            "password1": "password123",
            "password2": "password123",
            "usable_password": "true",
        },
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "This password is too common." in text
    assert "This password is too short" in text
    assert not django_user_model.objects.filter(username="newstaff").exists()


@pytest.mark.django_db
def test_staff_sessions_expire_after_inactivity(client, editor, settings):
    assert login(client, "the-right-password-1").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    session = Session.objects.get()
    idle_limit = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    # Each request moves the end of the session on (the limit is for inactivity).
    assert session.expire_date > timezone.now() + idle_limit - timedelta(minutes=1)

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    after_idle = client.get(reverse("admin:index"))

    assert after_idle.status_code == 302
    assert after_idle["Location"].startswith(reverse("admin:login"))


def test_the_idle_limit_is_an_hour_by_default(settings):
    assert settings.SESSION_COOKIE_AGE == 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.2"),  # no proxy trusted: the header is ignored
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a forged first entry is ignored
        (2, "198.51.100.1, 10.0.0.5", "198.51.100.1"),
        (2, "", "10.0.0.2"),
    ],
)
def test_the_lock_out_address_trusts_only_our_own_proxies(
    rf, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_gets_our_own_403_page(editor):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        reverse("admin:login"), {"username": "pharmacist", "password": "the-right-password-1"}
    )

    assert response.status_code == 403
    text = response.content.decode()
    assert "we could not accept that form" in text
    assert "reload the page and send the form again" in text
    assert "CSRF verification failed" not in text  # Django's own page
    assert "<style" not in text and "style=" not in text  # nothing our CSP would block
    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert "/static/css/site" in text


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", ""])
def test_after_sign_in_with_a_rejected_next_staff_land_on_the_admin_home(client, editor, next_url):
    response = client.post(
        reverse("admin:login"),
        {"username": "pharmacist", "password": "the-right-password-1", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_the_lock_out_page_says_only_what_is_true(client, editor):
    for _ in range(5):
        login(client, "wrong")
    text = login(client, "the-right-password-1").content.decode()
    assert "Sign-in locked" in text
    assert "permission to view or edit" not in text.replace("\u2019", "'")


@pytest.mark.django_db
def test_x_forwarded_for_with_no_trusted_proxy_is_warned_about_once(settings, caplog):
    settings.TRUSTED_PROXY_COUNT = 0
    behind_a_proxy = Client(HTTP_X_FORWARDED_FOR="198.51.100.7")
    for _ in range(3):
        behind_a_proxy.get("/healthz")
    warnings = [r for r in caplog.records if r.name == "clinic.proxy"]
    assert len(warnings) == 1
    assert "TRUSTED_PROXY_COUNT" in warnings[0].getMessage()


@pytest.mark.django_db
def test_x_forwarded_for_with_trusted_proxies_set_is_not_warned_about(settings, caplog):
    settings.TRUSTED_PROXY_COUNT = 1
    Client(HTTP_X_FORWARDED_FOR="198.51.100.7").get("/healthz")
    assert not [r for r in caplog.records if r.name == "clinic.proxy"]
