"""'Was this page helpful?': the question, the defences, the scrubbing and what is stored."""

from __future__ import annotations

import re
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from medinfo.feedback import guard
from medinfo.models import PageFeedback

from .factories import make_article, make_indication

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"


@pytest.fixture
def article():
    return make_article(slug="diazepam", title="Diazepam", uses=[make_indication(slug="seizures")])


@pytest.fixture
def no_wait(settings):
    settings.FEEDBACK_MIN_SECONDS = 0


def page_form(client, url="/medications/diazepam/") -> dict:
    html = client.get(url).content.decode()
    token = re.search(r'name="page" value="([^"]+)"', html).group(1)
    return {"page": token, "website": ""}


def post_answer(client, data, origin=ORIGIN, **extra):
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    return client.post("/feedback/", data, **headers, **extra)


def details_url(response) -> str:
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith("/feedback/details/?answer=")
    return response["Location"]


def send_details(client, url, **fields):
    html = client.get(url).content.decode()
    shown = re.search(r'name="shown" value="([^"]+)"', html).group(1)
    data = {"shown": shown, "website": "", **fields}
    return client.post(url, data, HTTP_ORIGIN=ORIGIN)


# --- the question on the page ---------------------------------------------------


def test_medicine_and_condition_pages_ask_whether_they_helped(client, article):
    for url in ("/medications/diazepam/", "/conditions/seizures/"):
        html = client.get(url).content.decode()
        assert "Was this page helpful?" in html
        assert 'action="/feedback/"' in html and 'method="post"' in html
        assert 'value="yes"' in html and 'value="no"' in html


def test_a_yes_is_stored_with_the_date_only_and_the_visitor_thanked(client, article, no_wait):
    response = post_answer(client, {**page_form(client), "answer": "yes"})
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert "Thank you for your feedback" in thanks.content.decode()
    assert "Back to Diazepam" in thanks.content.decode()
    answer = PageFeedback.objects.get()
    assert answer.helpful is True and answer.medication == article
    assert answer.page_approved_at == article.approved_at
    field_names = {field.name for field in PageFeedback._meta.get_fields()}
    assert not field_names & {"ip", "ip_address", "user_agent", "session", "cookie", "created_at"}


def test_a_no_leads_to_the_reasons_form_and_the_comment_is_stored_scrubbed(
    client, article, no_wait
):
    url = details_url(post_answer(client, {**page_form(client), "answer": "no"}))
    assert PageFeedback.objects.get().helpful is False
    form_page = client.get(url)
    html = form_page.content.decode()
    assert "What was wrong with the page?" in html
    assert "Do not include personal or medical details" in html
    assert not form_page.cookies

    comment = (
        "Dose table confusing. Call me on (555) 010-4477 or mail jo.bloggs@example.org,\r\n"
        "born 03/14/1962, record 12345678. I take 10 mg at night."
    )
    response = send_details(client, url, reason="hard_to_understand", comment=comment)
    assert response.status_code == 302 and response["Location"].startswith("/feedback/thanks/")
    answer = PageFeedback.objects.get()
    assert answer.reason == "hard_to_understand"
    assert "010-4477" not in answer.comment and "example.org" not in answer.comment
    assert "1962" not in answer.comment and "12345678" not in answer.comment
    assert answer.comment == (
        "Dose table confusing. Call me on [removed] or mail [removed],\n"
        "born [removed], record [removed]. I take 10 mg at night."
    )


def test_the_reasons_form_says_what_is_missing_and_keeps_the_text(client, article, no_wait):
    url = details_url(post_answer(client, {**page_form(client), "answer": "no"}))
    response = send_details(client, url, comment="The words are long")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "Choose what was wrong with the page." in html
    assert "The words are long</textarea>" in html
    assert PageFeedback.objects.get().comment == ""


def test_a_comment_over_500_characters_is_refused_with_its_length(client, article, no_wait):
    url = details_url(post_answer(client, {**page_form(client), "answer": "no"}))
    response = send_details(client, url, reason="other", comment="x" * 501)
    assert (
        "Your comment is 501 characters long. Keep it to 500 or fewer." in response.content.decode()
    )
    # Browsers count a line break as one character for maxlength but send two.
    response = send_details(client, url, reason="other", comment="ab\r\n" * 125)
    assert response.status_code == 302
    assert len(PageFeedback.objects.get().comment) <= 500


