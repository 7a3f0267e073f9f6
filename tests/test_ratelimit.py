from django.test import RequestFactory

from praktijkwijs.ratelimit import is_rate_limited


def test_rate_limit_counts_per_address_and_scope(settings, stilstaande_klok):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}}
    factory = RequestFactory()
    eerste = factory.get("/", REMOTE_ADDR="10.0.0.1")
    tweede = factory.get("/", REMOTE_ADDR="10.0.0.2")
    assert [is_rate_limited(eerste, "test", limit=3, per_seconds=60) for _ in range(4)] == [False] * 3 + [True]
    assert not is_rate_limited(tweede, "test", limit=3, per_seconds=60)
    assert not is_rate_limited(eerste, "ander", limit=3, per_seconds=60)
