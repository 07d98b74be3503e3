"""Security headers, cookies, the admin's protection and the production checks."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinic import preflight
from clinic.middleware import permissions_policy_header
from clinic.proxy import client_ip
from tests.factories import make_article, make_indication

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = secrets.token_urlsafe(50)
TEST_ONLY_VARIABLES = {
    "SECRET_KEY",
    "DEBUG",
    "HTTPS",
    "DATABASE_URL",
    "ADMIN_URL",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is for the test process only.
        if key not in TEST_ONLY_VARIABLES
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "clinic.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        f"execute_from_command_line(['manage.py', *{list(args)!r}])",
        **env,
    )


PRODUCTION = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "medicines.example.org"}


# --- Production configuration -------------------------------------------------


def test_check_deploy_reports_nothing_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_plain_http_switch_turns_the_https_settings_off_and_check_deploy_says_so():
    result = manage("check", "--deploy", **PRODUCTION, HTTPS="0")

    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_production_cookies_are_secure_httponly_and_samesite():
    result = run_python(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)",
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "Lax",
        "Lax",
        "True",
        "31536000",
    ]


def test_hsts_lifetime_is_configurable():
    result = run_python(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS)",
        **PRODUCTION,
        SECURE_HSTS_SECONDS="3600",
    )

    assert result.stdout.strip() == "3600"


@pytest.mark.parametrize(
    ("env", "named", "not_named"),
    [
        ({}, ["SECRET_KEY is not set", "ALLOWED_HOSTS is not set"], []),
        ({"SECRET_KEY": STRONG_KEY}, ["ALLOWED_HOSTS is not set"], ["SECRET_KEY"]),
        ({"ALLOWED_HOSTS": "example.org"}, ["SECRET_KEY is not set"], ["ALLOWED_HOSTS"]),
        (
            {"SECRET_KEY": "test-only-insecure-key", "ALLOWED_HOSTS": "x"},
            ["SECRET_KEY is not a real secret"],
            ["ALLOWED_HOSTS"],
        ),
        ({"SECRET_KEY": "a" * 60, "ALLOWED_HOSTS": "x"}, ["SECRET_KEY is not a real"], []),
        ({"SECRET_KEY": "django-insecure-" + STRONG_KEY, "ALLOWED_HOSTS": "x"}, ["SECRET_KEY"], []),
    ],
)
def test_production_start_names_each_missing_or_weak_variable(env, named, not_named):
    text = preflight.message(preflight.problems(env))

    for phrase in named:
        assert phrase in text
    for phrase in not_named:
        assert phrase not in text


def test_production_start_is_allowed_with_a_real_configuration():
    assert preflight.problems(PRODUCTION) == []
    assert preflight.problems({"DEBUG": "1"}) == []


def test_gunicorn_configuration_refuses_to_load_without_the_variables():
    result = run_python("import clinic.gunicorn_conf", ALLOWED_HOSTS="")

    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr
    assert "ALLOWED_HOSTS is not set" in result.stderr


# --- Headers ------------------------------------------------------------------


def parse_csp(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/medications/", "/search/?q=x", "/no-such-page/", "/healthz"]
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path, secure=True)

    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


def test_permissions_policy_header_lists_each_feature():
    header = permissions_policy_header({"camera": [], "fullscreen": ["self"]})

    assert header == "camera=(), fullscreen=(self)"


@pytest.mark.django_db
def test_each_response_gets_a_request_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


@pytest.mark.django_db
def test_a_proxy_request_id_is_kept_but_a_hostile_one_is_replaced(client):
    kept = client.get("/", headers={"X-Request-ID": "proxy-abc-12345678"})
    replaced = client.get("/", headers={"X-Request-ID": "<script>" + "x" * 100})

    assert kept["X-Request-ID"] == "proxy-abc-12345678"
    assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-ID"])


@pytest.mark.django_db
def test_plain_http_is_redirected_but_the_health_check_is_not(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    page = client.get("/medications/")
    health = client.get("/healthz")

    assert page.status_code == 301
    assert page["Location"] == "https://testserver/medications/"
    assert health.status_code == 200


# --- The admin under the Content-Security-Policy -------------------------------


class ScriptAndStyleAudit(HTMLParser):
    """Collects everything a strict CSP would block in a page."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.inline_code: list[str] = []
        # Import maps cannot be external files; a strict CSP allows one by its hash.
        self.import_maps: list[str] = []
        self.style_blocks = 0
        self.in_script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.inline_code.append(f"<{tag} {name}=...>")
            if name == "style":
                self.inline_code.append(f"<{tag} style=...>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.inline_code.append(f"<{tag} {name}=javascript:...>")
        if tag == "script":
            self.scripts.append(attributes)
            self.in_script = attributes
        if tag == "style":
            self.style_blocks += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = None

    def handle_data(self, data):
        script = self.in_script
        # JSON and JSON-LD blocks are data: browsers never execute them, and CSP allows them.
        data_types = {"application/json", "application/ld+json"}
        if script is not None and script.get("type") == "importmap":
            self.import_maps.append(data)
            return
        is_code = script is not None and script.get("type") not in data_types
        if is_code and data.strip() and "src" not in script:
            self.inline_code.append(f"inline <script>: {data.strip()[:40]}")


def audit(html: str) -> ScriptAndStyleAudit:
    parser = ScriptAndStyleAudit()
    parser.feed(html)
    return parser


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    ["change", "add", "changelist", "indication_change", "login", "index"],
)
def test_admin_pages_load_scripts_only_from_our_static_files(staff_client, client, page):
    indication = make_indication()
    article = make_article(uses=[indication])
    urls = {
        "change": reverse("admin:medinfo_medicationarticle_change", args=[article.pk]),
        "add": reverse("admin:medinfo_medicationarticle_add"),
        "changelist": reverse("admin:medinfo_medicationarticle_changelist"),
        "indication_change": reverse("admin:medinfo_indication_change", args=[indication.pk]),
        "index": reverse("admin:index"),
    }
    if page == "login":
        staff_client.logout()
        response = staff_client.get(reverse("admin:login"))
    else:
        response = staff_client.get(urls[page])
    assert response.status_code == 200

    found = audit(response.content.decode())

    code = [s for s in found.scripts if s.get("type") not in {"application/json", "importmap"}]
    assert code, "the admin page has its scripts"
    # The rich-text editor's import map is the one inline script, allowed by its hash.
    for import_map in found.import_maps:
        digest = base64.b64encode(hashlib.sha256(import_map.encode()).digest()).decode()
        script_src = next(
            part
            for part in response["Content-Security-Policy"].split(";")
            if part.strip().startswith("script-src")
        )
        assert f"'sha256-{digest}'" in script_src
        assert "unsafe-inline" not in script_src
    for script in code:
        src = script.get("src", "")
        # Our own origin: static files, or the admin's translation catalogue.
        assert src.startswith("/static/") or src == reverse("admin:jsi18n"), script
    assert found.inline_code == []
    assert found.style_blocks == 0


