"""The site's icon: linked from every page as a hashed static file, and at /favicon.ico."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from clinic.views import service_unavailable

from .factories import make_article, make_indication

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
ICON = (ROOT / "static/img/favicon.ico").read_bytes()
SVG = (ROOT / "static/img/favicon.svg").read_bytes()
ICON_LINKS = re.compile(r'<link rel="icon" href="([^"]+)"')


def icon_links(html: str) -> list[str]:
    return ICON_LINKS.findall(html)


def test_every_kind_of_page_links_the_icon(client, admin_client):
    condition = make_indication(slug="seizures")
    make_article(slug="diazepam", uses=[condition])
    pages = {
        path: client.get(path)
        for path in (
            "/",
            "/medications/",
            "/medications/diazepam/",
            "/conditions/seizures/",
            "/search/?q=diazepam",
            "/no-such-page/",
            "/admin/login/",
        )  # fmt: skip
    }
    pages["/admin/ (signed in)"] = admin_client.get("/admin/")
    pages["503 page"] = service_unavailable()
    for name, response in pages.items():
        expected = ["/static/img/favicon.ico", "/static/img/favicon.svg"]
        assert icon_links(response.content.decode()) == expected, name


def test_favicon_ico_is_answered_and_cached_for_a_day(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content == ICON
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an icon file, not a page
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=86400"} <= cache_control

    again = client.get("/favicon.ico", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert client.head("/favicon.ico").status_code == 200
    assert client.post("/favicon.ico").status_code == 405


def test_the_icons_are_small_and_run_nothing():
    assert len(ICON) < 2048 and len(SVG) < 1024
    # An SVG icon with script or inline style would break the page's CSP.
    assert b"<script" not in SVG and b"style" not in SVG and b"href" not in SVG


def test_the_linked_icons_are_hashed_files_cached_for_a_year(tmp_path):
    production = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}  # fmt: skip
    # Only our own static files (not the admin's): what the home page links.
    ours = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    with override_settings(STORAGES=production, STATIC_ROOT=tmp_path, STATICFILES_FINDERS=ours):
        call_command("collectstatic", "--noinput", verbosity=0)
        client = Client()  # its WhiteNoise reads the collected files
        links = icon_links(client.get("/").content.decode())
        assert [re.sub(r"\.[0-9a-f]{12}\.", ".", link) for link in links] == [
            "/static/img/favicon.ico",
            "/static/img/favicon.svg",
        ]
        for link, content_type in zip(links, ("image/", "image/svg+xml"), strict=True):
            response = client.get(link)
            assert response.status_code == 200, link
            assert response["Content-Type"].startswith(content_type)
            max_age = re.search(r"max-age=(\d+)", response["Cache-Control"])
            assert int(max_age.group(1)) >= 365 * 24 * 60 * 60, link
            assert "immutable" in response["Cache-Control"]
