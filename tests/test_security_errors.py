"""Error pages: Dutch, no technical detail; a database outage answers 503 with Retry-After."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import include, path, reverse

from tests.conftest import client_voor

TECHNISCH = ["Traceback", "OperationalError", "Exception", 'File "', "django.", "SELECT ", "settings"]


def assert_geen_techniek(html: str) -> None:
    for woord in TECHNISCH:
        assert woord not in html, woord


def test_404_is_dutch_and_plain(world):
    response = client_voor(world, "begeleider").get("/trajecten/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html and 'lang="nl"' in html
    assert_geen_techniek(html)


def test_403_is_dutch_and_plain(world):
    response = client_voor(world, "begeleider").get(reverse("overzicht"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    assert_geen_techniek(response.content.decode())


def test_400_is_dutch_and_plain(db):
    response = Client().get(reverse("landing"), headers={"host": "aanvaller.example"})
    assert response.status_code == 400
    assert "begrijpen we niet" in response.content.decode()
    assert_geen_techniek(response.content.decode())


def test_csrf_failure_is_dutch(db):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "formulier is verlopen" in response.content.decode()


def kapot(request):
    raise RuntimeError("geheime details in /srv/praktijkwijs/settings.py")


def database_weg(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def interface_weg(request):
    raise InterfaceError("connection already closed")


# This module doubles as a URLconf: the project's URLs plus views that fail on purpose.
urlpatterns = [
    path("__kapot__/", kapot),
    path("__database_weg__/", database_weg),
    path("__interface_weg__/", interface_weg),
    path("", include("praktijkwijs.urls")),
]
handler500 = "praktijkwijs.views.server_error"


@pytest.fixture
def foute_views(settings):
    settings.ROOT_URLCONF = __name__


def test_500_is_dutch_and_plain(db, foute_views):
    response = Client(raise_request_exception=False).get("/__kapot__/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert "geheime details" not in html
    assert_geen_techniek(html)


@pytest.mark.parametrize("pad", ["/__database_weg__/", "/__interface_weg__/"])
def test_database_outage_in_a_view_answers_503_with_retry_after(db, foute_views, pad, django_assert_num_queries):
    with django_assert_num_queries(0):  # the page itself needs no database
        response = Client().get(pad)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "even niet bereikbaar" in html
    assert "127.0.0.1" not in html
    assert_geen_techniek(html)
    assert "Content-Security-Policy" in response


def test_database_outage_while_loading_the_session_answers_503(world, monkeypatch):
    client = client_voor(world, "coordinator")

    def database_weg(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "load", database_weg)
    client.raise_request_exception = False
    response = client.get(reverse("overzicht"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "even niet bereikbaar" in response.content.decode()
