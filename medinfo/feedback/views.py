"""Three steps, no JavaScript and no cookie: Yes/No, "what was wrong" (after No), thank you.

1. The question on a (cached) page posts to `answer`. A stored "no" leads to
   `details`; anything else to `thanks`.
2. `details` shows the reasons and the comment box. Its address carries a
   signed reference to the stored "no" (never a cookie); submitting it adds the
   reason and the scrubbed comment to that answer, once.
3. `thanks` says thank you and links back to the page.

Each POST answers with a redirect (so reloading a page sends nothing twice).
Answers the defences turn away get the same thank-you as stored ones: a bot
learns nothing. None of these responses may be cached anywhere.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from medinfo.models import Indication, MedicationArticle, PageFeedback

from . import guard
from .forms import AnswerForm, DetailsForm
from .scrub import scrub

logger = logging.getLogger(__name__)

PAGE_KINDS = {"m": MedicationArticle, "c": Indication}


def page_token(kind: str, pk: int) -> str:
    return guard.sign_page(kind, pk)


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _refused(request: HttpRequest) -> HttpResponse:
    response = render(request, "medinfo/feedback/refused.html", status=403)
    return _private(response)


def _thanks(link: dict | None = None) -> HttpResponse:
    url = reverse("medinfo:feedback_thanks")
    if link:
        url += "?" + urlencode({"page": guard.sign(link, guard.LINK_SALT)})
    return _private(HttpResponseRedirect(url))


def _published_page(kind: str, pk) -> tuple[str, dict] | None:
    """(cache key part, {"u": address, "n": title, "a": approved_at}) of a published page."""
    model = PAGE_KINDS.get(kind)
    if model is None or not isinstance(pk, int):
        return None
    title = "title" if model is MedicationArticle else "name"
    page = model.objects.published().filter(pk=pk).only("slug", title, "approved_at").first()
    if page is None:
        return None
    return f"{kind}{page.pk}", {"u": page.get_absolute_url(), "n": str(page), "a": page.approved_at}


@csrf_exempt  # the cached page has no token: see guard.py for what protects this instead
@require_POST
def answer(request: HttpRequest) -> HttpResponse:
    if not guard.same_site(request):
        return _refused(request)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _private(render(request, "medinfo/feedback/unreadable.html", status=400))
    try:
        ref = guard.unsign_page(form.cleaned_data["page"])
    except signing.BadSignature:
        return _private(render(request, "medinfo/feedback/unreadable.html", status=400))
    found = _published_page(ref.get("k"), ref.get("id"))
    if found is None:
        return _thanks()  # the page was unpublished meanwhile: nothing to attach it to
    page_key, page = found
    link = {"u": page["u"], "n": page["n"]}
    if guard.honeypot_filled(request):
        return _thanks(link)
    try:
        allowed = guard.take_slot(request, page_key)
    except Exception:
        # The shared cache is down: drop the answer rather than store it unchecked.
        logger.warning("Feedback not stored: the shared cache is unavailable", exc_info=True)
        allowed = False
    if not allowed:
        return _thanks(link)
    helpful = form.cleaned_data["answer"] == "yes"
    stored = PageFeedback.objects.create(
        helpful=helpful,
        page_approved_at=page["a"],
        **{"medication_id" if ref["k"] == "m" else "indication_id": ref["id"]},
    )
    if helpful:
        return _thanks(link)
    details = reverse("medinfo:feedback_details")
    token = guard.sign({"id": stored.pk, **link}, guard.ANSWER_SALT)
    return _private(HttpResponseRedirect(f"{details}?{urlencode({'answer': token})}"))


def _answer_ref(request: HttpRequest) -> dict | None:
    try:
        ref, _age = guard.unsign(request.GET.get("answer", ""), guard.ANSWER_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(ref.get("id"), int) or not _safe_link(ref):
        return None
    return ref


def _safe_link(ref: dict) -> bool:
    return isinstance(ref.get("n"), str) and url_has_allowed_host_and_scheme(ref.get("u"), None)


@csrf_exempt  # no cookie, so no token: the same checks as `answer`
@require_http_methods(["GET", "HEAD", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and not guard.same_site(request):
        return _refused(request)
    ref = _answer_ref(request)
    if ref is None:
        return _thanks()
    link = {"u": ref["u"], "n": ref["n"]}
    if request.method != "POST":
        form = DetailsForm(initial={"shown": guard.sign({"id": ref["id"]}, guard.SHOWN_SALT)})
        return _details_page(request, form, link)
    form = DetailsForm(request.POST)
    if not form.is_valid():
        return _details_page(request, form, link)
    try:
        shown, age = guard.unsign(form.cleaned_data["shown"], guard.SHOWN_SALT)
    except signing.BadSignature:
        return _thanks(link)
    if shown.get("id") != ref["id"]:
        return _thanks(link)
    if guard.honeypot_filled(request) or guard.too_fast(age):
        # A bot: its "no" goes too (unless a person already explained it).
        PageFeedback.objects.filter(pk=ref["id"], helpful=False, reason="").delete()
        return _thanks(link)
    comment = scrub(form.cleaned_data["comment"])[
        : PageFeedback._meta.get_field("comment").max_length
    ]
    # Once only: a reason already given is never overwritten.
    PageFeedback.objects.filter(pk=ref["id"], helpful=False, reason="").update(
        reason=form.cleaned_data["reason"], comment=comment
    )
    return _thanks(link)


def _details_page(request: HttpRequest, form: DetailsForm, link: dict) -> HttpResponse:
    context = {"form": form, "page": link, "honeypot": guard.HONEYPOT_FIELD}
    return _private(render(request, "medinfo/feedback/details.html", context))


@require_safe
def thanks(request: HttpRequest) -> HttpResponse:
    link = None
    try:
        ref, _age = guard.unsign(request.GET.get("page", ""), guard.LINK_SALT)
    except signing.BadSignature:
        pass
    else:
        link = ref if _safe_link(ref) else None
    return _private(render(request, "medinfo/feedback/thanks.html", {"page": link}))
