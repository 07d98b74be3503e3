"""Hostile and malformed input on every public URL and query parameter.

The public URLs are read from the URL configuration (everything outside the
admin), so a page added later is fuzzed without anyone remembering to.
Every answer must be 200, 301, 400 or 404: never a 500.
"""

from __future__ import annotations

import re
from urllib.parse import quote, quote_from_bytes

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import make_article, make_indication

ALLOWED = {200, 301, 400, 404}
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")

HOSTILE = [
    "",
    " ",
    "\x00",
    "%00",
    "a\x00b",
    "../../../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2f",
    "..\\..\\windows\\win.ini",
    "' OR '1'='1' --",
    "1; DROP TABLE medinfo_medicationarticle; --",
    '" UNION SELECT password FROM auth_user --',
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "{{ 7*7 }}${7*7}<%= 7*7 %>",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "%FF%FE%FD",
    "%C0%AF",
    "%E2%82",
    "%",
    "%%",
    "%zz",
    "\u202etxt.exe",
    "\ufeff",
    "💊" * 50,
    "a" * 5000,
    "9" * 400,
    "-1",
    "0",
    "1e309",
    "NaN",
    "Infinity",
    "0x7fffffff",
    str(2**63),
    str(-(2**63) - 1),
    "[]",
    "{}",
]

PARAMETERS = ["q", "page", "letter", "sort", "order", "status", "format", "next", "lang"]
# The infobutton's (MedlinePlus Connect's) parameters.
INFOBUTTON_PARAMETERS = [
    "mainSearchCriteria.v.cs",
    "mainSearchCriteria.v.c",
    "mainSearchCriteria.v.dn",
    "informationRecipient.languageCode.c",
    "knowledgeResponseType",
]
PARAMETERS += INFOBUTTON_PARAMETERS
CODE_SYSTEMS = ["2.16.840.1.113883.6.88", "2.16.840.1.113883.6.90", "2.16.840.1.113883.6.96"]


def public_routes() -> list[str]:
    """Every route outside the admin, e.g. "medications/<slug:slug>/"."""
    routes: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                # The admin and the staff endpoints under its address (the editor's helpers).
                if entry.app_name == "admin" or str(entry.pattern).startswith(
                    django_settings.ADMIN_URL
                ):
                    continue
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                routes.append(prefix + str(entry.pattern))

    walk(get_resolver().url_patterns, "")
    return routes


ROUTES = public_routes()
FEEDBACK_ROUTES = {"feedback/", "feedback/details/"}
# A GET of the feedback steps: the answer endpoint takes POSTs only (405); the
# "what was wrong" step without a valid signed answer leads to the thank-you (302).
FEEDBACK_GET_STATUSES = {"feedback/": {405}, "feedback/details/": {302}}


def fill(route: str, value: str) -> str:
    return "/" + CONVERTER.sub(lambda match: value, route).lstrip("^").rstrip("$")


segment_values = st.one_of(
    st.sampled_from(HOSTILE),  # raw, as a browser might send them
    st.sampled_from(HOSTILE).map(lambda value: quote(value, safe="")),
    st.text(max_size=300).map(lambda value: quote(value, safe="")),
    st.binary(max_size=200).map(lambda value: quote_from_bytes(value, safe="")),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)

query_values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)


@st.composite
def query_strings(draw) -> str:
    """Well-formed, malformed and plain hostile query strings."""
    parts = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        # Mostly names our pages read, sometimes anything.
        name = draw(
            st.sampled_from(PARAMETERS) | st.sampled_from(PARAMETERS) | st.text(max_size=20)
        )
        kind = draw(st.sampled_from(["encoded", "raw", "bytes", "bare"]))
        if kind == "encoded":
            parts.append(f"{quote(name, safe='')}={quote(draw(query_values), safe='')}")
        elif kind == "raw":
            # Not percent-encoded at all: spaces, "&", "=", "%" as typed.
            parts.append(f"{name}={draw(st.sampled_from(HOSTILE))}")
        elif kind == "bytes":
            value = quote_from_bytes(draw(st.binary(max_size=100)), safe="")
            parts.append(f"{quote(name, safe='')}={value}")
        else:
            parts.append(quote(name, safe=""))
    return "&".join(parts)


@pytest.fixture
def content(db):
    condition = make_indication(slug="anxiety")
    make_article(slug="diazepam", uses=[condition])