def test_reasons_are_added_once_only(client, article, no_wait):
    url = details_url(post_answer(client, {**page_form(client), "answer": "no"}))
    send_details(client, url, reason="wrong", comment="first")
    send_details(client, url, reason="other", comment="second")
    answer = PageFeedback.objects.get()
    assert (answer.reason, answer.comment) == ("wrong", "first")


# --- the page cache --------------------------------------------------------------


def test_the_cached_medicine_page_has_no_csrf_token_or_cookie_and_still_takes_feedback(
    client, article, settings, no_wait
):
    settings.PAGE_CACHE = True
    first = client.get("/medications/diazepam/")
    cached = client.get("/medications/diazepam/")
    assert first.content == cached.content  # served from the page cache
    for response in (first, cached):
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "public" in response["Cache-Control"]
    token = re.search(r'name="page" value="([^"]+)"', cached.content.decode()).group(1)
    fresh = Client()  # a different visitor, with no cookies at all
    response = fresh.post("/feedback/", {"page": token, "answer": "no"}, HTTP_ORIGIN=ORIGIN)
    assert not response.cookies
    url = details_url(response)
    assert not fresh.get(url).cookies
    assert send_details(fresh, url, reason="other").status_code == 302
    assert not fresh.cookies
    assert PageFeedback.objects.get().reason == "other"


def test_feedback_responses_are_never_cached(client, article, no_wait):
    response = post_answer(client, {**page_form(client), "answer": "no"})
    for page in (response, client.get(response["Location"]), client.get("/feedback/thanks/")):
        assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]


def test_the_endpoint_takes_posts_only(client, article):
    assert client.get("/feedback/").status_code == 405


# --- abuse -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/medications/diazepam/"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {},
    ],
)
def test_a_cross_origin_post_is_refused(client, article, no_wait, headers):
    response = client.post("/feedback/", {**page_form(client), "answer": "yes"}, **headers)
    assert response.status_code == 403
    assert "could not be sent" in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_a_same_site_referer_is_enough_without_origin(client, article, no_wait):
    data = {**page_form(client), "answer": "yes"}
    response = client.post("/feedback/", data, HTTP_REFERER=f"{ORIGIN}/medications/diazepam/")
    assert response.status_code == 302
    assert PageFeedback.objects.count() == 1


