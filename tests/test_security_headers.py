"""Security headers on real responses: a normal page, a 404, and a PDF download; and the
production settings that produce the rest (HSTS, Secure cookies) when DEBUG is off."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import FileResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from praktijkwijs.middleware import SecurityHeadersMiddleware
from tests.conftest import client_voor

BASE_DIR = Path(__file__).resolve().parent.parent


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_common_headers(response) -> None:
    csp = csp_directives(response)
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def productie(settings):
    """What DEBUG=0 switches on, for requests made over HTTPS in the test client."""
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


def test_normal_page_has_security_headers_and_is_not_cached(world, productie):
    response = client_voor(world, "coordinator").get(reverse("trajecten:deelnemers"), secure=True)
    assert response.status_code == 200
    assert_common_headers(response)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "no-store" in response["Cache-Control"]


def test_script_tags_carry_the_nonce_of_the_policy(world):
    response = client_voor(world, "coordinator").get(reverse("trajecten:deelnemers"))
    nonce = next(v for v in csp_directives(response)["script-src"] if v.startswith("'nonce-"))[7:-1]
    html = response.content.decode()
    assert html.count("<script") >= 2
    assert html.count(f'nonce="{nonce}"') == html.count("<script")
    assert "includeIndicatorStyles" in html  # htmx must not inject a <style> the CSP refuses


def test_404_has_security_headers_and_dutch_text(world, productie):
    response = client_voor(world, "coordinator").get("/bestaat-niet/", secure=True)
    assert response.status_code == 404
    assert_common_headers(response)
    assert "Strict-Transport-Security" in response
    assert "Pagina niet gevonden" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_pdf_download_has_security_headers_and_is_not_cached(world, productie):
    from tests.trajecten.builders_verklaringen import geef_uit

    verklaring = geef_uit(world)
    verklaring.refresh_from_db()
    if not verklaring.pdf:
        pytest.skip("issuing did not store a PDF in this build")
    response = client_voor(world, "deelnemer").get(
        reverse("trajecten:verklaring_pdf", args=[verklaring.pk]), secure=True
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_common_headers(response)
    assert "Strict-Transport-Security" in response
    assert "no-store" in response["Cache-Control"]


def test_file_response_to_a_logged_in_user_is_never_cached(world):
    request = RequestFactory().get("/bestand.pdf")
    request.user = world.deelnemer
    response = SecurityHeadersMiddleware(lambda r: FileResponse(iter([b"%PDF-1.7"]), content_type="application/pdf"))(
        request
    )
    assert "no-store" in response["Cache-Control"]
    assert response["Permissions-Policy"]


def test_public_page_for_anonymous_visitor_may_be_cached(db):
    response = Client().get(reverse("landing"))
    assert "no-store" not in response.get("Cache-Control", "")
    assert_common_headers(response)


def test_session_and_csrf_cookies_are_secure_httponly_lax_in_production(world, productie, client):
    from tests.factories import WACHTWOORD

    response = client.post(reverse("login"), {"username": "coordinator", "password": WACHTWOORD}, secure=True)
    assert response.status_code == 302
    sessie = response.cookies["sessionid"]
    assert sessie["secure"] and sessie["httponly"] and sessie["samesite"] == "Lax"
    csrf = client.get(reverse("login"), secure=True).cookies.get("csrftoken")
    if csrf is not None:  # only set when rotated
        assert csrf["secure"] and csrf["samesite"] == "Lax"


PRODUCTIE_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "t3st-" + "x7Kq9!vB2@mZ" * 5,
    "ALLOWED_HOSTS": "praktijkwijs.example.nl",
    "DATABASE_URL": "postgres://praktijkwijs@127.0.0.1:5432/praktijkwijs",
}


def _productie_settings() -> dict:
    code = (
        "import json, praktijkwijs.settings as s;"
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'DEBUG','DEMO_MODE','SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_SSL_REDIRECT',"
        "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','SESSION_COOKIE_SAMESITE',"
        "'CSRF_COOKIE_SAMESITE','TWO_FACTOR_REQUIRED']}))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DEMO_MODE", "TWO_FACTOR_REQUIRED")}
    resultaat = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code],
        env={**env, **PRODUCTIE_ENV},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(resultaat.stdout)


def test_production_environment_switches_on_https_only_settings():
    s = _productie_settings()
    assert s["DEBUG"] is False and s["DEMO_MODE"] is False
    assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SECURE_SSL_REDIRECT"] and s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SESSION_COOKIE_HTTPONLY"] and s["SESSION_COOKIE_SAMESITE"] == "Lax" == s["CSRF_COOKIE_SAMESITE"]
    assert s["TWO_FACTOR_REQUIRED"] is True


def test_production_refuses_to_start_without_secret_key():
    env = {**os.environ, **PRODUCTIE_ENV, "SECRET_KEY": ""}
    resultaat = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import praktijkwijs.settings"], env=env, cwd=BASE_DIR, capture_output=True, text=True
    )
    assert resultaat.returncode != 0 and "SECRET_KEY" in resultaat.stderr