@pytest.mark.django_db
def test_the_article_change_form_has_its_inline_autocomplete_and_date_scripts(staff_client):
    article = make_article(uses=[make_indication()])

    html = staff_client.get(
        reverse("admin:medinfo_medicationarticle_change", args=[article.pk])
    ).content.decode()

    for script in ("admin/js/inlines.js", "admin/js/autocomplete.js", "admin/js/calendar.js"):
        assert f"/static/{script}" in html


@pytest.mark.django_db
def test_public_pages_have_no_inline_scripts_or_styles(client):
    make_article(slug="audited", uses=[make_indication(slug="audited-condition")])

    for path in ("/", "/medications/", "/medications/audited/", "/conditions/audited-condition/"):
        found = audit(client.get(path).content.decode())
        assert found.inline_code == [], path
        assert found.style_blocks == 0, path


# --- Admin protection ---------------------------------------------------------


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


def test_in_development_the_policy_only_reports_so_the_debug_page_works():
    result = run_python(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CONTENT_SECURITY_POLICY, bool(s.CONTENT_SECURITY_POLICY_REPORT_ONLY))",
        DEBUG="1",
    )

    assert result.stdout.split() == ["None", "True"]


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache", [False, True], ids=["page-cache-off", "page-cache-on"])
@pytest.mark.parametrize("path", ["/", "/medications/", "/search/?q=valium", "/no-such-page/"])
def test_a_host_we_do_not_serve_gets_400_not_500(settings, page_cache, path):
    """Django's 400 page is rendered with the request; nothing on it may read the bad Host."""
    settings.PAGE_CACHE = page_cache
    client = Client(raise_request_exception=False)
    response = client.get(path, headers={"Host": "attacker.example"})
    assert response.status_code == 400
    assert "attacker.example" not in response.content.decode()


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