def test_the_reasons_form_refuses_a_cross_origin_post_too(client, article, no_wait):
    url = details_url(post_answer(client, {**page_form(client), "answer": "no"}))
    html = client.get(url).content.decode()
    shown = re.search(r'name="shown" value="([^"]+)"', html).group(1)
    response = client.post(
        url, {"shown": shown, "reason": "other"}, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    assert PageFeedback.objects.get().reason == ""


def test_the_honeypot_stores_nothing_but_thanks(client, article, no_wait):
    response = post_answer(client, {**page_form(client), "answer": "no", "website": "http://spam"})
    assert response["Location"].startswith("/feedback/thanks/")
    assert not PageFeedback.objects.exists()


def test_the_honeypot_on_the_reasons_form_stores_nothing(client, article, no_wait):
    url = details_url(post_answer(client, {**page_form(client), "answer": "no"}))
    response = send_details(client, url, reason="other", comment="buy pills", website="http://spam")
    assert response["Location"].startswith("/feedback/thanks/")
    assert not PageFeedback.objects.exists()  # the bot's "no" went too


def test_an_answer_sooner_than_the_minimum_time_stores_nothing(client, article, settings):
    settings.FEEDBACK_MIN_SECONDS = 30
    url = details_url(post_answer(client, {**page_form(client), "answer": "no"}))
    response = send_details(client, url, reason="other", comment="too quick")
    assert response["Location"].startswith("/feedback/thanks/")
    assert not PageFeedback.objects.exists()


def test_the_reasons_form_sent_after_the_minimum_time_is_stored(
    client, article, settings, monkeypatch
):
    settings.FEEDBACK_MIN_SECONDS = 5
    url = details_url(post_answer(client, {**page_form(client), "answer": "no"}))
    html = client.get(url).content.decode()
    shown = re.search(r'name="shown" value="([^"]+)"', html).group(1)
    later = time.time() + 6
    monkeypatch.setattr(guard.time, "time", lambda: later)  # a person took 6 s to answer
    client.post(url, {"shown": shown, "reason": "other", "comment": "fine"}, HTTP_ORIGIN=ORIGIN)
    assert PageFeedback.objects.get().comment == "fine"


def test_a_forged_or_missing_page_token_is_a_clear_error(client, article, no_wait):
    for data in ({"answer": "yes"}, {"page": "forged:token", "answer": "yes"}):
        response = post_answer(client, data)
        assert response.status_code == 400
        assert "We could not read your answer" in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_the_question_is_the_same_on_every_render_so_pages_keep_their_etag(
    client, article, monkeypatch
):
    # A time stamp in the page would change its ETag on every render (no 304s).
    first = page_form(client)
    later = time.time() + 5
    monkeypatch.setattr(time, "time", lambda: later)  # a render seconds later
    assert page_form(client) == first


def test_an_unpublished_page_takes_no_answer(client, article, no_wait):
    data = page_form(client)
    article.status = "draft"
    article.save()
    response = post_answer(client, {**data, "answer": "yes"})
    assert response["Location"] == "/feedback/thanks/"
    assert not PageFeedback.objects.exists()


def test_at_most_five_answers_per_client_and_page_in_ten_minutes(client, article, no_wait):
    data = {**page_form(client), "answer": "yes"}
    for _ in range(7):
        assert post_answer(client, data)["Location"].startswith("/feedback/thanks/")
    assert PageFeedback.objects.count() == 5
    # Another client, and the same client on another page, are counted apart.
    post_answer(client, data, REMOTE_ADDR="192.0.2.7")
    post_answer(client, {**page_form(client, "/conditions/seizures/"), "answer": "yes"})
    assert PageFeedback.objects.count() == 7


def test_the_limit_frees_a_slot_when_ten_minutes_have_passed(client, article, no_wait, settings):
    settings.FEEDBACK_RATE_WINDOW = 1
    data = {**page_form(client), "answer": "yes"}
    for _ in range(6):
        post_answer(client, data)
    assert PageFeedback.objects.count() == 5
    time.sleep(1.1)  # the locmem cache expires keys by the clock
    post_answer(client, data)
    assert PageFeedback.objects.count() == 6


def test_the_address_is_never_stored_in_the_cache(client, article, no_wait):
    post_answer(client, {**page_form(client), "answer": "yes"}, REMOTE_ADDR="198.51.100.23")
    cache = caches["default"]
    keys = list(cache._cache.keys())
    assert any("feedback:rate:" in key for key in keys)
    assert not any("198.51.100.23" in key for key in keys)
    assert all("198.51.100.23" not in repr(value) for value in cache._cache.values())


def test_a_cache_outage_drops_the_answer_and_still_thanks(client, article, no_wait, monkeypatch):
    data = {**page_form(client), "answer": "no"}

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(caches["default"], method, broken)
    response = post_answer(client, data)
    assert response.status_code == 302 and response["Location"].startswith("/feedback/thanks/")
    assert not PageFeedback.objects.exists()


# --- cost ------------------------------------------------------------------------


def test_a_feedback_post_costs_at_most_three_queries(client, article, no_wait):
    # Each count is read as soon as its block ends: the next request clears
    # Django's query log, which CaptureQueriesContext reads lazily.
    data = {**page_form(client), "answer": "no"}
    with CaptureQueriesContext(connection) as answer_queries:
        url = details_url(post_answer(client, data))
    answer_sql = [query["sql"] for query in answer_queries.captured_queries]
    assert len(answer_sql) <= 3, answer_sql
    assert answer_sql[-1].startswith("INSERT")

    html = client.get(url).content.decode()
    shown = re.search(r'name="shown" value="([^"]+)"', html).group(1)
    with CaptureQueriesContext(connection) as details_queries:
        client.post(url, {"shown": shown, "reason": "other", "comment": "ok"}, HTTP_ORIGIN=ORIGIN)
    details_sql = [query["sql"] for query in details_queries.captured_queries]
    assert len(details_sql) <= 3, details_sql
    assert PageFeedback.objects.get().comment == "ok"
