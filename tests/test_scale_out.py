"""Scale-out settings: cache, sessions and files live in shared services when configured.

Each case builds the settings module in a fresh subprocess with its own environment, because
settings are read once per process."""

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
SCALE_OUT_VARIABLES = (
    "REDIS_URL",
    "SESSION_ENGINE",
    "MEDIA_S3_BUCKET",
    "MEDIA_S3_ENDPOINT_URL",
    "MEDIA_S3_REGION",
    "MEDIA_S3_DEFAULT_ACL",
    "TASKS_BACKEND",
    "VERKLARING_UITGEVEN_OP_ACHTERGROND",
)
REDIS_URL = "redis://127.0.0.1:6379/0"

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "cache_class": type(caches["default"]).__name__,
    "sessions": settings.SESSION_ENGINE,
    "storage": settings.STORAGES["default"]["BACKEND"],
    "storage_class": type(storages["default"]).__name__,
    "storage_options": settings.STORAGES["default"].get("OPTIONS", {}),
    "database_options": settings.DATABASES["default"].get("OPTIONS", {}),
    "tasks": settings.TASKS["default"]["BACKEND"],
    "background": settings.VERKLARING_UITGEVEN_OP_ACHTERGROND,
}))
"""


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    """``code`` in a new Python process with the project's settings and only ``env`` of the
    scale-out variables set."""
    environment = {k: v for k, v in os.environ.items() if k not in SCALE_OUT_VARIABLES}
    environment.update(env, DJANGO_SETTINGS_MODULE="praktijkwijs.settings")
    return subprocess.run(  # noqa: S603 - our own interpreter and test code
        [sys.executable, "-c", code], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=60
    )


def settings_with(**env: str) -> dict:
    result = run_django(SHOW_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_without_environment_everything_stays_local_as_in_development():
    gezien = settings_with()
    assert gezien["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert gezien["sessions"] == "django.contrib.sessions.backends.db"
    assert gezien["storage"] == "django.core.files.storage.FileSystemStorage"
    assert gezien["tasks"] == "django.tasks.backends.immediate.ImmediateBackend"
    assert gezien["background"] is False


def test_redis_url_gives_the_shared_redis_cache_and_cached_db_sessions():
    gezien = settings_with(REDIS_URL=REDIS_URL)
    assert gezien["cache"] == "praktijkwijs.cache.RedisCache"
    assert gezien["cache_location"] == REDIS_URL
    assert gezien["cache_class"] == "RedisCache"
    assert gezien["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_postgresql_connections_run_without_jit_compilation():
    """JIT compiling cost more than it saved on this app's short queries (settings say why)."""
    assert settings_with(DATABASE_URL="postgres://app@db.example:5432/praktijkwijs")["database_options"] == {
        "options": "-c jit=off"
    }
    assert settings_with(DATABASE_URL="sqlite:///tmp/x.sqlite3")["database_options"] == {}


@pytest.mark.django_db
def test_the_database_connection_has_jit_off():
    if connection.vendor != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_a_bucket_selects_private_s3_storage_with_signed_urls():
    gezien = settings_with(
        MEDIA_S3_BUCKET="praktijkwijs-media",
        MEDIA_S3_ENDPOINT_URL="https://s3.example.nl",
        MEDIA_S3_REGION="nl-ams",
    )
    assert gezien["storage"] == "storages.backends.s3.S3Storage"
    assert gezien["storage_class"] == "S3Storage"  # django-storages and boto3 are installed
    opties = gezien["storage_options"]
    assert opties["bucket_name"] == "praktijkwijs-media"
    assert opties["endpoint_url"] == "https://s3.example.nl"
    assert opties["region_name"] == "nl-ams"
    assert opties["default_acl"] == "private"
    assert opties["querystring_auth"] is True
    assert opties["file_overwrite"] is False


def test_tasks_backend_and_background_issuing_come_from_the_environment():
    gezien = settings_with(TASKS_BACKEND="django_tasks_db.DatabaseBackend", VERKLARING_UITGEVEN_OP_ACHTERGROND="1")
    assert gezien["tasks"] == "django_tasks_db.DatabaseBackend"
    assert gezien["background"] is True


@pytest.mark.skipif(not redis_reachable(), reason="Redis is not running on 127.0.0.1:6379")
def test_a_value_written_to_the_redis_cache_by_one_process_is_read_by_another():
    """Two processes stand for two app servers: what one caches (a rate-limit count, a
    session), the other sees."""
    key = f"scale-out-test-{uuid.uuid4().hex}"
    schrijf = run_django(
        f"import django; django.setup(); from django.core.cache import cache; cache.set({key!r}, 'gedeeld', 30)",
        REDIS_URL=REDIS_URL,
    )
    assert schrijf.returncode == 0, schrijf.stderr
    lees = run_django(
        "import django; django.setup(); from django.core.cache import cache; "
        f"print(cache.get({key!r})); cache.delete({key!r}); print(cache.get({key!r}))",
        REDIS_URL=REDIS_URL,
    )
    assert lees.returncode == 0, lees.stderr
    assert lees.stdout.split() == ["gedeeld", "None"]


@pytest.mark.skipif(not redis_reachable(), reason="Redis is not running on 127.0.0.1:6379")
def test_the_redis_cache_keeps_one_client_for_all_its_calls():
    """Django's backend built a redis-py client per call (praktijkwijs/cache.py says why not)."""
    key = f"scale-out-test-{uuid.uuid4().hex}"
    result = run_django(
        "import django; django.setup(); from django.core.cache import cache; "
        f"cache.set({key!r}, 1, 30); cache.incr({key!r}); print(cache.get({key!r})); cache.delete({key!r}); "
        "print(cache._cache.get_client() is cache._cache.get_client(write=True))",
        REDIS_URL=REDIS_URL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "True"]