def get(path: str, query: str = ""):
    # A fresh client each time, like an anonymous visitor; no exception is
    # re-raised, so a crash shows up as the 500 a patient would get.
    client = Client(raise_request_exception=False)
    # Paths and query strings go to WSGI as latin-1 text, like gunicorn passes them.
    return client.get(path, QUERY_STRING=query.encode("utf-8").decode("latin-1"))


def assert_handled(response, path: str, query: str = "", route: str = "") -> None:
    allowed = ALLOWED | FEEDBACK_GET_STATUSES.get(route, set())
    assert response.status_code in allowed, (path, query, response.status_code)
    body = response.content
    assert b"Traceback" not in body
    assert django_settings.SECRET_KEY.encode() not in body


def test_the_fuzzed_routes_include_every_public_page():
    filled = {fill(route, "x") for route in ROUTES}

    for path in ("/", "/medications/", "/medications/x/", "/conditions/", "/conditions/x/"):
        assert path in filled
    assert "/search/" in filled
    for path in ("/api/v1/medications/x/", "/api/v1/conditions/x/", "/api/v1/infobutton"):
        assert path in filled
    assert "/api/v1/openapi.json" in filled
    assert "/healthz" in filled
    assert not any(path.startswith("/" + django_settings.ADMIN_URL) for path in filled)


fuzz_settings = hypothesis_settings(
    # Per route; the profile's default would make the suite slow on 2 cores.
    max_examples=25,
    # The content is only read, so sharing it between examples is safe.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def sample_value(route: str) -> str:
    return "diazepam" if "medications" in route else "anxiety"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
@fuzz_settings
@given(value=segment_values)
@example(value="%FF%FE")
@example(value="..%2F..%2Fetc%2Fpasswd")
@example(value="a" * 5000)
def test_hostile_path_segments_never_crash_a_page(content, route, value):
    path = fill(route, value)
    if "<" not in route:  # no parameter: put the hostile value after the route instead
        path = fill(route, "") + value

    assert_handled(get(path), path, route=route)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
@fuzz_settings
@given(query=query_strings())
@example(query="q=%00")
@example(query="q=%FF%FE&page=99999999999999999999999999999")
@example(query="page=-1&page=1e309&page=abc")
@example(query="q={{ settings.SECRET_KEY }}&letter=%00")
def test_hostile_query_strings_never_crash_a_page(content, route, query):
    path = fill(route, sample_value(route))

    assert_handled(get(path, query), path, query, route=route)


@pytest.mark.django_db
@fuzz_settings
@given(query=query_strings(), term=query_values)
def test_search_never_crashes_and_never_runs_what_it_echoes(content, query, term):
    full = f"q={quote(term, safe='')}&{query}"

    response = get("/search/", full)

    assert_handled(response, "/search/", full)
    assert response.status_code == 200
    assert b"<script>alert" not in response.content


@pytest.mark.django_db
@fuzz_settings
@given(
    system=st.sampled_from(CODE_SYSTEMS) | query_values,
    code=query_values,
    extra=st.dictionaries(st.sampled_from(INFOBUTTON_PARAMETERS[2:]), query_values, max_size=3),
)
@example(system=CODE_SYSTEMS[1], code="F41.1", extra={"knowledgeResponseType": "%00"})
@example(system=CODE_SYSTEMS[0], code="9" * 5000, extra={})
@example(system=CODE_SYSTEMS[2], code="\x00", extra={})
def test_the_infobutton_answers_a_feed_or_a_400_whatever_it_is_sent(content, system, code, extra):
    params = {"mainSearchCriteria.v.cs": system, "mainSearchCriteria.v.c": code, **extra}
    query = "&".join(f"{quote(name)}={quote(value, safe='')}" for name, value in params.items())

    response = get("/api/v1/infobutton", query)

    assert_handled(response, "/api/v1/infobutton", query)
    assert response.status_code in (200, 400)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_public_accepts_writes(content, route, method):
    client = Client(raise_request_exception=False)
    path = fill(route, sample_value(route))

    response = getattr(client, method)(path, data={"q": "x"})

    if route in FEEDBACK_ROUTES and method == "post":
        # "Was this page helpful?" (issue 16) is the one public form: it takes
        # POSTs from our own pages only (no Origin or Referer here: refused).
        assert response.status_code == 403, (method, path)
        return
    assert response.status_code == 405, (method, path)
