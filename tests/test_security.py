"""Security headers, cookies, the Content-Security-Policy and the production checks.

The admin's protection (its address, lock-out, passwords, sessions) is in
test_admin_security.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from clinic import preflight
from clinic.middleware import permissions_policy_header
from tests.factories import make_article, make_indication
from tests.helpers import manage, run_python

STRONG_KEY = secrets.token_urlsafe(50)
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
