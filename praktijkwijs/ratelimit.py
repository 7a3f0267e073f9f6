"""A small fixed-window rate limit on the shared cache (Redis in production, so every app
server counts together)."""

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone


def client_ip(request: HttpRequest) -> str:
    # Behind the proxy of docs/deploy.md, REMOTE_ADDR is set from X-Forwarded-For by the proxy.
    return request.META.get("REMOTE_ADDR", "")


def is_rate_limited(request: HttpRequest, scope: str, *, limit: int, per_seconds: int) -> bool:
    """Count this request; True when more than ``limit`` came from this address in the window."""
    window = int(timezone.now().timestamp()) // per_seconds
    key = f"ratelimit:{scope}:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=per_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=per_seconds)
        count = 1
    return count > limit
