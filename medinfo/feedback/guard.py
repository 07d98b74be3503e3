"""Abuse checks for the feedback form, which sits on pages cached whole for everyone.

The cached page carries no CSRF token and sets no cookie, so the form is
protected by what needs neither:

- the request must come from one of our own pages: its Origin (or, without
  one, its Referer) names one of ALLOWED_HOSTS;
- a honeypot field that people never see and bots fill in;
- a minimum time: the "what was wrong" form (where the free text goes) is
  made afresh for each "no" and carries a signed time stamp; sent sooner than
  FEEDBACK_MIN_SECONDS after it was made, it is a bot's, and the "no" it
  follows is deleted too. The Yes/No question itself carries no time: it is
  part of a page cached whole (and answered with 304s by its ETag), so a time
  in it would be the time the page was cached, not when the visitor came, and
  would change the page's ETag on every render;
- at most FEEDBACK_RATE_LIMIT answers per client per page in any
  FEEDBACK_RATE_WINDOW seconds, counted in the shared cache under a hash of the
  client's address with a random key that is replaced every day (see
  `take_slot`). The address itself is never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.http import HttpRequest
from django.http.request import split_domain_port, validate_host
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
PAGE_SALT = "medinfo.feedback.page"
ANSWER_SALT = "medinfo.feedback.answer"
SHOWN_SALT = "medinfo.feedback.shown"
LINK_SALT = "medinfo.feedback.link"
# The links the steps pass on are good for a day: long enough for a tab left
# open, short enough that a harvested one is not good for ever.
TOKEN_MAX_AGE = 24 * 60 * 60
CLIENT_KEY_LIFETIME = 24 * 60 * 60


def min_seconds() -> float:
    return getattr(settings, "FEEDBACK_MIN_SECONDS", 2)


def rate_limit() -> tuple[int, int]:
    return (
        getattr(settings, "FEEDBACK_RATE_LIMIT", 5),
        getattr(settings, "FEEDBACK_RATE_WINDOW", 600),
    )


# --- signed form tokens ----------------------------------------------------------


def sign_page(kind: str, pk: int) -> str:
    """The question's token: which page it is on, signed; the same on every render."""
    # Signer, not signing.dumps: dumps adds a time stamp, which changes every second.
    return signing.Signer(salt=PAGE_SALT).sign_object({"k": kind, "id": pk})


def unsign_page(token: str) -> dict:
    """{"k": kind, "id": pk}; raises signing.BadSignature."""
    value = signing.Signer(salt=PAGE_SALT).unsign_object(token)
    if not isinstance(value, dict) or not isinstance(value.get("id"), int):
        raise signing.BadSignature("Not a feedback page token")
    return value


def sign(value: dict, salt: str) -> str:
    """A token carrying `value` and the moment it was made (django.core.signing)."""
    return signing.dumps({**value, "t": time.time()}, salt=salt, compress=False)


def unsign(token: str, salt: str, max_age: int = TOKEN_MAX_AGE) -> tuple[dict, float]:
    """(value, seconds since the token was made); raises signing.BadSignature.

    SignatureExpired (a subclass) means an honest token that is too old.
    """
    value = signing.loads(token, salt=salt)
    if not isinstance(value, dict) or not isinstance(value.get("t"), int | float):
        raise signing.BadSignature("Not a feedback token")
    age = time.time() - value.pop("t")
    if age > max_age:
        raise signing.SignatureExpired(f"Feedback token is {age:.0f} s old")
    return value, age


def too_fast(age: float) -> bool:
    return age < min_seconds()


def honeypot_filled(request: HttpRequest) -> bool:
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


# --- where the request comes from ------------------------------------------------


def _allowed_hosts() -> list[str]:
    hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not hosts:
        hosts = [".localhost", "127.0.0.1", "[::1]"]  # as Django itself allows
    return hosts


def same_site(request: HttpRequest) -> bool:
    """True when Origin (or, without it, Referer) names one of ALLOWED_HOSTS.

    Browsers send Origin with every form POST; our Referrer-Policy (same-origin)
    still sends Referer to ourselves. A request with neither, or with
    "Origin: null", is refused: no page of ours sends it.
    """
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    scheme, sep, rest = source.partition("://")
    if not sep or scheme not in ("http", "https"):
        return False
    if request.is_secure() and scheme != "https":
        return False
    netloc = rest.split("/", 1)[0]
    if "@" in netloc:
        return False
    domain, _port = split_domain_port(netloc)
    return bool(domain) and validate_host(domain, _allowed_hosts())


# --- the rate limit -------------------------------------------------------------


def _client_address(request: HttpRequest) -> str:
    path = getattr(settings, "FEEDBACK_CLIENT_IP_CALLABLE", "")
    address = import_string(path)(request) if path else request.META.get("REMOTE_ADDR", "")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    # One household or phone may hold a whole IPv6 /64.
    prefix = 64 if ip.version == 6 else 32
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def _client_key(cache) -> bytes:
    """Today's random key for hashing addresses, shared by every app server.

    It lives two days in the shared cache and is never written anywhere else,
    so once it is gone nobody (not even someone with SECRET_KEY) can tell which
    address a counter belonged to.
    """
    name = f"feedback:client-key:{timezone.now():%Y-%m-%d}"
    key = cache.get(name)
    if key is None:
        cache.add(name, secrets.token_hex(32), timeout=2 * CLIENT_KEY_LIFETIME)
        key = cache.get(name)
    if not key:
        raise RuntimeError("The shared cache did not keep the client key")
    return key.encode()


def take_slot(request: HttpRequest, page_key: str) -> bool:
    """Count one stored answer for this client and page; False when over the limit.

    A sliding window, exact across app servers: the limit is N slots in the
    shared cache per client and page, each taken with an atomic add and
    expiring WINDOW seconds after it was taken. Every answer stored in any
    WINDOW seconds still holds its slot at the end of them, so there are never
    more than N. (A fixed-window counter such as django-ratelimit's lets 2N
    through across a window boundary.) Cache errors propagate: the caller
    drops the answer.
    """
    limit, window = rate_limit()
    cache = caches[getattr(settings, "FEEDBACK_CACHE_ALIAS", "default")]
    client = hmac.new(_client_key(cache), _client_address(request).encode(), hashlib.sha256)
    base = f"feedback:rate:{page_key}:{client.hexdigest()}:"
    names = [f"{base}{n}" for n in range(limit)]
    held = cache.get_many(names)
    return any(cache.add(name, 1, timeout=window) for name in names if name not in held)
